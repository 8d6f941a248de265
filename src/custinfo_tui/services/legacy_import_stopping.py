"""Ctrl+C during an import's last step (services/legacy_import_batch.py, `finish_run`),
acted on at once (docs/import.md, "Interrupted imports").

The last step is a few long statements: the indexes a first import set aside, built, and
the one statement that looks for possible duplicates (half a minute for 200,000 rows).
Python takes a signal only between its own instructions, so a statement run on the main
thread held Ctrl+C until it ended. Here each statement runs on a thread of its own, with its
own unit of work, while the main thread waits where a signal reaches it; on Ctrl+C it stops
every statement still running (SQLite's interrupt, PostgreSQL's cancel: the repository's
`statement_stopper`), waits for each to end, rolled back, and passes the interrupt on. Each
step commits on its own or not at all, so nothing is left half written: the next run does
again what was not kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Self, TypeVar

from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

_T = TypeVar("_T")

#: How often a stop is asked again while a step has not ended: a statement started just
#: after the last request (the next of a step's statements) is stopped by the next one.
_ASK_AGAIN_SECONDS = 0.1


class StepStopped(Exception):
    """A step not begun, or ended, because the import is being stopped."""


class StoppableSteps:
    """Runs the last step's statements on threads, each step in its own unit of work, and
    stops them all when the block is left by an exception (Ctrl+C, or a step's failure)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, threads: int = 2) -> None:
        self._uow_factory = uow_factory
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="finishing")
        self._lock = threading.Lock()
        self._stoppers: dict[int, Callable[[], None]] = {}
        self._stopping = threading.Event()
        self._running: list[Future[object]] = []

    def submit(self, step: Callable[[UnitOfWork], _T]) -> Future[_T]:
        """Run `step` with a new unit of work on a thread; its result in the future."""
        future = self._pool.submit(self._run, step)
        self._running.append(future)  # type: ignore[arg-type]
        return future

    def run(self, step: Callable[[UnitOfWork], _T]) -> _T:
        """Run `step` as `submit` does and wait for its result, where Ctrl+C reaches."""
        return self.submit(step).result()

    def _run(self, step: Callable[[UnitOfWork], _T]) -> _T:
        with self._uow_factory() as uow:
            key = threading.get_ident()
            with self._lock:
                if self._stopping.is_set():
                    raise StepStopped
                self._stoppers[key] = uow.legacy_import.statement_stopper()
            try:
                return step(uow)
            finally:
                with self._lock:
                    del self._stoppers[key]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:
            self._stop()
        self._pool.shutdown(wait=True)

    def _stop(self) -> None:
        self._stopping.set()
        running = [future for future in self._running if not future.done()]
        while running:
            with self._lock:
                stoppers = list(self._stoppers.values())
            for stop in stoppers:
                stop()
            wait(running, timeout=_ASK_AGAIN_SECONDS)
            running = [future for future in running if not future.done()]
