"""What `custinfo restore` says when pg_restore fails on PostgreSQL.

pg_restore's message is not printed whole: a failed COPY quotes the row it was loading,
and its CONTEXT and DETAIL lines can quote values. A refused permission is the exception
worth naming, since its cause is the usual one (the restore run with a desk's login, which
may create nothing) and its error line names an object, never a value: it is quoted, with
who should run the restore instead. Otherwise the command to run by hand is given whole.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from custinfo_tui.domain.text import printable

#: Words of a refused permission in pg_restore's error line ("permission denied to create
#: extension", "permission denied for schema public", "must be owner of table ...").
_REFUSED = ("permission denied", "must be owner of")


def restore_failure(returncode: int, stderr: str, database: str, source: Path) -> str:
    """Why the restore of `source` into `database` failed, and what to do, for a failed
    pg_restore (its exit status and standard error)."""
    said = _error_line(stderr)
    if said is not None and any(words in said.lower() for words in _REFUSED):
        return (
            "pg_restore failed: permission was refused to this database role, and nothing "
            "was restored. Restore as the role that owns the empty database (the owner "
            "`createdb -O` named, the one `custinfo init` runs as), not a console's role "
            f"(docs/backups.md). pg_restore said: {said}"
        )
    by_hand = shlex.join(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database}",
            str(source),
        ]
    )
    return (
        f"pg_restore failed (exit status {returncode}) and restored nothing; run it by hand "
        f"to see why, with the same login: {by_hand} (docs/backups.md)."
    )


def _error_line(stderr: str) -> str | None:
    """pg_restore's first error line, without the query or the context after it."""
    for line in stderr.splitlines():
        if line.startswith("pg_restore: error:"):
            return printable(" ".join(line.split())[:300])
    return None
