"""Capture templates (MP-01, MP-02): which fields a new-customer call collects, in what order,
which are mandatory, the question to ask for each, and the enquiry types on offer.

Templates come from the `[capture]` table of the policy file (docs/policy.example.toml);
without one, DEFAULT_CAPTURE applies. Field keys are the field registry's, so validation,
read-back, masking and data categories follow the registry, never the template.
"""

from __future__ import annotations

from typing import Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from custinfo_tui.domain.address_country import COUNTRY_FIELD, POSTCODE_FIELDS
from custinfo_tui.domain.call_so_far import CHANGE_OF_DETAILS
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.field_spec import AddressIn
from custinfo_tui.domain.fields import DOUBLE_ENTRY_FIELDS as DOUBLE_ENTRY_FIELDS
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, DEFAULT_OUTCOMES, Outcome

#: Fields a template may not leave out: without them there is no record to find again. The
#: given name is left empty for a customer with one name only, who says so (domain/one_name.py).
ALWAYS_REQUIRED = ("given_name", "family_name")

#: The call's notes: the handler's own words, kept with the call (the capture form is its
#: wrap-up), never read back to the caller.
NOTES = "notes"

#: Fields a template can collect: the record's fields, plus notes on the call itself.
CAPTURE_FIELDS = (*RECORD_FIELDS, NOTES)


class TemplateField(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    required: bool = False
    #: Overrides the registry's question for this template, if given.
    question: str | None = None

    @field_validator("key")
    @classmethod
    def _known(cls, key: str) -> str:
        if key not in FIELDS:
            raise ValueError(f"unknown field {key!r}; fields are: {', '.join(CAPTURE_FIELDS)}")
        if key not in CAPTURE_FIELDS:
            raise ValueError(f"{key!r} cannot be captured; fields are: {', '.join(CAPTURE_FIELDS)}")
        return key

    @property
    def label(self) -> str:
        return FIELDS[self.key].label

    @property
    def prompt(self) -> str:
        return self.question or FIELDS[self.key].question


class CaptureTemplate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    fields: tuple[TemplateField, ...]

    @model_validator(mode="after")
    def _sound(self) -> Self:
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys):
            raise ValueError(f"template {self.label!r} lists a field twice")
        for key in ALWAYS_REQUIRED:
            if not any(f.key == key and f.required for f in self.fields):
                raise ValueError(f"template {self.label!r} must require {key}")
        abroad = POSTCODE_FIELDS[AddressIn.ABROAD]
        if abroad in keys and COUNTRY_FIELD not in keys:
            raise ValueError(
                f"template {self.label!r} lists {abroad} without {COUNTRY_FIELD}: an address "
                "is outside the UK only when its country says so"
            )
        return self

    @property
    def keys(self) -> frozenset[str]:
        """The template's fields, by key."""
        return frozenset(f.key for f in self.fields)


def _field(key: str, required: bool = False) -> TemplateField:
    return TemplateField(key=key, required=required)


DEFAULT_TEMPLATES = {
    "new_customer": CaptureTemplate(
        label="New customer",
        fields=(
            _field("given_name", required=True),
            _field("family_name", required=True),
            _field("date_of_birth", required=True),
            _field("phone", required=True),
            _field("email"),
            _field("address_line1", required=True),
            _field("address_line2"),
            _field("town", required=True),
            # Required of an address in the UK only; after it, the country (left empty: the
            # UK) and, for an address elsewhere, its postcode (domain/address_country.py).
            _field("postcode", required=True),
            _field("country"),
            _field("foreign_postcode"),
            _field("accessibility_needs"),
            _field(NOTES),
        ),
    ),
}

DEFAULT_ENQUIRY_TYPES = (
    "New account",
    CHANGE_OF_DETAILS,
    "Billing question",
    "Complaint",
    "Data protection request",
    "Other",
)

DEFAULT_CONSENT_SCRIPT = (
    "Before I take your details: we will use them to set up and run your account, which "
    "is necessary for our contract with you. Separately, may we contact you about our "
    "offers by e-mail, text message, phone or post? You can say no to any or all of "
    "these, and change your mind at any time."
)


DEFAULT_CHANGE_REASONS = (
    "Customer moved",
    "Entry error corrected",
    "Customer changed their name",
    "New contact details",
    "Customer asked for the change",
)

#: The reason that makes an address change a move: the old address is kept as a past one.
MOVED = "Customer moved"


class CapturePolicy(BaseModel):
    """The `[capture]` table: templates, enquiry types, consent script, change reasons and
    the outcomes offered at wrap-up."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    templates: dict[str, CaptureTemplate] = Field(default_factory=lambda: dict(DEFAULT_TEMPLATES))
    enquiry_types: tuple[str, ...] = DEFAULT_ENQUIRY_TYPES
    consent_script: str = DEFAULT_CONSENT_SCRIPT
    #: Recorded with every consent, so a later change of wording is traceable.
    consent_wording_version: str = "2026-11"
    #: Offered for each changed field when a record is edited (MP-04, MP-10).
    change_reasons: tuple[str, ...] = DEFAULT_CHANGE_REASONS
    #: Offered when an interaction is wrapped up (MP-18; docs/after-the-call.md).
    outcomes: tuple[Outcome, ...] = DEFAULT_OUTCOMES

    @model_validator(mode="after")
    def _usable(self) -> Self:
        if not self.templates:
            raise ValueError("at least one capture template must be configured")
        if not self.enquiry_types:
            raise ValueError("at least one enquiry type must be configured")
        if not self.change_reasons:
            raise ValueError("at least one change reason must be configured")
        if not self.outcomes:
            raise ValueError("at least one wrap-up outcome must be configured")
        keys = [outcome.key for outcome in self.outcomes]
        if len(set(keys)) != len(keys):
            raise ValueError("two wrap-up outcomes have the same key")
        if CLOSED_BY_SUPERVISOR in keys:
            raise ValueError(
                f"the wrap-up outcome key {CLOSED_BY_SUPERVISOR} is the console's own (a call "
                "a supervisor closed): choose another key"
            )
        return self


class ReadBackConfirmation(BaseModel):
    """What the read-back screen hands the save: lines the caller confirmed, those the
    handler also had re-typed (double entry), and those corrected after an earlier
    read-back had shown them. The service refuses a save that is missing any."""

    model_config = ConfigDict(frozen=True)

    confirmed: frozenset[str] = frozenset()
    double_entered: frozenset[str] = frozenset()
    #: When the caller confirmed the last line at the console: a new customer's
    #: `readback.confirmed` carries it (domain/capture_times.py), as the save comes after.
    confirmed_at: AwareDatetime | None = None
    #: Lines whose value the handler changed after a read-back had shown it (the caller
    #: put it right, or the handler saw the slip): the event says so, for the debrief.
    corrected: frozenset[str] = frozenset()


class NewCustomer(BaseModel):
    """A new-customer capture, as typed: the service validates every value again."""

    model_config = ConfigDict(frozen=True)

    template: str
    #: Field key -> the text typed (empty or missing fields are not stored).
    values: dict[str, str]
    enquiry_type: str
    consent: ConsentAnswers
    read_back: ReadBackConfirmation
    #: When the handler saw a strong possible duplicate and decided this is someone else.
    different_person_reason: str | None = None
    #: The call the capture is taken in (`NewCustomerCall`), stored when it started: the
    #: save files it under the new customer. None (a script): the save stores the call too.
    interaction_id: int | None = None
    #: When the capture began at the console (how the customer is in touch was chosen):
    #: the call's start, for a save that stores the call itself (`interaction_id` None; a
    #: call stored when it started has its own time), so its start is not the save's time.
    started_at: AwareDatetime | None = None
    #: When the consent answers saved were recorded on the consent script.
    consent_at: AwareDatetime | None = None
    #: The customer has one name only, typed as the family name: no given name is asked
    #: for, and one typed is refused (domain/one_name.py).
    one_name_only: bool = False


class NewCustomerCall(BaseModel):
    """The call a new customer's details are taken in: stored and audited as started when
    how they are in touch is chosen, before anything about them is typed, so a console that
    dies before the save leaves it in the calls to finish. It is about no customer (and holds
    no personal data) until the save files it under the new one."""

    model_config = ConfigDict(frozen=True)

    interaction_id: int
    channel: Channel
    started_at: AwareDatetime


class FieldEdit(BaseModel):
    """One changed field: the text typed and the reason chosen for the change."""

    model_config = ConfigDict(frozen=True)

    value: str
    reason: str
    #: The given name emptied (`value` ""): the customer has one name only, their family
    #: name (domain/one_name.py). Any other field, or a name typed, is refused with it.
    one_name_only: bool = False


class ConflictField(BaseModel):
    """One field another desk changed while this handler was editing: both sides shown.

    `theirs` is what the record holds now; `yours` what this handler typed; `before` what
    both started from. In a call, a value the caller may not see is None; `before_hidden`
    says the value before was not shown in this call (so "(hidden)", not "empty").
    """

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    before: str | None
    theirs: str | None
    yours: str | None
    before_hidden: bool = False
