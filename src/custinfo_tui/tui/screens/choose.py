"""Small keyboard-first choice dialogs: how the customer is in touch, and who is calling."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static

from custinfo_tui.domain.interactions import RepresentativeSummary
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.verification import CallerKind, Channel, describe_actions
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message

T = TypeVar("T")

#: The "open outside a call" choice of ContactScreen.
NO_CALLER = "no_caller"


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    """A titled list; Enter picks the highlighted entry, Escape cancels with None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without choosing", id="cancel"),
    ]

    def __init__(self, title: str, explain: str, choices: list[tuple[str, T]]) -> None:
        super().__init__()
        self.title_text = title
        self.explain = explain
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            # Titles and choices can name the customer or a representative: stored text.
            yield Static(printable_text(self.title_text), classes="choice-title")
            yield Static(printable_text(self.explain), classes="choice-explain")
            yield OptionList(*(printable_text(label) for label, _ in self.choices), id="choices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonScreen(ModalScreen[str | None]):
    """Ask why, in the handler's own words; Enter gives it, Escape goes back with None."""

    BINDINGS = [
        Binding("escape", "cancel", "Back", tooltip="Back without giving a reason", id="cancel"),
    ]

    def __init__(self, title: str, explain: str, prompt: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.explain = explain
        self.prompt = prompt
        #: Shown when the reason is too short to mean anything.
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(printable_text(self.title_text), classes="choice-title")
            yield Static(printable_text(self.explain), classes="choice-explain")
            yield Label(printable_text(self.prompt))
            yield BoundedInput(id="reason", limit=MAX_REASON_LENGTH)
            yield Static(id="reason-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _given(self, event: Input.Submitted) -> None:
        if len(event.value.strip()) < 5:
            self.query_one("#reason-message", Static).update(self.hint)
            return
        if len(event.value.strip()) > MAX_REASON_LENGTH:
            self.query_one("#reason-message", Static).update(
                too_long_message("The reason", len(event.value.strip()), MAX_REASON_LENGTH)
            )
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def contact_screen(*, can_verify: bool) -> ChoiceScreen[Channel | str]:
    """How is the customer in touch? A channel starts an interaction; NO_CALLER asks a reason."""
    choices: list[tuple[str, Channel | str]] = []
    if can_verify:
        choices += [(f"{channel.label}: verify the caller", channel) for channel in Channel]
    choices.append(("No customer in touch: back-office work (give a reason)", NO_CALLER))
    return ChoiceScreen(
        "How is the customer in touch?",
        "In a call the record stays masked until the caller is verified.",
        choices,
    )


def caller_screen(
    customer_name: str, representatives: list[RepresentativeSummary]
) -> ChoiceScreen[tuple[CallerKind, int | None]]:
    """Who is on the line: the customer, one of their representatives, or someone else."""
    choices: list[tuple[str, tuple[CallerKind, int | None]]] = [
        (f"{customer_name} (the customer)", (CallerKind.CUSTOMER, None))
    ]
    for rep in representatives:
        choices.append(
            (
                f"{rep.description}. {describe_actions(rep.scope)}",
                (CallerKind.REPRESENTATIVE, rep.id),
            )
        )
    choices.append(("Someone else, with no authority on file", (CallerKind.NO_AUTHORITY, None)))
    return ChoiceScreen(
        "Who is calling?",
        "A representative is verified with their own answers; only their scope is shown.",
        choices,
    )
