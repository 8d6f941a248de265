"""The back office's edit screen (F6 on a record opened with no customer in touch), and a
field's box on it with the focus, as a handler reaches them by keys."""

from __future__ import annotations

from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.widgets.field_input import FieldInput
from tests.support.console_page import ConsolePage


async def edit_in_back_office(page: ConsolePage, query: str) -> EditScreen:
    """The first match for `query` opened in the back office, then F6: its edit screen."""
    await page.open_back_office(query)
    await page.keys("f6")
    edit = page.pilot.app.screen
    assert isinstance(edit, EditScreen)
    return edit


def focus_field(edit: EditScreen, key: str) -> FieldInput:
    """The box of the field `key`, given the focus as a click or Tab would."""
    field = edit.query_one(f"#field-{key}", FieldInput)
    field.box.focus()
    return field
