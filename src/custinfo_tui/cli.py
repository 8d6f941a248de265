"""The `custinfo` command: its arguments, the settings, starting the console, and each
other command handed to its module in `commands/` (`init` and `demo` in `setup.py`).

Thin: it parses arguments, builds things through the composition root and calls services.
"""

from __future__ import annotations

from custinfo_tui.interrupts import INTERRUPTED_STATUS, ending_quietly_on_ctrl_c, interrupted_line

# Ctrl+C while the command loads, before `main` can catch it, ends as it does there.
with ending_quietly_on_ctrl_c():
    import argparse
    import os
    import sys
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING

    from custinfo_tui.command_errors import explain
    from custinfo_tui.command_help import describe_every_command
    from custinfo_tui.commands import (
        audit,
        backup,
        breaches,
        complaints,
        disclosures,
        doctor,
        dsar,
        erasure,
        evidence,
        legacy_import,
        operators,
        redact_cards,
        rekey,
        retention,
        setup,
        train,
    )
    from custinfo_tui.console_terminal import refuse_without_a_terminal
    from custinfo_tui.diagnostics import configure_logging
    from custinfo_tui.domain.text import printable
    from custinfo_tui.tui.ports import StartupError

if TYPE_CHECKING:
    from pydantic import SecretStr

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

    run = commands.add_parser(
        "run",
        parents=[common],
        help="start the console (the default)",
        description="Start the console in this terminal: the login screen, then the screens "
        "of the operator's role. With --demo, on the demo database `custinfo demo` made.",
    )
    run.add_argument("--demo", action="store_true", help="open the demo database")

    init = commands.add_parser(
        "init", parents=[common], help="create or upgrade the database and the first admin"
    )
    init.add_argument(
        "--admin-username",
        metavar="USERNAME",
        help="the first admin's username (default admin); refused once there are operators",
    )
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the admin password from standard input instead of prompting",
    )
    init.add_argument(
        "--role-sql",
        type=Path,
        metavar="FILE",
        help="PostgreSQL, where init may not create the consoles' role: write the SQL for "
        "the database administrator to FILE instead of printing it",
    )
    init.add_argument(
        "--encrypt",
        action="store_true",
        help="create the SQLite database encrypted (SQLCipher; key from "
        "CUSTINFO_DATABASE_KEY_FILE, or asked for twice)",
    )

    demo = commands.add_parser(
        "demo", parents=[common], help="build a fictitious demo database and demo operators"
    )
    demo.add_argument(
        "--customers",
        type=int,  # the demo service says which numbers it takes (0 to 1,000,000)
        default=2_000,
        metavar="N",
        help="how many demo customers (default 2,000; up to 1,000,000)",
    )
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--start", action="store_true", help="start the console afterwards")
    demo.add_argument("--encrypt", action="store_true", help="create the demo database encrypted")
    demo.add_argument(
        "--into-real-database",
        action="store_true",
        help="load into a database the demo did not build (a test server): its operators' "
        "passwords are published, so never a live one",
    )

    operators.register(commands, common)
    audit.register(commands, common)
    complaints.register(commands, common)
    dsar.register(commands, common)
    disclosures.register(commands, common)
    breaches.register(commands, common)
    doctor.register(commands, common)
    rekey.register(commands, common)
    redact_cards.register(commands, common)
    train.register(commands, common)
    evidence.register(commands, common)
    erasure.register(commands, common)
    retention.register(commands, common)
    backup.register(commands, common)
    legacy_import.register(commands, common)
    describe_every_command(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `custinfo` with `argv`; the exit status. Ctrl+C anywhere a command does not
    handle it itself (parsing the arguments, closing the database, saying an error) ends
    it the same way: a line of its own, status 130, never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt as interrupt:
        print(f"\n{interrupted_line(interrupt)}", file=sys.stderr)
        return INTERRUPTED_STATUS


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    refuse_without_a_terminal(args)  # before a key is asked for or a database opened
    try:
        if args.command in (None, "run"):
            # The console paints its login screen first and reads the settings (pydantic,
            # the environment, the log directory) in its loader thread. An encrypted
            # database's key is typed before that, while the terminal is still a terminal.
            demo = getattr(args, "demo", False)
            key = _typed_console_key(args.db, demo)
            return _run(lambda: _settings(args.db, console=True), demo=demo, database_key=key)
        settings = _settings(args.db)
        _refuse_what_is_no_database(settings, args)
        if args.command == "init":
            key = _database_key(settings, encrypt=args.encrypt)
            return setup.init(
                settings, args.admin_username, args.password_stdin, key, args.role_sql
            )
        if args.command == "rekey":
            return rekey.run(args, settings)
        if args.command == "doctor":
            return doctor.run(args, settings)
        if args.command in ("backup", "restore"):
            return backup.run(args, settings)
        if args.command in (
            "operator",
            "audit",
            "complaints",
            "dsar",
            "disclosures",
            "breach",
            "redact-cards",
            "train",
            "evidence",
        ):
            _warn_about_shared_files(settings)
        if args.command == "operator":
            return operators.run(args, settings)
        if args.command == "audit":
            return audit.run(args, settings)
        if args.command == "complaints":
            return complaints.run(args, settings)
        if args.command == "dsar":
            return dsar.run(args, settings)
        if args.command == "disclosures":
            return disclosures.run(args, settings)
        if args.command == "breach":
            return breaches.run(args, settings)
        if args.command == "redact-cards":
            return redact_cards.run(args, settings)
        if args.command == "train":
            return train.run(args, settings)
        if args.command == "evidence":
            return evidence.run(args, settings)
        if args.command in ("erase", "hold", "retention"):
            _warn_about_shared_files(settings)
            run = retention.run if args.command == "retention" else erasure.run
            return run(args, settings)
        if args.command == "import":
            _warn_about_shared_files(settings)
            return legacy_import.run(args, settings)
        key = _database_key(settings, demo=True, encrypt=args.encrypt)
        code = setup.demo(settings, args.customers, args.seed, key, args.into_real_database)
        return _run(settings, demo=True, database_key=key) if code == 0 and args.start else code
    except KeyboardInterrupt as interrupt:
        # The terminal echoed ^C where the cursor was: the line says what was left, on a
        # line of its own, and the shell's prompt comes after it.
        print(f"\n{interrupted_line(interrupt)}", file=sys.stderr)
        return INTERRUPTED_STATUS
    except BrokenPipeError:
        # Whatever read the output stopped early (`custinfo audit show | head`): not a
        # crash. Standard output goes nowhere now, so the exit's flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:
        print(explain(error), file=sys.stderr)
        return 1
    finally:  # SQLite checkpoints and removes its -wal and -shm as the last one closes
        if engines := sys.modules.get("custinfo_tui.repository.engine"):
            engines.dispose_engines()


def _settings(db: Path | None, *, console: bool = False) -> Settings:
    """The settings from the environment (and `--db`), with logging set up to match.

    Invalid settings are reported by name: on the console's login screen, or as the
    command's error.
    """
    from pydantic import ValidationError

    from custinfo_tui.settings import Settings, setting_problems

    try:
        settings = Settings()
    except ValidationError as error:
        message = setting_problems(error)
        if console:
            raise StartupError(message) from None
        from custinfo_tui.terminal_lines import fail

        raise SystemExit(fail(message)) from None
    if db is not None:
        settings = settings.model_copy(
            update={"database_url": f"sqlite+pysqlite:///{db.resolve()}"}
        )
    _refuse_insecure_transport(settings, console=console)
    configure_logging(settings.log_dir)
    return settings


def _refuse_what_is_no_database(settings: Settings, args: argparse.Namespace) -> None:
    """Refuse a folder, or a file that is no database, given as the database (`--db`, the
    URL), before anything warns about its permissions or asks for its key; and `init`,
    `demo` and `restore`, which create the database's file, create no folder but the data
    folder, so a typo makes no second database."""
    from custinfo_tui.database_files import sqlite_file_problem
    from custinfo_tui.terminal_lines import fail

    demo = args.command == "demo" or getattr(args, "demo", False)
    creates = args.command in ("init", "demo", "restore")
    problem = sqlite_file_problem(
        settings.resolved_database_url(demo=demo),
        new_folder_only=settings.data_dir if creates else None,
    )
    if problem is not None:
        raise SystemExit(fail(f"{problem} Nothing was changed."))


def _refuse_insecure_transport(settings: Settings, *, console: bool) -> None:
    """A PostgreSQL server off this machine without verified TLS is refused here, before
    anything connects, the way a bad setting is (docs/security.md); so is a URL that is
    none, or not a SQLite or PostgreSQL one, with a bad option's status, 2."""
    from custinfo_tui.database_transport import InsecureTransport, NotADatabaseUrl
    from custinfo_tui.terminal_lines import fail

    try:
        settings.resolved_database_url()
    except InsecureTransport as error:
        if console:
            raise StartupError(f"{str(error)[:1].upper()}{str(error)[1:]}") from None
        if isinstance(error, NotADatabaseUrl):
            fail(str(error))
            raise SystemExit(2) from None
        raise SystemExit(fail(str(error))) from None


def _warn_about_shared_files(settings: Settings) -> None:
    """Say so when others can open the database or the log, with the command that fixes it."""
    from custinfo_tui.composition import shared_files_warning_for

    warning = shared_files_warning_for(settings)
    if warning is not None:
        for line in f"custinfo: {warning}".splitlines():  # a command a line
            print(printable(line), file=sys.stderr)


def _run(
    settings: Settings | Callable[[], Settings],
    *,
    demo: bool,
    database_key: SecretStr | None = None,
) -> int:
    from custinfo_tui.composition import make_app

    app = make_app(settings, demo=demo, database_key=database_key)
    app.run()
    return app.return_code or 0  # 143 when SIGTERM closed it (tui/stop_signals.py)


def _typed_console_key(db: Path | None, demo: bool) -> SecretStr | None:
    """The key of an encrypted SQLite database, typed before the console takes the terminal.

    None when there is nothing to ask: the database is not an encrypted file, or
    CUSTINFO_DATABASE_KEY_FILE is set (the loader reads it). The settings load after the
    first frame, so the file is found from the flag and variables they read; a test keeps
    the two in step.
    """
    from custinfo_tui.database_files import database_file_problem
    from custinfo_tui.repository.encryption import FileState, file_state

    if os.environ.get("CUSTINFO_DATABASE_KEY_FILE"):
        return None
    database = _console_database_file(db, demo)
    if database is None or database_file_problem(database) is not None:
        return None  # nothing to ask: the login screen says what is wrong
    if file_state(database) is not FileState.ENCRYPTED:
        return None
    from custinfo_tui.database_key import ask_key

    return ask_key(database, False)


def _console_database_file(db: Path | None, demo: bool) -> Path | None:
    """The SQLite file the console will open, as `Settings.resolved_database_url` finds it."""
    from custinfo_tui.repository.encryption import ENCRYPTED_DRIVER

    if db is not None:
        return db.resolve()
    url = os.environ.get("CUSTINFO_DATABASE_URL")
    if url:
        if not url.startswith("sqlite") or url.startswith(ENCRYPTED_DRIVER):
            return None  # a server, or a URL that carries its own key
        from custinfo_tui.database_transport import NotADatabaseUrl, parsed_url
        from custinfo_tui.repository.engine import sqlite_file

        try:
            parsed_url(url)
        except NotADatabaseUrl:
            return None  # the login screen says what is wrong with it
        return sqlite_file(url)
    from platformdirs import user_data_dir

    data_dir = os.environ.get("CUSTINFO_DATA_DIR") or user_data_dir("custinfo-tui")
    return Path(data_dir) / ("demo.db" if demo else "custinfo.db")


def _database_key(
    settings: Settings, *, demo: bool = False, encrypt: bool = False
) -> SecretStr | None:
    """The key an encrypted SQLite database needs: from its key file, or typed."""
    from custinfo_tui.composition import database_key_for
    from custinfo_tui.database_key import ask_key

    return database_key_for(settings, demo=demo, encrypt=encrypt, ask=ask_key)
