"""`custinfo audit`: check the audit trail's hash chain, and show events from it (MP-10).

`verify` and `seal` act as the system, jobs with no one behind them (a nightly check, a seal
to anchor). `show` reads what operators did about people, so it acts for the operator named
with `--as USERNAME` (`commands/acting.py`), one whose role views the trail on the console,
and is recorded in the trail under them, by filter names and result count only. The
seals kept outside the database, and the anchor files holding them, are `audit_anchors.py`'s.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, role_may, run_as
from custinfo_tui.commands.audit_anchors import (
    add_to_anchor_file,
    anchor_argument,
    anchor_file_problem,
    anchor_line,
    read_anchors,
)
from custinfo_tui.commands.day_argument import DAY_FORMATS, day_argument
from custinfo_tui.domain.actions import MAX_TRAIL_RESULTS, AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import counted, printable
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from custinfo_tui.domain.audit_chain import ChainReport
    from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

# The database libraries are imported when a subcommand runs, not when `custinfo` builds
# its parser: starting the console must not wait for them (docs/performance.md).

DEFAULT_LIMIT = 50
COLUMNS = ("time (UTC)", "operator", "action", "customer", "fields", "reason", "outcome", "facts")
#: No column is padded wider than this.
_WIDEST_PADDED = 40


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `audit verify`, `audit seal` and `audit show` to the `custinfo` command."""
    audit = subparsers.add_parser(
        "audit",
        parents=[common],
        help="verify the audit trail, seal it to check it against later, or show events from it",
    )
    actions = audit.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = actions.add_parser(
        "verify",
        parents=[common],
        help="check that no audit event was changed, removed or reordered",
    )
    verify.add_argument(
        "--anchor",
        action="append",
        type=anchor_argument,
        default=[],
        metavar="SEAL:HASH",
        help="a seal recorded outside the database (as `audit seal` prints it); repeatable",
    )
    verify.add_argument(
        "--anchors",
        type=Path,
        metavar="FILE",
        help="a file of seals recorded outside the database (as `audit seal --anchor-file` "
        "writes it)",
    )
    seal = actions.add_parser(
        "seal",
        parents=[common],
        help="seal the audit chains as they stand, and print the seal to keep elsewhere",
    )
    seal.add_argument(
        "--anchor-file",
        type=Path,
        metavar="FILE",
        help="also append the seal to FILE (keep it off this database's machine)",
    )
    show = actions.add_parser(
        "show",
        parents=[common, acting_options("a supervisor's, a DPO's or an administrator's")],
        help="list audit events, newest first, with filters",
    )
    show.add_argument("--operator", metavar="USERNAME", help="events by this operator (or id)")
    show.add_argument("--customer", metavar="REFERENCE", help="events about this customer")
    show.add_argument(
        "--about-operator",
        metavar="USERNAME",
        help="operator.* events about this operator's login (added, disabled, refused...)",
    )
    show.add_argument(
        "--action",
        type=_action,
        metavar="ACTION",
        help="events of this kind, e.g. customer.viewed",
    )
    show.add_argument(
        "--since", type=day_argument, metavar="DAY", help=f"from this UTC day ({DAY_FORMATS})"
    )
    show.add_argument("--until", type=day_argument, metavar="DAY", help="up to this UTC day")
    show.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N events (default {DEFAULT_LIMIT}; up to {MAX_TRAIL_RESULTS:,})",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo audit verify`, `seal` or `show`; the exit status."""
    from custinfo_tui.commands.database import current_database
    from custinfo_tui.domain.events import AuditTrailFilters
    from custinfo_tui.services.audit import newest_seal, seal, verify_chain

    if args.audit_command == "verify":
        try:
            anchors = dict(args.anchor)
            if args.anchors is not None:
                anchors.update(read_anchors(args.anchors))
        except (OSError, ValueError) as error:
            return fail(str(error))
    anchor_file = args.anchor_file if args.audit_command == "seal" else None
    if anchor_file is not None and (problem := anchor_file_problem(anchor_file)):
        return fail(problem)  # before anything is sealed
    # Verifying only reads: a backup checked with it stays byte for byte as it was.
    read_only = args.audit_command == "verify"
    with current_database(settings, read_only=read_only) as uow_factory:
        if uow_factory is None:
            return 1
        if args.audit_command == "verify":
            return print_report(verify_chain(uow_factory(), anchors=anchors))
        if args.audit_command == "seal":
            made = seal(uow_factory())
            if made is None:
                # The consoles seal every minute: in a quiet hour the newest seal is theirs,
                # and an anchor file that skipped it would anchor nothing at all.
                newest = newest_seal(uow_factory()) if args.anchor_file is not None else None
                if newest is None:
                    print("Nothing new to seal: the newest seal covers every event.")
                    return 0
                made = newest
                print("Nothing new to seal: the newest seal covers every event.")
            line = anchor_line(made.content.id, made.hash, made.content.sealed_at)
            print(line)
            if args.anchor_file is not None:
                return add_to_anchor_file(args.anchor_file, line)
            return 0
        filters = AuditTrailFilters(
            operator=args.operator,
            customer_reference=args.customer,
            about_operator=args.about_operator,
            action=AuditAction(args.action) if args.action else None,
            since=args.since,
            until=args.until,
            limit=args.limit,
        )
        return run_as(uow_factory, args, AUDITORS, lambda actor: _show(uow_factory, actor, filters))


#: Who searches the trail: the roles that view it on the console (`Permission.VIEW_AUDIT`).
AUDITORS = WhoMay(
    role_may("VIEW_AUDIT"),
    "only a supervisor, a data protection officer or an administrator can read the trail.",
)


def _show(uow_factory: UnitOfWorkFactory, actor: Actor, filters: AuditTrailFilters) -> int:
    """`audit show`, searched as `actor`; a refusal said, status 1."""
    from custinfo_tui.services.audit import search_events
    from custinfo_tui.services.errors import ServiceError

    try:
        entries = search_events(uow_factory(), actor, filters)
    except (ServiceError, FieldError) as error:
        return fail(str(error))
    _print_table(entries)
    return 0


def print_report(report: ChainReport) -> int:
    """Say what `verify_chain` found, as `custinfo audit verify` does; the exit status."""
    from custinfo_tui.domain.audit_chain import IDS_SKIP, ChainProblem

    if report.ok:
        say(
            f"Audit trail OK: {counted(report.events_checked, 'event')} in "
            f"{counted(report.chains_used, 'chain')} and "
            f"{counted(report.seals_checked, 'seal')} verified."
        )
        if report.last_verified_event_id is not None:
            say(f"Newest event #{report.last_verified_event_id}, hash {report.last_verified_hash}")
        if report.ids_skip:
            say(IDS_SKIP)
        if report.newest_seal_id is not None and report.newest_seal_hash is not None:
            say(
                f"Newest seal (keep it outside the database): {report.newest_seal_id}:"
                f"{report.newest_seal_hash}"
            )
        if report.newest_seal_id is None:
            say("Not sealed yet: consoles seal every minute, or run `custinfo audit seal`.")
        elif report.unsealed_events:
            newer = counted(report.unsealed_events, "event")
            verb = "is" if report.unsealed_events == 1 else "are"
            say(f"{newer} {verb} newer than the newest seal.")
        return 0
    if report.problem is ChainProblem.UNREADABLE:
        say(f"Audit trail NOT verified: {report.explanation}.")
        return 1
    if report.problem is ChainProblem.RESTORED:
        return _print_set_aside(report)
    if report.first_bad_event_id is not None:
        where = f"event #{report.first_bad_event_id}"
    elif report.first_bad_seal_id is not None:
        where = f"seal #{report.first_bad_seal_id}"
    else:
        where = "a chain head"
    problem = report.problem.value if report.problem else "broken"
    say(f"Audit trail BROKEN at {where} ({problem}): {report.explanation}.")
    say(f"{counted(report.events_checked, 'event')} checked.")
    return 1


def _print_set_aside(report: ChainReport) -> int:
    """A trail that verifies but whose anchors after a restore it records do not match:
    not verified against them (exit status 1), and not called broken either, since those
    anchors were taken of the database the restore replaced (docs/backups.md)."""
    aside = report.anchors_set_aside
    seals = f"seal #{aside[0]}" if len(aside) == 1 else f"seals #{aside[0]} to #{aside[-1]}"
    say(
        f"Audit trail NOT verified against {counted(len(aside), 'anchor')} ({seals}): "
        f"{report.explanation}.",
        f"The rest verified: {counted(report.events_checked, 'event')} in "
        f"{counted(report.chains_used, 'chain')} and {counted(report.seals_checked, 'seal')}, "
        "the other anchors among them.",
    )
    return 1


def _print_table(entries: list[AuditTrailEntry]) -> None:
    if not entries:
        print("No audit events match.")
        return
    rows = [COLUMNS, *(_cells(entry) for entry in entries)]
    # A column is padded to its widest cell up to a point: one long reason is printed whole
    # on its own line rather than widening every line of the listing to match it.
    widths = [min(max(len(row[i]) for row in rows), _WIDEST_PADDED) for i in range(len(COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(f"{counted(len(entries), 'event')}, newest first.")


def _cells(entry: AuditTrailEntry) -> tuple[str, ...]:
    # Stored text, whatever route it took into the database: inert on the terminal.
    return tuple(
        printable(cell)
        for cell in (
            entry.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.operator,
            entry.action,
            format_reference(entry.customer_reference) if entry.customer_reference else "",
            ", ".join(entry.fields),
            entry.reason or "",
            entry.outcome,
            entry.facts(),
        )
    )


def _action(text: str) -> str:
    """A kind of event by its name; a name not known says the nearest ones, not all 80."""
    known = [action.value for action in AuditAction]
    if text in known:
        return text
    near = (
        difflib.get_close_matches(text, known, n=3, cutoff=0.7)
        or [name for name in known if text.lower() in name][:6]
        or [name for name in known if name.startswith(text.split(".", 1)[0] + ".")][:6]
    )
    hint = f"; did you mean {', '.join(near)}?" if near else "; e.g. customer.viewed"
    raise argparse.ArgumentTypeError(f"no kind of event is called {text!r}{hint}")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_TRAIL_RESULTS:
        raise argparse.ArgumentTypeError(f"use a number from 1 to {MAX_TRAIL_RESULTS:,}")
    return value
