"""The field registry: one source of truth for every customer field.

Each field says what question to ask (MP-02), how to validate and normalise it (MP-05),
how to read it back (MP-03), how to mask it before verification (MP-08) and which data
category it is in (MP-15). The capture form, the read-back, masking, DSAR export and
retention runs all read this registry rather than keeping their own lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from custinfo_tui.domain.address import normalise_address_line, normalise_town
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.dates import format_spoken_date, normalise_date_of_birth
from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import format_phone_international, normalise_phone
from custinfo_tui.domain.postcode import (
    normalise_country_code,
    normalise_foreign_postcode,
    normalise_uk_postcode,
)
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.domain.text import collapse_spaces, strip_control_characters
from custinfo_tui.domain.validation import FieldError, FieldResult, Normaliser, check


class ReadBack(StrEnum):
    """How a value is read aloud to the caller for confirmation."""

    PHONETIC = "phonetic"  # spelled with the NATO alphabet
    DIGIT_GROUPS = "digit_groups"  # phone digits in the groups people say them
    CHARACTERS = "characters"  # character by character (postcodes, references)
    SPOKEN_DATE = "spoken_date"  # "3 March 1985"
    PLAIN = "plain"  # read as written


class FieldGroup(StrEnum):
    """Fields disclosed and changed together; the verification policy grants access per group.

    Policy actions are `read:<group>` and `change:<group>`, and a representative's scope is
    a set of such actions, so adding a field to a group needs no policy change.
    """

    IDENTITY = "identity"  # names and reference: needed to pick the right record
    CONTACT = "contact"  # phone and e-mail
    ADDRESS = "address"
    DATE_OF_BIRTH = "date_of_birth"
    SPECIAL = "special"  # special-category data such as accessibility needs
    ENQUIRY = "enquiry"  # what the customer asked or told us

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    FieldGroup.IDENTITY: "name and reference",
    FieldGroup.CONTACT: "contact details",
    FieldGroup.ADDRESS: "address",
    FieldGroup.DATE_OF_BIRTH: "date of birth",
    FieldGroup.SPECIAL: "support needs",
    FieldGroup.ENQUIRY: "enquiries",
}


class Mask(StrEnum):
    """What the handler sees before the caller is verified."""

    NONE = "none"  # needed to pick the right record: shown
    HIDDEN = "hidden"  # nothing shown
    POSTCODE_OUTWARD = "postcode_outward"  # "SW1A 1**"
    LAST_DIGITS = "last_digits"  # "...123"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    #: The question the handler asks the caller (MP-02).
    question: str
    category: DataCategory
    normalise: Normaliser | None
    read_back: ReadBack
    mask: Mask
    group: FieldGroup
    max_length: int = 120


_FIELDS = (
    FieldSpec(
        "given_name",
        "Given name",
        "Can I take your first name, please?",
        DataCategory.PERSONAL,
        normalise_name,
        ReadBack.PHONETIC,
        Mask.NONE,
        FieldGroup.IDENTITY,
        100,
    ),
    FieldSpec(
        "family_name",
        "Family name",
        "And your surname?",
        DataCategory.PERSONAL,
        normalise_name,
        ReadBack.PHONETIC,
        Mask.NONE,
        FieldGroup.IDENTITY,
        100,
    ),
    FieldSpec(
        "date_of_birth",
        "Date of birth",
        "What is your date of birth?",
        DataCategory.PERSONAL,
        normalise_date_of_birth,
        ReadBack.SPOKEN_DATE,
        Mask.HIDDEN,
        FieldGroup.DATE_OF_BIRTH,
        30,
    ),
    FieldSpec(
        "phone",
        "Phone",
        "What is the best phone number to reach you on?",
        DataCategory.PERSONAL,
        normalise_phone,
        ReadBack.DIGIT_GROUPS,
        Mask.LAST_DIGITS,
        FieldGroup.CONTACT,
        30,
    ),
    FieldSpec(
        "email",
        "E-mail",
        "What is your e-mail address?",
        DataCategory.PERSONAL,
        normalise_email,
        ReadBack.PHONETIC,
        Mask.HIDDEN,
        FieldGroup.CONTACT,
        254,
    ),
    FieldSpec(
        "address_line1",
        "Address line 1",
        "What is the first line of your address?",
        DataCategory.PERSONAL,
        normalise_address_line,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.ADDRESS,
    ),
    FieldSpec(
        "address_line2",
        "Address line 2",
        "Is there a second line, such as a flat?",
        DataCategory.PERSONAL,
        normalise_address_line,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.ADDRESS,
    ),
    FieldSpec(
        "town",
        "Town",
        "And the town or city?",
        DataCategory.PERSONAL,
        normalise_town,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.ADDRESS,
        80,
    ),
    FieldSpec(
        "postcode",
        "Postcode",
        "What is your postcode?",
        DataCategory.PERSONAL,
        normalise_uk_postcode,
        ReadBack.CHARACTERS,
        Mask.POSTCODE_OUTWARD,
        FieldGroup.ADDRESS,
        16,
    ),
    FieldSpec(
        "foreign_postcode",
        "Postcode (outside the UK)",
        "What is the postcode or ZIP code there?",
        DataCategory.PERSONAL,
        normalise_foreign_postcode,
        ReadBack.CHARACTERS,
        Mask.HIDDEN,
        FieldGroup.ADDRESS,
        12,
    ),
    FieldSpec(
        "country",
        "Country",
        "Which country is the address in?",
        DataCategory.PERSONAL,
        normalise_country_code,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.ADDRESS,
        2,
    ),
    FieldSpec(
        "reference",
        "Customer reference",
        "Do you have your customer reference?",
        DataCategory.TRANSACTIONAL,
        normalise_reference,
        ReadBack.CHARACTERS,
        Mask.NONE,
        FieldGroup.IDENTITY,
        14,
    ),
    FieldSpec(
        "enquiry_type",
        "Enquiry type",
        "How can I help you today?",
        DataCategory.ENQUIRY,
        None,
        ReadBack.PLAIN,
        Mask.NONE,
        FieldGroup.ENQUIRY,
        64,
    ),
    FieldSpec(
        "notes",
        "Notes",
        "Is there anything else I should note?",
        DataCategory.ENQUIRY,
        None,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.ENQUIRY,
        4000,
    ),
    FieldSpec(
        "accessibility_needs",
        "Support needs",
        "Is there anything we should know so we can support you better?",
        DataCategory.SPECIAL_CATEGORY,
        None,
        ReadBack.PLAIN,
        Mask.HIDDEN,
        FieldGroup.SPECIAL,
        500,
    ),
)

FIELDS: Mapping[str, FieldSpec] = MappingProxyType({spec.key: spec for spec in _FIELDS})


#: The fields a customer record holds and shows, in order.
RECORD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "accessibility_needs",
)

#: Record fields a handler may empty; the others identify or reach the customer.
CLEARABLE_FIELDS = frozenset({"email", "address_line2", "accessibility_needs"})


def field(key: str) -> FieldSpec:
    """The registry entry for a field; KeyError names an unknown field."""
    return FIELDS[key]


def fields_in(category: DataCategory) -> tuple[FieldSpec, ...]:
    return tuple(spec for spec in _FIELDS if spec.category is category)


#: Field key -> normaliser, for the fields that have one (free text such as notes has none).
FIELD_NORMALISERS: Mapping[str, Normaliser] = MappingProxyType(
    {spec.key: spec.normalise for spec in _FIELDS if spec.normalise is not None}
)


def normaliser_for(key: str) -> Normaliser:
    """How a field's typed text becomes its stored form: the registry's normaliser, or for
    free text (notes, support needs) control characters stripped, spaces collapsed and the
    length checked."""
    spec = FIELDS[key]
    if spec.normalise is not None:
        return spec.normalise

    def free_text(raw: str) -> str:
        text = collapse_spaces(strip_control_characters(raw))
        if not text:
            raise FieldError("Enter some text.")
        if len(text) > spec.max_length:
            raise FieldError(f"At most {spec.max_length} characters.")
        return text

    return free_text


def preview(key: str, stored: str) -> str:
    """A stored value the way the handler checks it while typing: a phone in international
    spaced form ("+44 7700 900123"), a date spoken ("3 March 1985"), the rest as stored."""
    if key == "phone":
        return format_phone_international(stored)
    if key == "date_of_birth":
        return format_spoken_date(date.fromisoformat(stored))
    return stored


def check_field(key: str, raw: str) -> FieldResult:
    """Check one field's raw text: the normalised value, or the message to show at the field.

    The raw text goes to the normaliser untouched: names must see control characters to
    refuse them. An unknown key raises KeyError, a programming error rather than bad input.
    """
    return check(FIELD_NORMALISERS[key], raw)
