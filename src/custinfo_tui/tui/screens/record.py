"""A customer's record: details, field history and who accessed it.

Opened outside a call (with a reason) it shows everything. Opened in a call it is
`CallRecordScreen` (screens/call_record.py), which sits beside the verification panel:
fields stay masked until the caller passes enough checks (MP-08, MP-10). What both do, the
tabs, representatives, complaints, merging and reports, is here, and so are the keys of
both (screens/record_keys.py says which apply in a call); changing the details and the
consents is screens/record_editing.py's, which this screen is built on.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.disclosures import RELOADED_AFTER_REQUEST
from custinfo_tui.domain.discrepancies import DiscrepancyReport, needs_special_condition
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.same_person import MergeAsked
from custinfo_tui.domain.text import printable
from custinfo_tui.services.capabilities import RecordCapabilities, record_capabilities
from custinfo_tui.tui.screens.disclosure_request import request_disclosure
from custinfo_tui.tui.screens.discrepancy import report_discrepancy
from custinfo_tui.tui.screens.merge_start import MergeDraft, merge_with
from custinfo_tui.tui.screens.record_editing import RELOADED
from custinfo_tui.tui.screens.record_keys import RECORD_KEYS, key_applies
from custinfo_tui.tui.screens.record_messages import (
    FieldsRevealed,
    RecordReloaded,
    RepresentativeAdded,
    RepresentativeWithdrawn,
)
from custinfo_tui.tui.screens.record_timeline import RecordTimeline
from custinfo_tui.tui.screens.record_title import record_title
from custinfo_tui.tui.screens.representative import (
    add_representative,
    set_security_answer,
    withdraw_representative,
)
from custinfo_tui.tui.screens.same_person import (
    AFTER_THE_CALL,
    ASK_A_SUPERVISOR,
    Asking,
    ask_from_record,
)
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.complaints_table import ComplaintsTable
from custinfo_tui.tui.widgets.consents_table import ConsentsTable
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.record_fields import FieldsTable
from custinfo_tui.tui.widgets.record_history import ChangesTable, TimelineTable
from custinfo_tui.tui.widgets.record_table import RecordTable
from custinfo_tui.tui.widgets.representatives_table import RepresentativesTable
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from custinfo_tui.tui.app import CustinfoApp


class RecordScreen(RecordTimeline):
    BINDINGS = RECORD_KEYS

    def __init__(
        self,
        record: CustomerRecord,
        *,
        actor: Actor,
        correcting: DiscrepancyReport | None = None,
    ) -> None:
        super().__init__()
        self.record = record
        #: The caller's verification in a call (`CallRecordScreen`); None outside one.
        self.state: VerificationState | None = None
        self.actor = actor
        #: Opened from the queue to correct this discrepancy report (the edit corrects it).
        self.correcting = correcting
        #: What was typed for a merge into this record that was refused: Ctrl+E starts from it.
        self.merge_draft = MergeDraft()

    @property
    def in_call(self) -> bool:
        return self.state is not None

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    @property
    def active_tab(self) -> str:
        """The tab shown ("details", "people", ...); "" before the tabs are built."""
        return next((tabs.active for tabs in self.query(TabbedContent)), "")

    @property
    def capabilities(self) -> RecordCapabilities:
        """What the handler may do with the record now, as the services decide it."""
        return record_capabilities(self.actor, self.record, self.state)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="record-title")
        with Horizontal(id="record-body"):
            with Vertical(id="record-main"):
                with TabbedContent(initial="details", id="record-tabs"):
                    with TabPane("1 Details", id="details"):
                        yield FieldsTable(in_call=self.in_call, id="details-table")
                    with TabPane("2 Changes", id="changes"):
                        yield ChangesTable(id="changes-table")
                    with TabPane("3 Timeline", id="history"):
                        yield TimelineTable(in_call=self.in_call, id="history-table")
                    with TabPane("4 Authorised", id="people"):
                        yield RepresentativesTable(id="people-table")
                    with TabPane("5 Consent", id="consent"):
                        yield ConsentsTable(id="consent-table")
                    with TabPane("6 Complaints", id="complaints"):
                        yield ComplaintsTable(id="complaints-table")
                # The highlighted row whole, wrapped: a long e-mail, address or reason is
                # never cut off, however narrow the table's columns at 80 columns.
                yield Static(id="row-detail")
            if self.state is not None:
                yield VerificationPanel(self.state)
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(self, action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()  # Withdraw belongs to the Authorised tab

    def on_mount(self) -> None:
        self._show_record(self.record)
        self._lay_out()
        if self.correcting is not None:
            self.sub_title = f"discrepancy report {self.correcting.id}: F6 Edit to correct"
            self.query_one(FieldsTable).move_to(self.correcting.field)

    def _lay_out(self) -> None:
        """Hide what this screen does not show and focus where the handler starts: here,
        the fields."""
        self.query_one(FieldsTable).focus()

    # -- Drawing ---------------------------------------------------------------------------

    def _show_record(self, record: CustomerRecord) -> None:
        self.record = record
        self.query_one("#record-title", Static).update(record_title(record, self.state))
        self._show_fields()
        # In a call whose caller may not hear them (yet), the Authorised and Consent tabs
        # stay (a handler's 4 and 5 mean what they always do), empty, saying why in the
        # service's words; they fill as the caller's level allows them.
        withheld = record.contacts_withheld
        self.query_one(RepresentativesTable).show(record, withheld=withheld)
        self.query_one(ConsentsTable).show(record, withheld=withheld)
        self.query_one(ChangesTable).show(record)
        self.query_one(TimelineTable).show(record)
        self.read_timeline_if_shown()  # in a call, read while its tab is shown
        self.query_one(ComplaintsTable).show(
            record,
            self.custinfo.services().complaints,
            may_move=self.capabilities.move_complaints,
        )

    def _show_fields(self) -> None:
        """The fields as the caller's verification now allows (Enter reveals, Edit...)."""
        self.query_one(FieldsTable).show(self.record, self.capabilities)
        self._show_row_detail()

    @on(DataTable.RowHighlighted)
    @on(TabbedContent.TabActivated)
    def _show_row_detail(self) -> None:
        """The active table's highlighted row in full under the tabs ("E-mail: ...")."""
        tabs = self.query_one(TabbedContent)
        table = self.query_one(f"#{tabs.active}-table", RecordTable)
        self.query_one("#row-detail", Static).update(table.detail())

    # -- Keys --------------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # At once, not after the keys already read: F4 acts as it is read (record_keys.py).
        self.set_focus(self.query_one(f"#{tab}-table", RecordTable))
        self._check_held()  # erased since it was opened: closed (tui/erased_record.py)

    @work(thread=True, exclusive=True, group="record-held", exit_on_error=False)
    def _check_held(
        self, then: Callable[[], object] | None = None, *, tell_reloaded: bool = True
    ) -> None:
        """Ask the services whether the record is still there to work on (`still_there`);
        if not, the app closes it, else `then` runs. `tell_reloaded` False: `then` says
        itself that the record was read anew (the edit form, on its message line)."""
        if then is None:
            self.still_there()
            return
        shown = self.record.version
        there = self.still_there(tell_reloaded=False)
        self.app.call_from_thread(then if there else self.custinfo.tabs.release)
        if tell_reloaded and self.record.version != shown:
            # Said once `then` has run, so a screen it opens straight away (which opens
            # clear of the notifications said before it, screens/base.py) keeps it.
            self.notify(RELOADED, markup=False)

    def still_there(self, *, tell_reloaded: bool = True) -> bool:
        """Whether the record is still held (not erased since it was opened); if not, the
        handler is told and the app closes it. Changed at another desk since it was shown,
        it is shown again first, saying so (unless `tell_reloaded` is False: the caller
        says it), so no value read out or offered to edit is an old one. Run in a worker
        thread."""
        services, actor = self.custinfo.services(), self.actor
        result = attempt(
            "read the record", services.check_record_held, actor, self.record.customer_id
        )
        tell_handler(self, result)
        changed = result.value is not None and result.value != self.record.version
        if changed and (now := self._record_now("Reloaded after another desk changed the record")):
            # Shown before this returns: what runs next (the edit form) reads it.
            self.app.call_from_thread(self._show_record, now)
            if tell_reloaded:
                self.notify(RELOADED, markup=False)
        return result.ok

    def action_add_representative(self) -> None:
        name = self.record.name
        add_representative(self, self.actor, self.record.customer_id, name)

    def action_security_question(self) -> None:
        set_security_answer(self, self.actor, self.record.customer_id)

    def action_withdraw_representative(self) -> None:
        rep = self.query_one(RepresentativesTable).highlighted
        if rep is not None:
            withdraw_representative(self, self.actor, self.record.customer_id, rep)

    @on(RepresentativeWithdrawn)
    def _representative_withdrawn(self, message: RepresentativeWithdrawn) -> None:
        rep = message.representative
        remaining = tuple(r for r in self.record.representatives if r.id != rep.id)
        record = self.record = self.record.model_copy(update={"representatives": remaining})
        self.query_one(RepresentativesTable).show(record)
        self.refresh_bindings()
        self.notify(printable(f"{rep.name} may no longer act for the customer."), markup=False)

    @on(RepresentativeAdded)
    def _representative_added(self, message: RepresentativeAdded) -> None:
        added = message.representative
        record = self.record = self.record.model_copy(
            update={"representatives": (*self.record.representatives, added)}
        )
        self.query_one(RepresentativesTable).show(record)
        self.action_show_tab("people")
        self.notify(printable(f"{added.name} may now act for the customer."), markup=False)

    # -- Merging (MP-13) ---------------------------------------------------------------------

    def action_merge_with(self) -> None:
        merge_with(self, self.actor, self.record.customer_id, self._merged, self.merge_draft)

    def action_same_person(self) -> None:
        """This record and another, found by a search, are one person: ask a supervisor to
        merge them (screens/same_person.py), as from the lookup; a supervisor in a call
        puts them on the queue, to merge once the call is wrapped up."""
        who = f"{self.record.name} ({self.record.reference})"
        asking = AFTER_THE_CALL if self.capabilities.queue_merge else ASK_A_SUPERVISOR
        open_record, sent = (self.record.customer_id, who, who), partial(self._asked, asking)
        ask_from_record(self, self.actor, open_record, sent=sent, asking=asking)

    action_same_person_shown = action_queue_merge = action_same_person

    def _asked(self, asking: Asking, asked: MergeAsked) -> None:
        """Sent: said, and the title calls the record a possible duplicate of the other at
        once, as opening it again would (not read again: that would be another view)."""
        self._show_record(self.record.asked_same_as(asked.paired_with(self.record.reference)))
        self.notify(asking.said(asked), markup=False)

    def _merged(self) -> None:
        # Its tab's check, run before this reload, took the merge for another desk's change.
        self._reload_record("Reloaded after merging a record into it", tab="history")

    @work(thread=True, exclusive=True, group="reload-record", exit_on_error=False)
    def _reload_record(
        self, why: str = "Reloaded after another desk changed the record", tab: str = ""
    ) -> None:
        record = self._record_now(why)
        # Cancelled by a newer reload, or a reveal (which brings the record as it leaves
        # it): this one, read before, would show fields revealed since as still masked.
        # Asked again as it is handled (`_record_arrived`): cancelled just after this.
        worker = get_current_worker()
        if record is not None and not worker.is_cancelled:
            self.post_message(RecordReloaded(record, tab, superseded=lambda: worker.is_cancelled))

    def _record_now(self, why: str) -> CustomerRecord | None:
        """The record read again, in this thread: in a call as the caller may hear it, else
        opened again with `why` as the reason; None when it could not be read (restricted
        since, say), which the handler is told."""
        services, actor = self.custinfo.services(), self.actor
        if self.state is not None:
            result = attempt(
                "reload the record",
                services.record_in_call,
                actor,
                self.state.interaction_id,
                timeline=self.timeline_shown,
            )
        else:
            result = attempt(
                "reload the record",
                services.open_record,
                actor,
                self.record.customer_id,
                AccessReason(reason=why),
            )
        return tell_handler(self, result).value

    @on(RecordReloaded)
    @on(FieldsRevealed)
    def _record_arrived(self, message: RecordReloaded | FieldsRevealed) -> None:
        if isinstance(message, RecordReloaded) and message.superseded():
            return  # read before a reveal or a newer read, which brings the record since
        self._show_record(message.record)
        if isinstance(message, RecordReloaded) and message.tab:
            self.action_show_tab(message.tab)

    def action_leave(self) -> None:
        """Back to where the record was opened from: the lookup, or the queue or the list
        of requests that opened it (its Back key says which: `back_to`)."""
        self._leave()

    def _leave(self) -> None:
        self.dismiss()  # the screen below may read what changed here (the lookup's results)

    def action_report_discrepancy(self) -> None:
        """Report the highlighted field as wrong (MP-14): screens/discrepancy.py."""
        field = self.query_one(FieldsTable).highlighted
        if field is None:
            return
        special = FIELDS[field.key].category is DataCategory.SPECIAL_CATEGORY
        # Not while the record withholds the consents (a caller not yet verified to hear
        # them): no condition would read as none; the service checks it at the report.
        withheld = self.record.contacts_withheld is not None
        if special and not withheld and not self.record.consent_answers().allows_special_category():
            # What the caller says would be held without a condition: said before typing.
            self.notify(needs_special_condition(field.key), severity="warning", markup=False)
            return
        interaction_id = self.state.interaction_id if self.state is not None else None
        report_discrepancy(
            self,
            self.actor,
            self.record.customer_id,
            self.record.reference,
            field.key,
            interaction_id,
            then=lambda: self._reload_record("Reloaded after reporting a discrepancy"),
            tell=self.tell_in_call if self.in_call else None,
            caller_on_the_line=self.in_call,
        )

    def action_request_disclosure(self) -> None:
        """Record a third party's request for this customer's data (MP-17); in a call, the
        request names it."""
        request_disclosure(
            self,
            self.actor,
            self.record.customer_id,
            self.record.reference,
            self.state.interaction_id if self.state is not None else None,
            then=lambda: self._reload_record(RELOADED_AFTER_REQUEST),
        )

    def action_request_disclosure_shown(self) -> None:
        self.action_request_disclosure()

    def action_report_discrepancy_shown(self) -> None:
        self.action_report_discrepancy()

    def action_raise_complaint_shown(self) -> None:
        self.action_raise_complaint()

    async def action_report_breach_shown(self) -> None:
        await self.app.run_action("report_breach")
