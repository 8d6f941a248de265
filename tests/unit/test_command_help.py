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


def test_help_pages_say_how_to_type_a_day_and_which_list_gives_a_number() -> None:
    """Found reading every `--help` as a new administrator: `--since DAY` and `dsar log
    --received RECEIVED` never said how a day is typed; `hold lift` took its number from
    `erase --check` only, not `hold list`, which lists them; `--trainee NAME`, `--operator
    USER` and `--admin-username ADMIN_USERNAME` each wanted a username, and `dsar log`
    showed CUSTOMER, ASKED_BY and IDENTITY where its own docstring says REF and TEXT."""
    pages = dict(_commands(_parser()))

    def page(path: str) -> str:
        return " ".join(pages[path].format_help().split())

    assert "--since DAY from this UTC day (2026-11-30 or 30/11/2026)" in page("custinfo audit show")
    assert "--since DAY from this UTC day (2026-11-30 or 30/11/2026)" in page("custinfo evidence")
    assert "--received DAY the day it was received (2026-11-30 or 30/11/2026; default today)" in (
        page("custinfo dsar log")
    )
    assert "NUMBER the hold's number, as `custinfo hold list` (or `erase --check`) shows it" in (
        page("custinfo hold lift")
    )
    assert "--trainee USERNAME the trainee's operator username" in page("custinfo train start")
    assert "--operator USERNAME whose evidence: your own username, or, for a trainer" in page(
        "custinfo evidence"
    )
    assert "[--admin-username USERNAME]" in page("custinfo init")
    assert "--customer REFERENCE --asked-by TEXT --identity TEXT" in page("custinfo dsar log")
    assert "--out FILE a new file to write" in page("custinfo dsar export")
    assert "--limit N show at most N events (default 50; up to 10,000)" in page(
        "custinfo audit show"
    )
