"""The desks' questions and forms photographed at 80x24 (pytest-textual-snapshot): the
administrator's operators (a password reset and the password shown once, disabling one, a
new role), the DPO's erasure (the question before erasing, the kind of a legal hold) and
a subject access request marked answered; with a police request on the record, whether
its pack leaves that out, and the pack sent; a request of another right marked done.

The same walks, camera and frozen console as `test_snapshots.py` (`tests/support/camera.py`,
`frozen_console` in `tests/e2e/conftest.py`):
a value, a label or a key cut off changes a picture and fails here; a footer key cut short
fails every photograph. Pictures in `__snapshots__/test_snapshots_desks/`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pytest
from syrupy.assertion import SnapshotAssertion

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import operators
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.tui.app import CustinfoApp
from tests.support import tour
from tests.support.camera import (
    FROZEN,
    SMALL,
    Camera,
    Journey,
    assert_pictures_match,
    photograph,
)
from tests.support.desk import open_desk_section
from tests.support.police_request import JOHN_SMITH, police_request
from tests.support.tour import keys

#: The temporary password a reset shows, in the form the console draws them.
SHOWN_ONCE = "k7m2q-x9r4t-b3n8w-p5d6h"


async def _operators(camera: Camera) -> None:
    """The administrator's operators, one highlighted: R asks before resetting the
    password, then shows the temporary one once; D asks before disabling; C, a new role."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.ADMIN)
    await keys(pilot, "f7", "down", "r")
    await camera.shoot("reset_password_question")
    # The temporary password is drawn at random: the same one on every run here.
    with mock.patch.object(operators, "generate_temporary_password", lambda _: SHOWN_ONCE):
        await keys(pilot, "down", "enter")
        await camera.shoot("temporary_password")
    await keys(pilot, "escape", "d")
    await camera.shoot("disable_question")
    await keys(pilot, "escape", "c")
    await camera.shoot("change_role")


async def _erasure_questions(camera: Camera) -> None:
    """The DPO's erasure section on John Smith, a reason typed: F2 asks before erasing
    (going back first); F3, which kind of legal hold; once one is recorded, F4, which hold
    to lift."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    await open_desk_section(pilot, "erasure")
    await keys(pilot, *format_reference(NAMED_CUSTOMERS[0].reference), "enter")
    await keys(pilot, *"Customer's written request of 18 November", "f2")
    await camera.shoot("erase_question")
    await keys(pilot, "escape", "f3")
    await camera.shoot("hold_kind")
    await keys(pilot, "enter", *"Claim settled by the court on 18 November", "f4")
    await camera.shoot("lift_hold")


async def _access_answered(camera: Camera) -> None:
    """A subject access request on the DPO's register: A asks how it was answered; refused,
    the form asking why, partly typed."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    services = pilot.app.services()  # type: ignore[attr-defined]
    dpo = services.authenticate(*tour.DPO).actor
    services.log_subject_access(
        dpo,
        SubjectAccessIn(
            customer_reference=NAMED_CUSTOMERS[0].reference,
            requested_by="The customer, by e-mail",
            identity_check="Passport and a utility bill seen",
            received_on=FROZEN.date(),
        ),
    )
    await keys(pilot, "f7", "enter", "a")
    await camera.shoot("access_answered_question")
    await keys(pilot, "down", "down", "enter", *"Fourth request this month for the same")
    await camera.shoot("access_refused_form")


async def _access_pack_and_another_right(camera: Camera) -> None:
    """John Smith's record holds a police request (the crime exemption) and two requests
    on the DPO's register: of access, its pack exported twice, and an objection. X on the
    first asks whether its pack leaves the police request out; A, the pack sent, which
    export went out (the last unless another is typed); A on the objection asks if it is
    done, and the form for what was done, partly typed."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    services.request_disclosure(agent, JOHN_SMITH, police_request())
    dpo = services.authenticate(*tour.DPO).actor
    logged = [
        services.log_subject_access(
            dpo,
            SubjectAccessIn(
                customer_reference=NAMED_CUSTOMERS[0].reference,
                requested_by="The customer, by letter",
                identity_check="Passport seen",
                received_on=FROZEN.date(),
                right=right,
            ),
        )
        for right in (DataRight.ACCESS, DataRight.OBJECTION)
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name in ("pack.html", "pack-again.html"):
            services.export_subject_access(dpo, logged[0].id, str(Path(folder) / name))
    await keys(pilot, "f7", "enter", "x")
    await camera.shoot("withhold_question")
    await keys(pilot, "enter", "a", "down", "enter")  # going back, then "the pack was sent"
    await camera.shoot("pack_sent")
    await keys(pilot, "escape", "down", "a")
    await camera.shoot("right_done_question")
    await keys(pilot, "down", "enter", *"Taken off the marketing lists on 20")
    await camera.shoot("right_done_form")


JOURNEYS: dict[str, Journey] = {
    "operators": _operators,
    "erasure_questions": _erasure_questions,
    "access_answered": _access_answered,
    "access_pack_and_another_right": _access_pack_and_another_right,
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_desks_fit_80x24(
    journey: str, frozen_console: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(frozen_console, SMALL, JOURNEYS[journey])
    assert_pictures_match(photos, snapshot, tmp_path)
