"""The desks benchmark still runs: two desks for a second each on a small SQLite file.

The figures are read by people (docs/performance.md, "Many desks"); this only keeps the
script working as the services change, and checks that the mix a desk does goes through
without an error, audited and with the audit writes left out.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from benchmarks import desks


def test_the_desks_benchmark_runs_a_short_mix_without_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--backend", "sqlite", "--desks", "2", "--seconds", "1", "--customers", "200"]
    assert desks.main([*argv, "--warm-up", "2", "--db", str(tmp_path / "desks.db")]) == 0

    printed = capsys.readouterr().out
    assert "Warm-up: one console took 2 calls alone before the desks were forked" in printed
    assert "errors: 0" in printed
    assert "SQLite, 2 desks:" in printed
    assert "errors (audited): none" in printed
    assert "errors (unaudited): none" in printed
    assert "no desk ever gets an error: met" in printed


def test_desks_at_a_pace_wait_between_actions_and_the_throughput_is_not_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--pace`: each desk waits before every action, so in a one-second mix a desk gets
    through a call or two (eleven waits of 0.05 s on average each), where without a pace
    two desks finish a dozen or more; the report says the pace, and no desk gets an error."""
    argv = ["--backend", "sqlite", "--desks", "2", "--seconds", "1", "--customers", "200"]
    more = ["--pace", "0.05", "--warm-up", "0", "--db", str(tmp_path / "desks.db")]
    assert desks.main([*argv, *more]) == 0

    printed = capsys.readouterr().out
    assert "No warm-up: every desk starts as a fresh console." in printed
    calls = re.search(r"SQLite, 2 desks: .* \(([0-9]+) and ([0-9]+) calls\)", printed)
    assert calls is not None, printed
    assert int(calls[1]) <= 8 and int(calls[2]) <= 8, calls[0]
    assert "a desk waits 0.05 s on average before each action" in printed
    assert "Targets, SQLite (desks at a pace of 0.05 s an action):" in printed
    assert "errors (audited): none" in printed
    assert "no desk ever gets an error: met" in printed


def _mix(audited: bool, calls: int, seconds: float, search_ms: float = 5.0) -> desks.MixResult:
    times: dict[str, list[float]] = {kind: [] for kind in desks.KINDS}
    times["search"] = [search_ms] * (calls * 5)
    return desks.MixResult(32, audited, seconds, times, Counter(), calls, {}, [], 0)


def test_a_short_mix_at_32_desks_says_its_ratio_is_a_rough_figure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """About three calls a desk in each half of a 20-second mix: the ratio is judged, and
    said to move by about a tenth; six times as many calls say nothing more."""
    desks._print_targets("PostgreSQL", {32: (_mix(True, 192, 20.0), _mix(False, 192, 21.0))})
    printed = capsys.readouterr().out
    assert "32 desks, audited/unaudited throughput >= 0.9: met (1.05)" in printed
    assert "(about 3 calls a desk in each half of a mix: the ratio moves by about 0.1" in printed

    desks._print_targets("PostgreSQL", {32: (_mix(True, 599, 60.0), _mix(False, 695, 60.0))})
    printed = capsys.readouterr().out
    assert "NOT met (0.86)" in printed and "calls a desk in each half" not in printed


def test_a_search_p95_is_judged_where_it_is_a_handlers_wait_and_only_printed_where_desks_queue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Flat out, one desk's p95 is judged and 32 desks' is printed (their queue for the
    cores they share with the server); at a pace every desk count is judged."""
    one = (_mix(True, 100, 20.0, 7.8), _mix(False, 100, 20.0, 7.1))
    many = (_mix(True, 600, 60.0, 136.0), _mix(False, 650, 60.0, 115.0))
    desks._print_targets("PostgreSQL", {1: one, 32: many})
    printed = capsys.readouterr().out
    assert "search p95 < 25 ms (one desk, flat out): met (7.8 ms)" in printed
    assert "search p95 flat out (32 desks 136.0 ms): not judged" in printed

    paced = (_mix(True, 100, 60.0, 14.5), _mix(False, 100, 60.0, 13.2))
    slow = (_mix(True, 100, 60.0, 29.5), _mix(False, 100, 60.0, 30.0))
    desks._print_targets("PostgreSQL", {1: slow, 32: paced}, pace=2.0)
    printed = capsys.readouterr().out
    assert "search p95 < 25 ms (at a handler's pace, every desk count): NOT met (29.5 ms)" in (
        printed
    )
    assert "not judged, the desks share" not in printed
