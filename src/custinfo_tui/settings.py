"""Configuration from `CUSTINFO_*` environment variables and command-line flags.

See docs/configuration.md for every setting.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir, user_log_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS

APP_NAME = "custinfo-tui"


class Settings(BaseSettings):
    """Everything a desk can configure. Environment variables use the `CUSTINFO_` prefix."""

    model_config = SettingsConfigDict(env_prefix="CUSTINFO_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL, e.g. postgresql://user@host/custinfo. "
        "Unset: a SQLite file in data_dir.",
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

    def resolved_database_url(self, *, demo: bool = False) -> str:
        """The URL to use: the configured one, else `custinfo.db` (or `demo.db`) in data_dir."""
        if self.database_url:
            return self.database_url
        name = "demo.db" if demo else "custinfo.db"
        return f"sqlite+pysqlite:///{self.data_dir / name}"
