"""Merging records under a legal hold (MP-13, MP-16): the rule, and what the supervisor is
told (docs/after-the-call.md, "What a merge does"; docs/data-protection.md, "Legal holds").

A hold the DPO recorded (a legal claim, a regulatory retention) keeps the person's data as
it is, for the claim or the regulator. A merge changes it, on both records: the kept record
takes the values chosen from the other (its own going to field history), gains its phones,
e-mails and addresses (an address taken ends its own), and the other record's calls,
consents, complaints and history come to point at it; the other record ends as a record of
its own, no longer opened or changed. So no merge is made while a hold is in force on either
record, or on a record merged into either before (a hold there holds the person): it waits
for the DPO to lift the hold. An open complaint holds a record against erasure only: it
moves with the record and is answered there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.data_protection.erasure import HoldKind


class HeldRecord(BaseModel):
    """A legal hold in force on a record a merge would change, as the supervisor is told of
    it: which record, what kind of hold, since when; never the hold's reason, which is the
    DPO's note about the claim."""

    model_config = ConfigDict(frozen=True)

    #: The held record's reference.
    reference: str
    #: The record compared that the held one was merged into before, if it was.
    merged_into: str | None = None
    kind: HoldKind
    since: datetime

    @property
    def described(self) -> str:
        """ "1020 5429 F, merged into 1001 2345 P (legal claim, since 04 Dec 2026)"."""
        where = f", merged into {self.merged_into}" if self.merged_into else ""
        since = f"{self.kind.label.lower()}, since {self.since:%d %b %Y}"
        return f"{self.reference}{where} ({since})"


def merge_held_refusal(held: Sequence[HeldRecord]) -> str:
    """Why the merge is refused, in words for the merge screen: each hold by record, kind
    and day, what a hold means, and who can lift it."""
    one = "a legal hold" if len(held) == 1 else "legal holds"
    return (
        f"Under {one}: {'; '.join(hold.described for hold in held)}. A legal hold keeps the "
        "person's data as it is, for a claim or a regulator, and merging would change it: "
        "nothing was merged. The data protection officer can lift the hold once it no "
        "longer applies; merge them then."
    )
