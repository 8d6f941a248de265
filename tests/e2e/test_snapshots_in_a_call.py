"""A call's dialogs photographed at 80x24 (pytest-textual-snapshot): a note added to the call,
the question ending it, the wrap-up's questions (saving without notes, finishing later), the
field a discrepancy is reported on from the lookup, how a new customer is in touch, a change
read back in a call, changing who is calling once a check has passed, abandoning a new
customer half typed, and, under a policy with more than one capture template, which one.

The same walks, camera and frozen console as `test_snapshots.py` (`tests/support/camera.py`,
`frozen_console` in `tests/e2e/conftest.py`):
a value, a label or a key cut off changes a picture and fails here; a footer key cut short
fails every photograph. Pictures in `__snapshots__/test_snapshots_in_a_call/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from syrupy.assertion import SnapshotAssertion

from custinfo_tui.composition import make_app
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.support import tour
from tests.support.camera import (
    FROZEN,
    SMALL,
    Camera,
    Journey,
    assert_pictures_match,
    console_settings,
    photograph,
)
from tests.support.screen import confirm_leaving, footer_text, screen_text
from tests.support.tour import keys


async def _a_call_ended(camera: Camera) -> None:
    """John Smith verified to Standard: a note to the call being typed (Ctrl+N), left;
    Escape asks whether to end the call, saying the verification ends with it; the
    wrap-up's Ctrl+S with no notes asks first; Escape with notes typed asks whether to
    finish later."""
    pilot = camera.pilot
    await tour.call(pilot, "john smith")
    await keys(pilot, *"12/04/1980", "enter", *"SE1 2QT", "enter")
    await keys(pilot, "ctrl+n", *"Wants a call back after 5pm about the March bill")
    await camera.shoot("call_note")
    await keys(pilot, "escape")
    await confirm_leaving(pilot)  # the note typed is dropped
    await keys(pilot, "escape")
    await camera.shoot("end_call_question")
    await keys(pilot, "down", "enter")  # end the call: the wrap-up
    await keys(pilot, "enter", "down", "down", "down", "enter")  # Billing question
    await keys(pilot, "tab", "enter", "home", "down", "enter")  # Resolved, from the top
    await keys(pilot, "ctrl+s")
    await camera.shoot("save_without_notes")
    await keys(pilot, "enter", *"Asked why the bill went up; explained the new tariff")
    await keys(pilot, "escape")
    await camera.shoot("finish_later")


async def _discrepancy_from_the_lookup(camera: Camera) -> None:
    """On the lookup's results, Ctrl+D on John Smith's row: which detail is wrong, every
    one of the record's twelve in sight (the last four were below the list's edge)."""
    await tour.find(camera.pilot, "john smith")
    await keys(camera.pilot, "down", "ctrl+d")
    shown = screen_text(camera.pilot.app)
    assert all(f"▊ {FIELDS[key].label} " in shown for key in RECORD_FIELDS)
    await camera.shoot("discrepancy_field")


async def _a_new_customer_in_touch(camera: Camera) -> None:
    """F6 on the lookup: how the new customer is in touch, before consent."""
    await tour.log_in(camera.pilot)
    await keys(camera.pilot, "f6")
    await camera.shoot("new_customer_channel")


async def _an_edit_in_a_call(camera: Camera) -> None:
    """John Smith verified to High, his e-mail changed with a reason (F6): the changed
    detail read back before it is saved."""
    pilot = camera.pilot
    await tour.call(pilot, "john smith")
    await keys(pilot, *"12/04/1980", "enter", "down", *"12, Acacia Rd.", "enter")
    await keys(pilot, *"Biscuit", "enter", "f6")
    pilot.app.screen.query_one("#email-input").focus()
    await keys(pilot, "ctrl+a", "ctrl+k", *"john.smith.new@example.com")
    pilot.app.screen.query_one("#email-reason").focus()
    await keys(pilot, "enter", "down", "enter", "ctrl+s")
    await camera.shoot("edit_read_back")


async def _another_caller(camera: Camera) -> None:
    """John Smith's date of birth passed, then F2 and his representative chosen: asked
    before the check passed is let go."""
    await tour.call(camera.pilot, "john smith")
    await keys(camera.pilot, *"12/04/1980", "enter", "f2", "down", "enter")
    await camera.shoot("change_caller_question")


async def _a_new_customer_abandoned(camera: Camera) -> None:
    """A new customer's details half typed, Escape: asked before they are lost."""
    await tour.capture_form(camera.pilot)
    await keys(camera.pilot, "escape")
    await camera.shoot("abandon_new_customer")


JOURNEYS: dict[str, Journey] = {
    "a_call_ended": _a_call_ended,
    "discrepancy_from_the_lookup": _discrepancy_from_the_lookup,
    "a_new_customer_in_touch": _a_new_customer_in_touch,
    "an_edit_in_a_call": _an_edit_in_a_call,
    "another_caller": _another_caller,
    "a_new_customer_abandoned": _a_new_customer_abandoned,
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_a_calls_dialogs_fit_80x24(
    journey: str, frozen_console: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(frozen_console, SMALL, JOURNEYS[journey])
    assert_pictures_match(photos, snapshot, tmp_path)


#: A policy with two capture templates: the second's label is the longest a template's is
#: likely to be, to show whole in the choice.
TWO_TEMPLATES = """
[capture.templates.new_customer]
label = "New customer"
fields = [
    { key = "given_name", required = true },
    { key = "family_name", required = true },
    { key = "phone", required = true },
    { key = "notes" },
]

[capture.templates.callback_request]
label = "Callback request: name, phone and the best time to call them back"
fields = [
    { key = "given_name", required = true },
    { key = "family_name", required = true },
    { key = "phone", required = true },
    { key = "notes" },
]
"""


async def _choose_a_template(camera: Camera) -> None:
    """F6, a phone call: which capture template, as the policy has two. The call is stored
    already, so Escape is *End call*, as on the consent script, and its wrap-up follows."""
    pilot = camera.pilot
    await tour.log_in(pilot)
    await keys(pilot, "f6", "enter")
    await camera.shoot("capture_template")
    assert "esc End call" in footer_text(pilot.app) and "Cancel" not in footer_text(pilot.app)
    await keys(pilot, "escape")
    assert isinstance(pilot.app.screen, WrapUpScreen)


def test_the_capture_template_choice_fits_80x24(
    frozen_demo: Path, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(TWO_TEMPLATES, encoding="utf-8")
    settings = console_settings(frozen_demo, tmp_path).model_copy(update={"policy_file": policy})
    with time_machine.travel(FROZEN, tick=False):
        photos = photograph(make_app(settings), SMALL, _choose_a_template)
    assert_pictures_match(photos, snapshot, tmp_path)
