"""`custinfo breach list [--open]`: breaches and their 72-hour clocks (MP-20).

Acts for the data protection officer named with `--as USERNAME` (`commands/acting.py`), as
the desk does in their name; the listing is recorded in the audit trail under them, with
its count. Shows each breach's number, times, clock,
decisions and counts, never what happened or any other text typed about it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import DATA_PROTECTION, acting_options, run_as

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
        "breach", parents=[common], help="list personal-data breaches and their 72-hour clocks"
    )
    actions = breach.add_subparsers(dest="breach_command", metavar="SUBCOMMAND", required=True)
    listing = actions.add_parser(
        "list",
        parents=[common, acting_options("a data protection officer's")],
        help="breaches, overdue clocks first (times in UTC)",
    )
    listing.add_argument("--open", action="store_true", help="only breaches not yet closed")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo breach list` as the data protection officer `--as` names; the exit
    status."""
    from custinfo_tui.commands.database import current_database

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory, args, DATA_PROTECTION, lambda actor: _list(args, uow_factory, actor)
        )


def _list(args: argparse.Namespace, uow_factory: UnitOfWorkFactory, actor: Actor) -> int:
    from custinfo_tui.services.breaches import list_breaches

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
    which = "open breach" if open_only else "breach"
    noun = which if len(found) == 1 else f"{which}es"
    print(f"{len(found):,} {noun}, {overdue} overdue{told_late}: overdue clocks first.")


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
