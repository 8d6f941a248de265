"""A throwaway certificate authority and server certificate, made with the openssl command.

Only for the tests' private PostgreSQL server: keys unencrypted, valid for two days.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class CertificatesUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ServerCertificates:
    """A CA, a server certificate it signed for `server_name`, and an unrelated CA."""

    server_name: str
    ca_certificate: Path
    server_certificate: Path
    server_key: Path
    other_ca_certificate: Path


def make_certificates(directory: Path, server_name: str) -> ServerCertificates:
    """Create the files in `directory` (EC P-256 keys: quick to generate)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise CertificatesUnavailable("the `openssl` command is not installed")
    directory.mkdir(parents=True, exist_ok=True)

    def run(*args: str) -> None:
        result = subprocess.run(
            [openssl, *args], cwd=directory, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CertificatesUnavailable(f"openssl {args[0]} failed: {result.stderr[-300:]}")

    key = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    for ca in ("ca", "other-ca"):
        run(
            "req", "-x509", *key, "-keyout", f"{ca}.key", "-out", f"{ca}.crt", "-days", "2",
            "-subj", f"/CN=custinfo test {ca}",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        )  # fmt: skip
    run("req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN={server_name}")
    (directory / "server.ext").write_text(
        f"subjectAltName=DNS:{server_name}\n"
        "basicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
    )
    run(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext",
    )  # fmt: skip
    return ServerCertificates(
        server_name=server_name,
        ca_certificate=directory / "ca.crt",
        server_certificate=directory / "server.crt",
        server_key=directory / "server.key",
        other_ca_certificate=directory / "other-ca.crt",
    )
