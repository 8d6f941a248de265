"""`custinfo rekey`: change the key of the encrypted embedded database (docs/security.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from custinfo_tui.settings import Settings


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    rekey = commands.add_parser(
        "rekey",
        parents=[common],
        help="change the key of the encrypted database",
        description="Re-encrypt the database under a new key. The current key comes from "
        "CUSTINFO_DATABASE_KEY_FILE or is asked for; the new one from --new-key-file or is "
        "asked for twice, and then replaces the key in CUSTINFO_DATABASE_KEY_FILE. Close "
        "every console and command using the database first.",
    )
    rekey.add_argument(
        "--new-key-file",
        type=Path,
        metavar="PATH",
        help="read the new key from this file (yours, chmod 600) instead of asking for it",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Check the current key, re-encrypt under the new one, check it opens, update the key
    file. The exit status; problems raise EncryptionError, whose message is safe to show."""
    from custinfo_tui.commands.database import no_database_message
    from custinfo_tui.composition import build_engine_for, database_key_for
    from custinfo_tui.database_key import ask_key, read_key_file, write_key_file
    from custinfo_tui.repository.encryption import FileState, file_state, rekey
    from custinfo_tui.repository.engine import sqlite_file

    url = settings.resolved_database_url()
    database = sqlite_file(url)
    if database is None:
        return fail(
            "rekey changes the key of the embedded SQLite database; a database server's "
            "encryption at rest is the server's business (docs/security.md)."
        )
    if not database.exists():
        return fail(no_database_message(database))
    if file_state(database) is not FileState.ENCRYPTED:
        return fail(
            f"{database} is not an encrypted database, so it has no key to change "
            "(`custinfo init --encrypt` creates one)."
        )
    current = database_key_for(settings, ask=ask_key)
    engine = build_engine_for(url, current)  # a wrong current key stops here
    if args.new_key_file is not None:
        new = read_key_file(args.new_key_file, new=True)
    else:
        new = ask_key(database, True)
    if current is not None and new == current:
        engine.dispose()
        return fail("the new key is the same as the current one; nothing was changed.")
    rekey(engine, new)
    build_engine_for(url, new).dispose()  # opens with the new key, or says so
    say(f"{database} is now encrypted with the new key.")
    if args.new_key_file is not None:
        say(
            f"Set CUSTINFO_DATABASE_KEY_FILE={args.new_key_file} wherever this database "
            "is opened: the old key no longer opens it."
        )
    elif settings.database_key_file is not None:
        write_key_file(settings.database_key_file, new)
        say(f"The key file {settings.database_key_file} now holds the new key.")
    else:
        print("Keep the new key safe: without it the database cannot be opened.")
    print("Backups made before now still need the old key.")
    return 0
