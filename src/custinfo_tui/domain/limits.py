"""Limits on operators' attempts, in a module light enough for the console's first frame."""

from __future__ import annotations

#: Wrong passwords at the idle-lock screen before the session is ended for safety (MP-11).
MAX_UNLOCK_ATTEMPTS = 5

#: The longest username and password the login and lock screens take.
MAX_USERNAME_LENGTH = 64
MAX_PASSWORD_LENGTH = 256

#: The longest reason a handler types (for opening a record, withdrawing authority, lifting
#: a lock...): a sentence or two, so the audit trail stays readable.
MAX_REASON_LENGTH = 300
#: The shortest reason a supervisor gives for lifting a lock, closing a queue item,
#: closing another operator's call or rejecting a discrepancy report: "ok" or "x" says
#: nothing on the trail (nor to the reporter). Said as `domain.text.too_short` says it.
MIN_REASON_LENGTH = 5
#: The longest reason a service stores: room for a chosen reason and its typed detail
#: ("Customer wrote in: letter of ..."); longer text is cut.
MAX_STORED_REASON_LENGTH = 500
