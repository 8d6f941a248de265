"""TLS to PostgreSQL, against a private server with a certificate from a test authority.

The server listens on 127.0.0.1 only. The tests reach it as `db.custinfo.test` with
libpq's `hostaddr=127.0.0.1`: the name is not this machine's, so the console treats the
server as remote, and libpq checks the certificate against that name, while the
connection itself never leaves the loopback address.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import build_console_services
from custinfo_tui.database_transport import INSECURE_SETTING, ROOT_SETTING
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.settings import Settings
from custinfo_tui.tui.ports import StartupError
from tests.support.certificates import (
    CertificatesUnavailable,
    ServerCertificates,
    make_certificates,
)
from tests.support.postgres import PostgresUnavailable, temporary_postgres
from tests.support.printed_lines import words

pytestmark = pytest.mark.postgres

SERVER_NAME = "db.custinfo.test"
#: Never checked by the test server (it trusts 127.0.0.1); here to prove no message shows it.
PASSWORD = "s3cret-desk-pw"


@dataclass(frozen=True)
class TlsServer:
    port: int
    certificates: ServerCertificates

    def url(self, name: str = SERVER_NAME, query: str = "") -> str:
        """A URL naming the server `name`, reached at 127.0.0.1 whatever the name."""
        extra = f"&{query}" if query else ""
        return (
            f"postgresql://custinfo:{PASSWORD}@{name}:{self.port}/postgres"
            f"?hostaddr=127.0.0.1{extra}"
        )


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    try:
        certificates = make_certificates(tmp_path_factory.mktemp("pki"), SERVER_NAME)
    except CertificatesUnavailable as reason:
        pytest.skip(f"no test certificates: {reason}")
    tls = (certificates.server_certificate, certificates.server_key)
    try:
        with temporary_postgres(tls=tls) as admin_url:
            port = make_url(admin_url).port
            assert port is not None and make_url(admin_url).host == "127.0.0.1"
            yield TlsServer(port, certificates)
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL not available: {reason}")


def _connection_is_tls(url: str) -> bool:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            return bool(
                connection.execute(
                    text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_remote_server_is_reached_over_verified_tls(tls_server: TlsServer) -> None:
    settings = Settings(
        database_url=tls_server.url(),
        database_sslrootcert=str(tls_server.certificates.ca_certificate),
    )

    url = settings.resolved_database_url()

    assert make_url(url).query["sslmode"] == "verify-full"
    assert _connection_is_tls(url)


def test_a_url_that_turns_tls_off_is_raised_to_verify_full(tls_server: TlsServer) -> None:
    settings = Settings(
        database_url=tls_server.url(query="sslmode=disable"),
        database_sslrootcert=str(tls_server.certificates.ca_certificate),
    )
    assert _connection_is_tls(settings.resolved_database_url())


def test_only_the_insecure_setting_connects_to_a_remote_server_without_tls(
    tls_server: TlsServer,
) -> None:
    settings = Settings(
        database_url=tls_server.url(query="sslmode=disable"),
        database_allow_insecure_transport=True,
    )
    assert not _connection_is_tls(settings.resolved_database_url())


def _cli_audit_verify(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> tuple[int | str | None, str]:
    """`custinfo audit verify` against `url`: its exit status and everything it printed, read
    as words (a refusal is wrapped to the terminal's width)."""
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", url)
    try:
        code: int | str | None = main(["audit", "verify"])
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    if isinstance(code, str):  # SystemExit("message") prints the message and exits 1
        printed, code = printed + code, 1
    return code, words(printed)


def test_without_a_root_certificate_the_command_refuses_and_says_what_to_set(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed = _cli_audit_verify(monkeypatch, capsys, tls_server.url())

    assert code == 1
    assert f"server at {SERVER_NAME} without verified TLS" in printed
    assert ROOT_SETTING in printed and f"{INSECURE_SETTING}=true" in printed
    assert PASSWORD not in printed and "Traceback" not in printed


@pytest.mark.parametrize(
    ("name", "authority"),
    [(SERVER_NAME, "other"), ("other.custinfo.test", "ours")],
    ids=["unknown-authority", "wrong-host-name"],
)
def test_a_certificate_that_does_not_verify_is_refused_clearly(
    name: str,
    authority: str,
    tls_server: TlsServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    certificates = tls_server.certificates
    ca = certificates.other_ca_certificate if authority == "other" else certificates.ca_certificate
    monkeypatch.setenv(ROOT_SETTING, str(ca))

    code, printed = _cli_audit_verify(monkeypatch, capsys, tls_server.url(name))

    assert code == 1
    assert "certificate could not be verified" in printed
    assert PASSWORD not in printed and "Traceback" not in printed


def test_the_console_says_why_it_cannot_connect(tls_server: TlsServer) -> None:
    settings = Settings(
        database_url=tls_server.url(),
        database_sslrootcert=str(tls_server.certificates.other_ca_certificate),
    )
    with pytest.raises(StartupError, match="certificate could not be verified") as refusal:
        build_console_services(settings.resolved_database_url())
    assert PASSWORD not in str(refusal.value)
