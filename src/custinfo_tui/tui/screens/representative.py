"""Back-office forms on a record opened outside a call: authorised representatives and the
customer's security question (MP-08). Both are done with the paperwork in hand.

`add_representative`, `withdraw_representative` and `set_security_answer` ask for what
they need and save it from a worker of the record screen, which is sent
`RepresentativeAdded` or `RepresentativeWithdrawn` to show the change.

A representative may have one name only, as a customer may: the form has the capture
form's *One name only* box under the given name (widgets/one_name_box.py), which closes
the given name's box, and the one name goes in the family name's (domain/one_name.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Checkbox, Label, Select, SelectionList, Static

from custinfo_tui.domain.address import normalise_address_line
from custinfo_tui.domain.dates import normalise_date_of_birth
from custinfo_tui.domain.interactions import RepresentativeIn, RepresentativeSummary
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.one_name import GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.verification import ALL_ACTIONS, Authority, action_label
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.record_messages import RepresentativeAdded, RepresentativeWithdrawn
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.field_input import FieldInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.one_name_box import OneNameOnly, follow_one_name
from custinfo_tui.tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class SecurityAnswer:
    """The customer's security question and its answer, as typed (the service hashes it)."""

    question: str
    answer: str = field(repr=False)


class _FormScreen(Dialog[R | None], Generic[R]):
    """A form that dismisses with what was entered (an `R`), or None when cancelled."""

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without saving (asks first)", id="cancel"
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Check every field and save", id="save"),
    ]

    def action_move_on(self) -> None:
        # Enter moves on from a box, as on the new-customer form; Ctrl+S saves.
        move_on(self)

    #: What Escape would lose, in the handler's words, once anything is typed.
    losing = "the form typed so far"

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Cancel", lambda: self.dismiss(None), [self])

    def unsaved_work(self) -> str | None:
        """What Escape would lose: anything typed in a box (nothing typed, nothing asked)."""
        return self.losing if any(f.raw.strip() for f in self.query(FieldInput)) else None

    def _fields_ok(self) -> bool:
        fields = [f for f in self.query(FieldInput) if not f.closed]  # one name only: given
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

    losing = "the authorisation typed so far"

    def __init__(self, customer_name: str) -> None:
        super().__init__()
        self.customer_name = customer_name

    def compose(self) -> ComposeResult:
        with FormBoxes(classes="form-box"):
            yield Static(
                printable_text(f"Authorise someone to act for {self.customer_name}"),
                classes="choice-title",
            )
            yield FieldInput("given_name", "Given name", normalise=normalise_name, required=True)
            yield OneNameOnly()
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
            yield ChoiceSelect(
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
            # At the list, not at the foot of the form, which is scrolled out of sight then.
            problem = Static("", id="scope-problem", classes="error")
            problem.display = False
            yield problem
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
        # The first box is in view with the title above it: the title stays in view.
        self.call_after_refresh(self.query_one(FormBoxes).scroll_home, animate=False)

    def _raw(self, key: str) -> str:
        """What the box holds; nothing for a box closed (the given name, one name only)."""
        field = self.query_one(f"#field-{key}", FieldInput)
        return "" if field.closed else field.raw

    @property
    def one_name_only(self) -> bool:
        """They have one name only: the given name's box is closed."""
        return self.query_one(OneNameOnly).value

    @on(Checkbox.Changed, "#one-name")
    def _follow_one_name(self) -> None:
        fields = {field.key: field for field in self.query(FieldInput)}
        follow_one_name(fields, self.one_name_only)  # the form asks no questions

    def action_save(self) -> None:
        if not self._fields_ok():
            return
        scope = self.query_one("#scope", SelectionList).selected
        problem = self.query_one("#scope-problem", Static)
        problem.update("Tick at least one thing they may do (Space ticks)." if not scope else "")
        problem.display = not scope
        if not scope:
            self.say("")
            self.query_one("#scope").focus()
            self.call_after_refresh(problem.scroll_visible, animate=False)
            return
        authority = self.query_one("#authority", Select).value
        assert isinstance(authority, Authority)
        self.dismiss(
            RepresentativeIn(
                given_name=self._raw(GIVEN_NAME),
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
                one_name_only=self.one_name_only,
            )
        )


class SecurityAnswerScreen(_FormScreen[SecurityAnswer]):
    """Set or replace the customer's security question and answer (stored hashed)."""

    losing = "the security question and answer typed so far"

    def compose(self) -> ComposeResult:
        with FormBoxes(classes="form-box"):
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


# -- From the record screen: ask, then save from a worker of the screen ----------------------


def add_representative(screen: Screen[Any], actor: Actor, customer_id: int, name: str) -> None:
    """Ask for the details of someone to act for the customer `name`, then add them."""

    def given(new: RepresentativeIn | None) -> None:
        if new is not None:
            _add_representative(screen, actor, customer_id, new)

    screen.app.push_screen(RepresentativeScreen(name), given)


@work(thread=True, exclusive=True, group="back-office", exit_on_error=False)
def _add_representative(
    screen: Screen[Any], actor: Actor, customer_id: int, new: RepresentativeIn
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt("add the representative", services.add_representative, actor, customer_id, new)
    tell_handler(screen, result)
    if result.value is not None:
        screen.post_message(RepresentativeAdded(result.value))


def withdraw_representative(
    screen: Screen[Any], actor: Actor, customer_id: int, rep: RepresentativeSummary
) -> None:
    """Ask why `rep`'s authority ends, then end it."""

    def given(reason: str | None) -> None:
        if reason is not None:
            _withdraw_representative(screen, actor, customer_id, rep, reason)

    screen.app.push_screen(
        ReasonScreen(
            f"Withdraw {rep.name}'s authority?",
            f"{rep.description}. They will no longer be offered as a caller to verify; "
            "the record keeps what they were told.",
            "Why does their authority end? (Enter to withdraw)",
            "Say why, for example: customer asked by letter of 20 November.",
            key="Withdraw",
        ),
        given,
    )


@work(thread=True, exclusive=True, group="back-office", exit_on_error=False)
def _withdraw_representative(
    screen: Screen[Any], actor: Actor, customer_id: int, rep: RepresentativeSummary, reason: str
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt(
        "withdraw the representative",
        services.withdraw_representative,
        actor,
        customer_id,
        rep.id,
        reason,
    )
    if tell_handler(screen, result).ok:
        screen.post_message(RepresentativeWithdrawn(rep))


def set_security_answer(screen: Screen[Any], actor: Actor, customer_id: int) -> None:
    """Ask for the customer's security question and answer, then save them (hashed)."""

    def given(answer: SecurityAnswer | None) -> None:
        if answer is not None:
            _set_security_answer(screen, actor, customer_id, answer)

    screen.app.push_screen(SecurityAnswerScreen(), given)


@work(thread=True, exclusive=True, group="back-office", exit_on_error=False)
def _set_security_answer(
    screen: Screen[Any], actor: Actor, customer_id: int, given: SecurityAnswer
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt(
        "set the security question",
        services.set_security_answer,
        actor,
        customer_id,
        given.question,
        given.answer,
    )
    tell_handler(screen, result, done="Security question saved.")
