"""The boxes of the operators screen's forms (add an operator, change a role), the question
asked before a login is given a role that sees or manages more, and the dialog showing a
temporary password once (tui/screens/operators.py).

A role is chosen from a list: typed, "call-handler" had been taken and "cook" refused
only at the save, and a slip of one letter could make an administrator.
"""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.operators import IssuedPassword, OperatorSummary
from custinfo_tui.domain.password_policy import TEMPORARY_PASSWORD_HOURS
from custinfo_tui.domain.roles import Role
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.desk_form import FormField

#: Roles that see every customer's data protection work or manage the logins themselves:
#: given only once the administrator has said yes to a question naming what they get.
ELEVATED = {
    Role.DPO: "every customer's subject access, erasure and breach records, and the audit trail",
    Role.ADMIN: "every login: adding operators, resetting passwords, disabling logins and "
    "changing roles, their own included",
}


def role_field(label: str, *, leaving_out: Role | None = None) -> FormField:
    """A drop-down of the roles (`leaving_out`: the one the operator has already)."""
    choices = tuple((role.label, role.value) for role in Role if role is not leaving_out)
    return FormField("operator-role", label, "Choose a role", key="role", choices=choices)


def new_operator_fields() -> list[FormField]:
    """The add form's boxes: username, name, role."""
    return [
        FormField(
            "operator-username",
            "Username",
            "what they log in with, no spaces (e.g. jbloggs)",
            problem=_username_problem,
            limit=64,
            key="username",
        ),
        FormField(
            "operator-name",
            "Name",
            "as the console shows it (e.g. Jo Bloggs)",
            problem=lambda value: None if value.strip() else "Give their name.",
            limit=120,
            key="name",
        ),
        role_field("Role"),
    ]


def elevated_question(username: str, role: Role) -> tuple[str, str] | None:
    """The title and explanation of the question asked before `username` is made a DPO or
    an administrator, as disabling and resetting ask; None for another role."""
    sees = ELEVATED.get(role)
    if sees is None:
        return None
    return (
        f"Make {username} {_article(role)} {role.label}?",
        f"A {role.label} sees or manages {sees}. Check who asked for it first.",
    )


def _article(role: Role) -> str:
    return "an" if role.label[:1] in "AEIOU" else "a"


def still_disabled(operator: OperatorSummary) -> str:
    """What a reset leaves as it was, said before it is made and with the password: a
    disabled login stays disabled, so the temporary password lets no one in until E."""
    if operator.active:
        return ""
    return f"{operator.username} stays disabled: E enables the login for it to work. "


def temporary_password_shown(issued: IssuedPassword) -> ChoiceScreen[str]:
    """The temporary password, once: to give the operator in person."""
    operator = issued.operator
    return ChoiceScreen(
        f"Temporary password for {operator.username}",
        Text.assemble(
            Text(f"{issued.temporary_password}\n", style="bold"),
            printable_text(
                f"Shown only this once. Give it to {operator.display_name} in person; they "
                f"choose their own at their next login, within {TEMPORARY_PASSWORD_HOURS} hours. "
                f"{still_disabled(operator)}"
            ),
        ),
        [("Done: I have given it or noted it", "done")],
        # The operator is added (or the password reset) already: Escape cancels nothing.
        escape=("Close", "Close: the password is not shown again"),
    )


def _username_problem(value: str) -> str | None:
    typed = value.strip()
    if not typed or " " in typed:
        return "A username is 1 to 64 characters with no spaces."
    return None
