"""A whole workflow with known customer values leaves none of them in logs or error texts."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from custinfo_tui.diagnostics import configure_logging, redact, report_crash
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.database import console_uow_factory
from tests.support.edits import correct
from tests.support.screen import press

NEW_PHONE = "020 7946 0777"
NEW_PHONE_E164 = "+442079460777"
NEW_EMAIL = "john.smith.updated@example.org"
BAD_POSTCODE = "QQ99 9QQQ"
KNOWN_VALUES = (
    "John",
    "Smith",
    "john",
    "smith",
    NEW_PHONE,
    NEW_PHONE_E164,
    NEW_EMAIL,
    BAD_POSTCODE,
    "7946",
)


#: The timings SQLAlchemy logs with each statement ("[cached since 0.7946s ago]",
#: "[generated in 0.00015s]"): digits that are no customer's, which once held "7946".
_STATEMENT_TIMINGS = re.compile(r"\[(?:cached since|generated in) [0-9.]+s(?: ago)?\]")


def _log_text(log_dir: Path) -> str:
    """The log's text, less the statements' timings."""
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = "\n".join(p.read_text(encoding="utf-8") for p in log_dir.glob("*.log"))
    return _STATEMENT_TIMINGS.sub("[timing]", text)


async def test_workflow_leaves_no_customer_value_in_logs_or_errors(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    log_dir = tmp_path / "workflow-logs"
    configure_logging(log_dir, level=logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # would log parameters

    async with console.run_test(size=(80, 24)) as pilot:
        await press(pilot, *"agent", "enter", *"agent-demo-2026", "enter")
        await press(pilot, *"john smith", "enter", "enter")
        await press(pilot, "enter", *"customer e-mailed", "enter")
        actor = console.actor
    assert actor is not None and demo_settings.database_url is not None

    errors: list[str] = []
    with console_uow_factory(demo_settings) as uow_factory:
        services = ConsoleServices(
            uow_factory, VerificationPolicy(), CapturePolicy(), ComplaintPolicy()
        )
        record = services.open_record(actor, 1, AccessReason(reason="Follow-up"))
        correct(
            uow_factory,
            actor,
            1,
            record.version,
            {"phone": NEW_PHONE, "email": NEW_EMAIL},
            "New contact details",
        )
        with pytest.raises(FieldError) as refused:
            correct(
                uow_factory,
                actor,
                1,
                record.version + 1,
                {"postcode": BAD_POSTCODE},
                "Customer moved",
            )
        errors.append(str(refused.value))
    try:
        raise ValueError(f"could not save {NEW_EMAIL} {NEW_PHONE}")
    except ValueError as error:
        report_crash(error)
    logging.getLogger("custinfo_tui.test").warning("library noise about %s", NEW_EMAIL)
    try:
        raise RuntimeError(f"third-party failure for {NEW_PHONE_E164}")
    except RuntimeError:
        logging.getLogger("somelibrary").exception("it broke")

    logged = _log_text(log_dir)
    assert "crash" in logged and "it broke" in logged  # the log did record things
    for value in KNOWN_VALUES:
        assert value not in logged, value
        assert all(value not in error for error in errors), value


@pytest.mark.parametrize(
    "text",
    [
        "call 07700 900123 now",
        "mail a.b@example.com",
        "at SW1A 1AA",
        "born 03/03/1985",
        "card 4111 1111 1111 1111",
    ],
)
def test_redaction_catches_personal_data_shapes(text: str) -> None:
    assert "[redacted]" in redact(text)
