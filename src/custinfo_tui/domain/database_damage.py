"""What is said of a damaged database, wherever it is found: by `custinfo doctor`'s
integrity check, by a command that could not read it, by `custinfo backup` when the
database it copies is damaged (docs/backups.md, "A damaged database")."""

from __future__ import annotations

from custinfo_tui.domain.audit_chain import ChainProblem, ChainReport
from custinfo_tui.domain.security_review import Check, Status

#: What an administrator does about it, and where it is said how.
RESTORE = 'restore the last good backup (docs/backups.md, "A damaged database")'
#: A command's whole message when the database could not be read for damage.
DAMAGED = f"the database is damaged: {RESTORE}."


def integrity_check(problem: str | None, *, seconds: float) -> Check:
    """The doctor's line for SQLite's quick check of the database: `problem` is what SQLite
    found (None: nothing), `seconds` how long the check took, said so that a slow one is
    not taken for a hang."""
    topic = "database integrity"
    took = f"{seconds:.1f} s" if seconds >= 0.1 else "under 0.1 s"
    if problem is None:
        return Check(topic=topic, status=Status.OK, finding=f"SQLite's quick check: sound ({took})")
    return Check(
        topic=topic,
        status=Status.FAIL,
        finding=f"the database is damaged (SQLite's quick check: {problem})",
        action=f"Close every console, then {RESTORE}.",
    )


def integrity_not_applicable(backend: str) -> Check:
    """On a database server the server checks its own files (PostgreSQL: data checksums,
    `amcheck`); the doctor has nothing to add."""
    return Check(
        topic="database integrity",
        status=Status.OK,
        finding=f"not checked here: the {backend} server keeps its own checks",
    )


def unreadable_trail(damage: str) -> ChainReport:
    """The audit trail could not be verified: SQLite's quick check of its tables found
    `damage` ("audit_events: Page 22: ..."). Not OK, whatever the events it could read
    would say."""
    return ChainReport(
        ok=False,
        events_checked=0,
        problem=ChainProblem.UNREADABLE,
        explanation=f"its tables are damaged (SQLite's quick check of {damage}), so it "
        f"could not be read whole; {RESTORE}",
    )


def unreadable_trail_check(report: ChainReport) -> Check:
    """The doctor's audit trail line when the trail could not be read."""
    return Check(
        topic="audit trail",
        status=Status.FAIL,
        finding=f"NOT verified: {report.explanation}",
        action="Once restored, `custinfo audit verify` checks the trail again.",
    )
