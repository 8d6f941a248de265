"""`custinfo redact-cards`: card numbers already stored in free text are found and replaced.

Card numbers are planted straight into the database, as text stored before the cleaner
took them out (or brought in by an import) would be.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import pytest
from sqlalchemy import String, insert, select, text

from custinfo_tui.commands.redact_cards import register, run
from custinfo_tui.domain.card_data import CardDataSweep
from custinfo_tui.domain.card_numbers import CARD_NUMBER_REMOVED
from custinfo_tui.domain.events import AuditAction, AuditEventIn
from custinfo_tui.repository.free_text import FREE_TEXT_COLUMNS, NOT_FREE_TEXT
from custinfo_tui.repository.orm import AuditEventRow, Base, Customer, FieldChange
from custinfo_tui.services.card_numbers import redact_stored_card_data
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings

JOHN_SMITH = 1  # the first demo customer (fictitious)
HELEN_SMYTHE = 1  # the first demo representative
VISA = "4111 1111 1111 1111"  # a test card number: passes the Luhn check
AMEX = "378282246310005"
PHONE = "07700 900123"


def _plant(uow_factory: UnitOfWorkFactory) -> int:
    """Card numbers in four free-text columns, one in a phone's history (not free text) and
    one in an audit event's reason; the audit event's id."""
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        session.execute(
            text("UPDATE customers SET accessibility_needs = :needs WHERE id = :id"),
            {"needs": f"Large print. Paid by {VISA}, call {PHONE}", "id": JOHN_SMITH},
        )
        session.execute(
            text("UPDATE representatives SET relationship = :r WHERE id = :id"),
            {"r": f"son {AMEX}", "id": HELEN_SMYTHE},
        )
        agent_id = session.scalar(text("SELECT id FROM operators WHERE username = 'agent'"))
        history = {
            "customer_id": JOHN_SMITH,
            "operator_id": agent_id,
            "changed_at": datetime.now(UTC),
        }
        session.execute(
            insert(FieldChange),
            [
                {
                    **history,
                    "field": "accessibility_needs",
                    "old_value": f"card {VISA} and {AMEX}",
                    "new_value": "Large print",
                    "reason": f"Caller read out {VISA}",
                },
                # A phone's history is a phone number, whatever its digits: left alone.
                {
                    **history,
                    "field": "phone",
                    "old_value": "4111111111111111",
                    "new_value": "+447700900123",
                    "reason": "Customer moved",
                },
            ],
        )
        event = uow.audit.append(
            AuditEventIn(
                action=AuditAction.CUSTOMER_VIEWED,
                operator_id=agent_id,
                customer_id=JOHN_SMITH,
                reason=f"Payment query {VISA}",
            )
        )
        uow.commit()
        return event.id


def _counts(sweep: CardDataSweep) -> dict[str, tuple[int, int]]:
    return {c.column: (c.rows, c.card_numbers) for c in sweep.columns if c.rows}


EXPECTED = {
    "customers.accessibility_needs": (1, 1),
    "representatives.relationship": (1, 1),
    "field_history.old_value": (1, 2),
    "field_history.reason": (1, 1),
}


def _stored(uow_factory: UnitOfWorkFactory) -> dict[str, object]:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        return {
            "needs": session.scalar(
                select(Customer.accessibility_needs).where(Customer.id == JOHN_SMITH)
            ),
            "relationship": session.scalar(
                text("SELECT relationship FROM representatives WHERE id = :id"),
                {"id": HELEN_SMYTHE},
            ),
            "history": sorted(
                session.execute(
                    select(FieldChange.field, FieldChange.old_value, FieldChange.reason)
                ).all()
            ),
        }


def _events(uow_factory: UnitOfWorkFactory) -> list[tuple[int | None, str | None, object]]:
    """(operator, reason, details) of each `data.card_numbers_redacted` event."""
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        query = select(
            AuditEventRow.operator_id, AuditEventRow.reason, AuditEventRow.details
        ).where(AuditEventRow.action == AuditAction.CARD_NUMBERS_REDACTED.value)
        return [tuple(row) for row in session.execute(query.order_by(AuditEventRow.id))]


def test_every_text_column_is_known_to_be_free_text_or_not() -> None:
    """A new column long enough for a card number must be placed in one list or the other."""
    listed = {column.name for column in FREE_TEXT_COLUMNS}
    known = {
        f"{attribute.property.columns[0].table.name}.{attribute.key}"
        for attributes in NOT_FREE_TEXT.values()
        for attribute in attributes
    }
    assert not listed & known
    could_hold_a_card_number = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String) and (column.type.length or 13) >= 13
    }
    assert could_hold_a_card_number - listed - known == set()
    assert listed | known <= could_hold_a_card_number


def test_a_dry_run_counts_per_column_and_changes_nothing(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    event_id = _plant(demo_uow_factory)
    before = _stored(demo_uow_factory)

    sweep = redact_stored_card_data(demo_uow_factory(), None, dry_run=True)

    assert _counts(sweep) == EXPECTED
    assert sweep.card_numbers == 5 and not sweep.redacted
    assert sweep.audit_event_ids == (event_id,)
    assert _stored(demo_uow_factory) == before
    assert _events(demo_uow_factory) == []


def test_a_real_run_replaces_them_records_one_event_and_leaves_nothing_to_find(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    event_id = _plant(demo_uow_factory)

    sweep = redact_stored_card_data(demo_uow_factory(), None, dry_run=False)

    assert _counts(sweep) == EXPECTED and sweep.redacted
    stored = _stored(demo_uow_factory)
    assert stored["needs"] == f"Large print. Paid by {CARD_NUMBER_REMOVED}, call {PHONE}"
    assert stored["relationship"] == f"son {CARD_NUMBER_REMOVED}"
    assert stored["history"] == [
        (
            "accessibility_needs",
            f"card {CARD_NUMBER_REMOVED} and {CARD_NUMBER_REMOVED}",
            f"Caller read out {CARD_NUMBER_REMOVED}",
        ),
        ("phone", "4111111111111111", "Customer moved"),
    ]
    [(operator, reason, details)] = _events(demo_uow_factory)
    assert operator is None and reason is None  # the system; counts only
    assert details == {
        "columns": {
            "customers.accessibility_needs": 1,
            "representatives.relationship": 1,
            "field_history.old_value": 2,
            "field_history.reason": 1,
        },
        "security_code_columns": {},
        "expiry_columns": {},
        "rows": 4,
        "card_numbers": 5,
        "security_codes": 0,
        "expiries": 0,
        "audit_reasons_left": 1,
    }
    assert "4111" not in str(details)

    again = redact_stored_card_data(demo_uow_factory(), None, dry_run=False)

    assert again.card_numbers == 0 and again.audit_event_ids == (event_id,)
    assert len(_events(demo_uow_factory)) == 2


def test_a_redacted_value_still_fits_its_column(demo_uow_factory: UnitOfWorkFactory) -> None:
    """The replacement is longer than the number: text at its column's limit is cut."""
    relationship = f"{'x' * 44}{AMEX}"  # 59 characters, in a column of 60
    with demo_uow_factory() as uow:
        uow.session.execute(  # type: ignore[attr-defined]
            text("UPDATE representatives SET relationship = :r WHERE id = :id"),
            {"r": relationship, "id": HELEN_SMYTHE},
        )
        uow.commit()

    redact_stored_card_data(demo_uow_factory(), None, dry_run=False)

    stored = _stored(demo_uow_factory)["relationship"]
    assert stored == f"{'x' * 44}{CARD_NUMBER_REMOVED}"[:60]


def _cli(database_url: str, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    return run(parser.parse_args(["redact-cards", *argv]), Settings(database_url=database_url))


def test_the_command_prints_counts_never_values(
    demo_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from custinfo_tui.composition import build_engine_for, uow_factory_for

    engine = build_engine_for(demo_database_url)
    try:
        event_id = _plant(uow_factory_for(engine))
    finally:
        engine.dispose()

    assert _cli(demo_database_url, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert _cli(demo_database_url) == 0
    real = capsys.readouterr().out

    assert "customers.accessibility_needs" in dry and "interactions.notes" in dry
    assert "Dry run: found 5 card numbers in 4 rows. Nothing was changed." in dry
    assert "1 audit event with card data in the reason, left as they are" in dry
    assert "Replaced 5 card numbers in 4 rows" in real
    for out in (dry, real):
        assert f"#{event_id}" in out
        assert "4111" not in out and "Large print" not in out


#: The explorer's note as it was stored before security codes and expiries were taken out.
STORED_NOTE = "Large print. caller read out card [card number removed] exp 12/28 cvv 123"


def _plant_codes_and_expiries(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        session.execute(
            text("UPDATE customers SET accessibility_needs = :needs WHERE id = :id"),
            {"needs": STORED_NOTE, "id": JOHN_SMITH},
        )
        session.execute(
            text("UPDATE representatives SET relationship = :r WHERE id = :id"),
            {"r": f"son, card {VISA} 12/28", "id": HELEN_SMYTHE},
        )
        uow.commit()


def test_security_codes_and_expiries_are_swept_too_even_beside_a_number_taken_out_before(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    _plant_codes_and_expiries(demo_uow_factory)

    dry = redact_stored_card_data(demo_uow_factory(), None, dry_run=True)
    sweep = redact_stored_card_data(demo_uow_factory(), None, dry_run=False)

    found = {
        c.column: (c.rows, c.card_numbers, c.security_codes, c.expiries)
        for c in sweep.columns
        if c.rows
    }
    assert found == {
        "customers.accessibility_needs": (1, 0, 1, 1),
        "representatives.relationship": (1, 1, 0, 1),
    }
    assert dry.columns == sweep.columns and not dry.redacted
    stored = _stored(demo_uow_factory)
    assert stored["needs"] == (
        f"Large print. caller read out card {CARD_NUMBER_REMOVED} exp [expiry removed] "
        "cvv [security code removed]"
    )
    assert stored["relationship"] == f"son, card {CARD_NUMBER_REMOVED} [expiry removed]"
    [(_, _, details)] = _events(demo_uow_factory)
    assert details == {
        "columns": {"representatives.relationship": 1},
        "security_code_columns": {"customers.accessibility_needs": 1},
        "expiry_columns": {"customers.accessibility_needs": 1, "representatives.relationship": 1},
        "rows": 2,
        "card_numbers": 1,
        "security_codes": 1,
        "expiries": 2,
        "audit_reasons_left": 0,
    }
    assert redact_stored_card_data(demo_uow_factory(), None, dry_run=True).removed == 0


def test_the_command_counts_codes_and_expiries_by_kind(
    demo_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from custinfo_tui.composition import build_engine_for, uow_factory_for

    engine = build_engine_for(demo_database_url)
    try:
        _plant_codes_and_expiries(uow_factory_for(engine))
    finally:
        engine.dispose()

    assert _cli(demo_database_url, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert _cli(demo_database_url) == 0
    real = capsys.readouterr().out

    found = "1 card number, 1 security code and 2 expiry dates in 2 rows"
    assert f"Dry run: found {found}. Nothing was changed." in dry
    assert f"Replaced {found} with [card number removed], [security code removed] and" in real
    assert "table.column" in dry and "codes" in dry and "expiries" in dry
    table = dry.split("Dry run")[0].splitlines()  # one line per column, in 80 characters
    assert max(len(line) for line in table) <= 80
    for out in (dry, real):
        assert "12/28" not in out and "123" not in out and "4111" not in out
