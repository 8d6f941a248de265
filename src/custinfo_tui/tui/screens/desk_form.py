"""A short form of a few boxes, for the back-office desks (subject access, evidence exports).

Every box is needed, but one marked optional. The form opens at its first box, or, past
boxes filled with what is known already (the highlighted request's record:
`FormField.given`), at the first box still empty. Enter moves on; Enter on the last box,
or Ctrl+S, checks each box's own rule (a date, a file that must not exist yet), then makes
the form's service call in a worker. The form closes only when the call succeeds: a
refusal (an unknown reference, a date in the future) is said on the form, which keeps
everything typed, and the box goes on being editable, like every other box of the console.
While the call runs the boxes take no keys (tui/saving_form.py): nothing typed meanwhile is
lost with the form, and a second Ctrl+S makes no second call.

Every box refused turns red at its border, and the first of them, in the form's order,
gets the focus, so what is typed next corrects it: whether the form's own checks refused
it or the service did (a `FieldProblems` naming the box's `key`), as on the breach report.
What is wrong is said once, on the message line under the boxes, whole: the problem of
the box with the focus, then every other box's still marked, by its label (the last
boxes of a long form are below the fold at 80x24, where their borders show no one). The
borders carry no words: at 80 columns they cut a sentence short ("...or choose anot…")
right above the line saying it whole.
A form may also ask the service what it would refuse (`check`), so a box its own checks
refuse and one only the service can (a username taken) are said at one save, not one
after another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.domain.subject_access import MAX_REQUEST_TEXT
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.field_problems import problems_said, show_problems
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes

if TYPE_CHECKING:
    from custinfo_tui.tui.ports import ConsoleServicesPort
    from custinfo_tui.tui.service_calls import Attempt

#: One box and its label, the least the boxes are given however short the screen.
MIN_BOXES_HEIGHT = 4

#: What a form does with its values, by box id: a service call, made from a worker thread.
Submit = Callable[[dict[str, str]], "Attempt[object]"]


@dataclass(frozen=True, slots=True)
class FormField:
    """One box of a desk form."""

    id: str
    label: str
    placeholder: str = ""
    value: str = ""
    #: Typed in the operator's own words: card numbers are taken out as they are typed.
    free_text: bool = False
    limit: int = MAX_REQUEST_TEXT
    #: What is wrong with the value typed (None: nothing), checked as the form is saved.
    problem: Callable[[str], str | None] | None = None
    #: The service's name for what the box holds: a refusal naming it is said at the box.
    key: str = ""
    #: What `problem` refuses is retyped, not added to (a reason too short to mean
    #: anything): the box is selected as it takes the focus, so typing replaces it.
    retyped_when_refused: bool = False
    #: `value` is known from where the form was opened (the highlighted request's record),
    #: not a suggestion to weigh (today's date): the form opens at the first box still
    #: empty, so the reason typed straight away is not typed over the reference.
    given: bool = False
    #: May be left empty (its label says so: "How it was sent (optional)").
    optional: bool = False
    #: What a needed box left empty is refused with, where "Fill in: <label>." would not
    #: say what to choose (an extension's months: "type 1 or 2 ...").
    missing: str = ""
    #: A drop-down of these (what it shows, the value) instead of a box to type in: a
    #: choice of a few fixed values (an operator's role), never misspelt.
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DeskForm:
    """A form of the desk: what it asks, and what its save does."""

    title: str
    explain: str
    fields: tuple[FormField, ...]
    #: What the call does, for an unexpected error's message ("log the request").
    what: str
    #: What the DPO is told once it is done, from the values typed and what the call
    #: returned (the file an export wrote, as it was named in the end).
    done: Callable[[dict[str, str], object], str]
    #: The service call the save makes with the values typed.
    call: Callable[[ConsoleServicesPort, dict[str, str]], object]


@dataclass(frozen=True, slots=True)
class FormSaved:
    """What a desk form gives back once its call succeeded."""

    #: What was typed, by box id.
    values: dict[str, str]
    #: What the call returned.
    value: object


def date_problem(value: str) -> str | None:
    """A box for a day: any layout the console reads a date in ("1/12/2026", "1 December
    2026", "2026-12-01"), or what is wrong with it."""
    try:
        parse_calendar_date(value)
    except FieldError as error:
        return str(error)
    return None


def reference_problem(value: str) -> str | None:
    """A box for a customer's reference, in any spacing or case ("1001 2345 p"), or what is
    wrong with it (a digit or the check letter misread), before the service is asked."""
    try:
        normalise_reference(value)
    except FieldError as error:
        return str(error)
    return None


class _Message(Static):
    """The form's message line, which asks the form to fit again when it wraps onto more
    lines (or fewer): its lines are taken from the boxes."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, DeskFormScreen):
            screen.call_after_refresh(screen.fit)


class _Boxes(FormBoxes):
    """The boxes, which keep the focused one whole when the form gives them less room."""

    def on_resize(self) -> None:
        focused = self.screen.focused
        if focused is not None and focused.parent is self:
            self.call_after_refresh(focused.scroll_visible, animate=False)


class DeskFormScreen(Dialog[FormSaved | None]):
    """A few boxes, every one needed, and the call that saves them. Returns what was typed
    and what the call returned once it succeeded (None when left); the opener says what was
    done."""

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("escape", "cancel", "Cancel", tooltip="Go back without saving (asks first)"),
        Binding("ctrl+s", "save", "Save", tooltip="Save what is typed"),
    ]

    def action_move_on(self) -> None:
        # Enter in a box moves on; in the last it saves (on_input_submitted).
        move_on(self, unless=lambda box: box.id == self.fields[-1].id)

    def __init__(
        self,
        title: str,
        explain: str,
        fields: list[FormField],
        submit: Submit,
        *,
        go: tuple[str, str] | None = None,
        check: Submit | None = None,
    ) -> None:
        """`go`: what Ctrl+S is called, and its tooltip, on a form whose call saves nothing
        (finding the record to merge: "Compare"); "Save" otherwise. `check`: a call that
        saves nothing and refuses what the save would (a `FieldProblems`), made when the
        form's own checks refuse a box, so the service's problems are said with them."""
        super().__init__()
        if go is not None:
            name, tooltip = go
            [save] = self._bindings.key_to_bindings["ctrl+s"]
            replaced = dataclasses.replace(save, description=name, tooltip=tooltip)
            self._bindings.key_to_bindings["ctrl+s"] = [replaced]
        self.title_text = title
        self.explain = explain
        self.fields = fields
        self.submit = submit
        self.check = check
        #: A call is under way: the boxes take no keys, and a second Ctrl+S waits for its
        #: answer (tui/saving_form.py).
        self._saving = SavingForm()
        #: The problems last said, by box id (a box corrected since is no longer marked).
        self._problems: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(printable_text(self.title_text), classes="choice-title")
            yield Static(printable_text(self.explain), classes="choice-explain")
            with _Boxes(id="desk-form-boxes"):
                for spec in self.fields:
                    yield Label(spec.label, classes="field-label")
                    if spec.choices:
                        yield ChoiceSelect(
                            spec.choices,
                            id=spec.id,
                            prompt=spec.placeholder or "Choose",
                            value=spec.value or Select.NULL,
                        )
                        continue
                    yield BoundedInput(
                        spec.value,
                        id=spec.id,
                        limit=spec.limit,
                        placeholder=spec.placeholder,
                        free_text=spec.free_text,
                        suggested=bool(spec.value),  # today, 2 months: typing replaces it
                    )
            yield _Message("", id="desk-form-message", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        first = next((f for f in self.fields if not (f.given and f.value)), self.fields[0])
        self.query_one(f"#{first.id}").focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Keep the title, the explanation and the message in view: on a short screen (4
        boxes under a long explanation at 80x24) the boxes scroll, the focused one shown."""
        if not self.is_attached or not self.query("#desk-form-boxes"):
            return  # closed meanwhile: nothing left to fit
        box, boxes = self.query_one(".choice-box"), self.query_one("#desk-form-boxes")
        others = sum(
            child.outer_size.height + child.styles.margin.height
            for child in box.children
            if child is not boxes
        )
        footer = self.query_one(Footer).outer_size.height
        room = self.size.height - footer - box.styles.gutter.height - others
        boxes.styles.max_height = max(MIN_BOXES_HEIGHT, room)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        # Only the last box's Enter gets here: the others move on (action_move_on).
        self.action_save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_save(self) -> None:
        if self._saving.running:
            return
        values = {spec.id: self._value_of(spec) for spec in self.fields}
        problems: dict[str, str] = {}
        for spec in self.fields:
            value = values[spec.id]
            problem = None
            if not value and not spec.optional:
                problem = spec.missing or f"Fill in: {spec.label}."
            if problem is None and value and spec.problem is not None:
                problem = spec.problem(value)
            if problem is not None:
                problems[spec.id] = problem
        if problems and self.check is not None:
            self._saving.start(self.query_one("#desk-form-boxes"))
            self._say("Checking...")
            self._check(values, problems)
            return
        if self._refused_as_typed(values, problems):
            return
        self._saving.start(self.query_one("#desk-form-boxes"))
        self._say("Saving...")
        self._save(values)

    def _refused_as_typed(self, values: dict[str, str], problems: dict[str, str]) -> bool:
        """`_refused`, and the first box refused selected if what it holds is retyped."""
        if not self._refused(problems):
            return False
        first = next(spec for spec in self.fields if spec.id in problems)
        if first.retyped_when_refused and values[first.id]:
            self.query_one(f"#{first.id}", BoundedInput).select_to_retype()
        return True

    @work(thread=True, exclusive=True, group="desk-form", exit_on_error=False)
    def _check(self, values: dict[str, str], problems: dict[str, str]) -> None:
        assert self.check is not None
        result = self.check(values)
        self.app.call_from_thread(self._checked, values, problems, result)

    def _checked(
        self, values: dict[str, str], problems: dict[str, str], result: Attempt[object]
    ) -> None:
        """The form's own problems and the service's for the other boxes, said together;
        a check that could not be made (the database did not answer) adds none."""
        self._saving.end()
        if self.is_attached:
            named = self._named(result)
            self._refused_as_typed(values, {**named, **problems})

    @work(thread=True, exclusive=True, group="desk-form", exit_on_error=False)
    def _save(self, values: dict[str, str]) -> None:
        result = self.submit(values)
        self.app.call_from_thread(self._saved, values, result)

    def _saved(self, values: dict[str, str], result: Attempt[object]) -> None:
        self._saving.end()
        if not self.is_attached:
            return
        if result.error is None:
            self.dismiss(FormSaved(values, result.value))
            return
        # The boxes keep what was typed; a refusal naming boxes is said at them.
        if not self._refused(self._named(result)):
            self._say(result.error)

    def _named(self, result: Attempt[object]) -> dict[str, str]:
        """The problems a refused call names at this form's boxes, by box id."""
        named = result.invalid.problems if isinstance(result.invalid, FieldProblems) else {}
        boxes = {spec.key: spec.id for spec in self.fields if spec.key}
        return {boxes[key]: named[key] for key in named if key in boxes}

    def _refused(self, problems: dict[str, str]) -> bool:
        """Mark each box refused (by id) with its problem and clear the others; the first
        refused, in the form's order, takes the focus and the message line says why, and
        what is wrong with every other box refused. Whether any was."""
        boxes = {spec.id: spec.id for spec in self.fields}
        self._problems = dict(problems)
        first = show_problems(self, boxes, problems, at_border=False)
        if first is not None:
            self._say(self._problems_from(next(key for key in boxes if key in problems)))
        return first is not None

    def _problems_from(self, box_id: str) -> str:
        """The problem of the box `box_id`, then each other box's still marked, by its label."""
        labels = {spec.id: spec.label.split(" (")[0] for spec in self.fields}
        return problems_said(self, labels, box_id, self._problem_at)

    def _problem_at(self, box: Widget) -> str | None:
        """The problem of `box` while it is still marked (not corrected since)."""
        marked = box.query_one("SelectCurrent") if isinstance(box, Select) else box
        if box.id is None or not marked.has_class("-problem"):
            return None
        return self._problems.get(box.id)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Each refused box says its problem whole as the focus reaches it, and the
        # others' after it.
        if self._problem_at(event.widget) is not None and event.widget.id is not None:
            self._say(self._problems_from(event.widget.id))

    def _value_of(self, spec: FormField) -> str:
        """What the box holds, or the value chosen ("" for none yet)."""
        if spec.choices:
            chosen = self.query_one(f"#{spec.id}", ChoiceSelect)
            return "" if chosen.is_blank() else str(chosen.value)
        return self.query_one(f"#{spec.id}", BoundedInput).settled_value().strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        # Being corrected: the red border goes; the message stays until the next save.
        event.input.set_class(False, "-problem")

    def on_select_changed(self, event: Select.Changed) -> None:
        event.select.query_one("SelectCurrent").set_class(False, "-problem")

    def _say(self, message: str) -> None:
        self.query_one("#desk-form-message", Static).update(printable_text(message))

    def unsaved_work(self) -> str | None:
        """What was typed, once any box holds other than it opened with."""
        typed = any(self._value_of(spec) != spec.value.strip() for spec in self.fields)
        return f"what was typed in {self.title_text!r} (nothing is saved yet)" if typed else None

    def action_cancel(self) -> None:
        if not self._saving.running:  # once sent, the form waits to say how it went
            ask_before_losing(self.app, "Leave the form", lambda: self.dismiss(None), [self])
