"""What `custinfo train cohort` prints at an 80-column terminal (commands/train_output.py):
each line fits, a marking point's long title continuing under the title column."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custinfo_tui.commands.train_output import print_cohort
from custinfo_tui.domain.training.cohort import CohortRun, cohort
from custinfo_tui.domain.training.scorecard import Verdict


def test_at_80_columns_each_title_wraps_under_the_title_column(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found on the demo: "MP-08 ... Verify the caller's identity and any representative's
    authority first" ran to 92 columns, and the line above the table to 84."""
    verdicts = {"MP-08": Verdict.MET, "MP-04": Verdict.NOT_MET, "MP-12": Verdict.NOT_MET}
    started = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    run = CohortRun(
        run_id=1,
        trainee="agent",
        scenario_id="change-of-address",
        started_at=started,
        status="finished",
        verdicts=verdicts,
    )
    monkeypatch.setenv("COLUMNS", "80")

    print_cohort(cohort([run]), None)

    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= 79, [line for line in lines if len(line) > 79]
    assert lines[0] == "Met of scored over each trainee's last 5 scored runs, weakest points first."
    [mp08] = [i for i, line in enumerate(lines) if line.startswith("MP-08")]
    title_at = lines[1].index("title")
    assert lines[mp08][title_at:] == "Verify the caller's identity and any representative's"
    assert lines[mp08 + 1] == " " * title_at + "authority first"
