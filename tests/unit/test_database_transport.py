"""Which PostgreSQL connections must use verified TLS, and the URL that makes them do so."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import _settings
from custinfo_tui.database_transport import (
    INSECURE_SETTING,
    ROOT_SETTING,
    InsecureTransport,
    explain_connection_failure,
    is_local,
    secured_url,
)
from custinfo_tui.repository.errors import refusal
from custinfo_tui.tui.ports import StartupError

NO_ENVIRONMENT: dict[str, str] = {}


@pytest.fixture
def ca_file(tmp_path: Path) -> str:
    path = tmp_path / "ca.crt"
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return str(path)


def _secured(url: str, root: str | None = None, *, insecure: bool = False) -> str:
    return secured_url(url, root_certificate=root, allow_insecure=insecure, environ=NO_ENVIRONMENT)


def _query(url: str) -> dict[str, object]:
    return dict(make_url(url).query)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk@localhost/custinfo",
        "postgresql://desk@LOCALHOST:5433/custinfo",
        "postgresql://desk@127.0.0.1/custinfo",
        "postgresql://desk@127.0.1.1/custinfo",
        "postgresql://desk@[::1]:5432/custinfo",
        "postgresql:///custinfo",
        "postgresql://desk@/custinfo?host=/var/run/postgresql",
        "postgresql+psycopg://desk@localhost/custinfo?hostaddr=127.0.0.1",
        "postgresql://desk@localhost/custinfo?host=/tmp,127.0.0.1",
    ],
)
def test_a_server_on_this_machine_is_local_and_its_url_is_left_alone(url: str) -> None:
    assert is_local(make_url(url), NO_ENVIRONMENT)
    assert _secured(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk@dbhost/custinfo",
        "postgresql://desk@10.0.0.5/custinfo",
        "postgresql://desk@[2001:db8::5]/custinfo",
        "postgresql://desk@localhost.example.com/custinfo",
        # A remote name stays remote at a loopback address: the certificate names the host.
        "postgresql://desk@db.example.com/custinfo?hostaddr=127.0.0.1",
        # A local name reached at a remote address goes off the machine.
        "postgresql://desk@localhost/custinfo?hostaddr=10.0.0.5",
        # One remote host among local ones is enough.
        "postgresql://desk@/custinfo?host=/tmp,dbhost",
    ],
)
def test_any_other_server_is_remote(url: str) -> None:
    assert not is_local(make_url(url), NO_ENVIRONMENT)


def test_without_a_host_in_the_url_libpq_environment_decides() -> None:
    url = make_url("postgresql:///custinfo")
    assert not is_local(url, {"PGHOST": "dbhost"})
    assert is_local(url, {"PGHOST": "/var/run/postgresql"})
    assert not is_local(url, {"PGHOSTADDR": "192.0.2.7"})


def test_a_remote_server_gets_verify_full_with_the_root_certificate(ca_file: str) -> None:
    secured = _secured("postgresql://desk:pw@dbhost/custinfo", ca_file)

    assert _query(secured) == {"sslmode": "verify-full", "sslrootcert": ca_file}
    assert make_url(secured).password == "pw"


@pytest.mark.parametrize("weaker", ["disable", "allow", "prefer", "require", "verify-ca"])
def test_a_url_asking_for_less_is_raised_to_verify_full(weaker: str, ca_file: str) -> None:
    secured = _secured(f"postgresql://desk@dbhost/custinfo?sslmode={weaker}", ca_file)
    assert _query(secured)["sslmode"] == "verify-full"


def test_the_urls_own_root_certificate_counts_and_the_setting_wins(
    ca_file: str, tmp_path: Path
) -> None:
    url = f"postgresql://desk@dbhost/custinfo?sslrootcert={ca_file}"
    assert _query(_secured(url)) == {"sslmode": "verify-full", "sslrootcert": ca_file}

    other = tmp_path / "other.crt"
    other.write_text("")
    assert _query(_secured(url, str(other)))["sslrootcert"] == str(other)


def test_the_systems_certificate_authorities_may_be_named() -> None:
    secured = _secured("postgresql://desk@dbhost/custinfo", "system")
    assert _query(secured) == {"sslmode": "verify-full", "sslrootcert": "system"}


def test_a_remote_server_without_a_root_certificate_is_refused_with_what_to_set() -> None:
    with pytest.raises(InsecureTransport) as refusal:
        _secured("postgresql://desk:s3cret-pw@dbhost.example:5432/custinfo?sslmode=disable")

    message = str(refusal.value)
    assert "dbhost.example" in message
    assert ROOT_SETTING in message and f"{INSECURE_SETTING}=true" in message
    assert "s3cret-pw" not in message and "desk" not in message


def test_a_root_certificate_that_is_not_there_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InsecureTransport, match="not a file"):
        _secured("postgresql://desk@dbhost/custinfo", str(tmp_path / "missing.crt"))


def test_only_the_insecure_setting_lets_a_remote_url_through_as_it_is() -> None:
    url = "postgresql://desk@dbhost/custinfo?sslmode=disable"
    assert _secured(url, insecure=True) == url


def test_with_the_insecure_setting_a_configured_root_certificate_is_still_used(
    ca_file: str,
) -> None:
    secured = _secured("postgresql://desk@dbhost/custinfo", ca_file, insecure=True)
    assert _query(secured)["sslmode"] == "verify-full"


def test_sqlite_is_not_touched() -> None:
    url = "sqlite+pysqlite:////tmp/custinfo.db"
    assert _secured(url) == url


class _DriverError(Exception):
    pass


class _WrappedError(Exception):
    def __init__(self, orig: Exception) -> None:
        super().__init__("wrapped")
        self.orig = orig


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        ("SSL error: certificate verify failed", ROOT_SETTING),
        ('server certificate for "db" does not match host name "other"', "name on the"),
        ("server does not support SSL, but SSL was required", "does not offer TLS"),
        ("connection refused", None),
        ('password authentication failed for user "desk"', None),
    ],
)
def test_connection_failures_over_tls_are_explained(
    driver_message: str, expected: str | None
) -> None:
    explanation = explain_connection_failure(_WrappedError(_DriverError(driver_message)))
    if expected is None:
        assert explanation is None
    else:
        assert explanation is not None and expected in explanation
        assert "desk" not in explanation


def test_the_console_says_why_before_anyone_logs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console reads its settings in its loader; a StartupError is shown on the login
    screen instead of the console connecting."""
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://desk:s3cret-pw@dbhost/custinfo")

    with pytest.raises(StartupError) as refusal:
        _settings(None, console=True)

    message = str(refusal.value)
    assert message.startswith("Refusing to connect to the PostgreSQL server at dbhost")
    assert ROOT_SETTING in message and "s3cret-pw" not in message


def test_a_sqlite_file_given_with_db_is_never_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://desk@dbhost/custinfo")
    settings = _settings(tmp_path / "desk.db")
    assert settings.resolved_database_url().startswith("sqlite")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk_04:pa@ss-0004@127.0.0.1:5432/custinfo",  # a local server
        "postgresql://desk_01:a@MyRealSecretTail@db.example.com/custinfo",
        "postgresql+psycopg://desk@home:x@y@db.example.com/custinfo",
    ],
)
def test_a_password_with_an_unencoded_at_is_refused_without_a_word_of_it(url: str) -> None:
    """Found setting up desks: `pa@ss-0004` as a password was read as the password `pa` at
    the host `ss-0004@127.0.0.1`, and the refusal named that host, the password's tail."""
    with pytest.raises(InsecureTransport) as refusal:
        _secured(url, insecure=True)
    message = str(refusal.value)
    assert "percent-encoded" in message and "%40" in message
    for secret in ("ss-0004", "MyRealSecretTail", "y@db", "example", "127.0.0.1"):
        assert secret not in message


def test_the_same_password_percent_encoded_connects_as_written() -> None:
    url = "postgresql://desk_04:pa%40ss-0004@127.0.0.1:5432/custinfo"
    assert _secured(url) == url
    assert make_url(url).password == "pa@ss-0004"


def test_the_console_says_how_to_write_such_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://d:a@SecretTail@127.0.0.1/c")
    with pytest.raises(StartupError) as refusal:
        _settings(None, console=True)
    assert "SecretTail" not in str(refusal.value) and "%40" in str(refusal.value)


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        ('FATAL:  password authentication failed for user "desk_01"', "refused the login"),
        ('FATAL:  role "desk_99" does not exist', "refused the login"),
        ("fe_sendauth: no password supplied", "refused the login"),
        ('FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "desk_01"', "refused the login"),
        ('FATAL:  database "nodb" does not exist', "no database of the name"),
        ('could not translate host name "dbhots" to address', "names no machine"),
        ("connection refused\n\tIs the server running on that host", None),  # no answer
        ("SSL SYSCALL error: EOF detected", None),  # not known: said as before
    ],
)
def test_a_refused_connection_says_what_to_check_and_names_nothing(
    driver_message: str, expected: str | None
) -> None:
    said = refusal(_DriverError(driver_message))
    if expected is None:
        assert said is None
    else:
        assert said is not None and expected in said
        for name in ("desk_01", "desk_99", "nodb", "dbhots", "10.0.0.7"):
            assert name not in said
