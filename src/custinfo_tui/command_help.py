"""Every command's own `--help` says what the command does.

argparse shows a subcommand's `help=` only in its parent's list (`custinfo audit --help`),
and the subcommand's own help page (`custinfo audit verify --help`) opens with its
`description=`, which most commands leave to their one-line `help=`. So a command without
a description of its own is given that line as one, as a sentence. Found touring the
legacy import: `custinfo audit verify --help` listed options and never said what the
command checks.
"""

from __future__ import annotations

import argparse


def describe_every_command(parser: argparse.ArgumentParser) -> None:
    """Give each subcommand under `parser` (at any depth) without a description its
    one-line help, as a sentence."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, command in action.choices.items():
            line = helps.get(name)
            if command.description is None and isinstance(line, str) and line:
                command.description = _as_sentence(line)
            describe_every_command(command)


def _as_sentence(line: str) -> str:
    line = line[:1].upper() + line[1:]
    return line if line.endswith((".", "?", ")")) else line + "."
