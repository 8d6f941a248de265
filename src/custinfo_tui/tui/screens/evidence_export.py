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

from custinfo_tui.tui.new_file import new_file_problem
from custinfo_tui.tui.screens.subject_access import DeskFormScreen, FormField
from custinfo_tui.tui.service_calls import attempt, tell_handler

if TYPE_CHECKING:
    from custinfo_tui.domain.evidence import EvidenceDocument
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.ports import ConsoleServicesPort

_ANONYMISED = (
    "Customers appear as Customer A, Customer B; no name, contact detail, reference, date "
    "of birth or typed text. A file name ending .json gives JSON, any other printable HTML."
)
_FILE = "File to write"


def export_my_evidence(screen: Screen[Any], actor: Actor) -> None:
    """Ask for the days and the file, then write the operator's own evidence."""
    _export_work(screen, actor, for_trainee=False)


def export_trainee_work(screen: Screen[Any], actor: Actor) -> None:
    """Ask for the trainee, the days and the file, then write the trainee's evidence of
    their real work (a trainer or a supervisor)."""
    _export_work(screen, actor, for_trainee=True)


def _export_work(screen: Screen[Any], actor: Actor, *, for_trainee: bool) -> None:
    today = datetime.now(UTC).date()
    whose = [FormField("evidence-operator", "Trainee (username)", limit=64)] if for_trainee else []

    def given(values: dict[str, str] | None) -> None:
        if values is not None:
            path = values["evidence-file"]
            username = values.get("evidence-operator", actor.username)
            _export(
                screen,
                "export the evidence",
                path,
                lambda services: services.export_work_evidence(
                    actor, username, values["evidence-since"], values["evidence-until"], path
                ),
            )

    form = DeskFormScreen(
        "Export a trainee's evidence" if for_trainee else "Export my evidence of practice",
        f"Logged steps of real work between two days, for a portfolio. {_ANONYMISED}",
        [
            *whose,
            FormField("evidence-since", "From (day)", value=f"{today - timedelta(days=30)}"),
            FormField("evidence-until", "To (day)", value=f"{today}"),
            FormField(
                "evidence-file",
                _FILE,
                "e.g. ~/evidence.html",
                limit=1000,
                problem=new_file_problem,
            ),
        ],
    )
    screen.app.push_screen(form, given)


def export_run_evidence(screen: Screen[Any], actor: Actor, run_id: int) -> None:
    """Ask for the file, then write a scored run's evidence."""

    def given(values: dict[str, str] | None) -> None:
        if values is not None:
            path = values["evidence-file"]
            _export(
                screen,
                "export the run's evidence",
                path,
                lambda services: services.export_run_evidence(actor, run_id, path),
            )

    form = DeskFormScreen(
        f"Export evidence of run {run_id}",
        f"The run's steps and marking points, for the trainee's portfolio. {_ANONYMISED}",
        [
            FormField(
                "evidence-file",
                _FILE,
                f"e.g. ~/run-{run_id}.html",
                limit=1000,
                problem=new_file_problem,
            )
        ],
    )
    screen.app.push_screen(form, given)


def _export(
    screen: Screen[Any],
    what: str,
    path: str,
    call: Callable[[ConsoleServicesPort], EvidenceDocument],
) -> None:
    services = cast("CustinfoApp", screen.app).services()

    def work() -> None:
        result = attempt(what, call, services)
        if result.ok and result.value is not None:
            steps = result.value.step_count
            screen.notify(f"Evidence written to {path}: {steps} steps.", markup=False)
        else:
            tell_handler(screen, result)

    screen.run_worker(work, thread=True, group="evidence", exit_on_error=False)
