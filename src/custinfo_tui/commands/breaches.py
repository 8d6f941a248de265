"""`custinfo breach list [--open]` and `custinfo breach show ID` (MP-20).

  breach list [--open]   breaches and their 72-hour clocks: each breach's number, times,
                         clock, decisions and counts, never what happened or any other text
                         typed about it
  breach show ID         one breach's whole record, for the ICO or an audit (Art. 33(5)):
                         when it was found, reported, assessed and closed and by whom, what
                         Art. 33(3) asks the ICO be told, each decision with its reason,
                         the ICO's reference, every saving of the assessment; its texts too

Acts for the data protection officer named with `--as USERNAME` (`commands/acting.py`), as
the desk does in their name; the listing is recorded in the audit trail under them, with
its count, the record read as `breach.shown`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import DATA_PROTECTION, acting_options, run_as
from custinfo_tui.domain.text import printable_in_lines
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.breaches import BreachView
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

COLUMNS = (
    "breach",
    "discovered",
    "tell ICO by",
    "clock",
    "risk",
    "ICO",
    "individuals",
    "people",
    "customers",
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `breach list` to the `custinfo` command."""
    breach = subparsers.add_parser(
        "breach",
        parents=[common],
        help="personal-data breaches: their 72-hour clocks, and each one's record",
    )
    actions = breach.add_subparsers(dest="breach_command", metavar="SUBCOMMAND", required=True)
    listing = actions.add_parser(
        "list",
        parents=[common, acting_options("a data protection officer's")],
        help="breaches, overdue clocks first (times in UTC)",
    )
    listing.add_argument("--open", action="store_true", help="only breaches not yet closed")
    show = actions.add_parser(
        "show",
        parents=[common, acting_options("a data protection officer's")],
        help="one breach's whole record, as the ICO may ask for it (times in UTC)",
    )
    show.add_argument("id", type=int, metavar="ID", help="the breach's number")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo breach list` or `show` as the data protection officer `--as` names;
    the exit status."""
    from custinfo_tui.commands.database import current_database

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory, args, DATA_PROTECTION, lambda actor: _run(args, uow_factory, actor)
        )


def _run(args: argparse.Namespace, uow_factory: UnitOfWorkFactory, actor: Actor) -> int:
    from custinfo_tui.services.breaches import breach_record, list_breaches
    from custinfo_tui.services.errors import NotFound, ServiceError

    if args.breach_command == "show":
        try:
            record = breach_record(uow_factory(), actor, args.id)
        except NotFound as error:  # a breach's number: the list gives them
            return fail(f"{error} `custinfo breach list` lists them.")
        except ServiceError as error:
            return fail(str(error))
        # The record holds text typed about the breach: made inert, its lines kept.
        print(printable_in_lines(record.as_text()))
        return 0
    found = list_breaches(uow_factory(), actor, open_only=args.open)
    _print_table(found, open_only=args.open)
    return 0


def _print_table(found: list[BreachView], *, open_only: bool) -> None:
    if not found:
        print("No open breaches." if open_only else "No breaches reported.")
        return
    rows = [COLUMNS, *(_cells(view) for view in found)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    overdue = sum(1 for view in found if view.overdue)
    late = sum(1 for view in found if view.ico_late_by)
    told_late = f", {late} told the ICO late" if late else ""
    due = sum(1 for view in found if view.individuals_due)
    to_tell = f", {due} high risk with the people to tell" if due else ""
    which = "open breach" if open_only else "breach"
    noun = which if len(found) == 1 else f"{which}es"
    print(f"{len(found):,} {noun}, {overdue} overdue{told_late}{to_tell}: overdue clocks first.")


def _cells(view: BreachView) -> tuple[str, ...]:
    return (
        str(view.id),
        view.discovered_at.strftime("%Y-%m-%d %H:%M"),
        view.deadline.strftime("%Y-%m-%d %H:%M"),
        view.clock,
        view.risk.value.replace("_", " ") if view.risk else "-",  # "high risk", not a code
        view.ico_short,  # "not told", not a code; "told 16 h late" once past 72 hours
        view.individuals.value.replace("_", " ") if view.individuals else "-",
        "?" if view.people_affected is None else str(view.people_affected),
        str(len(view.customer_references)),
    )
