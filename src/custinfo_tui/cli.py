"""The `custinfo` command: start the console, set up a database, load demo data.

Thin: it parses arguments, builds things through the composition root and calls services.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands import audit, operators
from custinfo_tui.diagnostics import configure_logging, report_crash
from custinfo_tui.domain.text import printable
from custinfo_tui.tui.ports import StartupError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from custinfo_tui.settings import Settings


def _parser() -> argparse.ArgumentParser:
    def add_db_option(parser: argparse.ArgumentParser, default: object) -> None:
        parser.add_argument(
            "--db",
            metavar="PATH",
            type=Path,
            default=default,
            help="use this SQLite file (overrides CUSTINFO_DATABASE_URL)",
        )

    # `--db` is accepted before or after the command; the commands' copy must not reset it.
    common = argparse.ArgumentParser(add_help=False)
    add_db_option(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="custinfo",
        description="Customer information console for contact centres.",
    )
    add_db_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", parents=[common], help="start the console (the default)")
    run.add_argument("--demo", action="store_true", help="open the demo database")

    init = commands.add_parser(
        "init", parents=[common], help="create or upgrade the database and the first admin"
    )
    init.add_argument("--admin-username", default="admin", help="the first admin's username")
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the admin password from standard input instead of prompting",
    )

    demo = commands.add_parser(
        "demo", parents=[common], help="build a fictitious demo database and demo operators"
    )
    demo.add_argument(
        "--customers",
        type=int,
        default=2_000,
        metavar="N",
        help="how many demo customers (default 2,000; up to 1,000,000)",
    )
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--start", action="store_true", help="start the console afterwards")

    operators.register(commands, common)
    audit.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in (None, "run"):
            # The console paints its login screen first and reads the settings (pydantic,
            # the environment, the log directory) in its loader thread.
            return _run(lambda: _settings(args.db, console=True), demo=getattr(args, "demo", False))
        settings = _settings(args.db)
        if args.command == "init":
            return _init(settings, args.admin_username, args.password_stdin)
        if args.command == "operator":
            return operators.run(args, settings)
        if args.command == "audit":
            return audit.run(args, settings)
        code = _demo(settings, args.customers, args.seed)
        return _run(settings, demo=True) if code == 0 and args.start else code
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(_explain(error), file=sys.stderr)
        return 1


def _explain(error: Exception) -> str:
    from custinfo_tui.services.errors import ServiceError

    if isinstance(error, ServiceError):  # its message may name stored text
        return printable(f"custinfo: {error}")
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):
        return "custinfo: the database cannot be reached; check --db or CUSTINFO_DATABASE_URL."
    return (
        f"custinfo: internal error (reference {report_crash(error)}); "
        "details are in the log, without personal data."
    )


def _settings(db: Path | None, *, console: bool = False) -> Settings:
    """The settings from the environment (and `--db`), with logging set up to match.

    Invalid settings are reported by name: on the console's login screen, or as the
    command's error.
    """
    from pydantic import ValidationError

    from custinfo_tui.settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        message = _setting_problems(error, Settings)
        if console:
            raise StartupError(message) from None
        raise SystemExit(f"custinfo: {message}") from None
    if db is not None:
        settings = settings.model_copy(
            update={"database_url": f"sqlite+pysqlite:///{db.resolve()}"}
        )
    configure_logging(settings.log_dir)
    return settings


def _setting_problems(error: ValidationError, settings: type[Settings]) -> str:
    """Name each bad setting, what it was set to and what it may be: the allowed range is
    in each setting's description."""
    problems = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        info = settings.model_fields.get(field)
        allowed = f" ({info.description})" if info is not None and info.description else ""
        # Settings are configuration, never personal data, so the value can be repeated.
        given = printable(str(problem.get("input", "")))[:40]
        problems.append(
            f"CUSTINFO_{field.upper()} is {given!r}: {problem['msg'].lower()}{allowed}."
        )
    return "A setting is not valid. " + " ".join(problems) + " See docs/configuration.md."


def _run(settings: Settings | Callable[[], Settings], *, demo: bool) -> int:
    from custinfo_tui.composition import make_app

    make_app(settings, demo=demo).run()
    return 0


def _read_new_password(from_stdin: bool, username: str) -> str:
    from custinfo_tui.services.operators import check_new_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("New admin password: ")
        if getpass.getpass("Type it again: ") != password:
            raise SystemExit("custinfo: the two passwords differ; nothing was changed.")
    problem = check_new_password(password, username)
    if problem:
        raise SystemExit(f"custinfo: password refused. {problem}")
    return password


def _init(settings: Settings, admin_username: str, password_stdin: bool) -> int:
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import upgrade_to_head
    from custinfo_tui.services.operators import create_first_admin

    engine = build_engine_for(settings.resolved_database_url())
    upgrade_to_head(engine)
    uow_factory = uow_factory_for(engine)
    with uow_factory() as uow:
        has_operators = uow.operators.count() > 0
    if has_operators:
        print("Database is up to date; it already has operators.")
        return 0
    admin = create_first_admin(
        uow_factory(), admin_username, _read_new_password(password_stdin, admin_username)
    )
    print(printable(f"Database ready. First admin operator: {admin.username}"))
    return 0


def _demo(settings: Settings, customers: int, seed: int) -> int:
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import upgrade_to_head
    from custinfo_tui.services.demo import DEMO_OPERATORS, load_demo_data

    url = settings.resolved_database_url(demo=True)
    engine = build_engine_for(url)
    upgrade_to_head(engine)

    def progress(done: int) -> None:
        if customers >= 50_000:
            print(f"  {done:,} of {customers:,} customers", file=sys.stderr)

    result = load_demo_data(uow_factory_for(engine), customers, seed=seed, progress=progress)
    if result.customers_added:
        print(f"Demo database ready with {result.customers_added:,} fictitious customers.")
    else:
        print(f"Demo database already has {result.customers_total:,} customers; left as it is.")
    print("Demo operators (username / password / role):")
    for operator in DEMO_OPERATORS:
        print(f"  {operator.username:<11} {operator.password:<21} {operator.role.label}")
    return 0
