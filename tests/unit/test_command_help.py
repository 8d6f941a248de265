"""Every `custinfo` command's own `--help` says what it does, under its usage line."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from custinfo_tui.cli import _parser


def _commands(
    parser: argparse.ArgumentParser, path: str = "custinfo"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield f"{path} {name}", command
                yield from _commands(command, f"{path} {name}")


def test_every_command_help_page_opens_with_what_it_does() -> None:
    pages = dict(_commands(_parser()))
    assert len(pages) > 40  # the commands and their subcommands
    silent = [path for path, command in pages.items() if not command.description]
    assert silent == []


def test_audit_verify_says_what_it_checks() -> None:
    pages = dict(_commands(_parser()))
    page = pages["custinfo audit verify"].format_help()
    assert "Check that no audit event was changed, removed or reordered." in page


def test_audit_says_it_seals_the_trail_too() -> None:
    """Found by an administrator: `custinfo audit --help` said "verify the audit trail or
    show events from it", and its list was the only place `seal` was named."""
    pages = dict(_commands(_parser()))
    page = " ".join(pages["custinfo audit"].format_help().split())
    assert "Verify the audit trail, seal it to check it against later, or show events" in page
    assert "audit verify the audit trail, seal it" in " ".join(_parser().format_help().split())
