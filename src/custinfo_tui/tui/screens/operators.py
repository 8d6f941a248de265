"""The administrator's operators (F7 on the lookup): every login, how it stands, and what
an administrator does to one: add it, reset its password, disable or enable it, change its
role. The same calls as `custinfo operator` (docs/access-control.md), each audited under
the administrator's name.

A new login's or a reset's temporary password is shown once, in a dialog of its own, to be
given to the operator in person; it is never put in a notification, which the console
keeps, nor logged. Disabling a login and resetting a password ask first: both end a
session the operator may have open.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.operators import Actor, IssuedPassword, OperatorSummary
from custinfo_tui.domain.roles import Role
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen, FormField, FormSaved
from custinfo_tui.tui.screens.operator_forms import (
    elevated_question,
    new_operator_fields,
    role_field,
    still_disabled,
    temporary_password_shown,
)
from custinfo_tui.tui.service_calls import Attempt, attempt, tell_handler
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from collections.abc import Callable

    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.ports import ConsoleServicesPort

COLUMNS = ("Username", "Name", "Role", "Login")
#: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table says
#: the highlighted operator whole): a long name and username had pushed Role and Login,
#: whether the login is locked or disabled, off the screen.
GIVES_WAY = ("Name", "Username")
#: Under the table on one's own row, which has no Disable, Role nor Reset password.
OWN_LOGIN_SAID = ' This is your own login: change your own password with Ctrl+P, "Change password".'


#: What a form's save returns when the role chosen asks a question first (`_form`).
_TO_CONFIRM = object()


class OperatorsScreen(Page[None]):
    """Every operator, by username; the loading worker posts `Loaded`."""

    class Loaded(Message):
        def __init__(self, operators: list[OperatorSummary], error: str | None) -> None:
            super().__init__()
            self.operators = operators
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
        # A Tab typed straight after it moves on in the form it opens (tui/tab_in_order.py).
        Binding("n", "add", "Add", tooltip="Add an operator, with a temporary password"),
        Binding(
            "r", "reset", "Reset password", tooltip="A new temporary password; lifts a lockout"
        ),
        Binding("d", "disable", "Disable", tooltip="Stop them logging in; history kept"),
        Binding("e", "enable", "Enable", tooltip="Let a disabled operator log in again"),
        Binding("c", "change_role", "Role", tooltip="Give them another role, from next login"),
        Binding("f5", "refresh", "Refresh", tooltip="Read the operators again", show=False),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.operators: list[OperatorSummary] = []
        #: The operator to highlight once the list is read again: one just added, whom the
        #: next key (R, C) is most likely meant for, rather than the row the cursor was on.
        self._to_highlight: int | None = None
        #: Whether it has been shown before: each later showing reads the list again.
        self._shown_before = False

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Operators: reading...", id="operators-status")
        yield DataTable(id="operators-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="operators-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#operators-table", DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.action_refresh()

    @property
    def highlighted(self) -> OperatorSummary | None:
        row = self.query_one("#operators-table", DataTable).cursor_row
        return self.operators[row] if 0 <= row < len(self.operators) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for the highlighted operator only where they act: Disable on an active
        login but one's own, Enable on a disabled one, Role and Reset on anyone else's (a
        reset of one's own password ended the session that would show the temporary one:
        the line under the table says how to change it instead)."""
        if action not in ("reset", "disable", "enable", "change_role"):
            return True
        operator = self.highlighted
        if operator is None:
            return False
        own = operator.id == self.actor.operator_id
        if action == "disable":
            return operator.active and not own
        if action == "enable":
            return not operator.active
        return not own  # change_role, reset

    def on_screen_resume(self) -> None:
        """Shown again, the list as it stands now: another administrator, or `custinfo
        operator` at a shell, may have disabled a login or changed a role meanwhile, and a
        row read before offered Disable on a login already disabled. Every way back to the
        list is a screen over it closing (a form, a question, the password change, the idle
        lock, which is a screen too), so it needs no `read_again` (tui/read_again.py): a
        dialog over it at the lock shows the list, read again, once it closes."""
        super().on_screen_resume()
        if self._shown_before:  # the first showing is read as it mounts
            self.action_refresh()
        self._shown_before = True

    @work(thread=True, exclusive=True, group="operators", exit_on_error=False)
    def action_refresh(self) -> None:
        result = attempt("list the operators", self.custinfo.services().operators, self.actor)
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.operators = loaded.operators
        table = self.query_one("#operators-table", DataTable)
        now = datetime.now(UTC)
        rows = [
            (
                str(operator.id),
                (
                    printable_text(operator.username),
                    printable_text(operator.display_name),
                    Text(operator.role.label),
                    _login_cell(operator, now),
                ),
            )
            for operator in loaded.operators
        ]
        fill_sized(table, COLUMNS, rows, keep_place=True, gives_way=GIVES_WAY)
        self._highlight_new(table)
        active = sum(1 for operator in loaded.operators if operator.active)
        status = loaded.error or (
            f"Operators: {len(loaded.operators)}, {active} active. "
            "N adds one; the keys below act on the highlighted one."
        )
        self.query_one("#operators-status", Static).update(Text(status))
        self._detail()

    def _highlight_new(self, table: DataTable[Text]) -> None:
        """Move the highlight to the operator just added, if the list now holds them."""
        wanted, self._to_highlight = self._to_highlight, None
        ids = [operator.id for operator in self.operators]
        if wanted in ids:
            table.move_cursor(row=ids.index(wanted))

    @on(DataTable.RowHighlighted, "#operators-table")
    def _detail(self) -> None:
        operator = self.highlighted
        self.refresh_bindings()
        if operator is None:
            self.query_one("#operators-detail", Static).update("")
            return
        own = OWN_LOGIN_SAID if operator.id == self.actor.operator_id else ""
        line = (
            f"{operator.username} ({operator.display_name}), {operator.role.label}: "
            f"{operator.standing(datetime.now(UTC))}.{own}"
        )
        self.query_one("#operators-detail", Static).update(printable_text(line))

    # -- What an administrator does --------------------------------------------------------

    def action_add(self) -> None:
        def add(services: ConsoleServicesPort, values: dict[str, str]) -> IssuedPassword:
            return services.add_operator(
                self.actor,
                values["operator-username"],
                values["operator-name"],
                Role(values["operator-role"]),
            )

        def check(values: dict[str, str]) -> Attempt[object]:
            return attempt(
                "check the new operator's details",
                lambda: self.custinfo.services().check_new_operator(
                    self.actor, values["operator-username"], values["operator-name"]
                ),
            )

        self._form(
            "Add an operator",
            "They get a temporary password, shown once, to change at their first login.",
            new_operator_fields(),
            "add the operator",
            add,
            check=check,
            username=lambda values: values["operator-username"].strip(),
        )

    def action_change_role(self) -> None:
        operator = self.highlighted
        if operator is None:
            return

        def change(services: ConsoleServicesPort, values: dict[str, str]) -> OperatorSummary:
            role = Role(values["operator-role"])
            return services.change_operator_role(self.actor, operator.username, role)

        self._form(
            f"Change {operator.username}'s role",
            f"Now {operator.role.label}. The new role applies from their next login; a "
            "session they have open ends.",
            [role_field("New role", leaving_out=operator.role)],
            "change the role",
            change,
            username=lambda _values: operator.username,
        )

    def action_reset(self) -> None:
        operator = self.highlighted
        if operator is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                self._call(
                    "reset the password",
                    lambda services: services.reset_operator_password(
                        self.actor, operator.username
                    ),
                )

        self.app.push_screen(
            ChoiceScreen(
                f"Reset {operator.username}'s password?",
                "They get a temporary password, shown once, and must choose their own at "
                "their next login. A session they have open ends; a lockout is lifted. "
                f"{still_disabled(operator)}Check who is asking first.",
                [("No, go back", "no"), ("Yes, reset it", "yes")],
            ),
            chosen,
        )

    def action_disable(self) -> None:
        operator = self.highlighted
        if operator is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                self._call(
                    "disable the login",
                    lambda services: services.disable_operator(self.actor, operator.username),
                )

        self.app.push_screen(
            ChoiceScreen(
                f"Disable {operator.username}?",
                "They can no longer log in, and a session they have open ends. Their "
                "history is kept; E enables the login again.",
                [("No, go back", "no"), ("Yes, disable it", "yes")],
            ),
            chosen,
        )

    def action_enable(self) -> None:
        operator = self.highlighted
        if operator is not None:
            self._call(
                "enable the login",
                lambda services: services.enable_operator(self.actor, operator.username),
            )

    def _form(
        self,
        title: str,
        explain: str,
        fields: list[FormField],
        what: str,
        call: Callable[[ConsoleServicesPort, dict[str, str]], object],
        *,
        username: Callable[[dict[str, str]], str],
        check: Callable[[dict[str, str]], Attempt[object]] | None = None,
    ) -> None:
        """A form whose save makes `call`; refused, it says why and keeps what was typed;
        done, the administrator is told (a new password in its own dialog) and the list
        reloads. `check`: what the service would refuse, asked when the form refuses a box
        itself (desk_form.py), and before a role that sees or manages more is given: the
        form then closes on what the service would take, and `call` is made once the
        administrator has said yes (`elevated_question`)."""

        def question(values: dict[str, str]) -> tuple[str, str] | None:
            return elevated_question(username(values), Role(values["operator-role"]))

        def submit(values: dict[str, str]) -> Attempt[object]:
            if question(values) is None:
                return attempt(what, lambda: call(self.custinfo.services(), values))
            checked: Attempt[object] = check(values) if check is not None else Attempt()
            return checked if not checked.ok else Attempt(value=_TO_CONFIRM)

        def closed(saved: FormSaved | None) -> None:
            if saved is None:
                return
            asked = question(saved.values) if saved.value is _TO_CONFIRM else None
            if asked is None:
                self._done(saved.value)
                return

            def chosen(choice: str | None) -> None:
                if choice == "yes":
                    self._call(what, lambda services: call(services, saved.values))

            title, said = asked
            choices = [("No, go back", "no"), (f"Yes, {what}", "yes")]
            self.app.push_screen(ChoiceScreen(title, said, choices), chosen)

        self.app.push_screen(DeskFormScreen(title, explain, fields, submit, check=check), closed)

    @work(thread=True, exclusive=True, group="operator-call", exit_on_error=False)
    def _call(self, what: str, call: Callable[[ConsoleServicesPort], object]) -> None:
        result = attempt(what, call, self.custinfo.services())
        tell_handler(self, result)
        if result.ok:
            self.app.call_from_thread(self._done, result.value)
        else:
            self.action_refresh()

    def _done(self, value: object) -> None:
        """What the administrator is told of a change made: a new temporary password in a
        dialog of its own, anything else in a line; then the list, read again."""
        if isinstance(value, IssuedPassword):
            self._to_highlight = value.operator.id
            self.app.push_screen(temporary_password_shown(value))
        elif isinstance(value, OperatorSummary):
            self.notify(
                f"{value.username}: {value.role.label}, {value.standing(datetime.now(UTC))}.",
                markup=False,
            )
        self.action_refresh()


def _login_cell(operator: OperatorSummary, now: datetime) -> Text:
    """How the login stands, in the table: in bold unless it is simply active."""
    said = operator.standing(now, short=True)
    return Text(said, style="" if said == "active" else "bold")
