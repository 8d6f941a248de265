"""The main screen: find a customer by name while the caller waits (MP-12).

Results show only what is needed to pick the right record (name, reference, masked
postcode, last digits of a phone); everything else stays masked until verification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.one_name import NO_GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.search import MAX_QUERY_LENGTH
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services.capabilities import console_capabilities
from custinfo_tui.tui.held_keys_wait import HOLD_FOR_SCREEN
from custinfo_tui.tui.printable_text import name_text, printable_text, stored_value_text
from custinfo_tui.tui.screens.access_reason import AccessReasonScreen
from custinfo_tui.tui.screens.call_choices import NO_CALLER, contact_screen
from custinfo_tui.tui.screens.call_record import CallRecordScreen
from custinfo_tui.tui.screens.lookup_keys import GIVES_WAY, LOOKUP_KEYS, key_applies
from custinfo_tui.tui.screens.lookup_new_customer import NewCustomerStart
from custinfo_tui.tui.screens.lookup_status import result_message
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.operator_line import OperatorLine
from custinfo_tui.tui.widgets.search_results import SearchResults
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

COLUMNS = ("Reference", "Name", "Postcode", "Phone")
#: A long name is cut to fit (with an ellipsis): the masked postcode and phone beside it
#: are what a handler tells two matches apart by, so they stay on the screen.
NAME_GIVES_WAY = ("Name",)
SEARCH_HINT = "Type a name, phone, e-mail, postcode or reference."
#: The status line for a role that may not search customers (the administrator).
NO_SEARCH = (
    "Your role does not search customers. F7 manages the operators, Ctrl+T opens the audit "
    "trail; Ctrl+P lists the rest."
)


class LookupScreen(NewCustomerStart):
    """Search as the handler types; the search worker posts `SearchFinished`."""

    class SearchFinished(Message):
        """A search's matches (or why there are none) and the line to show above them."""

        def __init__(self, query: str, matches: list[CustomerMatch], status: str) -> None:
            super().__init__()
            #: What was searched for: results for anything but the latest query are dropped.
            self.query = query
            self.matches = matches
            self.status = status

    class RecordOpened(Message):
        """A record opened, outside a call (`state` None) or in a call just started."""

        def __init__(self, record: CustomerRecord, state: VerificationState | None = None) -> None:
            super().__init__()
            self.record = record
            self.state = state

    BINDINGS = LOOKUP_KEYS
    GIVES_WAY = GIVES_WAY
    #: Its notifications take rows from the results, never cover one (app.tcss).
    keeps_notifications = True

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        #: What the operator's role lets them start from here, as the services decide it.
        self.capabilities = console_capabilities(actor)
        self._latest_query = ""
        #: The query whose results the list shows (the latest, once they have come).
        self._shown_query = ""
        #: Said under an empty box instead of the hint, until something is typed.
        self._said_when_empty: str | None = None
        self._merge_drafts = {}  # a supervisor's merges refused once typed (lookup_desks.py)

    def compose(self) -> ComposeResult:
        yield Header()
        # A supervisor's says how much waits on the queue (tui/widgets/operator_line.py).
        yield OperatorLine(self.actor, queue=self.capabilities.work_queue, id="operator-line")
        searches = self.capabilities.search_customers
        search = BoundedInput(
            id="search",
            placeholder="Name, phone, e-mail, postcode or reference (e.g. j smith, sw1a)"
            if searches
            else "Your role does not search customers",
            limit=MAX_QUERY_LENGTH,
        )
        search.disabled = not searches
        yield search
        yield Static(SEARCH_HINT if searches else NO_SEARCH, id="search-status", markup=False)
        # Its Up and Down act as each is read, as Ctrl+D on the highlighted customer does:
        # Down, Down, Ctrl+D typed in one go reports the third customer, not the first.
        # A name typed on it searches for it.
        table: SearchResults[Text] = SearchResults(box="#search", id="results")
        table.display = searches  # never an empty list of customers no search can fill
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results", DataTable).add_columns(*COLUMNS)
        self.query_one("#search", Input).focus()
        if self.capabilities.manage_operators and not self.capabilities.search_customers:
            self.action_operators()  # an administrator's work starts at the operators

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def action_focus_results(self) -> None:
        # At once, not as `focus()` does it (after the keys already read), so a key read
        # after this one goes to the list.
        self.set_focus(self.query_one("#results", DataTable))

    def action_first_match(self) -> None:
        """Down in the search box: to the first match, once the box has acted on the keys
        typed before it (a name and Down typed in one go); with the matches still to come,
        once they come; with nothing listed, the focus stays in the box."""
        self._once_matches_come(self._to_matches_come)

    def _to_matches_come(self) -> None:
        if self.is_attached and self.in_search_box and self.has_matches:
            self.action_focus_results()

    def action_report_discrepancy(self) -> None:
        """Ctrl+D: on the customer highlighted once the keys typed before it have acted, and
        the matches of a name typed with it have come. It acts as it is read (a priority
        key, as the search box's own Ctrl+D would delete a letter), so it had reported on
        the customer highlighted before: a name and Ctrl+D typed in one go, on a match of
        the search before."""
        self._once_matches_come(self._report_if_here)

    def action_report_highlighted(self) -> None:
        """Ctrl+D on the results, where the footer names it: the same report."""
        self.action_report_discrepancy()

    def _report_if_here(self) -> None:
        if self.is_attached and self.is_active:
            super().action_report_discrepancy()

    def _once_matches_come(self, then: Callable[[], object]) -> None:
        """Run `then` once the focused box has acted on the keys typed before (`then` is
        a key's action, run as the key is read) and the matches of what is typed have
        come; the keys typed after wait with it, so Down, Down, Enter take the third."""
        tabs = getattr(self.app, "tabs", None)
        if not isinstance(tabs, TabInOrder):
            then()
            return

        def once_typed() -> None:
            if self.searching:
                tabs.hold_until(lambda: not self.searching, then, at_most=HOLD_FOR_SCREEN)
            else:
                then()

        tabs.move(once_typed)

    def action_leave_search(self) -> None:
        self.action_focus_results()

    @property
    def in_search_box(self) -> bool:
        return self.focused is self.query_one("#search", Input)

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.set_focus(search)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(self, action)

    @property
    def in_training(self) -> bool:
        return self.custinfo.training is not None

    @property
    def has_matches(self) -> bool:
        return self.query_one("#results", DataTable).row_count > 0

    @property
    def searching(self) -> bool:
        """The results of what is in the box have not come yet (read from the box: a key
        read straight after the letters comes before the screen hears they changed)."""
        return self._typed != self._shown_query

    @property
    def _typed(self) -> str:
        return self.query_one("#search", Input).value.strip()

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        self._latest_query = query
        if not query:
            self._show([], self._said_when_empty or SEARCH_HINT, query)
            return
        self._said_when_empty = None
        # A paste of something else: say so and keep it, counted as the box's border
        # counts it (what is in the box, spaces included), so the two agree.
        if len(event.value) > MAX_QUERY_LENGTH:
            message = too_long_message("The search", len(event.value), MAX_QUERY_LENGTH)
            self._show([], message, query)
            return
        self.query_one("#search-status", Static).update("Searching...")
        self._search(query)

    @on(DataTable.RowSelected, "#results")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if not self.is_active:  # a second Enter, read before the first opened its screen
            return
        if event.row_key.value is None:
            return
        customer_id = int(event.row_key.value)

        def reason_given(reason: AccessReason | None) -> None:
            if reason is not None:
                self.custinfo.tabs.hold_until_next_screen(over=self)  # the record, loaded
                self._open_record(customer_id, reason)

        def contact_chosen(choice: Channel | str | None) -> None:
            if isinstance(choice, Channel):
                # The caller's first answer, typed straight after, goes to the call's box.
                self.custinfo.tabs.hold_until_next_screen(over=self)
                self._start_call(customer_id, choice)
            elif choice == NO_CALLER:
                self.app.push_screen(AccessReasonScreen(self.custinfo.access_reasons), reason_given)

        can_verify = self.capabilities.verify_callers
        self.app.push_screen(contact_screen(can_verify=can_verify), contact_chosen)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _start_call(self, customer_id: int, channel: Channel) -> None:
        result = attempt(
            "start the call", self.custinfo.services().start_call, self.actor, customer_id, channel
        )
        tell_handler(self, result)
        if result.value is None:
            return
        self.post_message(self.RecordOpened(*result.value))

    @work(
        thread=True,
        exclusive=True,
        group="open",
        exit_on_error=False,
        description="open a customer record",
    )
    def _open_record(self, customer_id: int, reason: AccessReason) -> None:
        result = attempt(
            "open the record", self.custinfo.services().open_record, self.actor, customer_id, reason
        )
        tell_handler(self, result)
        if result.value is None:
            return
        self.post_message(self.RecordOpened(result.value))

    @on(RecordOpened)
    def _record_opened(self, opened: RecordOpened) -> None:
        if opened.state is None:
            record = RecordScreen(opened.record, actor=self.actor)
            self.app.push_screen(record, lambda _: self._back_from(record, opened.record.version))
        else:
            self._open_call(opened.record, opened.state)

    def _open_call(self, record: CustomerRecord, state: VerificationState) -> None:
        """The record in a call just started (or a new customer's call gone on about it)."""
        self.app.push_screen(CallRecordScreen(record, state, actor=self.actor), self._call_over)

    def _back_from(self, record: RecordScreen, version: int) -> None:
        """Back from a record opened outside a call: if it was changed there, its row in
        the results is out of date (a new phone's last digits), so the search runs again."""
        if record.record.version != version and self._latest_query:
            self._search(self._latest_query)

    def afresh(self, said: str) -> None:
        """An empty search box for the next caller, with `said` under it (why the record
        open until now was closed) until something is typed."""
        self._said_when_empty = said
        self.action_clear_search()
        self.query_one("#search-status", Static).update(printable_text(said))

    def ready_for_the_next_caller(self) -> None:
        """Back from work done on what was found (a discrepancy report sent, the calls to
        finish), as from a record opened outside a call: the focus on the results, where
        the next caller's name typed at once starts a new search (the search and its
        matches stay until then: Ctrl+D reports another detail, Ctrl+F adds to the search).
        With nothing searched, the box keeps the focus."""
        if self.is_attached and self._typed:
            self.action_focus_results()

    def search_again(self) -> None:
        """Run the search typed again: a record in the results was erased meanwhile."""
        if self._latest_query:
            self._search(self._latest_query)

    def _call_over(self, _result: object = None) -> None:
        """The call has ended: the next caller is someone else, so their search starts
        afresh, with none of this caller's matches left on the screen to pick by mistake."""
        self.action_clear_search()

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        description="customer lookup",
    )
    def _search(self, query: str) -> None:
        worker = get_current_worker()
        result = attempt("search", self.custinfo.services().search_customers, self.actor, query)
        if worker.is_cancelled:
            return
        found = result.value
        if found is None:
            matches, message = [], result.error or ""
        else:
            takes_new = self.capabilities.take_new_customers
            message = result_message(found, takes_new_customers=takes_new)
            matches = list(found.matches)
        self.post_message(self.SearchFinished(query, matches, message))

    @on(SearchFinished)
    def _results_arrived(self, finished: SearchFinished) -> None:
        # A slower, older search must not overwrite the results of what is typed now.
        if finished.query == self._latest_query:
            self._show(finished.matches, finished.status, finished.query)

    def _show(self, matches: list[CustomerMatch], message: str, query: str) -> None:
        self._shown_query = query
        rows = [
            (
                str(match.customer_id),
                (
                    printable_text(format_reference(match.reference)),
                    _name_cell(match),
                    stored_value_text(match.masked_postcode or "-"),
                    printable_text(f"...{match.phone_hint}" if match.phone_hint else "-"),
                ),
            )
            for match in matches
        ]
        fill_sized(self.query_one("#results", DataTable), COLUMNS, rows, gives_way=NAME_GIVES_WAY)
        # Suggestions are names from the index: stored text.
        self.query_one("#search-status", Static).update(printable_text(message))


def _name_cell(match: CustomerMatch) -> Text:
    """The name (a part drawn as nothing says so), noting how a record was found otherwise."""
    cell = name_text(match.given_name, match.family_name)
    if match.restricted:  # only the DPO is shown one: they know before opening it
        cell.append(" (restricted)", style="bold")
    if match.merged_from:
        cell.append(f" ({match.merged_from})", style="italic")
    if match.previous_address:  # the postcode typed is one they moved from
        cell.append(" (previous address)", style="italic")
    if match.by_one_name:  # a given name typed that a record with one name only lacks
        cell.append(f" {NO_GIVEN_NAME}", style="italic")
    return cell
