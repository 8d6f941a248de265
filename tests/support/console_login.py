"""A desk's login on PostgreSQL: a login role in custinfo_console, as a DBA would create one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.repository.console_role import CONSOLE_ROLE, set_up_console_role
from custinfo_tui.repository.engine import build_engine


@contextmanager
def console_login(owner_url: str) -> Iterator[str]:
    """Set up custinfo_console on the owner's database (as `custinfo init` does) and yield
    the URL of a new login role in it; the login role is dropped afterwards.

    The test server trusts connections from 127.0.0.1, so the login needs no password.
    """
    owner = build_engine(owner_url)
    set_up_console_role(owner)
    owner.dispose()
    desk = f"desk_{uuid.uuid4().hex[:10]}"
    admin = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {desk} LOGIN IN ROLE {CONSOLE_ROLE}"))
    try:
        yield make_url(owner_url).set(username=desk).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {desk}"))
        admin.dispose()
