"""The desks benchmark still runs: two desks for a second each on a small SQLite file.

The figures are read by people (docs/performance.md, "Many desks"); this only keeps the
script working as the services change, and checks that the mix a desk does goes through
without an error, audited and with the audit writes left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import desks


def test_the_desks_benchmark_runs_a_short_mix_without_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--backend", "sqlite", "--desks", "2", "--seconds", "1", "--customers", "200"]
    assert desks.main([*argv, "--db", str(tmp_path / "desks.db")]) == 0

    printed = capsys.readouterr().out
    assert "SQLite, 2 desk(s):" in printed
    assert "errors (audited): none" in printed
    assert "errors (unaudited): none" in printed
    assert "no desk ever gets an error: met" in printed
