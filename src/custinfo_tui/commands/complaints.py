"""`custinfo complaints list [--overdue]`: the open complaints and what is owed next (MP-19).

Acts for the supervisor named with `--as USERNAME` (`commands/acting.py`), who works the
complaints on the console's queue; the listing is recorded in the audit trail under them,
with its count. Shows the customer's reference and the
complaint's category and stage, never the complaint's text or other personal values, and
how far the caller was verified in the call it was raised in, read from the event stream
as the console's queue reads it ("Caller not verified (locked: possible fraud)"): the real
customer may never have complained.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, role_may, run_as
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.complaints import ComplaintPolicy, DueComplaint
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

COLUMNS = ("reference", "category", "stage", "received", "owed next", "days left", "caller")

#: The last column for a complaint raised outside a call.
NO_CALL = "outside a call"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `complaints list` to the `custinfo` command."""
    complaints = subparsers.add_parser(
        "complaints", parents=[common], help="list open complaints and what is owed next"
    )
    actions = complaints.add_subparsers(
        dest="complaints_command", metavar="SUBCOMMAND", required=True
    )
    listing = actions.add_parser(
        "list",
        parents=[common, acting_options("a supervisor's")],
        help="open complaints, the soonest answer due first",
    )
    listing.add_argument(
        "--overdue", action="store_true", help="only complaints with an answer overdue"
    )


#: Who lists the open complaints: supervisors, who work them on the queue.
SUPERVISORS = WhoMay(role_may("WORK_QUEUE"), "only a supervisor can list the open complaints.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo complaints list` as the supervisor `--as` names; the exit status."""
    from custinfo_tui.commands.database import current_database
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.policy import load_complaints

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        try:  # a policy file in error is said before the password is asked for
            policy = load_complaints(settings.policy_file)
        except ServiceError as error:
            return fail(str(error))
        return run_as(
            uow_factory, args, SUPERVISORS, lambda actor: _list(args, uow_factory, actor, policy)
        )


def _list(
    args: argparse.Namespace,
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    policy: ComplaintPolicy,
) -> int:
    from datetime import UTC, datetime

    from custinfo_tui.services.complaints import due_complaints

    today = datetime.now(UTC).date()
    due = due_complaints(uow_factory(), actor, policy, today, overdue_only=args.overdue)
    _print_table(due, overdue_only=args.overdue)
    return 0


def _print_table(due: list[DueComplaint], *, overdue_only: bool) -> None:
    if not due:
        print("No complaints overdue." if overdue_only else "No open complaints.")
        return
    rows = [COLUMNS, *(_cells(item) for item in due)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    noun = "complaint" if len(due) == 1 else "complaints"
    print(f"{len(due):,} {noun}, the soonest answer due first.")


def _cells(item: DueComplaint) -> tuple[str, ...]:
    # Categories and stages come from the policy, but stored text is shown inert anyway.
    return tuple(
        printable(cell)
        for cell in (
            item.customer_reference,
            item.category,
            item.stage,
            item.received_at.strftime("%Y-%m-%d"),
            item.described,
            "" if item.days_left is None else str(item.days_left),
            item.caller.briefly() if item.caller.on_call else NO_CALL,
        )
    )
