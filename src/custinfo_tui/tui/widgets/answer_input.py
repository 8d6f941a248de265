"""The verification panel's answer box (MP-08; tui/widgets/verification_panel.py).

Up and Down choose the check without leaving the box, whatever it holds. Enter sends the
answer and empties the box as the key is read, so what is typed straight after it (a
caller giving two answers in one breath) is an answer of its own.

A card number read out by a caller (typed as a date of birth, as phone digits) is never an
answer (PCI DSS; docs/security.md, "Card numbers"): once it is complete (followed by
something that cannot continue it, pasted, entered, or the box left) the box is emptied
at once, nothing is sent to the check (so nothing reaches the trail), and the panel says
why. Free-text boxes put `[card number removed]` in its place; here nothing is kept, since
what is left of an answer is no answer.
"""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding
from textual.events import Blur

from custinfo_tui.domain.card_numbers import card_number_spans
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, open_tail

#: What the panel says when a card number was taken out of the answer box.
CARD_NUMBER_IN_ANSWER = (
    "That looks like a card number: it has been removed. Never take card numbers here."
)


class ChecksPanel(Protocol):
    """What the box asks of the panel it sits in."""

    def move(self, step: int) -> None: ...

    def say(self, message: str, *, error: bool = False, heed: bool = False) -> None: ...


class AnswerInput(BoundedInput):
    """The answer box. Up and Down choose the check without leaving the box (the text in
    it stays, for the check then chosen). Enter sends the answer and empties the box."""

    BINDINGS = [
        Binding("up", "choose(-1)", "Previous check", show=False),
        Binding("down", "choose(1)", "Next check", show=False),
    ]

    def __init__(self, panel: ChecksPanel, *, limit: int, id: str, placeholder: str) -> None:
        super().__init__(limit=limit, id=id, placeholder=placeholder)
        self._panel = panel

    async def action_submit(self) -> None:
        if self._card_number_taken_out(self.value, whole=True):
            return  # never sent: not checked, not on the trail
        answer, self.value = self.value, ""
        self.post_message(self.Submitted(self, answer))

    def action_choose(self, step: int) -> None:
        self._panel.move(step)

    def replace_cleaned(self, text: str, start: int, end: int) -> None:
        """Every edit comes through here: one that completes a card number empties the
        box instead (a paste is complete as it stands)."""
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        edited = f"{value[:start]}{text}{value[end:]}"
        if not self._card_number_taken_out(edited, whole=len(text) > 1):
            super().replace_cleaned(text, start, end)

    def _card_number_taken_out(self, text: str, *, whole: bool) -> bool:
        """Whether `text` holds a complete card number (all of it when `whole`, else what
        is no longer being typed); if so the box is emptied and the panel says why."""
        settled = len(text) if whole else open_tail(text)
        if not card_number_spans(text[:settled]):
            return False
        self.value = ""
        self._panel.say(CARD_NUMBER_IN_ANSWER, error=True)
        return True

    def _on_blur(self, event: Blur) -> None:
        self._card_number_taken_out(self.value, whole=True)
