"""Opening a backup's copy and checking it before anything trusts it: SQLite's integrity
check, a schema version this release knows, an intact audit trail (docs/backups.md). Both
`custinfo backup` (the copy just written) and `custinfo restore` (the backup about to
replace the database) go through `checked_copy`; `BackupRefused` says what is wrong,
without a personal value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import SecretStr
    from sqlalchemy import Engine
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.domain.backups import BackupFacts
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


class BackupRefused(Exception):
    """A backup that cannot be trusted; the message says why, without a personal value."""


class TrailNotVerified(BackupRefused):
    """The copy's audit trail does not verify; `explanation` says where, by ids only."""

    def __init__(self, message: str, explanation: str) -> None:
        super().__init__(message)
        self.explanation = explanation


class DamagedCopy(BackupRefused):
    """SQLite's integrity check found the copy damaged; `said` is what it found."""

    def __init__(self, message: str, said: str) -> None:
        super().__init__(message)
        self.said = said


@contextmanager
def checked_copy(
    file: Path,
    key: SecretStr | None,
    name: str,
    *,
    expected_revision: str | None = None,
    migrate: bool = False,
    self_contained: bool = False,
    wrong_key: str = "",
    as_is: bool = False,
) -> Iterator[tuple[BackupFacts, UnitOfWorkFactory]]:
    """Open a copy and check it: integrity, a schema this version knows (brought to the
    newest with `migrate`), an intact audit trail. Yields its facts and a factory of units
    of work on it; BackupRefused says what is wrong. With `self_contained` it is left in
    rollback-journal mode afterwards, one file with nothing beside it. `name` is the
    backup's file as the user knows it (the copy checked is a staged file beside the
    database, named after it); `wrong_key` is added to the refusal when the key does not
    open it (what to try instead). With `as_is` a trail that does not verify is not
    refused: the facts say why (`trail_problem`), for the caller to judge."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.backup import close_for_replacement, is_known_revision
    from custinfo_tui.repository.backup_contents import (
        audit_event_count,
        first_event_hash,
        newest_ids,
        put_back_triggers,
    )
    from custinfo_tui.repository.encryption import EncryptionError
    from custinfo_tui.repository.engine import sqlite_url
    from custinfo_tui.repository.integrity import integrity_problem
    from custinfo_tui.repository.migrate import current_revision, upgrade_to_head
    from custinfo_tui.services.audit import verify_chain
    from custinfo_tui.services.backup import database_facts

    try:
        engine = build_engine_for(sqlite_url(file.resolve()), key)
    except EncryptionError:
        raise BackupRefused(
            f"the backup {name} cannot be opened with this key: the key is wrong, or the "
            f"file is damaged or not a custinfo backup. Nothing was changed.{wrong_key}"
        ) from None
    except DBAPIError as error:
        raise _unreadable(error, name) from None
    try:
        problem = integrity_problem(engine)
        if problem is not None:
            said = f"SQLite's integrity check: {problem}"
            raise DamagedCopy(
                f"the backup {name} is damaged ({said}). Nothing was changed; use another backup.",
                said,
            )
        revision = current_revision(engine)
        if revision is None:
            raise BackupRefused(
                f"{name} is not a custinfo backup: it is a SQLite database without custinfo's "
                "schema version. Nothing was changed."
            )
        if not is_known_revision(revision):
            raise BackupRefused(
                f"the backup {name} was made by a newer custinfo (its schema version "
                f"{revision} is not one this version knows): restore it with that version. "
                "Nothing was changed."
            )
        if expected_revision is not None and revision != expected_revision:
            raise BackupRefused("the copy's schema version differs from the database's.")
        put_back: list[str] = []
        if migrate:
            upgrade_to_head(engine)
            revision = current_revision(engine)
            # Its schema is what its revision says: the audit trail's append-only guards
            # as the migrations define them, whatever was done to the file.
            put_back = put_back_triggers(engine)
        uows = uow_factory_for(engine)
        report = verify_chain(uows())
        if not report.ok and not as_is:
            raise TrailNotVerified(
                f"the audit trail in the backup ({name}) does not verify: "
                f"{report.explanation}. Nothing was changed.",
                report.explanation,
            )
        events = report.events_checked if report.ok else audit_event_count(engine)
        facts = database_facts(uows(), audit_events=events, revision=revision).model_copy(
            update={
                "first_event_hash": first_event_hash(engine),
                "newest_ids": newest_ids(engine),
                "triggers_put_back": tuple(put_back),
                "trail_problem": None if report.ok else report.explanation,
            }
        )
        yield facts, uows
        if self_contained:  # out of WAL mode: one file, readable from read-only storage
            engine.dispose()
            close_for_replacement(engine, file)
    except DBAPIError as error:
        raise _unreadable(error, name) from None
    finally:
        engine.dispose()


def _unreadable(error: DBAPIError, name: str) -> BackupRefused:
    """SQLite's own words (about pages and headers, never values) on an unreadable file."""
    first = str(error.orig).splitlines()[0] if error.orig is not None else "unreadable"
    return BackupRefused(
        f"the backup {name} cannot be read as a custinfo database ({first}). Nothing was "
        "changed; use another backup."
    )


def key_of(engine: Engine) -> SecretStr | None:
    """The key an encrypted engine opens its file with (held by its URL object)."""
    from pydantic import SecretStr

    from custinfo_tui.repository.encryption import is_encrypted

    if not is_encrypted(engine.url) or engine.url.password is None:
        return None
    return SecretStr(str(engine.url.password))


def remove_with_companions(file: Path) -> None:
    from custinfo_tui.repository.backup import companions

    for path in (file, *companions(file)):
        path.unlink(missing_ok=True)
