"""`custinfo backup` on PostgreSQL: pg_dump, and what `custinfo restore` shares with it
(`commands/postgres_restore.py`; docs/backups.md, "PostgreSQL").

The dump is PostgreSQL's custom format, written straight into a private (0600) file and
checked readable with `pg_restore --list` before it takes its name. A restore goes into an
empty database only (never over a live one), without the dump's owners and grants: the
console's role is set up afresh afterwards, as `custinfo init` does. The connection's
details reach the tools through libpq's environment variables, so no password appears in
a process list. Without the tools, the documented procedure is printed instead.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from custinfo_tui.commands.backup_partials import (
    BackupInProgress,
    staging,
    sweep_stale_copies,
)
from custinfo_tui.commands.backup_signer import signed_by
from custinfo_tui.commands.backup_target import (
    backup_target_problem,
    not_written,
)
from custinfo_tui.domain.text import printable
from custinfo_tui.private_files import unwritable_reason
from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from custinfo_tui.domain.operators import Actor

#: libpq's environment variable for each URL query parameter the console may set.
_QUERY_ENVIRONMENT = {
    "host": "PGHOST",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}

PROCEDURE = """\
PostgreSQL's own tools make the backup; they are not installed on this machine (or not
on PATH). On a machine that has them (the same major version as the server, or newer):
  umask 077                                        # the dump is created 0600, not 0644
  pg_dump --format=custom --file=custinfo.dump "host=... dbname=... user=..."
  pg_restore --list custinfo.dump > /dev/null      # the dump is readable
To restore, into a new, empty database:
  createdb custinfo_restored
  pg_restore --no-owner --no-acl --exit-on-error --single-transaction \\
      --dbname=custinfo_restored custinfo.dump
  CUSTINFO_DATABASE_URL=postgresql://.../custinfo_restored custinfo init
  CUSTINFO_DATABASE_URL=postgresql://.../custinfo_restored custinfo audit verify
then, before the consoles use it, re-apply the erasures made since the backup and disable
again the operators disabled since (docs/backups.md, "Erasure and retention after a restore").
The dump holds personal data: keep it 0600, encrypted, where only the DPO's backups go
(docs/backups.md)."""


def back_up(url: str, args: argparse.Namespace, hold_ctrl_c: Callable[[], None]) -> int:
    """Dump the database into `args.file` and check the dump; the exit status. `hold_ctrl_c`
    is called as the dump takes its name: from there Ctrl+C waits until the backup is
    recorded (interrupts.py); before, the dump begun is removed as custinfo stops. The
    operator `--as` names logs in before the dump, and the backup is recorded under them."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for

    target: Path = args.file
    pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
    if pg_dump is None or pg_restore is None:
        print(PROCEDURE)
        return 1
    # A missing folder is refused, as for SQLite: none is created (a typo would scatter
    # dumps of every customer in folders nobody backs up or watches).
    problem = backup_target_problem(target, force=args.force, example="custinfo-backup.dump")
    if problem is not None:
        return fail(problem)
    for line in sweep_stale_copies(target).lines():
        print(printable(line))
    engine = build_engine_for(url)
    tools = (pg_dump, pg_restore)
    try:
        uows = uow_factory_for(engine)

        def dump(actor: Actor | None) -> int:
            return _dump(url, engine, target, tools, hold_ctrl_c, actor)

        return signed_by(uows, args, dump)
    except BackupInProgress as running:
        return fail(str(running))
    finally:
        engine.dispose()


def _dump(
    url: str,
    engine: Engine,
    target: Path,
    tools: tuple[str, str],
    hold_ctrl_c: Callable[[], None],
    actor: Actor | None,
) -> int:
    """Dump, read back and keep the backup, recorded under `actor` (or the system); said."""
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.domain.audit_chain import IDS_SKIP
    from custinfo_tui.private_files import open_private
    from custinfo_tui.repository.migrate import current_revision
    from custinfo_tui.services.audit import verify_chain
    from custinfo_tui.services.backup import database_facts, record_backup

    pg_dump, pg_restore = tools
    uows = uow_factory_for(engine)
    report = verify_chain(uows())
    facts = database_facts(
        uows(), audit_events=report.events_checked, revision=current_revision(engine)
    )
    with ExitStack() as held:
        try:
            staged = held.enter_context(staging(target))
            dump = open_private(staged, "wb")
        except OSError as error:
            return fail(not_written(target, unwritable_reason(error)))
        with dump:
            done = tool_run([pg_dump, "--format=custom", "--no-password"], url, stdout=dump)
        if done.returncode != 0:
            return fail(_dump_failure(done.stderr))
        if not readable_dump(pg_restore, staged):
            return fail("the dump cannot be read back with pg_restore --list; nothing was kept.")
        hold_ctrl_c()  # the dump takes its name: it is recorded, then said
        try:
            os.replace(staged, target)
        except OSError as error:
            return fail(not_written(target, unwritable_reason(error)))
    record_backup(uows(), facts, target.name, actor)
    size = target.stat().st_size
    say(f"Backed up to {target} (pg_dump, custom format): {size:,} bytes.")
    say(f"When the dump started the database held {facts.described()}.")
    if not report.ok:
        say(f"Warning: the audit trail did not verify: {report.explanation}.")
    elif report.ids_skip:
        say(IDS_SKIP)
    say("Checked readable with pg_restore --list. It holds personal data (docs/backups.md).")
    return 0


def find_tool(name: str) -> str | None:
    """`name` on PATH, else in the newest /usr/lib/postgresql/*/bin (Debian's packages)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def libpq_environment(url: str) -> dict[str, str]:
    """The environment that points libpq's tools at the database `url` names."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    environment = dict(os.environ)
    given: dict[str, object] = {
        "PGHOST": parsed.host,
        "PGPORT": parsed.port,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
    }
    for parameter, variable in _QUERY_ENVIRONMENT.items():
        given.setdefault(variable, None)
        if isinstance(parsed.query.get(parameter), str):
            given[variable] = parsed.query[parameter]
    environment.update({name: str(value) for name, value in given.items() if value is not None})
    return environment


def tool_run(
    command: list[str],
    url: str,
    *,
    stdout: IO[Any] | int = subprocess.DEVNULL,
    application_name: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a libpq tool against the database `url` names, its errors captured; its
    sessions named `application_name` on the server, when given."""
    environment = libpq_environment(url)
    if application_name is not None:
        environment["PGAPPNAME"] = application_name
    return subprocess.run(
        command,
        env=environment,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


def readable_dump(pg_restore: str, dump: Path) -> bool:
    """Whether pg_restore can list `dump`, and it holds custinfo's audit trail."""
    listing = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    return listing.returncode == 0 and "audit_events" in listing.stdout


#: What pg_dump writes after its error line: more about it, quoting the query it ran (and
#: a server's DETAIL can quote a row), never what went wrong.
_AFTER_THE_ERROR = ("pg_dump: detail:", "pg_dump: hint:", "detail:", "hint:")


def _dump_failure(stderr: str) -> str:
    """Why pg_dump failed, quoting its error line; a refused permission is named, with who
    should run the backup instead (docs/backups.md)."""
    said = _error_line(stderr)
    if "permission denied" in said.lower():
        return (
            "pg_dump failed: permission was refused to this database role. Run the backup as "
            "the role that owns the schema (the one `custinfo init` ran as), not a console's "
            f"role (docs/backups.md). pg_dump said: {said}"
        )
    return f"pg_dump failed: {said}"


def _error_line(stderr: str) -> str:
    """pg_dump's first error line ("pg_dump: error: ..."), else its last line that is no
    detail or hint."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("pg_dump: error:")]
    told = errors or [line for line in lines if not line.lower().startswith(_AFTER_THE_ERROR)]
    return printable(told[0 if errors else -1][:300]) if told else "no message"
