"""The lookup's F6, a new customer: how they are in touch, which template, then the
capture screen; and what the lookup does with its outcome.

A screen class of its own, which the lookup builds on (as on `DeskShortcuts`), so Textual
registers its actions; the lookup gives it what it reads below.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from custinfo_tui.domain.verification import Channel
from custinfo_tui.tui.screens.capture import CaptureScreen, CustomerCreated, SwitchToCustomer
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.lookup_desks import DeskShortcuts
from custinfo_tui.tui.screens.record import RecordScreen

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


class NewCustomerStart(DeskShortcuts):
    """F6 on the lookup: a new customer."""

    if TYPE_CHECKING:

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _start_call(self, customer_id: int, channel: Channel) -> object: ...

    def action_new_customer(self) -> None:
        """A new customer: how they are in touch, which template, then the capture screen."""
        templates = self.custinfo.services().capture.templates

        def start(channel: Channel, key: str, began: datetime) -> None:
            self.app.push_screen(
                CaptureScreen(self.actor, channel, key, templates[key], started_at=began),
                lambda outcome: self._captured(channel, outcome),
            )

        def channel_chosen(channel: Channel | None) -> None:
            if channel is None:
                return
            began = datetime.now(UTC)  # the call's start, as the save records it
            if len(templates) == 1:
                start(channel, next(iter(templates)), began)
                return
            self.app.push_screen(
                ChoiceScreen(
                    "Which capture template?",
                    "Each template lists the fields to ask for.",
                    [(template.label, key) for key, template in templates.items()],
                ),
                lambda key: start(channel, key, began) if key is not None else None,
            )

        self.app.push_screen(
            ChoiceScreen(
                "How is the new customer in touch?",
                "Consent comes first, then their details.",
                [(channel.label, channel) for channel in Channel],
            ),
            channel_chosen,
        )

    def _captured(
        self, channel: Channel, outcome: CustomerCreated | SwitchToCustomer | None
    ) -> None:
        if isinstance(outcome, CustomerCreated):
            record = outcome.record
            self.notify(f"New customer saved: reference {record.reference}.", markup=False)
            self.app.push_screen(RecordScreen(record, actor=self.actor))
        elif isinstance(outcome, SwitchToCustomer):
            self._start_call(outcome.customer_id, channel)
