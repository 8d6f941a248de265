"""Look into the database a console under test uses, the way a test checks what was stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from custinfo_tui.settings import Settings


@contextmanager
def console_uow_factory(settings: Settings) -> Iterator[UnitOfWorkFactory]:
    """Units of work on the console's database, for calling services; the engine is closed
    afterwards."""
    assert settings.database_url is not None
    engine = build_engine_for(settings.database_url)
    try:
        yield uow_factory_for(engine)
    finally:
        engine.dispose()


@contextmanager
def console_database(settings: Settings) -> Iterator[UnitOfWork]:
    """An open unit of work on the console's database; the engine is closed afterwards."""
    with console_uow_factory(settings) as uow_factory, uow_factory() as uow:
        yield uow


def viewed_reasons(settings: Settings) -> list[str | None]:
    """Why records were opened, as the audit trail holds it: newest first."""
    with console_database(settings) as uow:
        events = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
    return [event.reason for event in events]


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the engine sends while the block runs, as sent, with its
    parameters; the list fills as they go."""
    sent: list[tuple[str, Any]] = []

    def catch(_conn: object, _cursor: object, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", catch)
