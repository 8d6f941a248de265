"""Evidence of practice from the console (MP-21; docs/training.md, "Evidence of practice"):
a handler exports their own real work from the lookup, a trainer a trainee's scored run
from the training screen; neither file holds a value planted in the day's work."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from textual.widgets import Input, OptionList, Static

from custinfo_tui.composition import make_app, open_sandbox
from custinfo_tui.domain.dates import format_typed_date
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import start_run
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.support.acting import TRAINER as TRAINER_OPERATOR
from tests.support.acting import main_as
from tests.support.database import console_uow_factory
from tests.support.planted_work import assert_no_planted_value, plant_work
from tests.support.screen import press, screen_text, screen_words, settle
from tests.support.tour import ADMIN, AGENT, DPO, log_in
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")


async def test_a_handler_exports_their_own_work_from_the_lookup_anonymised(
    demo_settings: Settings, tmp_path: Path
) -> None:
    with console_uow_factory(demo_settings) as uow_factory:
        reference = plant_work(uow_factory)
    out = tmp_path / "my-evidence.html"
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10")
        assert isinstance(app.screen, DeskFormScreen)
        shown = screen_text(app)
        assert "Export my evidence of practice" in shown
        assert f"{datetime.now(UTC).date():%d/%m/%Y}" in shown  # as a handler types a day
        await press(pilot, "enter", "enter", *str(out), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    page = out.read_text(encoding="utf-8")
    assert "Customer A" in page and "Changed: Address line 1" in page
    assert_no_planted_value(page, reference)
    with console_uow_factory(demo_settings) as uow_factory, uow_factory() as uow:
        (event,) = uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    assert event.details["source"] == "live" and event.details["steps"] > 0


async def test_the_administrator_is_not_offered_an_export_of_evidence_they_cannot_have(
    demo_settings: Settings,
) -> None:
    """F10 ("My evidence") was offered to the administrator, who opens no customer's
    record and so has no steps to export. The DPO, who does, keeps it."""
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, ADMIN)
        await press(pilot, "escape")  # from the operators, their first screen, to the lookup
        assert isinstance(app.screen, LookupScreen)
        await press(pilot, "ctrl+p", *"evidence")
        assert "My evidence" not in screen_text(app)
        await press(pilot, "escape", "f10")
        assert isinstance(app.screen, LookupScreen)
        await press(pilot, "ctrl+o")

        await log_in(pilot, DPO)
        await press(pilot, "ctrl+p", *"evidence")
        assert "My evidence (f10)" in screen_text(app)
        await press(pilot, "escape", "f10")
        assert isinstance(app.screen, DeskFormScreen)
        assert "Export my evidence of practice" in screen_text(app)


async def test_a_trainer_exports_a_trainees_scored_run_and_real_work_from_the_training_screen(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    out, work = tmp_path / "run-1.json", tmp_path / "agent-work.html"
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        assert isinstance(app.screen, TrainingScreen)
        await press(pilot, "ctrl+n", "enter")  # the first scenario
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
        await press(pilot, *["down"] * agent, "enter")
        await app.workers.wait_for_complete()  # the run recorded, then played
        await pilot.pause()
        await press(pilot, *TRAINER[1], "enter")  # the lock after the trainee's run
        await settle(pilot)
        assert "Evidence" in screen_text(app)
        await press(pilot, "ctrl+e", *str(out), "enter")
        await app.workers.wait_for_complete()
        await press(pilot, "f10")
        assert "Export a trainee's evidence" in screen_text(app)
        await press(pilot, *"agent", "enter", "enter", "enter", *str(work), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert "Evidence of practice (anonymised)" in work.read_text(encoding="utf-8")
    exported = out.read_text(encoding="utf-8")
    # The scripted trainee logged in and searched: one contact, about no one (no customer).
    assert '"operator": "agent"' in exported and '"label": "Contact 1"' in exported
    assert '"customer"' not in exported
    assert "Smith" not in exported


async def test_a_file_that_cannot_be_written_is_refused_at_its_box_and_kept(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """A missing folder or a file already there is said at the box, the form stays open
    with what was typed, and nothing is exported until it is corrected. It is said once,
    whole, under the boxes: the box's border, which turns red, said it too, cut short."""
    (tmp_path / "taken.html").write_text("already here", encoding="utf-8")
    missing = tmp_path / "no-such-folder" / "mine.html"
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10", "enter", "enter", *str(missing), "enter")
        form = app.screen
        assert isinstance(form, DeskFormScreen)
        told = str(form.query_one("#desk-form-message", Static).render())
        assert told == f"There is no folder {missing.parent}: create it first, or choose another."
        box = form.query_one("#evidence-file", Input)
        assert app.focused is box and box.value == str(missing)
        assert box.has_class("-problem") and box.border_subtitle is None
        assert screen_text(app).count("There is no folder") == 1

        await press(pilot, "ctrl+a", "ctrl+k", *str(tmp_path / "taken.html"), "enter")
        assert app.screen is form
        assert "That file exists already: choose another name." in screen_text(app)

        await press(pilot, "ctrl+a", "ctrl+k", *str(tmp_path), "enter")
        assert "That is a folder: add a file name to it." in screen_text(app)

        await press(pilot, *"/mine.html", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert (tmp_path / "mine.html").exists()
    assert (tmp_path / "taken.html").read_text(encoding="utf-8") == "already here"


async def test_a_trainee_or_day_the_export_refuses_is_said_on_the_form_which_stays(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """A misspelt trainee or a day that does not exist closed the form with a passing
    message, losing what was typed; the form now says why and keeps every box."""
    out = tmp_path / "agent-work.html"
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "f10", *"agnet", "enter", "enter", "enter", *str(out), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeskFormScreen)
        assert "There is no operator with that username." in screen_text(app)  # in view
        assert form.query_one("#evidence-file", Input).value == str(out)
        trainee = form.query_one("#evidence-operator", Input)
        assert app.focused is trainee and trainee.has_class("-problem")  # at its box
        assert _message(form) == "There is no operator with that username."

        form.query_one("#evidence-operator", Input).value = "agent"
        form.query_one("#evidence-since", Input).focus()
        await press(pilot, "ctrl+u", *"31/2/2026", "ctrl+s")
        assert app.screen is form
        said = screen_words(app)
        assert "That date does not exist: that month has only 28 days that year." in said
        await press(pilot, "ctrl+u", *"1/1/2099", "ctrl+s")  # after the last day
        since = form.query_one("#evidence-since", Input)
        assert app.focused is since and not trainee.has_class("-problem")
        assert _message(form) == "The first day comes after the last day."
        await press(pilot, "ctrl+u", *"1/2/2026", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not form
    assert "Evidence of practice (anonymised)" in out.read_text(encoding="utf-8")


async def test_ctrl_e_on_a_run_never_played_says_so_at_once_and_a_run_exported_is_audited(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: Ctrl+E on a run never played opened the export form, and only
    after a file name and Ctrl+S said "Run 2 has not been scored". It is said at Ctrl+E,
    in the runs list's words; a scored run's export names the run on the audit trail."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "agent")  # run 1, scored
    with console_uow_factory(demo_settings) as uow_factory:
        scenario = load_scenario("change-of-address")
        start_run(uow_factory(), None, scenario, "agent", tmp_path / "training", open_sandbox)
    db = str(make_url(sqlite_demo_url).database)
    assert (
        main_as(["--db", db, "train", "end", "2"], TRAINER_OPERATOR) == 0
    )  # never logged in to: not played
    out = tmp_path / "run-1.html"
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        await settle(pilot)
        training = app.screen
        assert isinstance(training, TrainingScreen) and "not played" in screen_text(app)
        await press(pilot, "ctrl+e")  # run 2, the newest, is highlighted

        assert app.screen is training
        told = [str(n.message) for n in app._notifications]
        assert told == ["Run 2 was not played: there is nothing to export."]
        await press(pilot, "down", "ctrl+e")
        assert isinstance(app.screen, DeskFormScreen)
        await press(pilot, *str(out), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert "Score: " in out.read_text(encoding="utf-8")
    with console_uow_factory(demo_settings) as uow_factory, uow_factory() as uow:
        (event,) = uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    assert event.details["run"] == 1 and event.details["source"] == "training_run"


async def test_a_first_day_still_to_come_is_refused_at_its_box(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """A range starting tomorrow wrote an empty file, as if no work had been done."""
    out = tmp_path / "later.html"
    today = datetime.now(UTC).date()
    later = [format_typed_date(today + timedelta(days=n)) for n in (1, 8)]
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10", "ctrl+u", *later[0], "enter", "ctrl+u", *later[1], "enter")
        await press(pilot, *str(out), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeskFormScreen)
        assert _message(form) == "The first day is after today: nothing is logged yet."
        assert app.focused is form.query_one("#evidence-since", Input)
        assert not out.exists()

        await press(pilot, "ctrl+u", *format_typed_date(today), "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not form
    assert out.exists()


async def test_a_name_typed_without_a_folder_is_reported_whole(
    demo_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was reported as typed ("Evidence written to rel.json"): the console's working
    folder is nothing a handler can see."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10", "enter", "enter", *"rel.json", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications]  # (no public API lists them)
    assert any(m.startswith(f"Evidence written to {here / 'rel.json'}: ") for m in told)
    assert json.loads((here / "rel.json").read_text(encoding="utf-8"))["operator"] == "agent"


def _message(form: DeskFormScreen) -> str:
    """The form's message line, where each problem is said whole."""
    return str(form.query_one("#desk-form-message", Static).render())


async def test_a_trainer_puts_their_notes_in_a_runs_export_only_when_they_ask(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: the trainer's note showed in `train report` but in neither
    export. Typed text is left out of every export on purpose; the run's export offers the
    notes, with a warning, and leaves them out unless the trainer answers yes."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    without, with_notes = tmp_path / "run-1.html", tmp_path / "run-1-notes.json"
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n", "enter")
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
        await press(pilot, *["down"] * agent, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press(pilot, *TRAINER[1], "enter")
        await settle(pilot)
        await press(pilot, "enter", "f2", *"Calm and clear throughout.", "ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "ctrl+e")
        await settle(pilot)
        assert "The trainer's notes go in only" in screen_text(app)
        await press(pilot, *str(without), "enter")
        await app.workers.wait_for_complete()
        await press(pilot, "ctrl+e", *str(with_notes), "shift+tab", "end")
        await press(pilot, "backspace", "backspace", *"yes", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert "Calm and clear" not in without.read_text(encoding="utf-8")
    exported = with_notes.read_text(encoding="utf-8")
    assert '"trainer_note": "Calm and clear throughout."' in exported
    assert "must hold no customer data" in exported


async def test_a_day_refused_with_the_file_left_empty_names_the_file_box_once(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """Found on a keyboard tour: the line read "That date does not exist. Also to correct:
    File to write: Fill in: File to write.", the box named twice. The day stays as typed."""
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10", "ctrl+u", *"31/02/2026", "ctrl+s")
        form = app.screen
        assert isinstance(form, DeskFormScreen)
        said = _message(form)
        assert said == (
            "That date does not exist: that month has only 28 days that year. Also to correct: "
            "Fill in: File to write."
        )
        since = form.query_one("#evidence-since", Input)
        assert app.focused is since and since.value == "31/02/2026"
        assert "Fill in: File to write." in screen_words(app)


async def test_an_export_with_no_steps_says_why_and_what_would_fill_it(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """Found on a keyboard tour: "Evidence written to ...: 0 steps." left the handler to
    guess whether the export had worked."""
    out = tmp_path / "nothing.html"
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f10", "enter", "enter", *str(out), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications]  # (no public API lists them)
    assert f"Evidence written to {out}: no steps, as no work was logged in that period." in (
        " ".join(told)
    )
    assert "Export days you worked to list some." in " ".join(told)
    assert "No logged steps in this period." in out.read_text(encoding="utf-8")
