"""Problems shown at their fields on a form screen: the box's bottom border says what is
wrong and turns red; nothing typed is changed. A border shows what fits of a long message,
so the form's message line says the problem of whichever box has the focus
(`problem_of`), the first one when the save is refused and each as the handler moves on,
then every other box's still marked (`problems_said`, `SaysProblemAtFocus.say_problems`).
A desk form says each problem on its line only, its boxes' borders turning red with no
words (`at_border=False`), so a sentence is never read twice, once cut off."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Select

from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.keys_in_order import TypedInput


def show_problem(
    screen: Widget, widget_id: str, message: str | None, *, at_border: bool = True
) -> None:
    """Say `message` at the box `widget_id` (None: clear what it said); with `at_border`
    False the box is only marked, its border red, for a form saying it on its line.

    A Select's border is on its visible box; a text box, of one line or several, that took
    a card number or hidden characters out says so again once it has no other problem."""
    widget: Widget = screen.query_one(f"#{widget_id}")
    if isinstance(widget, Select):
        widget = widget.query_one("SelectCurrent")
    if isinstance(widget, FreeTextArea | TypedInput) and message is None:
        widget.set_class(False, "-problem")
        widget.show_state()
        return
    widget.border_subtitle = Text(message) if message and at_border else None
    widget.set_class(message is not None, "-problem")


def show_problems(
    screen: Widget,
    field_widgets: Mapping[str, str],
    problems: Mapping[str, str],
    *,
    at_border: bool = True,
) -> str | None:
    """Show each field's problem at its box (`at_border` as for `show_problem`), clearing
    the others, and focus the first box with one, in the form's order. Returns the first
    problem's message (None: none)."""
    for key, widget_id in field_widgets.items():
        show_problem(screen, widget_id, problems.get(key), at_border=at_border)
    first = next((key for key in field_widgets if key in problems), None)
    if first is None:
        return None
    screen.query_one(f"#{field_widgets[first]}").focus()
    return problems[first]


def problem_of(widget: Widget) -> str | None:
    """The problem said at `widget` (a box, or a drop-down's visible box), if any."""
    if isinstance(widget, Select):
        widget = widget.query_one("SelectCurrent")
    if not widget.has_class("-problem") or widget.border_subtitle is None:
        return None
    return str(widget.border_subtitle)


def problems_said(
    screen: Widget,
    labels: Mapping[str, str],
    box_id: str,
    problem: Callable[[Widget], str | None] = problem_of,
) -> str:
    """The problem said at the box `box_id` whole, then each other box's still marked, by
    its label (`labels`: box id -> label, in the form's order): "That date does not exist.
    Also to correct: Right: Type the right ...". A border shows what fits of its problem,
    and a box below the fold at 80x24 shows its border to no one, so the form's line says
    every problem at once. `problem`: what a box's problem is, for a form that keeps them
    off the borders."""
    said = problem(screen.query_one(f"#{box_id}")) or ""
    others = [
        _by_label(label, other)
        for other_id, label in labels.items()
        if other_id != box_id and (other := problem(screen.query_one(f"#{other_id}"))) is not None
    ]
    if not others:
        return said
    return f"{said} Also to correct: {'; '.join(others)}.".lstrip()


def _by_label(label: str, problem: str) -> str:
    """One other box's problem on the message line, by its label, unless the problem names
    the box already: an empty box's "Fill in: File to write." had read "File to write:
    Fill in: File to write"."""
    said = problem.rstrip(".")
    return said if label in said else f"{label}: {said}"


class SaysProblemAtFocus:
    """For a form screen: as a box takes the focus, the message line says its problem whole
    ("Not saved: Give roughly how many people, as a number."), then, for a screen that
    names its boxes in `problem_labels`, every other box's still marked (`problems_said`).
    The screen sets `problem_prefix` and has `_say(message, *, error)`."""

    #: What the message line says before the problem.
    problem_prefix = "Not saved"
    #: Box id -> its label, in the form's order: the other boxes whose problems are said.
    problem_labels: ClassVar[Mapping[str, str]] = {}

    if TYPE_CHECKING:

        def _say(self, message: str, *, error: bool = False) -> None: ...

    def problems_line(self, box_id: str) -> str:
        """What the message line says with the focus on the box `box_id`."""
        assert isinstance(self, Widget)
        return f"{self.problem_prefix}: {problems_said(self, self.problem_labels, box_id)}"

    def problem_put_right(self, box_ids: Iterable[str], otherwise: str) -> None:
        """A problem put right: the message line names the problem of the first box still
        marked (of `box_ids`, in the form's order), or says `otherwise` once none is."""
        assert isinstance(self, Widget)
        marked = (problem_of(self.query_one(f"#{box_id}")) for box_id in box_ids)
        problem = next((problem for problem in marked if problem is not None), None)
        if problem is None:
            self._say(otherwise)
        else:
            self._say(f"{self.problem_prefix}: {problem}", error=True)

    def say_problems(self, field_widgets: Mapping[str, str], problems: Mapping[str, str]) -> None:
        """Show each field's problem at its box (`show_problems`), focus the first, and say
        them all on the message line, the first whole (`problems_line`)."""
        assert isinstance(self, Widget)
        show_problems(self, field_widgets, problems)
        first = next((box for key, box in field_widgets.items() if key in problems), None)
        if first is not None:
            self._say(self.problems_line(first), error=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if problem_of(event.widget) is not None and event.widget.id is not None:
            self._say(self.problems_line(event.widget.id), error=True)
