"""The key of the encrypted embedded database: read from a private file, or typed (MP-11).

A key is a passphrase, held as a pydantic `SecretStr` (shown as '**********'). It is never
logged, printed or put in an exception's message, and reaches SQLAlchemy only as the
password of a URL object (`repository.encryption.with_key`), which shows it as '***'.

Whether a SQLite database needs a key:
- an existing file is encrypted when it does not start with SQLite's header
  (`repository.encryption.file_state`);
- a new file is created encrypted with `--encrypt`, or when CUSTINFO_DATABASE_KEY_FILE is set;
- a plain file is refused while CUSTINFO_DATABASE_KEY_FILE is set: whoever set it expects
  the data to be encrypted, and it is not.
"""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from custinfo_tui.hidden_prompt import NothingTyped, ask_hidden
from custinfo_tui.private_files import NOT_OWNER_BITS, open_private
from custinfo_tui.repository.encryption import (
    ENCRYPTED_DRIVER,
    EncryptionError,
    FileState,
    file_state,
)

#: A new key is a passphrase of at least this many characters (PBKDF2 slows guessing, it
#: cannot make a short one strong).
MIN_NEW_KEY_LENGTH = 16
_MAX_KEY_FILE_BYTES = 1024

#: Asks for the key of `database`; `new` when the key is being chosen (asked twice).
KeyAsker = Callable[[Path, bool], SecretStr]


def key_for_database(
    url: str,
    key_file: Path | None,
    *,
    create_encrypted: bool = False,
    ask: KeyAsker | None = None,
) -> SecretStr | None:
    """The key that opens the SQLite file `url` names; None when it is not encrypted.

    The key comes from `key_file` (CUSTINFO_DATABASE_KEY_FILE), else from `ask`; without
    either an encrypted file is refused, saying how to give the key. `create_encrypted`
    (`--encrypt`) makes a new file encrypted. A `sqlite+pysqlcipher` URL carries its own key.
    """
    from sqlalchemy.engine import make_url

    from custinfo_tui.repository.engine import sqlite_file

    if make_url(url).drivername == ENCRYPTED_DRIVER:
        return None
    path = sqlite_file(url)
    if path is None:
        if create_encrypted:
            raise EncryptionError(
                "--encrypt is for the embedded SQLite database; a database server's "
                "encryption at rest is the server's business (docs/security.md)."
            )
        return None
    state = file_state(path)
    if state is FileState.PLAIN:
        if create_encrypted:
            raise EncryptionError(
                f"{path} already exists and is not encrypted; --encrypt creates a new "
                "database (docs/security.md)."
            )
        if key_file is not None:
            raise EncryptionError(
                f"CUSTINFO_DATABASE_KEY_FILE is set, but {path} is not encrypted. Unset it "
                "to use this database unencrypted, or see docs/security.md."
            )
        return None
    new = state is FileState.NEW
    if new and not create_encrypted and key_file is None:
        return None
    if key_file is not None:
        return read_key_file(key_file, new=new)
    if ask is None:
        raise EncryptionError(
            f"{path} is encrypted: set CUSTINFO_DATABASE_KEY_FILE to the file holding its "
            "key, or start custinfo in a terminal to type the key (docs/security.md)."
        )
    return ask(path, new)


def read_key_file(path: Path, *, new: bool = False) -> SecretStr:
    """The key in `path`: one line, in a file that is the user's own and closed to others.

    A file others could read is refused with the `chmod` that fixes it. With `new` (the
    key is about to encrypt a database) a short key is refused too.
    """
    try:
        with path.open("rb") as file:
            info = os.fstat(file.fileno())
            _check_key_file(path, info)
            data = file.read(_MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise EncryptionError(f"the key file {path} does not exist.") from None
    except IsADirectoryError:
        raise EncryptionError(f"the key file {path} is a folder, not a file.") from None
    except PermissionError:
        raise EncryptionError(f"the key file {path} cannot be read: permission denied.") from None
    if len(data) > _MAX_KEY_FILE_BYTES:
        raise EncryptionError(f"the key file {path} is too long for a key.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EncryptionError(f"the key file {path} is not UTF-8 text.") from None
    key = text.removesuffix("\n").removesuffix("\r")
    if not key:
        raise EncryptionError(f"the key file {path} is empty.")
    if "\n" in key or "\r" in key:
        raise EncryptionError(f"the key file {path} must hold the key on one line.")
    if new:
        _check_new_key(key, f"the key in {path}")
    return SecretStr(key)


def _check_key_file(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise EncryptionError(f"the key file {path} is not a regular file.")
    if info.st_uid != os.geteuid():
        raise EncryptionError(
            f"the key file {path} belongs to another user; it must be your own: "
            f"copy it to a file of yours and `chmod 600` it."
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & NOT_OWNER_BITS:
        raise EncryptionError(
            f"the key file {path} is open to other users (mode {mode:04o}); "
            f"make it yours alone: chmod 600 {shlex.quote(str(path))}"
        )


def ask_key(database: Path, new: bool) -> SecretStr:
    """Ask at the terminal, without echo: once for an existing key, twice for a new one."""
    if not new:
        return SecretStr(_typed(f"Key for the encrypted database {database}: "))
    key = _typed(f"New key for the encrypted database {database}: ")
    _check_new_key(key, "the key")
    if _typed("Type the new key again: ") != key:
        raise EncryptionError("the two keys differ; nothing was changed.")
    return SecretStr(key)


def _typed(prompt: str) -> str:
    try:
        key = ask_hidden(prompt)
    except NothingTyped as nothing:
        if nothing.no_terminal:
            raise EncryptionError(
                "no key was typed: standard input is not a terminal to type it at. Set "
                "CUSTINFO_DATABASE_KEY_FILE to a file holding it (docs/security.md)."
            ) from None
        key = ""
    if not key:
        raise EncryptionError(
            "no key was typed. Type it at the prompt, or set CUSTINFO_DATABASE_KEY_FILE "
            "(docs/security.md)."
        )
    return key


def _check_new_key(key: str, what: str) -> None:
    if len(key) < MIN_NEW_KEY_LENGTH:
        raise EncryptionError(
            f"{what} is too short: a database key needs at least {MIN_NEW_KEY_LENGTH} "
            "characters (docs/security.md shows how to make a random one)."
        )


def write_key_file(path: Path, key: SecretStr) -> None:
    """Replace `path` with one holding `key`, readable by its owner only (0600).

    Written beside it first and then renamed over it, so a crash leaves the old file or
    the new one, never half a key.
    """
    temporary = path.with_name(f".{path.name}.new")
    with open_private(temporary, "w", encoding="utf-8") as file:
        file.write(key.get_secret_value() + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
