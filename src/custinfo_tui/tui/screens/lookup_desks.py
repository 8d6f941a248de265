"""The desks reached from the lookup screen by a key: the DPO desk, the operators,
training, the queue, the audit trail, the operator's own evidence and discrepancy
reports, and reporting a detail of the highlighted customer as wrong. Each opens a screen
of its own; which keys an operator sees is the lookup's key table (screens/lookup_keys.py).

`LookupScreen` (screens/lookup.py) is built on `DeskShortcuts`, a screen class of its own
so that its actions are the lookup's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable, Static

from custinfo_tui.domain.same_person import MergeAsked, asked_words
from custinfo_tui.tui.screens.audit import AuditScreen
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.discrepancy import MyReportsScreen, field_choice, report_discrepancy
from custinfo_tui.tui.screens.merge_start import MergeDraft, merge_listed
from custinfo_tui.tui.screens.same_person import FIND_BOTH_FIRST, Listed, ask_to_merge

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor


class DeskShortcuts(Page[None]):
    """The lookup's keys to the other desks; the lookup gives it `actor` and `#results`."""

    #: What a supervisor typed for merging two records listed, by the pair (kept, merged),
    #: when the merge was refused once typed: Ctrl+E on the pair again starts from it.
    _merge_drafts: dict[tuple[int, int], MergeDraft]

    if TYPE_CHECKING:
        actor: Actor

        def ready_for_the_next_caller(self) -> None: ...

        def search_again(self) -> None: ...

    def action_dpo_desk(self) -> None:
        from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen

        self.app.push_screen(DpoDeskScreen(self.actor))

    def action_operators(self) -> None:
        from custinfo_tui.tui.screens.operators import OperatorsScreen

        self.app.push_screen(OperatorsScreen(self.actor))

    def action_training(self) -> None:
        from custinfo_tui.tui.screens.training import TrainingScreen

        self.app.push_screen(TrainingScreen(self.actor))

    def action_training_unlisted(self) -> None:
        self.action_training()

    def action_my_evidence(self) -> None:
        from custinfo_tui.tui.screens.evidence_export import export_my_evidence

        export_my_evidence(self, self.actor)

    def action_my_reports(self) -> None:
        self.app.push_screen(MyReportsScreen(self.actor))

    def action_report_discrepancy(self) -> None:
        """Report a detail of the highlighted customer as wrong: which field, then what
        and why (screens/discrepancy.py). Nothing is opened or disclosed."""
        table = self.query_one("#results", DataTable)
        if not table.row_count:
            self.notify("Find the customer first, then Ctrl+D on their row.", markup=False)
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if row_key.value is None:
            return
        customer_id = int(row_key.value)
        reference = str(table.get_row(row_key)[0])

        def field_chosen(field: str | None) -> None:
            if field is not None:  # once sent, the enquiry is over; cancelled, it goes on
                report_discrepancy(
                    self,
                    self.actor,
                    customer_id,
                    reference,
                    field,
                    then=self.ready_for_the_next_caller,
                    tell=self._say_on_the_status_line,
                )

        self.app.push_screen(field_choice(reference), field_chosen)

    def action_same_person(self) -> None:
        """Ctrl+E on the results: the highlighted customer and another listed are one
        person; ask a supervisor to merge them (screens/same_person.py)."""
        if found := self._listed():
            highlighted, listed = found
            ask_to_merge(self, self.actor, highlighted, listed, sent=self._say_sent)

    def action_merge_listed(self) -> None:
        """A supervisor's Ctrl+E on the results: the highlighted customer and another
        listed are one person; compare the two and merge the other into the highlighted
        one (screens/merge_start.py), as their Ctrl+E on a record does. Merged, the search
        runs again: the record merged is listed no more as a record of its own."""
        if found := self._listed():
            highlighted, listed = found
            drafts = self._merge_drafts
            merge_listed(self, self.actor, highlighted, listed, self.search_again, drafts)

    def _listed(self) -> tuple[Listed, list[Listed]] | None:
        """The highlighted result and every result, as the lookup lists them; None (said
        so) with none listed."""
        table = self.query_one("#results", DataTable)
        if not table.row_count:
            self.notify(FIND_BOTH_FIRST, markup=False)
            return None
        listed = [
            (int(str(row.key.value)), *_as_listed(table.get_row(row.key)))
            for row in table.ordered_rows
        ]
        row = table.cursor_row
        if not 0 <= row < len(listed):
            return None
        return listed[row], listed

    def _say_sent(self, asked: MergeAsked) -> None:
        self._say_on_the_status_line(asked_words(asked))

    def _say_on_the_status_line(self, said: str) -> None:
        """What a report sent from here says, with the words for the caller: on the line over
        the results, where it stays until the next search, not in a notification drawn over
        the results (and read out while it lasted)."""
        self.query_one("#search-status", Static).update(Text(said))

    def action_queue(self) -> None:
        from custinfo_tui.tui.screens.queue import QueueScreen

        self.app.push_screen(QueueScreen(self.actor))

    def action_audit_trail(self) -> None:
        self.app.push_screen(AuditScreen(self.actor))


def _as_listed(cells: list[object]) -> tuple[str, str]:
    """A result row in words, as the lookup lists it: who ("John Smith (1001 2345 P)"), and
    the whole row ("John Smith (1001 2345 P), SE1 2**, ...123": the masked postcode and
    phone too, which tell two John Smiths apart)."""
    reference, name, *rest = (str(cell) for cell in cells)
    who = f"{name} ({reference})"
    return who, ", ".join([who, *(each for each in rest if each.strip())])
