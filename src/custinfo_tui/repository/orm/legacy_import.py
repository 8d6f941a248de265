"""Legacy imports (`custinfo import`): each import's checkpoint, and the customers it
stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from custinfo_tui.repository.orm.base import Base


class LegacyImportRow(Base):
    """One legacy import (`custinfo import`) and its checkpoint: how far into the file it
    has got, moved forward in the same transaction as each batch of customers it stores, so
    re-running the same command after an interruption continues from here without storing
    a row twice. Counts, the file's name and hashes, the rejects file's path and hash only:
    no customer's value."""

    __tablename__ = "legacy_imports"
    __table_args__ = (
        Index("ix_legacy_imports_file_sha256_mapping_sha256", "file_sha256", "mapping_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the CSV file's bytes and of the mapping's: the same command resumes.
    file_sha256: Mapped[str] = mapped_column(String(64))
    mapping_sha256: Mapped[str] = mapped_column(String(64))
    #: Data rows consumed so far (stored, rejected or skipped): the checkpoint.
    rows_read: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    #: The rejects file's length when this checkpoint was written: it is cut back to this on
    #: resume, so a row refused in a batch that never committed is not listed twice.
    rejects_bytes: Mapped[int] = mapped_column(Integer)
    #: The rejects file (its absolute path) and the SHA-256 of its first `rejects_bytes`
    #: bytes: a resumed run cuts back only this file, and only if it still begins with what
    #: the run wrote (migration 0027; NULL for a run begun before it).
    rejects_path: Mapped[str | None] = mapped_column(Text)
    rejects_sha256: Mapped[str | None] = mapped_column(String(64))
    #: The length and SHA-256 of the file's first bytes, up to the end of the last row done:
    #: whether a file changed since still holds those rows as they were read, so the import
    #: may go on with it (migration 0031; NULL for a run begun before it).
    source_bytes: Mapped[int | None] = mapped_column(BigInteger)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When it finished: every row stored and its possible duplicates raised, or given up.
    finished_at: Mapped[datetime | None]
    #: When it was given up before its file's end (`--abandon-unfinished`); also finished.
    abandoned_at: Mapped[datetime | None]


class LegacyImportCustomer(Base):
    """A customer a legacy import stored: where the record came from, and the set the import
    looks for possible duplicates in once all its rows are stored. Ids only."""

    __tablename__ = "legacy_import_customers"

    import_id: Mapped[int] = mapped_column(ForeignKey("legacy_imports.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
