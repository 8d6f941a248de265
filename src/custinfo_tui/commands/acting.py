"""The operator a command acts for: `--as USERNAME`, then their password, asked for at a
prompt or read from the first line of standard input with `--password-stdin`.

A subject access pack written, a record erased or the trail searched must say who did it
(UK GDPR Art. 5(2)), so the commands that do for an operator what the console does in
their name log that operator in, as the console's login does: the same argon2id check,
lockout and audited failed login (`services/auth.py`), then the role's permission for the
command. The command's events then name them, between their login and their log-out.
A temporary password is refused until it is changed at the console. The password is
checked at every command: there is no session to keep. Jobs with no one behind them
(`retention run`, `audit verify`, `backup`, ...) act as the system (docs/architecture.md,
"Who the command line acts as").

Standard library only at import: `custinfo` builds its parser before the console's first
frame (tests/test_import_hygiene.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


class LoginRefusal(StrEnum):
    """Why an operator who gave the right password may not run the command."""

    #: Their role may not do what the command does.
    NOT_PERMITTED = "not_permitted"
    #: Their password is temporary: they choose their own at the console first.
    TEMPORARY_PASSWORD = "temporary_password"


#: What a refused operator is told of a temporary password.
TEMPORARY = "your password is temporary: log in to the console and change it first."


@dataclass(frozen=True)
class WhoMay:
    """Who may run a command: `may` says it of the logged-in operator (the permission the
    console checks for the same work), and anyone else is told their role and `only`
    ("only an administrator can manage operators.")."""

    may: Callable[[Actor], bool]
    only: str


#: What to record when a logged-in operator is refused, before they are logged out.
OnRefusal = Callable[["Actor", LoginRefusal], None]


def acting_options(
    whose: str = "", *, optional: str = "", also: str = ""
) -> argparse.ArgumentParser:
    """A parent parser with `--as USERNAME` and `--password-stdin`; `whose` says in
    `--help` whose username it must be ("an administrator's"). `--as` is required unless
    `optional` says what leaving it out does (`backup`, `restore`: "recorded under the
    system"), the command then acting as the system. `also`: a sentence `--help` adds
    (where `--as` does not apply)."""
    acting = argparse.ArgumentParser(add_help=False)
    said = f"your own username{f' ({whose})' if whose else ''}; you are asked for your password"
    acting.add_argument(
        "--as",
        dest="acting_username",
        metavar="USERNAME",
        required=not optional,
        default=None,
        help=f"{said}{f'; without it, {optional}' if optional else ''}"
        + (f". {also}" if also else ""),
    )
    acting.add_argument(
        "--password-stdin",
        action="store_true",
        help="read your password from the first line of standard input instead of prompting",
    )
    return acting


def run_as(
    uow_factory: UnitOfWorkFactory,
    args: argparse.Namespace,
    who_may: WhoMay,
    work: Callable[[Actor], int],
    *,
    on_refusal: OnRefusal | None = None,
    not_accepted: int = 1,
) -> int:
    """Log in the operator `args` names, run `work` as them and log them out, whatever
    `work` does; `work`'s exit status, or, said on standard error, `not_accepted` when no
    password of theirs was accepted (a wrong one, their account locked, none given) and 1
    when they may not run the command. A command whose caller must tell a mistyped
    password from a failure (`train play`, started by the console) gives its own
    `not_accepted`. A refusal at login is recorded by `on_refusal`, or by default as
    `command.refused` (services/command_refusals.py)."""
    from custinfo_tui.services.auth import log_out

    if on_refusal is None:
        on_refusal = _command_refused(uow_factory, command_words(args))
    actor = _log_in(uow_factory, args, who_may, on_refusal, not_accepted)
    if isinstance(actor, int):
        return actor
    try:
        return work(actor)
    finally:
        log_out(uow_factory(), actor)


def log_in_for(
    uow_factory: UnitOfWorkFactory, args: argparse.Namespace, who_may: WhoMay
) -> Actor | int:
    """The operator `args` names, logged in as `run_as` logs them in, or the exit status
    after saying why not; for a command whose log-out is on another database than its
    login (`restore`: logged in on the checked backup, which becomes the database). The
    caller logs them out (`services.auth.log_out`)."""
    refused = _command_refused(uow_factory, command_words(args))
    return _log_in(uow_factory, args, who_may, refused, 1)


def command_words(args: argparse.Namespace) -> str:
    """The command as typed, without its arguments: `dsar list`, `erase`, `train report`
    (a subcommand is in `<command>_command`, as each command's parser names it)."""
    command = str(args.command)
    subcommand = getattr(args, f"{command.replace('-', '_')}_command", None)
    return f"{command} {subcommand}" if subcommand else command


def _command_refused(uow_factory: UnitOfWorkFactory, command: str) -> OnRefusal:
    """Records a refusal at login as `command.refused`, under the operator refused."""

    def record(actor: Actor, refusal: LoginRefusal) -> None:
        from custinfo_tui.services.command_refusals import record_command_refusal

        record_command_refusal(uow_factory(), actor, command, refusal.value)

    return record


def _read_password(username: str, from_stdin: bool) -> str:
    """The acting operator's password; NoPasswordGiven when none was given."""
    from custinfo_tui.commands.password_prompt import NoPasswordGiven, ask_password

    if from_stdin:
        line = sys.stdin.readline()
        if not line:  # not even an empty line: nothing to try, and no failed login to count
            raise NoPasswordGiven("no password given: standard input was empty.")
        return line.rstrip("\r\n")
    return ask_password(f"Password for {username}: ")


def _log_in(
    uow_factory: UnitOfWorkFactory,
    args: argparse.Namespace,
    who_may: WhoMay,
    on_refusal: OnRefusal | None,
    not_accepted: int,
) -> Actor | int:
    """The acting operator, or the exit status after saying why not: `not_accepted` when
    no password was accepted, 1 when the operator may not run the command. One who logged
    in but may not run it is logged out again, after `on_refusal` has recorded why."""
    from custinfo_tui.commands.password_prompt import NoPasswordGiven
    from custinfo_tui.services.auth import authenticate, log_out

    username = args.acting_username
    try:
        password = _read_password(username, args.password_stdin)
    except NoPasswordGiven as error:
        fail(str(error))
        return not_accepted
    outcome = authenticate(uow_factory(), username, password)
    if outcome.actor is None:
        fail(outcome.message or "login failed.")
        return not_accepted
    actor = outcome.actor
    refusal: tuple[LoginRefusal, str] | None = None
    if not who_may.may(actor):
        label = actor.role.label
        article = "an" if label[0].lower() in "aeiou" else "a"
        said = f"{actor.username} is {article} {label}; {who_may.only}"
        refusal = LoginRefusal.NOT_PERMITTED, said
    elif outcome.must_change_password:
        refusal = LoginRefusal.TEMPORARY_PASSWORD, TEMPORARY
    if refusal is None:
        return actor
    code, said = refusal
    try:
        if on_refusal is not None:
            on_refusal(actor, code)
    finally:
        fail(said)
        log_out(uow_factory(), actor)
    return 1


def role_may(permission: str) -> Callable[[Actor], bool]:
    """Whether an operator's role grants `permission` (a `Permission`'s name, so that
    this module imports no service before a command runs)."""

    def may(actor: Actor) -> bool:
        from custinfo_tui.services.permissions import Permission, allows

        return allows(actor.role, Permission[permission])

    return may


#: The data protection officer's commands: `dsar`, `erase`, `hold`, `breach`.
DATA_PROTECTION = WhoMay(
    role_may("DATA_PROTECTION"),
    "only a data protection officer can handle data protection requests.",
)
