"""The DPO's forms for a breach (MP-20), opened from the breaches desk (screens/breaches.py).

`AssessBreachScreen`: the risk to individuals with roughly how many records, the likely
consequences and the measures taken or proposed (Art. 33(3)), whether (and when) the ICO
was told, with its case reference, or why not, and the same for the individuals (Art. 33
and 34). The boxes scroll, the one with the focus kept in view. For a high risk whose
people are not told, one of the three Art. 34(3) exceptions is chosen and the reason says
how it applies; for a lesser risk the reason is whatever the DPO says. `CloseBreachScreen`:
the summary a breach is closed with, once the rest is recorded. While the assessment is
saved its form takes no keys (tui/saving_form.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Input, Label, Select, Static

from custinfo_tui.domain.breach_assessment import individuals_reason_hint
from custinfo_tui.domain.breach_exceptions import Art34Exception, split_exception
from custinfo_tui.domain.breaches import (
    MAX_BREACH_TEXT,
    MAX_ICO_REFERENCE,
    TIME_FORMAT,
    AssessmentIn,
    BreachInvalid,
    BreachRisk,
    BreachView,
    Told,
    check_summary,
)
from custinfo_tui.domain.breaches_as_typed import assessment_as_typed
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.field_problems import SaysProblemAtFocus, show_problems
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import Dialog, Page
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.keys_in_order import TypedInput

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: Assessment field key -> the id of its box, in the form's order.
ASSESS_WIDGETS = {
    "risk": "assess-risk",
    "likely_consequences": "assess-consequences",
    "records_affected": "assess-records",
    "measures": "assess-measures",
    "ico": "assess-ico",
    "ico_told_at": "assess-ico-when",
    "ico_reference": "assess-ico-reference",
    "ico_reason": "assess-ico-reason",
    "individuals": "assess-individuals",
    "individuals_told_at": "assess-individuals-when",
    "individuals_exception": "assess-individuals-exception",
    "individuals_reason": "assess-individuals-reason",
}
#: Each box's name on the message line, which says every box's problem ("Also to correct").
ASSESS_LABELS = {
    "assess-risk": "Risk",
    "assess-consequences": "Consequences",
    "assess-records": "Records",
    "assess-measures": "Measures",
    "assess-ico": "The ICO",
    "assess-ico-when": "ICO told when",
    "assess-ico-reference": "ICO's reference",
    "assess-ico-reason": "ICO reason",
    "assess-individuals": "Individuals",
    "assess-individuals-when": "Individuals told when",
    "assess-individuals-exception": "Exception",
    "assess-individuals-reason": "Individuals reason",
}
TOLD_CHOICES = [("Told", Told.TOLD), ("Not told", Told.NOT_TOLD)]
#: The form's choices, to tell whether any was changed.
_CHOICES = ("assess-risk", "assess-ico", "assess-individuals", "assess-individuals-exception")


class AssessBreachScreen(SaysProblemAtFocus, Page[BreachView | None]):
    """The risk and the two decisions about telling; the save worker posts `Saved`."""

    class Saved(Message):
        def __init__(self, breach: BreachView | None, error: str | None) -> None:
            super().__init__()
            self.breach = breach
            self.error = error

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "save", "Save", tooltip="Record the assessment", id="save"),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Back to the breaches (asks first)", id="cancel"
        ),
    ]

    problem_labels = ASSESS_LABELS

    def action_move_on(self) -> None:
        move_on(self)

    def __init__(self, actor: Actor, breach: BreachView) -> None:
        super().__init__()
        self.actor = actor
        self.breach = breach
        self._saving = SavingForm()
        self._as_opened: tuple[object, ...] = ()

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        breach = self.breach
        yield Header()
        yield Static(
            Text.assemble(
                f"Breach {breach.id}: tell the ICO by {breach.deadline:{TIME_FORMAT}} UTC, ",
                (breach.clock, "bold red" if breach.overdue else "bold"),
            ),
            id="assess-title",
        )
        with FormBoxes(id="assess-form"):
            with Horizontal(classes="assess-row"):
                yield Label("Risk", classes="assess-label")
                yield ChoiceSelect(
                    [(risk.label, risk) for risk in BreachRisk],
                    value=breach.risk or Select.NULL,
                    prompt="Choose the risk to individuals",
                    id="assess-risk",
                )
            # Beside the consequences, not the risk: the longest risk's words need the row.
            with Horizontal(classes="assess-row"):
                yield from self._text_box(
                    "consequences",
                    "Consequences",
                    breach.likely_consequences,
                    "the likely ones (Art. 33(3)(c))",
                )
                yield Label(Text("Records,\nroughly"), classes="assess-records-label")
                yield TypedInput(
                    "" if breach.records_affected is None else f"{breach.records_affected:,}",
                    placeholder="e.g. 300",
                    id="assess-records",
                )
            yield from self._text(
                "measures",
                "Measures",
                breach.measures,
                "taken or proposed to deal with it (Art. 33(3)(d))",
            )
            yield from self._decision(
                "ico", "The ICO", breach.ico, breach.ico_told_at, breach.ico_reference
            )
            yield from self._text(
                "ico-reason",
                "  reason",
                breach.ico_reason,
                "why not told, or why told after 72 hours",
            )
            yield from self._decision(
                "individuals", "Individuals", breach.individuals, breach.individuals_told_at
            )
            # A high risk untold needs one of Art. 34(3)'s three exceptions, then how it applies.
            exception, detail = split_exception(breach.individuals_reason or "")
            with Horizontal(classes="assess-row"):
                yield Label("  exception", classes="assess-label")
                yield ChoiceSelect(
                    [(choice.label, choice) for choice in Art34Exception],
                    value=exception or Select.NULL,
                    prompt="Art. 34(3), for a high risk not told",
                    id="assess-individuals-exception",
                )
            yield from self._text(
                "individuals-reason", "  reason", detail, individuals_reason_hint(breach.risk)
            )
        yield Static(
            Text("A decision left 'not decided' is recorded as not made yet. Times UTC."),
            id="assess-message",
        )
        yield Footer(compact=True)

    @staticmethod
    def _decision(
        who: str, label: str, told: Told | None, at: datetime | None, reference: str | None = None
    ) -> ComposeResult:
        """A decision's row: told or not, when; the ICO's has its case reference too."""
        with Horizontal(classes="assess-row"):
            yield Label(label, classes="assess-label")
            yield ChoiceSelect(
                TOLD_CHOICES,
                value=told or Select.NULL,
                prompt="Not decided",
                id=f"assess-{who}",
                classes="assess-told",
            )
            yield TypedInput(
                f"{at:{TIME_FORMAT}}" if at else "",
                placeholder="dd/mm/yyyy hh:mm",
                id=f"assess-{who}-when",
                classes="assess-when",
            )
            if reference is not None:
                yield BoundedInput(
                    reference,
                    id=f"assess-{who}-reference",
                    limit=MAX_ICO_REFERENCE,
                    placeholder="ICO reference",
                    free_text=True,
                )

    @classmethod
    def _text(cls, key: str, label: str, value: str, placeholder: str) -> ComposeResult:
        """A row with one text box: a reason, the measures."""
        with Horizontal(classes="assess-row"):
            yield from cls._text_box(key, label, value, placeholder)

    @staticmethod
    def _text_box(key: str, label: str, value: str, placeholder: str) -> ComposeResult:
        """A text box and its label: free text, card numbers taken out as typed."""
        yield Label(label, classes="assess-label")
        yield BoundedInput(
            value,
            id=f"assess-{key}",
            limit=MAX_BREACH_TEXT,
            placeholder=placeholder,
            free_text=True,
        )

    def on_mount(self) -> None:
        self._as_opened = self._as_typed_now()
        self.query_one("#assess-risk", Select).focus()

    @on(Select.Changed, "#assess-risk")
    def _ask_for_the_reason_the_risk_needs(self) -> None:
        """Only a high risk needs an Art. 34(3) exception to leave the people untold."""
        risk = cast("BreachRisk | None", self._chosen("assess-risk"))
        box = self.query_one("#assess-individuals-reason", Input)
        box.placeholder = individuals_reason_hint(risk)

    def _chosen(self, widget_id: str) -> object:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    def _typed(self, widget_id: str) -> str:
        box = self.query_one(f"#{widget_id}", Input)
        return box.settled_value() if isinstance(box, BoundedInput) else box.value

    def _assessment(self) -> AssessmentIn:
        return assessment_as_typed(
            cast("BreachRisk | None", self._chosen("assess-risk")),
            cast("Told | None", self._chosen("assess-ico")),
            self._typed("assess-ico-when"),
            self._typed("assess-ico-reason"),
            cast("Told | None", self._chosen("assess-individuals")),
            self._typed("assess-individuals-when"),
            self._typed("assess-individuals-reason"),
            self.breach.discovered_at,
            datetime.now(UTC),
            records=self._typed("assess-records"),
            consequences=self._typed("assess-consequences"),
            measures=self._typed("assess-measures"),
            ico_reference=self._typed("assess-ico-reference"),
            individuals_exception=cast(
                "Art34Exception | None", self._chosen("assess-individuals-exception")
            ),
        )

    def _as_typed_now(self) -> tuple[object, ...]:
        """Every choice and box as it stands, to tell whether anything was changed."""
        return (
            *(self._chosen(key) for key in _CHOICES),
            *(box.value for box in self.query(Input)),
        )

    def unsaved_work(self) -> str | None:
        # The consequences or the measures typed are as much work as a choice made.
        changed = self._as_typed_now() != self._as_opened
        return "the breach assessment being typed" if changed else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_save(self) -> None:
        if self._saving.running:
            return
        show_problems(self, ASSESS_WIDGETS, {})
        try:
            given = self._assessment()
        except BreachInvalid as invalid:
            self.say_problems(ASSESS_WIDGETS, invalid.problems)
            return
        self._saving.start(self.query_one("#assess-form"))
        self._say("Saving...")
        self._save(given)

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the assessment", lambda: self.dismiss(None), [self])

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#assess-message", Static)
        line.update(Text(message))
        line.set_class(error, "error")

    @work(thread=True, exclusive=True, group="breach-assess", exit_on_error=False)
    def _save(self, given: AssessmentIn) -> None:
        result = attempt(
            "record the assessment",
            self.custinfo.services().assess_breach,
            self.actor,
            self.breach.id,
            given,
        )
        self.post_message(self.Saved(result.value, result.error))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.breach is None:
            self._saving.end()
            self._say(message.error or "", error=True)
            return
        self.dismiss(message.breach)


class CloseBreachScreen(Dialog[str | None]):
    """The closing summary: what was done, what was learnt. Ctrl+S closes the breach."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "close_breach",
            "Close breach",
            tooltip="Close it with this summary",
            id="save",
        ),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Back to the breaches (asks first)", id="cancel"
        ),
    ]

    def __init__(self, breach_id: int) -> None:
        super().__init__()
        self.breach_id = breach_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box", id="close-breach-box"):
            yield Static(f"Close breach {self.breach_id}", classes="choice-title")
            yield Static(
                "A summary of what was done and what changes so it does not happen again.",
                classes="choice-explain",
            )
            yield FreeTextArea(id="close-breach-summary", tab_behavior="focus")
            yield Static(id="close-breach-message", classes="error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#close-breach-summary", FreeTextArea).focus()

    def action_close_breach(self) -> None:
        summary = self.query_one("#close-breach-summary", FreeTextArea).settled_value()
        try:
            check_summary(summary)
        except FieldError as error:
            self.query_one("#close-breach-message", Static).update(str(error))
            return
        self.dismiss(summary)

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#close-breach-summary", FreeTextArea).text.strip()
        return "the closing summary being typed" if typed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the summary", lambda: self.dismiss(None), [self])
