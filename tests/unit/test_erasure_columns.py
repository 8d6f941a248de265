"""Every stored column is placed for erasure: erased (with what it becomes), kept (with
why), or in a table that holds no customer's rows. A new column or table fails here until
someone decides, so a new personal value cannot be left behind by erasure."""

from __future__ import annotations

from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.repository.erased_columns import ERASED_COLUMNS
from custinfo_tui.repository.kept_columns import KEPT_COLUMNS, OTHER_TABLES
from custinfo_tui.repository.orm import Base


def _name(attribute: object) -> str:
    column = attribute.property.columns[0]  # type: ignore[attr-defined]
    return f"{column.table.name}.{column.name}"


def test_every_column_of_a_customers_rows_is_erased_or_kept_for_a_reason() -> None:
    erased = {column.name for column in ERASED_COLUMNS}
    kept = {_name(attribute) for attributes in KEPT_COLUMNS.values() for attribute in attributes}
    stored = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name not in OTHER_TABLES
        for column in table.columns
    }

    assert erased & kept == set(), "a column cannot be both erased and kept"
    assert sorted(stored - erased - kept) == [], "place these in repository/erasure.py"
    assert sorted((erased | kept) - stored) == []


def test_a_value_that_cannot_be_empty_becomes_the_placeholder() -> None:
    for column in ERASED_COLUMNS:
        nullable = column.attribute.property.columns[0].nullable
        if not nullable:
            assert column.becomes in (ERASED_PLACEHOLDER, ""), column.name


def test_the_command_offers_exactly_the_hold_kinds_a_dpo_records() -> None:
    from custinfo_tui.commands.erasure import HOLD_KINDS
    from custinfo_tui.domain.data_protection.erasure import RECORDED_HOLD_KINDS

    assert tuple(kind.value for kind in RECORDED_HOLD_KINDS) == HOLD_KINDS


def test_the_erasure_preview_names_every_place_a_value_is_held_in_words() -> None:
    """The preview said "3 in subject_access_requests": a table's name, not the desk's words."""
    from custinfo_tui.domain.data_protection.erasure import ErasurePreview
    from custinfo_tui.tui.screens.data_protection.erasure_lines import holding_line

    tables = {column.name.split(".", 1)[0] for column in ERASED_COLUMNS}
    line = holding_line(
        ErasurePreview(customer_id=1, reference="1000 0001 A", holding=dict.fromkeys(tables, 1))
    )

    assert "_" not in line, line
    assert "1 in subject access requests" in line
