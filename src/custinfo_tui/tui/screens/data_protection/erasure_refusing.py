"""The erasure desk's refusals (docs/data-protection.md, "How to erase a customer"): F2 on
a held record says at once that it cannot be erased, and records the refusal with the
reason typed (the request refused, in words: not only its number), which closes the
customer's open erasure request as refused. A part of the erasure screen (erasure.py),
which builds on it, kept here so that screen stays short; its keys are the screen's.
"""

from __future__ import annotations

from textual import on, work
from textual.message import Message

from custinfo_tui.domain.data_protection.erasure import REFUSAL_NEXT_STEPS, ErasureRefused
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

    @property
    def _pane(self) -> PreviewPane:
        return self.query_one("#erase-preview", PreviewPane)

    def action_refuse(self) -> None:
        """F2 on a held record: never the question of erasing. With the request refused
        typed as the reason, it says that the record cannot be erased and what to do
        instead, and offers to record the refusal; with none typed, or one that only
        numbers the request ("Request 2 (Art. 17)", which the person's pack would show as
        the reason), it says so at the reason box, which takes the keys."""
        preview = self.preview
        if preview is None or not preview.holds:
            return
        typed = self.query_one("#erase-reason", BoundedInput).settled_value().strip()
        problem = refusal_reason_problem(typed)
        if problem is not None:
            held = "" if typed else "Held, so it cannot be erased. "
            self._refused_at_reason(f"{held}{problem} F2 then records the refusal.")
            return
        reason = self._reason()  # one too long is said at the box
        if reason is None:
            return
        holds = "; ".join(hold.described for hold in preview.holds)
        record = f"Record the refusal, with the reason typed ({reason})."
        if preview.erasure_request is not None:  # the refusal answers it
            record += (
                f" Erasure request {preview.erasure_request} is closed as refused, the "
                "hold its ground (Art. 17(3))."
            )

        def answered(go: bool | None) -> None:
            if go:
                self._refuse(preview.customer_id, reason)

        self.app.push_screen(
            ChoiceScreen(
                f"{preview.reference} cannot be erased: it is held",
                f"{holds.rstrip('.')}. Nothing is erased while a hold stands. {record} "
                f"{REFUSAL_NEXT_STEPS}",
                [("Go back", False), ("Record the refusal", True)],
            ),
            answered,
        )

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
        self._reason_used()
        if self.preview is not None and message.refused.request_id is not None:
            # That request is closed: a refusal recorded again closes none.
            self.preview = self.preview.model_copy(update={"erasure_request": None})
        self._pane.show_refused(message.refused)
