"""The customer's consents (MP-06, MP-07): giving and withdrawing them, and the Article 9
condition that special-category data is held under.

Each answer is a row: a consent given is added, one taken back is withdrawn (dated, by
whom), never deleted, so the record shows what was agreed when and under which wording.
Withdrawing the Article 9 condition erases the special-category data it allowed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.caller_access import why_consents_not_recorded
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.consent import (
    SPECIAL_CATEGORY_PURPOSE,
    ConsentAnswers,
    ConsentChange,
    LawfulBasis,
    MarketingChannel,
    Purpose,
    consent_change,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.orm import Consent, Customer, FieldChange
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.in_call import active_customer, unlocked_call
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_fields import SPECIAL_CATEGORY_FIELDS, store_value, stored_value
from custinfo_tui.services.record_view import in_call_record, record_of
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Field history's reason when special-category data goes with its Article 9 condition.
WITHDRAWN_REASON = "Article 9 condition withdrawn: special-category data removed"
#: What a discrepancy report on a special-category field says the caller said, after that.
WITHDRAWN_VALUE = "(removed: the Article 9 condition was withdrawn)"


def change_consents(
    uow: UnitOfWork,
    actor: Actor,
    capture: CapturePolicy,
    customer_id: int,
    answers: ConsentAnswers,
    *,
    interaction_id: int | None = None,
    policy: VerificationPolicy,
) -> CustomerRecord:
    """Record the customer's new answers: a consent given is added, one taken back is
    withdrawn (dated, by whom), each audited. Withdrawing the Article 9 condition erases
    the special-category data it allowed, from the record and its field history.

    A marketing channel left unticked that had no answer on record is recorded as refused:
    the caller's objection to direct marketing (UK GDPR Art. 21(3)).

    In a call (`interaction_id`), the caller must be verified to change contact details
    (`change:contact`), or, to take marketing back or refuse it and nothing else, to
    withdraw consent (`withdraw:consent`, Standard by default: Art. 7(3)); the record comes
    back as that caller may hear it (`in_call_record`).
    """
    require(actor, Permission.EDIT_CUSTOMER)
    now = datetime.now(UTC)
    with uow:
        customer = active_customer(uow, customer_id, for_update=True)
        state = interaction = None
        if interaction_id is not None:
            # Anyone else could stop (or start) the customer's marketing.
            interaction, state = unlocked_call(uow, actor, policy, interaction_id, customer)
        before = record_of(uow, customer).consent_answers()
        change = consent_change(before, answers, _answered_channels(uow, customer.id))
        if change.nothing:
            raise ServiceError("The consents are unchanged.")
        if state is not None:
            why_not = why_consents_not_recorded(state.allowed, state.needs, change)
            if why_not is not None:
                raise ServiceError(why_not)
        if before.special_condition is not None and answers.special_condition is None:
            # The records merged into theirs keep their own rows: what those hold of the
            # category goes too, at once, each on its own record's history and trail.
            for holder in (customer, *uow.merges.merged_records(customer.id)):
                _clear_special_category(uow, actor, holder, interaction_id, now)
        record_consents(
            uow,
            actor,
            customer.id,
            interaction_id,
            capture,
            answers,
            before,
            now,
            first=False,
            change=change,
        )
        customer.updated_at = now
        if interaction is not None:
            record = in_call_record(uow, policy, interaction, customer)
        else:
            record = record_of(uow, customer)
        uow.commit()
        return record


def record_consents(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    interaction_id: int | None,
    capture: CapturePolicy,
    answers: ConsentAnswers,
    before: ConsentAnswers,
    now: datetime,
    *,
    first: bool = True,
    change: ConsentChange | None = None,
) -> None:
    """Rows for what changed from `before` (everything, for a new customer: `first`), then
    their events, all at `now`; creating a customer records its first answers through this
    too, at the time they were taken. `change` adds a refusal row for each marketing
    channel it refuses with no answer on record, and when it only refuses marketing
    leaves the service's row as it is (the caller spoke of marketing alone)."""
    active = [c for c in uow.customers.consents_of(customer_id) if c.withdrawn_at is None]

    def withdraw(purpose: str, channel: str | None = None) -> None:
        for row in active:
            if row.purpose == purpose and row.channel == channel:
                row.withdrawn_at, row.withdrawn_by_id = now, actor.operator_id

    def add(purpose: str, basis: str, granted: bool, **extra: str | None) -> None:
        uow.customers.add_consent(
            Consent(
                customer_id=customer_id,
                purpose=purpose,
                lawful_basis=basis,
                granted=granted,
                wording_version=capture.consent_wording_version,
                recorded_at=now,
                recorded_by_id=actor.operator_id,
                interaction_id=interaction_id,
                **extra,
            )
        )

    withdrawn: list[str] = []
    refused = change.refused if change is not None else frozenset()
    marketing_only = change is not None and change.refuses_marketing_only
    has_service = any(row.purpose == Purpose.SERVICE for row in active)
    service_changes = first or answers.service_basis != before.service_basis or not has_service
    if service_changes and not marketing_only:
        withdraw(Purpose.SERVICE)
        add(Purpose.SERVICE, answers.service_basis, True)
    for channel in MarketingChannel:
        agreed, was = channel in answers.marketing, channel in before.marketing
        if first or agreed != was or channel in refused:
            withdraw(Purpose.MARKETING, channel)
            add(Purpose.MARKETING, LawfulBasis.CONSENT, agreed, channel=channel.value)
            if was and not agreed:
                withdrawn.append(f"marketing:{channel.value}")
    if answers.special_condition != before.special_condition:
        withdraw(SPECIAL_CATEGORY_PURPOSE)
        if answers.special_condition is not None:
            add(
                SPECIAL_CATEGORY_PURPOSE,
                answers.service_basis,
                True,
                condition=answers.special_condition.value,
            )
        else:
            withdrawn.append(SPECIAL_CATEGORY_PURPOSE)
    audit.record(
        uow,
        actor,
        AuditAction.CONSENT_RECORDED,
        customer_id=customer_id,
        interaction_id=interaction_id,
        details={
            "service_basis": answers.service_basis.value,
            "marketing": sorted(c.value for c in answers.marketing),
            "special_condition": answers.special_condition.value
            if answers.special_condition
            else None,
            "wording_version": capture.consent_wording_version,
            **({"refused": sorted(c.value for c in refused)} if refused else {}),
        },
        at=now,
    )
    if withdrawn:
        audit.record(
            uow,
            actor,
            AuditAction.CONSENT_WITHDRAWN,
            customer_id=customer_id,
            interaction_id=interaction_id,
            details={"purposes": withdrawn},
            at=now,
        )


def _answered_channels(uow: UnitOfWork, customer_id: int) -> frozenset[MarketingChannel]:
    """The marketing channels with an answer in force on record, agreed or refused."""
    return frozenset(
        MarketingChannel(c.channel)
        for c in uow.customers.consents_of(customer_id)
        if c.purpose == Purpose.MARKETING and c.channel is not None and c.withdrawn_at is None
    )


def special_condition_in_force(uow: UnitOfWork, customer_id: int) -> bool:
    """Whether an Article 9 condition is recorded and in force for the customer."""
    return any(
        c.purpose == SPECIAL_CATEGORY_PURPOSE and c.granted and c.withdrawn_at is None
        for c in uow.customers.consents_of(customer_id)
    )


def _clear_special_category(
    uow: UnitOfWork,
    actor: Actor,
    customer: Customer,
    interaction_id: int | None,
    now: datetime,
) -> None:
    """Erase the special-category data once its Article 9 condition is withdrawn.

    The fields are emptied, and every value their field history held (old and new, from
    earlier changes) is erased too, as is what callers said the field should be in
    discrepancy reports: keeping them there would defeat the withdrawal. Who changed the
    field, when and why stay; one more history row says it was removed, and why.
    """
    erased = []
    for key in SPECIAL_CATEGORY_FIELDS:
        held_in_history = uow.customers.erase_field_history(customer.id, key)
        reported = uow.discrepancies.replace_claimed_values(customer.id, key, WITHDRAWN_VALUE)
        if stored_value(customer, key) is None and not held_in_history and not reported:
            continue
        store_value(uow, customer, key, None, now)
        uow.customers.add_field_change(
            FieldChange(
                customer_id=customer.id,
                field=key,
                old_value=None,
                new_value=None,
                reason=WITHDRAWN_REASON,
                operator_id=actor.operator_id,
                interaction_id=interaction_id,
                changed_at=now,
            )
        )
        erased.append(key)
    if not erased:
        return
    audit.record(
        uow,
        actor,
        AuditAction.CUSTOMER_UPDATED,
        customer_id=customer.id,
        interaction_id=interaction_id,
        fields=erased,
        reason=WITHDRAWN_REASON,
        details={
            "reasons": dict.fromkeys(erased, WITHDRAWN_REASON),
            "moved": False,
            "cleared": erased,
        },
    )
