"""Data categories (MP-15): the record shows each field's category; the planned export and
retention runs are to decide by it (masking is decided per field, `domain.fields.Mask`)."""

from __future__ import annotations

from enum import StrEnum


class DataCategory(StrEnum):
    """How a piece of customer data must be treated under the UK GDPR."""

    #: Identifies or contacts a person: names, date of birth, phone, e-mail, address.
    PERSONAL = "personal"
    #: Article 9 data (health, ethnicity, beliefs...): needs a recorded condition to hold it.
    SPECIAL_CATEGORY = "special_category"
    #: What the customer did with us: orders, payments, account events.
    TRANSACTIONAL = "transactional"
    #: What the customer asked or told us: enquiry type, notes, outcomes.
    ENQUIRY = "enquiry"
