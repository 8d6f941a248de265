"""What counts as a change on the edit form (screens/edit.py), and the reasons asked for one.

A value equal to the one held, once normalised, is no change: it asks no reason, is not
read back and is not offered on the conflict screen; nor is a stored value failing
today's checks left as it is (`FieldInput.left_as_stored`), which is never sent. In a
call a field not yet revealed is empty in the form, so a value typed there ("London", the
town on file, with a new address) is checked with the service first
(`services.held_values`), which says only whether the record holds it, as the save
itself would.

A field's *Reason for change* box is a Tab stop only while the field's value differs from
the one held: Tab goes field to field, and a reason box joins as soon as its field is
changed (Tab had stopped on every reason box, so Tab, Tab, Tab from the given name
reached the date of birth's, and a phone number typed there was handed on to the date of
birth, "12 April 198007700 900777"). A reason chosen for one field fills the blank reasons
of the other changed fields of its group. So Tab from a changed line 1 stops on its
reason before line 2 (docs/capture.md says so); a line typed there is refused at the
drop-down (widgets/choice_select.py), never added to the next field's value. The foot
naming a missing reason keeps up as reasons are chosen: it names the next one missing,
or clears once none is. *One name only* ticked or unticked is a change of the given
name (screens/edit_one_name.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.message import Message
from textual.widgets import Input, Select

from custinfo_tui.domain.change_reasons import reason_to_share
from custinfo_tui.domain.fields import CLEARABLE_FIELDS, FIELDS, normaliser_for
from custinfo_tui.domain.one_name import GIVEN_NAME
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.screens.edit_one_name import EditOneName
from custinfo_tui.tui.service_calls import attempt, closes_ended_call, closes_erased_record
from custinfo_tui.tui.widgets.field_input import FieldInput, show_at_field

if TYPE_CHECKING:
    from custinfo_tui.domain.interactions import VerificationState
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.records import CustomerRecord
    from custinfo_tui.tui.app import CustinfoApp

#: Said while the service checks values typed in boxes not revealed in the call.
CHECKING_HELD = "Checking the values typed against the record..."
#: Said when every value typed is the one held.
NOTHING_CHANGED = "Nothing has been changed yet."


class EditChanges(EditOneName):
    """The edit screen's changes and reasons; `HeldChecked` is posted by its worker.

    A screen class of its own, so Textual registers its @on handlers; the edit screen builds
    on it and gives it what it reads below."""

    if TYPE_CHECKING:
        actor: Actor
        record: CustomerRecord
        state: VerificationState | None
        _reason_shared: bool

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _open_inputs(self) -> dict[str, FieldInput]: ...

        def action_read_back(self) -> None: ...

    class HeldChecked(Message):
        """The service's answer: which of the values `asked` (field -> stored form) the
        record holds already, or why it could not say."""

        def __init__(
            self, asked: dict[str, str], held: frozenset[str] | None, error: str | None
        ) -> None:
            super().__init__()
            self.asked = asked
            self.held = held
            self.error = error

    #: Per field not revealed in the call: the value (stored form) last checked with the
    #: service, and whether the record holds it.
    _checked: dict[str, tuple[str, bool]]
    #: The foot names a missing reason (it follows the reasons chosen since).
    _foot_names_reason = False

    def _reason(self, key: str) -> Select[str]:
        return cast("Select[str]", self.query_one(f"#{key}-reason", Select))

    def _held(self, key: str, new: str | None) -> bool:
        """Whether `new` (stored form) is what the field holds, as far as the form knows."""
        return new == self.before[key] or (
            new is not None and self._checked.get(key) == (new, True)
        )

    def _changes(self) -> dict[str, str | None]:
        """Changed fields -> new stored form (None: emptied). Raises FieldError at a field."""
        changed: dict[str, str | None] = {}
        for key, field in self._inputs().items():
            if key == GIVEN_NAME and self.one_name_only:
                if self.before[key] is not None:
                    changed[key] = None  # one name only: the given name goes
                continue
            if field.closed:
                continue  # the postcode not for the address's country
            if field.left_as_stored:
                continue  # a stored value failing today's checks, left as it is: not sent
            raw = field.raw
            if not raw.strip():
                if self.before[key] is not None and key in CLEARABLE_FIELDS:
                    changed[key] = None  # emptied
                continue  # hidden and left empty, or empty before: unchanged
            new = normaliser_for(key)(raw)
            if not self._held(key, new):
                changed[key] = new
        return changed

    def _differs(self, key: str, field: FieldInput) -> bool:
        """Whether the field's box holds other than the field does (a value not yet valid
        does; one emptied does, even where it may not be emptied: the save says so). A
        stored value failing today's checks, left as it is, does not. The given name differs
        with *One name only* ticked or unticked against the record."""
        if key == GIVEN_NAME and (one_name := self.one_name_differs()) is not None:
            return one_name
        if field.left_as_stored:
            return False
        if not field.raw.strip():
            return self.before[key] is not None
        try:
            return not self._held(key, normaliser_for(key)(field.raw))
        except FieldError:
            return True

    def _follow_changed_fields(self) -> None:
        """Each reason box is a Tab stop while its field differs from what it holds."""
        for key, field in self._inputs().items():
            counts = not field.closed or key == GIVEN_NAME  # closed for one name only
            self._reason(key).can_focus = counts and self._differs(key, field)

    def _to_check_with_service(self, changes: dict[str, str | None]) -> dict[str, str]:
        """The values typed in boxes not revealed in the call that the service has not yet
        been asked about: field -> value as typed."""
        hidden = {f.key for f in self.fields if not f.shown}
        inputs = self._inputs()
        return {
            key: inputs[key].raw
            for key, new in changes.items()
            if key in hidden and new is not None and self._checked.get(key, ("", False))[0] != new
        }

    def _check_held(self, typed: dict[str, str], asked: dict[str, str]) -> None:
        """Ask the service which of the values `typed` the record holds, then Ctrl+S again."""
        self._hold()  # a second Ctrl+S meanwhile does nothing
        self._say(CHECKING_HELD)
        self._ask_held(typed, asked)

    @work(thread=True, exclusive=True, group="held", exit_on_error=False)
    def _ask_held(self, typed: dict[str, str], asked: dict[str, str]) -> None:
        result = attempt(
            "check the values typed",
            self.custinfo.services().values_held,
            self.actor,
            self.record.customer_id,
            typed,
            self.state.interaction_id if self.state is not None else None,
        )
        if result.value is not None:
            self.post_message(self.HeldChecked(asked, result.value, None))
        elif closes_erased_record(self, result) or closes_ended_call(
            self, result, lost="the changes were not saved"
        ):
            pass  # the app closes the record and this form with it
        else:
            self.post_message(self.HeldChecked(asked, None, result.error))

    @on(HeldChecked)
    def _held_checked(self, checked: HeldChecked) -> None:
        self._saving.end()
        if checked.held is None:
            self._say(checked.error or "")
            show_at_field(self._inputs().values(), checked.error or "")
            return
        for key, new in checked.asked.items():
            self._checked[key] = (new, key in checked.held)
        self._follow_changed_fields()
        self._say("")
        self.action_read_back()

    def _missing_reason(self, changes: dict[str, str | None]) -> str | None:
        """The first changed field without a reason, if any."""
        return next((key for key in changes if self._reason(key).is_blank()), None)

    def _ask_reason(self, key: str) -> None:
        """Mark the field's reason box missing, focus it and name it at the foot."""
        reason = self._reason(key)
        reason.add_class("-invalid")  # red, as a field's box is; a choice clears it
        reason.focus()
        self._say_reason_missing(key)

    def _say_reason_missing(self, key: str) -> None:
        self._say(f"Choose a reason for changing the {FIELDS[key].label.lower()}.")
        self._foot_names_reason = True

    def _foot_follows_reasons(self) -> None:
        """The foot named a missing reason: it names the next one missing, or clears."""
        if not self._foot_names_reason:
            return
        try:
            missing = self._missing_reason(self._changes())
        except FieldError:
            missing = None  # a value being corrected: its box says what is wrong
        if missing is not None:
            self._say_reason_missing(missing)
            return
        self._foot_names_reason = False
        self._say("")

    @on(Select.Changed)
    @on(Input.Changed)
    def _share_reason(self, event: Select.Changed | Input.Changed) -> None:
        """A changed field with no reason yet takes the reason chosen for another changed
        field of its group: a move is one reason for line 1, town and postcode. The handler
        sees it on the form and can choose another."""
        widget = event.select if isinstance(event, Select.Changed) else event.input
        key = (widget.id or "").removesuffix("-reason").removesuffix("-input")
        if key not in FIELDS or key not in self.before:
            return
        if isinstance(event, Select.Changed):
            widget.remove_class("-invalid")  # a reason chosen: no longer missing
        else:
            self._follow_changed_fields()
        inputs = self._inputs()
        reasons = {
            k: None if self._reason(k).is_blank() else str(self._reason(k).value) for k in inputs
        }
        typed = {k: field.raw for k, field in inputs.items() if not field.left_as_stored}
        shared = reason_to_share(key, typed, self.before, reasons)
        if shared is not None:
            for other in shared.fields:
                reason = self._reason(other)
                with reason.prevent(Select.Changed):  # the form's own filling in: no choice
                    reason.value = shared.reason
                reason.remove_class("-invalid")
            labels = ", ".join(FIELDS[other].label for other in shared.fields)
            self._say(
                f'Reason "{shared.reason}" also set for {labels} (same part of the record); '
                "choose another there if it differs."
            )
            self._reason_shared = True
            self._foot_names_reason = False
        elif isinstance(event, Select.Changed) and self._reason_shared:
            # A reason chosen since: "also set for ..." no longer says what the form holds.
            self._say("")
            self._reason_shared = False
        self._foot_follows_reasons()
