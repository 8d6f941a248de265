"""An unexpected exception stops the console with a reference to quote, never a traceback:
Textual's own report prints local variables, which here would be customer data (MP-11)."""

from __future__ import annotations

import logging
import re

import pytest

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.ports import ConsoleServicesPort, StartupError

#: A fictitious caller's details, held only in a local variable of the handler that fails.
CUSTOMER_VALUE = "Zebedee Quillfeather, 07700 900417"


def _no_database() -> ConsoleServicesPort:
    raise StartupError("No database in this test.")


def _handler_that_fails() -> None:
    customer = CUSTOMER_VALUE
    raise LookupError(f"no record matches {customer}")


async def test_a_crash_prints_a_reference_and_no_customer_value(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    console = CustinfoApp(_no_database)
    caplog.set_level(logging.INFO)

    with pytest.raises(LookupError):  # Pilot re-raises what stopped the app
        async with console.run_test() as pilot:
            console.call_later(_handler_that_fails)
            await pilot.pause()

    printed = capsys.readouterr()
    terminal = printed.out + printed.err
    assert CUSTOMER_VALUE not in terminal
    assert "Traceback" not in terminal and "customer =" not in terminal
    reference = re.search(r"internal error \(reference ([0-9a-f]{8})\)", terminal)
    assert reference is not None, terminal
    assert f"crash {reference.group(1)}" in caplog.text
    assert "LookupError" in caplog.text
    assert CUSTOMER_VALUE not in caplog.text and "Zebedee" not in caplog.text
    assert console.return_code == 1
