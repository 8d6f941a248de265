"""Key files for encrypted test databases, and what a database leaves on disk."""

from __future__ import annotations

from pathlib import Path


def key_file(path: Path, key: str) -> Path:
    """A key file as an administrator makes one: the key on one line, chmod 600."""
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def on_disk(database: Path) -> bytes:
    """The bytes of the database file and of its -wal and -shm files, where they exist."""
    files = [database, *(database.with_name(database.name + end) for end in ("-wal", "-shm"))]
    return b"".join(file.read_bytes() for file in files if file.exists())
