"""How the database connection and the audit table are protected, read from the database.

For `custinfo doctor` (MP-11): which driver opened it (SQLCipher or not), this
connection's TLS and the connection role's privileges on `audit_events` (PostgreSQL), and
the triggers that guard `audit_events` (SQLite). Catalogue queries only; nothing stored in
the tables is read.
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from custinfo_tui.domain.security_review import (
    AUDIT_FORBIDDEN_PRIVILEGES,
    AUDIT_GUARD_TRIGGERS,
    DatabaseProtection,
)


class ProtectionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def protection(self) -> DatabaseProtection:
        url = self._session.get_bind().engine.url
        backend = url.get_backend_name()
        if backend == "sqlite":
            return DatabaseProtection(
                backend=backend,
                drivername=url.drivername,
                audit_triggers=self._audit_triggers(),
            )
        tls = self._session.execute(
            text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        ).one_or_none()
        return DatabaseProtection(
            backend=backend,
            drivername=url.drivername,
            host=url.host,
            database_user=self._session.scalar(text("SELECT current_user")),
            tls=bool(tls.ssl) if tls is not None else None,
            tls_version=tls.version if tls is not None else None,
            audit_privileges=self._audit_privileges(),
        )

    def _audit_triggers(self) -> frozenset[str]:
        names = self._session.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_events' AND name IN :names"
            ).bindparams(bindparam("names", expanding=True)),
            {"names": list(AUDIT_GUARD_TRIGGERS)},
        )
        return frozenset(names)

    def _audit_privileges(self) -> dict[str, bool]:
        return {
            privilege: bool(
                self._session.scalar(
                    text("SELECT has_table_privilege(current_user, 'audit_events', :privilege)"),
                    {"privilege": privilege},
                )
            )
            for privilege in AUDIT_FORBIDDEN_PRIVILEGES
        }
