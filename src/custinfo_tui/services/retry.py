"""Running a use case again when the database asks for it, so the handler never sees it.

A busy SQLite file, a PostgreSQL serialization failure or a deadlock ends the transaction
with `RetryableStorageError` (repository/unit_of_work.py), and nothing of it was kept.
A use case that commits once, in one unit of work, can then simply run again, from a
fresh unit of work: `ConsoleServices` (services/console/) wraps its calls in this.
Use cases that write a file before committing, or commit more than once, are not wrapped
whole (see docs/architecture.md, "Retrying when the database asks").
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from custinfo_tui.repository.errors import RetryableStorageError
from custinfo_tui.services.outages import DatabaseNotAnswering

P = ParamSpec("P")
T = TypeVar("T")

#: Runs in all, the first included; then the handler is told the database did not answer
#: (services/outages.py).
ATTEMPTS = 5
#: The first wait's ceiling in seconds, doubled for each further wait, and the cap.
FIRST_WAIT = 0.02
LONGEST_WAIT = 0.5
#: How the retry waits (a test puts its own here to act while the use case waits).
wait: Callable[[float], None] = time.sleep


def backoff(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """Seconds to wait before run `attempt + 1`: "full jitter", anywhere from nothing to a
    ceiling that doubles each time, so desks that collided do not collide again in step."""
    return rng() * min(LONGEST_WAIT, FIRST_WAIT * 2.0 ** (attempt - 1))


def run_again_when_asked(use_case: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """`use_case()`, run again (after a jittered back-off) while the database asks for it.

    `use_case` must open its own unit of work each time it is called.
    """
    for attempt in range(1, attempts + 1):
        try:
            return use_case()
        except RetryableStorageError:
            if attempt == attempts:
                raise DatabaseNotAnswering() from None
            wait(backoff(attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def retried(method: Callable[P, T]) -> Callable[P, T]:
    """Decorates a console call that runs one use case committing once (see the module)."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_again_when_asked(lambda: method(*args, **kwargs))

    return run
