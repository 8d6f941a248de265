"""Taking card data out of free text already stored (PCI DSS; docs/security.md).

New free text is cleaned before it is stored (domain.text.clean_free_text); this finds
what was stored before that rule, or came in around it (an import, a direct edit): card
numbers, and the security codes and expiry dates that go with them (domain.card_data),
among them those left beside a card number an earlier version took out
("[card number removed] exp 12/28 cvv 123").
"""

from __future__ import annotations

from custinfo_tui.domain.card_data import (
    CardDataSweep,
    ColumnSweep,
    card_data_spans,
    redact_to_fit,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.repository.free_text import FREE_TEXT_COLUMNS
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork


def redact_stored_card_data(
    uow: UnitOfWork, actor: Actor | None, *, dry_run: bool
) -> CardDataSweep:
    """Find card data in every stored free-text column and, unless `dry_run`, replace
    each piece with its marker (`[card number removed]`, `[security code removed]`,
    `[expiry removed]`).

    `actor` None means the command line acting as the system. A real run changes every
    row in one transaction with one `data.card_numbers_redacted` event holding counts per
    column and per kind; a dry run changes nothing and records nothing. Audit events whose
    reason holds card data are reported by id and left alone: the trail is append-only
    and hash-chained, and its new reasons are cleaned before they are stored.
    """
    if actor is not None:
        require(actor, Permission.EDIT_CUSTOMER)
    with uow:
        columns = []
        for column in FREE_TEXT_COLUMNS:
            found = [
                (row_id, redact_to_fit(value, column.length))
                for row_id, value in uow.free_text.values(column)
                if card_data_spans(value)
            ]
            if not dry_run:
                for row_id, redaction in found:
                    uow.free_text.replace(column, row_id, redaction.text)
            columns.append(
                ColumnSweep(
                    column.name,
                    len(found),
                    sum(redaction.card_numbers for _, redaction in found),
                    sum(redaction.security_codes for _, redaction in found),
                    sum(redaction.expiries for _, redaction in found),
                )
            )
        audit_event_ids = tuple(
            event_id
            for event_id, reason in uow.free_text.audit_reasons()
            if card_data_spans(reason)
        )
        sweep = CardDataSweep(tuple(columns), audit_event_ids, redacted=not dry_run)
        if dry_run:
            return sweep
        audit.record(uow, actor, AuditAction.CARD_NUMBERS_REDACTED, details=_counts(sweep))
        uow.commit()
        return sweep


def _counts(sweep: CardDataSweep) -> dict[str, object]:
    """The sweep's event details: counts per column and in all, per kind, never a value.
    "columns" and "card_numbers" keep the shape events had before codes and expiries were
    taken out too."""
    columns = sweep.columns
    return {
        "columns": {c.column: c.card_numbers for c in columns if c.card_numbers},
        "security_code_columns": {c.column: c.security_codes for c in columns if c.security_codes},
        "expiry_columns": {c.column: c.expiries for c in columns if c.expiries},
        "rows": sweep.rows,
        "card_numbers": sweep.card_numbers,
        "security_codes": sweep.security_codes,
        "expiries": sweep.expiries,
        "audit_reasons_left": len(sweep.audit_event_ids),
    }
