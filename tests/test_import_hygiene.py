"""The login screen paints before the heavy libraries load (docs/performance.md, start-up).

The console starts as `custinfo run` starts it, in a fresh process so every import counts;
its services loader is held back until the first frame has been looked at, so what is in
`sys.modules` then is what painting the login screen needed, not what the loader thread
happened to reach.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Loaded in the services thread after the first frame; never needed to paint the login.
LOADED_AFTER_FIRST_FRAME = ("sqlalchemy", "pydantic", "phonenumbers")

FIRST_FRAME = f"""
import json, sys, threading

from custinfo_tui.cli import _settings
from custinfo_tui.composition import make_app

first_frame_seen = threading.Event()

def settings_after_first_frame():
    first_frame_seen.wait()
    return _settings(None, console=True)

seen = {{}}

async def look_at_first_frame(pilot):
    seen["screen"] = type(pilot.app.screen).__name__
    seen["loaded"] = sorted(
        {{name.partition(".")[0] for name in sys.modules}} & set({LOADED_AFTER_FIRST_FRAME!r})
    )
    pilot.app.exit()

make_app(settings_after_first_frame).run(headless=True, auto_pilot=look_at_first_frame)
print(json.dumps(seen))
"""


def test_login_screen_paints_without_the_database_and_validation_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "LoginScreen"
    assert seen["loaded"] == []
