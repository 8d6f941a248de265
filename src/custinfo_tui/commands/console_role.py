"""`custinfo init` on PostgreSQL: set up the role consoles connect through, and say so.

Where the account running `custinfo init` may not create roles (or does not own the
tables), it prints the SQL for the database administrator instead (docs/security.md).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import ToRun, say

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from custinfo_tui.repository.console_role import ConsoleRoleSetUp


def set_up_console_role(engine: Engine, sql_file: Path | None = None) -> bool:
    """Create or renew the console's role and print what was done, or what a DBA must do
    (the SQL, or with `sql_file` where it was written); whether desks can now log in
    through it (always, on SQLite, which has no roles)."""
    from custinfo_tui.repository.console_role import set_up_console_role as set_up

    result = set_up(engine)
    if result is None:
        return True
    if result.desk_login:
        from custinfo_tui.services.errors import ServiceError

        raise ServiceError(desk_login(result.role))
    written = None
    if sql_file is not None and not result.granted:
        written = _written(result, sql_file)
    say(*describe(result, written))
    return result.granted


def _written(result: ConsoleRoleSetUp, sql_file: Path) -> Path | None:
    """The DBA's SQL written to `sql_file` (replacing it), as `psql -f` runs it; None,
    having said why, when it cannot be (the SQL is then printed instead)."""
    from custinfo_tui.private_files import missing_folder, unwritable_reason

    target = sql_file.expanduser().absolute()
    problem = None
    if not target.parent.is_dir():
        problem = missing_folder(target.parent, "name a file elsewhere")
    elif target.is_dir():
        problem = f"{target} is a folder: name a file in it."
    else:
        try:
            _write_for_the_dba(target, "".join(f"{s}\n" for s in result.sql_for_dba))
        except OSError as error:
            problem = f"cannot write {target}: {unwritable_reason(error)}."
    if problem is None:
        return target
    print(f"The SQL is not written to a file: {problem} It is printed below instead.")
    return None


def desk_login(role: str) -> str:
    """What `custinfo init` says run with a desk's login: the owner's work, not a DBA's."""
    return (
        f"this is a desk's login, a member of {role}, not the role that owns custinfo's "
        "tables: run `custinfo init` as that owner, the one `createdb -O` named "
        '(docs/configuration.md, "PostgreSQL"). Nothing was changed.'
    )


#: The SQL file's permissions, whatever the umask: the superuser who runs it (often
#: another account, `postgres`) can read it; nobody but its owner can change it.
SQL_FILE_MODE = 0o644


def _write_for_the_dba(target: Path, sql: str) -> None:
    """Write `sql` to `target` as a new file (0644) that then takes its name.

    A superuser runs this file: one others could change (a umask of 002 left it writable
    by the group, 000 by everyone) or one already there that another account owns, or a
    link at that name to a file of theirs, would run their SQL with a superuser's rights.
    The new file replaces whatever has the name, link or file, and is never written
    through it; one the folder does not let this account replace is refused.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SQL_FILE_MODE)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), SQL_FILE_MODE)
            file.write(sql)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def describe(result: ConsoleRoleSetUp, written: Path | None = None) -> list[str | ToRun]:
    """What an administrator reads after `custinfo init`: done, or the SQL to run (or the
    file it was written to); its prose to be wrapped at words, its SQL kept whole."""
    role = result.role
    if result.granted:
        done = "created the role" if result.created else "renewed the privileges of the role"
        return [
            f"PostgreSQL: {done} {role}: everything a console needs, but no UPDATE, "
            f"DELETE or TRUNCATE on audit_events. Consoles log in as their own login "
            f"roles in it, never as this schema owner, e.g.",
            ToRun(f"CREATE ROLE desk_01 LOGIN PASSWORD '...' IN ROLE {role};"),
            "See docs/security.md.",
        ]
    ask: list[str | ToRun]
    if written is not None:
        # The whole path, quoted for a shell: the command works from any folder.
        psql = f"psql -d {shlex.quote(result.database)} -f {shlex.quote(str(written))}"
        ask = [
            printable(
                f"The SQL is in {written}: ask your database administrator to run it as a "
                f"superuser, connected to the database {result.database}:"
            ),
            ToRun(psql),
        ]
    else:
        ask = [
            "Ask your database administrator to run this SQL as a superuser, connected to "
            f"the database {result.database} (or give `--role-sql FILE` to have it written "
            "to a file):",
            *(ToRun(line) for statement in result.sql_for_dba for line in statement.split("\n")),
        ]
    return [
        f"PostgreSQL: the console's role {role} is not set up: {result.problem}.",
        *ask,
        f"Consoles then log in as their own login roles in {role} (docs/security.md). Run "
        "`custinfo init` again after each upgrade: once the role exists it renews the grants.",
    ]
