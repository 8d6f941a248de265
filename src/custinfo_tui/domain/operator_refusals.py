"""An administrator's operator command refused, as the audit stream records it.

A refusal is evidence too: a call-handler trying `custinfo operator list` with their own
password, or an administrator trying to disable their own login, is something a
reviewer of the trail should see, not only the login and log-out around it. The event
(`operator.management_refused`) names the command and why in these codes, never what
was typed (docs/access-control.md, "Refused commands").
"""

from __future__ import annotations

from enum import StrEnum


class OperatorCommand(StrEnum):
    """What the administrator asked for: `custinfo operator`'s subcommands, which the
    console's operators screen makes as the same calls."""

    ADD = "add"
    DISABLE = "disable"
    ENABLE = "enable"
    SET_ROLE = "set-role"
    RESET_PASSWORD = "reset-password"
    LIST = "list"


class OperatorRefusal(StrEnum):
    """Why it was refused: the `reason` detail of `operator.management_refused`."""

    #: The operator's role does not manage operators.
    NOT_ADMINISTRATOR = "not_administrator"
    #: An administrator whose own password is temporary, at the command line.
    TEMPORARY_PASSWORD = "temporary_password"
    NO_SUCH_OPERATOR = "no_such_operator"
    #: Disabling one's own login.
    OWN_LOGIN = "own_login"
    #: Changing one's own role.
    OWN_ROLE = "own_role"
    #: Resetting one's own password: the reset ends the session that would show the
    #: temporary password, and the old one no longer works.
    OWN_PASSWORD = "own_password"
    DISABLED_ALREADY = "disabled_already"
    ACTIVE_ALREADY = "active_already"
    #: Giving someone the role they have.
    ROLE_HELD = "role_held"
    #: A new operator's username taken (other details may be refused with it: `fields`).
    USERNAME_TAKEN = "username_taken"
    #: A new operator's details refused (a username with spaces, a name holding a hidden
    #: character): the event's `fields` name which.
    DETAILS_REFUSED = "details_refused"
