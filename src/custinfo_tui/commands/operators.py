"""`custinfo operator ...`: an administrator adds, disables, enables, changes the role of,
resets and lists operators.

The acting administrator logs in like at the console (`--as USERNAME`, then a password
prompt, or the first line of standard input with `--password-stdin`: `commands/acting.py`),
so every change is audited under their name and the same lockout applies. Temporary
passwords are printed once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import (
    LoginRefusal,
    WhoMay,
    acting_options,
    role_may,
    run_as,
)
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
Command = Callable[["UnitOfWorkFactory", "Actor", argparse.Namespace], int]


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `operator` and its subcommands; `common` holds options every command accepts."""
    parents = [common, acting_options("an administrator's")]

    operator = subparsers.add_parser(
        "operator",
        parents=[common],
        help="add, disable, enable, change the role of, reset the password of or list operators "
        "(admins only)",
    )
    commands = operator.add_subparsers(dest="operator_command", metavar="SUBCOMMAND")
    commands.required = True

    add = commands.add_parser(
        "add", parents=parents, help="add an operator with a temporary password"
    )
    add.add_argument("--username", required=True, help="their login name (no spaces)")
    add.add_argument("--name", required=True, help="their name as shown in the console")
    add.add_argument(
        "--role", required=True, choices=[role.value for role in Role], help="what they do"
    )

    disable = commands.add_parser("disable", parents=parents, help="stop an operator logging in")
    disable.add_argument("username", metavar="USERNAME", help="the operator's username")

    enable = commands.add_parser(
        "enable", parents=parents, help="let a disabled operator log in again"
    )
    enable.add_argument("username", metavar="USERNAME", help="the operator's username")

    role = commands.add_parser("set-role", parents=parents, help="give an operator another role")
    role.add_argument("username", metavar="USERNAME", help="the operator's username")
    role.add_argument(
        "--role", required=True, choices=[role.value for role in Role], help="what they do now"
    )

    reset = commands.add_parser(
        "reset-password",
        parents=parents,
        help="give an operator a new temporary password (also lifts a lockout)",
    )
    reset.add_argument("username", metavar="USERNAME", help="the operator's username")

    commands.add_parser("list", parents=parents, help="list every operator")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Log the acting administrator in, run the subcommand, log out. Returns the exit code."""
    from custinfo_tui.commands.database import current_database

    # Never a new, empty file where the database should be: a later `init` or `run` would
    # take it for a database to upgrade (found as "not set up" beside the demo's).
    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory,
            args,
            ADMINISTRATORS,
            lambda actor: _run(uow_factory, actor, args),
            on_refusal=lambda actor, refusal: _record_refusal(
                uow_factory, actor, args.operator_command, refusal
            ),
        )


#: Who may manage operators: administrators (`Permission.MANAGE_OPERATORS`).
ADMINISTRATORS = WhoMay(role_may("MANAGE_OPERATORS"), "only an administrator can manage operators.")


def _run(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    """The subcommand, run as the logged-in administrator; a refusal said, status 1."""
    from custinfo_tui.domain.validation import FieldError
    from custinfo_tui.services.errors import ServiceError

    try:
        return _COMMANDS[args.operator_command](uow_factory, actor, args)
    except (ServiceError, FieldError) as error:  # a refusal, or what was typed refused
        return fail(str(error))


def _record_refusal(
    uow_factory: UnitOfWorkFactory, actor: Actor, command: str, refusal: LoginRefusal
) -> None:
    """An operator refused at login is refused on the audit trail too, between their
    login and their log-out (`operator.management_refused`)."""
    from custinfo_tui.domain.operator_refusals import OperatorCommand, OperatorRefusal
    from custinfo_tui.services.operator_refusals import record_refusal

    code = (
        OperatorRefusal.TEMPORARY_PASSWORD
        if refusal is LoginRefusal.TEMPORARY_PASSWORD
        else OperatorRefusal.NOT_ADMINISTRATOR
    )
    record_refusal(uow_factory(), actor, OperatorCommand(command), code)


def _add(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    from custinfo_tui.services.operators import add_operator

    issued = add_operator(uow_factory(), actor, args.username, args.name, Role(args.role))
    print(printable(f"Added operator {issued.operator.username} ({issued.operator.role.label})."))
    _print_temporary(issued.temporary_password)
    return 0


#: What disabling, a new role and a password reset do to a session the operator has open
#: (docs/access-control.md, "Sessions an administrator ends").
_SESSION_ENDS = "a console they are logged in at ends their session at its next action"


def _disable(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    from custinfo_tui.services.operators import disable_operator

    operator = disable_operator(uow_factory(), actor, args.username)
    print(
        printable(
            f"Operator {operator.username} is disabled and can no longer log in; {_SESSION_ENDS}."
        )
    )
    return 0


def _enable(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    from custinfo_tui.services.operators import enable_operator

    operator = enable_operator(uow_factory(), actor, args.username)
    print(printable(f"Operator {operator.username} can log in again, with their password."))
    return 0


def _set_role(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    from custinfo_tui.services.operators import change_role

    operator = change_role(uow_factory(), actor, args.username, Role(args.role))
    print(
        printable(
            f"Operator {operator.username} is now a {operator.role.label}, from their next "
            f"login; {_SESSION_ENDS}."
        )
    )
    return 0


def _reset(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    from custinfo_tui.services.operators import reset_password

    issued = reset_password(uow_factory(), actor, args.username)
    say(f"New temporary password for {issued.operator.username}; {_SESSION_ENDS}.")
    if not issued.operator.active:
        print("They are disabled: `custinfo operator enable` lets them log in with it.")
    _print_temporary(issued.temporary_password)
    return 0


def _print_temporary(password: str) -> None:
    from custinfo_tui.domain.password_policy import TEMPORARY_PASSWORD_HOURS

    print(f"Temporary password (shown only this once): {password}")
    say(
        "Give it to them in person; they must choose their own at their next login, within "
        f"{TEMPORARY_PASSWORD_HOURS} hours."
    )


def _list(uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace) -> int:
    """Every operator and how their login stands, in the words of the console's operators
    screen (`OperatorSummary.standing`): locked, or waiting on a temporary password, too."""
    from datetime import UTC, datetime

    from custinfo_tui.services.operators import list_operators

    now = datetime.now(UTC)
    rows = [("username", "name", "role", "status")]
    rows += [
        (printable(op.username), printable(op.display_name), op.role.label, op.standing(now))
        for op in list_operators(uow_factory(), actor)
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


_COMMANDS: dict[str, Command] = {
    "add": _add,
    "disable": _disable,
    "enable": _enable,
    "set-role": _set_role,
    "reset-password": _reset,
    "list": _list,
}
