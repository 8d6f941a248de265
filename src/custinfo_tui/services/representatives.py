"""Security answers and authorised representatives: what callers are verified against.

Both are back-office changes, made with the paperwork in hand (a power of attorney, the
customer's written request), so they need the right to change customer records. A security
answer is kept only as an argon2id hash of its normalised form.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from custinfo_tui.domain.address import normalise_address_line
from custinfo_tui.domain.answers import normalise_security_answer
from custinfo_tui.domain.dates import parse_date_of_birth
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import RepresentativeIn, RepresentativeSummary
from custinfo_tui.domain.one_name import FAMILY_NAME, GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import parse_scope
from custinfo_tui.repository.orm import Representative
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound
from custinfo_tui.services.in_call import active_customer
from custinfo_tui.services.passwords import hash_secret
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_fields import normalise_value
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_state import summary_of

MAX_QUESTION_LENGTH = 200


def set_security_answer(
    uow: UnitOfWork, actor: Actor, customer_id: int, question: str, answer: str
) -> None:
    """Set (or replace) the customer's security question and answer."""
    require(actor, Permission.EDIT_CUSTOMER)
    cleaned, answer_hash = _question_and_hash(question, answer)
    if cleaned is None or answer_hash is None:
        raise FieldError("Give both the security question and its answer.")
    with uow:
        customer = active_customer(uow, customer_id, for_update=True)
        refuse_if_restricted(uow, actor, customer.id)
        customer.security_question, customer.security_answer_hash = cleaned, answer_hash
        customer.updated_at = datetime.now(UTC)
        audit.record(
            uow,
            actor,
            AuditAction.SECURITY_ANSWER_SET,
            customer_id=customer.id,
            fields=("security_question", "security_answer"),
        )
        uow.commit()


def add_representative(
    uow: UnitOfWork, actor: Actor, customer_id: int, new: RepresentativeIn
) -> RepresentativeSummary:
    """Record someone authorised to act for the customer, with their scope and own answers.

    At least one of their own verification answers must be given, or they could never be
    verified. FieldError names the field that is wrong. Their names are checked as a
    customer's (`record_fields.normalise_value`): one name only, the given name is held
    empty, as a customer's is (domain/one_name.py), and one typed is refused.
    """
    require(actor, Permission.EDIT_CUSTOMER)
    try:
        scope = parse_scope(new.scope)
    except ValueError as error:
        raise FieldError(str(error)) from None
    if not scope:
        raise FieldError("Choose at least one thing the representative may do.")
    relationship = clean_free_text(new.relationship, 60)
    if not relationship:
        raise FieldError("Say how the representative is related to the customer.")
    question, answer_hash = _question_and_hash(new.security_question, new.security_answer)
    representative = Representative(
        given_name=normalise_value(GIVEN_NAME, new.given_name, one_name_only=new.one_name_only)
        or "",
        family_name=normalise_value(FAMILY_NAME, new.family_name) or "",
        relationship=relationship,
        authority=new.authority.value,
        scope=list(scope),
        date_of_birth=_optional_date(new.date_of_birth),
        postcode=normalise_uk_postcode(new.postcode) if new.postcode.strip() else None,
        address_line1=(
            normalise_address_line(new.address_line1) if new.address_line1.strip() else None
        ),
        phone=normalise_phone(new.phone) if new.phone.strip() else None,
        security_question=question,
        security_answer_hash=answer_hash,
        active=True,
        created_at=datetime.now(UTC),
        created_by_id=actor.operator_id,
    )
    if not any(
        (
            representative.date_of_birth,
            representative.postcode,
            representative.address_line1,
            representative.phone,
            representative.security_answer_hash,
        )
    ):
        raise FieldError("Give at least one of their own answers (date of birth, postcode, ...).")
    with uow:
        customer = active_customer(uow, customer_id, for_update=True)
        refuse_if_restricted(uow, actor, customer.id)
        representative.customer_id = customer.id
        uow.interactions.add_representative(representative)
        audit.record(
            uow,
            actor,
            AuditAction.REPRESENTATIVE_ADDED,
            customer_id=customer.id,
            details={
                "representative": representative.id,
                "authority": representative.authority,
                "scope": list(scope),
            },
        )
        summary = summary_of(representative)
        uow.commit()
        return summary


def withdraw_representative(
    uow: UnitOfWork, actor: Actor, customer_id: int, representative_id: int, reason: str
) -> None:
    """End someone's authority to act for the customer (the customer asked, the power of
    attorney ended...). They stay on file, inactive, so the trail of what they were told
    keeps its meaning; they no longer appear as a caller to verify."""
    require(actor, Permission.EDIT_CUSTOMER)
    reason = clean_free_text(reason, 300)
    if len(reason) < 5:
        raise FieldError("Say why their authority ends, for example: customer asked by letter.")
    with uow:
        customer = active_customer(uow, customer_id, for_update=True)
        representative = uow.interactions.get_representative(representative_id)
        if (
            representative is None
            or representative.customer_id != customer.id
            or not representative.active
        ):
            raise NotFound("That representative is not on this customer's record.")
        representative.active = False
        audit.record(
            uow,
            actor,
            AuditAction.REPRESENTATIVE_WITHDRAWN,
            customer_id=customer.id,
            reason=reason,
            details={"representative": representative.id, "authority": representative.authority},
        )
        uow.commit()


def _optional_date(raw: str) -> date | None:
    return parse_date_of_birth(raw) if raw.strip() else None


def _question_and_hash(question: str, answer: str) -> tuple[str | None, str | None]:
    question = clean_free_text(question, MAX_QUESTION_LENGTH)
    if not question and not answer.strip():
        return None, None
    if not question or not answer.strip():
        raise FieldError("Give both the security question and its answer.")
    return question, hash_secret(normalise_security_answer(answer))
