"""Console start to first interactive frame, beside a bare Textual app started the same way.

    .venv/bin/python -m benchmarks.startup [--runs N]

Each run is a fresh `python` process (so imports are counted) that starts the app headless
and stops when the first screen has been painted and can take keys; the parent times the
whole process. The console runs on an empty temporary data directory, as on a new desk.
Target (issue 5): the console at most 1.3x the bare app. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

# Both apps stop from Textual's auto-pilot hook, which runs once the app is ready: its
# first screen composed, painted and taking input.
STOP = """
async def stop(pilot):
    pilot.app.exit()
"""

BARE = (
    """
from textual.app import App
from textual.widgets import Footer, Header, Input

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Input()
        yield Footer()
"""
    + STOP
    + "Bare().run(headless=True, auto_pilot=stop)\n"
)

# The console as `custinfo run` builds it: the command-line module is imported, and the
# settings are read by the loader thread.
CONSOLE = (
    """
from custinfo_tui.cli import _settings
from custinfo_tui.composition import make_app
"""
    + STOP
    + "make_app(lambda: _settings(None, console=True)).run(headless=True, auto_pilot=stop)\n"
)


def _time(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "CUSTINFO_DATA_DIR": data, "CUSTINFO_LOG_DIR": data}
        env.pop("CUSTINFO_DATABASE_URL", None)
        _time(BARE, env), _time(CONSOLE, env)  # warm the file cache and bytecode
        bare = [_time(BARE, env) for _ in range(args.runs)]
        console = [_time(CONSOLE, env) for _ in range(args.runs)]
    b, c = statistics.median(bare), statistics.median(console)
    print(f"Start to first frame, median of {args.runs} runs (seconds)")
    print(f"  bare Textual app  {b:.3f}  (min {min(bare):.3f})")
    print(f"  custinfo console  {c:.3f}  (min {min(console):.3f})")
    print(f"  ratio             {c / b:.2f}x  (target at most 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
