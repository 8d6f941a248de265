"""What the command line says when the PostgreSQL server refuses a connection, as against
not answering: what to put right, never the user or database the URL names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from tests.support.outage import DatabaseToStop

pytestmark = pytest.mark.postgres


def _said(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str) -> str:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", url)
    assert main(["audit", "verify"]) == 1
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "told", "named"),
    [
        ({"username": "desk_nobody_9"}, "the server refused the login", "desk_nobody_9"),
        (
            {"database": "no_such_centre"},
            "the server has no database of the name",
            "no_such_centre",
        ),
    ],
)
def test_a_refused_connection_says_what_to_put_right(
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: dict[str, str],
    told: str,
    named: str,
) -> None:
    """Found setting up desks: a wrong user, password or database name and a stopped
    server all said "the database cannot be reached", where the server's log said which."""
    url = make_url(postgres_url).set(**change).render_as_string(hide_password=False)
    said = _said(monkeypatch, capsys, url)
    assert said.startswith(f"custinfo: {told}")
    assert "CUSTINFO_DATABASE_URL" in said and named not in said
    assert "crash" not in (tmp_path / "logs" / "custinfo.log").read_text(encoding="utf-8")


def test_a_server_that_does_not_answer_is_told_apart(
    postgres_to_stop: DatabaseToStop,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    postgres_to_stop.stop()
    said = _said(monkeypatch, capsys, postgres_to_stop.url)
    assert said == (
        "custinfo: no database server answered at the host and port in "
        "CUSTINFO_DATABASE_URL: check them, and that the server is running.\n"
    )
