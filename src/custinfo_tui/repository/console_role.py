"""The PostgreSQL role consoles connect through: all a console does, and no rewriting of the
audit trail (docs/security.md, "An audit trail the console cannot rewrite").

`custinfo_console` is a NOLOGIN group role. The schema owner, who runs the migrations
(`custinfo init`), stays a separate role; each desk, or the contact centre's service
account, logs in as its own login role made a member of `custinfo_console`, with the
password or certificate the database administrator manages. custinfo never handles those
passwords.

The privileges are set from scratch on every `custinfo init` (REVOKE ALL, then the GRANTs),
so they follow new tables after an upgrade and undo anything wider granted by hand.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from custinfo_tui.repository.orm import Base

CONSOLE_ROLE = "custinfo_console"

#: Tables the console may not change freely, and what it may do with them instead.
LIMITED_TABLES: dict[str, tuple[str, ...]] = {
    # Append-only: read and add events; never UPDATE, DELETE or TRUNCATE.
    "audit_events": ("SELECT", "INSERT"),
    # Every append moves a chain's head (migration 0010 lets it move only forward).
    "audit_chain_head": ("SELECT", "UPDATE"),
    # Append-only like the events: consoles seal in the background (migration 0020).
    "audit_seals": ("SELECT", "INSERT"),
    # The console checks that the schema is current; only `custinfo init` migrates.
    "alembic_version": ("SELECT",),
}
#: Every other table of custinfo's: the customer records, operators, calls and queues.
ROW_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True, slots=True)
class ConsoleRoleSetUp:
    """What `custinfo init` did about the console's role, or what it needs someone to do."""

    role: str
    #: The database it was set up in (grants are per database; the role is the server's).
    database: str
    #: The role was created by this run (it did not exist before).
    created: bool
    #: The grants are in place.
    granted: bool
    #: Why this run could not do it all itself (empty when it could).
    problem: str = ""
    #: The SQL a database administrator runs instead (empty when nothing is left to do).
    sql_for_dba: tuple[str, ...] = ()
    #: Run with a desk's login (a member of the role, owning nothing): nothing for a DBA
    #: to do, `init` was run with the wrong login.
    desk_login: bool = False


def console_tables() -> list[str]:
    """custinfo's tables, with Alembic's version table."""
    return sorted([*Base.metadata.tables, "alembic_version"])


def console_role_sql(
    *,
    role: str,
    database: str,
    schema: str,
    tables: Iterable[str],
    sequences: Iterable[str],
    create_role: bool,
    grant_connect: bool,
    grant_schema_usage: bool,
    quote: QuoteIdentifier,
) -> list[str]:
    """The statements that give `role` exactly the console's privileges, in order.

    `sequences` are already schema-qualified and quoted (as PostgreSQL names them).
    CONNECT and the schema's USAGE are PUBLIC's by default; only their owners (or a
    superuser) may grant them, so the owner of the tables grants them only when it can.
    """

    def names(items: Iterable[str]) -> str:
        return ", ".join(items)

    def qualified(names_: Iterable[str]) -> list[str]:
        return [f"{quote(schema)}.{quote(name)}" for name in sorted(names_)]

    who = quote(role)
    all_tables = qualified(tables)
    row_tables = qualified(name for name in tables if name not in LIMITED_TABLES)
    statements = [f"CREATE ROLE {who} NOLOGIN"] if create_role else []
    if grant_connect:
        statements.append(f"GRANT CONNECT ON DATABASE {quote(database)} TO {who}")
    if grant_schema_usage:
        statements.append(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}")
    statements += [
        f"REVOKE ALL ON TABLE {names(all_tables)} FROM {who}",
        f"GRANT {names(ROW_PRIVILEGES)} ON TABLE {names(row_tables)} TO {who}",
    ]
    statements += [
        f"GRANT {names(privileges)} ON TABLE {qualified([table])[0]} TO {who}"
        for table, privileges in LIMITED_TABLES.items()
    ]
    sorted_sequences = sorted(sequences)
    if sorted_sequences:
        statements += [
            f"REVOKE ALL ON SEQUENCE {names(sorted_sequences)} FROM {who}",
            # nextval for new rows; no UPDATE, so no setval to make ids collide.
            f"GRANT USAGE ON SEQUENCE {names(sorted_sequences)} TO {who}",
        ]
    return [_wrapped(statement) for statement in statements]


class QuoteIdentifier:
    """Quotes a PostgreSQL identifier only where it needs quoting, as the dialect does."""

    def __init__(self, engine: Engine) -> None:
        self._preparer = engine.dialect.identifier_preparer

    def __call__(self, name: str) -> str:
        return str(self._preparer.quote(name))


def set_up_console_role(engine: Engine, role: str = CONSOLE_ROLE) -> ConsoleRoleSetUp | None:
    """Create the console's role if allowed and grant it exactly what a console needs.

    Run by the schema owner after migrating. None on SQLite, which has no roles (its guard
    is the triggers of migration 0010). Without the right to create roles, or without
    owning the tables, nothing is changed and the result carries the SQL for a DBA.
    """
    if engine.dialect.name != "postgresql":
        return None
    quote = QuoteIdentifier(engine)
    with engine.begin() as connection:
        exists = _role_exists(connection, role)
        database, schema, may_create_roles, owns_tables, owns_schema = connection.execute(
            text(
                "SELECT current_database(), current_schema(), "
                "(SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user), "
                "(SELECT pg_has_role(relowner, 'USAGE') FROM pg_class "
                " WHERE oid = to_regclass(quote_ident(current_schema()) || '.audit_events')), "
                "(SELECT pg_has_role(nspowner, 'USAGE') FROM pg_namespace "
                " WHERE nspname = current_schema())"
            )
        ).one()
        if exists and not owns_tables and _is_member(connection, role):
            return ConsoleRoleSetUp(role, database, False, False, desk_login=True)

        sequences = _sequences(connection, schema, quote)

        def sql(*, by_dba: bool) -> list[str]:
            return console_role_sql(
                role=role,
                database=database,
                schema=schema,
                tables=console_tables(),
                sequences=sequences,
                create_role=not exists,
                grant_connect=by_dba,
                grant_schema_usage=by_dba or bool(owns_schema),
                quote=quote,
            )

        problem = ""
        if not owns_tables:
            problem = "this database role does not own custinfo's tables"
        elif not exists and not may_create_roles:
            problem = "this database role may not create roles (it has no CREATEROLE)"
        if problem:
            return ConsoleRoleSetUp(role, database, False, False, problem, tuple(sql(by_dba=True)))
        for statement in sql(by_dba=False):
            connection.execute(text(statement))
    return ConsoleRoleSetUp(role, database, created=not exists, granted=True)


def _is_member(connection: Connection, role: str) -> bool:
    """Whether the connection's login is in `role` (a desk's login role)."""
    member = connection.execute(
        text("SELECT pg_has_role(current_user, :role, 'MEMBER')"), {"role": role}
    )
    return bool(member.scalar_one())


def _role_exists(connection: Connection, role: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role})
    return found.first() is not None


def _sequences(connection: Connection, schema: str, quote: QuoteIdentifier) -> Sequence[str]:
    """The sequences behind custinfo's id columns, as PostgreSQL names them."""
    found = []
    for table in Base.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": f"{quote(schema)}.{quote(table.name)}", "column": column.name},
        ).scalar_one()
        if sequence is not None:
            found.append(str(sequence))
    return found


def _wrapped(statement: str) -> str:
    """One statement, wrapped at commas so the printed SQL stays readable; ends with `;`."""
    return textwrap.fill(
        statement + ";",
        width=92,
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
