"""What an audit event says in words, for tests that check it holds no personal value."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditEvent

#: Generated, not written: hex hashes, a session's UUID and the time can hold any run of
#: digits ("4111" among them) by chance.
_GENERATED = {"hash", "prev_hash", "console_session", "occurred_at"}


def written_words(event: AuditEvent) -> str:
    """The event's action, ids, fields, reason, outcome and details, lower-cased."""
    return str(event.model_dump(exclude=_GENERATED)).lower()
