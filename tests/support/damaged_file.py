"""A SQLite database file damaged on purpose, the way a failing disk or a copy cut short
leaves one: some of its pages overwritten with bytes that are no page at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

#: Not a page SQLite can read: its first byte is no page type.
NOISE_BYTE = b"\xa5"


def database_file(url: str) -> Path:
    """The file of a plain SQLite database URL."""
    database = make_url(url).database
    assert database, url
    return Path(database)


def damage(path: Path, *names: str) -> list[int]:
    """Overwrite every page of the tables and indexes `names` in the SQLite file `path`
    (closed, its log folded in); the page numbers overwritten."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        marks = ",".join("?" for _ in names)
        pages = [
            page
            for (page,) in connection.execute(
                f"SELECT pageno FROM dbstat WHERE name IN ({marks}) ORDER BY pageno", names
            )
        ]
    connection.close()
    assert pages, f"no pages of {names} in {path}"
    with path.open("r+b") as file:
        for page in pages:
            file.seek((page - 1) * page_size)
            file.write(NOISE_BYTE * page_size)
    return pages
