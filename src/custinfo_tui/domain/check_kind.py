"""The identity checks a caller can be asked (MP-08): their names, apart from the policy.

A module of its own so the field registry (domain/fields.py) can say which check a field's
value answers without importing the policy, which itself reads the registry.
"""

from __future__ import annotations

from enum import StrEnum


class CheckKind(StrEnum):
    """One thing a caller can be asked to prove who they are."""

    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    ADDRESS_LINE1 = "address_line1"
    PHONE_DIGITS = "phone_last_digits"
    REFERENCE = "reference"
    SECURITY_ANSWER = "security_answer"

    @property
    def label(self) -> str:
        return _CHECK_LABELS[self]


_CHECK_LABELS = {
    CheckKind.DATE_OF_BIRTH: "Date of birth",
    CheckKind.POSTCODE: "Postcode",
    CheckKind.ADDRESS_LINE1: "Address line 1",
    CheckKind.PHONE_DIGITS: "Phone last digits",
    CheckKind.REFERENCE: "Customer reference",
    CheckKind.SECURITY_ANSWER: "Security answer",
}
