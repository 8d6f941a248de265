"""A record the DPO erased while a handler still had it open (docs/data-protection.md,
"A record erased while it is open").

The services refuse any work on an erased record in the lookup's words ("This record was
erased on 04 Dec 2026 by dpo. Nothing about the customer is held."), and the screen that
asked tells the app (`service_calls.RecordErasedNotice`). The app then closes the record
and whatever was open over it (the edit form, a dialog): what it shows is no longer held,
and what was typed over it cannot be kept with a record that holds nothing. The lookup
searches again, so the erased record's row goes too, and the handler is told why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen

if TYPE_CHECKING:
    from textual.app import App


def close_erased_record(app: App[None], said: str) -> None:
    """Back to the lookup from the record (and what is open over it), telling the handler
    `said`; from elsewhere (a stale row of the lookup), only the search is run again."""
    stack = app.screen_stack
    opened = next((i for i, screen in enumerate(stack) if isinstance(screen, RecordScreen)), None)
    if opened is not None:
        for _ in range(len(stack) - opened):
            app.pop_screen()
    app.notify(said, title="Record erased", severity="warning", markup=False, timeout=15)
    lookup = next((s for s in reversed(app.screen_stack) if isinstance(s, LookupScreen)), None)
    if lookup is not None:
        lookup.search_again()
