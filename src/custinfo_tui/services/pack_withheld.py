"""What a subject access pack leaves out with the third-party requests the DPO withholds
(the crime exemption, DPA 2018 Sch. 2 para 2; docs/data-protection.md, "A police or tax
request in the pack"): every trace that would tip the person off, not only the request's
own row.

A withheld request is tied to the rows about it three ways, all read from the audit trail:

- **its own events** name it (`disclosure_id`): its recording, decision, release, a merge
  moving it;
- **the opening it was recorded under**: the record screen records a request about the
  record open on it, so the last time its recorder opened the record, in the same console
  session, before recording it (a screen's "Reloaded after ..." is the same opening). That
  row goes; and when its reason holds the handler's own words ("Other: police e-mail from
  DC Morgan re fraud enquiry", or the same words after "Third-party request (for or about
  the customer)"), so does every row given those same words, wherever they are repeated.
  A reason from the list alone ("Customer wrote in") names nothing, so only that opening
  goes. The screen's own reopening once the request was recorded ("Reloaded after
  recording a third-party request") goes too;
- **the call it was taken in**, when that opening was in a call in which nobody was
  verified as the customer (the requester on the line): the call's row under Interactions,
  with its notes, and every event of it. A request recorded in a call the customer was
  verified in leaves that call in their pack: it is theirs, and they know of it.

Words typed at another time ("police letter of 3 Dec" as a later reason) are tied to no
request: the export says so, for the DPO to read before sending.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from custinfo_tui.domain.access_reasons import reason_given, with_own_words
from custinfo_tui.domain.disclosures import RELOADED_AFTER_REQUEST
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import CallerKind
from custinfo_tui.repository.subject_access import AccessEvent

#: How a screen's reopening of a record it has open begins: the same opening, not a new one.
_RELOADED = "Reloaded after "


@dataclass(frozen=True)
class WithheldTraces:
    """The rows of a pack that would name a withheld request: its events, the openings it
    was recorded under, the handler's words given as their reason, and the calls it was
    taken in."""

    disclosures: frozenset[int] = frozenset()
    #: Events to leave out by their number: an opening, the screen's reopening after it.
    events: frozenset[int] = frozenset()
    #: Reasons in the handler's own words ("Other: ..."), as the pack shows them.
    reasons: frozenset[str] = frozenset()
    #: Calls the requests were taken in, the customer not verified in them.
    calls: frozenset[int] = frozenset()

    def hides(self, event: AccessEvent) -> bool:
        """Whether the access section leaves `event` out."""
        if event.details.get("disclosure_id") in self.disclosures or event.id in self.events:
            return True
        if event.interaction_id is not None and event.interaction_id in self.calls:
            return True
        return reason_given(event.action, event.details, event.reason) in self.reasons


#: A pack that leaves nothing out.
NOTHING_WITHHELD = WithheldTraces()


def withheld_traces(
    events: Sequence[AccessEvent], withheld: Collection[int], listed: Sequence[str] = ()
) -> WithheldTraces:
    """The traces of the requests `withheld` among `events` (every event about the record
    and those merged into it, oldest first); `listed`, the site's reasons."""
    if not withheld:
        return NOTHING_WITHHELD
    openings: dict[tuple[object, ...], AccessEvent] = {}
    reloading: set[tuple[object, ...]] = set()  # a withheld request was just recorded
    hidden: set[int] = set()
    reasons: set[str] = set()
    calls: set[int] = set()
    for event in events:
        desk = (event.operator_id, event.console_session, event.customer_id)
        if _reopened_after_request(event) and desk in reloading:
            hidden.add(event.id)
        reloading.discard(desk)
        if _opening(event):
            openings[desk] = event
            continue
        if event.action != AuditAction.DISCLOSURE_REQUESTED:
            continue
        if event.details.get("disclosure_id") not in withheld:
            continue
        reloading.add(desk)
        opening = openings.get(desk)
        if opening is None:
            continue
        call = opening.interaction_id
        if call is not None:
            if not _customer_verified(events, call):
                calls.add(call)
            continue  # the call is the opening: kept with it, or left out whole
        hidden.add(opening.id)
        said = reason_given(opening.action, opening.details, opening.reason)
        if said is not None and with_own_words(said, listed):
            reasons.add(said)
    return WithheldTraces(
        disclosures=frozenset(withheld),
        events=frozenset(hidden),
        reasons=frozenset(reasons),
        calls=frozenset(calls),
    )


def _opening(event: AccessEvent) -> bool:
    """A record opened (with a reason, or in a call); not a screen reading its record
    again, nor the erasure desk's look at the counts."""
    if event.action != AuditAction.CUSTOMER_VIEWED or event.details.get("erasure_preview"):
        return False
    return not (event.reason or "").startswith(_RELOADED)


def _reopened_after_request(event: AccessEvent) -> bool:
    return event.action == AuditAction.CUSTOMER_VIEWED and event.reason == RELOADED_AFTER_REQUEST


def _customer_verified(events: Sequence[AccessEvent], call: int) -> bool:
    """Whether the customer was verified in `call`: then it is theirs, whatever else was
    recorded in it."""
    return any(
        event.interaction_id == call
        and event.action == AuditAction.CALLER_VERIFIED
        and event.details.get("caller", CallerKind.CUSTOMER) == CallerKind.CUSTOMER
        for event in events
    )
