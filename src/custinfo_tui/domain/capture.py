"""Capture templates (MP-01, MP-02): which fields a new-customer call collects, in what order,
which are mandatory, the question to ask for each, and the enquiry types on offer.

Templates come from the `[capture]` table of the policy file (docs/policy.example.toml);
without one, DEFAULT_CAPTURE applies. Field keys are the field registry's, so validation,
read-back, masking and data categories follow the registry, never the template.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from custinfo_tui.domain.fields import FIELDS

#: Fields a template may not leave out: without them there is no record to find again.
ALWAYS_REQUIRED = ("given_name", "family_name")


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
            raise ValueError(f"unknown field {key!r}; fields are: {', '.join(FIELDS)}")
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
        return self


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
            _field("postcode", required=True),
            _field("accessibility_needs"),
        ),
    ),
}

DEFAULT_ENQUIRY_TYPES = (
    "New account",
    "Change of details",
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


class CapturePolicy(BaseModel):
    """The `[capture]` table: templates, enquiry types and the consent script."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    templates: dict[str, CaptureTemplate] = Field(default_factory=lambda: dict(DEFAULT_TEMPLATES))
    enquiry_types: tuple[str, ...] = DEFAULT_ENQUIRY_TYPES
    consent_script: str = DEFAULT_CONSENT_SCRIPT
    #: Recorded with every consent, so a later change of wording is traceable.
    consent_wording_version: str = "2026-11"

    @model_validator(mode="after")
    def _usable(self) -> Self:
        if not self.templates:
            raise ValueError("at least one capture template must be configured")
        if not self.enquiry_types:
            raise ValueError("at least one enquiry type must be configured")
        return self
