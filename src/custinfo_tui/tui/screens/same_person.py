"""Asking a supervisor to merge two records of one person, from the lookup or a record
(MP-13).

On the results, `Ctrl+E` on one of two records of the same person (the lookup lists "John
Smith" twice, the same date of birth and postcode): which other record listed is the same
person, then why, in a few words. The request goes to the supervisor queue as a possible
duplicate (services/same_person.py), who compares and merges the two from there; nothing
of either record is opened, and nothing is for the caller. Sent, the line over the results
says so, and the search stays as it was. A supervisor's `Ctrl+E` there merges the two
instead (`merge_listed`, screens/merge_start.py): they would be asking themselves.

On an open record, `Ctrl+E` (*Same person*) first searches for the other record, as the
lookup does (`ask_from_record`): the records found, but the open one, are listed as the
lookup lists them, then the same choice, reason and request follow.

A supervisor in a call may not merge there (a merge is outside a call): their `Ctrl+E`
sends the same request, to the queue they work themselves, worded for them
(`AFTER_THE_CALL`): the two wait there to be merged once the call is wrapped up, where
"ask a supervisor to merge" had them asking themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from weakref import WeakKeyDictionary

from textual.screen import Screen

from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.same_person import (
    SAME_PERSON_REASON_NEEDED,
    MergeAsked,
    asked_words,
    queued_words,
)
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.tui.screens.choose import ChoiceScreen, ReasonScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen, FormField, FormSaved
from custinfo_tui.tui.service_calls import Attempt, attempt, tell_handler

if TYPE_CHECKING:
    from custinfo_tui.domain.customers import CustomerMatch
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp

#: A record as the lookup lists it: its id, who it is ("John Smith (1001 2345 P)") and
#: its whole row in words, the masked postcode and phone a handler tells two apart by.
Listed = tuple[int, str, str]


@dataclass(frozen=True)
class Asking:
    """What the questions say, by who asks: the title, what sending it leads to (after
    "Which record listed is the same person as ...?"), who reads the reason (after "Why
    are they the same person as ...?"), and the words once it is sent."""

    title: str
    leads_to: str
    read_by: str
    said: Callable[[MergeAsked], str]


#: A handler (or a trainer), who may not merge: a supervisor is asked to.
ASK_A_SUPERVISOR = Asking(
    "Same person: ask a supervisor to merge",
    "A supervisor compares the two and merges them; nothing changes until then.",
    "The supervisor reads this on the queue.",
    asked_words,
)

#: A supervisor in a call, whose merge waits for the call to end: the same request, on
#: the queue they work themselves.
AFTER_THE_CALL = Asking(
    "Same person: merge once the call is wrapped up",
    "A merge waits for the call to end: the two go on the supervisor queue, to compare "
    "and merge once it is wrapped up (Ctrl+G, then Enter on the item); nothing changes "
    "until then.",
    "It is kept on the queue item, read when the two are merged.",
    queued_words,
)

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
    sent: Callable[[MergeAsked], object],
    asking: Asking = ASK_A_SUPERVISOR,
) -> None:
    """Ask which of the other records `listed` is the same person as the `highlighted`
    one, then why, in the words of `asking`; send it, and hand `sent` the request sent,
    for the screen to say."""
    customer_id, shown, _ = highlighted
    others = [(words, other_id) for other_id, _, words in listed if other_id != customer_id]
    if not others:
        screen.notify(FIND_BOTH_FIRST, markup=False)
        return

    def chosen(other_id: int | None) -> None:
        if other_id is not None:
            asked = _reason_screen(asking, shown, _REFUSED_REASONS.get(screen, ""))
            screen.app.push_screen(asked, lambda why: given(other_id, why))

    def given(other_id: int, why: str | None) -> None:
        if why is not None:
            screen.run_worker(
                lambda: _send(screen, actor, customer_id, other_id, why, sent),
                thread=True,
                group="same-person",
                exit_on_error=False,
            )

    screen.app.push_screen(
        ChoiceScreen(
            asking.title,
            f"Which record listed is the same person as {shown}? {asking.leads_to} Tell the "
            "caller nothing of the other record.",
            others,
        ),
        chosen,
    )


def ask_from_record(
    screen: Screen[Any],
    actor: Actor,
    open_record: Listed,
    *,
    sent: Callable[[MergeAsked], object],
    asking: Asking = ASK_A_SUPERVISOR,
) -> None:
    """From the `open_record`: search for the other record as the lookup does (the search
    audited as the lookup's), then ask which record found is the same person, and why, as
    `ask_to_merge` does from the lookup's results."""
    customer_id, shown, _ = open_record
    services = cast("CustinfoApp", screen.app).services()

    def search(values: dict[str, str]) -> Attempt[object]:
        result = attempt("search", services.search_customers, actor, values["other-search"])
        if result.value is None:  # said on the form, which keeps what was typed
            return Attempt(error=result.error, refusal=result.refusal)
        others = [listed(m) for m in result.value.matches if m.customer_id != customer_id]
        if not others:
            found = result.value.message or "No other record matches."
            return Attempt(error=found, invalid=FieldProblems({"search": f"{found} {_RETRY}"}))
        return Attempt(value=others)

    def found(saved: FormSaved | None) -> None:
        if saved is not None and isinstance(saved.value, list):
            both = [open_record, *saved.value]
            ask_to_merge(screen, actor, open_record, both, sent=sent, asking=asking)

    form = DeskFormScreen(
        asking.title,
        f"Which other record is {shown} too? Search for it as on the lookup: a name, a "
        "phone, an e-mail, a postcode or a reference. Nothing of it is opened.",
        [FormField("other-search", "Search for the other record", _EXAMPLE, limit=100,
                   key="search")],
        search,
        go=("Find", "List the records the search finds, to choose the same person"),
    )  # fmt: skip
    screen.app.push_screen(form, found)


def listed(match: CustomerMatch) -> Listed:
    """A record found, as the lookup lists it: "John Smith (1001 2345 P), SE1 2**, ...123"."""
    who = f"{match.display_name} ({format_reference(match.reference)})"
    rest = [match.masked_postcode, f"...{match.phone_hint}" if match.phone_hint else None]
    return match.customer_id, who, ", ".join([who, *(each for each in rest if each)])


_EXAMPLE = "e.g. john smith, 07700 900123 or 1001 2345 P"
_RETRY = "Search again: a name, a phone, a postcode or a reference."


#: The reason typed for a request the service refused, by the screen it was asked from (a
#: record merged since it was listed, two records on the queue already): asked again
#: there, the reason box starts from it instead of empty. A request sent forgets it.
_REFUSED_REASONS: WeakKeyDictionary[Screen[Any], str] = WeakKeyDictionary()


def _reason_screen(asking: Asking, shown: str, typed: str) -> ReasonScreen:
    return ReasonScreen(
        asking.title,
        f"Why are they the same person as {shown}? {asking.read_by}",
        "Why they are the same person",
        SAME_PERSON_REASON_NEEDED,
        key="Send",
        value=typed,
    )


def _send(
    screen: Screen[Any],
    actor: Actor,
    customer_id: int,
    other_id: int,
    why: str,
    sent: Callable[[MergeAsked], object],
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt("ask for the merge", services.ask_to_merge, actor, customer_id, other_id, why)
    tell_handler(screen, result)
    if result.value is not None:
        screen.app.call_from_thread(_REFUSED_REASONS.pop, screen, None)
        screen.app.call_from_thread(sent, result.value)
    else:  # refused: kept, so asking again starts from it
        screen.app.call_from_thread(_REFUSED_REASONS.__setitem__, screen, why)
