"""The one composition root: builds engines, services and the app. CLI and tests use it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.ports import StartupError

#: Kept in step with services.demo.DEMO_OPERATORS (a test checks); not imported from there so
#: the first frame does not wait for the service layer to import.
DEMO_LOGIN_HINT = "Demo database: log in as agent / agent-demo-2026 (other roles: see the README)."

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from custinfo_tui.services.console import ConsoleServices
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def build_engine_for(url: str) -> Engine:
    from custinfo_tui.repository.engine import build_engine

    return build_engine(url)


def uow_factory_for(engine: Engine) -> UnitOfWorkFactory:
    """A factory of fresh units of work over one engine (one per service call)."""
    from custinfo_tui.repository.engine import build_session_factory
    from custinfo_tui.repository.unit_of_work import SqlAlchemyUnitOfWork

    sessions = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(sessions)


def build_console_services(url: str, policy_file: Path | None = None) -> ConsoleServices:
    """Open the database, check its schema is current, and bind the console's services."""
    from sqlalchemy.exc import SQLAlchemyError

    from custinfo_tui.repository.migrate import is_current
    from custinfo_tui.services.console import ConsoleServices
    from custinfo_tui.services.policy import PolicyFileError, load_capture, load_policy

    try:
        policy = load_policy(policy_file)
        capture = load_capture(policy_file)
    except PolicyFileError as error:
        raise StartupError(str(error)) from None

    engine = build_engine_for(url)
    try:
        current = is_current(engine)
    except SQLAlchemyError as error:
        raise StartupError(
            "The database cannot be reached. Check CUSTINFO_DATABASE_URL or --db, "
            "or ask your administrator."
        ) from error
    if not current:
        raise StartupError(
            "This database is not set up or needs upgrading: run `custinfo init` "
            "(or `custinfo demo` for demo data)."
        )
    return ConsoleServices(uow_factory_for(engine), policy, capture)


def make_app(settings: Settings | Callable[[], Settings], *, demo: bool = False) -> CustinfoApp:
    """The console for the configured database; services load after the first frame.

    Given a function instead of Settings (as `custinfo` does), the settings themselves are
    read in the loader thread too: pydantic and the environment are not needed to paint
    the login screen, and the idle-lock time and access reasons only matter after login.
    """
    hint = DEMO_LOGIN_HINT if demo else None
    if callable(settings):
        read_settings = settings
        app = CustinfoApp(lambda: _load(app, read_settings(), demo), login_hint=hint)
        return app
    return CustinfoApp(
        lambda: build_console_services(
            settings.resolved_database_url(demo=demo), settings.policy_file
        ),
        login_hint=hint,
        idle_lock_seconds=settings.idle_lock_minutes * 60,
        access_reasons=tuple(settings.access_reasons),
    )


def _load(app: CustinfoApp, settings: Settings, demo: bool) -> ConsoleServices:
    app.idle_lock_seconds = settings.idle_lock_minutes * 60
    app.access_reasons = tuple(settings.access_reasons)
    return build_console_services(settings.resolved_database_url(demo=demo), settings.policy_file)
