"""A password check that a test holds back, as on a busy machine, and a clock for the
console's key holds (tui/tab_in_order.py, tui/held_keys_wait.py) that it moves on at will:
a check outlasting the holds' time limits, without waiting them out."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest


class KeyHoldClock:
    """`time.monotonic` for the key holds, `ahead` of the real one. `read_since`: how often
    the holds have read it since it last moved on."""

    def __init__(self) -> None:
        self.ahead = 0.0
        self.read_since = 0

    @classmethod
    def installed(cls, monkeypatch: pytest.MonkeyPatch) -> KeyHoldClock:
        """A clock the key holds read for the rest of the test."""
        from custinfo_tui.tui import held_keys_wait, tab_in_order

        clock = cls()
        monkeypatch.setattr(tab_in_order, "monotonic", clock)
        monkeypatch.setattr(held_keys_wait, "monotonic", clock)
        return clock

    def __call__(self) -> float:
        self.read_since += 1
        return time.monotonic() + self.ahead

    def move_on(self, seconds: float) -> None:
        self.ahead += seconds
        self.read_since = 0


class HeldBackCheck:
    """A service function (`auth.authenticate`, `session_lock.unlock`) that, once `hold()`
    is called, waits in its thread until `answer()` (at most 10 seconds) before checking;
    `started` is set as a held check begins."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
        self.started = threading.Event()
        self._answer = threading.Event()
        self._answer.set()
        checked: Callable[..., Any] = getattr(module, name)

        def held_back(*args: Any, **kwargs: Any) -> Any:
            if not self._answer.is_set():
                self.started.set()
                self._answer.wait(10)
            return checked(*args, **kwargs)

        monkeypatch.setattr(module, name, held_back)

    def hold(self) -> None:
        """Hold back the checks from now until `answer()`."""
        self.started.clear()
        self._answer.clear()

    def answer(self) -> None:
        self._answer.set()
