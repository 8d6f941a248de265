"""`custinfo train report` on runs a tester playing trainer found scored unfairly, played
through the real services on a run's sandbox and ended with `train end` (as a console
stopped mid-run would be): what the trainer reads for each marking point and step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.composition import build_console_services, open_sandbox
from custinfo_tui.domain.capture import (
    MOVED,
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import auth, verification, wrap_up
from custinfo_tui.services.capture import create_customer, find_duplicates
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.records import edit_customer, open_record_in_call
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.acting import TRAINER, main_as
from tests.support.tour import AGENT

POLICY, CAPTURE = VerificationPolicy(), CapturePolicy()
Walk = Callable[[UnitOfWorkFactory, Actor, dict[str, int]], None]


@pytest.fixture(autouse=True)
def _a_wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each item of the report whole on one line, as a wide terminal prints it: these tests
    read what each marking point and step says; the last one how it wraps at 80 columns."""
    monkeypatch.setenv("COLUMNS", "400")


def _report(sqlite_demo_url: str, tmp_path: Path, scenario: str, walk: Walk) -> None:
    """Run 1 of `scenario` for agent, walked through the services on its sandbox, ended
    and reported as a trainer would (the report printed last)."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, scenario, "agent")
    with open_sandbox(Path(run.sandbox_path)) as sandbox:
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        with sandbox() as uow:
            keys = uow.training.customer_keys()
        walk(sandbox, trainee, keys)
    assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 0
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0


def _point(report: str, point: str) -> list[str]:
    """A marking point's lines of the report: title and verdict, then what it rests on."""
    return report.split(f"\n{point} ")[1].split("\n\n")[0].splitlines()


def _timeline(report: str) -> list[str]:
    return report.split("Timeline (+ counts towards a marking point, - against):\n")[1].splitlines()


def _call(sandbox: UnitOfWorkFactory, trainee: Actor, customer_id: int) -> int:
    state = verification.start_interaction(sandbox(), trainee, POLICY, customer_id, Channel.PHONE)
    open_record_in_call(sandbox(), trainee, POLICY, state.interaction_id)
    return state.interaction_id


def _check(
    sandbox: UnitOfWorkFactory, trainee: Actor, call: int, kind: CheckKind, said: str
) -> None:
    verification.check_answer(sandbox(), trainee, POLICY, call, kind, said)


def _wrap(sandbox: UnitOfWorkFactory, trainee: Actor, call: int, outcome: str, notes: str) -> None:
    verification.end_interaction(sandbox(), trainee, call)
    given = WrapUpIn(enquiry_type="Change of details", outcome=outcome, notes=notes)
    wrap_up.wrap_up(sandbox(), trainee, CAPTURE, call, given)


def _the_other_john_first(sandbox: UnitOfWorkFactory, trainee: Actor, keys: dict[str, int]) -> None:
    """The John Smith in Croydon opened and his date of birth asked; that call wrapped up;
    then the right John verified to High and his new address saved, read back."""
    search_customers(sandbox(), trainee, "john smith")
    wrong = _call(sandbox, trainee, keys["john-other"])
    _check(sandbox, trainee, wrong, CheckKind.DATE_OF_BIRTH, "12/04/1963")
    _wrap(sandbox, trainee, wrong, "no_action", "Not this John Smith.")
    search_customers(sandbox(), trainee, "john smith se1")
    right = _call(sandbox, trainee, keys["john"])
    _check(sandbox, trainee, right, CheckKind.DATE_OF_BIRTH, "12/04/1963")
    _check(sandbox, trainee, right, CheckKind.POSTCODE, "SE1 7TX")
    _check(sandbox, trainee, right, CheckKind.SECURITY_ANSWER, "Brook Lane Primary")
    with sandbox() as uow:
        john = uow.customers.get(keys["john"])
        assert john is not None
        version = john.version
    new = {"address_line1": "14 Harbour Road", "town": "Whitby", "postcode": "YO22 4DE"}
    edit_customer(
        sandbox(),
        trainee,
        CAPTURE,
        keys["john"],
        version,
        {key: FieldEdit(value=value, reason=MOVED) for key, value in new.items()},
        ReadBackConfirmation(confirmed=frozenset(new)),
        policy=POLICY,
        interaction_id=right,
    )
    _wrap(sandbox, trainee, right, "resolved", "Moved to Whitby; address updated.")


def test_the_wrong_john_smith_checked_first_is_said_under_mp12_and_not_counted_for_mp08(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _report(sqlite_demo_url, tmp_path, "change-of-address", _the_other_john_first)
    report = capsys.readouterr().out

    assert "Score: 6 of 7 marking points met." in report
    mp12 = _point(report, "MP-12")
    assert mp12[0].endswith(": not met")
    assert "Check failed: Date of birth  asked against another customer's record" in mp12[2]
    assert "another customer's record was taken for the caller first" in mp12[3]
    assert mp12[-1].startswith("  Should have: made sure a record was the caller's")
    mp08 = _point(report, "MP-08")
    assert mp08[0].endswith(": met")
    assert mp08[1].startswith("  Not counted: the check asked against another customer's")
    assert not any("Check failed" in line for line in mp08[2:])
    [failed] = [line for line in _timeline(report) if "Check failed: Date of birth" in line]
    assert failed.endswith("[MP-12 -]")


def _chloe_saved_again(sandbox: UnitOfWorkFactory, trainee: Actor, keys: dict[str, int]) -> None:
    """Chloe captured as new with exactly what she gives, past the strong duplicate
    warning, with a reason."""
    values = {
        "given_name": "Chloe",
        "family_name": "Adeyemi",
        "date_of_birth": "27/04/1994",
        "phone": "07700 900158",
        "email": "chloe.a@example.net",
        "address_line1": "19 Linnet Street",
        "town": "Bath",
        "postcode": "BA1 2QD",
    }
    find_duplicates(sandbox(), trainee, values)
    create_customer(
        sandbox(),
        trainee,
        CAPTURE,
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(values)),
            different_person_reason="Says she is new",
        ),
    )


def test_a_caller_on_file_saved_again_past_the_warning_reads_as_it_happened(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _report(sqlite_demo_url, tmp_path, "says-new-but-on-file", _chloe_saved_again)
    report = capsys.readouterr().out

    [created] = [line for line in _timeline(report) if "Record created" in line]
    assert "Record created (New account), saved despite a possible-duplicate warning" in created
    assert "MP-05 +" in created and "MP-13 -" in created and "MP-04 -" in created
    mp05 = _point(report, "MP-05")
    assert mp05[0].endswith(": met")
    assert "a second record for a caller already on file" in mp05[1]
    assert "the duplicate check found it as a strong match" in _point(report, "MP-13")[-1]
    assert "heeded the cross-check" in _point(report, "MP-04")[-1]
    assert "Says she is new" not in report


#: A trainer's note long enough to wrap, with what would be markup elsewhere: data, kept.
NOTE = (
    "Good recovery once the wrong John Smith was spotted [b]at once[/b], but ask for the "
    "postcode before the date of birth next time, so the wrong record is never opened."
)


def test_at_80_columns_each_item_wraps_at_words_under_its_own_text(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found at a trainer's 80-column terminal: the report's long lines (the trainee's
    line at exactly 80, notes, steps, advice, the trainer's note) were cut at the edge
    mid-word, each continuing at column 0 under the times. Now each wraps at words, its
    further lines under its own text, and nothing of it is lost."""
    _report(sqlite_demo_url, tmp_path, "change-of-address", _the_other_john_first)
    services = build_console_services(sqlite_demo_url)
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    services.save_training_note(trainer, 1, "MP-12", NOTE)
    db = str(make_url(sqlite_demo_url).database)
    capsys.readouterr()
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    wide = capsys.readouterr().out

    monkeypatch.setenv("COLUMNS", "80")
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out

    lines = report.splitlines()
    assert max(map(len, lines)) <= 79, [line for line in lines if len(line) > 79]
    assert " ".join(report.split()) == " ".join(wide.split())  # no word lost or cut in two
    assert lines[1].startswith("Trainee: agent. Started ") and lines[1].endswith(" by trainer.")
    assert lines[2].startswith("Ended ") and lines[2].endswith(" UTC; finished.")
    mp12 = _point(report, "MP-12")
    # A step's words continue under its words, not under its time.
    [right] = [i for i, line in enumerate(mp12) if "the right record opened" in line]
    assert mp12[right + 1].startswith(" " * 12 + "first words")
    # What should have happened, and the trainer's note, continue under their own text.
    [should] = [i for i, line in enumerate(mp12) if line.startswith("  Should have: ")]
    assert mp12[should + 1].startswith("  it: ")
    [note] = [i for i, line in enumerate(mp12) if line.startswith("  Trainer's note (trainer, ")]
    further = mp12[note + 1 :]
    assert further and all(line.startswith("  ") and line[2] != " " for line in further)
    assert " ".join(line.strip() for line in mp12[note:]).endswith(f"): {NOTE}")
    # A step's marks stay whole, on its last line or one of their own under its words.
    changed = "\n" + " " * 12 + "[MP-03 +, MP-05 +, MP-10 +, MP-13 +]\n"
    assert changed in report.split("Timeline (")[1]
