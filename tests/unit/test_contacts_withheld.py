"""What the Authorised and Consent tabs say in a call while the caller may not hear who may
act for the customer or what they agreed to (`contacts_withheld`, MP-08)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from custinfo_tui.domain.caller_access import caller_access, contacts_withheld
from custinfo_tui.domain.interactions import Caller, CheckState, CheckStatus, VerificationState
from custinfo_tui.domain.verification import (
    CallerKind,
    Channel,
    CheckKind,
    LevelRule,
    VerificationPolicy,
)

POLICY = VerificationPolicy()


def _state(
    policy: VerificationPolicy,
    passed: Collection[CheckKind] = (),
    *,
    not_on_file: Collection[CheckKind] = (),
    kind: CallerKind = CallerKind.CUSTOMER,
    scope: Collection[str] | None = None,
    locked: bool = False,
) -> VerificationState:
    access = caller_access(policy, passed, kind, scope=scope, locked=locked)

    def status(check: CheckKind) -> CheckStatus:
        if check in passed:
            return CheckStatus.PASSED
        return CheckStatus.NOT_ON_FILE if check in not_on_file else CheckStatus.NOT_ASKED

    return VerificationState(
        interaction_id=1,
        customer_id=1,
        channel=Channel.PHONE,
        started_at=datetime(2026, 12, 5, 10, 30, tzinfo=UTC),
        caller=Caller(kind=kind, description="the customer"),
        level=access.level,
        level_title=policy.level_title(access.level),
        passes=len(passed),
        checks=tuple(
            CheckState(kind=check, label=check.label, question="?", status=status(check))
            for check in policy.checks
        ),
        next_step=None,
        allowed=access.allowed,
        allowed_text="",
        locked=locked,
        failures_left=3,
        needs=dict(access.needs),
    )


def test_before_standard_the_tabs_say_how_many_more_checks_show_them() -> None:
    assert contacts_withheld(POLICY, _state(POLICY)) == (
        "Shown once the caller passes Standard: 2 more checks."
    )
    one = _state(POLICY, {CheckKind.DATE_OF_BIRTH})
    assert contacts_withheld(POLICY, one) == "Shown once the caller passes Standard: 1 more check."


def test_at_standard_they_show() -> None:
    state = _state(POLICY, {CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE})
    assert contacts_withheld(POLICY, state) is None


def test_a_level_naming_a_check_says_so_and_one_out_of_reach_says_why() -> None:
    policy = VerificationPolicy(
        levels=(LevelRule(name="high", passes=2, requires=(CheckKind.SECURITY_ANSWER,)),),
        actions={"read:identity": "none"},
    )
    assert contacts_withheld(policy, _state(policy, {CheckKind.POSTCODE})) == (
        "Shown once the caller passes High: 1 more check, including security answer."
    )
    no_answer = _state(policy, not_on_file={CheckKind.SECURITY_ANSWER})
    assert contacts_withheld(policy, no_answer) == (
        "Shown once the caller passes High: it cannot be reached in this call "
        "(no security answer on file)."
    )


def test_a_caller_no_answer_helps_is_told_why_not() -> None:
    passed = {CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE}
    cases = {
        "Not for this caller: no authority on file.": _state(POLICY, kind=CallerKind.NO_AUTHORITY),
        "Not for this caller: verification locked.": _state(POLICY, passed, locked=True),
        "Not for this caller: outside their scope.": _state(
            POLICY, passed, kind=CallerKind.REPRESENTATIVE, scope=("read:address",)
        ),
    }
    for said, state in cases.items():
        assert contacts_withheld(POLICY, state) == said
