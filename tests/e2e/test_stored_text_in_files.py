"""Stored text that went around the validators reaches no file people read as escape
sequences: the subject access pack, the evidence export, and what `custinfo dsar` and
`custinfo restore` say.

Values are planted straight into the database (as an import, another system or a direct
edit would leave them), then written out by the CLI and the files read as `cat`, `less -R`
or a browser would get them: nothing below a space but line breaks and tabs, no C1
control, no bidi override. The JSON forms keep the values exactly, for the machine that
reads them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction, AuditEventIn
from custinfo_tui.domain.unseen_text import HIDDEN_ONLY
from custinfo_tui.repository.orm import Customer, Operator
from custinfo_tui.services import erasure
from custinfo_tui.settings import Settings
from tests.support.acting import TRAINER, main_as
from tests.support.database import console_database, console_uow_factory
from tests.support.printed_lines import words
from tests.support.terminal_output import unsafe_characters

#: The explorer's address line: a colour, a right-to-left override; then a hyperlink, a
#: one-byte CSI (C1) and a bell.
ADDRESS = (
    "1 Mill \x1b[31mLane\x1b[0m \u202eesrever "
    "\x1b]8;;https://evil.example.com/\x1b\\click\x1b]8;;\x1b\\ \x9b2J\x07"
)
#: How the HTML shows it: every control visible, the override and the C1 byte as U+FFFD.
SHOWN = "1 Mill ␛[31mLane␛[0m \ufffdesrever ␛]8;;https://evil.example.com/␛\\click"
PAYLOAD = "\x1b]8;;https://evil.example.com/\x1b\\click\x1b]8;;\x1b\\\x1b[2J\u202eenoJ"

#: John Smith of the demo data (fictitious), and the record erased in one test.
JOHN_SMITH, ERASED = 1, 2


def _db(settings: Settings) -> str:
    assert settings.database_url is not None
    return str(make_url(settings.database_url).database)


def _planted_address(settings: Settings) -> str:
    """John Smith's current address's first line set to ADDRESS; his reference."""
    with console_database(settings) as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        customer.addresses[-1].line1 = ADDRESS
        uow.commit()
        return customer.reference


def _log_request(db: str, reference: str) -> list[str]:
    return ["--db", db, "dsar", "log", "--customer", reference, "--asked-by", "Himself",
            "--identity", "Passport seen", "--received", "2026-01-31",
            "--received-long-ago"]  # fmt: skip


def _assert_inert_file(written: bytes) -> str:
    """Nothing in the file can drive a terminal or reorder a line: the file as text."""
    text = written.decode("utf-8")
    assert not {byte for byte in written if byte < 0x20} - {0x0A, 0x09}
    assert not set(unsafe_characters(text)) - {"U+0009"}, unsafe_characters(text)
    return text


def test_the_html_pack_shows_a_planted_escape_sequence_and_override_inert(
    demo_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = _planted_address(demo_settings)
    db = _db(demo_settings)
    assert main_as(_log_request(db, reference)) == 0
    pack = tmp_path / "pack.html"

    assert main_as(["--db", db, "dsar", "export", "1", "--out", str(pack)]) == 0

    page = _assert_inert_file(pack.read_bytes())
    assert f"<td>{SHOWN}" in page
    assert "\u202e" not in page and "\x1b" not in page
    assert "Pack written (" in capsys.readouterr().out


def test_the_html_pack_says_a_value_of_hidden_characters_only_is_there(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """Found in a review: a town an import left as a zero width space and a joiner showed
    as an empty cell, telling the person nothing was held where something is. It says so
    in the console's words; the JSON keeps the value exactly."""
    with console_database(demo_settings) as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        customer.addresses[-1].town = "\u200b\u200d"
        reference = customer.reference
        uow.commit()
    db = _db(demo_settings)
    assert main_as(_log_request(db, reference)) == 0
    pack, as_json = tmp_path / "pack.html", tmp_path / "pack.json"

    assert main_as(["--db", db, "dsar", "export", "1", "--out", str(pack)]) == 0
    assert main_as(["--db", db, "dsar", "export", "1", "--out", str(as_json)]) == 0

    page = _assert_inert_file(pack.read_bytes())
    assert f"<td><em>{HIDDEN_ONLY}</em></td>" in page
    assert "<td>\u200b\u200d</td>" not in page
    document = json.loads(as_json.read_text())
    towns = [row.get("Town") for section in document["sections"] for row in section["rows"]]
    assert "\u200b\u200d" in towns  # exactly as stored


def test_the_json_pack_keeps_a_planted_value_exactly_but_inert_in_the_file(
    demo_settings: Settings, tmp_path: Path
) -> None:
    reference = _planted_address(demo_settings)
    db = _db(demo_settings)
    assert main_as(_log_request(db, reference)) == 0
    pack = tmp_path / "pack.json"

    assert main_as(["--db", db, "dsar", "export", "1", "--out", str(pack)]) == 0

    text = _assert_inert_file(pack.read_bytes())
    assert "\\u202e" in text and "\\u009b" in text and "\\u001b" in text
    sections = json.loads(text)["sections"]
    cells = [cell for section in sections for row in section["rows"] for cell in row.values()]
    assert ADDRESS in cells  # read back, exactly what was stored


def test_the_evidence_export_shows_planted_event_details_inert_in_html_and_json(
    demo_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with console_database(demo_settings) as uow:
        agent = uow.session.scalars(select(Operator).where(Operator.username == "agent")).one()
        for action, details in (
            (AuditAction.CUSTOMER_SEARCHED, {"kind": PAYLOAD, "results": 1}),
            (AuditAction.CUSTOMER_CREATED, {"enquiry_type": PAYLOAD}),
        ):
            uow.audit.append(
                AuditEventIn(
                    action=action,
                    operator_id=agent.id,
                    customer_id=JOHN_SMITH,
                    fields=("town",),
                    details=details,
                )
            )
        uow.commit()
    db = _db(demo_settings)
    html, as_json = tmp_path / "evidence.html", tmp_path / "evidence.json"
    common = ["--db", db, "evidence", "--operator", "agent"]

    assert main_as([*common, "--out", str(html)], TRAINER) == 0
    assert main_as([*common, "--out", str(as_json), "--json"], TRAINER) == 0

    page = _assert_inert_file(html.read_bytes())
    assert "␛]8;;https://evil.example.com/" in page
    text = _assert_inert_file(as_json.read_bytes())
    steps = [step["words"] for c in json.loads(text)["contacts"] for step in c["steps"]]
    assert any(PAYLOAD in words for words in steps)  # exactly as the trail holds it
    assert not unsafe_characters(capsys.readouterr().out)


def test_dsar_log_says_who_erased_the_record_inert(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with console_database(demo_settings) as uow:
        trainer = uow.session.scalars(select(Operator).where(Operator.username == "trainer")).one()
        trainer.username = f"trainer{PAYLOAD}"
        customer = uow.session.get(Customer, ERASED)
        assert customer is not None
        customer.status = CustomerStatus.ERASED.value
        reference = customer.reference
        uow.audit.append(
            AuditEventIn(
                action=AuditAction.CUSTOMER_ERASED,
                operator_id=trainer.id,
                customer_id=ERASED,
            )
        )
        uow.commit()

    assert main_as(_log_request(_db(demo_settings), reference)) == 0

    said = capsys.readouterr().out
    assert "by trainer␛]8;;https://evil.example.com/" in words(said)
    assert not unsafe_characters(said), unsafe_characters(said)


def test_restore_names_the_records_erased_since_the_backup_inert(
    demo_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reference listed is the backup's, which may have been edited around the console."""
    db, backup = _db(demo_settings), tmp_path / "backup.db"
    with console_database(demo_settings) as uow:
        customer = uow.customers.get(ERASED)
        assert customer is not None
        customer.reference = f"1006{PAYLOAD}"
        uow.commit()
    assert main(["--db", db, "backup", str(backup)]) == 0
    with console_uow_factory(demo_settings) as uows:
        erasure.erase_customer(uows(), None, ERASED, "Art. 17 request")
    capsys.readouterr()

    assert main(["--db", db, "restore", str(backup)]) == 0  # says what it would undo

    said = capsys.readouterr().out
    assert "): 1006␛]8;;https://evil.example.com/" in said
    assert not unsafe_characters(said), unsafe_characters(said)
