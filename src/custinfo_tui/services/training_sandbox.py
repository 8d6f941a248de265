"""A run's sandbox database (docs/training.md): filled from the scenario before the run, and
read back as the run's transcript after it.

The sandbox holds the trainee's own operator account (so they log in as themselves, with
their normal role), the scenario's customers and nothing from the live database. Its marker
row (`training_sandbox`) says which run it belongs to and which event ends the set-up: the
trainee's events are the ones after it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from custinfo_tui.domain.answers import normalise_security_answer
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.card_numbers import card_number_spans
from custinfo_tui.domain.consent import SPECIAL_CATEGORY_PURPOSE, LawfulBasis, Purpose
from custinfo_tui.domain.dates import parse_date_of_birth
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.reference import random_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.training.runs import SandboxMarker
from custinfo_tui.domain.training.scenario import (
    SandboxConsent,
    SandboxContact,
    SandboxCustomer,
    SandboxRepresentative,
    Scenario,
)
from custinfo_tui.domain.training.scoring import not_played
from custinfo_tui.domain.training.transcript import RunTranscript, SavedCustomer
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import ALL_ACTIONS, Authority
from custinfo_tui.repository.free_text import FREE_TEXT_COLUMNS
from custinfo_tui.repository.orm import (
    Consent,
    Customer,
    Interaction,
    Operator,
    Representative,
    TrainingSandbox,
)
from custinfo_tui.services import audit, record_fields
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.passwords import hash_secret
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Asked when a scenario gives a security answer without its question.
DEFAULT_SECURITY_QUESTION = "What is your memorable word?"
#: What a named contact may do when the scenario does not say.
NAMED_CONTACT_SCOPE = ("read:contact",)
#: Past contacts are placed at this time of their day, lasting this long.
_CONTACT_TIME = time(10, 0, tzinfo=UTC)
_CONTACT_LENGTH = timedelta(minutes=6)


@dataclass(frozen=True)
class TraineeAccount:
    """The trainee's operator account as copied from the live database."""

    username: str
    display_name: str
    role: str
    password_hash: str
    password_changed_at: datetime


def fill_sandbox(
    uow: UnitOfWork, run_id: int, scenario: Scenario, trainee: TraineeAccount
) -> SandboxMarker:
    """Fill a freshly migrated, empty sandbox: the trainee, the scenario's customers with
    everything they hold, and the marker. One transaction; ServiceError on a value the
    sandbox cannot take."""
    now = datetime.now(UTC)
    with uow:
        if (
            uow.training.sandbox_marker() is not None
            or uow.customers.count()
            or (uow.operators.count())
        ):
            raise ServiceError("A sandbox must start empty; this database is not.")
        operator = uow.operators.add(
            Operator(
                username=trainee.username,
                display_name=trainee.display_name,
                role=trainee.role,
                password_hash=trainee.password_hash,
                active=True,
                must_change_password=False,
                failed_logins=0,
                created_at=now,
                password_changed_at=trainee.password_changed_at,
            )
        )
        for planted in scenario.customers:
            customer = _add_customer(uow, planted, operator.id, now)
            uow.training.add_customer_key(planted.key, customer.id)
        event = audit.record(
            uow,
            None,
            AuditAction.TRAINING_RUN_STARTED,
            details={
                "run": run_id,
                "scenario": scenario.id,
                "customers": len(scenario.customers),
            },
        )
        marker = TrainingSandbox(
            run_id=run_id,
            scenario_id=scenario.id,
            trainee_operator_id=operator.id,
            set_up_last_event_id=event.id,
        )
        uow.training.mark_as_sandbox(marker)
        result = _marker_of(marker)
        uow.commit()
        return result


def sandbox_marker(uow: UnitOfWork) -> SandboxMarker | None:
    """The database's sandbox marker; None for any database that is not a run's sandbox."""
    with uow:
        marker = uow.training.sandbox_marker()
        return None if marker is None else _marker_of(marker)


def read_transcript(uow: UnitOfWork, started_at: datetime, ended_at: datetime) -> RunTranscript:
    """What the scorer reads from a sandbox: the events after the set-up, oldest first, every
    customer's stored values by field key, and how many card numbers its free text holds.

    The caller's first words are taken to come when the trainee has logged in (the first
    login after the set-up), or at `started_at` when there was none.
    """
    with uow:
        marker = uow.training.sandbox_marker()
        if marker is None:
            raise ServiceError("This database is not a training sandbox.")
        events = tuple(uow.audit.events_after(marker.set_up_last_event_id))
        keys = uow.training.customer_keys()
        key_of = {customer_id: key for key, customer_id in keys.items()}
        customers = tuple(
            SavedCustomer(
                customer_id=customer.id,
                scenario_key=key_of.get(customer.id),
                values=_stored_values(customer),
                merged_into=customer.merged_into_id,
            )
            for customer in uow.training.all_customers()
        )
        card_numbers = sum(
            len(card_number_spans(value))
            for column in FREE_TEXT_COLUMNS
            for _, value in uow.free_text.values(column)
        )
        trainee_operator_id = marker.trainee_operator_id
    first_login = next(
        (
            event.occurred_at
            for event in events
            if event.action is AuditAction.LOGIN_SUCCEEDED
            and event.operator_id == trainee_operator_id
        ),
        started_at,
    )
    return RunTranscript(
        started_at=first_login,
        ended_at=ended_at,
        trainee_operator_id=trainee_operator_id,
        events=events,
        customer_ids=keys,
        customers=customers,
        stored_card_numbers=card_numbers,
    )


def not_played_so_far(uow: UnitOfWork) -> str:
    """Why the run played on this sandbox would end not played if it ended now, or "" once
    the trainee has taken a step of the call: `scoring.not_played` of the sandbox's events
    as they stand, as the run's end reads them (a console played on after another stopped
    counts what that one did too)."""
    now = datetime.now(UTC)
    return not_played(read_transcript(uow, now, now))


def _marker_of(marker: TrainingSandbox) -> SandboxMarker:
    return SandboxMarker(
        run_id=marker.run_id,
        scenario_id=marker.scenario_id,
        trainee_operator_id=marker.trainee_operator_id,
        set_up_last_event_id=marker.set_up_last_event_id,
    )


def _stored_values(customer: Customer) -> dict[str, str]:
    values = {}
    for key in RECORD_FIELDS:
        value = record_fields.stored_value(customer, key)
        if value is not None:
            values[key] = value
    return values


def _add_customer(
    uow: UnitOfWork, planted: SandboxCustomer, operator_id: int, now: datetime
) -> Customer:
    """One scenario customer, with the values on file (planted errors in) normalised as
    capture would store them, and their answers, representatives, consents and history."""
    try:
        values = {
            key: value
            for key, raw in planted.on_file().items()
            if (value := record_fields.normalise_value(key, raw)) is not None
        }
    except (FieldError, KeyError) as error:
        raise ServiceError(f"customers.{planted.key}: {error}") from None
    created = (
        datetime.combine(planted.customer_since, time(9, 0), tzinfo=UTC)
        if planted.customer_since
        else now
    )
    customer = record_fields.add_customer(uow, _new_reference(uow, planted.key), values, created)
    if planted.security_answer:
        customer.security_question = planted.security_question or DEFAULT_SECURITY_QUESTION
        customer.security_answer_hash = hash_secret(
            normalise_security_answer(planted.security_answer)
        )
    for representative in planted.representatives:
        uow.interactions.add_representative(
            _representative(customer.id, planted.key, representative, created)
        )
    for consent in planted.consents:
        uow.customers.add_consent(_consent(customer.id, consent, operator_id, created))
    for contact in planted.history:
        uow.interactions.add(_past_contact(customer.id, contact, operator_id))
    return customer


def _representative(
    customer_id: int, customer_key: str, given: SandboxRepresentative, created: datetime
) -> Representative:
    where = f"customers.{customer_key}.representatives"
    *given_names, family_name = given.name.split() or [""]
    own = given.values
    try:
        representative = Representative(
            customer_id=customer_id,
            # One word is one name only, held as a customer's is (domain/one_name.py), not
            # the same name invented as a given name too ("Wibowo Wibowo").
            given_name=normalise_name(" ".join(given_names)) if given_names else "",
            family_name=normalise_name(family_name),
            relationship=clean_free_text(given.relationship, 60),
            authority=given.authority.value,
            scope=list(_scope(given)),
            date_of_birth=(
                parse_date_of_birth(own["date_of_birth"]) if own.get("date_of_birth") else None
            ),
            postcode=normalise_uk_postcode(own["postcode"]) if own.get("postcode") else None,
            phone=normalise_phone(own["phone"]) if own.get("phone") else None,
            active=True,
            created_at=created,
        )
    except (FieldError, ValueError) as error:
        raise ServiceError(f"{where}: {given.name}: {error}") from None
    if given.security_answer:
        representative.security_question = given.security_question or DEFAULT_SECURITY_QUESTION
        representative.security_answer_hash = hash_secret(
            normalise_security_answer(given.security_answer)
        )
    return representative


def _scope(given: SandboxRepresentative) -> tuple[str, ...]:
    """An attorney or appointee may do everything; a named contact what `actions` names, or
    else their `scope` read as actions (`change:address`) or field groups (`contact`,
    meaning `read:contact`)."""
    if given.authority is not Authority.NAMED_CONTACT:
        return ALL_ACTIONS
    if not given.actions and not given.scope:
        return NAMED_CONTACT_SCOPE
    actions = []
    entries = given.actions or tuple(filter(None, re.split(r"[\s,]+", given.scope or "")))
    for entry in entries:
        action = entry if ":" in entry else f"read:{entry}"
        if action not in ALL_ACTIONS:
            raise ValueError(f"not an action or field group: {entry}")
        actions.append(action)
    return tuple(dict.fromkeys(actions))


def _consent(
    customer_id: int, given: SandboxConsent, operator_id: int, created: datetime
) -> Consent:
    purpose = given.purpose
    special = purpose == SPECIAL_CATEGORY_PURPOSE
    basis = LawfulBasis.CONSENT if purpose == Purpose.MARKETING else LawfulBasis.CONTRACT
    return Consent(
        customer_id=customer_id,
        purpose=purpose,
        channel=given.channel,
        lawful_basis=basis.value,
        condition="explicit_consent" if special else None,
        granted=given.granted,
        wording_version=CapturePolicy().consent_wording_version,
        recorded_at=_day_at(given.on) if given.on else created,
        recorded_by_id=operator_id,
    )


def _past_contact(customer_id: int, contact: SandboxContact, operator_id: int) -> Interaction:
    started = _day_at(contact.on)
    ended = started + _CONTACT_LENGTH
    return Interaction(
        customer_id=customer_id,
        operator_id=operator_id,
        channel=contact.channel.value,
        enquiry_type=contact.enquiry_type,
        started_at=started,
        ended_at=ended,
        outcome=contact.outcome,
        notes=clean_free_text(contact.note) or None,
        wrapped_up_at=ended,
        caller_kind="customer",
    )


def _day_at(day: date) -> datetime:
    return datetime.combine(day, _CONTACT_TIME)


def _new_reference(uow: UnitOfWork, customer_key: str) -> str:
    """The same reference for a scenario's customer in every run of it, so a trainer's
    script, a debrief and the pictures of a role-play can name it; never a live one (a
    sandbox holds only the scenario's people)."""
    rng = random.Random(f"training:{customer_key}")
    for _ in range(20):
        reference = random_reference(rng)
        if uow.customers.get_by_reference(reference) is None:
            return reference
    raise ServiceError("Could not allocate a customer reference; try again.")
