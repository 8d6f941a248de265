"""`custinfo train`: role-play scenarios on a sandbox (docs/training.md, "Running a role-play").

`train scenarios` lists them; `train start SCENARIO --trainee USERNAME` builds a fresh sandbox
for the run, starts the console on it in training mode and, when the console closes with End
run, scores the run; `train play RUN` does the last two for a run a trainer started from
the console (its training screen records the run as theirs, then hands the terminal to
this), or for a run whose console stopped before it ended (a crash, `kill -9`): it plays
on; `train end RUN` ends such a run and scores what was done; `train caller RUN` shows a
trainer the run's caller -- persona, script and what the trainee's console asks now -- to
voice it; `train list` and `train report RUN` show the runs kept in the live database;
`train cohort` the trainees' shares of each marking point met; `train watch RUN` follows a
running run's steps and marks. All but `train scenarios` (which reads only the scenario
files) act for the trainer named with `--as USERNAME` (`commands/acting.py`), on the
configured (live) database: the runs they start, end and score and the reports they read
are theirs on the audit trail, as from the console's training screen. The commands it
prints to run next carry the `--db` and `--as` it was given, so they work as printed. The
caller's and the watcher's terminals are in `train_terminals.py`, the look-ups they share
with this in `train_lookup.py`, what the subcommands print in `train_output.py` (a run's
report in `train_report.py`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, role_may, run_as
from custinfo_tui.commands.day_argument import DAY_FORMATS, day_argument
from custinfo_tui.commands.train_lookup import (
    a_sandbox_given,
    scenario_of,
    scenario_shelf,
    still_running,
)
from custinfo_tui.commands.train_output import (
    Typed,
    ended_lines,
    print_cohort,
    print_runs,
    train_command,
)
from custinfo_tui.commands.train_report import print_report
from custinfo_tui.commands.train_terminals import caller, watch
from custinfo_tui.commands.train_unscored import not_scored, say_stopped
from custinfo_tui.domain.text import printable
from custinfo_tui.interrupts import interrupted_line
from custinfo_tui.terminal_lines import ToRun, fail, say
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.training.runs import TrainingRunSummary
    from custinfo_tui.domain.training.scenario import Scenario
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings
    from custinfo_tui.tui.app import CustinfoApp

#: Runs the training console until it closes (a test hands in its own).
ConsoleRunner = Callable[["CustinfoApp"], None]


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `train scenarios|start|play|end|caller|list|report|cohort|watch` to `custinfo`."""
    train = subparsers.add_parser(
        "train", parents=[common], help="role-play training on a sandbox database"
    )
    actions = train.add_subparsers(dest="train_command", metavar="SUBCOMMAND", required=True)
    actions.add_parser("scenarios", parents=[common], help="the scenarios there are")
    # Every other subcommand reads or changes the runs: it acts for a trainer.
    parents = [common, acting_options("a trainer's")]
    start = actions.add_parser(
        "start", parents=parents, help="build a sandbox for a scenario and start the console"
    )
    start.add_argument("scenario", metavar="SCENARIO", help="a scenario's id (train scenarios)")
    start.add_argument(
        "--trainee", required=True, metavar="USERNAME", help="the trainee's operator username"
    )
    play = actions.add_parser(
        "play",
        parents=parents,
        help="start the console on a run already started (or stopped before it ended), "
        "and score it when it closes",
        description="Start the training console on a run already started (or stopped "
        "before it ended), and score the run when the console closes.",
        epilog=f"Exit status: 0 the run was played and scored; {PASSWORD_NOT_ACCEPTED} your "
        "password was not accepted (a wrong one, your account locked, none given), so "
        f"nothing was started; {STOPPED_AT_PASSWORD} Ctrl+C at the password prompt, "
        "nothing started either; 2 no terminal, or the command mistyped; 130 Ctrl+C "
        "after the password; 1 any other failure, or the signal's status (143 for "
        "SIGTERM) when the console stopped before the run ended.",
    )
    play.add_argument("run_id", metavar="RUN", type=int, help="the run's number")
    end = actions.add_parser(
        "end",
        parents=parents,
        help="end a run whose console stopped before it ended, and score what was done",
    )
    end.add_argument("run_id", metavar="RUN", type=int, help="the run's number")
    caller = actions.add_parser(
        "caller",
        parents=parents,
        help="the scripted caller of a running role-play, for a trainer to voice",
    )
    caller.add_argument("run_id", metavar="RUN", type=int, help="the run's number")
    actions.add_parser("list", parents=parents, help="training runs, newest first")
    report = actions.add_parser("report", parents=parents, help="a run's scorecard and notes")
    report.add_argument("run_id", metavar="RUN", type=int, help="the run's number")
    cohort = actions.add_parser(
        "cohort",
        parents=parents,
        help="each trainee's share of each marking point met, the weakest points first",
    )
    cohort.add_argument(
        "--since",
        metavar="DATE",
        type=day_argument,
        help=f"only runs started on or after this day ({DAY_FORMATS})",
    )
    watch = actions.add_parser(
        "watch", parents=parents, help="follow a running role-play's steps and marks live"
    )
    watch.add_argument("run_id", metavar="RUN", type=int, help="the run's number")


def run_console(app: CustinfoApp) -> None:
    """Run the training console in this terminal until it closes."""
    app.run()


def run(
    args: argparse.Namespace,
    settings: Settings,
    *,
    console: ConsoleRunner | None = None,
) -> int:
    """Run a `custinfo train` subcommand; the exit status. All but `scenarios` act for the
    trainer `--as` names. `console` runs the training console (a test hands in its own; by
    default `run_console`, in the terminal)."""
    from custinfo_tui.commands.database import current_database, database_to_name

    if args.train_command == "scenarios":
        return _print_scenarios(settings)
    with current_database(settings) as uow_factory:
        if uow_factory is None or a_sandbox_given(settings, uow_factory):
            return 1
        # Given before or after `train`, or by the console's environment (train play).
        db = database_to_name(settings, getattr(args, "db", None))

        def work(actor: Actor) -> int:
            return _run(args, settings, uow_factory, Typed(actor, db), console)

        if args.train_command == "play":
            return _play_as(uow_factory, args, work)
        return run_as(uow_factory, args, TRAINERS, work)


#: Who may run role-play training: trainers (`Permission.RUN_TRAINING`), as in the console.
TRAINERS = WhoMay(role_may("RUN_TRAINING"), "only a trainer can run role-play training.")


def _play_as(
    uow_factory: UnitOfWorkFactory, args: argparse.Namespace, work: Callable[[Actor], int]
) -> int:
    """`train play` as the trainer. The console that started it tells a run that stopped
    from one never started: a password not accepted is `PASSWORD_NOT_ACCEPTED`, and Ctrl+C
    before the trainer got past it (at the prompt, or as it was checked) is
    `STOPPED_AT_PASSWORD`, where 130 had the console say the run "stopped before it was
    ended" though nothing had started. Ctrl+C once `work` has begun is 130, as before."""
    started = False

    def play(actor: Actor) -> int:
        nonlocal started
        started = True
        return work(actor)

    try:
        return run_as(uow_factory, args, TRAINERS, play, not_accepted=PASSWORD_NOT_ACCEPTED)
    except KeyboardInterrupt as interrupt:
        if started:
            raise
        print(f"\n{interrupted_line(interrupt)}", file=sys.stderr)  # as `custinfo` says it
        return STOPPED_AT_PASSWORD


def _run(
    args: argparse.Namespace,
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    typed: Typed,
    console: ConsoleRunner | None,
) -> int:
    """The subcommand, run as the trainer `typed` names; a refusal said, status 1."""
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.training_play_lock import RunAlreadyPlaying

    try:
        return _subcommand(args, settings, uow_factory, typed, console)
    except RunAlreadyPlaying as error:  # the command to follow it on a line of its own
        follow = ToRun(train_command("watch", error.run_id, typed))
        say(f"custinfo: {error} To follow it from here:", follow, to=sys.stderr)
        return 1
    except ServiceError as error:
        return fail(str(error))


def _subcommand(
    args: argparse.Namespace,
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    typed: Typed,
    console: ConsoleRunner | None,
) -> int:
    from custinfo_tui.services.cohort import training_cohort
    from custinfo_tui.services.training import list_runs, run_detail

    actor = typed.actor
    if args.train_command == "start":
        shelf = scenario_shelf(settings)
        if args.scenario in shelf.problems:  # that file is a bad one: say why
            raise shelf.problems[args.scenario]
        scenario = shelf.scenarios.get(args.scenario)
        if scenario is None:
            return fail(f"no scenario {args.scenario!r}; `custinfo train scenarios` lists them.")
        return _start(settings, uow_factory, scenario, args.trainee, console, typed)
    if args.train_command == "play":
        return _play_started(settings, uow_factory, args.run_id, console, typed)
    if args.train_command == "end":
        return _end_stopped(settings, uow_factory, args.run_id, typed)
    if args.train_command == "caller":
        return caller(settings, uow_factory, args.run_id, typed)
    if args.train_command == "cohort":
        seen = training_cohort(uow_factory(), actor, since=args.since)
        print_cohort(seen, args.since)
        return 0
    if args.train_command == "watch":
        return watch(settings, uow_factory, args.run_id, typed)
    if args.train_command == "list":
        print_runs(list_runs(uow_factory(), actor))
        return 0
    detail = run_detail(uow_factory(), actor, args.run_id)
    print_report(detail, not_scored(detail.run, typed))
    return 0


def _start(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    scenario: Scenario,
    trainee: str,
    console: ConsoleRunner | None,
    typed: Typed,
) -> int:
    from custinfo_tui.composition import open_sandbox
    from custinfo_tui.services.training import start_run

    started = start_run(
        uow_factory(), typed.actor, scenario, trainee, settings.data_dir / "training", open_sandbox
    )
    return _play(settings, uow_factory, started.run, scenario, console, typed)


def _play_started(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    run_id: int,
    console: ConsoleRunner | None,
    typed: Typed,
) -> int:
    """`train play RUN`: a run started (by a trainer, from the console) and not yet played,
    or one whose console stopped before the run ended: played on."""
    from custinfo_tui.services.training import run_detail

    run = run_detail(uow_factory(), typed.actor, run_id).run
    if not still_running(run, "only a running run is played"):
        return 1
    scenario = scenario_of(settings, run)
    if scenario is None:
        return 1
    return _play(settings, uow_factory, run, scenario, console, typed)


def _end_stopped(
    settings: Settings, uow_factory: UnitOfWorkFactory, run_id: int, typed: Typed
) -> int:
    """`train end RUN`: a run whose console stopped before it ended, scored as it stands."""
    from custinfo_tui.composition import open_sandbox
    from custinfo_tui.services.scenarios import scoring_policies
    from custinfo_tui.services.training_stopped import end_stopped_run

    policies = scoring_policies(settings.policy_file)
    detail = end_stopped_run(
        uow_factory(), typed.actor, run_id, scenario_shelf(settings), open_sandbox, policies
    )
    for line in ended_lines(detail, typed):
        print(printable(line))
    return 0


def _play(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    run: TrainingRunSummary,
    scenario: Scenario,
    console: ConsoleRunner | None,
    typed: Typed,
) -> int:
    """The training console on the run's sandbox until it closes, then the run scored;
    refused if another console is playing the run. A console that stops before the run
    ends (an internal error) leaves it running: nothing the trainee did is lost."""
    from custinfo_tui.services.training import run_detail
    from custinfo_tui.services.training_play_lock import playing

    with playing(Path(run.sandbox_path), run.run_id):
        # Another console may have ended the run between the caller's look and the lock.
        if not still_running(
            run_detail(uow_factory(), typed.actor, run.run_id).run, "only a running run is played"
        ):
            return 1
        return _play_held(settings, uow_factory, run, scenario, console, typed)


def _play_held(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    run: TrainingRunSummary,
    scenario: Scenario,
    console: ConsoleRunner | None,
    typed: Typed,
) -> int:
    """`_play`, the run held by this console."""
    from custinfo_tui.composition import make_app, open_sandbox, sandbox_settings
    from custinfo_tui.domain.training.run import TrainingMode
    from custinfo_tui.services.scenarios import scoring_policies
    from custinfo_tui.services.training import cue_file_path, finish_run
    from custinfo_tui.services.training_not_started import record_played
    from custinfo_tui.tui.cue_file import mark_ended

    live, run_id, sandbox = uow_factory(), run.run_id, Path(run.sandbox_path)
    record_played(uow_factory(), typed.actor, run_id)  # a run tried and not started is now
    print(printable(f"Run {run_id}: {scenario.title}, for {run.trainee}."))
    print(printable(f"Sandbox: {sandbox}"))
    mode = TrainingMode(run_id, scenario, run.trainee, cue_file=cue_file_path(sandbox, run_id))
    app = make_app(sandbox_settings(settings, sandbox), training=mode)
    try:
        (console or run_console)(app)
    except BaseException:
        say_stopped(run_id, typed)
        raise
    if app.return_code:  # an internal error (the console said so as it closed), a signal
        say_stopped(run_id, typed)
        return app.return_code  # 143 for SIGTERM (tui/stop_signals.py), as a shell says it
    if mode.cue_file is not None:
        mark_ended(mode.cue_file)  # the trainer's caller terminal says the run is over
    policies = scoring_policies(settings.policy_file)
    with open_sandbox(sandbox) as sandbox_uows:
        detail = finish_run(live, typed.actor, run_id, scenario, sandbox_uows(), policies)
    for line in ended_lines(detail, typed):
        print(printable(line))
    return 0


def _print_scenarios(settings: Settings) -> int:
    """Every scenario that loads; each bad file's problem on standard error (status 1)."""
    shelf = scenario_shelf(settings)
    for scenario in shelf.scenarios.values():
        points = ", ".join(scenario.practises)
        print(printable(f"{scenario.id}  {scenario.title}  ({points})"))
    for problem in shelf.problems.values():
        print(printable(f"custinfo: not offered: {problem}"), file=sys.stderr)
    return 1 if shelf.problems else 0
