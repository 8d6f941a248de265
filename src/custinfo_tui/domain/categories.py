"""Data categories (MP-15): the record shows each field's category; the subject access pack
and retention runs decide by it (masking is decided per field, `domain.fields.Mask`)."""

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

    @property
    def label(self) -> str:
        """The category in words: "special category", not its stored `special_category`."""
        return self.value.replace("_", " ")
