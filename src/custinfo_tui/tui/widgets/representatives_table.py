"""The people authorised to act for a customer: name, relationship, authority, scope."""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.interactions import RepresentativeSummary
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import describe_actions
from custinfo_tui.tui.printable_text import stored_value_text
from custinfo_tui.tui.widgets.record_table import RecordTable


class RepresentativesTable(RecordTable):
    COLUMNS = ("Name", "Relationship", "Authority", "May")
    GIVES_WAY = ("May", "Relationship", "Name")

    _representatives: tuple[RepresentativeSummary, ...] = ()

    def show(self, record: CustomerRecord, *, withheld: str | None = None) -> None:
        """The record's representatives; none while `withheld` says why (in a call, a
        caller not yet verified to hear contact details, or with no authority on file: who
        may act for the customer is not theirs to hear)."""
        self._representatives = () if withheld is not None else record.representatives
        if withheld is not None:
            self.withhold(withheld)
            return
        self.fill(
            [
                (
                    None,
                    (
                        stored_value_text(rep.name),
                        stored_value_text(rep.relationship),
                        Text(rep.authority.label),
                        Text(describe_actions(rep.scope)),
                    ),
                )
                for rep in record.representatives
            ]
        )

    @property
    def highlighted(self) -> RepresentativeSummary | None:
        """The representative under the cursor, if any."""
        row = self.cursor_row
        return self._representatives[row] if 0 <= row < len(self._representatives) else None
