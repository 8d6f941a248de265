"""The keys footer shows the keys on offer wherever the focus is, and is rebuilt only when
they change (src/custinfo_tui/tui/widgets/footer.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from custinfo_tui.tui.widgets.footer import Footer
from tests.support.screen import press, screen_text


class NotesBox(Input):
    """A box with a key of its own, offered only while it has the focus."""

    BINDINGS = [Binding("f4", "add_note", "Add note")]

    def action_add_note(self) -> None:
        pass


class Form(App[None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield NotesBox(id="notes")
        yield Footer()

    def action_save(self) -> None:
        pass


def _footer_keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query_one(Footer).query(FooterKey))


async def test_the_footer_follows_the_focus_and_is_not_rebuilt_for_the_same_keys() -> None:
    app = Form()
    async with app.run_test(size=(80, 10)) as pilot:
        await press(pilot)
        shown = _footer_keys(app)
        assert "Save" in screen_text(app) and "Add note" not in screen_text(app)

        await press(pilot, "tab")  # to the second box: the same keys on offer
        assert app.focused is not None and app.focused.id == "second"
        assert _footer_keys(app) == shown  # the very same widgets: not rebuilt

        await press(pilot, "tab")  # to the notes box: a key of its own
        assert "Add note" in screen_text(app) and "Save" in screen_text(app)
        assert _footer_keys(app) != shown

        await press(pilot, "shift+tab")  # back: its key goes again
        assert "Add note" not in screen_text(app) and "Save" in screen_text(app)


class Busy(App[None]):
    """More keys than 80 columns hold, and Quit (not last: the footer lists keys in the
    order the bindings are merged, Textual's own first)."""

    BINDINGS = [
        *(Binding(f"f{n}", f"act({n})", f"Action number {n}") for n in range(1, 9)),
        Binding("ctrl+q", "quit", "Quit"),
        Binding("f12", "act(12)", "Last"),
    ]

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Footer(compact=True)

    def action_act(self, number: int) -> None:
        pass


async def test_keys_that_do_not_fit_leave_the_footer_whole_and_quit_stays() -> None:
    """A record's complaints tab offered more keys than fit: "^t Third-party" was cut and
    "^q Quit" gone. Whole keys leave instead, from the right, the last staying."""
    app = Busy()
    async with app.run_test(size=(80, 10)) as pilot:
        await press(pilot)
        footer = screen_text(app).splitlines()[-1]
        shown = [key.description for key in _footer_keys(app) if key.key != "ctrl+p"]
        assert "Quit" in shown and "Action number 8" not in shown and "Last" not in shown
        assert shown[1:] == [f"Action number {n}" for n in range(1, len(shown))]
        for key in _footer_keys(app):
            assert f"{key.key_display} {key.description}" in footer
        assert footer.rstrip().endswith("^p palette")

        await pilot.resize_terminal(200, 10)
        await press(pilot)
        assert len(_footer_keys(app)) == 11  # all ten of them, and the palette's
