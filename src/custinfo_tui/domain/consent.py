"""Consent and lawful basis (MP-06, MP-07): what a handler records before any detail is typed.

Purposes are separate: running the customer's account or service, and marketing on each
channel, which defaults to off. Consent is only one of the six UK GDPR lawful bases; each
purpose records its basis. Special-category data (Article 9, e.g. health needs noted for
accessibility) also needs one of the Article 9 conditions, recorded with it.
"""

from __future__ import annotations

from enum import StrEnum


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
