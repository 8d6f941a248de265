"""A role-play scenario as a trainer writes it in TOML (docs/training.md has the schema).

The model only describes and validates; reading the file (and reporting a bad one with its
file, line and key) is `services.scenarios`. Every value here is fictitious: scenarios are
shipped in the package and copied into a sandbox database, never into the live one.

Field keys are the field registry's (`domain.fields`), check kinds the verification
policy's (`domain.verification.CheckKind`), marking points `MP-01` to `MP-21`. The names an
organisation configures (verification levels, enquiry types, wrap-up outcomes, complaint
stages) are checked against a `ScenarioNames`, given as the validation context's `names`
(the built-in lists when none is given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from custinfo_tui.domain.capture import DEFAULT_CHANGE_REASONS, CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import SpecialCategoryCondition
from custinfo_tui.domain.training.scenario_values import (
    ConsentChange,
    CustomerKey,
    FieldKey,
    MarkingPoint,
    RaisedItem,
    RecordField,
    Words,
    one_of,
)
from custinfo_tui.domain.verification import (
    NO_LEVEL,
    Authority,
    Channel,
    CheckKind,
    VerificationPolicy,
)

_SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class ScenarioNames:
    """The configured names a scenario's `[expected]` may use: the verification policy's
    levels (and `none`), the enquiry types and wrap-up outcome keys, the complaint stages
    and the change reasons."""

    verification_levels: tuple[str, ...]
    enquiry_types: tuple[str, ...]
    outcomes: tuple[str, ...]
    complaint_stages: tuple[str, ...]
    change_reasons: tuple[str, ...] = DEFAULT_CHANGE_REASONS

    @classmethod
    def of(
        cls,
        verification: VerificationPolicy | None = None,
        capture: CapturePolicy | None = None,
        complaints: ComplaintPolicy | None = None,
    ) -> ScenarioNames:
        """The names of these policies; the built-in ones for a policy not given."""
        verification = verification or VerificationPolicy()
        capture = capture or CapturePolicy()
        return cls(
            verification_levels=(NO_LEVEL, *(level.name for level in verification.levels)),
            enquiry_types=capture.enquiry_types,
            outcomes=tuple(outcome.key for outcome in capture.outcomes),
            complaint_stages=(complaints or ComplaintPolicy()).stages,
            change_reasons=capture.change_reasons,
        )


def _names(info: ValidationInfo) -> ScenarioNames:
    context = info.context if isinstance(info.context, dict) else {}
    names = context.get("names")
    return names if isinstance(names, ScenarioNames) else ScenarioNames.of()


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CallerIs(StrEnum):
    """Who the caller really is, which decides what a good handler may disclose."""

    #: The customer themselves (on file, or new).
    CUSTOMER = "customer"
    #: Someone acting for the customer with authority on file (attorney, named contact).
    REPRESENTATIVE = "representative"
    #: Someone close to the customer with no authority on file (a spouse): nothing disclosed.
    NO_AUTHORITY = "no_authority"
    #: Someone pretending to be the customer: nothing disclosed, the attempt reported.
    IMPOSTOR = "impostor"


class SandboxConsent(_Strict):
    """A consent already on file: `purpose` is a `domain.consent.Purpose` value."""

    purpose: str
    channel: str | None = None
    granted: bool = True
    #: When it was given (defaults to the record's creation).
    on: date | None = None


class SandboxRepresentative(_Strict):
    """Someone on file who may act for the customer."""

    name: str
    relationship: str
    authority: Authority
    #: For a named contact: what they may ask about (anything else is outside their scope).
    scope: str | None = None
    #: The password or answer the representative gives to prove who they are, if any.
    security_answer: str | None = None
    #: The question their security answer answers (asked at the security-answer check).
    security_question: str | None = None
    #: What they may do, as policy actions (`read:contact`, `change:address`; see
    #: `domain.verification.parse_scope`): the representative's scope on the sandbox record.
    #: `scope` above says the same in words for the caller pane and the debrief.
    actions: tuple[str, ...] = ()
    #: Their own details the checks compare with, by field key: `date_of_birth`,
    #: `postcode`, `address_line1`, `phone` (a representative is verified as themselves).
    values: dict[str, str] = Field(default_factory=dict)


class SandboxContact(_Strict):
    """A past contact on the record's timeline: channel, when, enquiry type, a short note."""

    channel: Channel = Channel.PHONE
    on: date
    enquiry_type: str
    note: str = ""
    outcome: str = "Resolved"


class PlantedError(_Strict):
    """A wrong value on file that a good handler corrects or reports (MP-10, MP-14)."""

    field: str
    #: What the record wrongly holds; the customer's `values` hold the truth.
    on_file: str


class SandboxCustomer(_Strict):
    """A customer on file in the sandbox before the run starts."""

    key: CustomerKey
    #: The customer's true details by field key (`given_name`, `phone`, ...).
    values: dict[str, str]
    security_answer: str | None = None
    #: The customer's own security question, asked at the security-answer check.
    security_question: str | None = None
    customer_since: date | None = None
    representatives: tuple[SandboxRepresentative, ...] = ()
    consents: tuple[SandboxConsent, ...] = ()
    history: tuple[SandboxContact, ...] = ()
    planted_errors: tuple[PlantedError, ...] = ()

    def on_file(self) -> dict[str, str]:
        """The values the sandbox record holds: the true ones with the planted errors in."""
        held = dict(self.values)
        held.update({error.field: error.on_file for error in self.planted_errors})
        return held


class ReadBackCorrection(_Strict):
    """A slip the caller makes when first asked and corrects only when it is read back."""

    field: FieldKey
    #: What the caller says at read-back ("No, the last two are three two, not two three").
    says: str


class Caller(_Strict):
    """The persona: who they are, how they speak, and what they answer."""

    name: Words
    is_: CallerIs = Field(alias="is")
    #: The sandbox customer they are, speak for or pretend to be; None for a new customer.
    customer: CustomerKey | None = None
    #: For a representative: their name as on the customer's record.
    representative: str | None = None
    manner: Words
    opening: Words
    goal: Words
    #: The true details the handler should end up recording, by field key (MP-05).
    true_details: dict[RecordField, str] = Field(default_factory=dict)
    #: What they say when a capture field's question is asked, by field key, in spoken form.
    says: dict[FieldKey, str] = Field(default_factory=dict)
    #: What they say to each verification check (a `CheckKind` value as the key).
    checks: dict[CheckKind, str] = Field(default_factory=dict)
    read_back_corrections: tuple[ReadBackCorrection, ...] = ()
    #: What they answer when the consent script is read (marketing channels, Article 9).
    consent: str | None = None
    #: Anything else the caller volunteers, in order (a card number read out, a complaint).
    also_says: tuple[str, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Expected(_Strict):
    """What a good handler ends the run with; the scorer reads these."""

    #: One sentence for the debrief: what should have happened.
    outcome: Words
    #: The sandbox customer whose record is the right one to open (MP-12, MP-13).
    record: CustomerKey | None = None
    #: A new record should be created (the caller is not on file).
    creates_customer: bool = False
    #: The verification level the caller should reach (a policy level name such as
    #: "standard"); "none" when nothing may be disclosed.
    verification_level: str | None = None
    #: Fields the handler should change on the record (or capture, for a new customer).
    changes: tuple[RecordField, ...] = ()
    #: A queue item the run should raise: a `domain.interactions.QueueKind` value.
    raises: tuple[RaisedItem, ...] = ()
    #: The wrap-up outcome expected (a configured outcome key, e.g. "resolved"), if any.
    wrap_up_outcome: str | None = None
    #: A complaint should be raised and taken to this stage.
    complaint_stage: str | None = None
    #: Consents the caller withdraws or grants: `purpose` or `purpose:channel`.
    consent_changes: tuple[ConsentChange, ...] = ()
    #: The enquiry type the call should be recorded under (a configured enquiry type):
    #: a wrap-up (or a capture) under another is not met (MP-18).
    enquiry_type: str | None = None
    #: The reason the `changes` should be saved with (a configured change reason, e.g.
    #: "Customer moved"); any reason when left out (MP-10).
    change_reason: str | None = None
    #: The Article 9 condition to record before special-category data is held (a
    #: `domain.consent.SpecialCategoryCondition` value), if the run needs one (MP-07).
    special_condition: SpecialCategoryCondition | None = None
    #: The caller's record should be open within this many seconds of their first words
    #: (MP-12).
    find_within_seconds: int = Field(default=90, gt=0)
    #: The caller asks what is held about them: a subject access request the handler
    #: passes on to the data protection officer without reading the record out (MP-16).
    subject_access_request: bool = False
    #: Someone outside the customer's authorised representatives (the police, another
    #: organisation) asks for the customer's data: the handler records a third-party
    #: disclosure request for approval (Ctrl+T) and discloses nothing in the call (MP-17).
    disclosure_request: bool = False
    #: The caller tells of a personal-data breach: the handler reports it (Ctrl+B) with
    #: the categories of data and the people affected (MP-20).
    reports_breach: bool = False

    @field_validator("verification_level")
    @classmethod
    def _a_level(cls, level: str | None, info: ValidationInfo) -> str | None:
        allowed = _names(info).verification_levels
        if level is not None and level not in allowed:
            raise one_of(level, allowed, "a verification level")
        return level

    @field_validator("enquiry_type")
    @classmethod
    def _an_enquiry_type(cls, enquiry: str | None, info: ValidationInfo) -> str | None:
        allowed = _names(info).enquiry_types
        if enquiry is not None and enquiry not in allowed:
            raise one_of(enquiry, allowed, "an enquiry type")
        return enquiry

    @field_validator("change_reason")
    @classmethod
    def _a_change_reason(cls, reason: str | None, info: ValidationInfo) -> str | None:
        allowed = _names(info).change_reasons
        if reason is not None and reason not in allowed:
            raise one_of(reason, allowed, "a change reason")
        return reason

    @field_validator("wrap_up_outcome")
    @classmethod
    def _an_outcome(cls, outcome: str | None, info: ValidationInfo) -> str | None:
        allowed = _names(info).outcomes
        if outcome is not None and outcome not in allowed:
            raise one_of(outcome, allowed, "a wrap-up outcome")
        return outcome

    @field_validator("complaint_stage")
    @classmethod
    def _a_stage(cls, stage: str | None, info: ValidationInfo) -> str | None:
        allowed = _names(info).complaint_stages
        if stage is not None and stage not in allowed:
            raise one_of(stage, allowed, "a complaint stage")
        return stage


class Scenario(_Strict):
    """One role-play: the sandbox it runs on, the caller, and what is expected."""

    #: The file's stem; given by the loader.
    id: str
    title: Words
    summary: Words
    practises: tuple[MarkingPoint, ...] = Field(min_length=1)
    channel: Channel = Channel.PHONE
    caller: Caller
    customers: tuple[SandboxCustomer, ...] = ()
    expected: Expected

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        if not _SCENARIO_ID.match(self.id):
            raise ValueError("id: lower-case letters, digits and hyphens only")
        keys = [customer.key for customer in self.customers]
        if len(set(keys)) != len(keys):
            raise ValueError("customers: two customers have the same key")
        for name, key in (
            ("caller.customer", self.caller.customer),
            ("expected.record", self.expected.record),
        ):
            if key is not None and key not in keys:
                raise ValueError(f"{name}: no customer with key {key!r} in [[customers]]")
        return self

    def customer(self, key: str) -> SandboxCustomer:
        return next(c for c in self.customers if c.key == key)


@dataclass(frozen=True)
class ScenarioChoices:
    """What a trainer may start a run of: the scenarios that load, and each file that does
    not, said with its file, line and key (it is not offered)."""

    scenarios: tuple[Scenario, ...]
    problems: tuple[str, ...] = ()
