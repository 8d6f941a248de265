"""`custinfo init` on PostgreSQL: set up the role consoles connect through, and say so.

Where the account running `custinfo init` may not create roles (or does not own the
tables), it prints the SQL for the database administrator instead (docs/security.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from custinfo_tui.repository.console_role import ConsoleRoleSetUp


def set_up_console_role(engine: Engine) -> bool:
    """Create or renew the console's role and print what was done, or what a DBA must do;
    whether desks can now log in through it (always, on SQLite, which has no roles)."""
    from custinfo_tui.repository.console_role import set_up_console_role as set_up

    result = set_up(engine)
    if result is None:
        return True
    print(describe(result))
    return result.granted


def describe(result: ConsoleRoleSetUp) -> str:
    """What an administrator reads after `custinfo init`: done, or the SQL to run."""
    role = result.role
    if result.granted:
        done = "created the role" if result.created else "renewed the privileges of the role"
        return (
            f"PostgreSQL: {done} {role}: everything a console needs, but no UPDATE, "
            f"DELETE or TRUNCATE on audit_events. Consoles log in as their own login "
            f"roles in it, never as this schema owner, e.g.\n"
            f"  CREATE ROLE desk_01 LOGIN PASSWORD '...' IN ROLE {role};\n"
            "See docs/security.md."
        )
    sql = "\n".join(
        f"  {line}" for statement in result.sql_for_dba for line in statement.split("\n")
    )
    return (
        f"PostgreSQL: the console's role {role} is not set up: {result.problem}.\n"
        "Ask your database administrator to run this SQL as a superuser, connected to "
        f"the database {result.database}:\n"
        f"{sql}\n"
        f"Consoles then log in as their own login roles in {role} (docs/security.md). Run "
        "`custinfo init` again after each upgrade: once the role exists it renews the grants."
    )
