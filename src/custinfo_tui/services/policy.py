"""Reading the organisation's policy file (TOML): its `[verification]`, `[capture]`,
`[complaints]`, `[retention]` and `[privacy_notice]` tables.

docs/configuration.md documents every key, and docs/policy.example.toml is a complete file
(a test checks it loads and equals the built-in defaults).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.data_protection.privacy_notice import PackPolicy, PrivacyNotice
from custinfo_tui.domain.data_protection.retention import RetentionPolicy
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.errors import ServiceError

#: The top-level tables a policy file may have.
KNOWN_TABLES = frozenset({"verification", "capture", "complaints", "retention", "privacy_notice"})


T = TypeVar("T", bound=BaseModel)


class PolicyFileError(ServiceError):
    """The policy file cannot be used; the message says which file and which key."""


def load_policy(path: Path | None) -> VerificationPolicy:
    """The verification policy from `path`, or the built-in defaults when there is no file."""
    if path is None:
        return VerificationPolicy()
    return _table(path, "verification", VerificationPolicy)


def load_capture(path: Path | None) -> CapturePolicy:
    """The capture templates, enquiry types and consent script from `path`, or the defaults."""
    if path is None:
        return CapturePolicy()
    return _table(path, "capture", CapturePolicy)


def load_complaints(path: Path | None) -> ComplaintPolicy:
    """The complaint categories, stages and service levels from `path`, or the defaults."""
    if path is None:
        return ComplaintPolicy()
    return _table(path, "complaints", ComplaintPolicy)


def load_retention(path: Path | None) -> RetentionPolicy:
    """The retention periods by data category from `path`, or the defaults."""
    if path is None:
        return RetentionPolicy()
    return _table(path, "retention", RetentionPolicy)


def load_privacy_notice(path: Path | None) -> PrivacyNotice:
    """The organisation's answers a subject access pack gives besides the data (who holds
    it and why, recipients, transfers, automated decisions), or the built-in wording."""
    if path is None:
        return PrivacyNotice()
    return _table(path, "privacy_notice", PrivacyNotice)


def load_pack_policy(path: Path | None, access_reasons: Sequence[str] = ()) -> PackPolicy:
    """What a subject access pack states from the policy file: its privacy notice and its
    retention periods; and the reasons staff choose from: the site's `access_reasons`, the
    file's change reasons."""
    listed = (*access_reasons, *load_capture(path).change_reasons)
    return PackPolicy(load_privacy_notice(path), load_retention(path), listed)


def sets_privacy_notice(path: Path | None) -> bool:
    """Whether the policy file has its own `[privacy_notice]` table (the doctor's check)."""
    if path is None:
        return False
    try:
        return "privacy_notice" in tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _table(path: Path, name: str, model: type[T]) -> T:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise PolicyFileError(f"The policy file {path} cannot be read.") from None
    except UnicodeDecodeError:
        raise PolicyFileError(f"The policy file {path} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError(f"The policy file {path} is not valid TOML: {error}") from None
    unknown = sorted(set(data) - KNOWN_TABLES)
    if unknown:
        raise PolicyFileError(
            f"The policy file {path} has unknown tables: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(KNOWN_TABLES))})."
        )
    try:
        return model.model_validate(data.get(name, {}))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or name}: {problem['msg']}"
            for problem in error.errors()[:3]
        )
        raise PolicyFileError(f"The [{name}] table of {path} is not valid: {problems}") from None
