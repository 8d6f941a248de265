"""The erasure desk's refusals (docs/data-protection.md, "How to erase a customer"): F2 on
a held record says at once that it cannot be erased, and records the refusal with the
reason typed (the request refused, in words: not only its number), which closes the
customer's open erasure request as refused. A part of the erasure screen (erasure.py),
which builds on it, kept here so that screen stays short; its keys are the screen's.
"""

from __future__ import annotations

from textual import on, work
from textual.message import Message

from custinfo_tui.domain.data_protection.erasure import (
    NO_GROUND_FOR_A_COMPLAINT,
    REFUSAL_NEXT_STEPS,
    ErasureKeptOpen,
    ErasurePreview,
    ErasureRefused,
    grounded,
    grounds_cited,
)
from custinfo_tui.domain.data_protection.refusal_reason import refusal_reason_problem
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.data_protection.erasure_holds import ErasureHolds
from custinfo_tui.tui.screens.data_protection.erasure_preview import PreviewPane
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.bounded_input import BoundedInput


class ErasureRefusing(ErasureHolds):
    """F2 on a held record (`action_refuse`); the refusal's worker posts `Refused`."""

    class Refused(Message):
        def __init__(self, refused: ErasureRefused) -> None:
            super().__init__()
            self.refused = refused

    class KeptOpen(Message):
        def __init__(self, kept: ErasureKeptOpen) -> None:
            super().__init__()
            self.kept = kept

    @property
    def _pane(self) -> PreviewPane:
        return self.query_one("#erase-preview", PreviewPane)

    def action_refuse(self) -> None:
        """F2 on a held record: never the question of erasing. It says at once that the
        record cannot be erased and on what ground it may be refused, and offers to keep the
        customer's open erasure request open while the hold stands (refusing nothing: the
        one course for an open complaint, which gives no ground of Art. 17(3)) and, where a
        hold gives a ground, to record the refusal, the request refused typed as the reason.
        Where a hold gives a ground and no such reason is typed (none, or one that only
        numbers the request, "Request 2 (Art. 17)", which the person's pack would show as
        the reason), it says so at the reason box, which takes the keys."""
        preview = self.preview
        if preview is None or not preview.holds:
            return
        typed = self.query_one("#erase-reason", BoundedInput).settled_value().strip()
        problem = refusal_reason_problem(typed)
        if problem is not None and grounded(preview.holds):
            held = "" if typed else "Held, so it cannot be erased. "
            self._refused_at_reason(f"{held}{problem} F2 then records the refusal.")
            return
        reason = "" if problem is not None else self._reason()  # too long: said at the box
        if reason is None:
            return
        holds = "; ".join(hold.described for hold in preview.holds)
        said, choices = _what_f2_offers(preview, reason)

        def answered(choice: str | None) -> None:
            if choice == "refuse":
                self._refuse(preview.customer_id, reason)
            elif choice == "keep":
                self._keep_open(preview.customer_id)

        self.app.push_screen(
            ChoiceScreen(
                f"{preview.reference} cannot be erased: it is held",
                f"{holds.rstrip('.')}. Nothing is erased while a hold stands. {said}",
                choices,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="erase", exit_on_error=False)
    def _keep_open(self, customer_id: int) -> None:
        services = self.custinfo.services()
        result = attempt(
            "keep the request open", services.keep_erasure_request_open, self.actor, customer_id
        )
        tell_handler(self, result, done="Request kept open." if result.ok else None)
        if result.value is not None:
            self.post_message(self.KeptOpen(result.value))

    @on(KeptOpen)
    def _kept_open(self, message: KeptOpen) -> None:
        """What keeping it open means stays on the screen: erased once the hold ends, and
        the reply still due by the request's date."""
        self._pane.show_said_in_bold(message.kept.message)
        self.done_here.append(message.kept.message)

    @work(thread=True, exclusive=True, group="erase", exit_on_error=False)
    def _refuse(self, customer_id: int, reason: str) -> None:
        services = self.custinfo.services()
        result = attempt(
            "record the refusal", services.refuse_erasure, self.actor, customer_id, reason
        )
        tell_handler(self, result, done="Refusal recorded." if result.ok else None)
        if result.value is not None:
            self.post_message(self.Refused(result.value))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        """The refusal recorded with this reason: the box empties for the next action, and
        what to do next stays on the screen (a notice goes in seconds)."""
        self._reason_used(message.refused.message)
        if self.preview is not None and message.refused.request_id is not None:
            # That request is closed: a refusal recorded again closes none.
            self.preview = self.preview.model_copy(update={"erasure_request": None})
        self._pane.show_refused(message.refused)


def _what_f2_offers(preview: ErasurePreview, reason: str) -> tuple[str, list[tuple[str, str]]]:
    """What F2 on a held record says of the ground to refuse and of the request, and the
    choices it offers: going back first, so a stray Enter records nothing; then the
    refusal, where a hold gives a ground (F2, Down, Enter records it, as before); then
    keeping the request open. `reason` is "" only where no hold gives a ground."""
    choices = [("Go back", "back")]
    refusable = grounded(preview.holds)
    said = []
    if refusable:
        grounds = "; ".join(dict.fromkeys(str(hold.kind.ground) for hold in refusable))
        said.append(f"The ground to refuse erasure: {grounds}.")
    else:
        said.append(NO_GROUND_FOR_A_COMPLAINT)
    request, due = preview.erasure_request, preview.erasure_request_due
    if refusable:
        record = f"Record the refusal, with the reason typed ({reason})."
        if request is not None:  # the refusal answers it
            record += (
                f" Erasure request {request} is closed as refused, on the ground of "
                f"{grounds_cited(refusable)}."
            )
        said += [record, REFUSAL_NEXT_STEPS]
        choices.append(("Record the refusal", "refuse"))
    if request is not None:
        by = f", still due by {due:%d %b %Y}" if due is not None else ""
        keep = (
            f"Or keep erasure request {request} open, refusing nothing"
            if refusable
            else f"Kept open, erasure request {request} is refused nothing"
        )
        said.append(f"{keep}: the record is erased once the hold ends{by}.")
        choices.append((f"Keep request {request} open while the hold stands", "keep"))
    return " ".join(said), choices
