"""Evidence of practice, anonymised (MP-21; docs/training.md, "Evidence of practice").

An operator's logged steps, from the live event stream (their real work between two days)
or from a scored training run (its kept scorecard and timeline: the sandbox may be gone),
made anonymous by the pure rules of `domain/evidence.py`. Every role that opens customers'
records exports their own (not the administrator, whose work is operators); a trainer or a
supervisor exports anyone's. Each export is audited with what it covered (a
run's number, or the days) and counts only.

What is refused because of one value given (an unknown username, the days the wrong way
round or a first day still to come, a file that cannot be written) is a `FieldProblems`
naming it, `operator`, `since` or `file`, so a form says it at that box and the command
line says the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.discrepancies import DISCREPANCY_REPORT
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.evidence import EvidenceDocument, live_evidence
from custinfo_tui.domain.evidence_forms import evidence_html, evidence_json
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.run_evidence import run_evidence
from custinfo_tui.domain.training.runs import TrainingRunStatus, nothing_to_export
from custinfo_tui.domain.training.scorecard import Scorecard
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.private_files import new_file_problem, not_written, open_private
from custinfo_tui.services import audit
from custinfo_tui.services.capabilities import (
    may_export_others_evidence,
    may_export_own_evidence,
)
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWork


class EvidenceForm(StrEnum):
    """The two forms of the export."""

    HTML = "html"
    JSON = "json"


#: The endings that name a form, as a file manager or a browser reads them.
_ENDINGS = {".json": EvidenceForm.JSON, ".html": EvidenceForm.HTML, ".htm": EvidenceForm.HTML}


def named_form(name: str) -> EvidenceForm | None:
    """The form a file name's ending names (".json"; ".html" or ".htm"), or None when it
    names neither (`evidence`, `notes.txt`)."""
    return _ENDINGS.get(Path(name.strip()).suffix.lower())


def form_for_file(name: str) -> EvidenceForm:
    """The form a file name asks for: JSON for a name ending ".json", else HTML, so a file
    never holds one form under the other's ending."""
    return named_form(name) or EvidenceForm.HTML


def live_work_evidence(
    uow: UnitOfWork,
    actor: Actor | None,
    username: str,
    *,
    since: date | None,
    until: date | None,
    capture: CapturePolicy,
    out: Path | None = None,
    form: EvidenceForm = EvidenceForm.HTML,
) -> EvidenceDocument:
    """The operator's real work from `since` to `until` (UTC days, both included; open
    ends allowed) as anonymised evidence. `actor` None is the system.
    With `out`, the export is written there (a new file, readable by its owner only) in
    `form` before the audit event commits; an existing file is refused. A range that can
    hold nothing (the first day after the last, or after today) is refused, not written
    empty."""
    now = datetime.now(UTC)
    _check_days(since, until, today=now.date())
    _check_out(out)
    with uow:
        operator = uow.operators.get_by_username(username.strip().lower())
        if operator is None:
            raise FieldProblems({"operator": "There is no operator with that username."})
        _check_may_export(actor, operator.id)
        events = uow.audit.by_operator(
            operator.id,
            since=_start_of(since),
            before=_start_of(until + timedelta(days=1)) if until else None,
        )
        started = [e.interaction_id for e in events if e.action is AuditAction.INTERACTION_STARTED]
        document = live_evidence(
            events,
            calls_ended=uow.audit.calls_ended([call for call in started if call is not None]),
            operator=operator.username,
            covers="",
            generated_at=now,
            reason_kinds={*capture.change_reasons, DISCREPANCY_REPORT},
        )
        document = document.model_copy(update={"covers": _live_covers(document, since, until)})
        days = {"since": _day(since, None), "until": _day(until, None)}
        _record(uow, actor, operator.id, document, form, days)
        if out is not None:
            _write(document, out, form)
        uow.commit()
        return document


def training_run_evidence(
    uow: UnitOfWork,
    actor: Actor | None,
    run_id: int,
    *,
    trainee: str | None = None,
    out: Path | None = None,
    form: EvidenceForm = EvidenceForm.HTML,
    with_notes: bool = False,
) -> EvidenceDocument:
    """A scored training run as anonymised evidence, from the scorecard and timeline the
    live database keeps; for its trainee, a trainer or a supervisor. With `trainee` (a
    username) the run must be theirs. `out` and `form` as for `live_work_evidence`.
    `with_notes`: the trainer's notes on its points go in too, as typed (asked for: typed
    text is otherwise left out of every export), and the trail records that they did."""
    now = datetime.now(UTC)
    _check_out(out)
    with uow:
        run = uow.training.get_run(run_id)
        if run is None:
            raise NotFound(f"There is no training run {run_id}.")
        _check_may_export(actor, run.trainee_id)
        scorecard = Scorecard.model_validate(run.scorecard) if run.scorecard else None
        if scorecard is None or not scorecard.played:
            raise ServiceError(nothing_to_export(run_id, TrainingRunStatus(run.status)))
        trainee_row = uow.operators.get(run.trainee_id)
        if trainee is not None and (
            trainee_row is None or trainee_row.username != trainee.strip().lower()
        ):
            raise NotFound(f"Run {run_id} is not that operator's.")
        document = run_evidence(
            scorecard,
            operator=trainee_row.username if trainee_row else "unknown",
            covers=f"Training run {run.id}: {run.scenario_title} ({run.started_at:%Y-%m-%d})",
            generated_at=now,
            trainer_notes={n.marking_point: n.text for n in uow.training.notes_of(run.id)}
            if with_notes
            else None,
        )
        covered = {"run": run.id} | ({"trainer_notes": True} if with_notes else {})
        _record(uow, actor, run.trainee_id, document, form, covered)
        if out is not None:
            _write(document, out, form)
        uow.commit()
        return document


def _check_days(since: date | None, until: date | None, *, today: date) -> None:
    """Refuse days that can hold nothing: an empty file with a success would pass for a
    day with no work in it."""
    if since and until and since > until:
        raise FieldProblems({"since": "The first day comes after the last day."})
    if since and since > today:
        raise FieldProblems({"since": "The first day is after today: nothing is logged yet."})


def _check_out(out: Path | None) -> None:
    """Refuse a file that cannot be written before the work is read, as a form does."""
    if out is not None and (problem := new_file_problem(out)) is not None:
        raise FieldProblems({"file": problem})


def _live_covers(document: EvidenceDocument, since: date | None, until: date | None) -> str:
    """What live work covers, in words: with no first day given, the day of the first step
    listed, since "the first day" tells an assessor nothing."""
    steps = [step.at for contact in document.contacts for step in contact.steps]
    if since is not None:
        first = since.isoformat()
    elif steps:
        first = f"{min(steps).astimezone(UTC):%Y-%m-%d} (the first logged step)"
    else:
        first = "from the first logged step"
    return f"Live work, {first} to {until.isoformat() if until else 'today'}"


def _check_may_export(actor: Actor | None, operator_id: int | None) -> None:
    """Refuse a role that opens no customer's record (the administrator: their evidence
    would be empty, and docs/access-control.md gives them none), then another operator's
    evidence to anyone but a trainer or a supervisor."""
    if actor is None:
        return
    if not may_export_own_evidence(actor):
        raise PermissionDenied(EXPORT_EVIDENCE)
    if actor.operator_id != operator_id and not may_export_others_evidence(actor):
        raise PermissionDenied("export another operator's evidence")


#: What a role with no evidence of practice is refused.
EXPORT_EVIDENCE = "export evidence of practice, which is made of work on customers' records"


def _record(
    uow: UnitOfWork,
    actor: Actor | None,
    operator_id: int | None,
    document: EvidenceDocument,
    form: EvidenceForm,
    covered: Mapping[str, object],
) -> None:
    """`evidence.exported`, with what the export covered (`covered`: a run's number, or
    live work's first and last day, None for an open end) and counts; no personal data."""
    audit.record(
        uow,
        actor,
        AuditAction.EVIDENCE_EXPORTED,
        details={
            "of_operator": operator_id,
            "source": document.source,
            **covered,
            "form": form.value,
            "contacts": document.contact_count,
            "steps": document.step_count,
        },
    )


def _write(document: EvidenceDocument, out: Path, form: EvidenceForm) -> None:
    text = evidence_json(document) if form is EvidenceForm.JSON else evidence_html(document)
    try:
        with open_private(out, "x", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise FieldProblems({"file": not_written(out, error)}) from None


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day is not None else None


def _day(day: date | None, otherwise: str | None) -> str | None:
    return day.isoformat() if day is not None else otherwise
