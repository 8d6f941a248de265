"""Watching a running role-play from another terminal (docs/training.md, "Watching a run").

`custinfo train watch RUN` opens this app beside the trainee's console. The run's sandbox
belongs to that other process, so a short interval timer asks a few times a second for the
events after the last one seen (`poll`, built on `services.cohort.run_so_far`); when there
are new ones the steps so far are shown in words, oldest first, with the marking points
scored on the events so far, met or not met as they go. When the run has ended the poll
says so (`RunEnded`): the status line says how it ended and, on a line of its own, the
command that shows its report, and the timer stops, the last steps left in view. It reads
and changes nothing else. Events hold no personal values, so neither does anything shown.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.training.scorecard import MarkResult, TimelineStep, Verdict
from custinfo_tui.domain.training.timeline import mark_words, step_line
from custinfo_tui.domain.training.watch import RunEnded, RunSoFar
from custinfo_tui.tui.labelled_lines import Labelled, lines_and_rows
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.stop_signals import close_on_stop_signals
from custinfo_tui.tui.widgets.footer import Footer

#: How often the sandbox is asked for new events.
POLL_SECONDS = 0.3

#: Given the last event id seen, the run so far, or None when nothing is new, or that the
#: run has ended.
Poll = Callable[[int], RunSoFar | RunEnded | None]

_VERDICT = {Verdict.MET: ("met", "green"), Verdict.NOT_MET: ("not met", "red")}


class RunWatcher(App[None]):
    """Keyboard: Up/Down and Page Up/Page Down move through the steps, Tab moves to the
    marking points, Ctrl+Q (or plain Q) quits. The line under the tables gives the
    highlighted row of the table with the focus whole: a step, or a marking point."""

    TITLE = "custinfo watch"
    CSS = """
    #watch-status { height: auto; padding: 0 1; background: $boost; }
    #watch-marks { height: auto; max-height: 9; }
    #watch-steps { height: 1fr; }
    #watch-detail { height: auto; min-height: 1; max-height: 5; padding: 0 1; }
    """
    BINDINGS = [
        Binding("q,ctrl+q", "quit", "Quit", tooltip="Stop watching", id="quit"),
    ]

    def __init__(self, heading: str, poll: Poll, *, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.sub_title = heading
        self.poll_sandbox = poll
        self.poll_seconds = poll_seconds
        self.last_event_id = 0
        self.failed = False
        #: How the run ended, once it has: then nothing more is asked.
        self.ended: RunEnded | None = None
        #: The steps shown, oldest first.
        self.steps: list[TimelineStep] = []
        #: The marking points shown, in the scenario's order.
        self.results: list[MarkResult] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Waiting for the trainee's first step..."), id="watch-status")
        yield DataTable(id="watch-marks", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="watch-steps", cursor_type="row", zebra_stripes=True)
        yield Static(id="watch-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        close_on_stop_signals(self)  # SIGTERM, or its terminal gone, closes it
        marks = self.query_one("#watch-marks", DataTable)
        marks.add_column("Point", width=6)
        marks.add_column("So far", width=8)
        marks.add_column("Title", width=58)
        steps = self.query_one("#watch-steps", DataTable)
        steps.add_column("Time", width=8)
        steps.add_column("Step", width=50)
        steps.add_column("Marks", width=14)
        steps.focus()
        self.timer = self.set_interval(self.poll_seconds, self.poll, name="sandbox-events")
        self.poll()

    def poll(self) -> None:
        """Show the run again when the sandbox holds events newer than the last seen."""
        try:
            seen = self.poll_sandbox(self.last_event_id)
        except Exception:  # another process's database: say so, keep trying
            if not self.failed:
                self.failed = True
                self.query_one("#watch-status", Static).update(
                    Text("Cannot read the run's sandbox just now; trying again.")
                )
            return
        self.failed = False
        if isinstance(seen, RunEnded):
            self.end(seen)
        elif seen is not None:
            self.show(seen)

    def end(self, ended: RunEnded) -> None:
        """The run has ended: say how, and stop asking (nothing more will be logged). The
        steps and marks stay as they were last shown."""
        self.ended = ended
        self.timer.stop()
        said = printable_text(ended.words)
        if ended.to_run:  # the command on a line of its own, as the terminal prints it
            said.append("\n  ").append_text(printable_text(ended.to_run))
        self.query_one("#watch-status", Static).update(said)

    @on(DataTable.RowHighlighted)
    @on(events.DescendantFocus)
    def _show_detail(self) -> None:
        """The highlighted row of the table with the focus whole, under the tables: at 80
        columns a step's words and marks, and a marking point's title, are cut."""
        marks = self.query_one("#watch-marks", DataTable)
        lines: list[str | Labelled]
        if marks.has_focus:
            lines = list(self._point_detail(marks.cursor_row))
        else:
            lines = self._step_detail(self.query_one("#watch-steps", DataTable).cursor_row)
        self.query_one("#watch-detail", Static).update(lines_and_rows(lines))

    def _step_detail(self, row: int) -> list[str | Labelled]:
        """A step under its time, its words and marks ("Phone call ended: Change of details,
        resolved ... · MP-18 +"): a long step wraps under its words, as the debrief's does,
        not under the time, where its second line read as a line of its own."""
        if not 0 <= row < len(self.steps):
            return []
        step = self.steps[row]
        marks = ", ".join(mark_words(mark) for mark in step.marks) or "no point"
        return [Labelled(f"{step.at:%H:%M:%S}", f"{step_line(step)} · {marks}")]

    def _point_detail(self, row: int) -> list[str]:
        """A marking point as the debrief gives it, in short: its title whole and verdict so
        far; the steps of its evidence, counted, with the last against it (else the last);
        or, with none, what the verdict rests on; and what should have happened."""
        if not 0 <= row < len(self.results):
            return []
        result = self.results[row]
        words, _ = _VERDICT.get(result.verdict, ("n/a", "dim"))
        lines = [f"{result.marking_point} {result.title}: {words} so far."]
        if result.evidence:
            lines.append(self._evidence_summary(result))
        elif result.note:
            lines[0] += f" {result.note}"
        if result.advice:
            lines.append(result.advice)
        return lines

    def _evidence_summary(self, result: MarkResult) -> str:
        """The point's evidence counted, naming its last step against it (else its last), in
        the timeline's words: "Evidence so far: 2 steps towards, 1 against; the last
        against: 10:31:05 Check passed: Date of birth"."""
        against = [step for step in result.evidence if step.against]
        towards = len(result.evidence) - len(against)
        named = against[-1] if against else result.evidence[-1]
        shown = {step.event_id: step for step in self.steps}
        done = step_line(shown[named.event_id]) if named.event_id in shown else named.action
        which = "the last against" if against else "the last"
        steps = "step" if towards == 1 else "steps"
        return (
            f"Evidence so far: {towards} {steps} towards, {len(against)} against; "
            f"{which}: {named.at:%H:%M:%S} {done}"
        )

    def show(self, seen: RunSoFar) -> None:
        self.last_event_id = seen.last_event_id
        marks = self.query_one("#watch-marks", DataTable)
        highlighted = marks.cursor_row  # kept: the trainer may be reading a point
        marks.clear()
        self.results = list(seen.results)
        for result in seen.results:
            words, style = _VERDICT.get(result.verdict, ("n/a", "dim"))
            title = printable_text(result.title)
            title.no_wrap, title.overflow = True, "ellipsis"  # whole in the line under
            marks.add_row(
                Text(result.marking_point),
                Text(words, style=style),
                title,
                key=result.marking_point,
            )
        if 0 < highlighted < marks.row_count:
            marks.move_cursor(row=highlighted)
        steps = self.query_one("#watch-steps", DataTable)
        steps.clear()
        self.steps = list(seen.steps)
        for step in seen.steps:
            steps.add_row(
                Text(f"{step.at:%H:%M:%S}"),
                printable_text(step_line(step)),
                Text(", ".join(mark_words(mark) for mark in step.marks)),
                key=str(step.event_id),
            )
        met = sum(r.verdict is Verdict.MET for r in seen.results)
        missed = sum(r.verdict is Verdict.NOT_MET for r in seen.results)
        count = len(seen.steps)
        so_far = (
            # As the run's end would say it: no point scored yet, where "0 met, 4 not met"
            # was said of a run its end then called not played.
            f"Not played so far: {seen.not_played}. Ended now, nothing would be scored."
            if seen.not_played
            else f"On the events so far: {met} met, {missed} not met (+ towards, - against)."
        )
        self.query_one("#watch-status", Static).update(
            Text(f"{count} step{'s' if count != 1 else ''} so far, newest last. {so_far}")
        )
        self._to_newest()
        self._show_detail()

    def _to_newest(self) -> None:
        steps = self.query_one("#watch-steps", DataTable)
        if steps.row_count:
            steps.move_cursor(row=steps.row_count - 1)


def run_watcher(heading: str, poll: Poll) -> int:
    """Run the watcher until the trainer quits (`custinfo train watch RUN`); its exit
    status (143 when SIGTERM closed it, tui/stop_signals.py)."""
    app = RunWatcher(heading, poll)
    app.run()
    return app.return_code or 0
