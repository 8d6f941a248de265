"""The field registry is complete and consistent: every fact about a field lives in its entry,
and every list of fields elsewhere is derived from the registry, never kept beside it."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect

from custinfo_tui.domain import capture as capture_domain
from custinfo_tui.domain import fields as registry
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.field_display import display_value, preview
from custinfo_tui.domain.field_spec import (
    Display,
    FieldGroup,
    FieldSpec,
    Mask,
    ReadBack,
    SearchKey,
    Storage,
    StoredOn,
)
from custinfo_tui.domain.fields import (
    CLEARABLE_FIELDS,
    DOUBLE_ENTRY_FIELDS,
    DUPLICATE_FIELDS,
    FIELDS,
    RECORD_FIELDS,
    fields_in,
)
from custinfo_tui.repository.orm import Address, ContactPoint, Customer, Interaction

#: The ORM model behind each place a value can be stored.
MODELS = {
    StoredOn.CUSTOMER: Customer,
    StoredOn.CONTACT_POINT: ContactPoint,
    StoredOn.ADDRESS: Address,
    StoredOn.INTERACTION: Interaction,
}
#: Where the record itself can hold a value; the interaction holds what was said on a call.
RECORD_PLACES = {StoredOn.CUSTOMER, StoredOn.CONTACT_POINT, StoredOn.ADDRESS}

specs = st.sampled_from(list(FIELDS.values()))


def _column(on: StoredOn, attribute: str) -> object:
    columns = inspect(MODELS[on]).columns
    assert attribute in columns, f"{MODELS[on].__name__} has no column {attribute!r}"
    return columns[attribute]


@pytest.mark.parametrize("spec_class", [FieldSpec, Storage])
def test_registry_entries_are_keyword_only_and_frozen(spec_class: type) -> None:
    assert all(f.kw_only for f in dataclasses.fields(spec_class))
    params = spec_class.__dataclass_params__
    assert params.frozen
    assert hasattr(spec_class, "__slots__")


@given(specs)
def test_an_entry_cannot_be_built_positionally_nor_changed(spec: FieldSpec) -> None:
    values = {f.name: getattr(spec, f.name) for f in dataclasses.fields(FieldSpec)}
    with pytest.raises(TypeError):
        FieldSpec(*values.values())
    assert FieldSpec(**values) == spec
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.label = "changed"  # type: ignore[misc]


@given(specs)
def test_every_field_carries_every_fact(spec: FieldSpec) -> None:
    assert FIELDS[spec.key] is spec
    assert spec.label and spec.question.endswith("?")
    assert isinstance(spec.category, DataCategory)
    assert isinstance(spec.group, FieldGroup)
    assert isinstance(spec.mask, Mask)
    assert isinstance(spec.read_back, ReadBack)
    assert isinstance(spec.display, Display)
    assert spec.max_length > 0


@given(specs)
def test_every_stored_field_names_a_column_of_its_model(spec: FieldSpec) -> None:
    storage = spec.storage
    if storage is None:
        return
    column = _column(storage.on, storage.attribute)
    assert (column.type.python_type is date) is storage.is_date  # type: ignore[attr-defined]
    if storage.search_key is not None:
        _column(storage.on, storage.search_key.column)


@given(st.sampled_from(RECORD_FIELDS))
def test_every_record_field_is_stored_on_the_record(key: str) -> None:
    spec = FIELDS[key]
    assert spec.storage is not None, key
    assert spec.storage.on in RECORD_PLACES, key


def test_contact_point_fields_are_the_contact_point_kinds() -> None:
    # The service finds a contact-point field's row by kind == the field's key.
    contact_keys = {
        s.key
        for s in FIELDS.values()
        if s.storage is not None and s.storage.on is StoredOn.CONTACT_POINT
    }
    assert contact_keys == {"phone", "email"}


def test_derived_lists_agree_with_the_registry() -> None:
    in_order = list(FIELDS.values())
    assert tuple(s.key for s in in_order if s.on_record) == RECORD_FIELDS
    assert {s.key for s in in_order if s.clearable} == CLEARABLE_FIELDS
    assert tuple(s.key for s in in_order if s.duplicate_check) == DUPLICATE_FIELDS
    assert tuple(s.key for s in in_order if s.double_entry) == DOUBLE_ENTRY_FIELDS
    assert capture_domain.DOUBLE_ENTRY_FIELDS is DOUBLE_ENTRY_FIELDS
    # Emptying, the duplicate check and double entry only ever apply to record fields.
    record = set(RECORD_FIELDS)
    assert record >= CLEARABLE_FIELDS
    assert set(DUPLICATE_FIELDS) <= record
    assert set(DOUBLE_ENTRY_FIELDS) <= record


def test_the_record_shows_what_it_always_has() -> None:
    # Pinned, so a registry edit that drops a field from the record is seen in review.
    assert RECORD_FIELDS == (
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "email",
        "address_line1",
        "address_line2",
        "town",
        "postcode",
        "country",
        "foreign_postcode",
        "accessibility_needs",
    )
    assert {"email", "address_line2", "foreign_postcode", "accessibility_needs"} == (
        CLEARABLE_FIELDS
    )
    assert DUPLICATE_FIELDS == (
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "email",
        "postcode",
        "foreign_postcode",
    )


def test_the_registry_docstring_lists_each_categorys_fields() -> None:
    doc = registry.__doc__ or ""
    sections = {
        match.group(1): set(re.findall(r"`([a-z_0-9]+)`", match.group(2)))
        for match in re.finditer(r"^- `([a-z_]+)`(.*?)(?=^- |\Z)", doc, re.M | re.S)
    }
    assert set(sections) == {category.value for category in DataCategory}
    for category in DataCategory:
        documented = sections[category.value] - {category.value}
        assert documented == {s.key for s in fields_in(category)}, category


def test_search_keys_name_their_column_and_fold_the_value() -> None:
    assert SearchKey.GIVEN.column == "given_key"
    assert SearchKey.TOWN.column == "town_key"
    assert SearchKey.FAMILY.of("O'Neill-Ní Bhriain") == "oneillnibhriain"


@given(
    st.sampled_from([s.key for s in FIELDS.values() if s.display is Display.AS_STORED]),
    st.text(),
)
def test_fields_displayed_as_stored_show_and_preview_the_stored_text(key: str, text: str) -> None:
    assert display_value(key, text) == text
    assert preview(key, text) == text


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_of_birth_are_shown_and_previewed_spoken(birth: date) -> None:
    spoken = format_spoken_date(birth)
    assert display_value("date_of_birth", birth.isoformat()) == spoken
    assert preview("date_of_birth", birth.isoformat()) == spoken


@given(st.from_regex(r"\+447700900[0-9]{3}", fullmatch=True))
def test_phones_show_as_dialled_and_preview_internationally(e164: str) -> None:
    assert display_value("phone", e164).startswith("07700 ")
    assert preview("phone", e164).startswith("+44 7700 ")
