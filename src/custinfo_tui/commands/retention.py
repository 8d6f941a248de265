"""`custinfo retention run [--dry-run]` and `custinfo retention due [--days N]` (MP-15;
docs/data-protection.md): by data category, how many records and values are (or would be)
anonymised and why, and what falls due soon. Acts as the system; the run and the dry run
are on the audit trail with their counts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.count_argument import count_argument
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.data_protection.retention import RetentionReport
    from custinfo_tui.settings import Settings


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `retention run` and `retention due` to the `custinfo` command."""
    retention = subparsers.add_parser(
        "retention", parents=[common], help="anonymise data whose retention period has passed"
    )
    actions = retention.add_subparsers(
        dest="retention_command", metavar="SUBCOMMAND", required=True
    )
    run = actions.add_parser("run", parents=[common], help="anonymise what has fallen due")
    run.add_argument(
        "--dry-run", action="store_true", help="report what would be anonymised; change nothing"
    )
    due = actions.add_parser("due", parents=[common], help="what falls due in the next days")
    due.add_argument(
        "--days", type=count_argument(0), default=30, help="how many days ahead (default 30)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo retention ...`; the exit status."""
    from datetime import UTC, datetime

    from custinfo_tui.commands.database import current_database
    from custinfo_tui.domain.text import counted
    from custinfo_tui.services import retention
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.policy import load_retention

    now = datetime.now(UTC)
    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        try:
            policy = load_retention(settings.policy_file)
        except ServiceError as error:
            return fail(str(error))
        if args.retention_command == "due":
            for line in retention.due_soon(uow_factory(), None, policy, now, days=args.days):
                first = f", the first on {line.first_due:%d %b %Y}" if line.first_due else ""
                if line.first_due is not None and line.first_due < now.date():
                    first += " (overdue: the next `retention run` anonymises it)"
                print(f"{line.category.label}: {counted(line.records, 'record')}{first}")
            return 0
        report = retention.run_retention(uow_factory(), None, policy, now, dry_run=args.dry_run)
    print_report(report)
    return 0


def print_report(report: RetentionReport) -> None:
    """The run's report as `custinfo retention run` prints it."""
    from custinfo_tui.domain.text import counted

    for line in report.categories:
        why = "; ".join(line.reasons) or "nothing due"
        held = f", {line.held:,} held" if line.held else ""
        print(
            f"{line.category.label}: {counted(line.records, 'record')}, "
            f"{counted(line.values, 'value')}{held} ({why})"
        )
    if report.disclosures_closed:
        numbers = ", ".join(str(n) for n in report.disclosures_closed)
        requests = counted(len(report.disclosures_closed), "third-party request")
        verb = "would be closed" if report.dry_run else "closed"
        print(f"{requests} ({numbers}) {verb}: the record was erased.")
    if report.dry_run:
        print("Dry run: nothing was changed.")
    else:
        values, records = counted(report.values, "value"), counted(report.records, "record")
        print(f"Anonymised {values} in {records}.")
