"""`custinfo erase`, `custinfo hold` and `custinfo retention` (docs/data-protection.md):
what the DPO types and reads, and that no personal value is printed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.engine import build_engine
from tests.support.acting import DPO, main_as, password_typed
from tests.support.actors import desk_for
from tests.support.erasure import TRACES, Subject, customer_with_everything
from tests.support.printed_lines import too_wide, words


def _customer(url: str) -> Subject:
    engine = build_engine(url)
    try:
        return customer_with_everything(desk_for(uow_factory_for(engine), "agent"))
    finally:
        engine.dispose()


def test_erase_shows_the_hold_refuses_then_erases_once_it_is_lifted(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = _customer(sqlite_demo_url)
    db = str(make_url(sqlite_demo_url).database)
    ref = subject.reference

    monkeypatch.setenv("COLUMNS", "80")
    assert main_as(["--db", db, "erase", ref, "--check"]) == 0
    checked = capsys.readouterr().out
    assert main_as(["--db", db, "erase", ref, "--reason", "Customer's written request"]) == 1
    refusal = capsys.readouterr().err
    assert too_wide(refusal) == []  # a refusal of 280 characters was one line
    refused = words(refusal)
    hold = ["hold", "set", ref, "--kind", "legal_claim", "--reason", "Claim"]
    assert main_as(["--db", db, *hold]) == 0
    held = capsys.readouterr().out

    assert "held: Open complaint: Service, received" in checked  # while it lasts: no number
    unwrapped = " ".join(checked.split())  # each item's wrapped words joined
    assert "(no ground to refuse erasure)" in unwrapped  # a complaint is none of Art. 17(3)
    assert "values to erase:" in checked and " in call notes" in checked  # places in words
    assert "interactions" not in checked
    assert "Erasure is blocked by a legal hold" in refused
    # No ground to refuse: the request is kept open until the complaint ends, not refused.
    assert "An open complaint is no ground to refuse erasure" in refused
    assert "keep the erasure request open until the complaint is closed" in refused
    assert "Hold 1 recorded: Legal claim: Claim" in held
    # Every hold in force, across records, to review (there was no such list).
    assert main_as(["--db", db, "hold", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"hold 1  {format_reference(ref)}  since " in listed and "Legal claim: Claim" in listed
    outputs = checked + refused + held + listed
    assert not [trace for trace in TRACES if trace in outputs.casefold()]
    # The command it suggests works as printed: `hold lift` needs --reason, which the
    # suggestion left out, so copying it failed; and it names the DPO who listed the holds.
    [suggested] = re.findall(r"To lift one:\n  custinfo (hold lift --as dpo .*)\n", listed)
    typed = shlex.split(suggested.replace("NUMBER", "1"))
    with password_typed(DPO.password):
        assert main(["--db", db, *typed, "--password-stdin"]) == 0
    assert "Hold 1 lifted." in capsys.readouterr().out


def test_erase_needs_a_reason_and_reports_what_it_erased(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = build_engine(sqlite_demo_url)
    uow_factory = uow_factory_for(engine)
    with uow_factory() as uow:
        reference = uow.customers.get(1).reference  # type: ignore[union-attr]
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)

    assert main_as(["--db", db, "dsar", "restrict", reference, "--reason", "Contested"]) == 0
    capsys.readouterr()
    assert main_as(["--db", db, "erase", reference]) == 1
    said = capsys.readouterr()
    assert "give --reason" in said.err
    assert "  note: Processing is restricted since " in said.out
    assert main_as(["--db", db, "erase", reference, "--reason", "Art. 17 request"]) == 0
    assert "values in 1 record." in capsys.readouterr().out
    assert main_as(["--db", db, "erase", reference, "--check"]) == 1
    assert "This record was erased on " in capsys.readouterr().err


def test_retention_dry_run_lists_each_category_and_changes_nothing(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(sqlite_demo_url).database)

    assert main(["--db", db, "retention", "run", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert main(["--db", db, "retention", "due"]) == 0
    due = capsys.readouterr().out

    for category in ("personal", "enquiry", "special category"):  # in words, not codes
        assert f"{category}: " in dry and f"{category}: " in due
    assert "Dry run: nothing was changed." in dry
    assert Path(db).exists()

    # The trail says what the dry run counted in words, not as Python writes a dict.
    assert main_as(["--db", db, "audit", "show", "--action", "retention.previewed"]) == 0
    shown = capsys.readouterr().out
    assert re.search(r"personal \(records \d+, values \d+, held \d+\)", shown), shown
    assert "{" not in shown and "'" not in shown


def test_erase_names_the_third_parties_to_tell_art_19(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`custinfo erase` said only "Erased ...: 29 values in 1 record." of a customer whose
    data had been released to the police: the recipients to tell (Art. 19) are named,
    in the check and after the erasure."""
    from datetime import UTC, datetime

    from tests.support.disclosed import released_to

    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    released_to(desk_for(uows, "agent"), desk_for(uows, "dpo"), 1, "Example Constabulary")
    with uows() as uow:
        reference = format_reference(uow.customers.get(1).reference)  # type: ignore[union-attr]
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    told = f"Data was disclosed to Example Constabulary on {datetime.now(UTC):%d %b %Y}: "

    assert main_as(["--db", db, "erase", reference, "--check"]) == 0
    checked = " ".join(capsys.readouterr().out.split())  # each item's wrapped words joined
    assert f" note: {told}once erased, tell them" in checked
    assert main_as(["--db", db, "erase", reference, "--reason", "Art. 17 request"]) == 0
    erased = capsys.readouterr().out
    assert f"{told}tell them of the erasure (UK GDPR Art. 19)." in words(erased)
    assert "Record each told, or why not" in erased  # with the command, whole, to copy:
    assert "  custinfo dsar told --as dpo ID --disclosure N --on DAY" in erased.splitlines()


def test_at_80_columns_a_holds_long_reason_wraps_under_itself_and_the_command_stands_whole(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found on the demo: `hold set`, `hold list` and `erase --check` printed a long reason
    on one line (154 columns; 249 with the hold's ground), and `hold list` the command that
    lifts a hold quoted at the end of a 104-column one: an 80-column terminal cut them
    mid-word."""
    db = str(make_url(sqlite_demo_url).database)
    reason = (
        "Solicitor's letter received about a disputed account closure; keep everything "
        "until the claim is settled"
    )
    monkeypatch.setenv("COLUMNS", "80")
    hold = ["hold", "set", "1001 2345 P", "--kind", "legal_claim", "--reason", reason]
    assert main_as(["--db", db, *hold]) == 0
    held = capsys.readouterr().out.splitlines()
    assert main_as(["--db", db, "hold", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert main_as(["--db", db, "erase", "1001 2345 P", "--check"]) == 0
    checked = capsys.readouterr().out.splitlines()

    printed = held + listed + checked
    assert max(map(len, printed)) <= 79, [line for line in printed if len(line) > 79]
    assert held[0].startswith("Hold 1 recorded: Legal claim: Solicitor's letter")
    under = len("Hold 1 recorded: ")  # the reason's further lines start under its first word
    assert len(held) > 1 and all(line[:under].isspace() and line[under] != " " for line in held[1:])
    reason_at = listed[0].index("Legal claim: ")
    assert listed[0].startswith("hold 1  1001 2345 P  since ")
    further = listed[1:-2]
    assert further and all(line[:reason_at].isspace() and line[reason_at] > " " for line in further)
    assert " ".join(" ".join(listed[:-2]).split()).endswith(f"Legal claim: {reason}")
    assert listed[-2:] == [
        "1 hold in force. To lift one:",
        '  custinfo hold lift --as dpo NUMBER --reason "why it no longer applies"',
    ]
    # Each item of the check under its own text, the hold's reason under the reason.
    assert checked[1].startswith("  held (hold 1): Legal claim: Solicitor's letter")
    [values] = [i for i, line in enumerate(checked) if line.startswith("  values to erase: ")]
    under = len("  held (hold 1): ")
    assert all(line[:under].isspace() and line[under] > " " for line in checked[2:values])
