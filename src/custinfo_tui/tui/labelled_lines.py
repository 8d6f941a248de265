"""A label then a value that may run long, as every read-only pane lays it out: the label
in a column of its own, the value beside it, and a value that wraps going on under its own
text (a hanging indent). Wrapped as one paragraph, its second line started at the pane's
left edge, under the label, where it read as a line of its own ("Customer said: ...",
a debrief's evidence under its time, a record's field under the tabs).

Labels and values are stored text as often as not, so both are shown inert
(`printable_text`); a value already made `Text` (a masked field, a marker) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rich.console import Group, RenderableType
from rich.style import StyleType
from rich.table import Table
from rich.text import Text

from custinfo_tui.tui.printable_text import printable_text


class Labelled(NamedTuple):
    """One line of a pane: `label`, kept on one line, then `value`, wrapping under itself."""

    label: str | Text
    value: str | Text


def labelled_rows(
    rows: Iterable[Labelled], *, label_style: StyleType = "", label_width: int | None = None
) -> Table:
    """`rows` one under another, the labels in a column as wide as the widest (or
    `label_width`), each value beside its label and wrapping within its own column. A
    label's own leading spaces indent it (an item under a heading)."""
    table = Table.grid(padding=(0, 0, 0, 1))
    table.add_column(no_wrap=True, style=label_style, width=label_width)
    table.add_column()
    for label, value in rows:
        table.add_row(_inert(label), _inert(value))
    return table


def labelled_text(label: str | Text, value: str | Text) -> Table:
    """One label and its value, the value wrapping under itself ("Address line 1: ...")."""
    return labelled_rows([Labelled(label, value)])


def lines_and_rows(lines: Sequence[str | Labelled]) -> Group:
    """A pane's lines in order: a plain line (a heading, a sentence) as a paragraph of its
    own, and each run of labelled lines one `labelled_rows`, their values in one column. A
    plain line's own line breaks are kept as lines (an empty one is left out)."""
    parts: list[RenderableType] = []
    run: list[Labelled] = []
    for line in lines:
        if isinstance(line, Labelled):
            run.append(line)
            continue
        if run:
            parts.append(labelled_rows(run))
            run = []
        parts.extend(printable_text(part) for part in line.splitlines())
    if run:
        parts.append(labelled_rows(run))
    return Group(*parts)


def _inert(text: str | Text) -> Text:
    return text if isinstance(text, Text) else printable_text(text)
