"""Peak memory of the console working on the 1,000,000-customer demo database.

    .venv/bin/python -m benchmarks.memory [--db PATH]

Runs the real console headless in a fresh process on the database `benchmarks.lookup`
builds: logs in as the demo agent, types a dozen searches of every kind (names with slips,
a phone, an e-mail, postcodes, a reference), opens a record in a call and verifies the
caller, then reports the process's peak resident set size. Target (issue 5): at most
150 MB. Prints the figure, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.lookup import DEFAULT_DB

SESSION = """
import json, resource, sys
from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings

SEARCHES = ["smiht", "jonh smiht", "taylro", "zoe", "j smith se1", "smith london",
            "07700 900123", "john.smith1@example.com", "SE1 2QT", "LS6", "1001 2345 P",
            "o'neill"]

async def session(pilot):
    await pilot.press(*"agent", "enter", *"agent-demo-2026", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)
    for text in SEARCHES:
        await pilot.press("ctrl+a", "ctrl+k", *text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
    await pilot.press("ctrl+a", "ctrl+k", *"john smith", "enter", "enter", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await pilot.press(*"12/04/1980", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)
    pilot.app.exit()

app = make_app(Settings(database_url=sys.argv[1]))
app.run(headless=True, size=(80, 24), auto_pilot=session)
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_mib": peak_kib / 1024}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"No database at {args.db}: run `python -m benchmarks.lookup` first.")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CUSTINFO_DATA_DIR": scratch, "CUSTINFO_LOG_DIR": scratch}
        out = subprocess.run(
            [sys.executable, "-c", SESSION, f"sqlite+pysqlite:///{args.db.resolve()}"],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    peak = json.loads(out.strip().splitlines()[-1])["peak_mib"]
    print(f"Console on {args.db.name}: peak RSS {peak:.0f} MiB (target at most 150 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
