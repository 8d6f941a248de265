"""The values a role-play scenario file's keys are checked as (domain/training/scenario.py):
a marking point's code, a sandbox customer's key, a field of the registry or of the record,
words the trainer must write, a consent change and a queue item the scorer can tell a run
made. A value that is none of them is refused with the names it may be and the nearest one
meant (`one_of`), for the trainer to correct the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import Annotated, Literal

from pydantic import AfterValidator, StringConstraints

from custinfo_tui.domain.consent import SPECIAL_CATEGORY_PURPOSE, MarketingChannel, Purpose
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS

#: A marking point's code as the requirements name it.
MarkingPoint = Annotated[str, StringConstraints(pattern=r"^MP-(0[1-9]|1[0-9]|2[01])$")]
#: A scenario-local name for a sandbox customer ("john"), used to refer to them elsewhere.
CustomerKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,31}$")]


def one_of(value: str, allowed: Iterable[str], what: str) -> ValueError:
    """A plain refusal: what the value is not, the nearest name meant, and the names allowed."""
    names = list(allowed)
    near = [n for n in names if n.casefold() == value.casefold()] or get_close_matches(
        value, names, n=1
    )
    meant = f"; did you mean {near[0]!r}?" if near else ""
    return ValueError(f"{value!r} is not {what} (it may be {', '.join(names)}){meant}")


def _field_key(key: str) -> str:
    if key not in FIELDS:
        raise one_of(key, FIELDS, "a field of the console")
    return key


def _record_field(key: str) -> str:
    if key not in RECORD_FIELDS:
        raise one_of(key, RECORD_FIELDS, "a field of the record")
    return key


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("empty; write it in words")
    return text


#: What `expected.consent_changes` may name, as the scorer reads them.
CONSENT_CHANGES = (
    *(f"{Purpose.MARKETING}:{channel}" for channel in MarketingChannel),
    SPECIAL_CATEGORY_PURPOSE,
    Purpose.SERVICE.value,
)


def _consent_change(change: str) -> str:
    if change not in CONSENT_CHANGES:
        raise one_of(change, CONSENT_CHANGES, "a consent change")
    return change


#: A consent change the scorer can tell a run made (`CONSENT_CHANGES`).
ConsentChange = Annotated[str, AfterValidator(_consent_change)]


#: Any field of the registry: what a caller can be asked (`says`, read-back corrections).
FieldKey = Annotated[str, AfterValidator(_field_key)]
#: A field the customer record holds: what the record should end up with.
RecordField = Annotated[str, AfterValidator(_record_field)]
#: Text the trainer must write: not empty, not only spaces.
Words = Annotated[str, AfterValidator(_not_blank)]
#: The supervisor queue items the scorer can tell a run raised (MP-14).
RaisedItem = Literal["possible_fraud", "discrepancy", "complaint_follow_up", "possible_duplicate"]
