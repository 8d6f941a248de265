"""The subject access pack's last section (MP-16): who accessed the record and why, from
the audit trail, less what would name a third-party request the DPO withholds
(services/pack_withheld.py). A section builder of `subject_access_pack.PACK_SECTIONS`,
kept apart as the pack's list grew (as `pack_contacts`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from custinfo_tui.domain.access_reasons import reason_given, typed_words
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merged_records import filed_under
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.timeline import describe
from custinfo_tui.services.pack_cells import holds_typed_text, section

if TYPE_CHECKING:
    from custinfo_tui.services.subject_access_pack import PackSource


def access_section(source: PackSource) -> Iterable[PackSection]:
    """Who accessed the record and why: every audit event about it, oldest first, and
    about the records merged into it (the same person's; their events stay where they were
    written, as the record's timeline reads them), each of those naming its record."""
    merged = {
        record: format_reference(reference)
        for record, reference in source.uow.merges.merged_references(source.customer.id).items()
    }
    rows = source.uow.subject_access.events_about((source.customer.id, *merged))
    lines, typed = [], 0
    for event in rows:
        if source.traces.hides(event):  # would name a request left out (pack_withheld)
            continue
        by_command_line, filed = event.operator_id is None, event.customer_id
        try:  # from the outcome too: a refused erasure never reads as one done
            known = AuditAction(event.action)
            what = describe(
                known, event.fields, event.details, event.outcome, on_command_line=by_command_line
            )
            # An event of a record merged into theirs says so, as the timeline does.
            what = filed_under(what, known, merged.get(filed) if filed is not None else None)
        except ValueError:
            what = event.action
        why = reason_given(event.action, event.details, event.reason)
        typed += _typed_reason(event.action, why, source.policy.listed_reasons)
        lines.append((event.occurred_at, source.operator(event.operator_id), what, why))
    yield section(
        "access",
        "Who accessed your record and why",
        # Only what the trail files under the customer: a search is recorded with its
        # kind and count, not the records it listed, so it cannot be here (docs).
        "Each action recorded on our audit trail about your record: opening it and the "
        "reason given, changes, checks, disclosures and exports, with who did it and when. "
        "Searches are recorded without the records they listed, so a search that showed "
        "your record without it being opened is not here.",
        ("When", "Operator", "What", "Reason"),
        lines,
        typed_count=typed,
    )


#: Events whose reasons are chosen from a list (why a record was opened, why a detail was
#: changed), but for the words typed after one (`typed_words`).
_CHOSEN_REASONS = frozenset({AuditAction.CUSTOMER_VIEWED, AuditAction.CUSTOMER_UPDATED})


def _typed_reason(action: str, reason: str | None, listed: tuple[str, ...]) -> bool:
    """Whether an event's reason quotes words someone typed: a hold's, an erasure's, or
    those typed after a reason chosen from the list (a record opened for "Other: ...",
    "Customer wrote in (letter or e-mail): ...", "Third-party request (for or about the
    customer): ..."); not a reason from the list alone (the site's `listed`)."""
    if reason is not None and action in _CHOSEN_REASONS:
        reason = typed_words(reason, listed)
    return reason is not None and holds_typed_text(reason)
