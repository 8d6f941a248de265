"""Whether a SQLite database's file is sound: SQLite's own integrity checks.

`PRAGMA integrity_check` reads every page and checks every index against its table;
`PRAGMA quick_check` reads every page too but skips the index-against-table comparison,
which is most of the cost. Either can be asked of one table (and its indexes) only. What
they say is about pages, cells and indexes, never about the values stored: `custinfo
backup` and `restore` check a copy with the first, `custinfo doctor` the live database
with the second, and `custinfo audit verify` the audit trail's tables with it
(docs/backups.md, "A damaged database").
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

#: How many of SQLite's findings are said: the first few tell a damaged file well enough.
SAID_PROBLEMS = 3


def integrity_problem(engine: Engine, *, quick: bool = False) -> str | None:
    """None when SQLite's integrity check (`quick`: its quick check) finds the file sound;
    else what SQLite said, its first few findings (about pages and indexes, never values).
    A file too damaged to be read at all is said in SQLite's words for that."""
    try:
        with engine.connect() as connection:
            return checked(connection, quick=quick)
    except DBAPIError as error:
        return first_line(error)


def checked(connection: Connection, *, quick: bool = True, table: str | None = None) -> str | None:
    """What SQLite's (quick) check finds wrong over `connection`, of the whole file or of
    one `table` and its indexes; None when nothing. Raises the driver's error when a page
    it needs cannot be read at all (`first_line` words it)."""
    pragma = "quick_check" if quick else "integrity_check"
    argument = table if table is not None else "100"  # a table, or at most 100 findings
    rows = connection.exec_driver_sql(f"PRAGMA {pragma}({argument})").scalars().all()
    if [str(row) for row in rows] == ["ok"]:
        return None
    # A row can hold several lines ("*** in database main ***" and the first problem).
    said = [line.strip() for row in rows for line in str(row).splitlines()]
    return "; ".join([line for line in said if line and not line.startswith("***")][:SAID_PROBLEMS])


def first_line(error: DBAPIError) -> str:
    """SQLite's own words for a page or file it could not read (about pages and headers,
    never values)."""
    return str(error.orig).splitlines()[0] if error.orig is not None else "unreadable"
