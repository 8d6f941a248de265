"""Back-office forms on a record opened outside a call: authorised representatives and the
customer's security question (MP-08). Both are done with the paperwork in hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Select, SelectionList, Static

from custinfo_tui.domain.address import normalise_address_line
from custinfo_tui.domain.dates import normalise_date_of_birth
from custinfo_tui.domain.interactions import RepresentativeIn
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.verification import ALL_ACTIONS, Authority, action_label
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.widgets.field_input import FieldInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.tick_list import TickList

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class SecurityAnswer:
    """The customer's security question and its answer, as typed (the service hashes it)."""

    question: str
    answer: str = field(repr=False)


class _FormScreen(ModalScreen[R | None], Generic[R]):
    """A form that dismisses with what was entered (an `R`), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Check every field and save", id="save"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _fields_ok(self) -> bool:
        fields = list(self.query(FieldInput))
        bad = [f for f in fields if not f.show_check(final=True)]  # marks every bad field
        first_bad = bad[0] if bad else None
        if first_bad is not None:
            first_bad.query_one("Input").focus()
            self.say("Correct the fields marked in red; nothing typed is lost.")
            return False
        return True

    def say(self, message: str) -> None:
        self.query_one("#form-message", Static).update(message)


class RepresentativeScreen(_FormScreen[RepresentativeIn]):
    """Add someone authorised to act for the customer: who, why, scope, their own answers."""

    def __init__(self, customer_name: str) -> None:
        super().__init__()
        self.customer_name = customer_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(
                printable_text(f"Authorise someone to act for {self.customer_name}"),
                classes="choice-title",
            )
            yield FieldInput("given_name", "Given name", normalise=normalise_name, required=True)
            yield FieldInput("family_name", "Family name", normalise=normalise_name, required=True)
            yield FieldInput(
                "relationship",
                "Relationship to the customer",
                required=True,
                placeholder="e.g. daughter, carer, solicitor",
                max_length=60,
                free_text=True,
            )
            yield Label("Authority")
            yield Select(
                [(a.label, a) for a in Authority],
                id="authority",
                allow_blank=False,
                value=Authority.NAMED_CONTACT,
            )
            yield Label("What they may do (Space to tick)")
            yield TickList[str](
                *((action_label(a).capitalize(), a) for a in ALL_ACTIONS if a != "read:identity"),
                id="scope",
            )
            yield Static(
                "Their own answers, to verify them (at least one):", classes="choice-explain"
            )
            yield FieldInput(
                "date_of_birth", "Their date of birth", normalise=normalise_date_of_birth
            )
            yield FieldInput("postcode", "Their postcode", normalise=normalise_uk_postcode)
            yield FieldInput(
                "address_line1", "Their address line 1", normalise=normalise_address_line
            )
            yield FieldInput("phone", "Their phone", normalise=normalise_phone)
            yield FieldInput(
                "security_question", "Their security question", max_length=200, free_text=True
            )
            yield FieldInput("security_answer", "Its answer", password=True)
            yield Static("", id="form-message", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#given_name-input").focus()

    def _raw(self, key: str) -> str:
        return self.query_one(f"#field-{key}", FieldInput).raw

    def action_save(self) -> None:
        if not self._fields_ok():
            return
        scope = self.query_one("#scope", SelectionList).selected
        if not scope:
            self.say("Tick at least one thing they may do.")
            self.query_one("#scope").focus()
            return
        authority = self.query_one("#authority", Select).value
        assert isinstance(authority, Authority)
        self.dismiss(
            RepresentativeIn(
                given_name=self._raw("given_name"),
                family_name=self._raw("family_name"),
                relationship=self._raw("relationship"),
                authority=authority,
                scope=tuple(scope),
                date_of_birth=self._raw("date_of_birth"),
                postcode=self._raw("postcode"),
                address_line1=self._raw("address_line1"),
                phone=self._raw("phone"),
                security_question=self._raw("security_question"),
                security_answer=self._raw("security_answer"),
            )
        )


class SecurityAnswerScreen(_FormScreen[SecurityAnswer]):
    """Set or replace the customer's security question and answer (stored hashed)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static("Security question", classes="choice-title")
            yield Static(
                "Ask the customer to choose a question and answer. Only a hash of the "
                "answer is kept: nobody can read it back, only check it.",
                classes="choice-explain",
            )
            yield FieldInput(
                "security_question", "Question", required=True, max_length=200, free_text=True
            )
            yield FieldInput("security_answer", "Answer", required=True, password=True)
            yield Static("", id="form-message", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#security_question-input").focus()

    def action_save(self) -> None:
        if not self._fields_ok():
            return
        question = self.query_one("#field-security_question", FieldInput).raw
        answer = self.query_one("#field-security_answer", FieldInput).raw
        self.dismiss(SecurityAnswer(question, answer))
