"""`custinfo restore FILE` on PostgreSQL: pg_restore into an empty database
(docs/backups.md, "Restoring a backup" under "PostgreSQL").

A restore never overwrites a PostgreSQL database, `--force` or not: the refusal says how
many events the refused database recorded that the dump lacks, what a restored copy would
miss. Once restored, what the backup lacks (erasures, operators' accounts changed since)
is read from the database the dump was taken from when it is on the same server and its
trail is this one's, event by event; otherwise the restore prints how to list it on the
old database, from a time early enough for an event timed before the dump and committed
after it.
"""

from __future__ import annotations

import shlex
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from custinfo_tui.commands import postgres_backup
from custinfo_tui.commands.audit import print_report
from custinfo_tui.commands.postgres_backup import PROCEDURE, readable_dump, tool_run
from custinfo_tui.commands.restore_replaced import AnchorFile, say_anchors
from custinfo_tui.domain.actions import MAX_TRAIL_RESULTS
from custinfo_tui.domain.text import counted
from custinfo_tui.interrupts import say_finishing
from custinfo_tui.repository.engine import IDLE_IN_TRANSACTION_SECONDS
from custinfo_tui.terminal_lines import as_parts, fail, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from custinfo_tui.domain.backups import BackupFacts, LaterErasure, ReplacedTrail
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: `later_erasures` of a `database.restored` event when the old database could not be
#: read: the restore cannot count the erasures it brings back (docs/backups.md).
ERASURES_NOT_CHECKED = "not checked"

#: How far before the backup's newest event the printed steps list what the old database
#: recorded since. A desk takes its event's time as it appends and commits a moment later
#: (docs/architecture.md, "The trail's order"), so an event timed before the newest the dump
#: holds may have been committed after the dump's snapshot, and be missing from it. The
#: server ends a transaction idle for IDLE_IN_TRANSACTION_SECONDS; five times that covers a
#: desk's transaction waiting on the chain head's lock too. Listing a little too much is
#: harmless: what the backup holds already is refused as done.
RESTORE_MARGIN = timedelta(seconds=5 * IDLE_IN_TRANSACTION_SECONDS)


class _Since(NamedTuple):
    """What the old database records that the backup lacks, read from it."""

    database: str
    erasures: list[LaterErasure]
    references: dict[int, str]
    operator_changes: list[str]
    to_disable: list[str]
    #: How far its trail had got, and what of it the dump lacks.
    trail: ReplacedTrail


def stopped_says(url: str) -> tuple[str, str]:
    """What Ctrl+C left (interrupts.py `stopping_says`): before pg_restore has committed,
    nothing, its one transaction rolled back as it stopped; once it has, the restore is
    finished first, so a restored database is never left without its schema brought up to
    date, the console's role or the restore on its trail."""
    from sqlalchemy.engine import make_url

    return (
        f"nothing was restored; the database {make_url(url).database} is as it was",
        _FINISHING,
    )


_FINISHING = (
    "the dump is restored: custinfo stops once the restore is finished (the schema brought "
    "up to date, the console's role set up, the restore recorded)."
)
#: The name pg_restore's session has on the server, to wait for it to end after Ctrl+C.
_RESTORING_AS = "custinfo restore"
#: How long to wait for that session to end (its commit or rollback), in seconds.
_SESSION_END_WAIT = 10.0


def restore(
    url: str, source: Path, hold_ctrl_c: Callable[[], None], anchors: AnchorFile | None = None
) -> int:
    """Restore the dump `source` into the configured database, which must be empty; the
    exit status. `hold_ctrl_c` is called once pg_restore has committed: from there Ctrl+C
    waits for the restore to finish (`stopped_says`). `anchors`: the anchor file given."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from custinfo_tui.commands.console_role import set_up_console_role
    from custinfo_tui.commands.postgres_restore_failure import restore_failure
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.backup_contents import audit_event_count
    from custinfo_tui.repository.migrate import current_revision, upgrade_to_head
    from custinfo_tui.services.audit import verify_chain
    from custinfo_tui.services.backup import database_facts, record_restore

    pg_restore = postgres_backup.find_tool("pg_restore")
    if pg_restore is None:
        print(PROCEDURE)
        return 1
    if not source.is_file() or not readable_dump(pg_restore, source):
        return fail(f"{source} is not a dump pg_restore can read; nothing was changed.")
    database = str(make_url(url).database or "")
    engine = build_engine_for(url)
    try:
        if inspect(engine).get_table_names():
            return fail(_not_empty(engine, pg_restore, source))
        command = [
            pg_restore,
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={database}",
            str(source),
        ]
        try:
            done = tool_run(command, url, application_name=_RESTORING_AS)
        except KeyboardInterrupt:  # pg_restore stopped with it, unless it had committed
            if not _restored_as_it_stopped(engine):
                raise
            say_finishing(_FINISHING)
            done = subprocess.CompletedProcess(command, 0)
        hold_ctrl_c()
        if done.returncode != 0:
            return fail(restore_failure(done.returncode, done.stderr, database, source))
        upgrade_to_head(engine)
        set_up_console_role(engine)
        uows = uow_factory_for(engine)
        facts = database_facts(
            uows(), audit_events=audit_event_count(engine), revision=current_revision(engine)
        )
        # Before the restore's own event, whose id the old database may have given another.
        dumped_from = _dumped_from(pg_restore, source)
        since, why_not = _read_since(url, dumped_from, engine, uows, facts.chain_heads)
        if since is None:
            record_restore(uows(), facts, source.name, later_erasures=ERASURES_NOT_CHECKED)
        else:
            replaced = since.trail.details(database=since.database)
            later = len(since.erasures)
            record_restore(uows(), facts, source.name, later_erasures=later, replaced=replaced)
        report = verify_chain(uows())  # the restore's own event verified with the rest
    finally:
        engine.dispose()
    say(f"Restored {source.name}: {facts.described()}.")
    status = print_report(report)
    lines = what_the_old_database_recorded(since) if since else steps_by_hand(facts, why_not)
    say(*as_parts([*lines, *_the_old_database(since)]))
    if since is not None and anchors is not None:
        check_old = (
            f"custinfo audit verify --anchors {anchors.quoted}   (CUSTINFO_DATABASE_URL "
            f"naming {since.database})"
        )
        say_anchors(since.trail, facts.newest_seal_id, anchors, check_old)
    return status


def _restored_as_it_stopped(engine: Engine) -> bool:
    """Whether pg_restore, stopped by Ctrl+C, had committed the whole dump first: its one
    transaction either did or left nothing. Asked once its session has ended on the server
    (a commit under way is finished, a rollback done), so the answer is the last word."""
    from sqlalchemy import inspect, text

    sessions = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
    deadline = time.monotonic() + _SESSION_END_WAIT
    with engine.connect() as connection:
        while connection.execute(sessions, {"name": _RESTORING_AS}).scalar():
            connection.rollback()  # a fresh look at the server's sessions each time
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
    return bool(inspect(engine).get_table_names())


def _the_old_database(since: _Since | None) -> list[str]:
    """What becomes of the database the dump was taken from: left as it was, it holds
    personal data and the trail the restored one lacks; kept until what it records is done
    again here, then dropped (docs/backups.md, "The database a restore replaces")."""
    if since is None:
        return [
            "Keep the old database as it is, closed to the consoles, until that is done: it "
            "holds what this one lacks. Anchors taken of it after the dump (`audit seal "
            "--anchor-file`) do not match this database: start a new anchor file from it "
            "(custinfo audit seal --anchor-file NEW-FILE), and keep the old one with the "
            "old database. The old database holds personal data: drop it (dropdb) once it "
            "is no longer needed, as you would an old backup "
            '(docs/backups.md, "The database a restore replaces").'
        ]
    return [
        f"The database {since.database} is left as it was: {since.trail.described()}. Keep "
        "it, closed to the consoles, until what it records is done again here. It holds "
        "personal data: once no longer needed, drop it as you would an old backup "
        '(docs/backups.md, "The database a restore replaces"):',
        f"  dropdb {shlex.quote(since.database)}",
    ]


def _not_empty(engine: Engine, pg_restore: str, source: Path) -> str:
    """The refusal of a database that has tables, with what it recorded that the dump
    lacks: what a restored copy would miss."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.repository.backup_contents import events_not_among, first_event_hash

    rule = (
        "a restore never overwrites a PostgreSQL database, --force or not (--force does not "
        "apply on PostgreSQL: that is custinfo's rule, pg_restore restores into an empty "
        "database only): create an empty one (createdb), point CUSTINFO_DATABASE_URL at it "
        "and restore again. Nothing was changed."
    )
    trail = _dump_trail(pg_restore, source)
    try:
        first = first_event_hash(engine)
    except DBAPIError:  # no audit_events table: not a custinfo database
        return f"{rule} This database holds no custinfo audit trail."
    if not trail or first != trail[min(trail)]:
        return f"{rule} This database's audit trail is not the one the dump holds."
    return f"{rule} {recorded_since_the_dump(events_not_among(engine, trail))}"


def recorded_since_the_dump(missing: int) -> str:
    """What the refused database recorded that the dump lacks, read right for none, one
    and several ("lacks them" was said of one event too)."""
    if not missing:
        return (
            "This database recorded no audit event the dump does not hold: a copy restored "
            "from it lacks nothing (docs/backups.md)."
        )
    return (
        f"This database recorded {counted(missing, 'audit event')} the dump does not hold, "
        "which a copy restored from it would lack (docs/backups.md)."
    )


def _dumped_from(pg_restore: str, source: Path) -> str | None:
    """The name of the database the dump was taken from, as its header says."""
    listing = subprocess.run(
        [pg_restore, "--list", str(source)], capture_output=True, text=True, check=False
    )
    for line in listing.stdout.splitlines()[:20]:
        label, _, value = line.lstrip(";").strip().partition(":")
        if label == "dbname" and value.strip():
            return value.strip()
    return None


def _dump_trail(pg_restore: str, source: Path) -> dict[int, str]:
    """The dump's audit events, id to hash, read from its data (nothing else kept)."""
    command = [pg_restore, "--data-only", "--table=audit_events", "--file=-", str(source)]
    trail: dict[int, str] = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as run:
        assert run.stdout is not None
        columns: list[str] | None = None
        for raw in run.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if columns is None:
                if line.startswith("COPY ") and "audit_events (" in line:
                    columns = line.split("(", 1)[1].split(")", 1)[0].split(", ")
                continue
            if line == "\\.":
                break
            values = line.split("\t")
            trail[int(values[columns.index("id")])] = values[columns.index("hash")]
    return trail


def _read_since(
    url: str,
    old_name: str | None,
    restored: Engine,
    restored_uows: UnitOfWorkFactory,
    restored_heads: dict[int, int],
) -> tuple[_Since | None, str]:
    """What the database the dump was taken from records that the restored one lacks, when
    it is on this server and its trail begins as the restored one's; else None and why.
    `restored_heads`: where the restored trail's chains end (before its own event)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.backup_contents import first_event_hash, replaced_trail
    from custinfo_tui.services import backup as backups

    if old_name is None:
        return None, "the dump does not name the database it was taken from"
    if old_name == make_url(url).database:
        return None, "the dump was taken from a database of this database's name"
    old = build_engine_for(make_url(url).set(database=old_name).render_as_string(False))
    try:
        if first_event_hash(old) != first_event_hash(restored):
            return None, f"the database {old_name} on this server has another audit trail"
        old_uows = uow_factory_for(old)
        erasures = backups.erasures_to_reapply(
            backups.erasures_recorded(old_uows()), restored_uows()
        )
        return _Since(
            old_name,
            erasures,
            backups.references_of(restored_uows(), [e.customer_id for e in erasures]),
            backups.operator_changes_missing_from(old_uows(), restored_uows()),
            backups.operators_to_disable_again(old_uows(), restored_uows()),
            replaced_trail(
                old, backups.shared_chain_heads(old_uows(), restored_uows(), restored_heads)
            ),
        ), ""
    except DBAPIError:
        return None, f"the database {old_name} the dump was taken from cannot be read here"
    finally:
        old.dispose()


def what_the_old_database_recorded(since: _Since) -> list[str]:
    """What the old database records that the restored one lacks, and the commands that
    do it again on this one, disables first (docs/backups.md)."""
    lines = [
        f"Compared with the database {since.database} on this server, the one the dump was "
        "taken from, event by event.",
    ]
    if not since.erasures and not since.operator_changes:
        return [*lines, "It records no erasure and no change to an operator's account since."]
    lines.append("Before the consoles use this database, do again on it what that one records:")
    if since.operator_changes:
        lines.append(
            "Operators' accounts changed since the backup, back as they were at it: "
            + "; ".join(since.operator_changes)
            + "."
        )
        lines += [f"  custinfo operator disable --as ADMIN {name}" for name in since.to_disable]
        lines.append("  (set the others again with `custinfo operator`)")
    if since.erasures:
        lines.append(
            f"{counted(len(since.erasures), 'erasure')} made since the backup, NOT re-applied:"
        )
        for erased in since.erasures:
            reference = since.references.get(erased.customer_id)
            if reference is None:  # added after the backup: not in this database at all
                lines.append(f"  (one erased {erased.occurred_at:%Y-%m-%d} was added after it)")
                continue
            why = f": {erased.reason}" if erased.reason else ""
            at = f"{erased.occurred_at:%d %b %Y %H:%M}"
            reason = (
                f"Erasure re-applied after a restore (erased {at} UTC by {erased.operator}{why})"
            )
            lines.append(
                f"  custinfo erase --as DPO {shlex.quote(reference)} --reason {shlex.quote(reason)}"
            )
        lines.append("Then run `custinfo retention run` on this database too (docs/backups.md).")
    return lines


def steps_by_hand(facts: BackupFacts, why_not: str) -> list[str]:
    """What the administrator does before the consoles use a restored PostgreSQL
    database whose old one the restore could not read: list on the old database the
    erasures and operators' changes made since the backup, and do them again on this one
    (docs/backups.md, "Erasure and retention after a restore")."""
    since, option, which = "", "", ":"
    if facts.newest_event_at is not None:
        start = facts.newest_event_at - RESTORE_MARGIN
        option = f" --since {start:%Y-%m-%d}"
        since = f"{start:%Y-%m-%d %H:%M:%S}"
        which = (
            f" from {since} UTC on ({RESTORE_MARGIN.seconds // 60} minutes before the "
            "backup's newest event: one timed before it may have been stored after the "
            "dump; what the backup holds already is refused as done):"
        )
    audit_show = (
        f"  custinfo audit show --as ADMIN --action {{}}{option} --limit {MAX_TRAIL_RESULTS}"
    )
    return [
        f"The changes made since the backup are NOT done again: {why_not}. Before the "
        "consoles use this database, list them on the OLD database (its URL in "
        "CUSTINFO_DATABASE_URL):",
        audit_show.format("customer.erased"),
        audit_show.format("operator.disabled"),
        "  (and operator.role_changed, operator.enabled, operator.created, "
        "operator.password_reset; `custinfo operator list --as ADMIN` there and here shows "
        "each account's state)",
        f"and do each listed with outcome ok again on this database, disables first (restored, "
        f"a leaver's account logs in again){which}",
        "  custinfo operator disable --as ADMIN USERNAME",
        '  custinfo erase --as DPO REFERENCE --reason "Erasure re-applied after a restore"',
        'Then run `custinfo retention run` on this database too (docs/backups.md, "Erasure '
        'and retention after a restore").',
    ]
