"""Configuration from `CUSTINFO_*` environment variables and command-line flags.

See docs/configuration.md for every setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir, user_log_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.text import printable

if TYPE_CHECKING:
    from pydantic import ValidationError

APP_NAME = "custinfo-tui"


class Settings(BaseSettings):
    """Everything a desk can configure. Environment variables use the `CUSTINFO_` prefix."""

    model_config = SettingsConfigDict(env_prefix="CUSTINFO_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL, e.g. postgresql://user@host/custinfo. "
        "Unset: a SQLite file in data_dir.",
    )
    database_sslrootcert: str | None = Field(
        default=None,
        description="The certificate authority (a PEM file) that signed the PostgreSQL "
        "server's certificate, or `system` for the operating system's. Required for a server "
        "not on this machine, which is reached with sslmode=verify-full (docs/security.md).",
    )
    database_allow_insecure_transport: bool = Field(
        default=False,
        description="true: connect to a PostgreSQL server off this machine without verified "
        "TLS. Insecure: only on a network you trust (docs/security.md).",
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir(APP_NAME)),
        description="Where the embedded SQLite databases live.",
    )
    log_dir: Path = Field(
        default_factory=lambda: Path(user_log_dir(APP_NAME)),
        description="Where the application log goes (never holds personal data).",
    )
    idle_lock_minutes: float = Field(
        default=5.0,
        gt=0,
        le=60,
        description="minutes without a key press before the screen locks: more than 0, "
        "at most 60 (MP-11)",
    )

    access_reasons: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ACCESS_REASONS),
        description="Reasons offered when a record is opened outside a verified call (MP-09). "
        'As JSON: CUSTINFO_ACCESS_REASONS=\'["Complaint investigation", "Other"]\'.',
    )

    policy_file: Path | None = Field(
        default=None,
        description="The organisation's policy file (TOML): caller verification rules "
        "(docs/verification.md). Unset: the built-in defaults.",
    )

    scenarios_dir: Path | None = Field(
        default=None,
        description="A folder of the trainer's own role-play scenarios (*.toml), beside the "
        "shipped ones; a file named like a shipped scenario replaces it (docs/training.md).",
    )

    database_key_file: Path | None = Field(
        default=None,
        description="The key (passphrase) of the encrypted SQLite database, in a file only "
        "its owner may read (chmod 600). Unset: an encrypted database asks for its key at "
        "start; set, new databases are created encrypted (docs/security.md).",
    )

    def resolved_database_url(self, *, demo: bool = False) -> str:
        """The URL to use: the configured one, else `custinfo.db` (or `demo.db`) in data_dir.

        A PostgreSQL server off this machine gets verified TLS, or `InsecureTransport`
        (custinfo_tui.database_transport) says what to set.
        """
        if self.database_url:
            from custinfo_tui.database_transport import secured_url

            return secured_url(
                self.database_url,
                root_certificate=self.database_sslrootcert,
                allow_insecure=self.database_allow_insecure_transport,
            )
        name = "demo.db" if demo else "custinfo.db"
        return f"sqlite+pysqlite:///{self.data_dir / name}"


def setting_problems(error: ValidationError) -> str:
    """Name each bad setting, what it was set to and what it may be: the allowed range is
    in each setting's description."""
    problems = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        info = Settings.model_fields.get(field)
        allowed = f" ({info.description})" if info is not None and info.description else ""
        # Settings are configuration, never personal data, so the value can be repeated.
        given = printable(str(problem.get("input", "")))[:40]
        problems.append(
            f"CUSTINFO_{field.upper()} is {given!r}: {problem['msg'].lower()}{allowed}."
        )
    return "A setting is not valid. " + " ".join(problems) + " See docs/configuration.md."
