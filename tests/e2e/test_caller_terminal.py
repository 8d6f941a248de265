"""The trainer's caller terminal (tui/caller_terminal.py): the persona and the whole script,
with the line the trainee's console is asking for highlighted, read from the cue file."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.tui.caller_terminal import CallerTerminal, ScriptLine
from custinfo_tui.tui.cue_file import CueFileContent, mark_ended, write_cue_file
from tests.e2e.test_training_console import change_of_address
from tests.support.screen import screen_text
from tests.support.tour import wait_until

SIZE = (80, 24)


def highlighted(app: CallerTerminal) -> list[str]:
    return [str(line.render()) for line in app.query(ScriptLine) if line.has_class("-now")]


async def test_the_highlighted_line_follows_the_cue_file(tmp_path: Path) -> None:
    cue_file = tmp_path / "run-7.cue.json"
    app = CallerTerminal(change_of_address(name="Jo [bold]Smith"), cue_file, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Jo [bold]Smith: the customer" in shown  # the persona, never markup
        assert "Waiting for the trainee's console" in shown
        assert highlighted(app) == []

        write_cue_file(cue_file, CueFileContent(run_id=7, cue=Cue(kind=CueKind.OPENING)))
        await wait_until(pilot, lambda: bool(highlighted(app)))
        assert "I've moved house" in highlighted(app)[0]

        check = Cue(kind=CueKind.CHECK, key="postcode")
        write_cue_file(cue_file, CueFileContent(run_id=7, cue=check))
        await wait_until(pilot, lambda: "Ess ee one" in "".join(highlighted(app)))
        assert "The console asks: Postcode" in screen_text(app)
        assert "Ess ee one, seven tee ex." in screen_text(app)  # scrolled into view

        unscripted = Cue(kind=CueKind.FIELD, key="email")
        write_cue_file(cue_file, CueFileContent(run_id=7, cue=unscripted))
        await wait_until(pilot, lambda: "Any other question" in "".join(highlighted(app)))
        assert "E-mail (not in the script: improvise)" in screen_text(app)


async def test_the_consent_script_highlights_the_callers_answer_to_it(tmp_path: Path) -> None:
    """The terminal said "The console asks: Opening" all through the consent script: the
    persona's consent answer was in no line."""
    cue_file = tmp_path / "run-7.cue.json"
    said = "Yes for the account; e-mail me offers, but no texts or calls."
    app = CallerTerminal(change_of_address(consent=said), cue_file, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        write_cue_file(cue_file, CueFileContent(run_id=7, cue=Cue(kind=CueKind.CONSENT)))
        await wait_until(pilot, lambda: bool(highlighted(app)))
        assert said in " ".join(" ".join(highlighted(app)).split())
        assert "The console asks: Consent" in screen_text(app)


async def test_once_the_run_is_over_the_terminal_says_so(tmp_path: Path) -> None:
    """After the trainee's console closed, the terminal still said "The console asks: Read
    back: Postcode", with no sign that the run was over."""
    cue_file = tmp_path / "run-7.cue.json"
    write_cue_file(cue_file, CueFileContent(run_id=7, cue=Cue(kind=CueKind.OPENING)))
    app = CallerTerminal(change_of_address(), cue_file, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(highlighted(app)))
        mark_ended(cue_file)
        await wait_until(pilot, lambda: "The run is over" in screen_text(app))
        assert highlighted(app) == []


async def test_a_line_read_back_wrong_highlights_the_objection(tmp_path: Path) -> None:
    """The terminal highlighted "Yes, that's right." for every line read back, so a trainer
    voicing the caller agreed to a value typed wrong. The cue file says the caller objects
    (never the value); a slip of their own has its correction."""
    cue_file = tmp_path / "run-7.cue.json"
    correction = {"field": "postcode", "says": "No: four dee ee, not four ee dee."}
    scenario = change_of_address(read_back_corrections=[correction])
    app = CallerTerminal(scenario, cue_file, poll_seconds=0.05)
    town, postcode = (Cue(kind=CueKind.READ_BACK, key=k) for k in ("town", "postcode"))
    async with app.run_test(size=SIZE) as pilot:
        write_cue_file(cue_file, CueFileContent(run_id=7, cue=town))
        await wait_until(pilot, lambda: "read back right" in "".join(highlighted(app)))

        write_cue_file(cue_file, CueFileContent(run_id=7, cue=town, objects=True))
        await wait_until(pilot, lambda: "read back wrong" in "".join(highlighted(app)))
        assert "No, that's not right." in "".join(highlighted(app))
        assert "(wrong: they object, say it again)" in screen_text(app)

        write_cue_file(cue_file, CueFileContent(run_id=7, cue=postcode, objects=True))
        await wait_until(pilot, lambda: "four dee ee, not" in "".join(highlighted(app)))
