"""Values for an `IN (...)` list, a statement's worth at a time: well under SQLite's and
PostgreSQL's limits on a statement's parameters, however many values a run brings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

_T = TypeVar("_T")

#: Values sent in one IN (...) list.
IN_LIST_AT_MOST = 2_000


def in_lists(values: Sequence[_T]) -> Iterator[Sequence[_T]]:
    """`values` in runs of at most `IN_LIST_AT_MOST`, in order."""
    for start in range(0, len(values), IN_LIST_AT_MOST):
        yield values[start : start + IN_LIST_AT_MOST]
