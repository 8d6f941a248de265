"""The trainer's caller terminal: the persona, the whole script, and what the trainee's
console is asking now (docs/training.md, "The scripted caller").

For live role-play the trainer voices the caller from a second terminal while the trainee
works in the console. The console writes its current cue to the run's cue file
(tui/cue_file.py); this app reads it. The file belongs to another process, so a short
interval timer looks at its modification time a few times a second and redraws when it
changes: the line the caller should say now is highlighted and scrolled into view.
Everything shown comes from the scenario file, as text, never markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.training.caller import (
    CONFIRMS,
    NOT_CHANGING,
    NOT_SURE,
    OBJECTS,
    cue_label,
    scripted_answer,
    who_they_are,
)
from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.tui.cue_file import CueFileContent, read_cue_file
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.stop_signals import close_on_stop_signals
from custinfo_tui.tui.widgets.footer import Footer

#: How often the cue file's modification time is looked at.
POLL_SECONDS = 0.25
#: The key of a script line that answers any cue of its kind the script does not name.
ANY = "*"
#: The key of the script line for a line read back that is not what the caller said.
WRONG = "!"
#: What the caller says to a line read back wrong, in the script: the value again follows.
OBJECTS_THEN_SAY = f"{OBJECTS} (Then say it again, as you answered the question.)"

ScriptKey = tuple[CueKind | str, str]


class ScriptLine(Static):
    """One line of the script; `-now` when it is what the caller should say now."""


class CallerTerminal(App[None]):
    """Keyboard: Up/Down and Page Up/Page Down scroll the script, Ctrl+Q (or plain Q) quits."""

    TITLE = "custinfo caller"
    SUB_TITLE = "the scripted caller, for the trainer"
    CSS = """
    Screen { background: $surface; }
    #now {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $warning;
        color: $background;
        text-style: bold;
    }
    #script { height: 1fr; padding: 0 1; }
    .heading { text-style: bold; color: $accent; margin-top: 1; }
    ScriptLine { padding: 0 0 0 2; }
    ScriptLine.-now { background: $warning 40%; text-style: bold; }
    ScriptLine.-said { color: $text-muted; }
    """
    BINDINGS = [
        Binding("q,ctrl+q", "quit", "Quit", tooltip="Close the caller terminal", id="quit"),
        Binding("n", "show_now", "Now", tooltip="Scroll to the line to say now", id="now"),
    ]

    def __init__(
        self, scenario: Scenario, cue_file: Path, *, poll_seconds: float = POLL_SECONDS
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.cue_file = cue_file
        self.poll_seconds = poll_seconds
        #: The script's lines by what they answer.
        self.lines: dict[ScriptKey, ScriptLine] = {}
        self.volunteered: list[ScriptLine] = []
        self.cue: Cue | None = None
        self._seen_mtime: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="now")
        with VerticalScroll(id="script"):
            yield from self._script()
        yield Footer(compact=True)

    def _script(self) -> ComposeResult:
        scenario, caller = self.scenario, self.scenario.caller
        yield _heading(scenario.title)
        yield Static(printable_text(f"{caller.name}: {who_they_are(caller)}", "bold"))
        yield Static(printable_text(f"Manner: {caller.manner}"))
        yield Static(printable_text(f"Goal: {caller.goal}"))
        yield _heading("Opening line")
        yield self._line((CueKind.OPENING, ""), "", caller.opening)
        if caller.consent:
            yield _heading("When the consent script is read")
            yield self._line((CueKind.CONSENT, ""), "", caller.consent)
        yield _heading("Verification checks")
        for kind, said in caller.checks.items():
            yield self._line((CueKind.CHECK, kind.value), kind.label, said)
        yield self._line((CueKind.CHECK, ANY), "Any other check", NOT_SURE)
        yield _heading("Questions (capture and changes)")
        for key, said in caller.says.items():
            yield self._line((CueKind.FIELD, key), _label(key), said)
        yield self._line((CueKind.FIELD, ANY), "Any other question", NOT_SURE)
        yield self._line((CueKind.CHANGE, ANY), "Any other field of the change form", NOT_CHANGING)
        yield _heading("At read-back")
        for correction in caller.read_back_corrections:
            label = f"{_label(correction.field)} (corrects it when read back wrong)"
            yield self._line((CueKind.READ_BACK, correction.field), label, correction.says)
        yield self._line((CueKind.READ_BACK, WRONG), "A line read back wrong", OBJECTS_THEN_SAY)
        yield self._line((CueKind.READ_BACK, ANY), "Any line read back right", CONFIRMS)
        if caller.also_says:
            yield _heading("Volunteers, in order, as the call moves on")
            for number, said in enumerate(caller.also_says, start=1):
                line = ScriptLine(_said(f"{number}.", said))
                self.volunteered.append(line)
                yield line
        yield _heading("Expected")
        yield Static(printable_text(scenario.expected.outcome))

    def _line(self, key: ScriptKey, label: str, said: str) -> ScriptLine:
        line = self.lines[key] = ScriptLine(_said(f"{label}:" if label else "", said))
        return line

    def on_mount(self) -> None:
        close_on_stop_signals(self)  # SIGTERM, or its terminal gone, closes it
        self.query_one("#script", VerticalScroll).focus()
        self.show(None)
        self.set_interval(self.poll_seconds, self.poll, name="cue-file")
        self.poll()

    def poll(self) -> None:
        """Redraw when the cue file has changed since it was last read."""
        try:
            mtime = self.cue_file.stat().st_mtime_ns
        except OSError:
            return
        if mtime == self._seen_mtime:
            return
        self._seen_mtime = mtime
        content = read_cue_file(self.cue_file)
        if content is not None:
            self.show(content)

    def show(self, content: CueFileContent | None) -> None:
        """Highlight the line that answers the console's cue, and say what it asks."""
        cue = content.cue if content is not None else None
        self.cue = cue
        objects = content is not None and content.objects
        now = self._line_for(cue, objects=objects) if cue is not None else None
        for line in self.lines.values():
            line.set_class(line is now, "-now")
        said = content.volunteered if content is not None else 0
        for number, line in enumerate(self.volunteered):
            line.set_class(number < said, "-said")
        banner = self.query_one("#now", Static)
        if cue is None:
            banner.update(Text("Waiting for the trainee's console to start the run..."))
            return
        if content is not None and content.ended:
            for line in self.lines.values():
                line.set_class(False, "-now")
            banner.update(Text("The run is over: the trainee's console has closed. Q quits."))
            return
        answer = scripted_answer(self.scenario.caller, cue, differs=objects or None)
        text = Text(f"The console asks: {cue_label(cue)}")
        if objects:
            text.append(" (wrong: they object, say it again)")
        elif answer is None:
            text.append(" (not in the script: improvise)")
        banner.update(text)
        if now is not None:
            self.call_after_refresh(self.action_show_now)

    def _line_for(self, cue: Cue, *, objects: bool = False) -> ScriptLine | None:
        if cue.kind is CueKind.READ_BACK:
            # A correction of theirs answers a line read back wrong; else the objection.
            correction = self.lines.get((cue.kind, cue.key))
            if objects:
                return correction or self.lines.get((cue.kind, WRONG))
            return self.lines.get((cue.kind, ANY))
        if cue.kind in (CueKind.OPENING, CueKind.CONSENT):
            return self.lines.get((cue.kind, ""))
        if cue.kind is CueKind.CHANGE:  # the script's words for the field, as on capture
            return self.lines.get((CueKind.FIELD, cue.key)) or self.lines.get((cue.kind, ANY))
        return self.lines.get((cue.kind, cue.key)) or self.lines.get((cue.kind, ANY))

    def action_show_now(self) -> None:
        """Scroll the script to the line highlighted now."""
        now = next((line for line in self.lines.values() if line.has_class("-now")), None)
        if now is not None:
            self.query_one("#script", VerticalScroll).scroll_to_widget(now, animate=False)


def _heading(text: str) -> Static:
    return Static(printable_text(text), classes="heading")


def _label(key: str) -> str:
    return FIELDS[key].label if key in FIELDS else key


def _said(label: str, said: str) -> Text:
    text = printable_text(f"{label} " if label else "", "italic")
    text.append_text(printable_text(f'"{said}"'))
    return text


def run_caller_terminal(scenario: Scenario, cue_file: Path) -> int:
    """Run the caller terminal until the trainer quits (`custinfo train caller RUN`); its
    exit status (143 when SIGTERM closed it, tui/stop_signals.py)."""
    app = CallerTerminal(scenario, cue_file)
    app.run()
    return app.return_code or 0
