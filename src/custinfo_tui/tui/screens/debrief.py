"""A training run's debrief (docs/training.md, "The debrief and the training screen"): the
run, its scorecard, its timeline with each step's marks, and the trainer's notes.

`1 Scorecard` lists each marking point the scenario practises with its verdict; under it,
the highlighted point whole: what the verdict rests on, what should have happened, its
evidence and the trainer's note. `2 Timeline` lists every step of the run, oldest first,
with the points it counts towards (+) or against (-). A trainer writes or edits the note on
the highlighted point with F2; anyone else reads the notes. What the operator may do comes
from `services.capabilities.training_capabilities`. What the panes under the lists say is
`debrief_lines.py`'s; the note is written on `debrief_note.py`'s dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.runs import TrainingNote, TrainingRunDetail
from custinfo_tui.domain.training.scorecard import MarkResult, TimelineStep, Verdict
from custinfo_tui.domain.training.timeline import mark_words, step_line
from custinfo_tui.services.capabilities import training_capabilities
from custinfo_tui.tui.labelled_lines import lines_and_rows
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.debrief_lines import point_detail, run_lines, step_detail
from custinfo_tui.tui.screens.debrief_note import NoteScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.paged_scroll import (
    PAGE_ACTIONS,
    KeysNamed,
    PagedScroll,
    page_key_bindings,
)
from custinfo_tui.tui.widgets.sized_rows import Row, fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

_VERDICT_STYLE = {Verdict.MET: "green", Verdict.NOT_MET: "red", Verdict.NOT_APPLICABLE: ""}
_VERDICT_WORDS = {Verdict.MET: "met", Verdict.NOT_MET: "not met", Verdict.NOT_APPLICABLE: "n/a"}
_STEP_COLUMNS = ("Time", "Marks", "Step")
_POINT_COLUMNS = ("Point", "Verdict", "Note", "Marking point")
#: Cut with an ellipsis where the screen ends (the panel under each table has the
#: highlighted row whole): at 80 columns a marking point's title ran off the screen
#: mid-word ("Verify the caller's identity and any representative's").
_POINT_GIVES_WAY = ("Marking point",)
#: A step's marks give way before its words, keeping two marks ("MP-08 - MP-12 +"): a
#: step marked for seven points took 48 columns ("MP-01 + MP-02 + ...") and cut every
#: step's words to 18 ("Read back and conf…"). The line under the timeline lists the
#: highlighted step's marks whole.
_STEP_GIVES_WAY = ("Marks", "Step")
_STEP_KEEPS = {"Marks": len("MP-08 - MP-12 +")}


def _detail_scroll() -> PagedScroll:
    """A pane under a list: the detail changes with each row highlighted, and a key coming
    and going with it would make the footer jump as the trainer moves down the list, so
    Shift+Down (More) is named always. Shift+Up (Less) is named once the detail has been
    read on: each row's detail starts at its top, where Less did nothing, yet the footer
    named it. A line of each page stays on screen after a page."""
    return PagedScroll(classes="debrief-detail", named=KeysNamed.READ_ON_ALWAYS, overlap=1)


class DebriefScreen(Page[None]):
    """The load worker posts `Loaded`; saving a note reloads the run."""

    class Loaded(Message):
        """The run with its scorecard and notes, or why it could not be loaded."""

        def __init__(self, detail: TrainingRunDetail | None, error: str | None) -> None:
            super().__init__()
            self.detail = detail
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the training runs", id="back"),
        Binding("1", "show_tab('scorecard')", "Scorecard", tooltip="Each marking point"),
        Binding("2", "show_tab('timeline')", "Timeline", tooltip="Every step of the run"),
        Binding(
            "f2",
            "note",
            "Note",
            tooltip="Write or edit your note on the highlighted marking point (on the "
            "timeline: the highlighted step's)",
            id="note",
        ),
        # The pane under the list holds 7 lines at 80x24, and a point's evidence runs past
        # them; the keys stay with the list, so the pane is scrolled from here. Not PgDn
        # and PgUp as the other panes (widgets/paged_scroll.py): those page the list.
        *page_key_bindings(
            tooltips=(
                "Scroll the highlighted row's detail, under the list, down",
                "Scroll the highlighted row's detail, under the list, back up",
            ),
            ids=("detail-down", "detail-up"),
            keys=("shift+down", "shift+up"),
            key_display=("⇧↓", "⇧↑"),
            names=("More", "Less"),
        ),
    ]

    def __init__(self, actor: Actor, run_id: int) -> None:
        super().__init__()
        self.actor = actor
        self.run_id = run_id
        #: What the operator may do here, as the services decide it.
        self.capabilities = training_capabilities(actor)
        self.detail: TrainingRunDetail | None = None

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    @property
    def results(self) -> tuple[MarkResult, ...]:
        card = self.detail.scorecard if self.detail else None
        return card.results if card else ()

    @property
    def steps(self) -> tuple[TimelineStep, ...]:
        card = self.detail.scorecard if self.detail else None
        return card.timeline if card else ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="debrief-run")
        with TabbedContent(initial="scorecard", id="debrief-tabs"):
            with TabPane("1 Scorecard", id="scorecard"):
                yield DataTable(id="scorecard-table", cursor_type="row", zebra_stripes=True)
                with _detail_scroll():
                    yield Static(id="point-detail")
            with TabPane("2 Timeline", id="timeline"):
                yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
                with _detail_scroll():
                    yield Static(id="step-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        points = self.query_one("#scorecard-table", DataTable)
        points.add_columns(*_POINT_COLUMNS)
        self.query_one("#timeline-table", DataTable).add_columns(*_STEP_COLUMNS)
        points.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "note":
            return self.capabilities.write_notes and bool(self.results)
        if action in PAGE_ACTIONS:
            try:
                return self._detail_pane.key_shown(action)
            except NoMatches:  # not composed yet
                return True
        return True

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table", DataTable).focus()

    @property
    def _detail_pane(self) -> PagedScroll:
        """The active tab's detail, under its list."""
        tab = self.query_one(TabbedContent).active
        return self.query_one(f"#{tab} .debrief-detail", PagedScroll)

    def action_read_on(self) -> None:
        self._detail_pane.read_on()

    def action_read_back(self) -> None:
        self._detail_pane.read_back()

    @work(thread=True, exclusive=True, group="debrief", exit_on_error=False)
    def reload(self) -> None:
        """Load the run, its scorecard, timeline and notes again from the service."""
        result = attempt(
            "open the debrief", self.custinfo.services().training_run, self.actor, self.run_id
        )
        self.post_message(self.Loaded(result.value, result.error))

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        self.detail = loaded.detail
        if loaded.detail is None:
            self.query_one("#debrief-run", Static).update(Text(loaded.error or ""))
            return
        self.query_one("#debrief-run", Static).update(lines_and_rows(run_lines(loaded.detail)))
        self._show_points()
        self._show_steps()
        self.refresh_bindings()

    def _notes(self) -> dict[str, TrainingNote]:
        notes = self.detail.notes if self.detail else ()
        return {note.marking_point: note for note in notes}

    def _show_points(self) -> None:
        notes = self._notes()
        rows: list[Row] = [
            (
                result.marking_point,
                (
                    Text(result.marking_point),
                    Text(
                        "not reached" if result.not_reached else _VERDICT_WORDS[result.verdict],
                        style=_VERDICT_STYLE[result.verdict],
                    ),
                    Text("yes" if result.marking_point in notes else ""),
                    printable_text(result.title),
                ),
            )
            for result in self.results
        ]
        table = self.query_one("#scorecard-table", DataTable)
        fill_sized(table, _POINT_COLUMNS, rows, keep_place=True, gives_way=_POINT_GIVES_WAY)
        self._point_detail()

    def _show_steps(self) -> None:
        rows: list[Row] = []
        for step in self.steps:
            cells = (
                Text(f"{step.at:%H:%M:%S}"),
                Text(" ".join(mark_words(mark) for mark in step.marks)),
                printable_text(step_line(step)),
            )
            rows.append((str(step.event_id), cells))
        table = self.query_one("#timeline-table", DataTable)
        fill_sized(table, _STEP_COLUMNS, rows, gives_way=_STEP_GIVES_WAY, keeps=_STEP_KEEPS)
        self._step_detail()

    @on(DataTable.RowHighlighted, "#scorecard-table")
    def _point_detail(self) -> None:
        row = self.query_one("#scorecard-table", DataTable).cursor_row
        detail = self.query_one("#point-detail", Static)
        if not 0 <= row < len(self.results):
            detail.update(Text(self._why_no_points()))
            return
        result = self.results[row]
        words = {step.event_id: step_line(step) for step in self.steps}  # as the timeline
        note = self._notes().get(result.marking_point)
        detail.update(lines_and_rows(point_detail(result, note, words)))
        self.query_one("#scorecard .debrief-detail").scroll_home(animate=False)

    def _why_no_points(self) -> str:
        card = self.detail.scorecard if self.detail else None
        if card is not None and not card.played:
            return (
                f"Not played: {card.not_played}. No marking point is scored, and the run "
                "counts in no score."
            )
        return "No marking points: the run was not scored."

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _step_detail(self) -> None:
        row = self.query_one("#timeline-table", DataTable).cursor_row
        detail = self.query_one("#step-detail", Static)
        if not 0 <= row < len(self.steps):
            detail.update("No steps recorded for this run.")
            return
        detail.update(lines_and_rows(step_detail(self.steps[row])))
        self.query_one("#timeline .debrief-detail").scroll_home(animate=False)

    def action_note(self) -> None:
        if not self.capabilities.write_notes:
            return
        if self.query_one(TabbedContent).active == "timeline" and not self._point_of_step():
            return
        row = self.query_one("#scorecard-table", DataTable).cursor_row
        if not 0 <= row < len(self.results):
            return
        self.action_show_tab("scorecard")
        result = self.results[row]
        note = self._notes().get(result.marking_point)

        def written(text: str | None) -> None:
            if text is not None:
                self._save_note(result.marking_point, text)

        self.app.push_screen(NoteScreen(result, note.text if note else ""), written)

    def _point_of_step(self) -> bool:
        """On the timeline, F2 is for the highlighted step's first marking point: highlight
        that point on the scorecard (it had edited whichever point the hidden scorecard had
        highlighted). False, said why, when the step marks no point."""
        row = self.query_one("#timeline-table", DataTable).cursor_row
        marks = self.steps[row].marks if 0 <= row < len(self.steps) else ()
        points = [result.marking_point for result in self.results]
        point = next((m.marking_point for m in marks if m.marking_point in points), None)
        if point is None:
            self.notify(
                "This step marks no point: notes are on marking points (1 Scorecard).",
                markup=False,
            )
            return False
        self.query_one("#scorecard-table", DataTable).move_cursor(row=points.index(point))
        return True

    @work(thread=True, exclusive=True, group="debrief-note", exit_on_error=False)
    def _save_note(self, marking_point: str, text: str) -> None:
        services = self.custinfo.services()
        result = attempt(
            "save the note",
            services.save_training_note,
            self.actor,
            self.run_id,
            marking_point,
            text,
        )
        tell_handler(self, result, done=f"Note on {marking_point} kept.")
        if result.ok:
            self.reload()
