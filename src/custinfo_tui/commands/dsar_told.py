"""`custinfo dsar told ID --disclosure N (--on DAY | --not-told WHY)`: the desk's T, a
recipient of the record's data recorded as told of what an erasure, rectification or
restriction request changed (UK GDPR Art. 19), or why telling them is impossible or
involves disproportionate effort (services/recipients_told.py). What is said names the
recipient and the day, never the why not typed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.day_argument import DAY_FORMATS, day_argument

if TYPE_CHECKING:
    from datetime import date

    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: The option each box of the service's is given with.
_OPTIONS = {"disclosure": "--disclosure", "told_on": "--on", "why_not": "--not-told"}


def register_told(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
    request_number: str,
) -> None:
    """Add `dsar told` to `custinfo dsar`."""
    told = actions.add_parser(
        "told",
        parents=parents,
        help="record a recipient of the record's data told of an erasure, rectification or "
        "restriction (Art. 19), or why not",
    )
    told.add_argument("id", type=int, help=request_number)
    told.add_argument(
        "--disclosure",
        type=int,
        required=True,
        metavar="N",
        help="the released third-party disclosure whose recipient was told, by its number "
        "(`custinfo disclosures list`)",
    )
    how = told.add_mutually_exclusive_group(required=True)
    how.add_argument(
        "--on", type=day_argument, metavar="DAY", help=f"the day they were told ({DAY_FORMATS})"
    )
    how.add_argument(
        "--not-told",
        metavar="WHY",
        help="why telling them is impossible or would involve disproportionate effort",
    )


def record_told(
    uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace, today: date
) -> str:
    """`dsar told`: what was recorded, by the recipient's organisation and the day."""
    from custinfo_tui.domain.validation import FieldError, FieldProblems
    from custinfo_tui.services.recipients_told import record_recipient_told

    try:
        told = record_recipient_told(
            uow_factory(), actor, args.id, args.disclosure, args.on, args.not_told or "", today
        )
    except FieldProblems as problems:  # said with the option at fault
        said = [f"{_OPTIONS.get(key, key)}: {why}" for key, why in problems.problems.items()]
        raise FieldError(" ".join(said)) from None
    recipient = next(r for r in told.recipients if r.disclosure_id == args.disclosure)
    done = (
        f"told on {recipient.told_on:%Y-%m-%d}"
        if recipient.told_on is not None
        else "not told: impossible or disproportionate effort"
    )
    return (
        f"{told.right.request_name} {told.id}: {recipient.organisation} (disclosure "
        f"{recipient.disclosure_id}) recorded as {done} (Art. 19)."
    )
