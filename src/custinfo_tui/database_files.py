"""Where the console's SQLite files are, before anything connects (connecting creates one),
and what is refused as one: a folder, or a file that is no database, before a permission
warning names it or a key is asked for it."""

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


def sqlite_file_problem(url: str, *, new_folder_only: Path | None = None) -> str | None:
    """Why the SQLite file the URL names cannot be a database (`database_file_problem`);
    None for a file that may be one, or a database server. With `new_folder_only` (`init`
    and `demo`, and the data folder), a file to create in a missing folder other than that
    one is refused too (`missing_folder_for_init`)."""
    from custinfo_tui.repository.engine import sqlite_file

    path = sqlite_file(url)
    if path is None:
        return None
    if new_folder_only is not None and not path.exists():
        return missing_folder_for_init(path, new_folder_only)
    return database_file_problem(path)


def database_file_problem(path: Path) -> str | None:
    """Why `path`, given as the database, cannot be one: it is a folder, or not a regular
    file (a FIFO would hang the first read), or a file neither plain SQLite nor, by its
    length and content, encrypted (`cannot_be_a_database`). None when it may be one, or is
    missing (`init` and `demo` create it; the other commands say so)."""
    from custinfo_tui.repository.encryption import cannot_be_a_database, is_text

    if path.is_dir():
        return f"{path} is a folder: give a database file (e.g. {path / 'custinfo.db'})."
    if not path.exists():
        return None
    if not path.is_file():
        return f"{path} is not a regular file: give a database file."
    if not cannot_be_a_database(path):
        return None
    kind = "it is a text file" if is_text(path) else "it is not a SQLite file, plain or encrypted"
    return f"{path} is not a custinfo database ({kind}): give a database file."


def missing_folder_for_init(database: Path, data_dir: Path) -> str | None:
    """Why `custinfo init` or `custinfo demo` refuses to create `database`: its folder is
    missing (a typo would give a second database, with an administrator or the demo's
    published passwords of its own). The data folder is created, as the console creates it
    on a new machine."""
    from custinfo_tui.private_files import missing_folder

    folder = database.parent
    if folder.is_dir() or folder.resolve() == data_dir.resolve():
        return None
    return missing_folder(folder, "name a database file in a folder that exists")
