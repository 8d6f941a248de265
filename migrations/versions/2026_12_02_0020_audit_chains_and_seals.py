"""The audit trail's chains and seals: appends no longer queue on one row.

- `audit_events.chain`: which chain an event was appended to. Every event stored so far
  is in chain 1, the one chain there was.
- `audit_chain_head` holds a row per chain (64): the single-row check goes, rows 2 to 64
  start at their chain's genesis hash. Its forward-only guard now also requires the event
  a head moves to to be in that head's chain.
- `audit_seals`: hash-chained seals of how far every chain had got, append-only like the
  events (no UPDATE, DELETE or TRUNCATE, for every role).

SQLite cannot drop a CHECK constraint, so `audit_chain_head` is rebuilt there (copy and
rename), and its two guard triggers, which go with the old table, are created again.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 02:00:00.000000
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Copy of domain.audit_chain.AUDIT_CHAINS, frozen at this revision.
CHAINS = 64

REFUSE_FUNCTION = "custinfo_refuse_audit_change"
HEAD_FUNCTION = "custinfo_audit_head_forward_only"


def genesis_hash(chain: int) -> str:
    """Copy of domain.audit_chain.genesis_hash, frozen at this revision."""
    if chain == 1:
        return "0" * 64
    return hashlib.sha256(f"custinfo audit chain {chain}".encode("ascii")).hexdigest()


def _head_move_allowed(chain_check: bool) -> str:
    """migration 0010's SQLite condition; with `chain_check`, the event must be in the chain."""
    in_chain = " AND chain = NEW.id" if chain_check else ""
    return f"""
    NEW.id IS OLD.id AND (
        (NEW.last_event_id IS OLD.last_event_id AND NEW.last_hash IS OLD.last_hash)
        OR (
            NEW.last_event_id > coalesce(OLD.last_event_id, 0)
            AND EXISTS (
                SELECT 1 FROM audit_events
                WHERE id = NEW.last_event_id AND hash = NEW.last_hash{in_chain}
            )
        )
    )
"""


def _sqlite_head_triggers(chain_check: bool) -> dict[str, tuple[str, str]]:
    return {
        "audit_chain_head_no_delete": (
            "BEFORE DELETE ON audit_chain_head",
            "the audit chain head cannot be deleted",
        ),
        "audit_chain_head_forward_only": (
            f"BEFORE UPDATE ON audit_chain_head WHEN NOT ({_head_move_allowed(chain_check)})",
            "the audit chain head moves only forward, to a stored event and its hash",
        ),
    }


SQLITE_SEAL_TRIGGERS = {
    "audit_seals_no_update": (
        "BEFORE UPDATE ON audit_seals",
        "audit_seals is append-only: a seal cannot be changed",
    ),
    "audit_seals_no_delete": (
        "BEFORE DELETE ON audit_seals",
        "audit_seals is append-only: a seal cannot be deleted",
    ),
}

#: (trigger, timing) on audit_seals, PostgreSQL; migration 0010's refusing function.
POSTGRESQL_SEAL_TRIGGERS = (
    ("audit_seals_no_update", "BEFORE UPDATE"),
    ("audit_seals_no_delete", "BEFORE DELETE"),
    ("audit_seals_no_truncate", "BEFORE TRUNCATE"),
)

heads_table = sa.table(
    "audit_chain_head",
    sa.column("id", sa.Integer()),
    sa.column("last_event_id", sa.Integer()),
    sa.column("last_hash", sa.String()),
)


def _quoted_schema(connection: sa.Connection) -> str:
    schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    return str(connection.dialect.identifier_preparer.quote_identifier(schema))


def _create_sqlite_triggers(triggers: dict[str, tuple[str, str]]) -> None:
    for name, (when, message) in triggers.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def _rebuild_sqlite_heads(*, single_row: bool) -> None:
    """Copy `audit_chain_head` into a new table with or without the single-row check."""
    check = ", CONSTRAINT ck_audit_chain_head_single_row CHECK (id = 1)" if single_row else ""
    for name in _sqlite_head_triggers(chain_check=False):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(
        "CREATE TABLE audit_chain_head_new ("
        "id INTEGER NOT NULL, last_event_id INTEGER, last_hash VARCHAR(64) NOT NULL, "
        f"CONSTRAINT pk_audit_chain_head PRIMARY KEY (id){check})"
    )
    op.execute(
        "INSERT INTO audit_chain_head_new (id, last_event_id, last_hash) "
        "SELECT id, last_event_id, last_hash FROM audit_chain_head"
    )
    op.execute("DROP TABLE audit_chain_head")
    op.execute("ALTER TABLE audit_chain_head_new RENAME TO audit_chain_head")


def _postgresql_head_function(schema: str, *, chain_check: bool) -> str:
    in_chain = " AND chain = NEW.id" if chain_check else ""
    return f"""
        CREATE OR REPLACE FUNCTION {schema}.{HEAD_FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.id = OLD.id AND (
                (NEW.last_event_id IS NOT DISTINCT FROM OLD.last_event_id
                    AND NEW.last_hash = OLD.last_hash)
                OR (
                    NEW.last_event_id > coalesce(OLD.last_event_id, 0)
                    AND EXISTS (
                        SELECT 1 FROM {schema}.audit_events
                        WHERE id = NEW.last_event_id AND hash = NEW.last_hash{in_chain}
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


def upgrade() -> None:
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    op.add_column(
        "audit_events",
        sa.Column("chain", sa.SmallInteger(), server_default="1", nullable=False),
    )
    if postgresql:
        op.drop_constraint(
            op.f("ck_audit_chain_head_single_row"), "audit_chain_head", type_="check"
        )
    else:
        _rebuild_sqlite_heads(single_row=False)
    op.bulk_insert(
        heads_table,
        [
            {"id": chain, "last_event_id": None, "last_hash": genesis_hash(chain)}
            for chain in range(2, CHAINS + 1)
        ],
    )
    op.create_table(
        "audit_seals",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heads", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seals")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_seals_prev_hash")),
    )
    if postgresql:
        schema = _quoted_schema(connection)
        op.execute(_postgresql_head_function(schema, chain_check=True))
        for name, when in POSTGRESQL_SEAL_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} {when} ON {schema}.audit_seals "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{REFUSE_FUNCTION}()"
            )
    else:
        _create_sqlite_triggers(_sqlite_head_triggers(chain_check=True))
        _create_sqlite_triggers(SQLITE_SEAL_TRIGGERS)


def downgrade() -> None:
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    spread = connection.execute(sa.text("SELECT count(*) FROM audit_events WHERE chain <> 1"))
    if spread.scalar_one():
        raise RuntimeError(
            "events were appended to chains other than chain 1: the trail cannot go back to "
            "one chain without rewriting it"
        )
    if postgresql:
        schema = _quoted_schema(connection)
        for name, _ in POSTGRESQL_SEAL_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {schema}.audit_seals")
        op.execute(_postgresql_head_function(schema, chain_check=False))
    else:
        for name in SQLITE_SEAL_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_seals")
    # The head rows of chains 2 to 64 hold no events; the guard refuses their deletion.
    if postgresql:
        op.execute(f"ALTER TABLE {schema}.audit_chain_head DISABLE TRIGGER USER")
        op.execute("DELETE FROM audit_chain_head WHERE id <> 1")
        op.execute(f"ALTER TABLE {schema}.audit_chain_head ENABLE TRIGGER USER")
        op.create_check_constraint(
            op.f("ck_audit_chain_head_single_row"), "audit_chain_head", "id = 1"
        )
        op.drop_column("audit_events", "chain")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_no_delete")
        op.execute("DELETE FROM audit_chain_head WHERE id <> 1")
        _rebuild_sqlite_heads(single_row=True)
        _create_sqlite_triggers(_sqlite_head_triggers(chain_check=False))
        op.execute("ALTER TABLE audit_events DROP COLUMN chain")
