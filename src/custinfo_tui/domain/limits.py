"""Limits on operators' attempts, in a module light enough for the console's first frame."""

from __future__ import annotations

#: Wrong passwords at the idle-lock screen before the session is ended for safety (MP-11).
MAX_UNLOCK_ATTEMPTS = 5
