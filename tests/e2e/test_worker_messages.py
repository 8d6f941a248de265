"""Workers hand their results back as typed messages: what each one carries.

The Pilot tests check what the handler sees; these check the message a worker posted when
its service call finished, captured with `run_test(message_hook=...)`.
"""

from __future__ import annotations

from typing import TypeVar

from textual.message import Message
from textual.widgets import Static

from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record_messages import AnswerChecked, FieldsRevealed
from custinfo_tui.tui.widgets.record_fields import FieldsTable
from tests.support.console_page import ConsolePage
from tests.support.screen import settle

SIZE = (80, 24)
M = TypeVar("M", bound=Message)


def _of(kind: type[M], messages: list[Message]) -> list[M]:
    """The messages of one kind, each once: the hook sees a message at every node it
    bubbles through."""
    found = {id(m): m for m in messages if isinstance(m, kind)}
    return list(found.values())


async def test_a_search_posts_its_matches_for_the_query_typed(console: CustinfoApp) -> None:
    messages: list[Message] = []
    async with console.run_test(size=SIZE, message_hook=messages.append) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys(*"john smith")

        finished = _of(LookupScreen.SearchFinished, messages)
        assert finished, "the search worker posted no SearchFinished"
        last = finished[-1]
        assert last.query == "john smith"
        assert [m.display_name for m in last.matches] == ["John Smith", "John Smith"]
        assert last.status == "2 customers match. Down to choose."


async def test_a_search_overtaken_by_newer_typing_is_dropped(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys(*"john smith")
        lookup = console.screen
        assert isinstance(lookup, LookupScreen)

        # A slower search for what was typed earlier finishes last.
        lookup.post_message(LookupScreen.SearchFinished("jo", [], "stale results"))
        await settle(pilot)

        status = lookup.query_one("#search-status", Static)
        assert "stale" not in str(status.render())
        assert str(status.render()) == "2 customers match. Down to choose."


async def test_a_checked_answer_and_revealed_fields_arrive_as_messages(
    console: CustinfoApp,
) -> None:
    messages: list[Message] = []
    async with console.run_test(size=SIZE, message_hook=messages.append) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("12, Acacia Rd.", down=1)

        checked = _of(AnswerChecked, messages)
        assert [(c.outcome.kind, c.outcome.passed) for c in checked if c.outcome] == [
            (CheckKind.DATE_OF_BIRTH, True),
            (CheckKind.ADDRESS_LINE1, True),
        ]
        assert checked[-1].outcome is not None
        assert checked[-1].outcome.state.level_title == "Standard"

        await page.keys("f5")  # reveal every field the caller's verification allows
        revealed = _of(FieldsRevealed, messages)
        assert len(revealed) == 1
        postcode = next(f for f in revealed[0].record.fields if f.key == "postcode")
        assert postcode.shown and postcode.value == "SE1 2QT"
        assert not _of(FieldsTable.RevealRequested, messages)  # F5 is the screen's key


async def test_enter_on_a_field_asks_the_screen_to_reveal_it(console: CustinfoApp) -> None:
    messages: list[Message] = []
    async with console.run_test(size=SIZE, message_hook=messages.append) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("12, Acacia Rd.", down=1)
        await page.keys("f4", "down", "down", "down", "enter")

        asked = _of(FieldsTable.RevealRequested, messages)
        assert [a.keys for a in asked] == [("phone",)]
        revealed = _of(FieldsRevealed, messages)
        phone = next(f for f in revealed[-1].record.fields if f.key == "phone")
        assert phone.shown
