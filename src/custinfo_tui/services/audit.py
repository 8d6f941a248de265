"""Appending to, verifying and searching the one audit/event stream."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from custinfo_tui.domain.audit_chain import (
    GENESIS_HASH,
    ChainReport,
    TrailWalk,
)
from custinfo_tui.domain.audit_seals import (
    SealContent,
    SealWalk,
    StoredSeal,
    heads_to_seal,
    seal_hash,
)
from custinfo_tui.domain.complaint_follow_up import stage_move_why
from custinfo_tui.domain.database_damage import unreadable_trail
from custinfo_tui.domain.events import (
    AuditAction,
    AuditEvent,
    AuditEventIn,
    AuditTrailEntry,
    AuditTrailFilters,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.repository.errors import ConstraintViolation
from custinfo_tui.services.errors import ServiceError, UnknownInFilter
from custinfo_tui.services.permissions import Permission, allows, require
from custinfo_tui.services.session_standing import confirm_session, ends_session
from custinfo_tui.services.unit_of_work import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: AuditAction,
    *,
    customer_id: int | None = None,
    interaction_id: int | None = None,
    fields: Iterable[str] = (),
    reason: str | None = None,
    outcome: str = "ok",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction, so it commits or rolls back with the work.

    `details` must hold only non-personal facts (kinds, counts, levels); callers pass field
    names in `fields`, never values. `at` is when it happened, for a step a save records
    after the fact (a new customer's consent, taken before the save: domain/capture_times.py);
    by default, now.

    An operator's event is refused (`SessionRevoked`, and the work with it) when an
    administrator has ended their session since it logged in, unless it ends the session
    (services/session_standing.py); the standing is read once per unit of work.
    """
    if actor is not None and not ends_session(action, outcome):
        confirm_session(uow, actor)
    return uow.audit.append(
        AuditEventIn(
            action=action,
            operator_id=actor.operator_id if actor else None,
            console_session=actor.console_session if actor else None,
            customer_id=customer_id,
            interaction_id=interaction_id,
            fields=tuple(fields),
            reason=reason,
            outcome=outcome,
            details=details or {},
        ),
        at=at,
    )


def record_many(
    uow: UnitOfWork,
    actor: Actor | None,
    action: AuditAction,
    about: Iterable[tuple[int, Iterable[str], dict[str, Any]]],
    *,
    at: datetime,
) -> int:
    """Append one event of `action` per customer of `about` (its id, the fields, the
    details: as for `record`), inside the caller's transaction, in one insert for them all
    (`AuditRepository.append_many`): for work that changes thousands of records at once
    and audits each. How many were appended."""
    if actor is not None:
        confirm_session(uow, actor)
    events = [
        AuditEventIn(
            action=action,
            operator_id=actor.operator_id if actor else None,
            console_session=actor.console_session if actor else None,
            customer_id=customer_id,
            fields=tuple(fields),
            details=details,
        )
        for customer_id, fields, details in about
    ]
    return uow.audit.append_many(events, at=at) if events else 0


#: Events read per query while verifying: memory stays flat however long the trail is.
VERIFY_BATCH_SIZE = 2_000


def verify_chain(
    uow: UnitOfWork,
    *,
    anchors: Mapping[int, str] | None = None,
    batch_size: int = VERIFY_BATCH_SIZE,
) -> ChainReport:
    """Check the whole audit trail: the seals, then every chain; report the first fault.

    `anchors` are seals' hashes recorded outside the database (seal id -> hash): each must
    still be there, unchanged. Reads only, in one snapshot on PostgreSQL, so desks may go
    on appending meanwhile. On SQLite each read sees the newest commits instead; appends
    commit in id order there, so the walk ends by following each chain on to the head it
    reads last. On SQLite the trail's tables are first given SQLite's quick check: a
    damaged one is reported unreadable (`ChainProblem.UNREADABLE`), never OK.
    """
    with uow:
        uow.audit.read_consistently()
        if (damage := uow.audit.damage()) is not None:
            return unreadable_trail(damage)
        # Anchors of a database a restore replaced are told apart from seals cut back only
        # by the restores the trail records: read when there are anchors to check.
        restores = uow.audit.restores() if anchors else []
        seals = SealWalk(uow.audit.sealed_events, anchors or {}, restores)
        for seal in uow.audit.seals(batch_size=batch_size):
            if broken := seals.step(seal):
                return broken
        if broken := seals.finish():
            return broken
        walk = TrailWalk(uow.audit.is_linked_after, seals.sealed_heads)
        for event in uow.audit.chain_events(batch_size=batch_size):
            if broken := walk.step(event):
                return broken
        heads = uow.audit.chain_heads()
        for chain, head in sorted(heads.items()):
            walked = walk.walk_of(chain).last_event_id or 0
            if (head.last_event_id or 0) > walked:
                for event in uow.audit.chain_events(
                    after_id=walked, up_to_id=head.last_event_id, chain=chain, batch_size=batch_size
                ):
                    if broken := walk.step(event):
                        return broken
        report = walk.finish(heads, uow.audit.first_id_after)
        if not report.ok:
            return report
        return seals.finish_after_restores(
            report.model_copy(
                update={
                    "seals_checked": seals.seals_checked,
                    "newest_seal_id": seals.last_seal_id,
                    "newest_seal_hash": seals.last_hash if seals.last_seal_id else None,
                }
            )
        )


def seal(
    uow: UnitOfWork, *, at: datetime | None = None, unless_within: timedelta | None = None
) -> StoredSeal | None:
    """Seal the chains as they stand: a new seal if any chain moved since the newest one.

    None when nothing moved, when the newest seal is younger than `unless_within` (every
    console seals on a timer; the centre needs one seal per interval, not one per desk),
    or when another desk sealed at the same moment (its seal covers the same events).
    Reads the heads as committed: each names a stored event.
    """
    now = at or datetime.now(UTC)
    try:
        with uow:
            newest = uow.audit.newest_seal()
            heads = heads_to_seal(uow.audit.chain_heads())
            if not heads or (newest is not None and tuple(newest.content.heads) == heads):
                return None
            if newest and unless_within and newest.content.sealed_at > now - unless_within:
                return None
            content = SealContent(
                id=(newest.content.id if newest else 0) + 1,
                sealed_at=now,
                heads=heads,
                prev_hash=newest.hash if newest else GENESIS_HASH,
            )
            made = StoredSeal(content=content, hash=seal_hash(content))
            uow.audit.add_seal(made)
            uow.commit()
            return made
    except ConstraintViolation:
        return None


def newest_seal(uow: UnitOfWork) -> StoredSeal | None:
    """The newest seal stored (a console's, perhaps), or None before the first."""
    with uow:
        return uow.audit.newest_seal()


def search_events(
    uow: UnitOfWork, actor: Actor | None, filters: AuditTrailFilters
) -> list[AuditTrailEntry]:
    """Audit events matching the filters, newest first, for supervisors, the DPO and admins.

    `actor` None means the system (`custinfo audit show` names its operator). The search is
    recorded, with the names of the filters used and the result count; naming a customer
    puts the event about them (in their subject access pack's list of who accessed the
    record, not on the record's timeline, which handlers read).
    """
    if actor is not None:
        require(actor, Permission.VIEW_AUDIT)
    if filters.since and filters.until and filters.since > filters.until:
        raise ServiceError("The first day comes after the last day.")
    reference = (
        normalise_reference(filters.customer_reference)
        if filters.customer_reference is not None
        else None
    )
    operator_id, username = _operator_filter(filters.operator)
    with uow:
        customer = uow.customers.get_by_reference(reference) if reference else None
        if reference and customer is None:
            raise UnknownInFilter("No customer has that reference.", "customer_reference")
        if username is not None and uow.operators.get_by_username(username) is None:
            # Operators are never deleted (disabled ones keep their name), so an unknown
            # name is a slip to say, not a search that found nothing.
            raise UnknownInFilter("No operator has that username.", "operator")
        entries = uow.audit.search(
            operator_id=operator_id,
            operator_username=username,
            customer_reference=reference,
            about_operator_id=_about_operator(uow, filters.about_operator),
            action=filters.action.value if filters.action else None,
            since=_start_of(filters.since),
            before=_start_of(_day_after(filters.until)),
            limit=filters.limit,
        )
        entries = _stage_moves_said(uow, actor, entries)
        used = sorted(
            name
            for name in (
                "operator",
                "customer_reference",
                "about_operator",
                "action",
                "since",
                "until",
            )
            if getattr(filters, name) is not None
        )
        record(
            uow,
            actor,
            AuditAction.AUDIT_SEARCHED,
            customer_id=customer.id if customer else None,
            details={"filters": used, "results": len(entries)},
        )
        uow.commit()
        return entries


def _stage_moves_said(
    uow: UnitOfWork, actor: Actor | None, entries: list[AuditTrailEntry]
) -> list[AuditTrailEntry]:
    """The entries, each complaint's change of stage with its Why (`stage_move_why`): the
    stage moved to, and for those who may open the record (whose timeline shows the note
    whole) the first words of the note kept with the change. The note is read from the
    complaint, so one erased with its record is not quoted; an administrator, who has no
    need to know about customers (MP-09), reads the stage alone, as does the system."""
    moved = AuditAction.COMPLAINT_STAGE_CHANGED.value
    moves = [e for e in entries if e.action == moved and not e.reason]
    if not moves:
        return entries
    notes: dict[tuple[int, str], str] = {}
    if actor is not None and allows(actor.role, Permission.VIEW_CUSTOMER):
        ids = sorted({int(e.details.get("complaint_id", 0)) for e in moves})
        changes = uow.complaints.stage_changes(ids)
        notes = {(change.complaint_id, change.to_stage): change.note for change in changes}

    def said(entry: AuditTrailEntry) -> AuditTrailEntry:
        to_stage = str(entry.details.get("to_stage", "?"))
        note = notes.get((int(entry.details.get("complaint_id", 0)), to_stage))
        return entry.model_copy(update={"reason": stage_move_why(to_stage, note)})

    return [
        said(entry) if entry.action == moved and not entry.reason else entry for entry in entries
    ]


def _operator_filter(text: str | None) -> tuple[int | None, str | None]:
    """An operator filter as (id, None) when it is a number, else (None, username)."""
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return None, None
    if cleaned.isascii() and cleaned.isdigit():
        return int(cleaned), None
    return None, cleaned


def _about_operator(uow: UnitOfWork, text: str | None) -> int | None:
    """The id of the operator whose events an about-operator filter asks for (None: no
    such filter), read as the operator filter is; an unknown username said, as there."""
    operator_id, username = _operator_filter(text)
    if username is None:
        return operator_id
    operator = uow.operators.get_by_username(username)
    if operator is None:
        raise UnknownInFilter("No operator has that username.", "about_operator")
    return operator.id


def _day_after(day: date | None) -> date | None:
    return day + timedelta(days=1) if day is not None and day < date.max else None


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day is not None else None
