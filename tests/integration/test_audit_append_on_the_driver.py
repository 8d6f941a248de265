"""The audit append runs on the driver's own connection (PostgreSQL) yet behaves as every
other statement of a unit of work: kept only with the work's commit, refused without
values, and a lost connection told as the database not answering, then replaced."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction, AuditEventIn
from custinfo_tui.repository.errors import ConstraintViolation, DatabaseUnavailable
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: A customer id no record has: the database's foreign key refuses an event naming it.
NO_SUCH_CUSTOMER = 987_654


def _viewed(customer_id: int | None = None) -> AuditEventIn:
    return AuditEventIn(
        action=AuditAction.CUSTOMER_VIEWED, operator_id=None, customer_id=customer_id
    )


def _events(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.execute(text("SELECT count(*) FROM audit_events")).scalar_one())


def test_an_event_appended_by_work_that_then_failed_is_not_kept(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The work ends without `commit()` after a handler's mistake, not the database's:
    the event it appended goes with it (it must not end as work that only read)."""
    with uow_factory() as uow:
        uow.audit.append(_viewed())
        uow.commit()
    with pytest.raises(ValueError), uow_factory() as uow:
        uow.audit.append(_viewed())
        uow.customers.count()  # and read after it
        raise ValueError("refused before the commit")

    assert _events(uow_factory) == 1


def test_an_append_the_database_refuses_is_told_without_its_values(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with pytest.raises(ConstraintViolation) as told, uow_factory() as uow:
        uow.audit.append(_viewed(NO_SUCH_CUSTOMER))
        uow.commit()

    assert str(NO_SUCH_CUSTOMER) not in str(told.value)
    assert told.value.__cause__ is None and told.value.__suppress_context__
    with uow_factory() as uow:  # the desk's connection is still good
        uow.audit.append(_viewed())
        uow.commit()
    assert _events(uow_factory) == 1


@pytest.mark.postgres
def test_a_connection_cut_under_an_append_is_told_as_unavailable_then_replaced(
    postgres_engine: Engine,
) -> None:
    """The server ends the desk's session (a restart, an administrator) inside a unit of
    work, just before its append: the desk is told the database did not answer, and its
    next work gets a new connection instead of the dead one."""
    factory = uow_factory_for(postgres_engine)
    with pytest.raises(DatabaseUnavailable), factory() as uow:
        desk = uow.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with postgres_engine.connect() as other:  # waits until the session has ended
            other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": desk})
        uow.audit.append(_viewed())
        uow.commit()

    with factory() as uow:
        uow.audit.append(_viewed())
        uow.commit()
    assert _events(factory) == 1
