"""A unit of work tells a database failure as a value-free storage error, never raw."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from custinfo_tui.repository.errors import DatabaseUnavailable
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def _dead_connection(self: Session) -> None:
    raise OperationalError("ROLLBACK", {}, Exception("consuming input failed: server closed"))


def test_a_connection_lost_under_the_work_is_told_as_unavailable_even_at_its_end(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server restarted under a desk: ending the transaction on leaving the unit of work
    fails too (a COMMIT after reads only, a ROLLBACK otherwise). The desk is told the
    database did not answer, not the driver's own error."""
    monkeypatch.setattr(Session, "rollback", _dead_connection)
    monkeypatch.setattr(Session, "commit", _dead_connection)

    with pytest.raises(DatabaseUnavailable) as told, uow_factory() as uow:
        uow.customers.count()
    assert "consuming input" not in str(told.value)
    assert told.value.__cause__ is None and told.value.__suppress_context__
