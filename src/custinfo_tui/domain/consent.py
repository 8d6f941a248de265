"""Consent and lawful basis (MP-06, MP-07): what a handler records before any detail is typed.

Purposes are separate: running the customer's account or service, and marketing on each
channel, which defaults to off. Consent is only one of the six UK GDPR lawful bases; each
purpose records its basis. Special-category data (Article 9, e.g. health needs noted for
accessibility) also needs one of the Article 9 conditions, recorded with it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class LawfulBasis(StrEnum):
    """UK GDPR Article 6(1)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    LawfulBasis.CONSENT: "Consent (Art. 6(1)(a))",
    LawfulBasis.CONTRACT: "Contract (Art. 6(1)(b))",
    LawfulBasis.LEGAL_OBLIGATION: "Legal obligation (Art. 6(1)(c))",
    LawfulBasis.VITAL_INTERESTS: "Vital interests (Art. 6(1)(d))",
    LawfulBasis.PUBLIC_TASK: "Public task (Art. 6(1)(e))",
    LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interests (Art. 6(1)(f))",
}


class SpecialCategoryCondition(StrEnum):
    """UK GDPR Article 9(2): the conditions a contact centre can meet for special data."""

    EXPLICIT_CONSENT = "explicit_consent"
    EMPLOYMENT_SOCIAL_SECURITY = "employment_social_security"
    VITAL_INTERESTS = "vital_interests"
    MADE_PUBLIC = "made_public"
    LEGAL_CLAIMS = "legal_claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"

    @property
    def label(self) -> str:
        return _CONDITION_LABELS[self]


_CONDITION_LABELS = {
    SpecialCategoryCondition.EXPLICIT_CONSENT: "Explicit consent (Art. 9(2)(a))",
    SpecialCategoryCondition.EMPLOYMENT_SOCIAL_SECURITY: (
        "Employment and social security (Art. 9(2)(b))"
    ),
    SpecialCategoryCondition.VITAL_INTERESTS: "Vital interests (Art. 9(2)(c))",
    SpecialCategoryCondition.MADE_PUBLIC: "Made public by the person (Art. 9(2)(e))",
    SpecialCategoryCondition.LEGAL_CLAIMS: "Legal claims (Art. 9(2)(f))",
    SpecialCategoryCondition.SUBSTANTIAL_PUBLIC_INTEREST: (
        "Substantial public interest, e.g. supporting disabled customers (Art. 9(2)(g))"
    ),
}


class Purpose(StrEnum):
    SERVICE = "service"  # running the customer's account or the service asked for
    MARKETING = "marketing"


class MarketingChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    POST = "post"

    @property
    def label(self) -> str:
        return {"email": "E-mail", "sms": "Text message", "phone": "Phone", "post": "Post"}[
            self.value
        ]


#: Marketing is opt-in: a channel the caller did not agree to is recorded as refused.
MARKETING_DEFAULT = False


class ConsentAnswers(BaseModel):
    """What the caller answered to the consent script: the basis for running their account,
    the marketing channels they agreed to (any not listed is refused), and, if special-category
    data is to be held, the Article 9 condition for it."""

    model_config = ConfigDict(frozen=True)

    service_basis: LawfulBasis = LawfulBasis.CONTRACT
    marketing: frozenset[MarketingChannel] = frozenset()
    special_condition: SpecialCategoryCondition | None = None

    def allows_special_category(self) -> bool:
        return self.special_condition is not None


class ConsentChange(BaseModel):
    """What recording new answers over the ones in force changes (`consent_change`)."""

    model_config = ConfigDict(frozen=True)

    #: Marketing channels agreed to now and not before.
    given: frozenset[MarketingChannel] = frozenset()
    #: Marketing channels refused now that were agreed to before (a withdrawal), or that had
    #: no answer on record (the objection to direct marketing, recorded: Art. 21(3)).
    refused: frozenset[MarketingChannel] = frozenset()
    #: The lawful basis for running the account changes.
    basis_changed: bool = False
    #: The Article 9 condition is recorded, changed or withdrawn.
    condition_changed: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.given or self.refused or self.basis_changed or self.condition_changed)

    @property
    def refuses_marketing_only(self) -> bool:
        """Only marketing is taken back or refused: what a caller may do at the level the
        policy sets for `withdraw:consent` (Art. 7(3): as easy as giving it)."""
        return bool(self.refused) and not (
            self.given or self.basis_changed or self.condition_changed
        )


def consent_change(
    before: ConsentAnswers, after: ConsentAnswers, answered: Collection[MarketingChannel]
) -> ConsentChange:
    """What recording `after` changes, where `before` is in force and `answered` are the
    marketing channels with an answer (agreed or refused) on record."""
    return ConsentChange(
        given=after.marketing - before.marketing,
        refused=frozenset(
            channel
            for channel in MarketingChannel
            if channel not in after.marketing
            and (channel in before.marketing or channel not in answered)
        ),
        basis_changed=after.service_basis != before.service_basis,
        condition_changed=after.special_condition != before.special_condition,
    )


#: Purpose of the consent row that records an Article 9 condition.
SPECIAL_CATEGORY_PURPOSE = "special_category"


class ConsentEntry(BaseModel):
    """One consent as the record shows it: purpose, basis, when, by whom, which wording."""

    model_config = ConfigDict(frozen=True)

    id: int
    purpose: str
    channel: MarketingChannel | None
    #: The lawful basis (Article 6), or for special-category data the Article 9 condition.
    basis: str
    granted: bool
    wording_version: str
    recorded_at: datetime
    recorded_by: str
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @property
    def description(self) -> str:
        if self.purpose == Purpose.MARKETING and self.channel is not None:
            return f"Marketing by {self.channel.label.lower()}"
        if self.purpose == SPECIAL_CATEGORY_PURPOSE:
            return "Special-category data (support needs)"
        return "Running the account (service)"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
