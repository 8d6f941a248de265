"""Checking a legacy import's rows (services/legacy_import.py), in this process or in a pool
of worker processes, each row with the console's own validators (domain/legacy_import.py),
a few chunks in flight at a time and the results back in the file's order.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from itertools import islice
from multiprocessing import get_context
from multiprocessing.context import BaseContext, ForkProcess
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from custinfo_tui.domain.legacy_import import CheckedRow, ImportMapping, check_row
from custinfo_tui.services.legacy_import_reading import Row

#: Rows sent to a worker at a time.
CHUNK_ROWS = 1_000

_Chunk = list[Row]
_worker_state: tuple[ImportMapping, dict[str, int], int] | None = None


class Checker:
    """Checks chunks of rows, in order: in this process, or in `workers` processes with a
    few chunks in flight (never the whole file: memory stays flat)."""

    def __init__(
        self,
        mapping: ImportMapping,
        positions: dict[str, int],
        width: int,
        workers: int,
        batch_rows: int,
    ) -> None:
        self._state = (mapping, positions, width)
        self._pool: Pool | None = None
        if workers > 0:
            # fork: a worker starts in milliseconds with everything already imported; it
            # never touches the database connection it inherits.
            self._pool = _QuietPool(
                workers,
                initializer=_start_worker,
                initargs=(self._state, os.getpid()),
                context=get_context("fork"),
            )
        # A batch and a half of rows in flight: while this process stores one batch, the
        # workers check the next instead of waiting for it.
        self._in_flight = max(2 * workers + 2, 3 * batch_rows // (2 * CHUNK_ROWS))

    def check(self, rows: Iterator[Row]) -> Iterator[list[CheckedRow]]:
        if self._pool is None:
            global _worker_state
            _worker_state = self._state
            while chunk := list(islice(rows, CHUNK_ROWS)):
                yield _check_chunk(chunk)
            return
        pending: deque[AsyncResult[list[CheckedRow]]] = deque()
        while chunk := list(islice(rows, CHUNK_ROWS)):
            pending.append(self._pool.apply_async(_check_chunk, (chunk,)))
            if len(pending) >= self._in_flight:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


class _QuietWorker(ForkProcess):
    """A pool worker that ends quietly when its parent is gone. A parent killed (SIGKILL)
    closes its end of the pipes: the worker's next result cannot be sent, and the pool's
    own loop, trying to send it twice, raised BrokenPipeError twice, which multiprocessing
    printed to the terminal as "Process ForkPoolWorker-1: Traceback ..." under whatever the
    administrator was doing next. Nobody is left to read a result or an error: it exits."""

    def run(self) -> None:
        try:
            super().run()
        except (BrokenPipeError, ConnectionResetError, EOFError):
            os._exit(1)


class _QuietPool(Pool):
    """A pool of `_QuietWorker`s (fork)."""

    @staticmethod
    def Process(ctx: BaseContext, *args: Any, **kwds: Any) -> Any:  # a ForkProcess
        return _QuietWorker(*args, **kwds)


#: How much lower a worker's scheduling priority is than the importing process's (nice).
WORKER_NICENESS = 10


def _start_worker(state: tuple[ImportMapping, dict[str, int], int], parent: int) -> None:
    """A worker's set-up: the mapping; Ctrl+C is the parent's to handle; a lower priority;
    and a watchdog, so a worker whose parent was killed (SIGKILL) does not live on.

    The importing process is the import's critical path: SQLite has one writer, and it
    stores every row and does the last step alone. With as many workers as cores, the
    workers took a share of its core whenever they had chunks to check, and the import took
    longer than its CPU time; at a lower priority they check with the CPU it leaves, which
    is enough to keep ahead of it (docs/performance.md).
    """
    global _worker_state
    _worker_state = state
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
    gc.disable()  # as in the importing process; each chunk collects the young generation

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _check_chunk(chunk: _Chunk) -> list[CheckedRow]:
    assert _worker_state is not None
    mapping, positions, width = _worker_state
    gc.collect(0)
    # A row the reading refused whole (a quote never closed...) comes with its refusal.
    return [
        (number, cells if isinstance(cells, tuple) else check_row(mapping, positions, width, cells))
        for number, cells in chunk
    ]
