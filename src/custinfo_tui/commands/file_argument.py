"""A new file named on the command line (`--out FILE`), read as the console's file boxes
read one (`private_files.typed_file`: `~` expanded, made absolute), so what is said of it
names it whole.

An empty name (`--out ""`) is refused as needing a file name, not read as the working
folder; `-` is refused too rather than written as a file called "-": what the commands
write holds what only its owner may read (a file made 0600), never standard output.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from custinfo_tui.private_files import typed_file


def new_file_argument(text: str) -> Path:
    """The file `text` names; argparse's error (its message) when it names none."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a file name is needed: name the new file to write")
    if text.strip() == "-":
        raise argparse.ArgumentTypeError(
            "this writes a new file readable by you only, not standard output: name the file"
        )
    return typed_file(text)
