"""A `custinfo` command run as a demo operator types it: `--as USERNAME --password-stdin`,
the password on standard input's first line (commands/acting.py). The commands that act
for an operator (`dsar`, `erase`, `hold`, `breach`, `disclosures`, `complaints`,
`evidence`, `audit show`, `operator`) take these; the tests run them through here."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from custinfo_tui.cli import main
from custinfo_tui.services.demo import DEMO_OPERATORS, DemoOperator


def demo_operator(username: str) -> DemoOperator:
    """The demo operator with this username (agent, supervisor, trainer, dpo, admin)."""
    return next(op for op in DEMO_OPERATORS if op.username == username)


DPO = demo_operator("dpo")
SUPERVISOR = demo_operator("supervisor")
AGENT = demo_operator("agent")
TRAINER = demo_operator("trainer")
ADMIN = demo_operator("admin")


def acting_as(operator: DemoOperator = DPO) -> list[str]:
    """The arguments that name `operator` as the one a command acts for."""
    return ["--as", operator.username, "--password-stdin"]


@contextmanager
def password_typed(password: str) -> Iterator[None]:
    """`password` on standard input's first line, as `--password-stdin` reads it."""
    with mock.patch.object(sys, "stdin", io.StringIO(f"{password}\n")):
        yield


def main_as(
    argv: Sequence[str], operator: DemoOperator = DPO, *, password: str | None = None
) -> int:
    """`custinfo ARGV --as USERNAME --password-stdin`, the operator's password (or
    `password`, a wrong one say) typed on standard input; the exit status."""
    with password_typed(operator.password if password is None else password):
        return main([*argv, *acting_as(operator)])
