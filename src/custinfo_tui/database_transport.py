"""TLS to PostgreSQL: a console reaching a server off this machine encrypts and verifies.

A connection is local when every place it may go is this machine: `localhost`, a loopback
address (127.0.0.0/8, ::1) or a Unix-domain socket directory. A `hostaddr` must be
loopback too, and the `host` beside it local: libpq checks the certificate against the
host name, so a remote name is treated as remote whatever address it is reached at.

Any other connection gets `sslmode=verify-full` (encrypted, and the server's certificate
checked against a root certificate and the host name), the strictest mode, so a URL's own
`sslmode` can only be raised, never lowered. The root certificate is
CUSTINFO_DATABASE_SSLROOTCERT, else the URL's `sslrootcert`; with neither, the console
refuses to connect and says what to set. Only CUSTINFO_DATABASE_ALLOW_INSECURE_TRANSPORT
turns the requirement off (docs/security.md).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from custinfo_tui.domain.text import printable

#: libpq's value of sslrootcert for the operating system's trusted authorities (libpq 16+).
SYSTEM_ROOTS = "system"
REQUIRED_SSLMODE = "verify-full"
ROOT_SETTING = "CUSTINFO_DATABASE_SSLROOTCERT"
INSECURE_SETTING = "CUSTINFO_DATABASE_ALLOW_INSECURE_TRANSPORT"


class InsecureTransport(Exception):
    """The console will not connect this way. The message says why and what to set; it
    names the host, never the URL (which may hold a password)."""


class UnreadableUrl(InsecureTransport):
    """The URL's host holds an `@`: a password (or user name) with an `@` not written as
    `%40`, read as user `desk` with password `pa` at host `ss@db.example.com`. The
    message must not name that host, which ends with the rest of the password; it is
    refused where an insecure transport is, before anything connects."""


class NotADatabaseUrl(InsecureTransport):
    """CUSTINFO_DATABASE_URL does not read as a URL at all ("not a url", a port that is no
    number), or names a database the console does not support (mysql://). Refused where
    an insecure transport is, before anything connects, saying so without a word of the
    URL but its scheme: it may hold a password. A command exits 2, as for a bad option."""


#: What the URLs the console takes look like, for `NotADatabaseUrl`.
URL_FORMS = (
    "it should read like sqlite:///path/to/custinfo.db or "
    "postgresql://user:password@host:5432/custinfo (the port a number, and @, :, /, ?, # "
    "or % in a password percent-encoded). See docs/configuration.md."
)
#: The backends the console supports (`URL.get_backend_name`).
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def parsed_url(url: str) -> URL:
    """`url` parsed, or `NotADatabaseUrl` saying why it cannot be used (SQLAlchemy's own
    errors echo the URL, or a piece of it, password and all, with a stack trace)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise NotADatabaseUrl(f"CUSTINFO_DATABASE_URL is not a database URL: {URL_FORMS}") from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise NotADatabaseUrl(
            f"CUSTINFO_DATABASE_URL is a {printable(parsed.get_backend_name())!r} URL: only "
            f"sqlite and postgresql URLs are supported; {URL_FORMS}"
        )
    return parsed


#: The message of `UnreadableUrl`: what to do, without a word of the URL.
UNREADABLE_URL = (
    "the database URL (CUSTINFO_DATABASE_URL) does not read as one server: its host would "
    "hold an @. A password or user name with @, :, /, ?, # or % in it must be "
    "percent-encoded in the URL (@ as %40, : as %3A, / as %2F, ? as %3F, # as %23, % as "
    "%25). See docs/configuration.md."
)


def secured_url(
    url: str,
    *,
    root_certificate: str | None,
    allow_insecure: bool,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """`url`, with the TLS it needs: unchanged for SQLite and local servers; for any other
    PostgreSQL server `sslmode=verify-full` and the root certificate.

    Raises InsecureTransport when a remote server has no root certificate to check it by,
    or the configured file does not exist, unless insecure transport is allowed;
    UnreadableUrl, whatever the server, when the URL's host holds an `@`; NotADatabaseUrl
    when it is no URL, or not a SQLite or PostgreSQL one.
    """
    parsed = parsed_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    if parsed.host and "@" in parsed.host:
        raise UnreadableUrl(UNREADABLE_URL)
    if is_local(parsed, environ):
        return url
    root = root_certificate or _last(parsed.query.get("sslrootcert"))
    if not root:
        if allow_insecure:
            return url
        raise InsecureTransport(
            f"refusing to connect to the PostgreSQL server at {_server(parsed, environ)} "
            "without verified TLS: it is not on this machine, so the connection must be "
            "encrypted and the server's certificate checked (sslmode=verify-full). Set "
            f"{ROOT_SETTING} to the file of the certificate authority that signed the "
            f"server's certificate. Only on a network you trust, {INSECURE_SETTING}=true "
            "connects without it. See docs/security.md."
        )
    if root != SYSTEM_ROOTS and not Path(root).is_file():
        raise InsecureTransport(
            f"the root certificate {printable(root)!r} ({ROOT_SETTING} or the URL's "
            "sslrootcert) is not a file this desk can read, so the PostgreSQL server's "
            "certificate cannot be checked. See docs/security.md."
        )
    secured = parsed.update_query_dict({"sslmode": REQUIRED_SSLMODE, "sslrootcert": root})
    return secured.render_as_string(hide_password=False)


def is_local(url: URL, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether every host and address the URL may connect to is on this machine.

    Without a host in the URL, libpq takes PGHOST / PGHOSTADDR, else its Unix socket.
    """
    hosts = ([url.host] if url.host else []) + _values(url.query.get("host"))
    addresses = _values(url.query.get("hostaddr"))
    if not hosts and not addresses:
        hosts = _values(environ.get("PGHOST"))
        addresses = _values(environ.get("PGHOSTADDR"))
    return all(map(_is_local_host, hosts)) and all(map(_is_loopback, addresses))


def explain_connection_failure(error: BaseException) -> str | None:
    """What to do when the connection failed over TLS; None for any other failure.

    Built from the kind of failure only: libpq's own message can name the server's user.
    """
    message = str(getattr(error, "orig", None) or error).lower()
    if "does not support ssl" in message:
        return (
            "the PostgreSQL server does not offer TLS, which this connection needs. Ask its "
            f"administrator to turn ssl on; only on a network you trust, {INSECURE_SETTING}"
            "=true connects without it. See docs/security.md."
        )
    if "certificate" in message:
        return (
            "the PostgreSQL server's certificate could not be verified (sslmode=verify-full): "
            f"check that {ROOT_SETTING} is the certificate authority that signed it and that "
            "the host in CUSTINFO_DATABASE_URL is the name on the certificate. "
            "See docs/security.md."
        )
    return None


def _values(value: str | tuple[str, ...] | None) -> list[str]:
    """A libpq parameter's values: it may be repeated, or a comma-separated list."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in item.split(",")]


def _last(value: str | tuple[str, ...] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None


def _is_local_host(host: str) -> bool:
    # An empty entry is libpq's default, the Unix socket; "/dir" or "@name" is a socket.
    if host == "" or host.startswith(("/", "@")) or host.lower() == "localhost":
        return True
    return _is_loopback(host)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _server(url: URL, environ: Mapping[str, str]) -> str:
    """The first place the URL connects to that is not this machine, for messages."""
    places = ([url.host] if url.host else []) + _values(url.query.get("host"))
    places += _values(url.query.get("hostaddr"))
    places = places or _values(environ.get("PGHOST")) + _values(environ.get("PGHOSTADDR"))
    remote = [place for place in places if not _is_local_host(place)]
    return printable((remote or places or ["?"])[0])
