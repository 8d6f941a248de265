"""Taking a new customer's details (MP-01 to MP-07): consent first, every field validated,
possible duplicates shown while typing, read back before saving.

The call is stored when it starts, about no one yet (services/capture_call.py). Nothing
about the customer is stored until the save: the consent answers, the new record and the
read-back confirmation are written together, in the order they happened, so the audit
trail shows consent recorded and details read back before the customer was created; each
step at the time the console says it happened, where that is believed
(domain/capture_times.py), the call filed under the new customer first
(`interaction.filed`, at the time it started: its one start stays as stored then) and
ended last. A save given no call (a script) stores the call too, as all saves once did,
with its start.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from custinfo_tui.domain.address_country import check_postcodes
from custinfo_tui.domain.capture import (
    NOTES,
    CapturePolicy,
    NewCustomer,
)
from custinfo_tui.domain.capture_times import capture_moments
from custinfo_tui.domain.consent import (
    ConsentAnswers,
)
from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import DUPLICATE_FIELDS, FIELDS
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.limits import MAX_STORED_REASON_LENGTH
from custinfo_tui.domain.one_name import GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.reference import format_reference, random_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, Interaction, QueueItemRow
from custinfo_tui.services import audit, consent, record_fields, record_view
from custinfo_tui.services.capture_call import (
    CUSTOMER_CREATED,
    call_for_the_save,
    file_call_under,
)
from custinfo_tui.services.duplicate_check import duplicates
from custinfo_tui.services.errors import DuplicateSuspected, ServiceError, SpecialCategoryRefused
from custinfo_tui.services.in_call import record_start
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.restriction import RestrictedDuplicate, sees_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork


def find_duplicates(
    uow: UnitOfWork, actor: Actor, values: Mapping[str, str], *, one_name_only: bool = False
) -> list[DuplicateCandidate]:
    """Existing customers who may be the person being captured, best first, masked.

    Scored on a fuzzy name match (the lookup's typo-tolerant name index) plus exact date of
    birth, phone, e-mail and postcode. Values not yet valid are ignored. `one_name_only`:
    the family name typed is the customer's one name (domain/one_name.py). Audited as a
    search, by the fields used and the number found.
    """
    require(actor, Permission.SEARCH_CUSTOMERS)
    typed = _valid_values(values)
    if not typed:
        return []
    with uow:
        found = _shown_to(actor, duplicates(uow, typed, one_name_only=one_name_only))
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
    """Save a captured customer, with their consents and the read-back, and file the call
    they were captured in (`new.interaction_id`, started by `start_new_customer_call`)
    under them, ended and wrapped up; given no call, store one.

    Refuses (saving nothing) when that call has ended (`CallEnded`: a supervisor closed
    it) or has its customer already (`CustomerSavedAlready`: this save was stored), when a
    required field is empty or a value is invalid (a FieldError naming the field), when
    special-category data comes without an Article 9 condition, when a line was not
    confirmed by read-back, or when a strong possible
    duplicate exists and no reason says why this is a different person (DuplicateSuspected).
    A strong match whose verification is locked refuses it outright, before the read-back
    is asked for, and the refusal goes on that customer's trail (LockedDuplicate).
    """
    require(actor, Permission.EDIT_CUSTOMER)
    now = datetime.now(UTC)
    with uow:
        call = None
        if new.interaction_id is not None:  # locked until the save commits
            call = call_for_the_save(uow, actor, new.interaction_id, channel)
        moments = capture_moments(new, now, call_started=call.started_at if call else None)
        # Whom the details may belong to comes first: some matches refuse the record
        # whatever else is typed, before the handler completes it or reads it back.
        found = duplicates(uow, _valid_values(new.values), one_name_only=new.one_name_only)
        strong = [d for d in found if d.strong]
        if not sees_restricted(actor) and any(d.restricted for d in strong):
            raise RestrictedDuplicate()
        if locked := [d for d in strong if d.locked]:
            _record_refusal(uow, actor, channel, new.values, locked)
            uow.commit()
            raise LockedDuplicate(locked[0])
        values = _template_values(capture, new)
        if new.enquiry_type not in capture.enquiry_types:
            raise ServiceError("Choose the enquiry type from the list.")
        special = any(values.get(key) for key in record_fields.SPECIAL_CATEGORY_FIELDS)
        if special and not new.consent.allows_special_category():
            raise SpecialCategoryRefused()
        reason = clean_free_text(new.different_person_reason or "", MAX_STORED_REASON_LENGTH)
        # The notes are the handler's own words about the call, kept with it: not read back.
        notes = values.pop(NOTES, None)
        record_fields.require_read_back(values, new.read_back)
        if strong and not reason:
            raise DuplicateSuspected(strong)
        customer = record_fields.add_customer(uow, _new_reference(uow), values, now)
        interaction = call or uow.interactions.add(
            Interaction(operator_id=actor.operator_id, channel=channel.value, started_at=now)
        )
        interaction.customer_id = customer.id
        interaction.enquiry_type = new.enquiry_type
        interaction.notes = notes
        interaction.started_at = moments.started
        interaction.ended_at = now
        interaction.outcome = CUSTOMER_CREATED
        # The capture form takes the enquiry type and notes: it is this call's wrap-up.
        interaction.wrapped_up_at = now

        def event(action: AuditAction, **facts: Any) -> None:
            audit.record(
                uow, actor, action, customer_id=customer.id, interaction_id=interaction.id, **facts
            )

        if call is None:  # stored only now: its start, at the time the console gives
            record_start(uow, actor, interaction, at=moments.started)
        else:  # started about no one: the new customer's from its start
            file_call_under(uow, actor, interaction, new_record=True)
        consent.record_consents(
            uow,
            actor,
            customer.id,
            interaction.id,
            capture,
            new.consent,
            ConsentAnswers(),
            moments.consented,
        )
        event(
            AuditAction.READ_BACK_CONFIRMED,
            fields=list(values),
            details=record_fields.read_back_details(new.read_back, values),
            at=moments.read_back,
        )
        event(
            AuditAction.CUSTOMER_CREATED,
            fields=list(values),
            reason=reason or None,
            details={
                "template": new.template,
                "enquiry_type": new.enquiry_type,
                "possible_duplicates": len(strong),
                # The capture form is this call's wrap-up: whether it has notes (MP-18), and
                # whether its template asks for them (the scoring asks only then).
                "notes_characters": len(notes or ""),
                "notes_asked": NOTES in capture.templates[new.template].keys,
                # No given name, and none invented: the family name is the one name.
                **({"one_name_only": True} if new.one_name_only else {}),
            },
            at=now,
        )
        event(AuditAction.INTERACTION_ENDED, outcome=CUSTOMER_CREATED, at=now)
        for duplicate in strong:
            _raise_possible_duplicate(uow, actor, customer, interaction.id, duplicate, now)
        record = record_view.record_of(uow, customer)
        uow.commit()
        return record


class LockedDuplicate(ServiceError):
    """A new customer's details strongly match a customer whose verification is locked
    after failed checks: a new record would let whoever failed them in by another door."""

    def __init__(self, candidate: DuplicateCandidate) -> None:
        match = candidate.match
        whose = f"{format_reference(match.reference)}, whose" if match else "a record whose"
        super().__init__(
            f"These details strongly match {whose} verification is locked after failed "
            "checks (possible fraud): no new record is made for them until a supervisor "
            "has dealt with the lock. Nothing was saved."
        )


def _record_refusal(
    uow: UnitOfWork,
    actor: Actor,
    channel: Channel,
    values: Mapping[str, str],
    locked: list[DuplicateCandidate],
) -> None:
    """The refused new record, on each locked customer's trail: what matched and how the
    person was in touch, never a value typed."""
    for candidate in locked:
        assert candidate.match is not None, "matched unmasked: restricted ones refused first"
        audit.record(
            uow,
            actor,
            AuditAction.NEW_RECORD_REFUSED,
            customer_id=candidate.match.customer_id,
            fields=[key for key in DUPLICATE_FIELDS if values.get(key, "").strip()],
            outcome="locked",
            details={"channel": channel.value, "matched": list(candidate.reasons)},
        )


def _raise_possible_duplicate(
    uow: UnitOfWork,
    actor: Actor,
    customer: Customer,
    interaction_id: int,
    duplicate: DuplicateCandidate,
    now: datetime,
) -> None:
    """A queue item for a supervisor: saved as a different person despite a strong match
    (MP-13). The summary names references and what matched, never a value."""
    match = duplicate.match
    assert match is not None, "only a handler's own view of a candidate is withheld"
    summary = (
        f"New record {format_reference(customer.reference)} saved as a different person "
        f"from {format_reference(match.reference)} ({', '.join(duplicate.reasons)}). "
        "Merge them if they are the same person."
    )
    uow.queue.add(
        QueueItemRow(
            kind=QueueKind.POSSIBLE_DUPLICATE,
            status=QueueItemStatus.OPEN,
            customer_id=customer.id,
            other_customer_id=match.customer_id,
            interaction_id=interaction_id,
            summary=summary,
            raised_at=now,
            raised_by_id=actor.operator_id,
        )
    )


def _template_values(capture: CapturePolicy, new: NewCustomer) -> dict[str, str]:
    """The template's fields, validated and in stored form; empty optional fields left out,
    and the given name of a customer with one name only."""
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
        if spec.key == GIVEN_NAME and new.one_name_only:
            # None asked: the family name is the one name. One given anyway is refused.
            record_fields.normalise_value(GIVEN_NAME, raw, one_name_only=True)
            continue
        if not raw.strip():
            # A postcode is required only of the addresses it is for: checked below.
            if spec.required and FIELDS[spec.key].address_in is None:
                raise FieldError(f"{spec.label}: enter the {spec.label.lower()}.")
            continue
        value = record_fields.normalise_value(spec.key, raw)
        if value is not None:
            values[spec.key] = value
    check_postcodes(values, required=[f.key for f in template.fields if f.required])
    return values


def _valid_values(values: Mapping[str, str]) -> dict[str, str]:
    """The duplicate-relevant values that are valid so far, in stored form."""
    valid = {}
    for key in DUPLICATE_FIELDS:
        raw = values.get(key, "")
        if not raw.strip():
            continue
        try:
            value = record_fields.normalise_value(key, raw)
        except FieldError:
            continue
        if value is not None:
            valid[key] = value
    return valid


def _shown_to(actor: Actor, found: list[DuplicateCandidate]) -> list[DuplicateCandidate]:
    """The candidates as `actor` may see them. To an ordinary handler a restricted record
    (Art. 18) is left out, as the lookup leaves it out, unless it is a strong match: then it
    shows as restricted, without whose it is, so the person is not taken again as new."""
    if sees_restricted(actor):
        return found
    return [c.withheld() if c.restricted else c for c in found if c.strong or not c.restricted]


def _new_reference(uow: UnitOfWork) -> str:
    """A fresh reference no customer holds (random, so references say nothing about order)."""
    rng = random.SystemRandom()
    for _ in range(20):
        reference = random_reference(rng)
        if uow.customers.get_by_reference(reference) is None:  # held by no customer at all
            return reference
    raise ServiceError("Could not allocate a customer reference; try again.")
