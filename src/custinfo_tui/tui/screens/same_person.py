"""Asking a supervisor to merge two records of one person, from the lookup (MP-13).

On the results, `Ctrl+E` on one of two records of the same person (the lookup lists "John
Smith" twice, the same date of birth and postcode): which other record listed is the same
person, then why, in a few words. The request goes to the supervisor queue as a possible
duplicate (services/same_person.py), who compares and merges the two from there; nothing
of either record is opened, and nothing is for the caller. Sent, the line over the results
says so, and the search stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.same_person import SAME_PERSON_REASON_NEEDED, asked_words
from custinfo_tui.tui.screens.choose import ChoiceScreen, ReasonScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp

#: A record as the lookup lists it: its id, who it is ("John Smith (1001 2345 P)") and
#: its whole row in words, the masked postcode and phone a handler tells two apart by.
Listed = tuple[int, str, str]

#: Said when the lookup lists fewer than two records: there is no other to choose.
FIND_BOTH_FIRST = (
    "Find both records first: search so that the lookup lists the two, then Ctrl+E on one of them."
)


def ask_to_merge(
    screen: Screen[Any],
    actor: Actor,
    highlighted: Listed,
    listed: Sequence[Listed],
    *,
    tell: Callable[[str], object],
) -> None:
    """Ask which of the other records `listed` is the same person as the `highlighted`
    one, then why; send it, and `tell` what was sent."""
    customer_id, shown, _ = highlighted
    others = [(words, other_id) for other_id, _, words in listed if other_id != customer_id]
    if not others:
        screen.notify(FIND_BOTH_FIRST, markup=False)
        return

    def chosen(other_id: int | None) -> None:
        if other_id is not None:
            screen.app.push_screen(_reason_screen(shown), lambda why: given(other_id, why))

    def given(other_id: int, why: str | None) -> None:
        if why is not None:
            screen.run_worker(
                lambda: _send(screen, actor, customer_id, other_id, why, tell),
                thread=True,
                group="same-person",
                exit_on_error=False,
            )

    screen.app.push_screen(
        ChoiceScreen(
            "Same person: ask a supervisor to merge",
            f"Which record listed is the same person as {shown}? A supervisor compares the "
            "two and merges them; nothing changes until then. Tell the caller nothing of the "
            "other record.",
            others,
        ),
        chosen,
    )


def _reason_screen(shown: str) -> ReasonScreen:
    return ReasonScreen(
        "Same person: ask a supervisor to merge",
        f"Why are they the same person as {shown}? The supervisor reads this on the queue.",
        "Why they are the same person",
        SAME_PERSON_REASON_NEEDED,
        key="Send",
    )


def _send(
    screen: Screen[Any],
    actor: Actor,
    customer_id: int,
    other_id: int,
    why: str,
    tell: Callable[[str], object],
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt("ask for the merge", services.ask_to_merge, actor, customer_id, other_id, why)
    tell_handler(screen, result)
    if result.value is not None:
        screen.app.call_from_thread(tell, asked_words(result.value))
