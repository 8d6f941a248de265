"""The possible duplicates beside the new-customer form (MP-04, MP-13).

Existing customers the details typed so far may belong to, each with what matched, strong
matches in red; Enter on one opens that record instead of creating another. The form
(tui/screens/capture.py, its check in tui/screens/capture_duplicates.py) asks for the
check and hands the panel what it found.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.one_name import NO_GIVEN_NAME
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.tui.printable_text import printable_text

#: The hint under a list still empty: nothing has been checked yet.
NOT_CHECKED = "None yet: checked as the name, date of birth and contacts are typed."


class DuplicatesPanel(Vertical):
    """The list of possible duplicates, with a hint under it saying what to do."""

    DEFAULT_CSS = """
    DuplicatesPanel {
        width: 30;
        border-left: solid $primary;
        padding: 0 1;
    }
    DuplicatesPanel #duplicates {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The candidates shown, as the last check found them.
        self.candidates: list[DuplicateCandidate] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Possible duplicates", style="bold"))
        yield OptionList(id="duplicates")
        yield Static(NOT_CHECKED, id="duplicates-hint", markup=False)

    def show(self, candidates: list[DuplicateCandidate], *, note: str | None = None) -> None:
        """List `candidates` in place of those shown (unchanged ones are not rebuilt,
        which would lose the handler's place in the list), with `note` on what the check
        left out, if anything."""
        if candidates != self.candidates:
            self.candidates = candidates
            options = self.query_one("#duplicates", OptionList)
            options.clear_options()
            for candidate in candidates:
                match = candidate.match
                shown_id = None if match is None else str(match.customer_id)
                options.add_option(Option(_line(candidate), id=shown_id))
        if not candidates:
            hint = "None found so far."
        elif any(c.locked for c in candidates):
            hint = "Locked after failed checks: no new record. F4, Enter to open it."
        elif any(c.strong for c in candidates):
            hint = "Strong match: is this the same person? F4, Enter to open it."
        else:
            hint = "F4, then Enter on one to open it instead."
        self.query_one("#duplicates-hint", Static).update(f"{note}\n{hint}" if note else hint)

    def focus_list(self) -> bool:
        """Put the focus on the list, on its first candidate; False when it is empty."""
        options = self.query_one("#duplicates", OptionList)
        if not options.option_count:
            return False
        options.highlighted = options.highlighted or 0
        self.screen.set_focus(options)
        return True


def _line(candidate: DuplicateCandidate) -> Text:
    """A candidate in three lines: the name (one found by its one name alone marked so, as
    on the lookup); reference, postcode and phone hint; why. A restricted record withheld
    from the handler: that it is, and whom to contact."""
    match = candidate.match
    if match is None:
        line = Text("Restricted record", style="bold")
        line.append("\nContact the DPO\n")
        line.append_text(printable_text(f"STRONG: {', '.join(candidate.reasons)}", "bold red"))
        return line
    where = format_reference(match.reference)
    if match.masked_postcode:
        where += f"  {match.masked_postcode}"
    if match.phone_hint:
        where += f"  ...{match.phone_hint}"
    why = ", ".join(candidate.reasons)
    if candidate.locked:
        why = f"LOCKED (possible fraud); {why}"
    line = printable_text(match.display_name, "bold")
    if match.by_one_name:  # as the lookup marks it: a given name typed that it lacks
        line.append(f" {NO_GIVEN_NAME}", style="italic")
    line.append("\n")
    line.append_text(printable_text(where))
    line.append("\n")
    line.append_text(
        printable_text(
            f"{'STRONG: ' if candidate.strong else ''}{why}",
            "bold red" if candidate.strong else "",
        )
    )
    return line
