"""A CUSTINFO_DATABASE_URL that is no URL, or names a database the console does not
support, refused in a line that repeats no password.

Found by an IT-operations explorer: "not a url", or a port that is no number
(`postgresql://u:pw@127.0.0.1:notaport/db`), printed a crash with stack frames from
SQLAlchemy's URL parser; `mysql://...` gave "internal error (reference ...)" at a command
and "could not open its database" on the console.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.cli import main
from custinfo_tui.composition import make_app
from tests.support.printed_lines import words
from tests.support.screen import region_text, settle

SIZE = (80, 24)
PASSWORD = "s3cret-desk-pw"
NOT_A_URL = "CUSTINFO_DATABASE_URL is not a database URL"
NOT_SUPPORTED = "only sqlite and postgresql URLs are supported"

URLS = [
    ("not a url", NOT_A_URL),
    (f"postgresql://desk:{PASSWORD}@127.0.0.1:notaport/custinfo", NOT_A_URL),
    (f"mysql://desk:{PASSWORD}@db.example.com/custinfo", NOT_SUPPORTED),
]
IDS = ["no-url", "port-no-number", "mysql"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(tmp_path))


@pytest.mark.parametrize(("url", "said"), URLS, ids=IDS)
@pytest.mark.parametrize("command", [["audit", "verify"], ["doctor"], ["init"]])
def test_a_command_says_the_url_is_refused_and_exits_2(
    url: str,
    said: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", url)
    with pytest.raises(SystemExit) as stop:
        main(command)
    printed = capsys.readouterr()

    assert stop.value.code == 2
    told = words(printed.err)
    assert told.startswith(f"custinfo: {said}") or said in told
    assert "docs/configuration.md" in printed.err
    assert PASSWORD not in printed.err + printed.out
    assert "Traceback" not in printed.err and "internal error" not in printed.err


@pytest.mark.parametrize(("url", "said"), URLS, ids=IDS)
async def test_the_console_says_the_url_is_refused_before_anyone_logs_in(
    url: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custinfo_tui.cli import _settings

    monkeypatch.setenv("CUSTINFO_DATABASE_URL", url)
    app = make_app(lambda: _settings(None, console=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await settle(pilot)
        shown = region_text(app, "#login-message")
        assert said in shown
        assert PASSWORD not in shown and "could not open its database" not in shown
        assert app.screen.query_one("#login-button").disabled
