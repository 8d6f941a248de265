"""Every screen photographed at 80x24, and the busiest at 200x50 (pytest-textual-snapshot).

A layout change that cuts off a customer's value, a column heading, a tab label or a key in
the footer changes a picture and fails here. The console runs on the demo data with the
clock frozen, so dates and times are the same on every run. After a deliberate change,
look at the report pytest writes (snapshot_report.html) before accepting the new pictures
with `pytest tests/e2e/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from textual.pilot import Pilot

from custinfo_tui.composition import make_app, uow_factory_for
from custinfo_tui.domain.capture import ConflictField
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.conflict import ConflictScreen
from tests.support import tour
from tests.support.files import copy_private
from tests.support.screen import settle
from tests.support.tour import keys

#: Every date and time the console shows is this one.
FROZEN = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
DEMO_CUSTOMERS = 300
SMALL = (80, 24)
LARGE = (200, 50)

SnapCompare = Callable[..., bool]
Walk = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(scope="module")
def frozen_demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data loaded at the frozen time, so consents and history carry fixed dates."""
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    engine = build_engine(f"sqlite+pysqlite:///{path}")
    with time_machine.travel(FROZEN, tick=False):
        load_demo_data(uow_factory_for(engine), DEMO_CUSTOMERS)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def console(frozen_demo: Path, tmp_path: Path) -> Iterator[CustinfoApp]:
    path = copy_private(frozen_demo, tmp_path / "demo.db")
    settings = Settings(
        database_url=f"sqlite+pysqlite:///{path}", data_dir=tmp_path, log_dir=tmp_path / "logs"
    )
    with time_machine.travel(FROZEN, tick=False):
        yield make_app(settings)


def _then_still(walk: Walk) -> Walk:
    """The walk, then the text cursors held still for the photograph."""

    async def run(pilot: Pilot[Any]) -> None:
        await walk(pilot)
        await settle(pilot)
        tour.steady_cursors(pilot)

    return run


async def _login(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _lookup(pilot: Pilot[Any]) -> None:
    await tour.find(pilot, "smith", tour.SUPERVISOR)


async def _contact_choice(pilot: Pilot[Any]) -> None:
    await tour.find(pilot, "john smith")
    await keys(pilot, "enter", "enter")


async def _access_reason(pilot: Pilot[Any]) -> None:
    await _contact_choice(pilot)
    await keys(pilot, "end", "enter")


async def _record(pilot: Pilot[Any]) -> None:
    await tour.back_office(pilot, "john smith")


def _record_tab(tab: str) -> Walk:
    async def walk(pilot: Pilot[Any]) -> None:
        await tour.back_office(pilot, "jonathan smythe")  # his daughter acts for him
        await keys(pilot, tab)

    return walk


async def _changed_record(pilot: Pilot[Any]) -> None:
    """John Smith's e-mail changed with a reason, read back and saved; then the Changes tab."""
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "f6")
    pilot.app.screen.query_one("#email-input").focus()
    await keys(pilot, "ctrl+a", "ctrl+k", *"john.smith.new@example.com")
    pilot.app.screen.query_one("#email-reason").focus()
    await keys(pilot, "enter", "down", "enter")  # the first reason in the list
    await keys(pilot, "ctrl+s")
    await keys(pilot, "enter", "ctrl+s")
    await keys(pilot, "2")


async def _consented_record(pilot: Pilot[Any]) -> None:
    """Consent recorded from the record (e-mail marketing ticked), then the Consent tab."""
    await tour.back_office(pilot, "jonathan smythe")
    await keys(pilot, "f9", "tab", "tab", "space", "ctrl+s")
    await keys(pilot, "5")


async def _call(pilot: Pilot[Any]) -> None:
    await tour.call(pilot, "john smith")


async def _caller_choice(pilot: Pilot[Any]) -> None:
    await tour.call(pilot, "o'neill-ni bhriain")
    await keys(pilot, "f2")


async def _consent(pilot: Pilot[Any]) -> None:
    await tour.log_in(pilot)
    await keys(pilot, "f6", "enter")


async def _double_entry(pilot: Pilot[Any]) -> None:
    await tour.to_read_back(pilot)
    await keys(pilot, "enter", "enter", "enter", "ctrl+d")


async def _edit(pilot: Pilot[Any]) -> None:
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "f6")


async def _leave(pilot: Pilot[Any]) -> None:
    await tour.verified_call(pilot)
    await keys(pilot, "ctrl+q")


async def _resolve_item(pilot: Pilot[Any]) -> None:
    await tour.supervisor_queue(pilot)
    await keys(pilot, "enter")


async def _audit(pilot: Pilot[Any]) -> None:
    await tour.log_in(pilot, tour.DPO)
    await keys(pilot, "ctrl+t")


async def _change_password(pilot: Pilot[Any]) -> None:
    await tour.log_in(pilot)
    await keys(pilot, "ctrl+p", *"change password")
    await keys(pilot, "enter")


async def _palette(pilot: Pilot[Any]) -> None:
    await tour.call(pilot, "john smith")
    await keys(pilot, "ctrl+p", *"verify")


async def _idle_lock(pilot: Pilot[Any]) -> None:
    await tour.find(pilot, "smith")
    app = pilot.app
    assert isinstance(app, CustinfoApp)
    app.idle_lock_seconds = 0
    app.lock_if_idle()


async def _representative(pilot: Pilot[Any]) -> None:
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "f7")


async def _security_answer(pilot: Pilot[Any]) -> None:
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "f8")


async def _merge(pilot: Pilot[Any]) -> None:
    """John Smith's record, merging Jonathan Smythe's into it: his phone chosen."""
    await tour.back_office(pilot, "john smith", tour.SUPERVISOR)
    await keys(pilot, "ctrl+e", *format_reference(NAMED_CUSTOMERS[4].reference), "enter")
    await keys(pilot, "down", "down", "down", "right")


SCREENS: dict[str, Walk] = {
    "login": _login,
    "lookup": _lookup,
    "contact_choice": _contact_choice,
    "access_reason": _access_reason,
    "record_details": _record,
    "record_changes": _changed_record,
    "record_timeline": _record_tab("3"),
    "record_authorised": _record_tab("4"),
    "record_consent": _consented_record,
    "call_not_verified": _call,
    "call_verified": tour.verified_call,
    "call_locked": tour.locked_for_zoe,
    "caller_choice": _caller_choice,
    "consent": _consent,
    "capture": tour.capture_form,
    "read_back": tour.to_read_back,
    "double_entry": _double_entry,
    "edit": _edit,
    "leave_question": _leave,
    "queue": tour.supervisor_queue,
    "resolve_item": _resolve_item,
    "audit": _audit,
    "change_password": _change_password,
    "command_palette": _palette,
    "idle_lock": _idle_lock,
    "representative": _representative,
    "security_answer": _security_answer,
    "wrap_up": tour.wrap_up,
    "calls_to_finish": tour.calls_to_finish,
    "merge": _merge,
}

BUSIEST = ("lookup", "call_verified", "capture", "audit")


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_fits_80x24(
    screen: str, console: CustinfoApp, snap_compare: SnapCompare
) -> None:
    assert snap_compare(console, terminal_size=SMALL, run_before=_then_still(SCREENS[screen]))


@pytest.mark.parametrize("screen", BUSIEST)
def test_the_busiest_screens_at_200x50(
    screen: str, console: CustinfoApp, snap_compare: SnapCompare
) -> None:
    assert snap_compare(console, terminal_size=LARGE, run_before=_then_still(SCREENS[screen]))


def test_the_conflict_dialog_fits_80x24(snap_compare: SnapCompare) -> None:
    from tests.e2e.test_consent_conflict_screens import ScreenHost

    conflicts = [
        ConflictField(
            key="family_name", label="Family name", before="Smith", theirs="Smyth", yours="Smithe"
        ),
        ConflictField(
            key="email",
            label="E-mail",
            before=None,
            theirs="jonathan.smythe5@example.com",
            yours="jon.smythe@example.org",
        ),
        ConflictField(
            key="phone", label="Phone", before="07700 900123", theirs=None, yours="07700 900456"
        ),
    ]
    assert snap_compare(ScreenHost(ConflictScreen(conflicts)), terminal_size=SMALL)
