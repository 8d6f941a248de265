"""Up and Down stop at the ends of a list to choose from (tui/widgets/choice_list.py), as
the console's tables do: a handler holding Down on "Who is calling?" went round from the
last entry to the first, and Enter chose the customer for someone with no authority."""

from __future__ import annotations

from textual.app import App

from custinfo_tui.domain.verification import CallerKind
from custinfo_tui.tui.screens.call_choices import CallerChoice, caller_screen


class _Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[CallerChoice | None] = []


async def _chosen_after(*keys: str) -> CallerChoice | None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(caller_screen("John Smith", []), app.chosen.append)
        await pilot.press(*keys, "enter")
        await pilot.pause()
    [chosen] = app.chosen
    return chosen


async def test_down_held_on_who_is_calling_stops_at_the_last_entry() -> None:
    assert await _chosen_after(*["down"] * 4) == (CallerKind.NO_AUTHORITY, None)


async def test_up_on_the_first_entry_stays_there() -> None:
    assert await _chosen_after("up") == (CallerKind.CUSTOMER, None)
