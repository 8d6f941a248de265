"""A customer's consents: purpose, answer, lawful basis and when, withdrawn ones included."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from custinfo_tui.domain.consent import ConsentEntry, LawfulBasis, SpecialCategoryCondition
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.labelled_lines import labelled_text
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.widgets.record_table import RecordTable
from custinfo_tui.tui.widgets.sized_rows import Row


def _answer(entry: ConsentEntry) -> str:
    if entry.withdrawn_at is not None:
        return "withdrawn"
    return "yes" if entry.granted else "no"


def _basis_label(basis: str) -> str:
    for kind in (LawfulBasis, SpecialCategoryCondition):
        try:
            return kind(basis).label
        except ValueError:
            continue
    return basis


class ConsentsTable(RecordTable):
    """Who recorded a consent and the wording's version are in the line under the table
    (`detail`), so every column and its heading fit at 80 columns."""

    COLUMNS = ("Purpose", "Answer", "Basis", "Recorded")
    GIVES_WAY = ("Basis", "Purpose")  # never the answer

    _consents: tuple[ConsentEntry, ...] = ()

    def show(self, record: CustomerRecord, *, withheld: str | None = None) -> None:
        """The record's consents; none while `withheld` says why (in a call, a caller not
        yet verified to hear contact details, or with no authority on file)."""
        self._consents = () if withheld is not None else record.consents
        if withheld is not None:
            self.withhold(withheld)
            return
        rows: list[Row] = [
            (
                None,
                (
                    printable_text(entry.description),
                    Text(_answer(entry)),
                    printable_text(_basis_label(entry.basis)),
                    Text(f"{entry.recorded_at:%d %b %Y}"),
                ),
            )
            for entry in record.consents
        ]
        self.fill(rows, empty="No consent recorded")

    def detail(self) -> RenderableType:
        """The highlighted consent whole beside its purpose, wrapping under itself."""
        row = self.cursor_row
        if not 0 <= row < len(self._consents):
            return super().detail()
        entry = self._consents[row]
        withdrawn = (
            f"; withdrawn {entry.withdrawn_at:%d %b %Y %H:%M} by {entry.withdrawn_by}"
            if entry.withdrawn_at is not None
            else ""
        )
        return labelled_text(
            f"{entry.description}:",
            f"{_answer(entry)}; {_basis_label(entry.basis)}; "
            f"recorded {entry.recorded_at:%d %b %Y %H:%M} by {entry.recorded_by}; "
            f"wording {entry.wording_version}{withdrawn}",
        )
