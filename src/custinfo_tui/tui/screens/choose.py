"""Small keyboard-first dialogs: choose one of a list, or give a reason in your own words.

Light enough for the login screen's first frame (the idle lock and the quit question use
them): no pydantic or validation libraries. The call's own choices are in call_choices."""

from __future__ import annotations

import dataclasses
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static

from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.text import too_short
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message
from custinfo_tui.tui.widgets.choice_list import ChoiceList
from custinfo_tui.tui.widgets.footer import Footer

T = TypeVar("T")


class ChoiceScreen(Dialog[T | None], Generic[T]):
    """A titled list; Enter picks the highlighted entry, Escape cancels with None.
    `explain` is stored text, shown printable, or a `Text` the caller built of printable
    parts, to keep a line break between them. `escape`: what the footer calls Escape, and
    its tooltip, for a dialog where it cancels nothing (a password shown once, after the
    change was made: "Close")."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without choosing", id="cancel"),
    ]

    def __init__(
        self,
        title: str,
        explain: str | Text,
        choices: list[tuple[str, T]],
        *,
        highlighted: int = 0,
        escape: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        if escape is not None:
            name, tooltip = escape
            [cancel] = self._bindings.key_to_bindings["escape"]
            replaced = dataclasses.replace(cancel, description=name, tooltip=tooltip)
            self._bindings.key_to_bindings["escape"] = [replaced]
        self.title_text = title
        self.explain = explain
        self.choices = choices
        self.first_highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            # Titles and choices can name the customer or a representative: stored text.
            yield Static(printable_text(self.title_text), classes="choice-title")
            explain = self.explain
            if not isinstance(explain, Text):
                explain = printable_text(explain)
            yield Static(explain, classes="choice-explain")
            yield ChoiceList(*(printable_text(label) for label, _ in self.choices), id="choices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.highlighted = self.first_highlighted
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonScreen(Dialog[str | None]):
    """Ask why (or for a note), in the handler's own words; Enter gives it, Escape goes
    back with None, asking first once anything is typed. `noun` names what is typed in the
    box's messages ("The note is 2500 characters; at most 300."). A `warning` is said
    before the explanation, in red: what giving the reason would do that cannot be undone."""

    BINDINGS = [
        # Priority: before the box's own Enter, so the footer names the key (its label is
        # the caller's `key`: "Close call"); it read "esc Back" alone.
        Binding("enter", "give", "Save reason", tooltip="Give what is typed", priority=True),
        Binding("escape", "cancel", "Back", tooltip="Back without giving a reason", id="cancel"),
    ]

    def __init__(
        self,
        title: str,
        explain: str,
        prompt: str,
        hint: str,
        *,
        noun: str = "The reason",
        warning: str | None = None,
        key: str = "Save reason",
        value: str = "",
    ) -> None:
        """`value`: what the box starts from (a reason typed for a request refused before)."""
        super().__init__()
        self.value = value
        give = self._bindings.key_to_bindings["enter"][0]
        self._bindings.key_to_bindings["enter"] = [dataclasses.replace(give, description=key)]
        self.title_text = title
        self.explain = explain
        self.warning = warning
        self.prompt = prompt
        #: Shown when the box is empty, and after the count when the reason is too short
        #: to mean anything (under `MIN_REASON_LENGTH` characters).
        self.hint = hint
        self.noun = noun
        #: The line under the box says what is typed is too long, or too short.
        self._said_too_long = False
        self._said_too_short = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(printable_text(self.title_text), classes="choice-title")
            if self.warning:
                yield Static(printable_text(self.warning), classes="choice-warning")
            yield Static(printable_text(self.explain), classes="choice-explain")
            yield Label(printable_text(self.prompt))
            yield BoundedInput(self.value, id="reason", limit=MAX_REASON_LENGTH, free_text=True)
            yield Static(id="reason-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    async def action_give(self) -> None:
        """Enter, named in the footer: the box's own submit, which takes card data at its
        end out first and says so (the next Enter gives it). From the box, the key goes on
        to it, to act behind the keys typed before it (widgets/keys_in_order.py): run here,
        as the app read it, a reason and Enter typed in one go (a supervisor closing a call)
        found the box still empty and was refused, "Give the reason in a few words"."""
        box = self.query_one("#reason", BoundedInput)
        if self.focused is box:
            raise SkipAction()
        await box.action_submit()

    @on(Input.Submitted, "#reason")
    def _given(self, event: Input.Submitted) -> None:
        given = event.value.strip()
        if len(given) < MIN_REASON_LENGTH:
            # An empty box needs only the hint; "x" or "ok" needs to hear why it is refused.
            short = f"{too_short(len(given))} " if given else ""
            self.query_one("#reason-message", Static).update(short + self.hint)
            self._said_too_short = bool(given)
            self.query_one("#reason", BoundedInput).select_to_retype()
            return
        if len(event.value.strip()) > MAX_REASON_LENGTH:
            self.query_one("#reason-message", Static).update(
                # The box's own count, as its border shows it (spaces at the ends too).
                too_long_message(self.noun, len(event.value), MAX_REASON_LENGTH)
            )
            self._said_too_long = True
            return
        self.dismiss(event.value.strip())

    @on(Input.Changed, "#reason")
    def _typed_to_fit(self, event: Input.Changed) -> None:
        """Shortened to fit, the line stops saying it is too long, as the box's border has:
        "The note is 317 characters; at most 300. Shorten it." stayed under a note that
        fitted, until Enter. Typed long enough, it stops saying it is too short: "Give at
        least 5 characters (3 so far)" stayed under a reason of 46."""
        length = len(event.value.strip())
        if self._said_too_long and length <= MAX_REASON_LENGTH:
            self._said_too_long = False
            self.query_one("#reason-message", Static).update("")
        if self._said_too_short and length >= MIN_REASON_LENGTH:
            self._said_too_short = False
            self.query_one("#reason-message", Static).update("")

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#reason", Input).value.strip()
        return f"{self.noun[:1].lower()}{self.noun[1:]} being typed" if typed else None

    def action_cancel(self) -> None:
        from custinfo_tui.tui.unsaved_work import ask_before_losing  # it asks with a choice

        what = self.noun[:1].lower() + self.noun[1:]
        ask_before_losing(self.app, f"Leave {what}", lambda: self.dismiss(None), [self])
