"""Erasure and retention at the DPO's desk (docs/data-protection.md, "Erasure and
retention"): what falls due for anonymisation in the next 30 days; a customer found by
reference, with what holds their record and how much would be erased; a reason; then
F2 erases (after asking), or, on a held record, says it cannot be erased and offers to
record the refusal with what to reply; F3 records a legal hold, F4 lifts one. The preview
scrolls with PgDn and PgUp, named as on the other screens (erasure_preview.py).

Only references, hold reasons, kinds and counts are shown: never a personal value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, Input, Label, Static

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import (
    HELD,
    ErasureDone,
    ErasurePreview,
    erasure_refusal,
)
from custinfo_tui.domain.data_protection.retention import DueSoon
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.reference import (
    EXAMPLE_REFERENCE,
    format_reference,
    normalise_reference,
)
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.data_protection.erasure_lines import (
    DUE_WITHIN_DAYS,
    due_line,
    erased_line,
)
from custinfo_tui.tui.screens.data_protection.erasure_preview import PreviewPane
from custinfo_tui.tui.screens.data_protection.erasure_refusing import ErasureRefusing
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.paged_scroll import PAGE_ACTIONS, READ_BACK, page_key_bindings

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.subject_access import SubjectAccessRequest


class ErasureScreen(ErasureRefusing):
    """Left with Escape, its result what was done here in words (`done_here`; None for
    nothing), which the list of requests that opened it says (`open_to_erase`); nothing is
    erased or held without a reason and a confirmation."""

    CSS_PATH = "../../styles/erasure.tcss"

    #: The fullest footer (a held record, F2 Refuse erasure and F4 Lift hold, read on into
    #: a long preview) has no room for PgUp beside PgDn: PgUp, which the scroll bar and
    #: the command palette still offer, leaves the line before Escape does.
    GIVES_WAY = (READ_BACK,)

    BINDINGS = [
        ENTER_MOVES_ON,
        # Function keys: the text boxes keep Ctrl+E, Ctrl+H... for editing.
        Binding("f2", "erase", "Erase", tooltip="Erase this customer (asks first)", id="erase"),
        # F2 on a held record: it cannot be erased, so the key says what it does instead.
        Binding(
            "f2",
            "refuse",
            "Refuse erasure",
            tooltip="Held: record the refusal, and what to tell the person",
            id="refuse",
        ),
        Binding("f3", "hold", "Hold", tooltip="Record a legal hold with the reason typed"),
        Binding("f4", "lift", "Lift hold", tooltip="Lift a recorded hold with the reason typed"),
        # The preview's notes can run past its lines: PgDn "More" and PgUp "Earlier", named
        # as the other panes' keys are (widgets/paged_scroll.py); it had "pgdn More", as
        # Textual spells the key, and never named PgUp.
        *page_key_bindings(tooltips=("Scroll the preview on", "Scroll the preview back")),
        # Dismissed, not popped: the requests' list that opened it on an erasure request
        # reads its requests again as it closes (a popped screen tells its opener nothing).
        Binding("escape", "back", "Back", tooltip="Back to the desk", id="back"),
    ]

    class DueLoaded(Message):
        def __init__(self, due: list[DueSoon] | None) -> None:
            super().__init__()
            self.due = due

    class Previewed(Message):
        def __init__(
            self, preview: ErasurePreview | None, error: str | None, *, for_f2: bool = False
        ) -> None:
            super().__init__()
            self.preview = preview
            self.error = error
            #: Read again as F2 was pressed on a record a call held: F2 goes on from it.
            self.for_f2 = for_f2

    class Erased(Message):
        def __init__(self, done: ErasureDone) -> None:
            super().__init__()
            self.done = done

    def __init__(self, actor: Actor, reference: str = "", request: int | None = None) -> None:
        """`reference` fills its box (an erasure request on the register, number
        `request`): the record is then found at once, and the reason box takes the keys.
        The reason box starts empty, the request's number only in its placeholder: filled
        with "Request 2 (Art. 17)", F2 recorded that as the reason a refusal's pack shows."""
        super().__init__(actor)
        self._given_reference, self._request = reference, request

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Erasure and retention", id="erase-title")
        yield Static("", id="erase-due")
        # Enter moves on, as in every form: said, so a Tab after it is not one too many.
        yield Label("Customer reference (Enter finds the record and moves on to the reason)")
        yield BoundedInput(
            self._given_reference,
            id="erase-reference",
            limit=20,
            placeholder=f"e.g. {EXAMPLE_REFERENCE}",
        )
        yield PreviewPane(id="erase-preview")
        yield Label("Reason (recorded on the audit trail)")
        yield BoundedInput(
            id="erase-reason",
            limit=MAX_REASON_LENGTH,
            placeholder=reason_placeholder(self._request),
            free_text=True,
        )
        yield Static("", id="erase-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load_due()
        if self._given_reference:
            # Found at once, the reason box taking the keys (`_find` focuses it). Focusing
            # the reference box first left it the focus: `focus()` takes effect after.
            self._find(self._given_reference)
        if self.focused is None:
            self.query_one("#erase-reference", Input).focus()

    def action_back(self) -> None:
        """Closed with what was done here, for the list of requests that opened it to say
        (None: nothing)."""
        self.dismiss(" ".join(self.done_here) or None)

    # --- what falls due -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="erase-due", exit_on_error=False)
    def _load_due(self) -> None:
        result = attempt(
            "read what falls due",
            self.custinfo.services().retention_due_soon,
            self.actor,
            DUE_WITHIN_DAYS,
        )
        tell_handler(self, result)
        self.post_message(self.DueLoaded(result.value))

    @on(DueLoaded)
    def _show_due(self, message: DueLoaded) -> None:
        if message.due is not None:
            self.query_one("#erase-due", Static).update(Text(due_line(message.due)))

    # --- finding the customer ---------------------------------------------------------------

    def action_move_on(self) -> None:
        # Enter in the reference box finds the record and moves on to the reason once the
        # box holds all typed before it, so a reason typed straight on lands in its box.
        move_on(
            self,
            unless=lambda box: box.id != "erase-reference",
            then=lambda: self._find(self.query_one("#erase-reference", Input).value),
        )

    def _find(self, typed: str) -> None:
        reference = typed.strip()
        try:
            normalise_reference(reference)
        except FieldError as error:  # said at the box, which keeps the focus to correct it
            self._show_preview(self.Previewed(None, str(error)))
            return
        self._preview(reference)
        self.set_focus(self.query_one("#erase-reason", Input))  # typed meanwhile

    @on(Input.Changed, "#erase-reference")
    def _reference_changed(self, event: Input.Changed) -> None:
        """A reference typed over the one found: F2 and F3 no longer act on the record
        still shown, which the box no longer names."""
        if self.preview is None or _same_reference(event.value, self.preview.reference):
            return
        self.preview = None
        self._pane.show_said("Enter finds the record typed.")
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="erase-preview", exit_on_error=False)
    def _preview(self, reference: str) -> None:
        self._post_preview(reference)

    def _post_preview(self, reference: str, *, for_f2: bool = False) -> None:
        """Read the record's preview and post it (on the calling worker's thread)."""
        result = attempt(
            "find the record", self.custinfo.services().preview_erasure, self.actor, reference
        )
        self.post_message(self.Previewed(result.value, result.error, for_f2=for_f2))

    @on(Previewed)
    def _show_preview(self, message: Previewed) -> None:
        self.preview = message.preview
        self.refresh_bindings()
        if message.for_f2:
            self._say("")  # no longer checking
        if message.preview is not None:
            self._pane.show_preview(message.preview)
            if message.for_f2:
                self._erase_unless_not_now(message.preview)
            return
        self._pane.show_said(message.error or "")
        reason = self.query_one("#erase-reason", Input)
        if reason.has_focus and not reason.value:  # nothing typed there yet: back
            self.query_one("#erase-reference", Input).focus()

    def action_read_on(self) -> None:
        self._pane.read_on()

    def action_read_back(self) -> None:
        self._pane.read_back()

    # --- erasing ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PAGE_ACTIONS:
            return self._pane.key_shown(action)
        if action == "erase":
            return self.preview is not None and not self.preview.holds
        if action == "refuse":
            return self.preview is not None and bool(self.preview.holds)
        if action == "hold":
            return self.preview is not None
        if action == "lift":
            return self.preview is not None and any(
                hold.hold_id is not None for hold in self.preview.holds
            )
        return True

    def action_erase(self) -> None:
        preview, reason = self.preview, self._reason()
        if preview is None or reason is None:
            return
        if preview.open_calls:
            # Refused while a call is open, so never asked: read again first, the call
            # having perhaps ended since the preview, then said not now or asked.
            self._say(Text("Checking whether the call has ended..."))
            self._preview_for_f2(preview.reference)
            return
        self._ask_to_erase(preview, reason)

    @work(thread=True, exclusive=True, group="erase-preview", exit_on_error=False)
    def _preview_for_f2(self, reference: str) -> None:
        self._post_preview(reference, for_f2=True)

    def _erase_unless_not_now(self, preview: ErasurePreview) -> None:
        """F2, with the preview just read again: a call still open is said at once, as
        not now and why, with nothing asked; a record held since says it cannot be erased
        (F2 on a held record); one free to erase now is asked about, as F2 always asks."""
        if preview.holds:
            self.action_refuse()
        elif preview.open_calls:
            refusal = erasure_refusal(CustomerStatus.ACTIVE, (), preview.open_calls) or ""
            self._say(printable_text(f"Not now, nothing erased: {refusal}"))
        elif (reason := self._reason()) is not None:
            self._ask_to_erase(preview, reason)

    def _ask_to_erase(self, preview: ErasurePreview, reason: str) -> None:
        def answered(go: bool | None) -> None:
            if go:
                self._erase(preview.customer_id, reason)

        self.app.push_screen(
            ChoiceScreen(
                f"Erase {preview.reference}?",
                "Every personal value is replaced and the record can never be found or "
                "opened again. Dates, channels and outcomes stay. This cannot be undone.",
                # Going back comes first: Enter pressed once too often must not erase.
                [("Go back", False), (f"Erase {preview.reference}", True)],
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="erase", exit_on_error=False)
    def _erase(self, customer_id: int, reason: str) -> None:
        result = attempt(
            "erase the record",
            self.custinfo.services().erase_customer,
            self.actor,
            customer_id,
            reason,
        )
        done = result.value
        tell_handler(
            self,
            result,
            done=f"Erased {done.reference}: {counted(done.total, 'value')}." if done else None,
        )
        if done is not None:
            self.post_message(self.Erased(done))
        elif (result.error or "").startswith(HELD):
            # Refused, and the refusal recorded with this reason: a hold asks its own.
            self.app.call_from_thread(self._reason_used, result.error)

    @on(Erased)
    def _erased(self, message: Erased) -> None:
        self.preview = None
        self._pane.show_erased(message.done)
        self.done_here.append(erased_line(message.done))
        self.query_one("#erase-reason", Input).value = ""
        self.query_one("#erase-reference", Input).value = ""
        self.query_one("#erase-reference", Input).focus()
        self.refresh_bindings()
        self._load_due()


def open_to_erase(
    screen: Screen[Any], actor: Actor, request: SubjectAccessRequest, then: Callable[[str], object]
) -> None:
    """Open the erasure desk on the record of erasure `request`, over `screen`; once it is
    left, `then` is told what was done there, or that nothing was."""
    reference = format_reference(request.customer_reference)

    def closed(done: object) -> None:
        nothing = f"Nothing erased, held or refused for request {request.id}: it is as it was."
        then(done if isinstance(done, str) else nothing)

    screen.app.push_screen(ErasureScreen(actor, reference, request.id), closed)


def reason_placeholder(request: int | None) -> str:
    """What the empty reason box suggests: the request the desk was opened for, if one
    was, and the kind of words wanted."""
    example = "customer's written request of 20 Nov"
    return f"Request {request} (Art. 17): e.g. {example}" if request else f"e.g. {example}"


def _same_reference(typed: str, found: str) -> bool:
    try:
        return normalise_reference(typed) == normalise_reference(found)
    except FieldError:
        return False
