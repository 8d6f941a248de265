"""Telling the recipients of a customer's data of an erasure, a rectification or a
restriction (UK GDPR Art. 19; docs/data-protection.md, "Telling the recipients"): each third
party the disclosure log shows the data was released to is told, unless that proves
impossible or involves disproportionate effort, and the person may ask who they are.

The DPO records, per recipient and per request, the day they were told, or why they were
not; each is a `disclosure.recipient_told` event on the one stream (its `reason` the why
not), read back for the request's line on the desk. Nothing else is stored.

An erasure or a restriction is told to every recipient. A rectification is told to those
who received the corrected data (`Rectified`): the releases whose fields include a field
corrected for the request, sent before it was corrected; a release of other fields, or
sent once the field was right, gave its recipient nothing to correct. While no correction
is recorded for the request (not made yet, or made by someone else's edit) every release
is listed, as no release can be ruled out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.data_protection.rights import DataRight, right_of
from custinfo_tui.domain.disclosure_fields import share_items
from custinfo_tui.domain.text import counted

#: The rights whose requests are told to the recipients (Art. 19).
TELLING_RIGHTS = frozenset({DataRight.ERASURE, DataRight.RECTIFICATION, DataRight.RESTRICTION})

#: What the request's right changed, as the recipients are told of it.
_TOLD_OF = {
    DataRight.ERASURE: "the erasure",
    DataRight.RECTIFICATION: "the rectification",
    DataRight.RESTRICTION: "the restriction",
}

#: The event's outcome when the recipient was not told, with why (its reason).
NOT_TOLD = "not_told"
#: The words for a recipient not told (Art. 19's own).
NOT_TOLD_WORDS = "not told: impossible or disproportionate effort"


def told_of(right: DataRight) -> str:
    """ "the erasure", "the rectification", "the restriction"."""
    return _TOLD_OF.get(right, "the request")


class RecipientToTell(BaseModel):
    """One release of the customer's data to a third party (a released request of the
    disclosure log) and what the DPO recorded of telling them, for one request."""

    model_config = ConfigDict(frozen=True)

    disclosure_id: int
    organisation: str
    disclosed_on: date
    #: The day they were told (None: not recorded as told).
    told_on: date | None = None
    #: Why telling them is impossible or involves disproportionate effort, when recorded
    #: so (None: not recorded so).
    not_told_because: str | None = None

    @property
    def recorded(self) -> bool:
        """Told, or recorded why not: nothing left to do for them."""
        return self.told_on is not None or self.not_told_because is not None

    @property
    def choice(self) -> str:
        """How the desk's form offers it: "Example Constabulary, sent data 05 Dec 2026
        (disclosure 4)"."""
        sent = f"sent data {self.disclosed_on:%d %b %Y}"
        return f"{self.organisation}, {sent} (disclosure {self.disclosure_id})"

    def said(self) -> str:
        """ "Example Constabulary (disclosure 4, sent data 05 Dec 2026): told on 06 Dec
        2026"; "...: not told yet"; "...: not told: impossible or ... (why)"."""
        who = f"{self.organisation} (disclosure {self.disclosure_id}, sent data "
        who += f"{self.disclosed_on:%d %b %Y})"
        if self.told_on is not None:
            return f"{who}: told on {self.told_on:%d %b %Y}"
        if self.not_told_because is not None:
            return f"{who}: {NOT_TOLD_WORDS} ({self.not_told_because})"
        return f"{who}: not told yet"


class Rectified(BaseModel):
    """What a rectification request corrected, for telling its recipients: the fields
    corrected for it (registry keys; none while no correction names the request) and how
    many releases of the record's data there were in all, of which the request's
    recipients are those that sent a corrected field before it was corrected."""

    model_config = ConfigDict(frozen=True)

    fields: tuple[str, ...] = ()
    releases: int = 0

    @property
    def named(self) -> str:
        """ "the corrected address", "the corrected phone and e-mail"."""
        names = [item.label[0].lower() + item.label[1:] for item in share_items(self.fields)]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return f"the corrected {listed}"


def sent_uncorrected(
    disclosed: Iterable[str], released_at: datetime, corrected: Mapping[str, datetime]
) -> bool:
    """Whether a release of the fields `disclosed` sent one of them before it was corrected
    (`corrected`: each corrected field's last correction for the request): its recipient
    holds what was wrong, and is told of the rectification (Art. 19)."""
    return any(key in corrected and released_at < corrected[key] for key in disclosed)


def recipients_said(
    right: DataRight, recipients: Sequence[RecipientToTell], rectified: Rectified | None = None
) -> str:
    """The request's line on its recipients: "Recipients to tell of the erasure (Art. 19):
    Example Constabulary (...): told on 06 Dec 2026; Example Council (...): not told
    yet."; for a rectification, how many of the releases included the corrected data
    ("2 of 5 releases included the corrected address, sent before the correction:"), or
    that none did; "" for no release at all."""
    if rectified is not None and rectified.fields and not recipients and rectified.releases:
        return f"{no_corrected_release(rectified)} (Art. 19)."
    if not recipients:
        return ""
    each = "; ".join(recipient.said() for recipient in recipients)
    which = ""
    if rectified is not None and rectified.fields:
        of = f"{len(recipients)} of {counted(rectified.releases, 'release')}"
        which = f" {of} included {rectified.named}, sent before the correction:"
    elif rectified is not None:
        which = " every release, no correction being recorded for the request yet:"
    return f"Recipients to tell of {told_of(right)} (Art. 19):{which} {each}."


def no_corrected_release(rectified: Rectified) -> str:
    """A rectification whose record's releases all left out what it corrected (or sent it
    corrected): "None of the 3 releases of the record's data included the corrected
    address before the correction: there is no recipient to tell" ("The one release ... did
    not include ..." for one)."""
    what = f"{rectified.named} before the correction: there is no recipient to tell"
    if rectified.releases == 1:
        return f"The one release of the record's data did not include {what}"
    return (
        f"None of the {counted(rectified.releases, 'release')} of the record's data included {what}"
    )


def still_to_tell(recipients: Sequence[RecipientToTell]) -> tuple[str, ...]:
    """The organisations nothing is recorded of yet (neither told nor why not), each once."""
    return tuple(dict.fromkeys(r.organisation for r in recipients if not r.recorded))


def nothing_changed_yet(
    request_id: int,
    right: DataRight,
    *,
    refused: bool,
    erased: bool,
    restricted: bool,
    answered: bool,
) -> str | None:
    """Why a request of `right` has nothing to tell its recipients of yet (None: it has):
    of another right, refused, or its change not made (the record not erased, not
    restricted while the request is open). The desk says it before its form opens, and
    the service refuses the same."""
    if right not in TELLING_RIGHTS:
        return (
            "Only what an erasure, rectification or restriction request changed is told to "
            "the recipients (Art. 19)."
        )
    if refused:
        return f"Request {request_id} was refused: nothing was changed to tell the recipients of."
    if right is DataRight.ERASURE and not erased:
        return "The record is not erased yet: tell the recipients of the erasure once it is."
    if right is DataRight.RESTRICTION and not (restricted or erased or answered):
        return (
            "Processing of the record is not restricted yet: tell the recipients of the "
            "restriction once it is (R restricts it)."
        )
    return None


def told_on_problem(told_on: date, received_on: date, today: date) -> str | None:
    """What is wrong with the day a recipient was told: still to come, or before the
    request was received (they were told of something else)."""
    if told_on > today:
        return "That day is still to come: give the day they were told."
    if told_on < received_on:
        return (
            f"That is before the request was received ({received_on:%d %b %Y}): give the "
            "day they were told of what it asked for."
        )
    return None


def recipient_told_step(details: Mapping[str, Any], outcome: str) -> str:
    """The event as the timeline words it: "Recipient of disclosure 4 told of the erasure
    (Art. 19)", or "... not told of the erasure: impossible or disproportionate effort"."""
    of = told_of(right_of(details.get("right")))
    whom = f"Recipient of disclosure {details.get('disclosure_id', '?')}"
    if outcome == NOT_TOLD:
        return f"{whom} not told of {of}: impossible or disproportionate effort (Art. 19)"
    return f"{whom} told of {of} (Art. 19)"
