"""Changing an existing customer's details (MP-04, MP-10): the same validation as capture,
a reason for each changed field, read-back of the changed fields (and, for a change to the
address, of the whole address: screens/edit_read_back.py), and no lost update.

Only what the handler changes is checked and sent. A stored value that does not pass
today's checks (a legacy import's) is said at its field as a note, not an error, and left
as it is unless changed (screens/edit_values.py): in a call the handler may not know the
right value for it, yet must save what the caller asked.

If another desk saved the record while this handler was editing, the conflict screen shows
both values side by side; the handler chooses per field and the save goes again against the
newer record (screens/edit_conflict.py). Nothing typed is lost at any step.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Static

from custinfo_tui.domain.address_country import COUNTRY_FIELD, POSTCODE_FIELDS
from custinfo_tui.domain.capture import (
    FieldEdit,
    ReadBackConfirmation,
)
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.discrepancies import DISCREPANCY_REPORT, DiscrepancyReport
from custinfo_tui.domain.field_display import preview
from custinfo_tui.domain.fields import CLEARABLE_FIELDS, FIELDS, FREE_TEXT_FIELDS, normaliser_for
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.one_name import FAMILY_NAME, GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.text import printable
from custinfo_tui.domain.training.cues import CueKind
from custinfo_tui.services.errors import EditConflict
from custinfo_tui.tui import postcode_boxes
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import IN_A_CALL
from custinfo_tui.tui.screens.edit_changes import NOTHING_CHANGED
from custinfo_tui.tui.screens.edit_read_back import EditReadBack
from custinfo_tui.tui.screens.edit_values import (
    in_form,
    question_in_call,
    refusing_stand_ins,
    stored_or_none,
    stored_value_note,
)
from custinfo_tui.tui.screens.readback import ConfirmedSoFar
from custinfo_tui.tui.service_calls import attempt, closes_ended_call, closes_erased_record
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.field_input import FieldInput, show_at_field
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

HIDDEN_PLACEHOLDER = "(hidden: type the new value)"
#: A special-category box with no Article 9 condition recorded (F9 on the record records one).
NO_CONDITION_PLACEHOLDER = "Needs an Art. 9 condition: F9 Consent"


class EditScreen(EditReadBack):
    """The save worker posts `Saved`, `Conflicted` (screens/edit_conflict.py) or `Refused`.
    Dismissed with the record as saved, `ReloadRecord` after a conflict, or None."""

    class Saved(Message):
        """The changes were saved: the record as it now stands."""

        def __init__(self, record: CustomerRecord) -> None:
            super().__init__()
            self.record = record

    class Refused(Message):
        """The save was refused: why, and whether it is about what was typed in a field."""

        def __init__(self, error: str, *, field_error: bool) -> None:
            super().__init__()
            self.error = error
            self.field_error = field_error

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "read_back", "Read back", tooltip="Check, read back, then save", id="rb"),
        Binding("escape", "cancel", "Cancel", tooltip="Leave without saving", id="cancel"),
    ]

    def action_move_on(self) -> None:
        move_on(self)

    def __init__(
        self,
        actor: Actor,
        record: CustomerRecord,
        reasons: tuple[str, ...],
        state: VerificationState | None,
        editable: frozenset[str],
        *,
        correcting: DiscrepancyReport | None = None,
        opening_note: str | None = None,
    ) -> None:
        super().__init__()
        self.actor = actor
        #: Said on the message line as the form opens, before anything else it says there
        #: (the record read anew just before: screens/record_editing.py).
        self.opening_note = opening_note
        self.record = record
        #: A discrepancy report this edit corrects (MP-14): its reason is offered, and
        #: filled in for the reported field.
        self.correcting = correcting
        self.reasons = reasons if correcting is None else (*reasons, DISCREPANCY_REPORT)
        self.state = state
        self.version = record.version
        #: The changes are being saved: a second Ctrl+S must not read back (and save) again.
        self._saving = SavingForm()
        #: What earlier read-backs confirmed: kept for lines unchanged when back from the form.
        self.confirmed_so_far = ConfirmedSoFar()
        #: The foot names reasons the form set itself for other fields (until the handler
        #: chooses a reason).
        self._reason_shared = False
        self._checked: dict[str, tuple[str, bool]] = {}
        #: The fields this handler may change (`services.capabilities`), in the record's order.
        self.fields = [f for f in record.fields if f.key in editable]
        #: What each field held when the form opened, in stored form (None: empty or hidden).
        self.before = {f.key: stored_or_none(f.key, in_form(f)) for f in self.fields}

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        name = self.record.name
        yield Static(
            printable_text(f"Change details of {name} ({self.record.reference})", "bold"),
            id="edit-title",
        )
        with FormBoxes(id="edit-form"):
            for field in self.fields:
                spec = FIELDS[field.key]
                with Horizontal(classes="edit-row"):
                    yield FieldInput(
                        field.key,
                        field.label,
                        normalise=refusing_stand_ins(
                            field.key,
                            postcode_boxes.with_abroad_hint(field.key, normaliser_for(field.key)),
                        ),
                        preview=partial(preview, field.key),
                        max_length=spec.max_length,
                        value=in_form(field),
                        placeholder="" if field.shown else HIDDEN_PLACEHOLDER,
                        free_text=field.key in FREE_TEXT_FIELDS,
                        # In a call the handler asks the caller for the new value (MP-02).
                        question=question_in_call(spec.question, self.state),
                        cue=CueKind.CHANGE,
                    )
                    yield ChoiceSelect(
                        [(reason, reason) for reason in self.reasons],
                        id=f"{field.key}-reason",
                        prompt="Reason for change",
                    )
                if field.key == GIVEN_NAME and FAMILY_NAME in self.before:
                    yield self.one_name_box()  # screens/edit_one_name.py
        yield Static(id="edit-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = IN_A_CALL if self.state is not None else "back office"
        self._say_opening()
        if not self.fields:
            self._say_opening("The caller is not verified to change anything yet.")
            return
        self._hold_values_failing_checks()
        self._close_special_fields()
        self.follow_one_name()
        self._follow_country()
        self._follow_changed_fields()
        next(f.box for f in self.query(FieldInput) if not f.box.disabled).focus()
        if self.correcting is not None:
            self._start_correcting(self.correcting)

    def _hold_values_failing_checks(self) -> None:
        """Each value shown that does not pass today's checks, or that its box cannot hold
        as stored (hidden characters it leaves out, stand-ins it shows), may be left as it
        is: a note at the field, and the box neither checked nor sent while unchanged."""
        inputs = self._inputs()
        for field in self.fields:
            box = inputs[field.key]
            if not field.shown or not field.value:
                continue
            shows_it = box.problem is not None
            if shows_it or box.raw != field.value:
                note = stored_value_note(in_call=self.state is not None, box_shows_it=shows_it)
                box.hold_as_stored(note, retyped_is_a_change=not shows_it)

    def _close_special_fields(self) -> None:
        """Without an Article 9 condition no special-category value may be added (MP-07):
        an empty box says so up front rather than at the save. A value held (an import)
        stays open, to be cleared. Not while the record withholds the consents (a caller
        allowed to change support needs but not to hear contact details): the save checks."""
        if self.record.contacts_withheld is not None:
            return
        if self.record.consent_answers().allows_special_category():
            return
        for key, field in self._inputs().items():
            if FIELDS[key].category is DataCategory.SPECIAL_CATEGORY and not field.raw:
                field.box.disabled = True
                field.box.placeholder = NO_CONDITION_PLACEHOLDER
                self._reason(key).disabled = True

    def _start_correcting(self, report: DiscrepancyReport) -> None:
        """The reported field gets the focus and the reason "Discrepancy report"."""
        field = self._inputs().get(report.field)
        if field is None:
            return
        self._reason(report.field).value = DISCREPANCY_REPORT
        field.box.focus()
        self._say_opening(
            printable(
                f"Report {report.id}: the caller says the {field.label.lower()} should be "
                f"{report.claimed_value or '(see the queue)'}."
            )
        )

    def unsaved_work(self) -> str | None:
        """Any field whose box differs from what the record holds (a stored value that
        failed today's checks, retyped, counts as the correction it is). A value retyped as
        it is on file, or a reason chosen with nothing changed, is nothing to lose: Escape
        had warned of "the changes typed" when Ctrl+S said nothing had been changed."""
        typed = any(self._differs(k, f) for k, f in self._inputs().items())
        return "the changes typed on this record" if typed else None

    def _inputs(self) -> dict[str, FieldInput]:
        return {f.key: f for f in self.query(FieldInput)}

    def _open_inputs(self) -> dict[str, FieldInput]:
        """The boxes that count: not the postcode closed as not for the address's country."""
        return {key: field for key, field in self._inputs().items() if not field.closed}

    @on(Input.Changed, f"#{COUNTRY_FIELD}-input")
    def _follow_country(self) -> None:
        """The postcode box (and reason) for where the address is opens, the other closes:
        the service empties a postcode left behind by a change of country itself."""
        inputs = self._inputs()
        held = postcode_boxes.address_held(self.record.fields)  # the country may be hidden
        where = postcode_boxes.address_in_form(inputs, when_empty=held)
        postcode_boxes.follow_country(inputs, where)
        for key in POSTCODE_FIELDS.values():
            if key in inputs:
                self._reason(key).disabled = inputs[key].closed
        self._follow_changed_fields()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_read_back(self) -> None:
        if self._saving.running:  # Ctrl+S again (a key bounce) while the changes are being saved
            return
        bad = [f for f in self._open_inputs().values() if not f.show_check()]
        if bad:
            bad[0].focus_problem()
            self._say("Correct the fields marked in red; nothing typed is lost.")
            return
        emptied = [
            f
            for key, f in self._open_inputs().items()
            if not f.raw.strip() and self.before[key] is not None and key not in CLEARABLE_FIELDS
        ]
        if emptied:
            emptied[0].show_error(f"The {emptied[0].label.lower()} cannot be left empty.")
            emptied[0].focus_problem()
            return
        if self.given_name_wanted():  # one name only unticked, no given name typed
            return
        if needed := postcode_boxes.postcode_needed(self._inputs(), self.before):
            needed.show_error("Enter the postcode: the address is in the UK now.")
            needed.focus_problem()
            return
        changes = self._changes()
        if to_check := self._to_check_with_service(changes):
            self._check_held(to_check, {key: str(changes[key]) for key in to_check})
            return
        if not changes:
            self._say(NOTHING_CHANGED)
            return
        if (missing := self._missing_reason(changes)) is not None:
            self._ask_reason(missing)
            return
        self.read_back_changes(changes)

    def _save(self, changes: dict[str, str | None], confirmation: ReadBackConfirmation) -> None:
        self._hold()
        self._say("Saving...")
        self._send(self.edits(changes), confirmation, self.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _send(
        self, edits: dict[str, FieldEdit], confirmation: ReadBackConfirmation, version: int
    ) -> None:
        result = attempt(
            "save the changes",
            self.custinfo.services().edit_customer,
            self.actor,
            self.record.customer_id,
            version,
            edits,
            confirmation,
            self.state.interaction_id if self.state is not None else None,
            self.correcting.id if self.correcting is not None else None,
        )
        if result.value is not None:
            self.post_message(self.Saved(result.value))
        elif closes_erased_record(self, result) or closes_ended_call(
            self, result, lost="the changes were not saved"
        ):
            pass  # the app closes the record and this form with it
        elif isinstance(result.refusal, EditConflict):
            self.post_message(self.Conflicted(edits, confirmation, result.refusal))
        else:
            self.post_message(self.Refused(result.error or "", field_error=result.field_error))

    @on(Saved)
    def _saved(self, saved: Saved) -> None:
        self.dismiss(saved.record)

    @on(Refused)
    def _refused(self, refused: Refused) -> None:
        self._saving.end()
        self._say(refused.error)
        if refused.field_error:
            show_at_field(self._inputs().values(), refused.error)

    def _say(self, message: str) -> None:
        self.query_one("#edit-message", Static).update(message)

    def _say_opening(self, message: str = "") -> None:
        """Say `message` as the form opens, after its `opening_note`."""
        self._say(" ".join(said for said in (self.opening_note, message) if said))

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the form", lambda: self.dismiss(None), [self])
