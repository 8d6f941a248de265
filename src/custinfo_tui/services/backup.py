"""Backups and restores, as the audit trail and the DPO see them (docs/backups.md).

The file work (copying, checking, renaming) is `repository.backup`'s and the command's;
here: what a database holds in numbers, the events that record a backup and a restore,
and the erasures a restore would undo, re-applied on request. The backup and the restore
are recorded under the administrator or DPO who gave `--as` (commands/backup_signer.py),
else under the system (`actor` None), like `custinfo audit verify`; the erasures a restore
re-applies or undoes are the system's always: the restore's rule does them, not a person.
"""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.backups import BackupFacts, LaterErasure, erasures_not_in_backup
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import counted
from custinfo_tui.services import audit, erasure
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

#: Enough for every erasure a contact centre records between two backups.
_MOST_ERASURES = 1_000_000


def database_facts(uow: UnitOfWork, *, audit_events: int, revision: str | None) -> BackupFacts:
    """The database's customers and newest audit event; `audit_events` as verified."""
    with uow:
        return BackupFacts(
            customers=uow.customers.count(),
            audit_events=audit_events,
            # The highest id (what a restore of the file compares ids after) and the newest
            # time (what a PostgreSQL restore's erasures are looked for since): not always
            # one event's on PostgreSQL (docs/architecture.md, "The trail's order").
            newest_event_id=uow.audit.newest_event_id() or None,
            newest_event_at=uow.audit.newest_event_at(),
            newest_seal_id=seal.content.id if (seal := uow.audit.newest_seal()) else None,
            chain_heads={
                chain: head.last_event_id
                for chain, head in uow.audit.chain_heads().items()
                if head.last_event_id is not None
            },
            revision=revision,
        )


def record_backup(
    uow: UnitOfWork, facts: BackupFacts, file_name: str, actor: Actor | None = None
) -> None:
    """One `database.backed_up` event on the database that was copied, under `actor` (who
    gave `--as`) or the system: counts and the backup's file name (not its folder, which
    may be named after a person); a copy kept as it is, its trail not verifying (`custinfo
    backup --as-is`), is recorded as one."""
    details: dict[str, object] = {
        "file": file_name,
        "customers": facts.customers,
        "audit_events": facts.audit_events,
        "newest_event": facts.newest_event_id,
    }
    if facts.trail_problem is not None:
        details.update(as_is=True, audit_trail="not verified")
    with uow:
        audit.record(uow, actor, AuditAction.DATABASE_BACKED_UP, details=details)
        uow.commit()


def shared_chain_heads(
    current: UnitOfWork, backup: UnitOfWork, heads: Mapping[int, int]
) -> dict[int, int]:
    """How far the current trail and a backup's are the same, chain by chain: for each
    chain the backup's `heads` name (chain -> its newest event id), the id of the newest
    event both hold, hash for hash (0 for none). The backup's own head when the current
    trail went on from it, the usual case; an earlier event when the current trail went on
    from another point, as after another backup was restored, where the same ids name other
    events: compared by id alone, the events recorded since then read as the backup's own
    ("0 events the backup lacks"). A hash covers its event's id and the hash before it in
    its chain, so the events both hold are the start of each chain: found by halving."""
    with current, backup:
        return {
            chain: _newest_shared(current, backup, chain, head) for chain, head in heads.items()
        }


def _newest_shared(current: UnitOfWork, backup: UnitOfWork, chain: int, head: int) -> int:
    def same_up_to(event_id: int) -> bool:
        newest = current.audit.newest_in_chain(chain, event_id)
        return newest == backup.audit.newest_in_chain(chain, event_id)

    if same_up_to(head):
        return head
    low, high = 0, head - 1  # the same up to `low`: up to 0 neither holds an event
    while low < high:
        middle = (low + high + 1) // 2
        if same_up_to(middle):
            low = middle
        else:
            high = middle - 1
    newest = current.audit.newest_in_chain(chain, low)
    return newest[0] if newest is not None else 0


def newest_ids_when_parted(current: UnitOfWork, shared: Mapping[int, int]) -> dict[str, int] | None:
    """The newest row of each table of work the current database held when its trail
    parted from a backup's (`shared`, from `shared_chain_heads`): those of the backup
    restored in its place then, as that restore's `database.restored` event records them
    (`backup_newest_ids`), the first event of its own past what both trails hold. Its rows
    past these were added since, whatever numbers the backup gives its own later rows.
    None when no such restore records them (one made before restores did)."""
    after = max(shared.values(), default=0)
    with current:
        restores = current.audit.of_actions_after(after, [AuditAction.DATABASE_RESTORED.value])
    if not restores:
        return None
    newest = restores[0].details.get("backup_newest_ids")
    if not isinstance(newest, dict):
        return None
    return {str(table): int(row) for table, row in newest.items()}


def erasures_recorded(uow: UnitOfWork) -> list[LaterErasure]:
    """Every erasure the database's audit trail records as done (refusals left out)."""
    with uow:
        events = uow.audit.list_recent(
            action=AuditAction.CUSTOMER_ERASED.value, limit=_MOST_ERASURES
        )
        name = operator_names(uow)
        return [
            LaterErasure(
                event_id=event.id,
                customer_id=event.customer_id,
                occurred_at=event.occurred_at,
                operator=name(event.operator_id) if event.operator_id else "the system",
                reason=event.reason,
            )
            for event in events
            if event.outcome == "ok" and event.customer_id is not None
        ]


def erasures_to_reapply(current: list[LaterErasure], backup: UnitOfWork) -> list[LaterErasure]:
    """The current database's erasures that the backup does not record."""
    return erasures_not_in_backup(current, (e.event_id for e in erasures_recorded(backup)))


def retention_runs_not_in(current: UnitOfWork, backup: UnitOfWork) -> int:
    """How many retention runs the current database records and the backup does not: the
    values they anonymised come back with a restore until the next run."""
    action = AuditAction.RETENTION_RUN.value
    with backup:
        in_backup = {e.id for e in backup.audit.list_recent(action=action, limit=_MOST_ERASURES)}
    with current:
        runs = current.audit.list_recent(action=action, limit=_MOST_ERASURES)
    return sum(1 for event in runs if event.id not in in_backup)


#: Work a restore loses that someone has to do again, counted as the rows the current
#: database's tables (`repository.backup_contents.WORK_TABLES`) have past the backup's
#: newest: whatever added them, recorded by an event yet or not (an unfinished import has
#: none), in the words the warning counts them in (singular, plural).
ROWS_A_RESTORE_LOSES: dict[str, tuple[str, str]] = {
    "customers": ("new customer", "new customers"),
    "interactions": ("call", "calls"),
    "consents": ("consent recorded", "consents recorded"),
    "representatives": ("representative added", "representatives added"),
    "complaints": ("complaint raised", "complaints raised"),
    "discrepancy_reports": ("discrepancy reported", "discrepancies reported"),
    "subject_access_requests": ("subject access request", "subject access requests"),
    "processing_restrictions": ("restriction of processing", "restrictions of processing"),
    "legal_holds": ("legal hold", "legal holds"),
    "disclosures": ("third-party request", "third-party requests"),
    "breaches": ("breach reported", "breaches reported"),
    "training_runs": ("training run", "training runs"),
}

#: What a restore undoes to rows the backup already holds, in the words the warning counts
#: it in: each is an event on the trail after the backup's newest (what is added is
#: counted by its rows instead, `ROWS_A_RESTORE_LOSES`).
WORK_A_RESTORE_UNDOES: dict[AuditAction, tuple[str, str]] = {
    AuditAction.CUSTOMER_UPDATED: ("change to a record", "changes to records"),
    AuditAction.CUSTOMER_MERGED: ("merge of two records", "merges of records"),
    AuditAction.CONSENT_WITHDRAWN: ("consent withdrawn", "consents withdrawn"),
    AuditAction.REPRESENTATIVE_WITHDRAWN: ("representative withdrawn", "representatives withdrawn"),
    AuditAction.NOTE_ADDED: ("note on a call", "notes on calls"),
    AuditAction.COMPLAINT_STAGE_CHANGED: ("complaint moved on", "complaints moved on"),
    AuditAction.DISCREPANCY_CORRECTED: ("discrepancy corrected", "discrepancies corrected"),
    AuditAction.DISCREPANCY_REJECTED: ("discrepancy rejected", "discrepancies rejected"),
    AuditAction.SUBJECT_ACCESS_EXTENDED: ("request extended", "requests extended"),
    AuditAction.SUBJECT_ACCESS_ANSWERED: ("request answered", "requests answered"),
    AuditAction.SUBJECT_ACCESS_REFUSED: ("request refused", "requests refused"),
    AuditAction.RESTRICTION_LIFTED: ("restriction lifted", "restrictions lifted"),
    AuditAction.LEGAL_HOLD_LIFTED: ("legal hold lifted", "legal holds lifted"),
    AuditAction.DISCLOSURE_APPROVED: ("disclosure approved", "disclosures approved"),
    AuditAction.DISCLOSURE_REFUSED: ("disclosure refused", "disclosures refused"),
    AuditAction.DISCLOSURE_WITHDRAWN: ("disclosure withdrawn", "disclosures withdrawn"),
    AuditAction.BREACH_ASSESSED: ("breach assessed", "breaches assessed"),
    AuditAction.BREACH_CLOSED: ("breach closed", "breaches closed"),
}


#: Changes to operators' accounts a restore undoes, in the words the warning gives them
#: with the usernames; disables first: restored, a leaver's account logs in again.
OPERATOR_CHANGES: dict[AuditAction, str] = {
    AuditAction.OPERATOR_DISABLED: "disabled",
    AuditAction.OPERATOR_CREATED: "added",
    AuditAction.OPERATOR_ENABLED: "enabled again",
    AuditAction.OPERATOR_ROLE_CHANGED: "given another role",
    AuditAction.PASSWORD_RESET: "password reset",
    AuditAction.PASSWORD_CHANGED: "password changed",
    AuditAction.OPERATOR_LOCKED_OUT: "locked out",
}


def operator_changes_not_in(current: UnitOfWork, backup_newest_event: int) -> list[str]:
    """The operators' accounts the current database records changed after the backup's
    newest event, which a restore puts back as they were: ["disabled: leaver", "added: esc,
    mk"], in `OPERATOR_CHANGES`' order, each operator once a change."""
    with current:
        events = current.audit.of_actions_after(
            backup_newest_event, [action.value for action in OPERATOR_CHANGES]
        )
        return _operator_changes_described(current, events)


def operator_changes_missing_from(current: UnitOfWork, backup: UnitOfWork) -> list[str]:
    """As `operator_changes_not_in`, event by event: the changes whose events the backup
    (a restored PostgreSQL dump) lacks. On PostgreSQL ids do not follow time, so "after
    the backup's newest id" would miss a change stored with a lower one after the dump."""
    with current:
        events = current.audit.of_actions_after(0, [action.value for action in OPERATOR_CHANGES])
        with backup:
            held = backup.audit.sealed_events([event.id for event in events])
        missing = [event for event in events if held.get(event.id, (0, ""))[1] != event.hash]
        return _operator_changes_described(current, missing)


def operators_to_disable_again(current: UnitOfWork, backup: UnitOfWork) -> list[str]:
    """The usernames disabled in the current database and active in the backup: restored,
    they log in again until disabled again (docs/backups.md)."""
    with current:
        disabled = {op.username for op in current.operators.list_all() if not op.active}
    with backup:
        active = {op.username for op in backup.operators.list_all() if op.active}
    return sorted(disabled & active)


def _operator_changes_described(uow: UnitOfWork, events: list[AuditEvent]) -> list[str]:
    changed: dict[AuditAction, dict[str, None]] = {}
    for event in events:
        operator_id = event.details.get("operator_id")
        operator = uow.operators.get(operator_id) if isinstance(operator_id, int) else None
        name = operator.username if operator is not None else f"operator #{operator_id}"
        changed.setdefault(AuditAction(event.action), {})[name] = None
    return [
        f"{words}: {', '.join(sorted(changed[action]))}"
        for action, words in OPERATOR_CHANGES.items()
        if action in changed
    ]


def work_not_in(
    current: UnitOfWork, backup_newest_event: int, rows_since: dict[str, int]
) -> list[str]:
    """What a restore would undo, counted in words, most first: the rows added since the
    backup (`rows_since`, by table, as `repository.backup_contents.rows_after` counts
    them; imported customers are said on their own) and the changes the current database
    records after the backup's newest event (erasures, retention runs and operators'
    accounts aside: they are said on their own): ["2 subject access requests",
    "1 restriction of processing"]."""
    with current:
        found = current.audit.actions_after(
            backup_newest_event, [action.value for action in WORK_A_RESTORE_UNDOES]
        )
    counts = [
        (count, WORK_A_RESTORE_UNDOES[AuditAction(action)]) for action, count in found.items()
    ]
    counts += [
        (count, ROWS_A_RESTORE_LOSES[table])
        for table, count in rows_since.items()
        if table in ROWS_A_RESTORE_LOSES
    ]
    counts.sort(key=lambda pair: (-pair[0], pair[1][1]))
    return [counted(count, *words) for count, words in counts if count]


def record_restore(
    uow: UnitOfWork,
    facts: BackupFacts,
    file_name: str,
    *,
    by: Actor | None = None,
    **outcome: object,
) -> None:
    """One `database.restored` event on the restored database, under `by` (who gave
    `--as`, logged in on it) or the system: the backup's counts and newest event, then
    what the restore did (`outcome`: how many later erasures there were, how many were
    re-applied, not re-applied or undone; whether the backup is of another database; the
    triggers put back), counts and names only."""
    with uow:
        audit.record(
            uow,
            by,
            AuditAction.DATABASE_RESTORED,
            details={
                "file": file_name,
                "customers": facts.customers,
                "backup_newest_event": facts.newest_event_id,
                "backup_newest_seal": facts.newest_seal_id,
                # Where the restored rows end: a later restore of another backup counts
                # what was added since from here (`newest_ids_when_parted`).
                **({"backup_newest_ids": facts.newest_ids} if facts.newest_ids else {}),
                **outcome,
            },
        )
        uow.commit()


def record_erasures_undone(
    uow_factory: UnitOfWorkFactory, erasures: list[LaterErasure], file_name: str
) -> int:
    """`--undo-erasures`: one `customer.erasure_undone` event for each customer the restore
    brought back (in the backup and not erased there), with when the undone erasure was
    made, by whom and why; how many were brought back."""
    undone = 0
    with uow_factory() as uow:
        for later in erasures:
            customer = uow.customers.get(later.customer_id)
            if customer is None or customer.status == "erased":
                continue
            why = f": {later.reason}" if later.reason else ""
            audit.record(
                uow,
                None,
                AuditAction.ERASURE_UNDONE,
                customer_id=later.customer_id,
                reason=(
                    f"Erasure undone by restoring {file_name} with --undo-erasures (erased "
                    f"{later.occurred_at:%d %b %Y %H:%M} UTC by {later.operator}{why})"
                ),
                details={"erased_at": f"{later.occurred_at:%Y-%m-%d %H:%M:%S}"},
            )
            undone += 1
        uow.commit()
    return undone


def reapply_erasures(
    uow_factory: UnitOfWorkFactory, erasures: list[LaterErasure]
) -> tuple[int, list[str]]:
    """Erase again, in the restored database, each customer erased after the backup was
    taken: how many were erased, and why each of the others was not."""
    done = 0
    problems: list[str] = []
    for later in erasures:
        # Not the erasure's event number: in the restored trail that number is another
        # event's. Who erased and why are what the DPO will look for.
        why = f": {later.reason}" if later.reason else ""
        reason = (
            f"Erasure re-applied after a restore (erased {later.occurred_at:%d %b %Y %H:%M} "
            f"UTC by {later.operator}{why})"
        )
        try:
            erasure.erase_customer(uow_factory(), None, later.customer_id, reason)
        except ServiceError as error:
            problems.append(
                f"the erasure of {later.occurred_at:%d %b %Y %H:%M} UTC by {later.operator}: "
                f"{error}"
            )
        else:
            done += 1
    return done, problems


def references_of(uow: UnitOfWork, customer_ids: list[int]) -> dict[int, str]:
    """The references of these customers (what `custinfo erase` takes), where they exist."""
    with uow:
        found = (uow.customers.get(customer_id) for customer_id in customer_ids)
        return {c.id: format_reference(c.reference) for c in found if c is not None}
