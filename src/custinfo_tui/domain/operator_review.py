"""What a security review says of the operators' logins (MP-11): how many administrators
there are, and which logins have gone unused; the rest of the review is
`domain/security_review.py`, whose `Check` and `Status` these findings are. Findings name
operator ids, never an operator's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from custinfo_tui.domain.security_review import Check, Status

#: More administrators than this is more people than usual who can create logins.
MAX_ADMINISTRATORS = 3
#: An active operator unused this long is a login nobody would miss being misused.
DORMANT_AFTER_DAYS = 90


def administrators_check(active_admins: int, *, operators: int) -> Check:
    """How many active administrators there are, of `operators` in all."""
    topic = "administrators"
    if operators == 0:
        # An `init` stopped before its administrator (a refused password, Ctrl+D): the
        # database is ready, nobody can log in, and `init` run again creates one.
        return Check(
            topic=topic,
            status=Status.FAIL,
            finding="no operators at all: run `custinfo init` to create the first administrator",
            action="Nobody can log in until then; `custinfo init` asks for the password.",
        )
    if active_admins == 0:
        return Check(
            topic=topic,
            status=Status.WARN,
            finding="no active administrator: nobody can add operators or reset passwords",
            action="Nobody can manage operators until there is one; custinfo has no command "
            "to restore an administrator yet (ask your supplier).",
        )
    if active_admins > MAX_ADMINISTRATORS:
        return Check(
            topic=topic,
            status=Status.WARN,
            finding=f"{active_admins} active: more than the {MAX_ADMINISTRATORS} usually needed",
            action="Disable the administrators who do not need the role: "
            "`custinfo operator disable USERNAME --as ADMIN`.",
        )
    return Check(topic=topic, status=Status.OK, finding=f"{active_admins} active")


def dormant_operators_check(operator_ids: Sequence[int]) -> Check:
    """Active operators without a login for DORMANT_AFTER_DAYS days, by id (not by name)."""
    topic = f"unused logins ({DORMANT_AFTER_DAYS} days)"
    if not operator_ids:
        return Check(
            topic=topic,
            status=Status.OK,
            finding=f"no active operator has gone {DORMANT_AFTER_DAYS} days without a login",
        )
    ids = ", ".join(f"#{operator_id}" for operator_id in sorted(operator_ids))
    count = len(operator_ids)
    return Check(
        topic=topic,
        status=Status.WARN,
        finding=f"{count} active operator{'s have' if count > 1 else ' has'} not logged in "
        f"for {DORMANT_AFTER_DAYS} days: operator id {ids}",
        action="See who each is with `custinfo audit show --as ADMIN --operator ID`; disable "
        "those who no longer need access: `custinfo operator disable USERNAME --as ADMIN`.",
    )
