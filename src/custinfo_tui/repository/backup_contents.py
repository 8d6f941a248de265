"""What a SQLite database holds, read for comparing it with a backup (docs/backups.md):
the newest row of each table of work, the rows added since, the customers each legacy
import stored since, the audit trail's first event, and the schema's triggers against
what the migrations define. Ids, counts, hashes and file names only, never a value.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, distinct, func, inspect, or_, select, text

from custinfo_tui.domain.backups import ImportedSince, ReplacedTrail
from custinfo_tui.repository.engine import build_engine, sqlite_url
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.repository.orm import AuditEventRow, AuditSealRow

#: The tables whose rows are work someone did: a row past the backup's newest is work a
#: restore loses, whether or not an event records it yet (an unfinished import has none).
WORK_TABLES = (
    "customers",
    "interactions",
    "consents",
    "representatives",
    "complaints",
    "discrepancy_reports",
    "subject_access_requests",
    "processing_restrictions",
    "legal_holds",
    "disclosures",
    "breaches",
    "training_runs",
)


def newest_ids(engine: Engine) -> dict[str, int]:
    """The newest row id of each of `WORK_TABLES` (0 for an empty table)."""
    with engine.connect() as connection:
        return {
            table: int(
                connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
            )
            for table in WORK_TABLES
        }


def rows_after(engine: Engine, newest: Mapping[str, int]) -> dict[str, int]:
    """How many rows of each of `WORK_TABLES` come after the backup's `newest` ids, the
    customers a legacy import stored left out (`imports_after` counts them): only tables
    with such rows. A table the backup did not know (a newer schema) counts whole."""
    found: dict[str, int] = {}
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in (table for table in WORK_TABLES if table in present):
            query = f"SELECT count(*) FROM {table} WHERE id > :after"
            if table == "customers" and "legacy_import_customers" in present:
                query += " AND id NOT IN (SELECT customer_id FROM legacy_import_customers)"
            count = int(
                connection.execute(text(query), {"after": newest.get(table, 0)}).scalar_one()
            )
            if count:
                found[table] = count
    return found


def imports_after(engine: Engine, newest_customer: int) -> list[ImportedSince]:
    """The customers each legacy import stored after the backup's newest customer, oldest
    import first, finished or not."""
    if "legacy_import_customers" not in inspect(engine).get_table_names():
        return []
    query = text(
        "SELECT li.file_name, li.finished_at IS NOT NULL, count(*) "
        "FROM legacy_import_customers AS lic JOIN legacy_imports AS li ON li.id = lic.import_id "
        "WHERE lic.customer_id > :after GROUP BY li.id, li.file_name, li.finished_at "
        "ORDER BY li.id"
    )
    with engine.connect() as connection:
        rows = connection.execute(query, {"after": newest_customer}).all()
    return [
        ImportedSince(file_name=str(name), finished=bool(finished), customers=int(count))
        for name, finished, count in rows
    ]


def first_event_hash(engine: Engine) -> str | None:
    """The hash of the audit trail's first event: which database this is."""
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT hash FROM audit_events ORDER BY id LIMIT 1")
        ).scalar_one_or_none()
    return None if found is None else str(found)


def events_not_among(engine: Engine, held: Mapping[int, str]) -> int:
    """How many audit events the database stores that `held` (event id to hash: a dump's
    trail) does not: by id and hash, as PostgreSQL's ids do not follow time."""
    missing = 0
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=10_000).execute(
            text("SELECT id, hash FROM audit_events")
        )
        for event_id, event_hash in rows:
            missing += held.get(int(event_id)) != event_hash
    return missing


def replaced_trail(engine: Engine, backup_heads: Mapping[int, int]) -> ReplacedTrail:
    """How far the trail of the database a restore replaces had got, and what of it a
    backup whose chains end at `backup_heads` (chain -> newest event id; empty for another
    database's backup) lacks: ids rise along each chain, so every event past its chain's
    end there, on either database. Counted with the operators who recorded those events,
    in SQL (no event is loaded)."""
    row = AuditEventRow
    lacked = [or_(row.chain != chain, row.id > newest) for chain, newest in backup_heads.items()]
    with engine.connect() as connection:
        newest_id, newest_at = connection.execute(
            select(func.max(row.id), func.max(row.occurred_at))
        ).one()
        count, operators = connection.execute(
            select(func.count(), func.count(distinct(row.operator_id)))
            .select_from(row.__table__)
            .where(*lacked)
        ).one()
        seal = connection.execute(select(func.max(AuditSealRow.id))).scalar_one()
    return ReplacedTrail(
        newest_event_id=newest_id,
        newest_event_at=newest_at,
        events_not_in_backup=int(count),
        operators_not_in_backup=int(operators),
        newest_seal_id=seal,
    )


def audit_event_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one())


def triggers(engine: Engine) -> dict[str, str]:
    """Every trigger of a SQLite database, by name, with the SQL that created it."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        ).all()
    return {str(name): str(sql) for name, sql in rows}


@cache
def migrations_triggers() -> dict[str, str]:
    """The triggers the migrations define at head (the audit trail's guards), read from a
    scratch database migrated from nothing: what a restored database must have."""
    with tempfile.TemporaryDirectory(prefix="custinfo-schema-") as folder:
        engine = build_engine(sqlite_url(Path(folder) / "schema.db"))
        try:
            upgrade_to_head(engine)
            return triggers(engine)
        finally:
            engine.dispose()


def put_back_triggers(engine: Engine) -> list[str]:
    """Make a database at head have exactly the triggers its migrations define: each one
    missing or altered created again from the migrations, each other one dropped. The names
    of the triggers put back or dropped, sorted; [] when they were as defined."""
    expected = migrations_triggers()
    present = triggers(engine)
    wrong = sorted(
        name
        for name in {*expected, *present}
        if _normalised(present.get(name)) != _normalised(expected.get(name))
    )
    if wrong:
        with engine.begin() as connection:
            for name in wrong:
                quoted = name.replace('"', '""')
                connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{quoted}"')
                if name in expected:
                    connection.exec_driver_sql(expected[name])
    return wrong


def _normalised(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())
