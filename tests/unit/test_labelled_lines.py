"""A label and a value that wraps, as the read-only panes lay them out
(tui/labelled_lines.py): the value goes on under itself, never at the pane's left edge, and
stored text in either is shown inert."""

from __future__ import annotations

from rich.console import Console, RenderableType

from custinfo_tui.tui.labelled_lines import Labelled, labelled_rows, labelled_text, lines_and_rows


def _shown(renderable: RenderableType, width: int = 40) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return [line.rstrip() for line in captured.get().splitlines()]


def test_a_value_too_long_for_its_line_goes_on_under_itself() -> None:
    shown = _shown(labelled_text("Asked for:", "the account holder's address and phone number"))
    assert shown == [
        "Asked for: the account holder's address",
        "           and phone number",
    ]


def test_labels_of_a_run_share_one_column_and_markup_stays_text() -> None:
    shown = _shown(labelled_rows([Labelled("Apology:", "[bold]Sorry"), Labelled("Solution:", "-")]))
    assert shown == ["Apology:  [bold]Sorry", "Solution: -"]


def test_plain_lines_stay_paragraphs_and_each_run_of_labels_its_own_column() -> None:
    shown = _shown(
        lines_and_rows(
            [
                "MP-12 met.",
                Labelled("  10:30:00", "Record opened"),
                "Trainer's note:",
                Labelled("Who:", "trainer"),
            ]
        )
    )
    assert shown == ["MP-12 met.", "  10:30:00 Record opened", "Trainer's note:", "Who: trainer"]
