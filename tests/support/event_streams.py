"""Hand-built event streams and scenarios for the scorer's tests (domain.training.scoring).

`Stream` appends events the way the services would, one second apart unless told; every
value is fictitious (07700 900xxx, example.com).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.training.scenario import Scenario, ScenarioNames
from custinfo_tui.domain.training.transcript import RunTranscript, SavedCustomer

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
JOHN = 1
CALL = 10

JOHN_ON_FILE = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "1963-04-12",
    "phone": "07700 900456",
    "email": "john.smith@example.com",
    "address_line1": "3 Tower Street",
    "town": "London",
    "postcode": "SE1 7TX",
}


def scenario(
    *practises: str,
    caller: dict[str, Any] | None = None,
    expected: dict[str, Any] | None = None,
    customer: dict[str, Any] | None = None,
    names: ScenarioNames | None = None,
    channel: str = "phone",
) -> Scenario:
    """A change-of-address scenario for John Smith, with the parts a test changes; `names`
    are the configured names it is checked against (the built-in ones); `channel` how he
    is in touch (on the phone unless told)."""
    return Scenario.model_validate(
        {
            "id": "test-scenario",
            "title": "A test scenario",
            "summary": "For the scorer's tests.",
            "practises": list(practises),
            "channel": channel,
            "caller": {
                "name": "John Smith",
                "is": "customer",
                "customer": "john",
                "manner": "Calm.",
                "opening": "Hello, I've moved.",
                "goal": "His new address on file.",
                "true_details": {"postcode": "YO22 4DE", "town": "Whitby"},
                **(caller or {}),
            },
            "customers": [{"key": "john", "values": JOHN_ON_FILE, **(customer or {})}],
            "expected": {
                "outcome": "Verified, address changed, wrapped up.",
                "record": "john",
                "verification_level": "standard",
                "changes": ["town", "postcode"],
                "wrap_up_outcome": "resolved",
                **(expected or {}),
            },
        },
        context={"names": names or ScenarioNames.of()},
    )


class Stream:
    """A run's events, built one at a time."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self.clock = T0

    def add(
        self,
        action: AuditAction,
        *,
        fields: tuple[str, ...] = (),
        customer: int | None = JOHN,
        call: int | None = CALL,
        reason: str | None = None,
        event_outcome: str = "ok",
        after: float = 1,
        **details: Any,
    ) -> Stream:
        self.clock += timedelta(seconds=after)
        self.events.append(
            AuditEvent(
                id=len(self.events) + 1,
                occurred_at=self.clock,
                action=action,
                operator_id=2,
                customer_id=customer,
                interaction_id=call,
                fields=fields,
                reason=reason,
                outcome=event_outcome,
                details=details,
                prev_hash="0" * 64,
                hash="0" * 64,
            )
        )
        return self

    def verified_call(self, level: str = "standard", *, after: float = 20) -> Stream:
        """A call started on John's record, opened, and the caller verified to `level`."""
        self.add(AuditAction.INTERACTION_STARTED, after=after, channel="phone")
        self.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
        self.add(AuditAction.CALLER_CHECK_PASSED, fields=("date_of_birth",), check="date_of_birth")
        self.add(AuditAction.CALLER_CHECK_PASSED, fields=("postcode",), check="postcode")
        return self.add(AuditAction.CALLER_VERIFIED, level=level, passes=2)

    def address_saved(self, *, double_entry: tuple[str, ...] = ()) -> Stream:
        self.add(
            AuditAction.READ_BACK_CONFIRMED,
            fields=("postcode", "town"),
            double_entry=list(double_entry),
        )
        return self.add(
            AuditAction.CUSTOMER_UPDATED,
            fields=("town", "postcode"),
            reason="Customer moved",
            reasons={"town": "Customer moved", "postcode": "Customer moved"},
            moved=True,
            cleared=[],
        )

    def wrapped_up(
        self, *, notes: int = 40, outcome: str = "resolved", enquiry: str = "Change of details"
    ) -> Stream:
        self.add(AuditAction.INTERACTION_ENDED, event_outcome="ended")
        return self.add(
            AuditAction.INTERACTION_WRAPPED_UP,
            outcome=outcome,
            notes_characters=notes,
            enquiry_type=enquiry,
        )

    def transcript(
        self,
        *,
        values: dict[str, str] | None = None,
        stored_card_numbers: int = 0,
        created: dict[int, dict[str, str]] | None = None,
    ) -> RunTranscript:
        john = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitby", "postcode": "YO22 4DE"}
        customers = [SavedCustomer(customer_id=JOHN, scenario_key="john", values=values or john)]
        customers += [
            SavedCustomer(customer_id=cid, scenario_key=None, values=held)
            for cid, held in (created or {}).items()
        ]
        return RunTranscript(
            started_at=T0,
            ended_at=self.clock,
            trainee_operator_id=2,
            events=tuple(self.events),
            customer_ids={"john": JOHN},
            customers=tuple(customers),
            stored_card_numbers=stored_card_numbers,
        )


def good_change_of_address() -> Stream:
    """A good handler's change of address: verified, read back, saved, wrapped up."""
    return Stream().verified_call().address_saved().wrapped_up()
