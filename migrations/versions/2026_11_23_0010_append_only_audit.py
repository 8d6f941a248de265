"""An audit trail the database itself keeps append-only: triggers refuse to change events.

The hash chain shows tampering after the fact; these triggers stop it where the database
can. On both databases:

- `audit_events_no_update`, `audit_events_no_delete`: no stored event is ever changed or
  removed. The application needs neither: it computes an event's hash before inserting it,
  and events hold no personal values, so erasure never touches them.
- `audit_chain_head_no_delete`, `audit_chain_head_forward_only`: the chain head is kept
  (every append needs it) and moves only forward, to a stored event and that event's own
  hash. Rolling it back would make every later append collide with a used `prev_hash`.

PostgreSQL also refuses TRUNCATE of either table (`audit_events_no_truncate`,
`audit_chain_head_no_truncate`). The triggers hold for every role, the owner included; the
console's role (`custinfo init`, docs/security.md) has no UPDATE, DELETE or TRUNCATE on
`audit_events` in the first place. Only the table's owner can drop or disable a trigger,
which is a deliberate act outside the console, and what `custinfo audit verify` is for.

The guard functions name their tables with the schema: an unqualified name would resolve
to a temporary table of the same name that a console's session could create.

On SQLite, a later migration that rebuilds `audit_events` in batch mode (copy and rename)
loses its triggers and must drop these first and create them again afterwards.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The head may stay as it is (the SQLite append's locking no-op) or move forward to a
#: stored event carrying that hash.
SQLITE_HEAD_MOVE_ALLOWED = """
    NEW.id IS OLD.id AND (
        (NEW.last_event_id IS OLD.last_event_id AND NEW.last_hash IS OLD.last_hash)
        OR (
            NEW.last_event_id > coalesce(OLD.last_event_id, 0)
            AND EXISTS (
                SELECT 1 FROM audit_events
                WHERE id = NEW.last_event_id AND hash = NEW.last_hash
            )
        )
    )
"""

SQLITE_TRIGGERS = {
    "audit_events_no_update": (
        "BEFORE UPDATE ON audit_events",
        "audit_events is append-only: an audit event cannot be changed",
    ),
    "audit_events_no_delete": (
        "BEFORE DELETE ON audit_events",
        "audit_events is append-only: an audit event cannot be deleted",
    ),
    "audit_chain_head_no_delete": (
        "BEFORE DELETE ON audit_chain_head",
        "the audit chain head cannot be deleted",
    ),
    "audit_chain_head_forward_only": (
        f"BEFORE UPDATE ON audit_chain_head WHEN NOT ({SQLITE_HEAD_MOVE_ALLOWED})",
        "the audit chain head moves only forward, to a stored event and its hash",
    ),
}

REFUSE_FUNCTION = "custinfo_refuse_audit_change"
HEAD_FUNCTION = "custinfo_audit_head_forward_only"

#: (trigger, table, timing and events, function) on PostgreSQL.
POSTGRESQL_TRIGGERS = (
    ("audit_events_no_update", "audit_events", "BEFORE UPDATE", REFUSE_FUNCTION),
    ("audit_events_no_delete", "audit_events", "BEFORE DELETE", REFUSE_FUNCTION),
    ("audit_events_no_truncate", "audit_events", "BEFORE TRUNCATE", REFUSE_FUNCTION),
    ("audit_chain_head_no_delete", "audit_chain_head", "BEFORE DELETE", REFUSE_FUNCTION),
    ("audit_chain_head_no_truncate", "audit_chain_head", "BEFORE TRUNCATE", REFUSE_FUNCTION),
)


def _quoted_schema(connection: sa.Connection) -> str:
    schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    return str(connection.dialect.identifier_preparer.quote_identifier(schema))


def _upgrade_sqlite() -> None:
    for name, (when, message) in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def _upgrade_postgresql() -> None:
    schema = _quoted_schema(op.get_bind())
    # restrict_violation is an integrity error: both databases refuse the same way.
    op.execute(
        f"""
        CREATE FUNCTION {schema}.{REFUSE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION {schema}.{HEAD_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.id = OLD.id AND (
                (NEW.last_event_id IS NOT DISTINCT FROM OLD.last_event_id
                    AND NEW.last_hash = OLD.last_hash)
                OR (
                    NEW.last_event_id > coalesce(OLD.last_event_id, 0)
                    AND EXISTS (
                        SELECT 1 FROM {schema}.audit_events
                        WHERE id = NEW.last_event_id AND hash = NEW.last_hash
                    )
                )
            ) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION
                'the audit chain head moves only forward, to a stored event and its hash'
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )
    for name, table, when, function in POSTGRESQL_TRIGGERS:
        # Statement-level: refused even when no row matches, and TRUNCATE has no rows.
        op.execute(
            f"CREATE TRIGGER {name} {when} ON {schema}.{table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}()"
        )
    op.execute(
        f"CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON {schema}.audit_chain_head "
        f"FOR EACH ROW EXECUTE FUNCTION {schema}.{HEAD_FUNCTION}()"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    schema = _quoted_schema(op.get_bind())
    triggers = [(name, table) for name, table, _, _ in POSTGRESQL_TRIGGERS]
    for name, table in [*triggers, ("audit_chain_head_forward_only", "audit_chain_head")]:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {schema}.{table}")
    for function in (REFUSE_FUNCTION, HEAD_FUNCTION):
        op.execute(f"DROP FUNCTION IF EXISTS {schema}.{function}()")
