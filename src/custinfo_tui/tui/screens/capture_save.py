"""The new-customer screen's read-back and save (MP-03, MP-18).

`CaptureScreen` (screens/capture.py) is built on `ReadBackThenSave`. `Ctrl+S` checks the
form (each box, the enquiry type, the special-category condition, the possible duplicates,
in that order), asks once whether to save with the notes box empty (this form is the
call's wrap-up), then opens the read-back (screens/readback.py); only a confirmed read-back
saves. A refused save comes back to the form as it was: a field's error at its box, a
duplicate created meanwhile shown and asked about again, a call closed under the form said
once (`CaptureCall.call_over`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.message import Message
from textual.widgets import Select

from custinfo_tui.domain.capture import NOTES, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.fields import normaliser_for
from custinfo_tui.domain.readback import read_back_all
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.services.errors import CallEnded, CustomerSavedAlready, DuplicateSuspected
from custinfo_tui.tui.screens.capture_call import CaptureCall, CustomerCreated
from custinfo_tui.tui.screens.readback import ConfirmedSoFar, CorrectField, ReadBackScreen
from custinfo_tui.tui.screens.wrap_up_form import save_without_notes_question
from custinfo_tui.tui.service_calls import attempt, call_ended_words
from custinfo_tui.tui.widgets.field_input import show_at_field

if TYPE_CHECKING:
    from custinfo_tui.domain.capture import NewCustomerCall
    from custinfo_tui.domain.consent import ConsentAnswers
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.verification import Channel
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.saving_form import SavingForm
    from custinfo_tui.tui.widgets.field_input import FieldInput

ResultType = TypeVar("ResultType")

#: The foot once the handler went back to the empty notes rather than save without them.
NOTES_WANTED = "Type the notes: what was asked and what was done. Ctrl+S reads back, then saves."


class ReadBackThenSave(CaptureCall[ResultType]):
    """The read-back and the save; the save worker posts `Created` or `Refused`. A screen
    class of its own, as `CaptureCall` is; the new-customer screen builds on it and gives it
    what it reads below."""

    if TYPE_CHECKING:
        actor: Actor
        call: NewCustomerCall
        channel: Channel
        consent: ConsentAnswers | None
        consent_at: datetime | None
        template_key: str
        without_notes: bool
        confirmed_so_far: ConfirmedSoFar
        _saving: SavingForm

        @property
        def custinfo(self) -> CustinfoApp: ...

        @property
        def one_name_only(self) -> bool: ...

        def _fields(self) -> dict[str, FieldInput]: ...

        def _values(self) -> dict[str, str]: ...

        def _say(self, message: str) -> None: ...

    class Created(Message):
        def __init__(self, record: CustomerRecord) -> None:
            super().__init__()
            self.record = record

    class Refused(Message):
        """Not saved: why, and whether it is a field's error or a duplicate just created."""

        def __init__(
            self,
            error: str,
            *,
            field_error: bool,
            duplicate: bool,
            call_over: str | None = None,
        ) -> None:
            super().__init__()
            self.error = error
            self.field_error = field_error
            self.duplicate = duplicate
            #: The call is over under the form (a supervisor closed it, or this save was
            #: stored already): what to tell the handler, once; nothing more can be saved.
            self.call_over = call_over

    def action_read_back(self) -> None:
        if self._saving.running:  # Ctrl+S again (a key bounce) while the customer is being saved
            return
        if self.consent is None:
            self.action_consent()
            return
        if self.duplicates_checked() and self.refused_by_a_match():
            return  # before anything else: no other answer helps
        fields = [field for field in self._fields().values() if not field.closed]
        problems = [field for field in fields if not field.show_check()]
        enquiry = self.query_one("#enquiry", Select)
        if problems:
            problems[0].focus_problem()
            also = " and choose the enquiry type" if enquiry.is_blank() else ""
            self._say(f"Correct the fields marked in red{also}; nothing typed is lost.")
            return
        if enquiry.is_blank():
            enquiry.focus()
            self._say("Choose the enquiry type.")
            return
        if self._special_refused():
            return
        if not self.duplicates_checked():
            self.check_duplicates_then_read_back()
            return
        if self.refused_by_a_match():
            return
        if self.ask_why_a_different_person():  # for a match a correction made closer too
            return
        self._read_back_unless_notes_missing()

    def _read_back_unless_notes_missing(self) -> None:
        """The read-back, but first, with the notes box empty, the wrap-up's question: this
        form is the call's wrap-up, and a call saved without notes fails MP-18."""
        notes = self._fields().get(NOTES)
        if notes is None or notes.closed or notes.raw.strip() or self.without_notes:
            self._open_read_back()
            return
        self.app.push_screen(save_without_notes_question(), self._answered_without_notes)

    def _answered_without_notes(self, save_anyway: bool | None) -> None:
        if save_anyway:
            self.without_notes = True
            self._open_read_back()
            return
        self._fields()[NOTES].box.focus()
        self._say(NOTES_WANTED)

    def _open_read_back(self) -> None:
        # Every field was checked before this, so each normalises. The notes are the
        # handler's own words about the call: not read back to the caller.
        stored = {
            key: normaliser_for(key)(raw)
            for key, raw in self._values().items()
            if raw.strip() and key != NOTES
        }
        lines = read_back_all(stored, one_name_only=self.one_name_only)
        self.app.push_screen(
            ReadBackScreen(
                lines,
                title="Read back the new customer's details",
                so_far=self.confirmed_so_far,
                title_bar=self.sub_title,
            ),
            self._read_back,
        )

    def _read_back(self, result: ReadBackConfirmation | CorrectField | None) -> None:
        if isinstance(result, CorrectField):
            field = self._fields().get(result.key)
            if field is not None:
                field.box.focus()
                self._say(f"Correct the {field.label.lower()}, then Ctrl+S to read back again.")
            return
        if isinstance(result, ReadBackConfirmation):
            self._save_attempt(result)

    def _save_attempt(self, confirmation: ReadBackConfirmation) -> None:
        consent = self.consent
        if consent is None:
            return
        self._saving.start(self.query_one("#capture-body"))
        self._say("Saving...")
        new = NewCustomer(
            template=self.template_key,
            values={k: v for k, v in self._values().items() if v.strip()},
            enquiry_type=str(self.query_one("#enquiry", Select).value),
            consent=consent,
            read_back=confirmation,
            different_person_reason=self.different_person_reason,
            interaction_id=self.call.interaction_id,
            consent_at=self.consent_at,
            one_name_only=self.one_name_only,
        )
        self._save(new)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, new: NewCustomer) -> None:
        result = attempt(
            "save the new customer",
            self.custinfo.services().create_customer,
            self.actor,
            self.channel,
            new,
        )
        if result.value is not None:
            self.post_message(self.Created(result.value))
        else:
            refusal = result.refusal
            over = None
            if isinstance(refusal, CallEnded):
                over = call_ended_words(refusal, "the new customer was not saved")
            elif isinstance(refusal, CustomerSavedAlready):
                over = str(refusal)
            self.post_message(
                self.Refused(
                    result.error or "",
                    field_error=result.field_error,
                    duplicate=isinstance(refusal, DuplicateSuspected),
                    call_over=over,
                )
            )

    @on(Created)
    def _created(self, created: Created) -> None:
        self.dismiss(CustomerCreated(created.record))

    @on(Refused)
    def _refused(self, refused: Refused) -> None:
        self._saving.end()
        if refused.call_over is not None:
            self.call_over(refused.call_over)
            return
        self._say(refused.error)
        if refused.field_error:
            show_at_field(self._fields().values(), refused.error)
        elif refused.duplicate:  # another desk created them meanwhile: show them, ask again
            self.different_person_reason = None
            self._check_duplicates()
