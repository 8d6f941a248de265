"""A desk's security review (MP-11): the facts behind `custinfo doctor` and the login warning.

Gathers file permissions and what the database says about its own protection, and rates
each with the rules in `domain.security_review`. Reads no customer data and records no
audit event: it reports counts and operator ids only, and an event of its own would move
the audit chain's head it reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from custinfo_tui.domain.audit_chain import ChainProblem, ChainReport
from custinfo_tui.domain.database_damage import unreadable_trail_check
from custinfo_tui.domain.operator_review import (
    DORMANT_AFTER_DAYS,
    administrators_check,
    dormant_operators_check,
)
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.security_review import (
    Check,
    PrivateFile,
    audit_chain_check,
    audit_protection_check,
    encryption_check,
    file_check,
    shared_files_warning,
    tls_check,
)
from custinfo_tui.private_files import make_private, permission_bits
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWork


def review_files(files: Sequence[PrivateFile]) -> list[Check]:
    """One check per file or folder: may anyone but its owner open it?"""
    return [file_check(file, permission_bits(file.path)) for file in files]


def files_warning(files: Sequence[PrivateFile]) -> str | None:
    """The warning to show when others can open any of these files, with the fix; or None.
    A folder of the operator's own (`PrivateFile.someone_elses`) is not warned of."""
    files = [file for file in files if not file.someone_elses]
    return shared_files_warning(files, [permission_bits(file.path) for file in files])


def make_files_private(files: Sequence[PrivateFile]) -> list[Path]:
    """Take group and other permissions off each existing file; returns those it changed.
    A folder of the operator's own (`PrivateFile.someone_elses`) is left as it is."""
    return [file.path for file in files if not file.someone_elses and make_private(file.path)]


def review_database(uow: UnitOfWork, *, now: datetime | None = None) -> list[Check]:
    """Encryption at rest, TLS, the audit trail and who may rewrite it, the operators, and
    any legacy import left unfinished.

    Walks the whole audit chain (`verify_chain`): about 20,000 events a second.
    """
    # Only `custinfo doctor` asks about imports: the console, which reads this module for
    # its files warning, does not load the import's modules.
    from custinfo_tui.services.legacy_import_runs import unfinished_imports_check

    since = (now or datetime.now(UTC)) - timedelta(days=DORMANT_AFTER_DAYS)
    with uow:
        protection = uow.protection.protection()
        admins = uow.operators.count_active(Role.ADMIN.value)
        operators = uow.operators.count()
        dormant = uow.operators.not_logged_in_since(since)
    return [
        encryption_check(protection),
        tls_check(protection),
        _trail_check(verify_chain(uow)),
        audit_protection_check(protection),
        administrators_check(admins, operators=operators),
        dormant_operators_check(dormant),
        unfinished_imports_check(uow),
    ]


def _trail_check(report: ChainReport) -> Check:
    """The audit trail's line: broken, intact, or unreadable (a damaged table)."""
    if report.problem is ChainProblem.UNREADABLE:
        return unreadable_trail_check(report)
    return audit_chain_check(report)
