"""`custinfo disclosures ...`: the third-party disclosure log (MP-17).

  disclosures list [--pending]            every request, oldest first, with its status
  disclosures withdraw ID --reason TEXT   close a waiting request its requester withdrew

Acts for the operator named with `--as USERNAME` (`commands/acting.py`): a data protection
officer or a supervisor, who decide these requests on the desk; the listing is recorded in
the audit trail under them, with its count. Shows each request's number, the customer's
reference, the organisation, the lawful basis, the fields asked for and those approved by
name, the status and the dates, and the call it was recorded in ("the phone call of
14:02"; `-` outside a call); never a customer's value, nor what the requester typed
beyond who they are.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, run_as
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.disclosures import Disclosure
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

COLUMNS = (
    "id",
    "reference",
    "recorded",
    "organisation",
    "basis",
    "fields",
    "approved",
    "status",
    "by",
    "recorded in",
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `disclosures list` and `disclosures withdraw` to the `custinfo` command."""
    parents = [common, acting_options("a data protection officer's or a supervisor's")]
    disclosures = subparsers.add_parser(
        "disclosures", parents=[common], help="the third-party disclosure requests"
    )
    actions = disclosures.add_subparsers(
        dest="disclosures_command", metavar="SUBCOMMAND", required=True
    )
    listing = actions.add_parser(
        "list", parents=parents, help="every request, oldest first, with its status"
    )
    listing.add_argument(
        "--pending", action="store_true", help="only requests waiting for a decision"
    )
    withdraw = actions.add_parser(
        "withdraw",
        parents=parents,
        help="close a request waiting for a decision: its requester withdrew it",
    )
    withdraw.add_argument(
        "id", type=int, help="the request's number, as `custinfo disclosures list` shows it"
    )
    withdraw.add_argument("--reason", required=True, help="what the requester said")


def _may_decide(actor: Actor) -> bool:
    from custinfo_tui.services.disclosure_deciders import may_approve

    return may_approve(actor)


#: Who decides disclosure requests, on the desk and here (`may_approve`).
DECIDERS = WhoMay(
    _may_decide, "only a data protection officer or a supervisor can handle disclosure requests."
)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo disclosures ...` as the operator `--as` names; the exit status."""
    from custinfo_tui.commands.database import current_database

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(uow_factory, args, DECIDERS, lambda actor: _run(args, uow_factory, actor))


def _run(args: argparse.Namespace, uow_factory: UnitOfWorkFactory, actor: Actor) -> int:
    from custinfo_tui.domain.validation import FieldError
    from custinfo_tui.services.disclosures import list_disclosures, withdraw_disclosure
    from custinfo_tui.services.errors import ServiceError

    if args.disclosures_command == "withdraw":
        try:
            withdrawn = withdraw_disclosure(uow_factory(), actor, args.id, args.reason)
        except (ServiceError, FieldError) as error:
            return fail(str(error))
        print(f"Request {withdrawn.id} closed as withdrawn; nothing was released.")
        return 0
    found = list_disclosures(uow_factory(), actor, pending_only=args.pending)
    _print_table(found, pending_only=args.pending)
    return 0


def _print_table(found: list[Disclosure], *, pending_only: bool) -> None:
    if not found:
        print("No requests waiting for a decision." if pending_only else "No requests.")
        return
    rows = [COLUMNS, *(_cells(item) for item in found)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    noun = "request" if len(found) == 1 else "requests"
    print(f"{len(found):,} {noun}, oldest first.")


def _cells(item: Disclosure) -> tuple[str, ...]:
    decided = f"{item.decided_by} {item.decided_at:%Y-%m-%d}" if item.decided_at else "-"
    return tuple(
        printable(cell)
        for cell in (
            str(item.id),
            item.customer_reference,
            item.requested_at.strftime("%Y-%m-%d"),
            item.organisation,
            item.lawful_basis,
            ", ".join(item.field_labels),
            ", ".join(item.approved_labels) or "-",
            item.status.label,
            decided,
            item.recorded_in_call() or "-",
        )
    )
