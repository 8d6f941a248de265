"""Where `custinfo backup FILE` may write, checked before anything is read or written."""

from __future__ import annotations

from pathlib import Path


def backup_target_problem(target: Path, *, force: bool, example: str) -> str | None:
    """Why no backup can be written at `target`, or None; `example`, a file name to
    suggest when `target` is a folder."""
    if target.is_dir():
        return f"{target} is a folder: add a file name to it, for example {target / example}."
    if not target.parent.is_dir():
        return f"there is no folder {target.parent}: create it first, or choose another."
    if target.exists() and not force:
        return f"{target} already exists; give --force to replace it."
    return None
