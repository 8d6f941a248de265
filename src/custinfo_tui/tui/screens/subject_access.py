"""The DPO's subject access requests (MP-16) and restrictions of processing (Art. 18), a
section of the data protection desk (screens/dpo_desk.py).

The open requests are listed overdue first, with the days left, reloaded after each
action. Enter starts what the highlighted request needs next, and the footer says what
(screens/subject_access_table.py). N logs a new request, X writes the highlighted
request's pack to a file (.json for JSON, anything else printable HTML), A marks it
answered once sent (or refused, as manifestly unfounded or excessive, with the reason the
person is told), E extends it once with a reason. R restricts processing of a record and L
lifts a restriction, each with a reason.
What N, E, X, I, A and Enter do with a request is screens/subject_access_actions.py; the
forms themselves are in screens/subject_access_forms.py, the line under the list and the
"answered?" questions in screens/subject_access_words.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.data_protection.pack import ExportDone
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import ProcessingRestriction, SubjectAccessRequest
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens import subject_access_forms as forms
from custinfo_tui.tui.screens.desk_form import (
    DeskForm,
    DeskFormScreen,
    FormSaved,
)
from custinfo_tui.tui.screens.subject_access_actions import RequestActions
from custinfo_tui.tui.screens.subject_access_keys import ON_A_REQUEST, SUBJECT_ACCESS_KEYS
from custinfo_tui.tui.screens.subject_access_table import RequestsTable, enter_step
from custinfo_tui.tui.screens.subject_access_words import (
    described,
    left_or_closed,
    list_status,
)
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.service_calls import Attempt

#: The table's columns. Who asked is said on the line under it, for the highlighted
#: request: with the right's column, a column of it was cut off at 80 columns.
SAR_COLUMNS = ("No.", "Right", "Reference", "Received", "Due", "Left")


class SubjectAccessScreen(RequestActions):
    """The load worker posts `Loaded`."""

    class Loaded(Message):
        """The open requests and the records restricted now, or why they could not be
        loaded."""

        def __init__(
            self,
            requests: list[SubjectAccessRequest],
            restricted: list[ProcessingRestriction],
            error: str | None,
        ) -> None:
            super().__init__()
            self.requests = requests
            self.restricted = restricted
            self.error = error

    BINDINGS = SUBJECT_ACCESS_KEYS

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.requests: list[SubjectAccessRequest] = []
        #: The request to highlight when the list next loads (one just logged), if any.
        self._highlight: int | None = None
        #: The records whose processing is restricted now, as last loaded.
        self.restricted: list[ProcessingRestriction] = []
        #: Answered and refused requests are listed too (F4), after the open ones.
        self.answered_too = False

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Data protection requests: loading...", id="sar-status")
        yield RequestsTable(id="sar-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="sar-detail")
        yield Static(id="sar-restricted")
        # What the last action did, and anything to weigh before going on: it stays.
        yield Static(id="sar-said")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#sar-table", DataTable)
        table.add_columns(*SAR_COLUMNS)
        table.focus()
        self.action_refresh()

    @work(thread=True, exclusive=True, group="sar-load", exit_on_error=False)
    def action_refresh(self) -> None:
        services = self.custinfo.services()
        result = attempt(
            "load the requests",
            services.subject_access_requests,
            self.actor,
            include_answered=self.answered_too,
        )
        restricted = attempt("load the restrictions", services.restrictions_in_force, self.actor)
        error = result.error or restricted.error
        self.post_message(self.Loaded(result.value or [], restricted.value or [], error))

    def _back_from_erasure(self, said: str) -> None:
        """What was done at the erasure desk (or that nothing was) in place of the last
        action's line, and the list read again: the record may be erased, the request
        refused."""
        self._say(said)
        self.action_refresh()

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.requests, self.restricted = loaded.requests, loaded.restricted
        rows = [
            (
                str(request.id),
                (
                    Text(str(request.id)),
                    Text(request.right.short + ("?" if request.identity_to_verify else "")),
                    printable_text(format_reference(request.customer_reference)),
                    Text(f"{request.received_on:%d %b %Y}"),
                    Text(f"{request.due_on:%d %b %Y}"),
                    Text(left_or_closed(request)),
                ),
            )
            for request in loaded.requests
        ]
        table = self.query_one("#sar-table", DataTable)
        fill_sized(table, SAR_COLUMNS, rows, keep_place=True)
        ids = [request.id for request in loaded.requests]
        if self._highlight in ids:
            table.move_cursor(row=ids.index(self._highlight))
        self._highlight = None
        status = loaded.error or list_status(loaded.requests, answered_too=self.answered_too)
        self.query_one("#sar-status", Static).update(Text(status))
        restricted = ", ".join(format_reference(r.customer_reference) for r in loaded.restricted)
        self.query_one("#sar-restricted", Static).update(
            printable_text(f"Restricted records (Art. 18): {restricted or 'none'}.")
        )
        self.refresh_bindings()  # L, offered while a record is restricted
        self._detail()

    @on(DataTable.RowHighlighted, "#sar-table")
    def _detail(self) -> None:
        request = self._current()
        table = self.query_one(RequestsTable)
        step = enter_step(request) if request is not None and not request.answered else None
        if step != table.step:  # the footer names what Enter does for this one
            table.step = step
            self.refresh_bindings()
        if request is None:
            self.query_one("#sar-detail", Static).update("")
            return
        self.query_one("#sar-detail", Static).update(printable_text(described(request)))

    def _current(self) -> SubjectAccessRequest | None:
        table = self.query_one("#sar-table", DataTable)
        if not self.requests or table.cursor_row >= len(self.requests):
            return None
        return self.requests[table.cursor_row]

    def _chosen(self) -> SubjectAccessRequest | None:
        request = self._current()
        if request is None:
            self.notify("Choose a request first.", severity="warning", markup=False)
        return request

    def action_answered_too(self) -> None:
        """F4: the answered and refused requests listed too, or no longer."""
        self.answered_too = not self.answered_too
        self.action_refresh()

    # -- Restricting processing (Art. 18) --------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lift":
            return bool(self.restricted)
        if action in ON_A_REQUEST:  # with none listed they could only refuse
            return bool(self.requests)
        return True

    def action_restrict(self) -> None:
        request = self._current()
        reference = format_reference(request.customer_reference) if request else ""
        self._form(forms.restriction(self.actor, reference, lift=False))

    def action_lift(self) -> None:
        # The record restricted, when there is only one; not the request's.
        only = [r.customer_reference for r in self.restricted]
        reference = format_reference(only[0]) if len(only) == 1 else ""
        self._form(forms.restriction(self.actor, reference, lift=True))

    def _form(self, form: DeskForm) -> None:
        """The desk form: its save makes the form's call with the services; refused, the
        form says why and keeps what was typed; done, the DPO is told what was done and
        the list reloads."""

        def submit(values: dict[str, str]) -> Attempt[object]:
            return attempt(form.what, lambda: form.call(self.custinfo.services(), values))

        def closed(saved: FormSaved | None) -> None:
            if saved is not None:
                said = form.done(saved.values, saved.value)
                if isinstance(saved.value, SubjectAccessRequest) and saved.value.note:
                    # Erased, or other records (which the line under the list keeps
                    # saying), or the open request that covers one logged again.
                    said = f"{said} {saved.value.note}".strip()
                self.notify(said, markup=False)
                # To weigh before the pack is sent: on the page, where no dialog hides it
                # (a warning shown for a minute covered the "answered?" question).
                done = saved.value
                warning = done.desk_warning if isinstance(done, ExportDone) else None
                if isinstance(saved.value, ProcessingRestriction):  # whom to tell (Art. 19)
                    warning = saved.value.recipients_line or None
                self._say(said, warning)
                if isinstance(saved.value, SubjectAccessRequest):  # logged or changed:
                    self._highlight = saved.value.id  # highlighted once the list reloads
                self.action_refresh()

        screen = DeskFormScreen(form.title, form.explain, list(form.fields), submit)
        self.app.push_screen(screen, closed)

    def _say(self, said: str, warning: str | None = None) -> None:
        """The last action's outcome on the page, and in bold what to weigh next."""
        line = printable_text(said)
        if warning:
            line.append_text(printable_text(f" {warning}", "bold"))
        self.query_one("#sar-said", Static).update(line)
