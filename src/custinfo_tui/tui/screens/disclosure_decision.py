"""Deciding a third party's request (MP-17) and releasing it once approved.

The same steps from the supervisor queue (Enter on a *Disclosure request* item) and from
the DPO's desk (*Third-party disclosures*): `DecideDisclosureScreen` shows the request in
full; `Ctrl+Y` approves it and `Ctrl+R` refuses it, each with the reason typed, and
`Ctrl+T` closes it as withdrawn by the requester, with what they said. Approving was
`Ctrl+O`, which logs out everywhere else: a DPO's habit could approve a disclosure, and one
expecting Approve elsewhere logged out. `Ctrl+Y` ("yes") means nothing anywhere else in the
console (a note's text area takes it as redo), and the reason box has no use for it.

The fields asked for are tick boxes, all ticked: the approver unticks (Space) any the
request can be answered without, and approves the rest, the least that answers (the
address goes whole, domain/disclosure_fields.py). It had been all or nothing: a police
request for "address and phone" ticked with the e-mail too had to release the e-mail or be
refused. A request recorded before the address was one item, asking for a part of it
alone, says so above its boxes.

Once approved, `ReleaseScreen` shows the approver the approved fields' values to send by
the request's channel, with which were asked for and which approved, and the release is
recorded (`field.disclosed`, with the disclosure's id). Nothing is shown before approval.

A discrepancy report still open on a field asked for (MP-14) is said beside the decision,
and again on the release for the fields approved: a police request once showed the address
to send while a handler's report said its first line was wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, SelectionList, Static

from custinfo_tui.domain.disclosure_fields import address_part_alone, approved_keys, share_items
from custinfo_tui.domain.disclosures import (
    MAX_DECISION_REASON,
    Disclosure,
    DisclosureRelease,
    DisclosureStatus,
    check_decision_reason,
    recorder_may_not_decide,
    restricted_line,
    restricted_may_not_approve,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.capabilities import console_capabilities
from custinfo_tui.tui.labelled_lines import lines_and_rows
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog, Page
from custinfo_tui.tui.screens.disclosure_lines import (
    CHECK_BEFORE_SENDING,
    FIELDS_TO_RELEASE,
    SETTLE_FIRST,
    approved_line,
    open_report_lines,
    request_lines,
)
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


class Outcome(Enum):
    """What the approver does with a waiting request: what is done, and what they are told."""

    APPROVE = "decide the request", None
    REFUSE = "decide the request", "Request refused; nothing is released."
    WITHDRAWN = "close the withdrawn request", "Request closed as withdrawn; nothing is released."

    def __init__(self, what: str, done: str | None) -> None:
        self.what, self.done = what, done


@dataclass(frozen=True, slots=True)
class DisclosureDecision:
    """Approve, refuse or close as withdrawn, with the reason kept with the request; an
    approval releases `fields` of those asked for (None: all)."""

    outcome: Outcome
    reason: str
    fields: tuple[str, ...] | None = None


class DecideDisclosureScreen(Dialog[DisclosureDecision | None]):
    """A request in full: approve (Ctrl+Y) or refuse (Ctrl+R), with a reason, or close it as
    withdrawn by the requester (Ctrl+T). To the one who recorded it, the request and who
    decides it instead, with nothing to type."""

    BINDINGS = [
        # Not Ctrl+O, which logs out everywhere else (the module's docstring).
        Binding("ctrl+y", "approve", "Approve", tooltip="Approve, with the reason", id="approve"),
        Binding("ctrl+r", "refuse", "Refuse", tooltip="Refuse, with the reason", id="refuse"),
        Binding(
            # Ctrl+W deletes a word in the reason box.
            "ctrl+t",
            "withdrawn",
            "Withdrawn",
            tooltip="The requester withdrew it: close it with what they said",
            id="withdrawn",
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Back, deciding nothing", id="cancel"),
    ]

    def __init__(self, disclosure: Disclosure, actor: Actor) -> None:
        super().__init__()
        self.disclosure = disclosure
        #: Why this operator may not decide it (they recorded it), said before any typing.
        self.refusal = recorder_may_not_decide(
            disclosure.requested_by_id,
            actor.operator_id,
            restricted=disclosure.restricted,
            recorder_alone=disclosure.recorder_alone,
        )
        #: Why they may not approve it (its record is restricted and they are not the DPO).
        self.no_approval = restricted_may_not_approve(
            disclosure.restricted, console_capabilities(actor).dpo_desk
        )
        #: What they are told of the record's restriction, if it has one.
        self.restriction = restricted_line(disclosure, actor.operator_id)
        #: Whether they may approve it, and so choose the fields to release.
        self.approves = self.refusal is None and self.no_approval is None

    def compose(self) -> ComposeResult:
        disclosure = self.disclosure
        # Scrolls where a request says more than 80x24 holds (a restricted record's
        # grounds and a part of the address asked for alone), and is no Tab stop itself.
        with FormBoxes(classes="choice-box", id="decide-disclosure-box"):
            yield Static(
                printable_text(
                    f"Disclosure request {disclosure.id} ({disclosure.customer_reference})"
                ),
                classes="choice-title",
            )
            request = lines_and_rows(request_lines(disclosure, fields=not self.approves))
            yield Static(request, id="decide-disclosure-request", classes="disclosure-line")
            if (reports := open_report_lines(disclosure.open_reports, SETTLE_FIRST)) is not None:
                yield Static(
                    reports, id="decide-disclosure-reports", classes="disclosure-line error"
                )
            if self.approves:
                yield from self._fields_to_release()
            if self.restriction is not None:
                yield Static(
                    self.restriction,
                    id="decide-disclosure-restricted",
                    classes="disclosure-line error",
                    markup=False,
                )
            if self.refusal is not None:
                yield Static(self.refusal, id="decide-disclosure-message", markup=False)
            else:
                yield Label(
                    "Reason for the decision (kept with the request)", classes="field-label"
                )
                yield BoundedInput(
                    id="decide-disclosure-reason",
                    limit=MAX_DECISION_REASON,
                    placeholder="e.g. Sch. 2 para 2 applies; DP form signed by an inspector",
                    free_text=True,
                )
                yield Static(
                    "Refusing it, or closing it as withdrawn, releases nothing."
                    if self.no_approval is not None  # the DPO's to approve: not offered
                    else "Approving shows you the fields ticked, to send; refusing, or "
                    "closing it as withdrawn, releases nothing.",
                    id="decide-disclosure-message",
                    markup=False,
                )
        yield Footer(compact=True)

    def _fields_to_release(self) -> ComposeResult:
        """The fields asked for as tick boxes, all ticked (the address one box), and what
        a part of the address asked for alone leaves out."""
        yield Label(FIELDS_TO_RELEASE, classes="field-label")
        # Each box's value is its fields' keys.
        yield TickList[tuple[str, ...]](
            *(
                (item.label, item.keys, True)
                for item in share_items(self.disclosure.fields, offered=True)
            ),
            id="decide-disclosure-fields",
        )
        if (part := address_part_alone(self.disclosure.fields)) is not None:
            yield Static(part, id="decide-disclosure-part", classes="error", markup=False)

    def _fields_ticked(self) -> tuple[str, ...]:
        """The keys of the boxes ticked, in the request's order."""
        ticked = self.query_one("#decide-disclosure-fields", SelectionList).selected
        return tuple(key for keys in ticked for key in keys)

    def on_mount(self) -> None:
        if self.refusal is None:
            self.query_one("#decide-disclosure-reason", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "approve":
            return self.refusal is None and self.no_approval is None
        if action in ("refuse", "withdrawn"):
            return self.refusal is None
        return True

    def _decide(self, outcome: Outcome) -> None:
        if self.refusal is not None:
            return
        reason = self.query_one("#decide-disclosure-reason", BoundedInput).settled_value()
        fields = None
        try:
            check_decision_reason(reason)
            if outcome is Outcome.APPROVE and self.approves:
                fields = approved_keys(self.disclosure.fields, self._fields_ticked())
        except FieldError as error:
            self.query_one("#decide-disclosure-message", Static).update(str(error))
            return
        self.dismiss(DisclosureDecision(outcome, reason, fields))

    def action_approve(self) -> None:
        self._decide(Outcome.APPROVE)

    def action_refuse(self) -> None:
        self._decide(Outcome.REFUSE)

    def action_withdrawn(self) -> None:
        self._decide(Outcome.WITHDRAWN)

    def unsaved_work(self) -> str | None:
        if self.refusal is not None:
            return None
        typed = self.query_one("#decide-disclosure-reason", BoundedInput).value.strip()
        if typed:
            return "the reason typed for the decision"
        if self.approves:
            boxes = self.query_one("#decide-disclosure-fields", SelectionList)
            if len(boxes.selected) < boxes.option_count:
                return "the fields unticked"
        return None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the request", lambda: self.dismiss(None), [self])


class ReleaseScreen(Page[None]):
    """The approved fields' values, for the approver to send by the request's channel, and
    which were asked for and not approved. Opening it records the release; the worker posts
    `Released`."""

    class Released(Message):
        def __init__(self, release: DisclosureRelease | None, error: str | None) -> None:
            super().__init__()
            self.release = release
            self.error = error

    BINDINGS = [
        Binding("escape", "done", "Done", tooltip="Sent: back", id="back"),
    ]

    def __init__(self, actor: Actor, disclosure_id: int) -> None:
        super().__init__()
        self.actor = actor
        self.disclosure_id = disclosure_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Releasing disclosure {self.disclosure_id}...", id="release-title")
        yield Static(id="release-to")
        yield Static(id="release-fields")
        yield DataTable(id="release-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="release-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#release-table", DataTable)
        table.add_columns("Field", "Value")
        table.focus()
        self._release()

    @work(thread=True, exclusive=True, group="release", exit_on_error=False)
    def _release(self) -> None:
        services = cast("CustinfoApp", self.app).services()
        result = attempt(
            "release the disclosure", services.release_disclosure, self.actor, self.disclosure_id
        )
        self.post_message(self.Released(result.value, result.error))

    def action_done(self) -> None:
        self.dismiss(None)

    @on(Released)
    def _show(self, released: Released) -> None:
        title = self.query_one("#release-title", Static)
        if released.release is None:
            title.update(Text(released.error or "Nothing to release."))
            return
        disclosure, values = released.release.disclosure, released.release.values
        title.update(
            printable_text(f"Release disclosure {disclosure.id} ({disclosure.customer_reference})")
        )
        self.query_one("#release-to", Static).update(
            printable_text(
                f"To {disclosure.requester}, {disclosure.organisation}, "
                f"by {disclosure.channel.lower()}:"
            )
        )
        approved = printable_text(approved_line(disclosure))
        reports = disclosure.reports_on(disclosure.approved_fields)
        if (lines := open_report_lines(reports, CHECK_BEFORE_SENDING)) is not None:
            approved = Text("\n").join([approved, lines])  # beside the values, not under
        self.query_one("#release-fields", Static).update(approved)
        table = self.query_one("#release-table", DataTable)
        for value in values:
            table.add_row(printable_text(value.label), printable_text(value.value), key=value.key)
        self.query_one("#release-note", Static).update(
            Text(
                "Recorded as disclosed to a third party; on the customer's timeline and "
                "subject access pack. Send exactly these, then Escape."
            )
        )


def work_disclosure(
    screen: Screen[Any], actor: Actor, disclosure: Disclosure, done: Callable[[], object]
) -> None:
    """Decide `disclosure` (waiting) or release it (approved), from `screen`; `done` runs
    after a decision is made or the release is closed."""

    def closed(_: None) -> None:
        done()

    if disclosure.status is DisclosureStatus.APPROVED:
        screen.app.push_screen(ReleaseScreen(actor, disclosure.id), closed)
        return

    def decided(decision: DisclosureDecision | None) -> None:
        if decision is not None:
            _decide(screen, actor, disclosure.id, decision, done)

    screen.app.push_screen(DecideDisclosureScreen(disclosure, actor), decided)


@work(thread=True, group="disclosure", exit_on_error=False)
def _decide(
    screen: Screen[Any],
    actor: Actor,
    disclosure_id: int,
    decision: DisclosureDecision,
    done: Callable[[], object],
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    outcome, reason = decision.outcome, decision.reason
    if outcome is Outcome.WITHDRAWN:
        result = attempt(outcome.what, services.withdraw_disclosure, actor, disclosure_id, reason)
    else:
        approve = outcome is Outcome.APPROVE
        result = attempt(
            outcome.what,
            services.decide_disclosure,
            actor,
            disclosure_id,
            approve,
            reason,
            decision.fields,
        )
    tell_handler(screen.app, result, done=outcome.done)
    if result.ok and outcome is Outcome.APPROVE:

        def closed(_: None) -> None:
            done()

        screen.app.call_from_thread(
            screen.app.push_screen, ReleaseScreen(actor, disclosure_id), closed
        )
    else:
        screen.app.call_from_thread(done)
