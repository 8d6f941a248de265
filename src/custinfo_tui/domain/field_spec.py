"""The words the field registry (domain/fields.py) describes each customer field in: how
it is read back, masked, grouped for the verification policy, shown, stored and searched,
and `FieldSpec`, which holds them all for one field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.check_kind import CheckKind
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.text import fold_for_search
from custinfo_tui.domain.validation import Normaliser


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


class Display(StrEnum):
    """How a stored value is shown on the record, and previewed while it is typed."""

    AS_STORED = "as_stored"
    #: On the record as dialled here ("07700 900123"); previewed internationally
    #: ("+44 7700 900123"), so the handler hears which country the number is in.
    PHONE = "phone"
    SPOKEN_DATE = "spoken_date"  # "3 March 1985", on the record and in the preview
    REFERENCE = "reference"  # in the groups it is read out in ("1001 2345 P")
    COUNTRY = "country"  # by its name ("France"), stored as its code ("FR")


class AddressIn(StrEnum):
    """Where an address is, for the fields asked only of some addresses: the two postcodes,
    a UK one in Royal Mail's format and one from anywhere else (domain/address_country.py)."""

    UK = "uk"
    ABROAD = "abroad"


class StoredOn(StrEnum):
    """Which row holds a field's value (`repository.orm`)."""

    CUSTOMER = "customer"  # a column of the customer (`Customer`)
    #: The customer's primary contact point (`ContactPoint`) whose kind is the field's key.
    CONTACT_POINT = "contact_point"
    ADDRESS = "address"  # the customer's current address (`Address`)
    INTERACTION = "interaction"  # the call it was given in (`Interaction`)


class SearchKey(StrEnum):
    """A folded copy of a value kept beside it for search, and the name index it is filed
    under: `NameIndexKey.kind`, and the column `<kind>_key` next to the value."""

    GIVEN = "given"
    FAMILY = "family"
    TOWN = "town"

    @property
    def column(self) -> str:
        return f"{self.value}_key"

    def of(self, value: str) -> str:
        """The folded key of a stored value, as the lookup searches it."""
        return fold_for_search(value) if self is SearchKey.TOWN else name_key(value)


@dataclass(kw_only=True, frozen=True, slots=True)
class Storage:
    """Where a field's value lives: the attribute `attribute` of the row `on`."""

    on: StoredOn
    attribute: str
    #: Stored as a date (the field's stored form is its ISO text, "1985-03-03").
    is_date: bool = False
    search_key: SearchKey | None = None


@dataclass(kw_only=True, frozen=True, slots=True)
class FieldSpec:
    """Every fact about one field. Keyword-only, so an entry reads as what it says."""

    key: str
    label: str
    #: The question the handler asks the caller (MP-02).
    question: str
    category: DataCategory
    group: FieldGroup
    mask: Mask
    #: The identity check whose answer this field's value is (the phone: its last digits;
    #: the postcode). In a call its mask shows nothing of it until that check has passed or
    #: the caller's level allows reading the field: "...123" beside "What are the last 4
    #: digits of the phone number we hold?" gave a handler three of them to prompt with.
    answers: CheckKind | None = None
    #: Typed text -> stored form; None for free text (`normaliser_for` then cleans it).
    normalise: Normaliser | None
    read_back: ReadBack
    max_length: int = 120
    display: Display = Display.AS_STORED
    #: Where the value is stored; None for a value only checked, never kept.
    storage: Storage | None = None
    #: One of the customer record's fields: shown on it, edited there, captured for it.
    on_record: bool = False
    #: A record field the handler may empty; the others identify or reach the customer.
    clearable: bool = False
    #: Typing it at capture re-runs the check for an existing customer (MP-06).
    duplicate_check: bool = False
    #: The handler may ask the caller to say it twice (double entry, MP-03).
    double_entry: bool = False
    #: Asked and held only for an address in the UK, or only for one outside it, as the
    #: address's country says; None for every address.
    address_in: AddressIn | None = None
