"""Every stored column that can hold a customer's personal value, and what erasure does to it.

`ERASED_COLUMNS` lists each such column with what it becomes and the data category it
belongs to; the columns erasure keeps, and the tables it leaves alone, are in
repository/kept_columns.py. `tests/unit/test_erasure_columns.py` fails until a new column
is placed in one or the other, so a new personal column cannot be forgotten. The
anonymising itself is `ErasureRepository` (repository/erasure.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.fields import FIELDS, fields_in
from custinfo_tui.repository.orm import (
    Address,
    Base,
    Complaint,
    ComplaintStageChange,
    ContactPoint,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    FieldChange,
    Interaction,
    LegalHoldRow,
    ProcessingRestrictionRow,
    QueueItemRow,
    Representative,
    SubjectAccessRequestRow,
    VerificationLock,
)

Ids = Collection[int]


@dataclass(frozen=True)
class ErasedColumn:
    """A column that can hold a customer's personal value: what the value becomes, and its
    data category (a retention run anonymises one category at a time)."""

    attribute: InstrumentedAttribute[Any]
    becomes: str | None
    category: DataCategory
    #: Only these rows hold such a value (field history: by the field's category).
    only_where: ColumnElement[bool] | None = None

    @property
    def name(self) -> str:
        column = self.attribute.property.columns[0]
        return f"{column.table.name}.{column.name}"


def history_of(category: DataCategory) -> ColumnElement[bool]:
    keys = [spec.key for spec in fields_in(category)]
    return FieldChange.field.in_(keys)


#: Field history's personal rows: the personal fields, and anything not in the registry
#: (the security question, a representative's details) -- never left behind by mistake.
_PERSONAL_HISTORY = FieldChange.field.not_in(
    [
        key
        for key, spec in FIELDS.items()
        if spec.category in (DataCategory.ENQUIRY, DataCategory.SPECIAL_CATEGORY)
    ]
)

#: A request still open keeps who asked and how they were checked through erasure: the DPO
#: answers it to them (`KEPT_UNTIL_CLOSED`); they are erased as it is closed.
_CLOSED_REQUEST = SubjectAccessRequestRow.answered_at.is_not(None)

P, E, S = DataCategory.PERSONAL, DataCategory.ENQUIRY, DataCategory.SPECIAL_CATEGORY
X = ERASED_PLACEHOLDER

ERASED_COLUMNS: tuple[ErasedColumn, ...] = (
    ErasedColumn(Customer.given_name, X, P),
    ErasedColumn(Customer.family_name, X, P),
    ErasedColumn(Customer.given_key, "", P),
    ErasedColumn(Customer.family_key, "", P),
    ErasedColumn(Customer.date_of_birth, None, P),
    ErasedColumn(Customer.security_question, None, P),
    ErasedColumn(Customer.security_answer_hash, None, P),
    ErasedColumn(Customer.accessibility_needs, None, S),
    ErasedColumn(ContactPoint.value, "", P),
    ErasedColumn(Address.line1, "", P),
    ErasedColumn(Address.line2, None, P),
    ErasedColumn(Address.town, "", P),
    ErasedColumn(Address.town_key, "", P),
    ErasedColumn(Address.postcode, "", P),
    ErasedColumn(Address.country, "", P),
    ErasedColumn(Representative.given_name, X, P),
    ErasedColumn(Representative.family_name, X, P),
    ErasedColumn(Representative.relationship, X, P),
    ErasedColumn(Representative.date_of_birth, None, P),
    ErasedColumn(Representative.postcode, None, P),
    ErasedColumn(Representative.address_line1, None, P),
    ErasedColumn(Representative.phone, None, P),
    ErasedColumn(Representative.security_question, None, P),
    ErasedColumn(Representative.security_answer_hash, None, P),
    ErasedColumn(Interaction.notes, None, E),
    ErasedColumn(Interaction.customer_words, None, E),
    ErasedColumn(Complaint.customer_said, X, E),
    ErasedColumn(Complaint.apology, X, E),
    ErasedColumn(Complaint.solution, X, E),
    ErasedColumn(ComplaintStageChange.note, X, E),
    ErasedColumn(DiscrepancyReportRow.claimed_value, X, E),
    ErasedColumn(DiscrepancyReportRow.why, X, E),
    ErasedColumn(DiscrepancyReportRow.outcome_reason, None, E),
    ErasedColumn(QueueItemRow.resolution, None, E),
    ErasedColumn(VerificationLock.lift_reason, None, P),
    ErasedColumn(LegalHoldRow.lift_reason, None, P),
    ErasedColumn(FieldChange.old_value, None, P, _PERSONAL_HISTORY),
    ErasedColumn(FieldChange.new_value, None, P, _PERSONAL_HISTORY),
    ErasedColumn(FieldChange.old_value, None, E, history_of(E)),
    ErasedColumn(FieldChange.new_value, None, E, history_of(E)),
    ErasedColumn(FieldChange.old_value, None, S, history_of(S)),
    ErasedColumn(FieldChange.new_value, None, S, history_of(S)),
    ErasedColumn(FieldChange.reason, X, P),
    # Typed about the customer when their data was asked for, restricted or disclosed.
    ErasedColumn(SubjectAccessRequestRow.requested_by, X, P, _CLOSED_REQUEST),
    ErasedColumn(SubjectAccessRequestRow.identity_check, X, P, _CLOSED_REQUEST),
    ErasedColumn(SubjectAccessRequestRow.extension_reason, None, P),
    # The placeholder, not nothing: a refusal's reason is what says the request was refused.
    ErasedColumn(SubjectAccessRequestRow.refusal_reason, X, P),
    ErasedColumn(SubjectAccessRequestRow.answer_note, None, P),
    ErasedColumn(ProcessingRestrictionRow.reason, X, P),
    ErasedColumn(ProcessingRestrictionRow.lift_reason, None, P),
    ErasedColumn(DisclosureRow.asked_for, X, P),
    ErasedColumn(DisclosureRow.decision_reason, None, P),
)

#: What an erased record's open request keeps until it is closed (services/subject_access.py
#: `close_request` erases them then).
KEPT_UNTIL_CLOSED: tuple[ErasedColumn, ...] = tuple(
    column for column in ERASED_COLUMNS if column.only_where is _CLOSED_REQUEST
)

#: What erasure replaces on a request, open or closed.
REQUEST_COLUMNS: tuple[ErasedColumn, ...] = tuple(
    column for column in ERASED_COLUMNS if column.attribute.class_ is SubjectAccessRequestRow
)


def erase_request_texts(row: SubjectAccessRequestRow) -> None:
    """On a request of a record already erased, replace what erasure replaces on one: on a
    request still open, all but who asked and how they were checked (the DPO answers it to
    them, `KEPT_UNTIL_CLOSED`); on a closed one, those too. So text typed on it after the
    erasure (an answer note, a refusal's or an extension's reason) is not kept, as it would
    not have been had it been typed before (services/subject_access.py)."""
    for column in REQUEST_COLUMNS:
        if column.only_where is _CLOSED_REQUEST and row.answered_at is None:
            continue
        if getattr(row, column.attribute.key) is not None:
            setattr(row, column.attribute.key, column.becomes)


def rows_of(model: type[Base], ids: Ids) -> ColumnElement[bool]:
    """The rows of `model` that belong to these customers."""
    scopes: dict[type[Base], Callable[[], ColumnElement[bool]]] = {
        Customer: lambda: Customer.id.in_(ids),
        ComplaintStageChange: lambda: ComplaintStageChange.complaint_id.in_(
            select(Complaint.id).where(Complaint.customer_id.in_(ids))
        ),
        QueueItemRow: lambda: or_(
            QueueItemRow.customer_id.in_(ids), QueueItemRow.other_customer_id.in_(ids)
        ),
    }
    scope = scopes.get(model)
    if scope is not None:
        return scope()
    return model.customer_id.in_(ids)  # type: ignore[attr-defined,no-any-return]


def holding(column: ErasedColumn, ids: Ids) -> ColumnElement[bool]:
    """Rows of these customers whose column still holds something to erase."""
    model = cast("type[Base]", column.attribute.class_)
    condition = rows_of(model, ids) & column.attribute.is_not(None)
    if column.becomes is not None:
        condition = condition & (column.attribute != column.becomes)
    if column.only_where is not None:
        condition = condition & column.only_where
    return condition
