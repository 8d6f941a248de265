"""The timeline's tab in a call: the record comes without its timeline at each step of the
call, and the tab reads it when shown and again after each step while it stays shown
(tui/screens/record_timeline.py). Reading it is not one more view of the record, and the
tab reads the timeline alone, not the whole record again."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TabbedContent

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.console.calls import CallServices
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.widgets.record_history import READING
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, until


async def test_the_timeline_is_read_when_its_tab_is_shown_and_follows_the_checks(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("zoe taylor")
        assert record.record.history is None  # not read while the handler is on the details

        await press(pilot, "f4", "3")  # from the answer box to the record's tabs
        await until(pilot, lambda: "Record opened in a call" in screen_text(console))
        assert "Phone call started" in screen_text(console)

        await press(pilot, "f3")  # to the answer box; the timeline stays shown beside it
        await page.answer("30/08/1995")
        await until(pilot, lambda: "Check passed: Date of birth" in screen_text(console))
        assert console.screen.query_one(TabbedContent).active == "history"
        assert READING not in screen_text(console)

        await press(pilot, "f4", "1")  # back to the details: a check reads no timeline
        await press(pilot, "f3")
        await page.answer("LS1 1BA")  # a wrong postcode
        assert record.record.history is None
        await press(pilot, "f4", "3")
        await until(pilot, lambda: "Check failed: Postcode" in screen_text(console))

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
    assert len([e for e in viewed if e.interaction_id is not None]) == 1


async def test_the_representatives_first_shown_at_standard_are_a_view_on_the_timeline(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f4", "3")  # the timeline, shown beside the answer box
        await until(pilot, lambda: "Record opened in a call" in screen_text(console))

        await press(pilot, "f3")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")  # Standard: Priya Smith's name is shown now
        await until(pilot, lambda: "Shown in the call: Representatives" in screen_text(console))
        await press(pilot, "f4", "4")
        await until(pilot, lambda: "Priya Smith" in screen_text(console))

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
    in_call = [e.fields for e in viewed if e.interaction_id is not None]
    assert in_call[0] == ("representatives",) and len(in_call) == 2  # newest first


async def test_the_tab_reads_the_timeline_alone_not_the_record_again(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    for name in ("record_in_call", "timeline_in_call"):
        original = getattr(CallServices, name)

        def counted(*args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            asked.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(CallServices, name, counted)
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")

        await press(pilot, "f4", "3")
        await until(pilot, lambda: "Record opened in a call" in screen_text(console))

    assert asked == ["timeline_in_call"]
