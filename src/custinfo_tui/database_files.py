"""Where the console's SQLite files are, before anything connects (connecting creates one)."""

from __future__ import annotations

from pathlib import Path


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file the URL names, if it does not exist (connecting would create it)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def demo_beside(missing: Path) -> Path | None:
    """The demo's database beside a missing one, if it was built there: `custinfo demo`
    writes `demo.db`, the commands read `custinfo.db` unless told."""
    demo = missing.with_name("demo.db")
    return demo if missing.name != demo.name and demo.exists() else None


def live_beside_sandbox(sandbox: Path) -> Path | None:
    """The live database a role-play sandbox was most likely built from: a sandbox is
    `<data_dir>/training/run-<id>.sqlite`, and the live database the commands read there
    by default is `<data_dir>/custinfo.db` (the demo's, `demo.db`). None when neither is."""
    data_dir = sandbox.parent.parent
    found = (data_dir / name for name in ("custinfo.db", "demo.db"))
    return next((path for path in found if path.is_file()), None)
