"""The audit trail's tables: the append-only events, the hash chains' heads and the seals
(docs/architecture.md, "Tamper evidence")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from custinfo_tui.repository.orm.base import Base


class AuditEventRow(Base):
    """One entry of the append-only event stream. Holds field *names*, never their values."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_customer_id_occurred_at", "customer_id", "occurred_at"),
        Index("ix_audit_events_operator_id_occurred_at", "operator_id", "occurred_at"),
        Index("ix_audit_events_action_occurred_at", "action", "occurred_at"),
        # An interaction's events, oldest first: read on every check, reveal and save.
        Index("ix_audit_events_interaction_id_id", "interaction_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(48))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    console_session: Mapped[str | None] = mapped_column(String(36), index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The hash chains (domain.audit_chain). Unique prev_hash: two events can never claim the
    # same predecessor, so even a failed lock could not fork a chain silently.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
    #: Which of the chains the event was appended to (its head row's id).
    chain: Mapped[int] = mapped_column(SmallInteger, server_default="1")


class AuditChainHead(Base):
    """The newest event of one of the audit trail's hash chains: a row per chain.

    An append locks one chain's row (one no other desk holds, on PostgreSQL) until it
    commits, so a chain never forks; and verification compares each head with its chain's
    newest stored event, so deleting the newest events does not go unnoticed.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_event_id: Mapped[int | None] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditSealRow(Base):
    """A seal: how far the chains that moved had got, hash-chained to the seal before.

    Append-only like the events (migration 0020's triggers). Its hash, kept outside the
    database, is an anchor for everything it covers (docs/architecture.md).
    """

    __tablename__ = "audit_seals"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sealed_at: Mapped[datetime]
    #: [[chain, event id, event hash], ...] for the chains that moved, in chain order.
    heads: Mapped[list[list[Any]]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
