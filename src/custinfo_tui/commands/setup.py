"""`custinfo init` and `custinfo demo`: a database brought to the newest schema, its files
made its owner's only, and then the first administrator (typed twice, or read from
standard input) or the fictitious demo customers and operators (README.md)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import counted, printable
from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import SecretStr

    from custinfo_tui.repository.migrate import Upgrade
    from custinfo_tui.services.demo import DemoLoadResult
    from custinfo_tui.settings import Settings


#: `custinfo init`'s exit status when the database is ready but the consoles' role is not
#: (PostgreSQL, without CREATEROLE): a script can tell it from done (0) and failed (1).
NOT_READY_FOR_DESKS = 3

#: Said last by `custinfo init` when it printed the SQL instead of setting up the role.
CONSOLE_ROLE_MISSING = (
    "Not ready for desks yet: they log in through the console's role, which needs that SQL "
    "run by a superuser. Then run `custinfo init` again, which grants the role what "
    "a console needs, and create each desk's login role in it (docs/configuration.md)."
)

#: Said by `custinfo init` on a database `custinfo demo` built (an empty one it was pointed
#: at, a test server's): its operators' passwords are in the README.
BUILT_BY_THE_DEMO = (
    "It is a demo database: `custinfo demo` built it, and its operators' passwords are "
    "published in the README. Do not use it for real customers: set up a new, empty "
    "database with `custinfo init` instead."
)


#: The first admin's username when `init --admin-username` does not name one.
DEFAULT_ADMIN = "admin"


def not_created(username: str) -> str:
    """Why `init --admin-username` made no one: a database with operators has its first
    admin, and saying only "it already has operators" read as done, exit status 0."""
    return (
        f"custinfo: {username} was not created: init makes only the first admin, and this "
        "database has operators already. An administrator adds another with `custinfo "
        f"operator add --as ADMIN --username {username} --name NAME --role admin`."
    )


def init(
    settings: Settings,
    admin_username: str | None,
    password_stdin: bool,
    key: SecretStr | None,
    role_sql: Path | None = None,
) -> int:
    from custinfo_tui.commands.console_role import set_up_console_role
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import upgrade_to_head
    from custinfo_tui.services.demo import why_not_a_demo_database
    from custinfo_tui.services.operators import create_first_admin

    engine = build_engine_for(settings.resolved_database_url(), key)
    upgrade = upgrade_to_head(engine)
    make_files_private(settings)
    # PostgreSQL: the role consoles connect through.
    role_ready = set_up_console_role(engine, role_sql)
    uow_factory = uow_factory_for(engine)
    with uow_factory() as uow:
        has_operators = uow.operators.count() > 0
    upgraded = upgrade.before is not None and bool(upgrade.applied)
    if has_operators:
        done = upgraded_from(upgrade) if upgraded else "Database is up to date"
        print(f"{done}; it already has operators.")
        if why_not_a_demo_database(uow_factory) is None:
            print(BUILT_BY_THE_DEMO)
        if admin_username is not None:  # asked for by name: say it was not made
            say(not_created(admin_username), to=sys.stderr)
            return 1
    else:
        if upgraded:
            print(f"{upgraded_from(upgrade)}.")
        username = admin_username or DEFAULT_ADMIN
        admin = create_first_admin(
            uow_factory(), username, read_new_password(password_stdin, username)
        )
        ready = "Database ready" if role_ready else "Schema ready"
        print(printable(f"{ready}. First admin operator: {admin.username}"))
        if key is not None:
            print("It is encrypted: without its key it cannot be opened (docs/security.md).")
    if not role_ready:
        print(CONSOLE_ROLE_MISSING)
        return NOT_READY_FOR_DESKS
    return 0


def upgraded_from(upgrade: Upgrade) -> str:
    """Which migrations `init` applied to a database that had a schema already."""
    count = len(upgrade.applied)
    migrations = f"{count} migration{'s' if count != 1 else ''}: {', '.join(upgrade.applied)}"
    return f"Database upgraded from revision {upgrade.before} to {upgrade.after} ({migrations})"


def demo(
    settings: Settings,
    customers: int,
    seed: int,
    key: SecretStr | None,
    into_real_database: bool = False,
) -> int:
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import current_revision, upgrade_to_head
    from custinfo_tui.services.demo import load_demo_data, why_not_a_demo_database

    url = settings.resolved_database_url(demo=True)
    engine = build_engine_for(url, key)
    uow_factory = uow_factory_for(engine)
    # Asked before migrating: a live database's schema is `custinfo init`'s to upgrade.
    if current_revision(engine) is not None and not into_real_database:
        refusal = why_not_a_demo_database(uow_factory)
        if refusal is not None:
            say(*not_a_demo_database(url, refusal).splitlines(), to=sys.stderr)
            return 1
    upgrade_to_head(engine)
    make_files_private(settings, demo=True)
    if engine.dialect.name != "sqlite":  # a server: say which, before a long load
        print(printable(f"Loading the demo into {_database_named(url)}."))

    def progress(done: int) -> None:
        if customers >= 50_000:
            print(f"  {done:,} of {customers:,} customers", file=sys.stderr)

    result = load_demo_data(
        uow_factory,
        customers,
        seed=seed,
        progress=progress,
        into_real_database=into_real_database,
    )
    print_demo_loaded(result)
    return 0


def not_a_demo_database(url: str, reason: str) -> str:
    """Why `custinfo demo` left this database alone, and the two ways on."""
    return (
        f"custinfo: nothing was changed: {printable(_database_named(url))} is not a demo "
        f"database: {reason}. The demo adds operators whose passwords are published "
        "(README), so it loads only into a new database or one it built.\n"
        "To build a demo database, give --db with a new file (or unset "
        "CUSTINFO_DATABASE_URL: it then writes demo.db in the data folder). To load the demo "
        "into this database anyway (a test server, never a live one), add "
        "--into-real-database."
    )


def _database_named(url: str) -> str:
    """The database as an administrator knows it: the SQLite file, or PostgreSQL's name and
    host (never the URL's password)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"the database {parsed.database}"
    return f"the PostgreSQL database {parsed.database} on {parsed.host or 'this machine'}"


def print_demo_loaded(result: DemoLoadResult) -> None:
    """What the demo added: customers, and only the operators it created, with the
    passwords it gave them; those already there keep theirs."""
    from custinfo_tui.services.demo import DEMO_OPERATORS

    if result.into_real_database:
        say("Demo data put into a database that is not a demo database (--into-real-database).")
    if result.customers_added and not result.into_real_database:
        ready = counted(result.customers_added, "fictitious customer")
        print(f"Demo database ready with {ready}.")
    elif result.customers_added:
        print(f"Added {counted(result.customers_added, 'fictitious demo customer')}.")
    else:
        print(
            f"The database already has {counted(result.customers_total, 'customer')}: "
            "no demo customers added."
        )
    added = [op for op in DEMO_OPERATORS if op.username in result.operators_added]
    there = [op.username for op in DEMO_OPERATORS if op.username not in result.operators_added]
    if added:
        print("Demo operators added (username / password / role):")
        for operator in added:
            print(f"  {operator.username:<11} {operator.password:<21} {operator.role.label}")
    if there:
        print(f"Operators already there, password unchanged: {', '.join(there)}.")
    if result.into_real_database and added:
        say(
            "The passwords above are published (README): before real desks use this "
            "database, disable those operators (`custinfo operator disable --as ADMIN "
            "USERNAME`)."
        )


def make_files_private(settings: Settings, *, demo: bool = False) -> None:
    """Take others' access off the database, its folder and the log, saying what changed."""
    from custinfo_tui.composition import console_files_for
    from custinfo_tui.services.security_review import make_files_private

    for path in make_files_private(console_files_for(settings, demo=demo)):
        print(printable(f"Others could open {path}: it is now its owner's only."))


#: Said when `init` stops before the first administrator exists: the database is ready
#: without one, and nobody can log in until `init` runs again.
NO_ADMIN_YET = "No administrator was created; run `custinfo init` again to create one."
#: The same, as what Ctrl+C at `init`'s password prompt left (interrupts.py).
NO_ADMIN_YET_LEFT = "no administrator was created; run `custinfo init` again to create one"
#: How many times `init` asks for the new password at the terminal: a mistyped
#: confirmation or a refused password is asked again, not the end of the run.
PASSWORD_TRIES = 3


def read_new_password(from_stdin: bool, username: str) -> str:
    """The first administrator's new password, from standard input's first line or typed
    twice; SystemExit saying why when none is given or it is refused."""
    from custinfo_tui.commands.password_prompt import NoPasswordGiven
    from custinfo_tui.interrupts import Interrupted

    try:
        if not from_stdin:
            return _typed_new_password(username)
        line = sys.stdin.readline()
        if not line:
            raise NoPasswordGiven("no password given: standard input was empty.")
        password = line.rstrip("\n")
    except NoPasswordGiven as error:
        raise SystemExit(fail(f"{error} {NO_ADMIN_YET}")) from None
    except Interrupted:  # the database is set up already, without its administrator
        raise Interrupted(NO_ADMIN_YET_LEFT) from None
    if problem := _refused(password, username):
        raise SystemExit(fail(f"{problem} {NO_ADMIN_YET}"))
    return password


def _typed_new_password(username: str) -> str:
    """The new password typed twice alike and accepted, within PASSWORD_TRIES tries; each
    failed try says why on standard error, the last one stops `init`."""
    from custinfo_tui.commands.password_prompt import ask_password

    for attempt in range(1, PASSWORD_TRIES + 1):
        password = ask_password("New admin password: ")
        problem = _refused(password, username)
        if problem is None and ask_password("Type it again: ") == password:
            return password
        problem = problem or "the two passwords differ."
        if left := PASSWORD_TRIES - attempt:
            tries = "1 try" if left == 1 else f"{left} tries"
            fail(f"{problem} Try again ({tries} left).")
    raise SystemExit(fail(f"{problem} {NO_ADMIN_YET}"))


def _refused(password: str, username: str) -> str | None:
    """Why the new password is refused, as said after `custinfo: `; None when accepted."""
    from custinfo_tui.domain.password_policy import USERNAME_IN_PASSWORD
    from custinfo_tui.services.operators import check_new_password

    problem = check_new_password(password, username)
    if problem == USERNAME_IN_PASSWORD:  # `admin` unless --admin-username: never typed
        problem = f"Do not include the username ({username}) in the password."
    return None if problem is None else f"password refused. {problem}"
