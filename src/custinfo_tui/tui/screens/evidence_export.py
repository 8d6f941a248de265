"""Exporting evidence of practice from the console (MP-21; docs/training.md, "Evidence of
practice"): the form asking for the days and the file, and the export in a worker.

A handler exports their own real work from the lookup (F10, or the command palette); on
the training screen a trainer, a supervisor or the trainee exports a scored run (Ctrl+E),
and a trainer or a supervisor a trainee's real work (F10).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.dates import format_typed_date
from custinfo_tui.domain.evidence import EvidenceDocument
from custinfo_tui.domain.text import counted
from custinfo_tui.private_files import typed_file
from custinfo_tui.tui.new_file import new_file_problem
from custinfo_tui.tui.screens.desk_form import DeskFormScreen, FormField, FormSaved, date_problem
from custinfo_tui.tui.service_calls import attempt

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.ports import ConsoleServicesPort
    from custinfo_tui.tui.service_calls import Attempt

_ANONYMISED = (
    "Customers appear as Customer A, Customer B; no name, contact detail, reference, date "
    "of birth or typed text. A file name ending .json gives JSON, any other printable HTML."
)
_FILE = "File to write"
#: The trainer's notes, offered in a run's export: typed text, so left out unless asked.
_NOTES = (
    "The trainer's notes go in only if you answer yes: they are typed text, as written, "
    "and must hold no customer data."
)
_YES = frozenset({"yes", "y"})


def _yes_or_no(typed: str) -> str | None:
    """Whether the notes go in: "yes" or "no", nothing else."""
    return None if typed.strip().lower() in {*_YES, "no", "n"} else "Type yes or no."


def export_my_evidence(screen: Screen[Any], actor: Actor) -> None:
    """Ask for the days and the file, then write the operator's own evidence."""
    _export_work(screen, actor, for_trainee=False)


def export_trainee_work(screen: Screen[Any], actor: Actor) -> None:
    """Ask for the trainee, the days and the file, then write the trainee's evidence of
    their real work (a trainer or a supervisor)."""
    _export_work(screen, actor, for_trainee=True)


def _export_work(screen: Screen[Any], actor: Actor, *, for_trainee: bool) -> None:
    today = datetime.now(UTC).date()
    whose = (
        [FormField("evidence-operator", "Trainee (username)", limit=64, key="operator")]
        if for_trainee
        else []
    )

    def export(services: ConsoleServicesPort, values: dict[str, str]) -> EvidenceDocument:
        username = values.get("evidence-operator", actor.username)
        since, until = values["evidence-since"], values["evidence-until"]
        return services.export_work_evidence(actor, username, since, until, values["evidence-file"])

    _ask(
        screen,
        "Export a trainee's evidence" if for_trainee else "Export my evidence of practice",
        f"Logged steps of real work between two days, for a portfolio. {_ANONYMISED}",
        [
            *whose,
            FormField(
                "evidence-since",
                "From (day)",
                value=format_typed_date(today - timedelta(days=30)),
                limit=20,
                problem=date_problem,
                key="since",
            ),
            FormField(
                "evidence-until",
                "To (day)",
                value=format_typed_date(today),
                limit=20,
                problem=date_problem,
            ),
            FormField(
                "evidence-file",
                _FILE,
                "e.g. ~/evidence.html",
                limit=1000,
                problem=new_file_problem,
                key="file",
            ),
        ],
        ("export the evidence", export),
    )


def export_run_evidence(screen: Screen[Any], actor: Actor, run_id: int) -> None:
    """Ask for the file, then write a scored run's evidence."""

    def export(services: ConsoleServicesPort, values: dict[str, str]) -> EvidenceDocument:
        with_notes = values.get("evidence-notes", "").strip().lower() in _YES
        return services.export_run_evidence(
            actor, run_id, values["evidence-file"], with_notes=with_notes
        )

    _ask(
        screen,
        f"Export evidence of run {run_id}",
        f"The run's steps and marking points, for the trainee's portfolio. {_ANONYMISED} {_NOTES}",
        [
            FormField(
                "evidence-notes",
                "Include the trainer's notes? (yes or no)",
                value="no",
                limit=3,
                problem=_yes_or_no,
                retyped_when_refused=True,
                given=True,
            ),
            FormField(
                "evidence-file",
                _FILE,
                f"e.g. ~/run-{run_id}.html",
                limit=1000,
                problem=new_file_problem,
                key="file",
            ),
        ],
        ("export the run's evidence", export),
    )


def _ask(
    screen: Screen[Any],
    title: str,
    explain: str,
    fields: list[FormField],
    export: tuple[str, Callable[[ConsoleServicesPort, dict[str, str]], EvidenceDocument]],
) -> None:
    """The form; its save writes the file (`export`: what it does, for an unexpected
    error's message, and the call). A refusal (an unknown trainee, a day that does not
    exist) is said at its box, which takes the focus, and the form keeps what was typed; once
    written, where (the whole path: the console's working folder is not the handler's to
    know) and how many steps."""
    what, call = export
    services = cast("CustinfoApp", screen.app).services

    def submit(values: dict[str, str]) -> Attempt[object]:
        return attempt(what, lambda: call(services(), values))

    def written(saved: FormSaved | None) -> None:
        if saved is not None and isinstance(saved.value, EvidenceDocument):
            path, steps = typed_file(saved.values["evidence-file"]), saved.value.step_count
            screen.notify(f"Evidence written to {path}: {_steps_said(steps)}", markup=False)

    screen.app.push_screen(DeskFormScreen(title, explain, fields, submit), written)


def _steps_said(steps: int) -> str:
    """How many steps the file holds; none said as what it means and what would fill it
    ("0 steps." left the handler to guess whether the export had failed)."""
    if steps:
        return f"{counted(steps, 'step')}."
    return "no steps, as no work was logged in that period. Export days you worked to list some."
