"""The erasure desk's lines in words (docs/data-protection.md, "Erasure and retention"):
what falls due soon, how many values a record holds and where, and what holds the record
or is to be weighed before erasing it. References, kinds, reasons and counts only."""

from __future__ import annotations

from datetime import date

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.erasure import PLACE_WORDS, ErasureDone, ErasurePreview
from custinfo_tui.domain.data_protection.retention import DueSoon
from custinfo_tui.domain.text import counted
from custinfo_tui.tui.printable_text import printable_text

#: How far ahead the desk looks for data falling due.
DUE_WITHIN_DAYS = 30
#: What falls due, by category, as (one, more): whole records are anonymised for personal
#: data; for the others, only that data in each record ("1 record of enquiry data").
_CATEGORY_WORDS = {
    "personal": ("whole record", "whole records"),
    "enquiry": ("record of enquiry data", "records of enquiry data"),
    "special_category": ("record of special-category data", "records of special-category data"),
}


def erased_line(done: ErasureDone, *, told: bool = True) -> str:
    """What an erasure did: "1001 2345 P erased: 20 values replaced.", the third-party
    requests it closed, and whom to tell of it (Art. 19), unless `told` is False (the
    desk shows that line apart, in bold)."""
    erased = f"{done.reference} erased: {counted(done.total, 'value')} replaced."
    tell = done.recipients_line if told else ""
    return " ".join(part for part in (erased, done.closed_line, tell) if part)


def due_line(due: list[DueSoon]) -> str:
    """ "Due in the next 30 days: 2 whole records (first 3 Dec 2026), 1 record of enquiry
    data, ...", only the categories with records due; "nothing" when none has, and then
    when records would come due."""
    parts = []
    for line in due:
        if not line.records:
            continue
        value = line.category.value
        one, more = _CATEGORY_WORDS.get(
            value, (f"record of {value} data", f"records of {value} data")
        )
        first = f" (first {line.first_due:%d %b %Y})" if line.first_due else ""
        if line.first_due is not None and line.first_due < date.today():
            first = f" (first {line.first_due:%d %b %Y}: overdue)"
        parts.append(f"{counted(line.records, one, more)}{first}")
    said = f"Due in the next {DUE_WITHIN_DAYS} days: " + (", ".join(parts) or "nothing") + "."
    return said if parts else said + _what_comes_due(due)


def _what_comes_due(due: list[DueSoon]) -> str:
    """ " Records come due 6 years after last contact.": with nothing due, what would be
    (the whole record's period from the policy; its parts go sooner, docs/data-protection.md),
    so an empty list reads as a young database, not as a broken count."""
    years = next((line.years for line in due if line.category is DataCategory.PERSONAL), None)
    if years is None:  # the whole record's period not given: nothing is guessed
        return ""
    return f" Records come due {counted(years, 'year')} after last contact."


def holding_line(preview: ErasurePreview) -> str:
    """ "Values to erase: 7 in the record's fields, 2 in call notes, ...": how many values,
    and where they are held."""
    held = ", ".join(
        f"{count} in {PLACE_WORDS.get(table, table)}" for table, count in preview.holding.items()
    )
    merged = (
        f" With {counted(preview.merged_records, 'merged record')}."
        if preview.merged_records
        else ""
    )
    return f"Values to erase: {held or 'none'}.{merged}"


def preview_lines(preview: ErasurePreview) -> list[RenderableType]:
    """What holds the record, calls not ended and what to weigh, a line each: a hold's
    line wraps under its own words, indented, not back at the margin."""
    lines: list[RenderableType] = []
    if preview.holds:
        lines.append(Text("Held, so it cannot be erased:", style="bold"))
        lines += [Padding(printable_text(hold.with_ground), (0, 0, 0, 2)) for hold in preview.holds]
    elif not preview.open_calls:
        lines.append(Text("No legal hold: it can be erased."))
    for call in preview.open_calls:  # a console closed mid-call leaves one open
        lines.append(printable_text(f"Not now: a call is not ended: {call}", "bold"))
    for caution in preview.cautions:  # not blocking, but to weigh first
        lines.append(printable_text(f"Note: {caution}", "bold"))
    return lines
