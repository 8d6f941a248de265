"""A Tab typed straight after the key that opens a form moves on in that form.

Found by an IT-operations explorer on the operators screen: `n`, Tab and a name arriving
together (a fast typist, or a paste) put the name in the Username box. A letter the screen
binds goes to the box with the focus first; the Tab, read before that box got to it, was
made with the covered screen's `focus_next`, so it moved the focus there and the form kept
its first box. Now the Tab moves on the screen on top when the move is made
(tui/tab_in_order.py): one box on from the form's first, on every screen. The function
keys' forms (`F10`, `F6`) are here too, held the same way already: they must stay so.

Each form is driven three ways: the keys in one `pilot.press` (each handled before the
next is read), read together from the terminal (all queued before the form mounts), and in
reads close together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.widgets import Input

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import ConsolePage, logged_in
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.screen import settle, typed_in_one_go, typed_in_reads
from tests.support.tour import ADMIN

#: A reference typed: over the one the restriction form fills in (selected on focus).
ANOTHER_REFERENCE = "1001 2346 K"
#: How the keys arrive: each way types the same keys.
Typing = Callable[[ConsolePage, list[str]], Awaitable[None]]


async def _in_one_press(page: ConsolePage, keys: list[str]) -> None:
    await page.pilot.press(*keys)
    await settle(page.pilot)


async def _in_one_read(page: ConsolePage, keys: list[str]) -> None:
    typed_in_one_go(page.pilot.app, *keys)
    await settle(page.pilot)


async def _in_reads(page: ConsolePage, keys: list[str]) -> None:
    """The opening key in a read of its own, the Tab and the rest in the next."""
    await typed_in_reads(page.pilot.app, keys[:1], keys[1:])
    await settle(page.pilot)


TYPINGS = pytest.mark.parametrize(
    "typing",
    [_in_one_press, _in_one_read, _in_reads],
    ids=["one press", "one read", "two reads"],
)


def _box(app: CustinfoApp, box: str) -> str:
    return app.screen.query_one(f"#{box}", Input).value


@TYPINGS
async def test_n_then_tab_on_the_operators_screen_moves_on_in_the_new_operator_form(
    console: CustinfoApp, typing: Typing
) -> None:
    async with logged_in(console, ADMIN) as page:
        assert isinstance(console.screen, OperatorsScreen)
        await typing(page, ["n", "tab", *"Sam Super"])
        assert isinstance(console.screen, DeskFormScreen)
        assert _box(console, "operator-name") == "Sam Super"
        assert _box(console, "operator-username") == ""


async def test_n_then_shift_tab_moves_back_in_the_new_operator_form(
    console: CustinfoApp,
) -> None:
    """Shift+Tab the same way: on the form, from its first box, not on the covered list."""
    async with logged_in(console, ADMIN) as page:
        operators = console.screen
        assert isinstance(operators, OperatorsScreen)
        await _in_one_read(page, ["n", "shift+tab"])
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        assert form.focused is not None
        assert form.focused.id != "operator-username"
        assert operators.focused is not None and operators.focused.id == "operators-table"


@TYPINGS
async def test_n_then_tab_on_the_dpo_requests_moves_on_in_the_new_request_form(
    console: CustinfoApp, typing: Typing
) -> None:
    async with dpo_at_the_requests(console) as page:
        await typing(page, ["n", "tab", *"the customer, by letter"])
        assert isinstance(console.screen, DeskFormScreen)
        assert _box(console, "sar-asked-by") == "the customer, by letter"
        assert _box(console, "sar-reference") == ""


async def test_n_a_reference_and_tab_on_the_dpo_requests_fill_the_first_two_boxes(
    console: CustinfoApp,
) -> None:
    """The reference typed with N reached the covered list first, and is taken back for the
    form: the Tab after it moves on once it is in the form's first box, not before."""
    async with dpo_at_the_requests(console) as page:
        await _in_one_read(page, ["n", *ANOTHER_REFERENCE, "tab", *"the customer, by letter"])
        assert isinstance(console.screen, DeskFormScreen)
        assert _box(console, "sar-reference") == ANOTHER_REFERENCE
        assert _box(console, "sar-asked-by") == "the customer, by letter"


@TYPINGS
async def test_r_then_shift_tab_on_the_dpo_requests_goes_back_to_the_reference(
    console: CustinfoApp, demo_settings: Settings, typing: Typing
) -> None:
    """R opens the restriction form at its reason box, the highlighted request's reference
    filled in: Shift+Tab goes back to the reference, and what is typed corrects it."""
    log_requests(demo_settings, DataRight.RESTRICTION)
    async with dpo_at_the_requests(console) as page:
        await typing(page, ["r", "shift+tab", *ANOTHER_REFERENCE])
        assert isinstance(console.screen, DeskFormScreen)
        assert _box(console, "sar-ref") == ANOTHER_REFERENCE
        assert _box(console, "sar-why") == ""


@TYPINGS
async def test_f10_then_tab_in_a_call_moves_on_in_the_complaint_form(
    console: CustinfoApp, typing: Typing
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        await typing(page, ["f10", "tab", *"Charged twice"])
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        assert form.query_one("#complaint-said", FreeTextArea).text == "Charged twice"


@TYPINGS
async def test_f6_on_the_lookup_then_tab_moves_on_in_the_new_customer_form(
    console: CustinfoApp, typing: Typing
) -> None:
    """F6, Enter (a phone call), Ctrl+S (consent as offered): the capture form opens at the
    enquiry type, and the Tab typed with them goes on to the given name."""
    async with logged_in(console) as page:
        await typing(page, ["f6", "enter", "ctrl+s", "tab", *"Ann"])
        assert isinstance(console.screen, CaptureScreen)
        assert _box(console, "given_name-input") == "Ann"
