"""Taking a new customer's details on a call (MP-01 to MP-07).

Consent comes first: the screen opens on the consent script, and no box takes text until
the caller's answers are recorded. Then the template's fields, each with the question to
ask, validated as the handler types; possible duplicates appear beside the form as the
name, date of birth, phone, e-mail and postcode go in (screens/capture_duplicates.py); the
read-back screen follows, and only then the save (screens/capture_save.py). Nothing typed
is lost on the way: a refused save, a correction from the read-back, or a look at the
consent again all come back to the form as it was. A customer with one name only is said so
under the given name (widgets/one_name_box.py): that box closes, and the family name is
read back as "One name only". The form is also the call's wrap-up: with its notes box
empty, `Ctrl+S` asks first whether to save without notes, as the wrap-up does (MP-18). The
call was stored as it started (screens/capture_call.py says how it ends); nothing about the
customer is stored until the save, which records each step at the time it happened here:
the consent, the read-back's last line.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Header, Input, Label, Select, Static

from custinfo_tui.domain.address_country import COUNTRY_FIELD
from custinfo_tui.domain.capture import (
    NOTES,
    CaptureTemplate,
    NewCustomerCall,
)
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.field_display import preview
from custinfo_tui.domain.fields import FIELDS, FREE_TEXT_FIELDS, normaliser_for
from custinfo_tui.domain.one_name import GIVEN_NAME, ONE_NAME_QUESTION
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import Normaliser
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.postcode_boxes import (
    EMPTY_COUNTRY,
    address_in_form,
    follow_country,
    with_abroad_hint,
)
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.capture_call import (
    CallClosed,
    CustomerCreated,
    SwitchToCustomer,
)
from custinfo_tui.tui.screens.capture_consent import END_CALL, END_CALL_TOOLTIP
from custinfo_tui.tui.screens.capture_save import ReadBackThenSave
from custinfo_tui.tui.screens.readback import ConfirmedSoFar
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.duplicates_panel import DuplicatesPanel
from custinfo_tui.tui.widgets.field_input import FieldInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.one_name_box import OneNameOnly, follow_one_name

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: What an empty box says: the call's notes (this form is its wrap-up, MP-18: the wrap-up's
#: words, short enough for the box beside the duplicates, whose 40 columns at 80x24 cut
#: "What was asked and done (every call has notes)" after "has"), and the country's default.
PLACEHOLDERS = {
    NOTES: "Every call has notes: asked and done",
    COUNTRY_FIELD: EMPTY_COUNTRY,
}


class CaptureScreen(ReadBackThenSave[SwitchToCustomer | CustomerCreated | CallClosed | None]):
    """The duplicates worker posts `DuplicatesFound` (screens/capture_duplicates.py); the
    save worker `Created` or `Refused` (screens/capture_save.py)."""

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "read_back", "Read back", tooltip="Check, read back, then save", id="rb"),
        Binding("f3", "consent", "Consent", tooltip="The consent script and answers", id="consent"),
        # F4 and F5 move the focus as the key is read (priority bindings, the focus set at
        # once), so what is typed straight after F5 goes into the form, not the list.
        Binding(
            "f4",
            "duplicates",
            "Duplicates",
            tooltip="Possible existing records",
            id="dups",
            priority=True,
        ),
        Binding("f5", "form", "Form", tooltip="Back to the form", id="form", priority=True),
        Binding("escape", "cancel", END_CALL, tooltip=END_CALL_TOOLTIP, id="cancel"),
    ]

    @property
    def enquiry_chosen(self) -> str | None:
        """The enquiry type chosen on the form, if one is (its call's wrap-up takes it)."""
        value = self.query_one("#enquiry", Select).value
        return value if isinstance(value, str) else None

    def action_move_on(self) -> None:
        move_on(self)

    def __init__(
        self,
        actor: Actor,
        call: NewCustomerCall,
        template_key: str,
        template: CaptureTemplate,
    ) -> None:
        """`call`: the call the details are taken in, stored when it started."""
        super().__init__()
        self.actor = actor
        self.call = call
        self.channel = call.channel
        #: When the consent answers held were recorded (the save records the consent then).
        self.consent_at: datetime | None = None
        #: The customer is being saved: a second Ctrl+S must not read back (and save) again.
        self._saving = SavingForm()
        self.template_key = template_key
        self.template = template
        self.consent: ConsentAnswers | None = None
        #: The handler answered "Save without notes" once: not asked again on this form.
        self.without_notes = False
        #: What earlier read-backs confirmed: kept for lines unchanged when back from the form.
        self.confirmed_so_far = ConfirmedSoFar()

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="capture-status")
        with Horizontal(id="capture-body"):
            with FormBoxes(id="capture-form"):
                yield Label(Text("Enquiry type *", style="bold"))
                yield ChoiceSelect(
                    [(t, t) for t in self.custinfo.services().capture.enquiry_types],
                    id="enquiry",
                    prompt="Choose the enquiry type",
                )
                for spec in self.template.fields:
                    registry = FIELDS[spec.key]
                    yield FieldInput(
                        spec.key,
                        spec.label,
                        normalise=self._check(spec.key),
                        preview=partial(preview, spec.key),
                        required=spec.required,
                        max_length=registry.max_length,
                        question=spec.prompt,
                        free_text=spec.key in FREE_TEXT_FIELDS,
                        placeholder=PLACEHOLDERS.get(spec.key, ""),
                    )
                    if spec.key == GIVEN_NAME:
                        yield OneNameOnly()
            yield DuplicatesPanel(id="duplicates-box")
        yield Static(id="capture-message", markup=False)
        yield Footer(compact=True)

    def _check(self, key: str) -> Normaliser:
        """The field's check, the UK postcode's saying where a postcode from abroad goes."""
        if COUNTRY_FIELD in self.template.keys:
            return with_abroad_hint(key, normaliser_for(key))
        return normaliser_for(key)

    def on_mount(self) -> None:
        self.sub_title = f"new customer - {self.channel.label}"
        self._show_status()
        self.query_one("#capture-form").disabled = True  # nothing is typed before consent
        self.action_consent()

    # -- The form, and a duplicate chosen instead (the check: capture_duplicates.py) ---------

    def _fields(self) -> dict[str, FieldInput]:
        return {field.key: field for field in self.query(FieldInput)}

    def _values(self) -> dict[str, str]:
        """What each box holds, but the postcode not for the address's country."""
        return {key: field.raw for key, field in self._fields().items() if not field.closed}

    @on(Input.Changed, f"#{COUNTRY_FIELD}-input")
    def _follow_country(self) -> None:
        """The postcode box for where the address is opens, the other closes."""
        fields = self._fields()
        follow_country(fields, address_in_form(fields))

    @property
    def one_name_only(self) -> bool:
        """The customer has one name only: the given name's box is closed."""
        return self.query_one(OneNameOnly).value

    @on(Checkbox.Changed, "#one-name")
    def _follow_one_name(self) -> None:
        follow_one_name(self._fields(), self.one_name_only, asked=ONE_NAME_QUESTION)
        self.details_changed(check=True)  # "same name" or "same family name"

    def action_form(self) -> None:
        self._focus_first_empty()

    def _focus_first_empty(self) -> None:
        enquiry = self.query_one("#enquiry", Select)
        if enquiry.is_blank():
            self.set_focus(enquiry)
            return
        for field in self._fields().values():
            if not field.raw.strip() and not field.box.disabled:
                self.set_focus(field.box)
                return

    def _say(self, message: str) -> None:
        self.query_one("#capture-message", Static).update(message)
