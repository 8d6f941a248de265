"""The desk's form for a request answered with its pack (screens/subject_access.py, A then
*Yes, the pack was sent*): which of the request's exports went out (the last, unless
another number is typed) and how it was sent (optional), recorded with the answer
(docs/data-protection.md, "Marking a request answered"). A `DeskForm` of
screens/desk_form.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from custinfo_tui.domain.data_protection.pack_exports import describe_exports, describe_sent
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.tui.screens.desk_form import DeskForm, FormField

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.ports import ConsoleServicesPort


def export_box(request: SubjectAccessRequest) -> tuple[FormField, ...]:
    """The box for which export was sent, holding the last one's number; none when no pack
    was exported (nothing to choose)."""
    last = len(request.pack_exports)
    if not last:
        return ()

    def problem(typed: str) -> str | None:
        if typed.isdigit() and 1 <= int(typed) <= last:
            return None
        return "Give 1, the one export." if last == 1 else f"Give a number from 1 to {last}."

    label = "Export sent (1)" if last == 1 else f"Export sent (1 to {last}; {last} is the last)"
    return (
        FormField("sar-export", label, value=str(last), limit=4, problem=problem, key="export"),
    )


def chosen_export(values: dict[str, str]) -> int | None:
    """The export number typed, or None where the form had no box for it."""
    typed = values.get("sar-export", "")
    return int(typed) if typed.isdigit() else None


def pack_sent(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """Marking `request` answered with its pack: which export went out, and how."""

    def answer(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        note, export = values["sar-how"], chosen_export(values)
        return services.answer_subject_access(actor, request.id, note, export)

    exports = describe_exports(request.pack_exports) or "No pack has been exported for it yet."
    return DeskForm(
        f"Request {request.id}: the pack sent",
        f"{exports} The answer records which went out, so what it left out can be shown "
        "later; how it was sent is kept with the request, and in the person's next pack.",
        (
            *export_box(request),
            FormField(
                "sar-how",
                "How it was sent (optional)",
                "e.g. by post, recorded delivery",
                free_text=True,
                key="note",
                optional=True,
            ),
        ),
        "mark the request answered",
        lambda _, answered: answered_said(cast(SubjectAccessRequest, answered)),
        answer,
    )


def answered_said(answered: SubjectAccessRequest) -> str:
    """ "Request marked answered, in time. Sent: export 2 (...); how: by post."."""
    sent = describe_sent(answered.sent, answered.answer_note)
    return f"Request marked answered, {answered.lateness or 'in time'}. {sent}".rstrip()
