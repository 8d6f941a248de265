"""Everything the scorer reads about one finished run: the sandbox's event stream plus the
few facts events deliberately do not carry (values live only on records, never in events).

`services.training` builds it from the run's sandbox database; tests build it from recorded
event sequences.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from custinfo_tui.domain.events import AuditEvent


class SavedCustomer(BaseModel):
    """One customer record as the sandbox holds it when the run ends."""

    model_config = ConfigDict(frozen=True)

    customer_id: int
    #: The scenario's key for a planted customer; None for one created during the run.
    scenario_key: str | None
    #: Values by field key, as stored (normalised: E.164 phone, formatted postcode, ...).
    values: dict[str, str]
    merged_into: int | None = None


class RunTranscript(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: When the caller's opening line was shown (the caller's first words, MP-12).
    started_at: datetime
    ended_at: datetime
    #: The trainee's operator id in the sandbox.
    trainee_operator_id: int
    #: The sandbox's events from the run, oldest first (set-up events left out).
    events: tuple[AuditEvent, ...]
    #: The scenario's customer keys to their ids in the sandbox.
    customer_ids: dict[str, int] = Field(default_factory=dict)
    customers: tuple[SavedCustomer, ...] = ()
    #: Card numbers found in stored free text at the end of the run (MP-18): a count only.
    stored_card_numbers: int = 0
