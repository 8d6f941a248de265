"""The console's PostgreSQL role: the SQL for a DBA, and docs/security.md showing the same."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine

from custinfo_tui.repository.console_role import (
    CONSOLE_ROLE,
    QuoteIdentifier,
    console_role_sql,
    console_tables,
)
from custinfo_tui.repository.orm import Base

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def _sql_for_dba(database: str = "custinfo", role: str = CONSOLE_ROLE) -> list[str]:
    # PostgreSQL names a serial column's sequence <table>_<column>_seq.
    sequences = [
        f"public.{table.name}_{table.autoincrement_column.name}_seq"
        for table in Base.metadata.sorted_tables
        if table.autoincrement_column is not None
    ]
    return console_role_sql(
        role=role,
        database=database,
        schema="public",
        tables=console_tables(),
        sequences=sequences,
        create_role=True,
        grant_connect=True,
        grant_schema_usage=True,
        quote=QuoteIdentifier(create_engine("postgresql+psycopg://")),
    )


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_audit_trail_is_only_read_and_appended_to() -> None:
    statements = [_words(statement) for statement in _sql_for_dba()]

    assert "GRANT SELECT, INSERT ON TABLE public.audit_events TO custinfo_console;" in statements
    granted = [s for s in statements if s.startswith("GRANT") and "audit_events " in s]
    assert granted == ["GRANT SELECT, INSERT ON TABLE public.audit_events TO custinfo_console;"]
    assert not any(s.startswith("GRANT") and "TRUNCATE" in s for s in statements)


def test_every_custinfo_table_has_its_privileges_reset() -> None:
    revoke = next(s for s in map(_words, _sql_for_dba()) if s.startswith("REVOKE ALL ON TABLE"))
    for table in console_tables():
        assert f"public.{table}" in revoke


def test_names_that_need_quoting_are_quoted() -> None:
    statements = _sql_for_dba(database="Custinfo Live", role="console-live")
    assert statements[0] == 'CREATE ROLE "console-live" NOLOGIN;'
    assert 'GRANT CONNECT ON DATABASE "Custinfo Live" TO "console-live";' in statements


def test_docs_give_the_dba_the_same_sql() -> None:
    block = re.search(
        r"```sql\n(CREATE ROLE custinfo_console NOLOGIN;.*?)```", DOC.read_text(), re.S
    )
    assert block is not None, "docs/security.md has lost the SQL for the DBA"
    assert _words(block.group(1)) == _words("\n".join(_sql_for_dba()))
