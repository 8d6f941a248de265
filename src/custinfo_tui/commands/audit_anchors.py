"""The seals `custinfo audit seal` prints and `audit verify` checks the trail against (MP-10,
docs/security.md): the `SEAL:HASH` line, the anchor file it is added to (readable by its
owner only, each seal once) and read back from, and `--anchor` read from the command line.
A seal kept outside the database is what shows the trail was not rewritten since.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from custinfo_tui.private_files import missing_folder
from custinfo_tui.terminal_lines import fail, say

HEX = frozenset("0123456789abcdef")


def anchor_line(seal_id: int, seal_hash: str, sealed_at: datetime) -> str:
    """`SEAL:HASH  sealed TIME`: what `--anchor` and `--anchors` read back."""
    return f"{seal_id}:{seal_hash}  sealed {sealed_at.strftime('%Y-%m-%d %H:%M:%S')} UTC"


def add_to_anchor_file(path: Path, line: str) -> int:
    """Add the seal's line to the anchor file, unless its last line is that seal already
    (an hourly run with nothing new since): each seal once, in order. The exit status."""
    try:
        held = path.read_text(encoding="ascii").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError):
        held = []  # appending says what is wrong with it, if anything
    if held and held[-1].split()[:1] == line.split()[:1]:
        print(f"{path} holds that seal already.")
        return 0
    try:
        _make_anchor_file_private(path)
        with path.open("a", encoding="ascii") as file:
            file.write(line + "\n")
    except OSError as error:
        return fail(
            f"the seal is made, but it could not be added to {path}: "
            f"{error.strerror or error}. Keep the line above outside the database."
        )
    return 0


def _make_anchor_file_private(path: Path) -> None:
    """Create the anchor file readable by its owner only (0600), like every file custinfo
    writes that matters for security (private_files.py): its seals are what shows the trail
    was not rewritten. One that exists already and others can open is not changed behind
    the administrator's back (it may be shared on purpose, or already copied): it is said,
    with the command that makes it private (docs/security.md)."""
    from custinfo_tui.private_files import NOT_OWNER_BITS, create_private_file, permission_bits

    if create_private_file(path):
        return
    mode = permission_bits(path)
    if mode is not None and mode & NOT_OWNER_BITS:
        say(
            f"custinfo: Warning: others on this computer can open the anchor file {path}. "
            f"To fix: chmod 600 {path}",
            to=sys.stderr,
        )


def anchor_file_problem(path: Path) -> str | None:
    """Why the anchor file cannot be added to, or None: said before sealing, as `backup`
    says why it cannot write its file before reading anything."""
    if path.is_dir():
        return f"{path} is a folder: add a file name to it, for example {path / 'seals.txt'}."
    if not path.parent.is_dir():
        return missing_folder(path.parent, "choose another")
    return None


def anchor_argument(text: str) -> tuple[int, str]:
    """`--anchor SEAL:HASH` (or an anchor file's line) as the seal's number and hash."""
    seal_id, _, seal_hash = text.strip().partition(":")
    if not seal_id.isdigit() or len(seal_hash) != 64 or not set(seal_hash) <= HEX:
        raise argparse.ArgumentTypeError("use SEAL:HASH as `custinfo audit seal` prints it")
    if int(seal_id) < 1:
        raise argparse.ArgumentTypeError("seals are numbered from 1: seal 0 is none")
    return int(seal_id), seal_hash


def read_anchors(path: Path) -> dict[int, str]:
    """Every `SEAL:HASH` line of an anchor file (what follows the pair is ignored)."""
    anchors: dict[int, str] = {}
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise ValueError(f"there is no anchor file at {path}.") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder: give the anchor file in it.") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not an anchor file (SEAL:HASH lines).") from None
    except OSError as error:
        raise ValueError(f"cannot read the anchor file {path}: {error.strerror}.") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            seal_id, seal_hash = anchor_argument(line.split()[0])
        except argparse.ArgumentTypeError:
            raise ValueError(f"{path}, line {number}: not a SEAL:HASH anchor") from None
        anchors[seal_id] = seal_hash
    return anchors
