"""Taking a new customer's details (MP-01 to MP-07): consent first, every field validated,
possible duplicates shown while typing, read back before saving.

Nothing is stored until the save: the consent answers, the new record, the read-back
confirmation and the interaction are written together, in the order they happened, so the
audit trail shows consent recorded and details read back before the customer was created.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from custinfo_tui.domain.capture import (
    CapturePolicy,
    NewCustomer,
)
from custinfo_tui.domain.consent import (
    SPECIAL_CATEGORY_PURPOSE,
    ConsentAnswers,
    LawfulBasis,
    MarketingChannel,
    Purpose,
)
from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import DUPLICATE_FIELDS, FieldGroup
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.reference import random_reference
from custinfo_tui.domain.search import word_similarity
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Access, Channel, VerificationPolicy, action_for
from custinfo_tui.repository.customers import CustomerRow
from custinfo_tui.repository.orm import Consent, Interaction
from custinfo_tui.services import audit, lookup, records, verification
from custinfo_tui.services.errors import DuplicateSuspected, ServiceError, SpecialCategoryRefused
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

#: At most this many possible duplicates are shown beside the form.
MAX_DUPLICATES = 5
#: A candidate scoring this much (0..100) is a strong match: the save needs a reason.
STRONG_MATCH = 60
#: Candidates scoring less are not shown at all.
WEAK_MATCH = 30

# What each kind of agreement adds to a candidate's score. A name alone or a shared phone
# alone (families share landlines) is worth a look; a name with a date of birth, phone or
# e-mail is most likely the same person.
_SAME_NAME, _SIMILAR_NAME = 40, 30
_SAME_DATE_OF_BIRTH = 30
_SAME_CONTACT = 35
_SAME_POSTCODE = 15
#: Name similarity (0..100) counted as "the same name" and as "a similar name".
_NAME_SAME, _NAME_SIMILAR = 95.0, 85.0


def find_duplicates(
    uow: UnitOfWork, actor: Actor, values: Mapping[str, str]
) -> list[DuplicateCandidate]:
    """Existing customers who may be the person being captured, best first, masked.

    Scored on a fuzzy name match (the lookup's typo-tolerant name index) plus exact date of
    birth, phone, e-mail and postcode. Values not yet valid are ignored. Audited as a search,
    by the fields used and the number found.
    """
    require(actor, Permission.SEARCH_CUSTOMERS)
    typed = _valid_values(values)
    if not typed:
        return []
    with uow:
        found = _duplicates(uow, typed)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_SEARCHED,
            fields=sorted(typed),
            details={"kind": "duplicate_check", "results": len(found)},
        )
        uow.commit()
        return found


def create_customer(
    uow: UnitOfWork, actor: Actor, capture: CapturePolicy, channel: Channel, new: NewCustomer
) -> CustomerRecord:
    """Save a captured customer, with their consents, the read-back and the interaction.

    Refuses (saving nothing) when a required field is empty or a value is invalid (a
    FieldError naming the field), when special-category data comes without an Article 9
    condition, when a line was not confirmed by read-back, or when a strong possible
    duplicate exists and no reason says why this is a different person (DuplicateSuspected).
    """
    require(actor, Permission.EDIT_CUSTOMER)
    values = _template_values(capture, new)
    if new.enquiry_type not in capture.enquiry_types:
        raise ServiceError("Choose the enquiry type from the list.")
    special = any(values.get(key) for key in records.SPECIAL_CATEGORY_FIELDS)
    if special and not new.consent.allows_special_category():
        raise SpecialCategoryRefused()
    records.require_read_back(values, new.read_back)
    reason = records.clean_reason(new.different_person_reason or "")
    now = datetime.now(UTC)
    with uow:
        strong = [d for d in _duplicates(uow, values) if d.strong]
        if strong and not reason:
            raise DuplicateSuspected(strong)
        customer = records.add_customer(uow, _new_reference(uow), values, now)
        interaction = uow.interactions.add(
            Interaction(
                customer_id=customer.id,
                operator_id=actor.operator_id,
                channel=channel.value,
                enquiry_type=new.enquiry_type,
                notes=values.pop("notes", None),
                started_at=now,
                ended_at=now,
                outcome="customer created",
            )
        )

        def event(action: AuditAction, **facts: Any) -> None:
            audit.record(
                uow, actor, action, customer_id=customer.id, interaction_id=interaction.id, **facts
            )

        event(AuditAction.INTERACTION_STARTED, details={"channel": channel.value})
        _record_consents(
            uow, actor, customer.id, interaction.id, capture, new.consent, ConsentAnswers(), now
        )
        event(
            AuditAction.READ_BACK_CONFIRMED,
            fields=list(values),
            details={"double_entry": sorted(new.read_back.double_entered & set(values))},
        )
        event(
            AuditAction.CUSTOMER_CREATED,
            fields=list(values),
            reason=reason or None,
            details={
                "template": new.template,
                "enquiry_type": new.enquiry_type,
                "possible_duplicates": len(strong),
            },
        )
        event(AuditAction.INTERACTION_ENDED, outcome="customer created")
        record = records.record_of(uow, customer)
        uow.commit()
        return record


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

    In a call (`interaction_id`), the caller must be verified to change contact details,
    and the record comes back as that caller may hear it (`records.in_call_record`).
    """
    require(actor, Permission.EDIT_CUSTOMER)
    now = datetime.now(UTC)
    with uow:
        customer = records.active_customer_for_update(uow, customer_id)
        interaction = None
        if interaction_id is not None:
            # Anyone else could stop (or start) the customer's marketing.
            interaction = verification.require_in_call(
                uow,
                actor,
                policy,
                interaction_id,
                customer,
                {"Consent": action_for(Access.CHANGE, FieldGroup.CONTACT)},
            )
        before = records.record_of(uow, customer).consent_answers()
        if before == answers:
            raise ServiceError("The consents are unchanged.")
        if before.special_condition is not None and answers.special_condition is None:
            records.clear_special_category(uow, actor, customer, interaction_id, now)
        _record_consents(
            uow, actor, customer.id, interaction_id, capture, answers, before, now, first=False
        )
        customer.updated_at = now
        if interaction is not None:
            record = records.in_call_record(uow, policy, interaction, customer)
        else:
            record = records.record_of(uow, customer)
        uow.commit()
        return record


def _record_consents(
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
) -> None:
    """Rows for what changed from `before` (everything, for a new customer), then events."""
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
    has_service = any(row.purpose == Purpose.SERVICE for row in active)
    if first or answers.service_basis != before.service_basis or not has_service:
        withdraw(Purpose.SERVICE)
        add(Purpose.SERVICE, answers.service_basis, True)
    for channel in MarketingChannel:
        agreed, was = channel in answers.marketing, channel in before.marketing
        if first or agreed != was:
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
        },
    )
    if withdrawn:
        audit.record(
            uow,
            actor,
            AuditAction.CONSENT_WITHDRAWN,
            customer_id=customer_id,
            interaction_id=interaction_id,
            details={"purposes": withdrawn},
        )


def _template_values(capture: CapturePolicy, new: NewCustomer) -> dict[str, str]:
    """The template's fields, validated and in stored form; empty optional fields left out."""
    template = capture.templates.get(new.template)
    if template is None:
        raise ServiceError("That capture template is not configured.")
    allowed = {f.key for f in template.fields}
    extra = [key for key, raw in new.values.items() if key not in allowed and raw.strip()]
    if extra:
        raise ServiceError(f"Not a field of this template: {', '.join(extra)}.")
    values: dict[str, str] = {}
    for spec in template.fields:
        raw = new.values.get(spec.key, "")
        if not raw.strip():
            if spec.required:
                raise FieldError(f"{spec.label}: enter the {spec.label.lower()}.")
            continue
        value = records.normalise_value(spec.key, raw)
        if value is not None:
            values[spec.key] = value
    return values


def _valid_values(values: Mapping[str, str]) -> dict[str, str]:
    """The duplicate-relevant values that are valid so far, in stored form."""
    valid = {}
    for key in DUPLICATE_FIELDS:
        raw = values.get(key, "")
        if not raw.strip():
            continue
        try:
            value = records.normalise_value(key, raw)
        except FieldError:
            continue
        if value is not None:
            valid[key] = value
    return valid


def _duplicates(uow: UnitOfWork, typed: Mapping[str, str]) -> list[DuplicateCandidate]:
    customers = uow.customers
    given = name_key(typed.get("given_name", ""))
    family = name_key(typed.get("family_name", ""))
    candidates: dict[int, CustomerRow] = {}
    same: dict[str, set[int]] = {}
    birth = date.fromisoformat(typed["date_of_birth"]) if "date_of_birth" in typed else None
    if family:
        for row in lookup.name_candidates(uow, given, family, limit=20):
            candidates.setdefault(row.id, row)
        if birth is not None:
            # A common surname has more namesakes than the name search returns: the date
            # of birth finds the one this may be, whatever slip the given name has.
            families = lookup.family_terms(uow, family)
            for row in customers.find_by_family_and_birth(families, birth, limit=20):
                candidates.setdefault(row.id, row)
    for kind in ("phone", "email"):
        if kind in typed:
            rows = customers.find_by_contact(kind, typed[kind], exact=True, limit=10)
            same[kind] = {row.id for row in rows}
            for row in rows:
                candidates.setdefault(row.id, row)
    if "postcode" in typed:
        rows = customers.find_by_postcode(typed["postcode"], exact=True, limit=50)
        same["postcode"] = {row.id for row in rows}
        for row in rows:
            candidates.setdefault(row.id, row)

    scored = []
    for row in candidates.values():
        points, reasons = 0, list[str]()
        if family:
            similarity = word_similarity(family, row.family_key)
            if given:
                similarity = (similarity * 3 + word_similarity(given, row.given_key) * 2) / 5
            if similarity >= _NAME_SAME:
                points, reasons = points + _SAME_NAME, [*reasons, "same name"]
            elif similarity >= _NAME_SIMILAR:
                points, reasons = points + _SIMILAR_NAME, [*reasons, "similar name"]
        if birth is not None and row.date_of_birth == birth:
            points, reasons = points + _SAME_DATE_OF_BIRTH, [*reasons, "same date of birth"]
        for kind, label in (("phone", "same phone"), ("email", "same e-mail")):
            if row.id in same.get(kind, ()):
                points, reasons = points + _SAME_CONTACT, [*reasons, label]
        if row.id in same.get("postcode", ()):
            points, reasons = points + _SAME_POSTCODE, [*reasons, "same postcode"]
        score = min(points, 100)
        if score >= WEAK_MATCH:
            scored.append((score, row, tuple(reasons)))
    scored.sort(key=lambda item: (-item[0], item[1].family_key, item[1].given_key, item[1].id))
    return [
        DuplicateCandidate(
            match=lookup.to_match(row), score=score, strong=score >= STRONG_MATCH, reasons=reasons
        )
        for score, row, reasons in scored[:MAX_DUPLICATES]
    ]


def _new_reference(uow: UnitOfWork) -> str:
    """A fresh reference no customer holds (random, so references say nothing about order)."""
    rng = random.SystemRandom()
    for _ in range(20):
        reference = random_reference(rng)
        if not uow.customers.existing_references([reference]) and (
            uow.customers.get_by_reference(reference) is None
        ):
            return reference
    raise ServiceError("Could not allocate a customer reference; try again.")
