"""The session-check benchmark still runs: three calls of each mix on a small SQLite file,
and it puts the check back afterwards (docs/performance.md, "A session's standing")."""

from __future__ import annotations

import pytest
from benchmarks import session_check

from custinfo_tui.services import session_standing


def test_the_session_check_benchmark_alternates_and_puts_the_check_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    refusal = session_standing.session_refusal
    argv = ["--backend", "sqlite", "--calls", "3", "--customers", "200", "--warm-up", "2"]

    assert session_check.main(argv) == 0

    printed = capsys.readouterr().out
    assert "CPU per use case, ms, desk + server (3 calls of each, alternated):" in printed
    for kind in ("search", "open", "check", "reveal", "save", "end"):
        assert f"  {kind} " in printed
    assert "ms checked" in printed and "the check" in printed
    assert session_standing.session_refusal is refusal
