"""`custinfo evidence` (MP-21; docs/training.md, "Evidence of practice"): an operator's
real work written to a new file as printable HTML or JSON, with no planted personal value
in it, and the mistakes a user can make at the command line."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.repository.engine import build_engine
from tests.support.acting import ADMIN, TRAINER, main_as
from tests.support.planted_work import assert_no_planted_value, plant_work
from tests.support.printed_lines import words


def test_custinfo_evidence_writes_the_operators_work_anonymised_as_html_and_json(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = build_engine(sqlite_demo_url)
    reference = plant_work(uow_factory_for(engine))
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    today = datetime.now(UTC).date().isoformat()
    html, as_json = tmp_path / "evidence.html", tmp_path / "evidence.json"

    common = ["--db", db, "evidence", "--operator", "agent"]
    assert main_as([*common, "--since", today, "--until", today, "--out", str(html)], TRAINER) == 0
    said = capsys.readouterr().out
    assert main_as([*common, "--out", str(as_json), "--json"], TRAINER) == 0

    assert f"Wrote {html} (HTML): Live work, {today} to {today}; 3 contacts" in said
    page = html.read_text(encoding="utf-8")
    assert "<h1>Evidence of practice (anonymised)</h1>" in page
    assert "Customer A" in page and "Customer B" in page and "(reason given)" in page
    assert stat.S_IMODE(html.stat().st_mode) == 0o600
    assert json.loads(as_json.read_text(encoding="utf-8"))["operator"] == "agent"
    for written in (page, as_json.read_text(encoding="utf-8")):
        assert_no_planted_value(written, reference)


def test_custinfo_evidence_refuses_the_administrator_who_has_no_evidence(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`custinfo evidence --as admin --operator admin` wrote an export, though the
    administrator opens no customer's record and docs/access-control.md gives them no
    evidence: refused at login, on the trail as `command.refused`, nothing written."""
    db = str(make_url(sqlite_demo_url).database)
    out = tmp_path / "admin.html"

    assert main_as(["--db", db, "evidence", "--operator", "admin", "--out", str(out)], ADMIN) == 1

    said = capsys.readouterr().err
    assert "admin is an Administrator; only a role that opens customers' records" in said
    assert not out.exists()
    engine = build_engine(sqlite_demo_url)
    with uow_factory_for(engine)() as uow:
        assert not uow.audit.list_recent(action="evidence.exported")
        (refused,) = uow.audit.list_recent(action="command.refused")
    engine.dispose()
    assert refused.details == {"command": "evidence", "reason": "not_permitted"}


def test_custinfo_evidence_refuses_an_existing_file_an_unknown_operator_and_mixed_options(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    there = tmp_path / "there.html"
    there.write_text("mine", encoding="utf-8")

    evidence = ["--db", db, "evidence", "--operator"]
    assert main_as([*evidence, "agent", "--out", str(there)], TRAINER) == 1
    assert "That file exists already" in capsys.readouterr().err
    assert there.read_text(encoding="utf-8") == "mine"
    out = str(tmp_path / "new.html")
    assert main_as([*evidence, "nobody", "--out", out], TRAINER) == 1
    assert "There is no operator with that username." in capsys.readouterr().err
    mixed = ["--run", "1", "--since", "2026-01-01"]
    assert main_as([*evidence, "agent", *mixed, "--out", out], TRAINER) == 2
    assert main_as([*evidence, "agent", "--run", "9", "--out", out], TRAINER) == 1
    assert "There is no training run 9." in capsys.readouterr().err
    assert not Path(out).exists()


def test_custinfo_evidence_writes_the_form_its_files_name_says_as_the_console_does(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out d6.json` wrote HTML into d6.json and `--json --out d7.html` JSON into a .html
    file: the name decides, `--json` only for a name that names neither form, and a
    `--json` contradicting the name is refused with nothing written."""
    db = str(make_url(sqlite_demo_url).database)
    common = ["--db", db, "evidence", "--operator", "agent", "--out"]

    assert main_as([*common, str(tmp_path / "d6.json")], TRAINER) == 0
    assert "(JSON)" in capsys.readouterr().out
    assert json.loads((tmp_path / "d6.json").read_text(encoding="utf-8"))["operator"] == "agent"
    assert main_as([*common, str(tmp_path / "d7.html"), "--json"], TRAINER) == 2
    said = capsys.readouterr().err
    assert "--json writes JSON, but d7.html names an HTML file" in said
    assert not (tmp_path / "d7.html").exists()
    assert main_as([*common, str(tmp_path / "d8.HTM")], TRAINER) == 0
    assert (tmp_path / "d8.HTM").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main_as([*common, str(tmp_path / "plain"), "--json"], TRAINER) == 0  # names neither
    assert json.loads((tmp_path / "plain").read_text(encoding="utf-8"))["operator"] == "agent"
    assert main_as([*common, str(tmp_path / "plain.txt")], TRAINER) == 0
    assert "(HTML)" in capsys.readouterr().out


def test_custinfo_evidence_refuses_a_first_day_still_to_come_and_names_an_open_first_day(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--since 2030-01-01` alone wrote an empty file with exit status 0; leaving --since
    out said "the first day", which tells an assessor nothing."""
    engine = build_engine(sqlite_demo_url)
    plant_work(uow_factory_for(engine))
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    today = datetime.now(UTC).date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    common = ["--db", db, "evidence", "--operator", "agent"]
    out = tmp_path / "later.html"

    assert main_as([*common, "--since", tomorrow, "--out", str(out)], TRAINER) == 1
    assert "The first day is after today: nothing is logged yet." in capsys.readouterr().err
    assert main_as(
        [*common, "--since", tomorrow, "--until", today.isoformat(), "--out", str(out)], TRAINER
    )
    assert "The first day comes after the last day." in capsys.readouterr().err
    assert not out.exists()

    assert main_as([*common, "--out", str(out)], TRAINER) == 0
    said = capsys.readouterr().out
    assert f"Live work, {today.isoformat()} (the first logged step) to today;" in said
    assert "the first day" not in said
    nothing = ["--db", db, "evidence", "--operator", "dpo", "--out", str(tmp_path / "dpo.html")]
    assert main_as(nothing, TRAINER) == 0  # no step logged: no day to name
    assert "Live work, from the first logged step to today; 0 contacts" in capsys.readouterr().out


def test_custinfo_evidence_names_the_file_it_cannot_write_or_wrote_in_the_consoles_words(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A missing folder was "Could not write the file: No such file or directory." with no
    path, `--out ""` "That is a folder", `--out -` a file called "-", and a relative name
    was reported as typed: now the console's words, with the path whole."""
    db = str(make_url(sqlite_demo_url).database)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    common = ["--db", db, "evidence", "--operator", "agent", "--out"]
    missing = tmp_path / "no-such-folder" / "mine.html"

    assert main_as([*common, str(missing)], TRAINER) == 1
    told = words(capsys.readouterr().err)
    assert f"There is no folder {missing.parent}: create it first, or choose another." in told
    for refused, why in (("", "a file name is needed"), ("-", "not standard output")):
        with pytest.raises(SystemExit) as stopped:
            main_as([*common, refused], TRAINER)
        assert stopped.value.code == 2 and why in capsys.readouterr().err
    assert not any(here.iterdir())  # no file called "-"

    assert main_as([*common, "rel.html"], TRAINER) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {here / 'rel.html'} (HTML): ")
