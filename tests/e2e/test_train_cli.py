"""`custinfo train` as a trainer uses it (docs/training.md, "Running a role-play"): the
console starts on the run's sandbox, the trainee logs in as themselves and finds the
scenario's customer there, and closing it scores the run."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import termios
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui import console_terminal
from custinfo_tui.cli import main
from custinfo_tui.commands import train, train_terminals
from custinfo_tui.composition import build_console_services, open_sandbox
from custinfo_tui.domain.training.watch import RunEnded, RunSoFar
from custinfo_tui.services import auth
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.scenarios import shipped_scenarios
from custinfo_tui.services.training import cue_file_path
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.cue_file import read_cue_file
from tests.support.acting import TRAINER, main_as
from tests.support.console_page import ConsolePage
from tests.support.files import copy_private
from tests.support.printed_lines import words
from tests.support.screen import screen_text, settle
from tests.support.terminal import on_a_terminal
from tests.support.tour import AGENT, log_in

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _as_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The consoles here run headless, through runners of the tests' own in place of
    `train.run_console`, `run_caller` and `run_watch`, on pytest's standard streams, which
    are no terminal: `custinfo` takes them for one. (Refused without one:
    test_console_without_a_terminal.py.)"""
    monkeypatch.setattr(console_terminal, "not_terminals", lambda: [])


def _drive_as_the_trainee(seen: list[str]) -> train.ConsoleRunner:
    """A console runner for tests: logs in as the demo agent and searches for John Smith."""

    def run_console(app: CustinfoApp) -> None:
        async def session() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await log_in(pilot, AGENT)
                await pilot.press(*"john smith")
                await settle(pilot)
                seen.append(screen_text(app))

        asyncio.run(session())

    return run_console


def _take_the_call_and_check_the_date_of_birth(app: CustinfoApp) -> None:
    """A console runner for tests: the trainee calls the scenario's John Smith and passes
    the date of birth check."""

    async def session() -> None:
        async with app.run_test(size=SIZE) as pilot:
            page = ConsolePage(pilot)
            await page.log_in()
            await page.call("john smith se1")
            await page.answer("12/04/1963")

    asyncio.run(session())


def test_train_start_runs_the_console_on_the_sandbox_then_scores_the_run(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    seen: list[str] = []
    monkeypatch.setattr(train, "run_console", _drive_as_the_trainee(seen))

    assert main(["--db", db, "train", "scenarios"]) == 0
    assert "change-of-address  A change of address" in capsys.readouterr().out
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    started = capsys.readouterr().out

    (shown,) = seen
    assert "Smith" in shown and "John" in shown  # the sandbox's two John Smiths
    # The command to type next works as printed: on the database this one was given.
    assert (
        "Score:" in started
        and f"The scorecard:\n  custinfo train report 1 --db {db} --as trainer\n" in started
    )
    sandbox = tmp_path / "data" / "training" / "run-1.sqlite"
    with sqlite3.connect(sandbox) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (2,)
        assert connection.execute("SELECT username FROM operators").fetchall() == [("agent",)]
        query = "SELECT action FROM audit_events ORDER BY id"
        actions = [row[0] for row in connection.execute(query)]
        assert actions[:3] == [
            "training.run_started",  # the set-up
            "operator.login_succeeded",  # the trainee, as themselves
            "customer.searched",
        ]
    with sqlite3.connect(db) as connection:
        assert connection.execute(
            "SELECT status, scorecard IS NOT NULL FROM training_runs"
        ).fetchall() == [("finished", 1)]

    assert main_as(["--db", db, "train", "list"], TRAINER) == 0
    listed = capsys.readouterr().out
    assert "change-of-address" in listed and "agent" in listed and "finished" in listed
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    assert "Run 1: A change of address after verification (change-of-address)" in report
    assert "Trainee: agent." in report and "MP-08" in report
    # Every step of the run, in words, oldest first, with its marks; no personal values.
    timeline = report.split("Timeline (+ counts towards a marking point, - against):\n")[1]
    steps = timeline.splitlines()
    assert "Logged in" in steps[0]
    assert "Searched by name: " in steps[1]
    assert "Smith" not in timeline and "john" not in timeline.lower()


def test_train_start_refuses_an_unknown_trainee_or_scenario_without_a_console(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    seen: list[str] = []
    monkeypatch.setattr(train, "run_console", _drive_as_the_trainee(seen))

    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "nobody"], TRAINER)
        == 1
    )
    assert "No enabled operator is called 'nobody'" in capsys.readouterr().err
    assert (
        main_as(["--db", db, "train", "start", "no-such-thing", "--trainee", "agent"], TRAINER) == 1
    )
    assert "no scenario 'no-such-thing'" in capsys.readouterr().err
    assert seen == []
    assert main_as(["--db", db, "train", "report", "7"], TRAINER) == 1
    assert "There is no training run 7" in capsys.readouterr().err


def test_train_scenarios_lists_the_good_files_and_names_each_bad_one(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (Path(str(shipped_scenarios())) / "change-of-address.toml").read_text()
    (tmp_path / "typo.toml").write_text(
        text.replace('verification_level = "high"', 'verification_level = "High"')
    )
    monkeypatch.setenv("CUSTINFO_SCENARIOS_DIR", str(tmp_path))
    db = str(make_url(sqlite_demo_url).database)

    assert main(["--db", db, "train", "scenarios"]) == 1
    said = capsys.readouterr()
    assert "change-of-address  A change of address" in said.out
    assert "typo" not in said.out
    assert said.err.startswith(
        "custinfo: not offered: typo.toml, line 75, expected.verification_level: "
        "'High' is not a verification level"
    )
    assert main_as(["--db", db, "train", "start", "typo", "--trainee", "agent"], TRAINER) == 1
    assert "typo.toml, line 75, expected.verification_level" in capsys.readouterr().err


def test_train_play_plays_a_run_a_trainer_started_and_only_once(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the training screen does: the run recorded as the trainer's, then played by
    `custinfo train play`, which the console tells its database through the environment
    (training_launcher.settings_environment), as here."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    assert (run.run_id, run.started_by, run.status.value) == (1, "trainer", "running")
    monkeypatch.setattr(train, "run_console", _take_the_call_and_check_the_date_of_birth)
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", sqlite_demo_url)

    assert main_as(["train", "play", "1"], TRAINER) == 0
    played = capsys.readouterr().out
    assert "Score:" in played
    # Found on the demo: the scorecard's command had no --db, and the trainer's own shell,
    # without the console's environment, looked at another database ("no training run 1").
    assert f"The scorecard:\n  custinfo train report 1 --db {db} --as trainer\n" in played
    monkeypatch.delenv("CUSTINFO_DATABASE_URL")
    # The trainer's caller terminal learns from the cue file that the run is over.
    cue = read_cue_file(cue_file_path(Path(run.sandbox_path), 1))
    assert cue is not None and cue.ended
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    assert "Started " in report and "by trainer." in report
    # The evidence reads as the timeline does: the step's words, not the event's name.
    evidence = report.split("Timeline (")[0]
    assert "Check passed: Date of birth" in evidence
    assert "caller.check_passed" not in evidence and "date_of_birth" not in evidence

    assert main_as(["--db", db, "train", "play", "1"], TRAINER) == 1
    assert "Run 1 is finished: only a running run is played." in capsys.readouterr().err


def test_train_report_says_what_each_verdict_rests_on_as_the_debrief_does(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The change of address left after one check, nothing saved: MP-04 (no phone, e-mail
    or customer saved) cannot be shown and says why; MP-03 is not met, not dropped from the
    score (found by a tester: "2 of 6" for a scenario practising 7, MP-03 "not applicable"
    while MP-05, MP-10 and MP-13 were not met for the same missing save)."""
    db = str(make_url(sqlite_demo_url).database)
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shipped = (shipped_scenarios() / "change-of-address.toml").read_text()
    with_mp04 = shipped.replace('practises = ["MP-08", ', 'practises = ["MP-04", "MP-08", ', 1)
    (scenarios / "change-of-address.toml").write_text(with_mp04)
    monkeypatch.setenv("CUSTINFO_SCENARIOS_DIR", str(scenarios))
    monkeypatch.setattr(train, "run_console", _take_the_call_and_check_the_date_of_birth)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    capsys.readouterr()

    monkeypatch.setenv("COLUMNS", "400")  # a wide terminal: each item whole on one line
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    assert "Score: 1 of 7 marking points met." in report  # the 8 practised, MP-04 left out
    mp04 = report.split("\nMP-04 ")[1].split("\n\n")[0].splitlines()
    assert mp04[0].endswith(": not applicable")
    assert mp04[1] == "  No phone or e-mail was saved and no customer was created."
    mp03 = report.split("\nMP-03 ")[1].split("\n\n")[0].splitlines()
    assert mp03 == [
        "Read details back and get the caller's confirmation before saving: not met",
        "  Nothing was saved, so nothing was read back and confirmed: the change the caller "
        "asked for (Address line 1, Town, Postcode) never reached a read-back and a save.",
        "  Should have: read back Address line 1, Town, Postcode, had them confirmed, and "
        "saved them.",
    ]


def test_a_second_console_on_a_run_being_played_is_refused_and_the_first_is_scored(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`train start` in one terminal, `train play` of the same run in another: both consoles
    ran, and finishing in one threw away the other's work ("Run 1 is already finished")."""
    db = str(make_url(sqlite_demo_url).database)
    second: list[int] = []

    def trainee_works_while_someone_plays_the_same_run(app: CustinfoApp) -> None:
        monkeypatch.setattr(train, "run_console", lambda app: pytest.fail("a second console"))
        second.append(main_as(["--db", db, "train", "play", "1"], TRAINER))
        _take_the_call_and_check_the_date_of_birth(app)

    monkeypatch.setattr(train, "run_console", trainee_works_while_someone_plays_the_same_run)

    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    said = capsys.readouterr()
    assert second == [1]
    assert "Run 1 is being played in another console" in said.err
    assert f"To follow it from here:\n  custinfo train watch 1 --db {db} --as trainer\n" in said.err
    assert "Score:" in said.out  # the first console's work is scored
    monkeypatch.setattr(train, "run_console", lambda app: pytest.fail("a finished run played"))
    assert (
        main_as(["--db", db, "train", "play", "1"], TRAINER) == 1
    )  # the lock is let go; run finished
    assert "Run 1 is finished: only a running run is played." in capsys.readouterr().err


def test_train_caller_shows_a_running_runs_caller_and_refuses_a_finished_one(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The trainer's caller terminal opens on the run's scenario and its cue file while the
    trainee's console runs; once the run is scored there is no caller to voice."""
    db = str(make_url(sqlite_demo_url).database)
    callers: list[tuple[str, Path]] = []
    monkeypatch.setattr(
        train_terminals,
        "run_caller",
        lambda scenario, cue_file: callers.append((scenario.id, cue_file)),
    )

    def trainer_opens_the_caller(app: CustinfoApp) -> None:
        assert main_as(["--db", db, "train", "caller", "1"], TRAINER) == 0
        _take_the_call_and_check_the_date_of_birth(app)  # played, so scored: finished

    monkeypatch.setattr(train, "run_console", trainer_opens_the_caller)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    (caller,) = callers
    assert caller[0] == "change-of-address"
    assert caller[1].name == "run-1.cue.json" and caller[1].parent.name == "training"

    capsys.readouterr()
    assert main_as(["--db", db, "train", "caller", "1"], TRAINER) == 1
    assert "Run 1 is finished: the caller speaks only in a running one." in capsys.readouterr().err


def test_train_watch_follows_a_run_and_train_cohort_prints_the_trainees_shares(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A trainer watching from another terminal sees the trainee's steps as they are logged;
    once the run is scored, the cohort table counts it."""
    db = str(make_url(sqlite_demo_url).database)
    watched: list[list[str]] = []

    def watch(heading: str, poll: Callable[[int], RunSoFar | None]) -> None:
        seen = poll(0)
        assert seen is not None and poll(seen.last_event_id) is None
        watched.append([heading, *(step.words for step in seen.steps)])

    monkeypatch.setattr(train_terminals, "run_watch", watch)
    seen: list[str] = []
    drive = _drive_as_the_trainee(seen)

    def trainee_works_while_the_trainer_watches(app: CustinfoApp) -> None:
        drive(app)
        assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0

    monkeypatch.setattr(train, "run_console", trainee_works_while_the_trainer_watches)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    ((heading, *steps),) = watched
    assert heading == "run 1: change-of-address, agent"
    assert steps[0] == "Logged in" and steps[-1].startswith("Searched by name: ")

    capsys.readouterr()
    # Scored now: nothing more will come, and the watcher is not opened to wait for it.
    assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
    assert capsys.readouterr().out == (
        "Run 1 is finished: nothing more to watch. Its scorecard and steps:\n"
        f"  custinfo train report 1 --db {db} --as trainer\n"
    )
    assert len(watched) == 1
    assert main_as(["--db", db, "train", "watch", "7"], TRAINER) == 1
    assert "There is no training run 7" in capsys.readouterr().err
    assert main_as(["--db", db, "train", "cohort"], TRAINER) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("Met of scored over each trainee's last 5 scored runs")
    assert table[1].split()[:3] == ["point", "cohort", "agent"]
    assert any(line.startswith("MP-08") for line in table)
    assert "change-of-address" in table[-1] and "agent" in table[-1]
    # Runs there are, none since that day: "yet" would say there are none at all.
    assert main_as(["--db", db, "train", "cohort", "--since", "2999-01-01"], TRAINER) == 0
    assert capsys.readouterr().out == "No training runs since 1 January 2999.\n"


def test_a_run_is_scored_under_the_policy_file_the_console_ran_under(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An organisation's own verification level ("basic": one check) is what its trainee
    reaches in the console; scoring read the built-in policy and marked MP-08 not met with
    "reached: Not verified"."""
    db = str(make_url(sqlite_demo_url).database)
    example = (Path(__file__).parents[2] / "docs" / "policy.example.toml").read_text()
    basic = '[[verification.levels]]\nname = "basic"\npasses = 1\n\n'
    policy = example.replace("[[verification.levels]]\n", basic + "[[verification.levels]]\n", 1)
    policy = policy.replace('"read:enquiry" = "standard"', '"read:enquiry" = "basic"')
    (tmp_path / "policy.toml").write_text(policy)
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shipped = (shipped_scenarios() / "change-of-address.toml").read_text()
    quick = shipped.replace('verification_level = "high"', 'verification_level = "basic"')
    quick = quick.replace('practises = ["MP-08", ', 'practises = ["MP-08"]\n#', 1)
    (scenarios / "one-check.toml").write_text(quick)
    monkeypatch.setenv("CUSTINFO_POLICY_FILE", str(tmp_path / "policy.toml"))
    monkeypatch.setenv("CUSTINFO_SCENARIOS_DIR", str(scenarios))
    watched: list[RunSoFar] = []
    monkeypatch.setattr(train_terminals, "run_watch", lambda heading, poll: watched.append(poll(0)))

    def trainee_checks_while_the_trainer_watches(app: CustinfoApp) -> None:
        _take_the_call_and_check_the_date_of_birth(app)
        assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0

    monkeypatch.setattr(train, "run_console", trainee_checks_while_the_trainer_watches)

    assert main_as(["--db", db, "train", "start", "one-check", "--trainee", "agent"], TRAINER) == 0
    assert "Score: 1 of 1" in capsys.readouterr().out
    ((so_far,),) = [[r.verdict.value for r in seen.results] for seen in watched if seen]
    assert so_far == "met"  # the watcher marks as the scorecard will
    monkeypatch.setenv("COLUMNS", "400")  # a wide terminal: each item whole on one line
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    mp08 = capsys.readouterr().out.split("\nMP-08 ")[1].split("\n\n")[0]
    assert mp08.splitlines()[0].endswith(": met")
    assert "Customer verified: Basic" in mp08


def _crash_after_logging_in(app: CustinfoApp) -> None:
    """A console runner for tests: the trainee logs in and searches, then the console
    stops on an error that escapes it (as Ctrl+C or a failure outside Textual would)."""
    _drive_as_the_trainee([])(app)
    raise RuntimeError("the console stopped")


def test_a_console_that_stops_before_the_run_ends_leaves_it_running_to_be_played_on(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found in a role-play: a run started from the training screen and killed was marked
    abandoned, and one started with `train start` and killed stayed running; docs said both.
    A console that stops before the run ends leaves it running, nothing lost: `train play`
    plays it on, and the work of both sessions is scored."""
    db = str(make_url(sqlite_demo_url).database)
    monkeypatch.setattr(train, "run_console", _crash_after_logging_in)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 1
    )
    said = capsys.readouterr()
    assert "Score:" not in said.out
    assert (
        "run 1 stopped before it was ended and is not scored; what was done is kept in its "
        f"sandbox. To play it on: custinfo train play 1 --db {db} --as trainer To end it and "
        f"score what was done: custinfo train end 1 --db {db} --as trainer"
        in " ".join(said.err.split())
    )
    monkeypatch.setenv("COLUMNS", "80")  # the trainer's terminal
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    assert "; running." in report
    # Each command whole on a line of its own, to copy: they were quoted inside one long
    # sentence, which the terminal cut at its edge, the command with it.
    assert report.endswith(
        "Not scored yet: its console stopped before the run ended. To play it on:\n"
        f"  custinfo train play 1 --db {db} --as trainer\n"
        "To end it and score what was done:\n"
        f"  custinfo train end 1 --db {db} --as trainer\n"
    )

    monkeypatch.setattr(train, "run_console", _take_the_call_and_check_the_date_of_birth)
    assert main_as(["--db", db, "train", "play", "1"], TRAINER) == 0
    assert "Score:" in capsys.readouterr().out
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    timeline = " ".join(capsys.readouterr().out.split("Timeline (")[1].split())  # unwrapped
    # Both sessions' work: the search before the crash, the check after it; and where the
    # run was played on after its console stopped.
    assert "Searched by name" in timeline and "Check passed: Date of birth" in timeline
    assert "Logged in again: the console before stopped without ending its session" in timeline


def test_a_console_closed_on_an_internal_error_leaves_the_run_unscored_and_running(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual closes the console on an internal error with status 1 rather than raising:
    the run was scored as if the trainee had ended it."""
    db = str(make_url(sqlite_demo_url).database)

    def internal_error(app: CustinfoApp) -> None:
        _drive_as_the_trainee([])(app)
        app.exit(return_code=1)  # what Textual's fatal error leaves

    monkeypatch.setattr(train, "run_console", internal_error)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 1
    )
    assert "run 1 stopped before it was ended" in capsys.readouterr().err
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM training_runs").fetchall() == [("running",)]


def test_train_end_scores_a_stopped_run_on_what_its_sandbox_holds(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A run whose console was killed outright (kill -9: nothing ran after it), ended from
    the command line and scored on the steps the trainee took."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    with open_sandbox(Path(run.sandbox_path)) as sandbox:  # logged in, searched, then kill -9
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        search_customers(sandbox(), trainee, "john smith")

    assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 0
    ended = capsys.readouterr().out
    assert "Score: " in ended and f"The scorecard:\n  custinfo train report 1 --db {db}" in ended
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    assert "Logged in" in capsys.readouterr().out.split("Timeline (")[1]
    assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 1
    assert "Run 1 is finished: only a running run is ended." in capsys.readouterr().err
    assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
    assert (
        f"Its scorecard and steps:\n  custinfo train report 1 --db {db} --as trainer\n"
        in capsys.readouterr().out
    )


def test_a_run_being_played_is_not_ended_from_another_terminal(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    ended: list[int] = []

    def trainer_tries_to_end_it(app: CustinfoApp) -> None:
        ended.append(main_as(["--db", db, "train", "end", "1"], TRAINER))
        assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
        _take_the_call_and_check_the_date_of_birth(app)

    monkeypatch.setattr(train, "run_console", trainer_tries_to_end_it)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    said = capsys.readouterr()
    assert ended == [1]
    assert "Run 1 is being played in another console" in said.err
    assert "Not scored yet: a console is playing it now" in said.out
    assert "Score:" in said.out  # the console playing it ends and scores it


def test_an_abandoned_run_is_said_to_have_no_scorecard(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A run whose sandbox could not be built is abandoned: `train watch` pointed to
    `train report` for "its scorecard and steps", and the report said "Not scored yet."."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    services.start_training_run(trainer, "change-of-address", "agent")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE training_runs SET status = 'abandoned'")
    assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
    watched = capsys.readouterr().out
    assert watched == "Run 1 is abandoned: it was never scored; nothing to watch.\n"
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    assert "Not scored: the run is abandoned, so it has no scorecard." in capsys.readouterr().out


def test_train_watch_says_how_the_run_ended_again_once_the_watcher_closes(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The run's end and its report's command were said only on the watcher's screen,
    gone with it when the trainer quit, the command wrapped there with its line: said
    again at the terminal, the command whole on a line of its own to copy."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    services.start_training_run(trainer, "card-number-read-out", "agent")

    def ended_while_watched(heading: str, poll: object) -> int:
        assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 0  # another terminal
        capsys.readouterr()
        return 0  # the trainer quits the watcher

    monkeypatch.setattr(train_terminals, "run_watch", ended_while_watched)
    monkeypatch.setenv("COLUMNS", "80")
    assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
    assert capsys.readouterr().out == (
        "Run 1 ended, not played (the trainee never logged in to the role-play). The\n"
        "run:\n"
        f"  custinfo train report 1 --db {db} --as trainer\n"
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_console_stopped_by_a_signal_gives_the_terminal_back_and_says_how_to_carry_on(
    sqlite_demo_url: str, stop: signal.Signals
) -> None:
    """Found by a tester playing trainer: `kill` (SIGTERM) of `custinfo train start` ended
    it at once with status 143, saying nothing of how to carry the run on, and left the
    terminal in the console's state: the shell's "Terminated" drawn over its banner
    ("TRATerminatedndbox data..."), typing not echoed. The docs promise the "run N stopped"
    message except after kill -9; closing the window (SIGHUP) did the same."""
    db = str(make_url(sqlite_demo_url).database)
    with on_a_terminal(
        "--db", db, "train", "start", "change-of-address", "--trainee", "agent", "--as", "trainer"
    ) as terminal:
        before = terminal.modes()
        terminal.log_in_as("trainer", "trainer-demo-2026")
        terminal.wait_for("Operator login")
        terminal.process.send_signal(stop)
        status = terminal.until_closed()
        after = terminal.modes()

    assert status == 128 + stop  # as a shell reports a process that signal ended
    said = terminal.output
    stopped = said.index("custinfo: run 1 stopped before it was ended and is not scored")
    assert said.rindex("\x1b[?1049l") < stopped  # the console's screen left first
    assert f"To play it on: custinfo train play 1 --db {db} --as trainer To end" in " ".join(
        said[stopped:].split()
    )
    echo_and_lines = termios.ECHO | termios.ICANON
    assert after[3] & echo_and_lines == before[3] & echo_and_lines == echo_and_lines
    assert "Traceback" not in said
    with sqlite3.connect(db) as connection:  # nothing scored, nothing lost: still running
        assert connection.execute("SELECT status FROM training_runs").fetchall() == [("running",)]


@pytest.mark.parametrize("terminal_of", ["caller", "watch"])
def test_the_trainers_terminals_stopped_by_sigterm_give_the_terminal_back(
    sqlite_demo_url: str, tmp_path: Path, terminal_of: str
) -> None:
    """`kill` (SIGTERM) of `custinfo train caller` or `train watch` ended it at once, its
    screen and raw mode left in the trainer's terminal, as the trainee's console once did."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    services.start_training_run(trainer, "change-of-address", "agent")

    with on_a_terminal("--db", db, "train", terminal_of, "1", "--as", "trainer") as terminal:
        before = terminal.modes()
        terminal.log_in_as("trainer", "trainer-demo-2026")
        terminal.wait_for("change-of-address" if terminal_of == "watch" else "John Smith")
        terminal.process.send_signal(signal.SIGTERM)
        status = terminal.until_closed()
        after = terminal.modes()

    assert status == 128 + signal.SIGTERM
    assert "\x1b[?1049l" in terminal.output and "Traceback" not in terminal.output
    echo_and_lines = termios.ECHO | termios.ICANON
    assert after[3] & echo_and_lines == before[3] & echo_and_lines == echo_and_lines


@pytest.mark.parametrize("subcommand", ["report", "play", "end", "caller", "watch"])
def test_a_run_number_no_database_can_hold_is_no_training_run(
    subcommand: str,
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`train report 99999999999999999999` was an internal error: SQLite's driver cannot
    bind a number past 64 bits (OverflowError)."""
    db = str(make_url(sqlite_demo_url).database)
    monkeypatch.setattr(train, "run_console", lambda app: pytest.fail("a console for no run"))
    assert main_as(["--db", db, "train", subcommand, "99999999999999999999"], TRAINER) == 1
    said = capsys.readouterr()
    assert said.err == "custinfo: There is no training run 99999999999999999999.\n"
    assert "internal error" not in said.out


def test_a_sandbox_given_for_the_live_database_is_said_with_the_one_to_give(
    sqlite_demo_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`train report 1 --db data/training/run-1.sqlite` said "There is no training run 1.":
    a sandbox holds no runs. The live database the runs are kept in is named instead."""
    (tmp_path / "data").mkdir(mode=0o700)
    live = copy_private(sqlite_demo_template, tmp_path / "data" / "demo.db")
    monkeypatch.setattr(train, "run_console", _take_the_call_and_check_the_date_of_birth)
    start = ["train", "start", "change-of-address", "--trainee", "agent"]
    assert main_as(["--db", str(live), *start], TRAINER) == 0
    capsys.readouterr()
    sandbox = tmp_path / "data" / "training" / "run-1.sqlite"

    for command in (["report", "1"], ["list"], ["end", "1"], ["cohort"]):
        assert main_as(["--db", str(sandbox), "train", *command], TRAINER) == 1
        said = capsys.readouterr()
        assert said.out == ""
        assert words(said.err) == (
            f"custinfo: {sandbox} is the role-play sandbox of run 1, not the live database "
            f"that keeps the training runs: give `--db {live}` instead."
        )
    moved = copy_private(sandbox, tmp_path / "run-1.sqlite")  # no live database beside it
    assert main_as(["--db", str(moved), "train", "report", "1"], TRAINER) == 1
    said_then = words(capsys.readouterr().err)
    assert "give --db the live database the run was started on." in said_then
    assert main_as(["--db", str(live), "train", "report", "1"], TRAINER) == 0


def _stopped_at_the_login(app: CustinfoApp) -> None:
    """A console runner for tests: the console is stopped (SIGTERM) at the login screen,
    before the trainee logs in."""

    async def session() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)

    asyncio.run(session())
    raise KeyboardInterrupt  # what the signal leaves: the command stops, the run running


def test_a_run_nobody_played_is_ended_not_played_and_counts_in_no_score(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tester started a run, stopped its console at the login screen and ended it: "Score:
    0 of 3 marking points met.", the cohort counting it against the trainee, and the
    trainee reading "Should have: verified the caller to Standard" for a call nobody took."""
    db = str(make_url(sqlite_demo_url).database)
    monkeypatch.setattr(train, "run_console", _stopped_at_the_login)
    assert (
        main_as(
            ["--db", db, "train", "start", "card-number-read-out", "--trainee", "agent"], TRAINER
        )
        != 0
    )
    assert "run 1 stopped before it was ended" in capsys.readouterr().err

    monkeypatch.setenv("COLUMNS", "80")  # wrapped at words to the terminal's width
    assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 0
    assert capsys.readouterr().out == (
        "Not played: the trainee never logged in to the role-play. Nothing is scored,\n"
        "and the run counts in no score, the trainee's or the cohort's.\n"
        "The run:\n"
        f"  custinfo train report 1 --db {db} --as trainer\n"
    )
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    assert "; not played.\nNot played: the trainee never logged in to the role-play." in report
    assert "Score:" not in report and "Should have" not in report and "MP-08" not in report
    assert main_as(["--db", db, "train", "list"], TRAINER) == 0
    (listed,) = capsys.readouterr().out.splitlines()[1:]
    assert listed.split()[-2:] == ["not", "played"]  # a status, and no score
    assert main_as(["--db", db, "train", "cohort"], TRAINER) == 0
    cohort = capsys.readouterr().out
    assert "0/1" not in cohort and "MP-08" not in cohort  # no point counted against her
    assert cohort.splitlines()[-1].endswith("card-number-read-out  not played")
    assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
    assert capsys.readouterr().out.startswith("Run 1 ended not played: nothing to watch.")


def test_a_run_the_trainee_logged_in_to_and_left_is_not_played_either(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Logged in, then End run (Ctrl+Q) at once: no step of the call to score. Said
    wrapped at words to the trainer's 80 columns, the command to type next whole on a line
    of its own: it was one long line, which the terminal cut at its edge ("no re" / "cord
    opened"), and the command with it."""
    db = str(make_url(sqlite_demo_url).database)

    def log_in_and_end_the_run(app: CustinfoApp) -> None:
        async def session() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await log_in(pilot, AGENT)

        asyncio.run(session())
        monkeypatch.setenv("COLUMNS", "80")  # the trainer's terminal, once the console closed

    monkeypatch.setattr(train, "run_console", log_in_and_end_the_run)
    assert (
        main_as(
            ["--db", db, "train", "start", "card-number-read-out", "--trainee", "agent"], TRAINER
        )
        == 0
    )
    said = capsys.readouterr().out
    assert said.endswith(
        "Not played: the trainee logged in but took no step of the call (no search, no\n"
        "record opened, no call). Nothing is scored, and the run counts in no score, the\n"
        "trainee's or the cohort's.\n"
        "The run:\n"
        f"  custinfo train report 1 --db {db} --as trainer\n"
    )
    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    timeline = capsys.readouterr().out.split("\nTimeline:\n")[1]
    assert "Logged in" in timeline and "MP-" not in timeline


def test_train_watch_says_the_run_ended_once_it_is_scored(
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`train watch` kept reading "... steps so far" after the trainee's End run."""
    db = str(make_url(sqlite_demo_url).database)
    polls: list[Callable[[int], RunSoFar | RunEnded | None]] = []
    monkeypatch.setattr(train_terminals, "run_watch", lambda heading, poll: polls.append(poll))

    def trainee_works_while_the_trainer_watches(app: CustinfoApp) -> None:
        _take_the_call_and_check_the_date_of_birth(app)
        assert main_as(["--db", db, "train", "watch", "1"], TRAINER) == 0
        (poll,) = polls
        seen = poll(0)
        assert isinstance(seen, RunSoFar) and poll(seen.last_event_id) is None  # running

    monkeypatch.setattr(train, "run_console", trainee_works_while_the_trainer_watches)
    assert (
        main_as(["--db", db, "train", "start", "change-of-address", "--trainee", "agent"], TRAINER)
        == 0
    )
    score = capsys.readouterr().out.split("Score: ")[1].split(" marking points")[0]

    ended = polls[0](10_000)  # nothing new: the run has ended meanwhile
    assert ended == RunEnded(
        f"Run 1 ended: {score} met. The scorecard:",
        f"custinfo train report 1 --db {db} --as trainer",
    )
