"""Statements compiled once per test process, not once per test's engine.

SQLAlchemy keeps the SQL it compiles from a statement in its engine's cache, keyed by the
statement's shape and by the engine's dialect object. A console builds one engine and keeps
it all day, so it compiles each statement once. The tests build an engine per test (each
test has a database of its own), so every test compiled every statement it ran afresh: a
fifth of an integration test's CPU in a profile.

`share_compiled_statements()` gives every engine the test process builds one cache, in
which a dialect is known by what compiling for it depends on (its class, its server's
version, its parameter style, its JSON functions), not by its object. Engines of the same
database kind, built by `build_engine` alike, compile alike, so a statement compiled for one
test's engine serves the next test's. The statements run exactly as compiled before: only
the compiling is not repeated. `CUSTINFO_TESTS_COMPILE=per-engine pytest` compiles per
engine, as before.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.util import LRUCache

#: Set to "per-engine" to give each engine its own cache, as SQLAlchemy does.
COMPILE_VARIABLE = "CUSTINFO_TESTS_COMPILE"

#: The statements the suite runs most stay; the rest give way, oldest use first.
_SIZE = 5_000


def _kind(dialect: Dialect) -> Hashable:
    """What compiling a statement for `dialect` depends on."""
    return (
        type(dialect),
        dialect.server_version_info,
        dialect.paramstyle,
        dialect.positional,
        getattr(dialect, "_json_serializer", None),
        getattr(dialect, "_json_deserializer", None),
        getattr(dialect, "_backslash_escapes", None),
    )


class SharedCompiledCache:
    """SQLAlchemy's compiled cache (`get` and item assignment are what it uses), keyed by
    the dialect's kind in place of the dialect object at the key's head."""

    def __init__(self, size: int = _SIZE) -> None:
        self._cache: LRUCache[Hashable, Any] = LRUCache(size)

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return self._cache.get(self._shared(key), default)

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        self._cache[self._shared(key)] = value

    def __len__(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        self._cache.clear()

    @staticmethod
    def _shared(key: tuple[Any, ...]) -> tuple[Any, ...]:
        dialect, *rest = key
        return (_kind(dialect), *rest)


_SHARED = SharedCompiledCache()


def _shared_cache(_engine: Engine) -> SharedCompiledCache:
    return _SHARED


def _kept_shared(_engine: Engine, _cache: object) -> None:
    """An engine sets its own cache as it is built: the shared one stays."""


def share_compiled_statements() -> None:
    """Every engine shares one compiled cache (module docstring): SQLAlchemy's
    `Engine._compiled_cache`, which each engine sets as it is built, read from one place."""
    if os.environ.get(COMPILE_VARIABLE) != "per-engine":
        Engine._compiled_cache = property(_shared_cache, _kept_shared)  # type: ignore[assignment]
