"""Taking card numbers out of free text already stored (PCI DSS; docs/security.md).

New free text is cleaned before it is stored (domain.text.clean_free_text); this finds
what was stored before that rule, or came in around it (an import, a direct edit).
"""

from __future__ import annotations

from custinfo_tui.domain.card_numbers import (
    CardNumberSweep,
    ColumnSweep,
    card_number_spans,
    redact_to_fit,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.repository.free_text import FREE_TEXT_COLUMNS
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork


def redact_stored_card_numbers(
    uow: UnitOfWork, actor: Actor | None, *, dry_run: bool
) -> CardNumberSweep:
    """Find card numbers in every stored free-text column and, unless `dry_run`, replace
    each with `[card number removed]`.

    `actor` None means the command line acting as the system. A real run changes every
    row in one transaction with one `data.card_numbers_redacted` event holding counts per
    column; a dry run changes nothing and records nothing. Audit events whose reason holds
    a card number are reported by id and left alone: the trail is append-only and
    hash-chained, and its new reasons are cleaned before they are stored.
    """
    if actor is not None:
        require(actor, Permission.EDIT_CUSTOMER)
    with uow:
        columns = []
        for column in FREE_TEXT_COLUMNS:
            found = [
                (row_id, redact_to_fit(value, column.length))
                for row_id, value in uow.free_text.values(column)
                if card_number_spans(value)
            ]
            if not dry_run:
                for row_id, redaction in found:
                    uow.free_text.replace(column, row_id, redaction.text)
            numbers = sum(redaction.removed for _, redaction in found)
            columns.append(ColumnSweep(column.name, len(found), numbers))
        audit_event_ids = tuple(
            event_id
            for event_id, reason in uow.free_text.audit_reasons()
            if card_number_spans(reason)
        )
        sweep = CardNumberSweep(tuple(columns), audit_event_ids, redacted=not dry_run)
        if dry_run:
            return sweep
        audit.record(
            uow,
            actor,
            AuditAction.CARD_NUMBERS_REDACTED,
            details={
                "columns": {c.column: c.card_numbers for c in sweep.columns if c.card_numbers},
                "rows": sweep.rows,
                "card_numbers": sweep.card_numbers,
                "audit_reasons_left": len(audit_event_ids),
            },
        )
        uow.commit()
        return sweep
