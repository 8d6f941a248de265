"""The `with` statement for an open file of the legacy import's (its CSV, the prefix read
again on resuming, the rejects file): closed on leaving the block, however it is left, so
no handle is kept on a file an import has done with or stopped in."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class ClosedOnExit:
    """`with` gives the object itself and calls its `close` on the way out."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
