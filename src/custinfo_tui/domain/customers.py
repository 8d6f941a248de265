"""What services hand the screens about customers: already masked where masking applies."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.one_name import full_name
from custinfo_tui.domain.search import QueryKind


class CustomerStatus(StrEnum):
    """A customer record's status, as stored in `customers.status`.

    Only active records are opened or changed. A merged record stays, pointing at the record
    it was merged into (MP-13): the lookup finds that one in its place. An erased record
    stays too, anonymised, and nothing finds it.
    """

    ACTIVE = "active"
    MERGED = "merged"
    #: Anonymised (erasure or a retention run, domain.data_protection.erasure): never shown
    #: or found again.
    ERASED = "erased"


class CustomerMatch(BaseModel):
    """One lookup result: just enough to pick the right record before the caller is verified.

    Name, reference, a masked postcode (`SW1A 1**`) and the last digits of one phone: the
    rest of the record stays hidden until verification (MP-08).
    """

    model_config = ConfigDict(frozen=True)

    customer_id: int
    reference: str
    given_name: str
    family_name: str
    masked_postcode: str | None
    phone_hint: str | None
    #: Found through a record merged into this one (MP-13): "merged from 1020 5429 F".
    merged_from: str | None = None
    #: Processing restricted (UK GDPR Art. 18): only the DPO is shown such a record.
    restricted: bool = False
    #: Found by the postcode of an address the customer has moved from, not of the one they
    #: live at (the masked postcode shown is the current one): listed after those living
    #: there now.
    previous_address: bool = False
    #: One name only (domain/one_name.py), found by it with a given name typed that the
    #: record does not hold ("budi suharto" for "Suharto"): listed below those whose given
    #: name fits, and marked so the handler sees why it matched.
    by_one_name: bool = False

    @property
    def display_name(self) -> str:
        """ "John Smith"; one name only, that name alone (domain/one_name.py)."""
        return full_name(self.given_name, self.family_name)


class LookupResult(BaseModel):
    """What the lookup found, and what to tell the handler about the query."""

    model_config = ConfigDict(frozen=True)

    kind: QueryKind
    matches: tuple[CustomerMatch, ...] = ()
    #: For a reference whose check letter is wrong, or one typed without its letter: said
    #: whole, with its "Did you mean ...?" (domain/reference.py).
    message: str | None = None
    #: "Did you mean": customers' references one slip away (formatted for reading out).
    suggestions: tuple[str, ...] = ()


class DuplicateCandidate(BaseModel):
    """An existing customer who may be the person being captured, masked like a lookup row.

    `reasons` say what matched ("similar name", "same phone") without showing the values.
    A strong match blocks the save until the handler records why this is someone else.
    """

    model_config = ConfigDict(frozen=True)

    #: Who it is; None for a record whose processing is restricted (UK GDPR Art. 18),
    #: withheld from a handler who may not see it (`withheld()`).
    match: CustomerMatch | None
    score: int
    strong: bool
    reasons: tuple[str, ...]
    #: The record's processing is restricted: only the data protection officer opens it.
    restricted: bool = False
    #: A strong match whose verification is locked after failed checks (possible fraud):
    #: no new record is made for someone who may be them, or the lock would mean nothing.
    locked: bool = False

    def withheld(self) -> DuplicateCandidate:
        """The candidate as a handler who may not see restricted records is shown it: that
        a restricted record matches, and how, but not whose."""
        return self.model_copy(update={"match": None})

    def answered_by(self, answered: Iterable[DuplicateCandidate]) -> bool:
        """Whether a reason given for `answered` (why the caller is not them) still holds
        for this match: it is one of them, matching on nothing it did not match on then.
        A correction since that made it closer ("similar name" now "same name", a postcode
        now the same) or found someone new needs the reason asked again."""
        if self.match is None:  # whose it is withheld: nothing to tell it by
            return False
        return any(
            earlier.match is not None
            and earlier.match.customer_id == self.match.customer_id
            and set(self.reasons) <= set(earlier.reasons)
            for earlier in answered
        )
