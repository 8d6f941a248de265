"""The consent script (MP-06, MP-07): read to the caller before any personal detail is typed.

The handler reads the script aloud, then records the answers: each marketing channel the
caller agreed to (none unless they say yes), the lawful basis for running the account, and,
if support needs are to be noted, the Article 9 condition for holding them.

The boxes come, and Tab reaches them, in the order the handler needs them: the marketing
channels first, the one question the script asks the caller; then the basis, which the
script tells the caller rather than asks, already set to the usual one (contract); then
the Article 9 condition. The basis had come first, so the handler's first Tab, with the
caller's answer to the marketing question in hand, landed on a box nobody had asked about.
"""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, SelectionList, Static

from custinfo_tui.domain.consent import (
    ConsentAnswers,
    LawfulBasis,
    MarketingChannel,
    SpecialCategoryCondition,
)
from custinfo_tui.domain.training.cues import CueKind
from custinfo_tui.tui.cues import announce
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.tick_list import TickList

#: The blank choice of the Article 9 select: no special-category data is recorded.
NO_SPECIAL_CONDITION = "None: do not record support needs"


class ConsentScreen(Dialog[ConsentAnswers | None]):
    """Dismissed with the caller's ConsentAnswers, or None when the handler cancels."""

    CSS_PATH = "../styles/consent.tcss"

    BINDINGS = [
        Binding(
            "ctrl+s",
            "record",
            "Record",
            tooltip="Record the caller's answers as chosen here",
            id="consent_record",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Go back without recording anything",
            id="consent_cancel",
        ),
    ]

    def __init__(
        self,
        script: str,
        wording_version: str,
        current: ConsentAnswers | None = None,
        *,
        title: str = "Consent before taking details",
        escape: tuple[str, str] | None = None,
        giving_needs: str | None = None,
    ) -> None:
        """`escape`: what Escape is called, and its tooltip, where going back does more than
        record nothing (a new customer's call, which it ends); "Cancel" otherwise.
        `giving_needs`: in a call whose caller may take marketing back but not give consent,
        why not ("needs High"): the form then takes withdrawals only, and refuses a tick at
        its box."""
        super().__init__()
        if escape is not None:
            name, tooltip = escape
            [cancel] = self._bindings.key_to_bindings["escape"]
            named = dataclasses.replace(cancel, description=name, tooltip=tooltip)
            self._bindings.key_to_bindings["escape"] = [named]
        self.script = script
        self.wording_version = wording_version
        self.current = current if current is not None else ConsentAnswers()
        self.title_text = title
        self.giving_needs = giving_needs

    def compose(self) -> ComposeResult:
        current = self.current
        # One scrolling box; the title and the reminder are docked so they never scroll away.
        with VerticalScroll(id="consent-box"):
            yield Static(Text(self.title_text), id="consent-title")
            yield Static(
                "Marketing is off unless the caller says yes to that channel.",
                id="consent-reminder",
            )
            yield Static(Text(self.script), id="consent-script")
            yield Static(Text(f"Wording version: {self.wording_version}"), id="consent-wording")
            # Tab once reaches the marketing (the script's question), twice the basis (the
            # script's statement), three times the Article 9 choice, below the fold at 80x24.
            withdrawals_only = self.giving_needs is not None
            yield Static(
                "Read it aloud. Tab: marketing (Space to untick what they take back)."
                if withdrawals_only
                else "Read it aloud. Tab: marketing, basis, then support needs (Art. 9).",
                id="consent-hint",
            )
            yield Label("Marketing the caller agreed to (Space to tick; unticked = refused)")
            yield TickList[MarketingChannel](
                *(
                    (channel.label, channel, channel in current.marketing)
                    for channel in MarketingChannel
                ),
                id="consent-marketing",
            )
            if self.giving_needs is not None:
                yield Static(
                    Text(
                        "Withdrawals only in this call: Ctrl+S records every unticked channel "
                        "as refused. "
                        + _needs("Giving consent or changing the rest", self.giving_needs)
                    ),
                    id="consent-marketing-note",
                )
            yield Label("Lawful basis for running the account")
            yield ChoiceSelect[LawfulBasis](
                [(basis.label, basis) for basis in LawfulBasis],
                id="consent-basis",
                allow_blank=False,
                value=current.service_basis,
                disabled=withdrawals_only,
            )
            yield Label("Special-category data (e.g. support needs): Article 9 condition")
            yield ChoiceSelect[SpecialCategoryCondition](
                [(condition.label, condition) for condition in SpecialCategoryCondition],
                id="consent-condition",
                prompt=NO_SPECIAL_CONDITION,
                allow_blank=True,
                value=(
                    current.special_condition
                    if current.special_condition is not None
                    else Select.NULL
                ),
                disabled=withdrawals_only,
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # The script comes first: it is read aloud before anything is chosen.
        form = self.query_one("#consent-box", VerticalScroll)
        form.scroll_home(animate=False)
        form.focus()
        announce(self, CueKind.CONSENT)  # in a role-play, the caller answers the script

    @on(SelectionList.SelectedChanged, "#consent-marketing")
    def _refuse_giving(self, event: SelectionList.SelectedChanged[MarketingChannel]) -> None:
        """Where the caller may only take marketing back, a channel ticked that was not
        agreed before is unticked again, and the box says why."""
        if self.giving_needs is None:
            return
        ticks, before = event.selection_list, self.current.marketing
        given = [c for c in MarketingChannel if c in ticks.selected and c not in before]
        for channel in given:
            ticks.deselect(channel)
        if given:
            names = " and ".join(channel.label for channel in given)
            refused = f"{_needs('Giving consent', self.giving_needs)} {names} left unticked."
            note = self.query_one("#consent-marketing-note", Static)
            note.update(Text(refused))
            note.add_class("refused")
            self.call_after_refresh(note.scroll_visible, animate=False)  # below the fold

    def answers(self) -> ConsentAnswers:
        """The answers as the widgets now hold them."""
        basis = self.query_one("#consent-basis", Select).value
        assert isinstance(basis, LawfulBasis)
        marketing = self.query_one("#consent-marketing", SelectionList).selected
        condition = self.query_one("#consent-condition", Select).value
        return ConsentAnswers(
            service_basis=basis,
            marketing=frozenset(MarketingChannel(channel) for channel in marketing),
            special_condition=(
                condition if isinstance(condition, SpecialCategoryCondition) else None
            ),
        )

    def action_record(self) -> None:
        self.dismiss(self.answers())

    def action_cancel(self) -> None:
        """Go back (or end the new customer's call), asking first when answers were changed
        here: the caller gave them, and would be asked again."""
        [escape] = self._bindings.key_to_bindings["escape"]
        ask_before_losing(self.app, escape.description, lambda: self.dismiss(None), [self])

    def unsaved_work(self) -> str | None:
        """The answers chosen here but not recorded (`HoldsUnsavedWork`)."""
        if not self.is_mounted or self.answers() == self.current:
            return None
        return "the consent answers chosen, not recorded"


def _needs(what: str, why: str) -> str:
    """ "Giving consent needs High.", "Giving consent: outside their scope."."""
    return f"{what} {why}." if why.startswith("needs ") else f"{what}: {why}."
