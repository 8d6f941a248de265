"""The erasure desk's legal holds (docs/data-protection.md, "Legal holds"): F3 records
one with the reason typed, F4 lifts one; and what every action of the desk shares, the
reason box. A part of the erasure screen (erasure.py), which builds on it, kept here so
that screen stays short; its keys are the screen's, named in the screen's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.widgets import Input, Static

from custinfo_tui.domain.data_protection.erasure import (
    RECORDED_HOLD_KINDS,
    ErasurePreview,
    HoldKind,
)
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


class ErasureHolds(Page[object]):
    """The record found (`preview`, None until one is) and its holds; the screen reads
    the preview again (`_post_preview`) once a hold is recorded or lifted."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.preview: ErasurePreview | None = None
        #: What was recorded here, in the order done ("Hold recorded on 1001 2345 P."):
        #: told, as this screen closes, to the list of requests that opened it.
        self.done_here: list[str] = []

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def _post_preview(self, reference: str) -> None:
        """Read the record's preview and post it (on the calling worker's thread)."""
        raise NotImplementedError

    def _say(self, said: str | Text) -> None:
        """Say `said` on the line under the reason box, where a refusal stays to be read.
        A notification on show is cleared first: at 80x24 one sits over this line, and
        "Hold lifted." hid the "Not now ... a call is not ended" said after it."""
        if said:
            self.app.clear_notifications()
        self.query_one("#erase-message", Static).update(said)

    def _refused_at_reason(self, said: str) -> None:
        """A reason refused: why, under its box, which takes the focus with what it holds
        selected, so what is typed next replaces it."""
        self._say(said)
        self.query_one("#erase-reason", BoundedInput).select_to_retype()

    def _reason(self) -> str | None:
        reason = self.query_one("#erase-reason", BoundedInput).settled_value().strip()
        if not reason:
            self._say("Type the reason first, in the Reason box: it is recorded with this step.")
            self.query_one("#erase-reason", Input).focus()
            return None
        if len(reason) > MAX_REASON_LENGTH:
            self._say(too_long_message("The reason", len(reason), MAX_REASON_LENGTH))
            return None
        self._say("")
        return reason

    def action_hold(self) -> None:
        preview, reason = self.preview, self._reason()
        if preview is None or reason is None:
            return

        def chosen(kind: HoldKind | None) -> None:
            if kind is not None:
                self._hold(preview.reference, kind, reason)

        self.app.push_screen(
            ChoiceScreen(
                f"Hold {preview.reference}",
                f"Why must the data be kept? Recorded with the hold: {reason}",
                [(kind.label, kind) for kind in RECORDED_HOLD_KINDS],
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="erase-hold", exit_on_error=False)
    def _hold(self, reference: str, kind: HoldKind, reason: str) -> None:
        set_hold = self.custinfo.services().set_legal_hold
        result = attempt("record the hold", set_hold, self.actor, reference, kind, reason)
        tell_handler(self, result, done="Hold recorded.")
        if result.ok:
            self.app.call_from_thread(self._reason_used, f"Hold recorded on {reference}.")
            self._post_preview(reference)

    def action_lift(self) -> None:
        preview, reason = self.preview, self._reason()
        if preview is None or reason is None:
            return
        recorded = [(hold.described, hold.hold_id) for hold in preview.holds if hold.hold_id]

        def chosen(hold_id: int | None) -> None:
            if hold_id is not None:
                self._lift(preview.reference, hold_id, reason)

        self.app.push_screen(
            ChoiceScreen("Lift which hold?", f"Recorded with the lift: {reason}", recorded),
            chosen,
        )

    @work(thread=True, exclusive=True, group="erase-hold", exit_on_error=False)
    def _lift(self, reference: str, hold_id: int, reason: str) -> None:
        services = self.custinfo.services()
        result = attempt("lift the hold", services.lift_legal_hold, self.actor, hold_id, reason)
        tell_handler(self, result, done="Hold lifted.")
        if result.ok:
            self.app.call_from_thread(self._reason_used, f"Hold lifted on {reference}.")
            self._post_preview(reference)

    def _reason_used(self, done: str = "") -> None:
        """The reason went with what was just recorded (`done`, kept in `done_here`): the
        next action asks for its own."""
        self.query_one("#erase-reason", Input).value = ""
        if done:
            self.done_here.append(done)
