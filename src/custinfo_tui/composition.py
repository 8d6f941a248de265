"""The one composition root: builds engines, services and the app. CLI and tests use it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.database_files import demo_beside, missing_sqlite_file, sqlite_file_problem
from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.ports import NoAnswerAtStart, StartupError, TrainingLauncher

#: Kept in step with services.demo.DEMO_OPERATORS (a test checks); not imported from there so
#: the first frame does not wait for the service layer to import.
DEMO_LOGIN_HINT = "Demo database: log in as agent / agent-demo-2026 (other roles: README)."

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import SecretStr
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError

    from custinfo_tui.database_key import KeyAsker
    from custinfo_tui.domain.security_review import PrivateFile
    from custinfo_tui.domain.training.run import TrainingMode
    from custinfo_tui.services.audit_listener import AuditListener
    from custinfo_tui.services.console import ConsoleServices
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def build_engine_for(url: str, key: SecretStr | None = None, *, read_only: bool = False) -> Engine:
    """The engine for `url`; an encrypted SQLite file is opened at once to check its key
    (a wrong one raises `WrongDatabaseKey`, whose message is safe to show). `read_only`: a
    SQLite file is only read, its journal mode left as it is (`repository.engine`)."""
    from custinfo_tui.repository.encryption import check_key, is_encrypted
    from custinfo_tui.repository.engine import build_engine

    engine = build_engine(url, key=key, read_only=read_only)
    if is_encrypted(engine.url):
        check_key(engine)
    return engine


def database_key_for(
    settings: Settings, *, demo: bool = False, encrypt: bool = False, ask: KeyAsker | None = None
) -> SecretStr | None:
    """The key of the configured database when it is (or, with `encrypt`, will be) an
    encrypted SQLite file: from CUSTINFO_DATABASE_KEY_FILE, else `ask` (docs/security.md)."""
    from custinfo_tui.database_key import key_for_database

    url = settings.resolved_database_url(demo=demo)
    return key_for_database(url, settings.database_key_file, create_encrypted=encrypt, ask=ask)


def uow_factory_for(engine: Engine) -> UnitOfWorkFactory:
    """A factory of fresh units of work over one engine (one per service call)."""
    from custinfo_tui.repository.engine import build_session_factory
    from custinfo_tui.repository.unit_of_work import SqlAlchemyUnitOfWork

    sessions = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(sessions)


def build_console_services(
    url: str,
    policy_file: Path | None = None,
    key: SecretStr | None = None,
    *,
    training_run_id: int | None = None,
    on_audit: AuditListener | None = None,
    scenarios_dir: Path | None = None,
    training_dir: Path | None = None,
    access_reasons: Sequence[str] = DEFAULT_ACCESS_REASONS,
) -> ConsoleServices:
    """Open the database, check its schema is current, and bind the console's services.

    A training run's sandbox opens only for that run's training console, and a training
    console opens nothing but its sandbox (docs/training.md). `on_audit` hears the action of
    every audit event the services commit (training mode). With `training_dir` a trainer can
    start runs from this console, their sandboxes kept there.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from custinfo_tui.repository.encryption import EncryptionError
    from custinfo_tui.repository.migrate import is_current
    from custinfo_tui.services.console import ConsoleServices
    from custinfo_tui.services.policy import (
        PolicyFileError,
        load_capture,
        load_complaints,
        load_policy,
        load_privacy_notice,
        load_retention,
    )

    try:
        policy = load_policy(policy_file)
        capture = load_capture(policy_file)
        complaints = load_complaints(policy_file)
        retention = load_retention(policy_file)
        privacy_notice = load_privacy_notice(policy_file)
    except PolicyFileError as error:
        raise StartupError(str(error)) from None

    try:
        engine = build_engine_for(url, key)
    except EncryptionError as error:
        raise StartupError(str(error)) from None
    try:
        current = is_current(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise _unreachable(error) from error
    if not current:
        raise StartupError(
            "This database is not set up or needs upgrading: run `custinfo init` "
            "(or `custinfo demo` for demo data)."
        )
    from custinfo_tui.repository.import_indexes import restore_set_aside_indexes

    # A first import interrupted part way leaves the search indexes set aside: a console
    # never searches without them (docs/import.md).
    try:
        restore_set_aside_indexes(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise StartupError(
            "The database is busy: a first import is storing customers and builds the "
            "search indexes when it finishes. Start the console once it has finished."
        ) from error
    from custinfo_tui.services.training import WrongDatabase, check_console_database

    uow_factory = uow_factory_for(engine)
    try:
        check_console_database(uow_factory(), training_run_id=training_run_id)
    except WrongDatabase as error:
        engine.dispose()
        raise StartupError(str(error)) from None
    return ConsoleServices(
        uow_factory,
        policy,
        capture,
        complaints,
        on_audit=on_audit,
        scenarios_dir=scenarios_dir,
        retention=retention,
        privacy_notice=privacy_notice,
        training_dir=training_dir,
        open_sandbox=open_sandbox if training_dir is not None else None,
        access_reasons=tuple(access_reasons),
    )


def _unreachable(error: SQLAlchemyError) -> StartupError:
    """Why the console could not open its database, from the kind of failure only (libpq's
    message can name the server's user): a server that did not answer may answer at the
    next login; a refusal needs its setting put right and the console started again."""
    from custinfo_tui.database_transport import explain_connection_failure
    from custinfo_tui.repository.errors import did_not_answer, refusal, says_damaged

    if says_damaged(getattr(error, "orig", None)):
        return StartupError(
            "The database is damaged. Call the administrator: it has to be restored from "
            "the last good backup."
        )
    if tls_problem := explain_connection_failure(error):
        return StartupError(f"{tls_problem[:1].upper()}{tls_problem[1:]}")
    if refused := refusal(getattr(error, "orig", None)):
        return StartupError(f"{refused[:1].upper()}{refused[1:]}, or ask your administrator.")
    if did_not_answer(getattr(error, "orig", None)):
        return NoAnswerAtStart(
            "The database did not answer: its server may be stopped or restarting. "
            "Log in to try again once it is running, or ask your administrator."
        )
    return StartupError(
        "The database cannot be reached. Check CUSTINFO_DATABASE_URL or --db, "
        "or ask your administrator."
    )


@contextmanager
def open_sandbox(path: Path) -> Iterator[UnitOfWorkFactory]:
    """Units of work on a training run's sandbox: its SQLite file created private (0600),
    if new a copy of an empty migrated one (repository/empty_sandbox.py), and checked to be
    at the newest migration like any other database; the engine is closed afterwards."""
    from custinfo_tui.private_files import create_private_file, make_private, private_dir
    from custinfo_tui.repository.empty_sandbox import fill_new_sandbox
    from custinfo_tui.repository.migrate import upgrade_to_head

    private_dir(path.parent)
    if create_private_file(path):
        fill_new_sandbox(path)
    engine = build_engine_for(sandbox_url(path))
    try:
        upgrade_to_head(engine)
        for companion in (
            path,
            path.with_name(f"{path.name}-wal"),
            path.with_name(f"{path.name}-shm"),
        ):
            make_private(companion)
        yield uow_factory_for(engine)
    finally:
        engine.dispose()


def sandbox_url(path: Path) -> str:
    """A sandbox is always a plain SQLite file: it holds only fictitious scenario data."""
    return f"sqlite+pysqlite:///{path.resolve()}"


def sandbox_settings(settings: Settings, path: Path) -> Settings:
    """The live console's settings with the sandbox as its database (never encrypted)."""
    return settings.model_copy(
        update={"database_url": sandbox_url(path), "database_key_file": None}
    )


def console_files_for(settings: Settings, *, demo: bool = False) -> tuple[PrivateFile, ...]:
    """The files and folders of this desk that only their owner should open (MP-11): the
    data folder (or the database's, when it is elsewhere), the SQLite database with its
    -wal and -shm, the log folder and the log."""
    from custinfo_tui.diagnostics import LOG_FILE_NAME
    from custinfo_tui.domain.security_review import console_files
    from custinfo_tui.repository.engine import sqlite_file

    database = sqlite_file(settings.resolved_database_url(demo=demo))
    log_file = settings.log_dir / LOG_FILE_NAME
    if database is None or database.parent.resolve() == settings.data_dir.resolve():
        return console_files(database, settings.data_dir, settings.log_dir, log_file)
    # A database elsewhere (--db, the URL): its folder is the one that shields it; the
    # data folder, unused, had been checked instead ("OK data folder: not there now").
    data_folder, *others = console_files(database, database.parent, settings.log_dir, log_file)
    database_folder = dataclasses.replace(data_folder, label="database folder", someone_elses=True)
    return (database_folder, *others)


def shared_files_warning_for(settings: Settings, *, demo: bool = False) -> str | None:
    """A warning naming this desk's files that others can open, with the command that
    fixes them; None when all are private."""
    from custinfo_tui.services.security_review import files_warning

    return files_warning(console_files_for(settings, demo=demo))


def make_app(
    settings: Settings | Callable[[], Settings],
    *,
    demo: bool = False,
    database_key: SecretStr | None = None,
    training: TrainingMode | None = None,
    training_launcher: TrainingLauncher | None = None,
) -> CustinfoApp:
    """The console for the configured database; settings and services load after the first
    frame.

    The settings are read in the loader thread: pydantic and the environment are not needed
    to paint the login screen, and the idle-lock time and access reasons only matter after
    login, which waits for the loader. `custinfo` passes a function, so a bad setting
    (StartupError) is reported on the login screen; Settings already read are taken as they
    are. `database_key` is the key typed for an encrypted database before the console started.
    `training` starts it in training mode on a run's sandbox database (docs/training.md).
    `training_launcher` starts a role-play from the training screen; by default
    `custinfo train start` in this terminal (tests hand in their own).
    """
    read_settings = _reader_of(settings)
    app = CustinfoApp(
        lambda: _load(app, read_settings(), demo, database_key),
        login_hint=DEMO_LOGIN_HINT if demo else None,
        training=training,
    )
    app.training_launcher = training_launcher
    return app


def _reader_of(settings: Settings | Callable[[], Settings]) -> Callable[[], Settings]:
    if callable(settings):
        return settings
    return lambda: settings


def _load(
    app: CustinfoApp, settings: Settings, demo: bool, typed_key: SecretStr | None
) -> ConsoleServices:
    """Apply the settings to the app, then open the database (in the loader thread)."""
    from custinfo_tui.repository.encryption import EncryptionError

    app.idle_lock_seconds = settings.idle_lock_minutes * 60
    if app.training_launcher is None and app.training is None:  # no run inside a run
        from custinfo_tui.training_launcher import TerminalTrainingLauncher

        app.training_launcher = TerminalTrainingLauncher(settings, demo=demo)
    app.access_reasons = tuple(settings.access_reasons)
    url = settings.resolved_database_url(demo=demo)
    if (problem := sqlite_file_problem(url)) is not None:  # a folder, a document...
        raise StartupError(problem)
    try:
        key = database_key_for(
            settings, demo=demo, ask=None if typed_key is None else lambda _file, _new: typed_key
        )
    except EncryptionError as error:
        raise StartupError(str(error)) from None
    if (missing := missing_sqlite_file(url)) is not None:
        # Connecting would create an empty file, which `custinfo init` then has to be
        # told about and the demo's hint (`demo_beside`) no longer finds.
        raise StartupError(_no_console_database(missing, demo))
    services = build_console_services(
        url,
        settings.policy_file,
        key,
        training_run_id=app.training.run_id if app.training is not None else None,
        # In training mode the scripted caller hears what the trainee's actions commit.
        on_audit=app.audit_heard if app.training is not None else None,
        scenarios_dir=settings.scenarios_dir,
        # Runs are started from a live console, never from inside one.
        training_dir=settings.data_dir / "training" if app.training is None else None,
        access_reasons=settings.access_reasons,
    )
    # Warn, do not refuse: the desk can still work, and whoever can fix the permissions
    # should see the exact command (docs/security.md).
    app.startup_warning = shared_files_warning_for(settings, demo=demo)
    return services


def _no_console_database(missing: Path, demo: bool) -> str:
    """What the login screen says when the console's SQLite file does not exist yet."""
    if demo:
        return "There is no demo database yet: quit and run `custinfo demo` to build it."
    said = f"There is no database at {missing} yet: `custinfo init` creates it."
    if demo_beside(missing):
        return f"{said} The demo's database is beside it: quit and run `custinfo run --demo`."
    return f"{said} `custinfo demo` builds a demo one instead."
