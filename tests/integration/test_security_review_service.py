"""The database half of `custinfo doctor`, on SQLite and PostgreSQL: how the connection and
the audit table are protected, the audit chain, administrators and unused logins."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.security_review import Check, Status
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.operators import create_first_admin, create_operator
from custinfo_tui.services.security_review import review_database
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

PASSWORD = "a-long-desk-passphrase"


def _by_topic(checks: list[Check]) -> dict[str, Check]:
    return {check.topic: check for check in checks}


def test_a_fresh_database_is_reviewed_without_failures(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    create_first_admin(uow_factory(), "admin", PASSWORD)

    checks = _by_topic(review_database(uow_factory()))

    assert checks["administrators"].finding == "1 active"
    assert checks["audit trail"].status is Status.OK
    assert checks["audit trail"].finding.startswith("1 event intact; newest #1, hash ")
    assert checks["unused logins (90 days)"].status is Status.OK
    if engine.dialect.name == "sqlite":
        encrypted = engine.url.drivername == "sqlite+pysqlcipher"
        assert checks["encryption at rest"].status is (Status.OK if encrypted else Status.WARN)
        assert checks["TLS to the database"].finding.startswith("not applicable")
        assert checks["audit events append-only"].status is Status.OK
    else:
        # The test server listens on 127.0.0.1 without TLS; its user owns every table.
        assert checks["TLS to the database"].finding.startswith("off, but the server is on")
        assert checks["TLS to the database"].status is Status.OK
        assert checks["audit events append-only"].status is Status.WARN
        assert checks["audit events append-only"].finding == (
            "custinfo may UPDATE, DELETE, TRUNCATE audit events"
        )


def test_an_operator_who_has_not_logged_in_for_90_days_is_named_by_id(
    uow_factory: UnitOfWorkFactory,
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=100)
    # Each chose their own password then (a temporary one would have expired since).
    with time_machine.travel(long_ago, tick=False):
        forgotten = create_operator(
            uow_factory(),
            None,
            "forgotten",
            "Fictitious Leaver",
            Role.AGENT,
            PASSWORD,
            temporary=False,
        )
        returning = create_operator(
            uow_factory(),
            None,
            "returning",
            "Fictitious Returner",
            Role.AGENT,
            PASSWORD,
            temporary=False,
        )
    create_operator(uow_factory(), None, "newcomer", "Fictitious Starter", Role.AGENT, PASSWORD)
    assert authenticate(uow_factory(), "returning", PASSWORD).ok

    check = _by_topic(review_database(uow_factory()))["unused logins (90 days)"]

    assert check.status is Status.WARN
    assert check.finding.endswith(f"operator id #{forgotten.id}")
    assert f"#{returning.id}" not in check.finding
    assert "forgotten" not in check.finding and "Leaver" not in check.finding


def test_sqlite_audit_triggers_that_are_gone_are_reported_missing(sqlite_url: str) -> None:
    from custinfo_tui.repository.engine import build_engine

    engine = build_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_delete"))

    check = _by_topic(review_database(uow_factory_for(engine)()))["audit events append-only"]
    engine.dispose()

    assert check.status is Status.WARN
    assert check.finding == "missing: trigger audit_events_no_delete"


@pytest.fixture
def insert_only_url(postgres_url: str) -> Iterator[str]:
    """A login role that may only add and read audit events, like the console's own role."""
    role = f"doctor_probe_{uuid.uuid4().hex[:8]}"
    owner = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
        connection.execute(text(f"GRANT SELECT, INSERT ON audit_events TO {role}"))
        connection.execute(
            text(f"GRANT SELECT ON operators, audit_chain_head, audit_seals TO {role}")
        )
    yield make_url(postgres_url).set(username=role).render_as_string(hide_password=False)
    with owner.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))
        connection.execute(text(f"DROP ROLE {role}"))
    owner.dispose()


@pytest.mark.postgres
def test_a_role_that_may_only_add_and_read_audit_events_passes(insert_only_url: str) -> None:
    from custinfo_tui.repository.engine import build_engine

    engine = build_engine(insert_only_url)
    try:
        check = _by_topic(review_database(uow_factory_for(engine)()))["audit events append-only"]
    finally:
        engine.dispose()

    assert check.status is Status.OK
    assert check.finding.endswith("may only add and read audit events")
