"""Resolving a possible-fraud item on the supervisor queue (MP-08): lift the verification
lock, or close the item and keep it, with the reason for the audit trail. The failed checks
that locked it are listed first (when, by whom, on which channel, which check, who was
calling), so the supervisor weighs a forgetful customer against someone guessing; above
them, whose record it is (name and town: a lift "ID seen in Leeds branch" for a customer in
Edinburgh reads wrong) and whether the call that locked it is still going on, and where.

Any other item closed here (a possible duplicate found to be two people, MP-13) raised no
lock: its dialog only closes it, with the reason, and never speaks of a lock, which a
supervisor would look for and not find."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from custinfo_tui.domain.interactions import FailedCheck, LockedCustomer, QueueItem, QueueKind
from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message
from custinfo_tui.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

LIFT = "lift"
CLOSE = "close"

#: What closing an item that raised no lock means, by kind, said under its summary.
_CLOSING_MEANS: dict[str, str] = {
    QueueKind.POSSIBLE_DUPLICATE: (
        "Closing the item keeps both records apart, as two different people: nothing is merged."
    ),
}
#: An example reason for closing, by kind (placeholder and hint); fraud's is the lock's.
_EXAMPLE_REASON: dict[str, str] = {
    QueueKind.POSSIBLE_FRAUD: "ID seen in branch",
    QueueKind.POSSIBLE_DUPLICATE: "checked by letter: not the same person",
}
_ANY_EXAMPLE = "dealt with by phone"


def raised_a_lock(item: QueueItem) -> bool:
    """Whether the item is about a verification lock (possible fraud): only then does its
    dialog offer lifting the lock, or closing the item keeping it."""
    return item.kind == QueueKind.POSSIBLE_FRAUD


def closed_message(item: QueueItem) -> str:
    """What the supervisor is told once `item` is closed: where its lock stands, for an
    item that raised one; what closing meant, for a possible duplicate."""
    if raised_a_lock(item):
        return (
            "Item closed; the lock is kept: the item stays on the queue, where Enter "
            "lifts it, until it is."
        )
    if item.kind == QueueKind.POSSIBLE_DUPLICATE:
        return "Item closed; the two records stay apart, as different people."
    return "Item closed."


@dataclass(frozen=True, slots=True)
class Resolution:
    """How the supervisor resolves a queue item, and why (for the audit trail)."""

    #: LIFT the verification lock, or CLOSE the item keeping it.
    how: str
    reason: str


def failed_check_lines(checks: list[FailedCheck]) -> Text:
    """The failed checks as the dialog lists them, a line each, oldest first (operators'
    names are stored text: each line is made printable on its own)."""
    lines = [
        printable_text(
            f"{check.at:%d %b %H:%M:%S}  {check.operator}, {check.channel}: {check.check} "
            f"({check.caller}"
            + (f"; then verified to {check.reached_after})" if check.reached_after else ")")
        )
        for check in checks
    ]
    return Text("\n").join([Text("The failed checks:"), *lines])


class ResolveItemScreen(Dialog[Resolution | None]):
    """Lift the lock (or close the item keeping it), with the reason for the audit trail;
    an item that raised no lock is only closed. The load worker posts `ChecksLoaded` for a
    possible-fraud item."""

    class ChecksLoaded(Message):
        def __init__(
            self, checks: list[FailedCheck], error: str | None, locked: LockedCustomer | None
        ) -> None:
            super().__init__()
            self.checks = checks
            self.error = error
            self.locked = locked

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without changing anything"),
        Binding("ctrl+l", "lift", "Lift lock", tooltip="Lift the verification lock"),
        Binding("ctrl+n", "close_item", "Close, keep lock", tooltip="Close, lock stays"),
        # Both on Ctrl+N: the one that applies (`check_action`) runs and shows.
        Binding(
            "ctrl+n",
            "close_unlocked",
            "Close item",
            tooltip="Close the item, with the reason: nothing else changes",
        ),
    ]

    def __init__(self, item: QueueItem, actor: Actor) -> None:
        super().__init__()
        self.item = item
        self.actor = actor
        #: Whether the line under the reason asks for one, until one is typed.
        self._asked_for_reason = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(
                printable_text(f"{self.item.kind_label}: {self.item.customer_reference or '-'}"),
                classes="choice-title",
            )
            summary = printable_text(self.item.summary)
            if self.item.lock_kept is not None:  # in the same block: the box has no line spare
                kept = f"{self.item.lock_kept}. Ctrl+L lifts it, with the reason."
                summary = Text("\n").join([summary, printable_text(kept)])
            yield Static(summary, classes="choice-explain")
            if self.item.kind in _CLOSING_MEANS:
                yield Static(_CLOSING_MEANS[self.item.kind], classes="choice-explain")
            if raised_a_lock(self.item):  # the failed checks that locked it
                yield Static("The failed checks: loading...", id="resolve-history")
            yield Label("Reason (recorded on the audit trail)", classes="field-label")
            yield BoundedInput(
                id="resolve-reason",
                limit=MAX_REASON_LENGTH,
                placeholder=f"e.g. {self._example}",
                free_text=True,
            )
            yield Static("", id="resolve-message", classes="error")
            with Horizontal(classes="button-row"):
                yield from self._buttons()
        yield Footer(compact=True)

    @property
    def _example(self) -> str:
        return _EXAMPLE_REASON.get(self.item.kind, _ANY_EXAMPLE)

    def _buttons(self) -> ComposeResult:
        if not raised_a_lock(self.item):
            yield Button("Close item", id="resolve-close-unlocked")
            return
        yield Button(
            "Lift lock",
            id="resolve-lift",
            variant="warning",
            disabled=not self.item.lock_active,
        )
        if self.item.lock_kept is None:
            yield Button("Close, keep lock", id="resolve-close")

    def on_mount(self) -> None:
        self.query_one("#resolve-reason", Input).focus()
        if raised_a_lock(self.item):
            self._load_checks()

    @work(thread=True, exclusive=True, group="failed-checks", exit_on_error=False)
    def _load_checks(self) -> None:
        services = cast("CustinfoApp", self.app).services()
        whom = attempt("read whose record", services.locked_customer, self.actor, self.item.id)
        result = attempt("read the failed checks", services.failed_checks, self.actor, self.item.id)
        error = result.error or whom.error
        self.post_message(self.ChecksLoaded(result.value or [], error, whom.value))

    @on(ChecksLoaded)
    def _show_checks(self, loaded: ChecksLoaded) -> None:
        history = self.query_one("#resolve-history", Static)
        if loaded.error is not None:
            checks = Text(loaded.error)
        elif not loaded.checks:
            checks = Text("The failed checks are no longer on the audit trail.")
        else:
            checks = failed_check_lines(loaded.checks)
        if loaded.locked is not None:  # whose, over the checks; stored text, never markup
            checks = Text("\n").join([printable_text(loaded.locked.line), checks])
        history.update(checks)

    def _reason(self) -> str | None:
        reason = self.query_one("#resolve-reason", BoundedInput).settled_value().strip()
        if len(reason) < MIN_REASON_LENGTH:
            # Empty, it said "Give a reason first." without saying what one reads like.
            self._asked_for_reason = True
            self.query_one("#resolve-message", Static).update(
                f"Give the reason in a few words first (for example: {self._example})."
                if reason
                else f"Type the reason first, e.g. {self._example}."
            )
            self.query_one("#resolve-reason", BoundedInput).select_to_retype()
            return None
        if len(reason) > MAX_REASON_LENGTH:
            self.query_one("#resolve-message", Static).update(
                too_long_message("The reason", len(reason), MAX_REASON_LENGTH)
            )
            return None
        return reason

    @on(Button.Pressed, "#resolve-lift")
    def action_lift(self) -> None:
        if not self.item.lock_active:
            self.query_one("#resolve-message", Static).update("There is no active lock to lift.")
            return
        if reason := self._reason():
            self.dismiss(Resolution(LIFT, reason))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_unlocked":
            return not raised_a_lock(self.item)
        if action == "lift":
            return raised_a_lock(self.item)
        # An item closed with its lock kept is closed already: only lifting is left.
        if action == "close_item":
            return raised_a_lock(self.item) and self.item.lock_kept is None
        return True

    @on(Button.Pressed, "#resolve-close")
    def action_close_item(self) -> None:
        if reason := self._reason():
            self.dismiss(Resolution(CLOSE, reason))

    @on(Button.Pressed, "#resolve-close-unlocked")
    def action_close_unlocked(self) -> None:
        self.action_close_item()

    @on(Input.Changed, "#resolve-reason")
    def _reason_typed_in(self) -> None:
        """The reason asked for, typed: the line stops asking for it (it had gone on saying
        so under the reason typed)."""
        typed = self.query_one("#resolve-reason", BoundedInput).value.strip()
        if self._asked_for_reason and len(typed) >= MIN_REASON_LENGTH:
            self._asked_for_reason = False
            self.query_one("#resolve-message", Static).update("")

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#resolve-reason", BoundedInput).value.strip()
        return "the reason being typed" if typed else None

    def action_cancel(self) -> None:
        # Escape had dropped a reason typed for lifting the lock without a word; the
        # other dialogs that take a reason ask first (tui/unsaved_work.py).
        ask_before_losing(self.app, "Leave the reason", lambda: self.dismiss(None), [self])
