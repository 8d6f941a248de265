"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite has no time zone support and hands back naive datetimes; PostgreSQL returns
    aware ones. Storing UTC and re-attaching the zone on the way out means services and
    the audit hash see one representation whichever database a desk points at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def search_key_type(length: int) -> String:
    """A string column for folded search keys, compared byte-wise on every backend.

    Prefix searches run as range scans (`key >= 'smi' AND key < 'smi\\U0010ffff'`), which an
    index serves only when the column sorts by code point: SQLite's BINARY collation does,
    and on PostgreSQL the column is declared with the "C" collation.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")
