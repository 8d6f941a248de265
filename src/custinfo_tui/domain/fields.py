"""The field registry: one source of truth for every customer field.

Each `FieldSpec` carries every fact about one field: the question to ask (MP-02), how to
validate and normalise it (MP-05), how to read it back (MP-03), how to mask it before
verification (MP-08), its data category (MP-15), the group the verification policy grants,
how it is shown and previewed (domain/field_display.py), whether it is on the customer
record (and may be emptied there, and is checked for duplicates at capture), and where it
is stored. The capture and edit forms, the read-back, masking, the record, field history,
the subject access pack, erasure and retention (repository/erased_columns.py) read this
registry; every list of field keys elsewhere (`RECORD_FIELDS`, `CLEARABLE_FIELDS`,
`DUPLICATE_FIELDS`...) is derived from it. The words an entry is written in (`FieldSpec`,
`Mask`, `FieldGroup`...) are domain/field_spec.py.
Adding a field is one entry here, plus a migration when it needs a new column.

Data categories (MP-15), which the record shows and the subject access pack, erasure and
retention decide by (a unit test keeps this list and the entries below in step):

- `personal`: identifies or reaches the person: `given_name`, `family_name`,
  `date_of_birth`, `phone`, `email` and the address, `address_line1`, `address_line2`,
  `town`, `postcode`, `country`, `foreign_postcode` (which postcode an address takes,
  its country says: domain/address_country.py).
- `special_category` (UK GDPR Article 9): support needs, `accessibility_needs`, held only
  while an Article 9 condition is recorded for the customer (MP-07).
- `transactional`: our own identifier for the customer, `reference`.
- `enquiry`: what the customer asked or told us on a call, `enquiry_type`, `notes` and
  `customer_words` (their own words, noted at wrap-up); all stored on the interaction, not
  the customer. Notes and words are free text about a person: personal data, found for a
  subject access request or erasure through `interactions.customer_id`
  (docs/after-the-call.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from custinfo_tui.domain.address import normalise_address_line, normalise_town
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.check_kind import CheckKind
from custinfo_tui.domain.countries import normalise_country
from custinfo_tui.domain.dates import normalise_date_of_birth
from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.field_spec import (
    AddressIn,
    Display,
    FieldGroup,
    FieldSpec,
    Mask,
    ReadBack,
    SearchKey,
    Storage,
    StoredOn,
)
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import (
    normalise_phone,
)
from custinfo_tui.domain.postcode import (
    normalise_foreign_postcode,
    normalise_uk_postcode,
)
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError, FieldResult, Normaliser, check

_FIELDS = (
    FieldSpec(
        key="given_name",
        label="Given name",
        question="Can I take your first name, please?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.IDENTITY,
        mask=Mask.NONE,
        normalise=normalise_name,
        read_back=ReadBack.PHONETIC,
        max_length=100,
        storage=Storage(on=StoredOn.CUSTOMER, attribute="given_name", search_key=SearchKey.GIVEN),
        on_record=True,
        duplicate_check=True,
    ),
    FieldSpec(
        key="family_name",
        label="Family name",
        question="And your surname?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.IDENTITY,
        mask=Mask.NONE,
        normalise=normalise_name,
        read_back=ReadBack.PHONETIC,
        max_length=100,
        storage=Storage(on=StoredOn.CUSTOMER, attribute="family_name", search_key=SearchKey.FAMILY),
        on_record=True,
        duplicate_check=True,
    ),
    FieldSpec(
        key="date_of_birth",
        label="Date of birth",
        question="What is your date of birth?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.DATE_OF_BIRTH,
        mask=Mask.HIDDEN,
        answers=CheckKind.DATE_OF_BIRTH,
        normalise=normalise_date_of_birth,
        read_back=ReadBack.SPOKEN_DATE,
        max_length=30,
        display=Display.SPOKEN_DATE,
        storage=Storage(on=StoredOn.CUSTOMER, attribute="date_of_birth", is_date=True),
        on_record=True,
        duplicate_check=True,
    ),
    FieldSpec(
        key="phone",
        label="Phone",
        question="What is the best phone number to reach you on?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.CONTACT,
        mask=Mask.LAST_DIGITS,
        answers=CheckKind.PHONE_DIGITS,
        normalise=normalise_phone,
        read_back=ReadBack.DIGIT_GROUPS,
        max_length=30,
        display=Display.PHONE,
        storage=Storage(on=StoredOn.CONTACT_POINT, attribute="value"),
        on_record=True,
        duplicate_check=True,
        double_entry=True,
    ),
    FieldSpec(
        key="email",
        label="E-mail",
        question="What is your e-mail address?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.CONTACT,
        mask=Mask.HIDDEN,
        normalise=normalise_email,
        read_back=ReadBack.PHONETIC,
        max_length=254,
        storage=Storage(on=StoredOn.CONTACT_POINT, attribute="value"),
        on_record=True,
        clearable=True,
        duplicate_check=True,
        double_entry=True,
    ),
    FieldSpec(
        key="address_line1",
        label="Address line 1",
        question="What is the first line of your address?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.HIDDEN,
        answers=CheckKind.ADDRESS_LINE1,
        normalise=normalise_address_line,
        read_back=ReadBack.PLAIN,
        storage=Storage(on=StoredOn.ADDRESS, attribute="line1"),
        on_record=True,
    ),
    FieldSpec(
        key="address_line2",
        label="Address line 2",
        question="Is there a second line, such as a flat?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.HIDDEN,
        normalise=normalise_address_line,
        read_back=ReadBack.PLAIN,
        storage=Storage(on=StoredOn.ADDRESS, attribute="line2"),
        on_record=True,
        clearable=True,
    ),
    FieldSpec(
        key="town",
        label="Town",
        question="And the town or city?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.HIDDEN,
        normalise=normalise_town,
        read_back=ReadBack.PLAIN,
        max_length=80,
        storage=Storage(on=StoredOn.ADDRESS, attribute="town", search_key=SearchKey.TOWN),
        on_record=True,
    ),
    FieldSpec(
        key="postcode",
        label="Postcode",
        question="What is your postcode?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.POSTCODE_OUTWARD,
        answers=CheckKind.POSTCODE,
        normalise=normalise_uk_postcode,
        read_back=ReadBack.CHARACTERS,
        max_length=16,
        storage=Storage(on=StoredOn.ADDRESS, attribute="postcode"),
        on_record=True,
        duplicate_check=True,
        address_in=AddressIn.UK,
    ),
    FieldSpec(
        key="country",
        label="Country",
        question="Which country is the address in?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.HIDDEN,
        normalise=normalise_country,
        read_back=ReadBack.PLAIN,
        # Typed as a name or a code ("France", "FR"), stored as the code.
        max_length=60,
        display=Display.COUNTRY,
        storage=Storage(on=StoredOn.ADDRESS, attribute="country"),
        on_record=True,
    ),
    FieldSpec(
        key="foreign_postcode",
        label="Postcode (outside the UK)",
        question="What is the postcode or ZIP code there?",
        category=DataCategory.PERSONAL,
        group=FieldGroup.ADDRESS,
        mask=Mask.HIDDEN,
        answers=CheckKind.POSTCODE,
        normalise=normalise_foreign_postcode,
        read_back=ReadBack.CHARACTERS,
        max_length=12,
        # The address's one postcode column holds it: the country tells the two apart.
        storage=Storage(on=StoredOn.ADDRESS, attribute="postcode"),
        on_record=True,
        # Not every country has postcodes.
        clearable=True,
        duplicate_check=True,
        address_in=AddressIn.ABROAD,
    ),
    FieldSpec(
        key="reference",
        label="Customer reference",
        question="Do you have your customer reference?",
        category=DataCategory.TRANSACTIONAL,
        group=FieldGroup.IDENTITY,
        mask=Mask.NONE,
        answers=CheckKind.REFERENCE,
        normalise=normalise_reference,
        read_back=ReadBack.CHARACTERS,
        display=Display.REFERENCE,
        max_length=14,
        storage=Storage(on=StoredOn.CUSTOMER, attribute="reference"),
    ),
    FieldSpec(
        key="enquiry_type",
        label="Enquiry type",
        question="How can I help you today?",
        category=DataCategory.ENQUIRY,
        group=FieldGroup.ENQUIRY,
        mask=Mask.NONE,
        normalise=None,
        read_back=ReadBack.PLAIN,
        max_length=64,
        storage=Storage(on=StoredOn.INTERACTION, attribute="enquiry_type"),
    ),
    FieldSpec(
        key="notes",
        label="Notes",
        question="Is there anything else I should note?",
        category=DataCategory.ENQUIRY,
        group=FieldGroup.ENQUIRY,
        mask=Mask.HIDDEN,
        normalise=None,
        read_back=ReadBack.PLAIN,
        max_length=4000,
        storage=Storage(on=StoredOn.INTERACTION, attribute="notes"),
    ),
    FieldSpec(
        key="customer_words",
        label="Customer's words",
        question="How would you put it in your own words?",
        category=DataCategory.ENQUIRY,
        group=FieldGroup.ENQUIRY,
        mask=Mask.HIDDEN,
        normalise=None,
        read_back=ReadBack.PLAIN,
        max_length=2000,
        storage=Storage(on=StoredOn.INTERACTION, attribute="customer_words"),
    ),
    FieldSpec(
        key="accessibility_needs",
        label="Support needs",
        question="Is there anything we should know so we can support you better?",
        category=DataCategory.SPECIAL_CATEGORY,
        group=FieldGroup.SPECIAL,
        mask=Mask.HIDDEN,
        normalise=None,
        read_back=ReadBack.PLAIN,
        max_length=500,
        storage=Storage(on=StoredOn.CUSTOMER, attribute="accessibility_needs"),
        on_record=True,
        clearable=True,
    ),
)

FIELDS: Mapping[str, FieldSpec] = MappingProxyType({spec.key: spec for spec in _FIELDS})

# Derived from the registry: never edit these, edit the entries above.

#: The fields a customer record holds and shows, in order.
RECORD_FIELDS = tuple(spec.key for spec in _FIELDS if spec.on_record)

#: Record fields a handler may empty; the others identify or reach the customer.
CLEARABLE_FIELDS = frozenset(spec.key for spec in _FIELDS if spec.clearable)

#: The fields the duplicate check at capture looks at; typing in them re-runs it.
DUPLICATE_FIELDS = tuple(spec.key for spec in _FIELDS if spec.duplicate_check)

#: Fields the handler may ask the caller to say twice (double entry, MP-03).
DOUBLE_ENTRY_FIELDS = tuple(spec.key for spec in _FIELDS if spec.double_entry)

#: Free text: typed in the handler's own words, with no normaliser to shape it. Card numbers
#: are taken out of these as they are typed, and stored ones by `custinfo redact-cards`.
FREE_TEXT_FIELDS = tuple(spec.key for spec in _FIELDS if spec.normalise is None)


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
        text = clean_free_text(raw)
        if not text:
            raise FieldError("Enter some text.")
        if len(text) > spec.max_length:
            raise FieldError(f"At most {spec.max_length} characters.")
        return text

    return free_text


def check_field(key: str, raw: str) -> FieldResult:
    """Check one field's raw text: the normalised value, or the message to show at the field.

    The raw text goes to the normaliser untouched: names must see control characters to
    refuse them. An unknown key raises KeyError, a programming error rather than bad input.
    """
    return check(FIELD_NORMALISERS[key], raw)
