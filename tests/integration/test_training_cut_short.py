"""A role-play cut short (docs/training.md, "A console that stops before the run ends").

Found by an explorer: a run whose console was killed mid-call (by the trainer, or dying on
its own), then ended by the trainer and scored, had no closing step: the debrief's
timeline showed the call as if it were still going on, and the scorer marked the call's
missing wrap-up as the trainee's fault at no step at all. Ending such a run now records,
in its sandbox, each call left open ended and the run cut short, both saying who ended it;
points never reached are marked so.
"""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.composition import build_console_services, open_sandbox
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import RUN_CUT_SHORT
from custinfo_tui.services import auth, verification
from custinfo_tui.services.lookup import search_customers
from tests.support.tour import AGENT


def test_a_run_ended_by_its_trainer_mid_call_ends_the_call_and_says_it_was_cut_short(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    with open_sandbox(Path(run.sandbox_path)) as sandbox:  # in the call, then kill -9
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        (john, *_) = search_customers(sandbox(), trainee, "john smith")
        call = verification.start_interaction(
            sandbox(), trainee, VerificationPolicy(), john.customer_id, Channel.PHONE
        ).interaction_id

    detail = services.end_stopped_training_run(trainer, run.run_id)

    with open_sandbox(Path(run.sandbox_path)) as sandbox, sandbox() as uow:
        stored = uow.interactions.get(call)
        assert stored is not None and stored.ended_at is not None
        steps = [(e.action, e.outcome, e.details) for e in uow.audit.for_interaction(call)]
        (closing,) = uow.audit.list_recent(action=AuditAction.TRAINING_RUN_CUT_SHORT.value)
    assert steps[-1] == (
        AuditAction.INTERACTION_ENDED,
        RUN_CUT_SHORT,
        {"channel": "phone", "ended_by": "trainer"},
    )
    assert closing.details == {"ended_by": "trainer", "calls_ended": 1}
    assert detail.scorecard is not None
    *_, call_ended, run_ended = detail.scorecard.timeline
    assert call_ended.words == "Phone call ended: the role-play was cut short by trainer"
    assert run_ended.words == (
        "Role-play cut short by trainer after its console stopped (1 call left open ended)"
    )
    assert call_ended.marks == () and run_ended.marks == ()
    logged = {r.marking_point: r for r in detail.scorecard.results}["MP-18"]
    assert logged.verdict is Verdict.NOT_MET and logged.not_reached
    assert logged.note.startswith("Not reached: the run was cut short (its console stopped")
    assert not any(step.against for step in logged.evidence)


def test_a_run_cut_short_with_no_call_open_names_no_count_of_calls(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: "(0 calls left open ended)" after a console killed between
    calls; with no call left open the step says nothing of calls."""
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    with open_sandbox(Path(run.sandbox_path)) as sandbox:  # a search, then kill -9
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        search_customers(sandbox(), trainee, "john smith")

    detail = services.end_stopped_training_run(trainer, run.run_id)

    assert detail.scorecard is not None
    assert detail.scorecard.timeline[-1].words == (
        "Role-play cut short by trainer after its console stopped"
    )
