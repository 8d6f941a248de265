"""What the caller on the line lets the handler disclose or change (MP-08, MP-17).

Pure policy: from the checks the caller passed, who they are (the customer, a
representative acting within a scope, someone with no authority) and whether verification
is locked, the actions allowed now and, for every other action, why not. The services read
the passed checks and the lock from the event stream and hand them here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from custinfo_tui.domain.consent import ConsentChange
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.interactions import CheckStatus, VerificationState
from custinfo_tui.domain.verification import (
    ALL_ACTIONS,
    CHANGE_CONTACT,
    NO_LEVEL,
    READ_CONTACT,
    WITHDRAW_CONSENT,
    Access,
    CallerKind,
    CheckKind,
    VerificationPolicy,
    action_for,
)

#: Names and reference: what picks the record, allowed to every caller, even when locked.
READ_IDENTITY = action_for(Access.READ, FieldGroup.IDENTITY)


@dataclass(frozen=True, slots=True)
class CallerAccess:
    """The level the caller reached, what they allow now, and why the rest is not allowed."""

    level: str
    #: Actions allowed now (`read:<group>`, `change:<group>`, `withdraw:consent`), in
    #: `ALL_ACTIONS` order.
    allowed: tuple[str, ...]
    #: Every action not allowed -> why: "needs High", "outside their scope"...
    needs: Mapping[str, str]


def caller_access(
    policy: VerificationPolicy,
    passed: Collection[CheckKind],
    caller_kind: CallerKind,
    *,
    scope: Collection[str] | None = None,
    locked: bool = False,
) -> CallerAccess:
    """What a caller who passed `passed` checks allows: the level's actions, narrowed to a
    representative's `scope`; only names and reference when verification is `locked` (a
    lock withdraws even what earlier passes allowed) or the caller has no authority."""
    level = NO_LEVEL if caller_kind is CallerKind.NO_AUTHORITY else policy.level_reached(passed)
    allowed = policy.allowed_actions(level)
    if locked or caller_kind is CallerKind.NO_AUTHORITY:
        allowed = (READ_IDENTITY,)
    elif scope is not None:
        allowed = tuple(a for a in allowed if a == READ_IDENTITY or a in scope)
    needs = {
        action: _why_not(policy, action, caller_kind, scope, locked=locked)
        for action in ALL_ACTIONS
        if action not in allowed
    }
    return CallerAccess(level=level, allowed=allowed, needs=needs)


def _why_not(
    policy: VerificationPolicy,
    action: str,
    caller_kind: CallerKind,
    scope: Collection[str] | None,
    *,
    locked: bool,
) -> str:
    if locked:
        return "verification locked"
    if caller_kind is CallerKind.NO_AUTHORITY:
        return "no authority"
    if scope is not None and action not in scope:
        # Short enough to sit whole beside a mask at 80 columns ("(hidden) · outside their
        # scope"); "authority" cut the word in half there.
        return "outside their scope"
    return f"needs {policy.level_title(policy.required_level(action))}"


def why_consents_not_recorded(
    allowed: Collection[str], needs: Mapping[str, str], change: ConsentChange
) -> str | None:
    """Why the caller's verification does not let `change` to the consents be recorded,
    or None when it does: consents are contact preferences (`change:contact`), but taking
    marketing back, or refusing it, needs only `withdraw:consent` (UK GDPR Art. 7(3),
    21(3))."""
    if CHANGE_CONTACT in allowed:
        return None
    if change.refuses_marketing_only:
        if WITHDRAW_CONSENT in allowed:
            return None
        why = needs.get(WITHDRAW_CONSENT, "not allowed")
        return f"Withdrawing marketing consent cannot be recorded in this call: {why}."
    if change.given:
        what = "Giving consent"
    elif change.basis_changed:
        what = "Changing the lawful basis"
    else:
        what = "Changing the Article 9 condition"
    return f"{what} cannot be recorded in this call: {needs.get(CHANGE_CONTACT, 'not allowed')}."


#: Who may act for the customer and what they agreed to are the customer's contacts and
#: contact preferences: the Authorised and Consent tabs show once the caller may hear
#: contact details (Standard by default).
READ_CONTACTS_TABS = READ_CONTACT

#: Why those tabs show nothing, for a caller who will not hear them in this call whatever
#: they answer: said as "Not for this caller: ...".
_NOT_FOR_THIS_CALLER = {
    "no authority": "no authority on file",
    "verification locked": "verification locked",
    "outside their scope": "outside their scope",
}


def contacts_withheld(policy: VerificationPolicy, state: VerificationState) -> str | None:
    """The one line the Authorised and Consent tabs show in a call whose caller may not yet
    hear who may act for the customer or what they agreed to, or None once they may:
    "Shown once the caller passes Standard: 1 more check." (MP-08), or, where no answer
    will show them, "Not for this caller: no authority on file."."""
    if state.allows(READ_CONTACTS_TABS):
        return None
    why = state.needs.get(READ_CONTACTS_TABS, "not allowed")
    if not why.startswith("needs "):
        return f"Not for this caller: {_NOT_FOR_THIS_CALLER.get(why, why)}."
    level = policy.required_level(READ_CONTACTS_TABS)
    passed = {c.kind for c in state.checks if c.status is CheckStatus.PASSED}
    not_on_file = {c.kind for c in state.checks if c.status is CheckStatus.NOT_ON_FILE}
    needed = _still_needed(policy, level, passed, not_on_file)
    return f"Shown once the caller passes {policy.level_title(level)}: {needed}."


def _still_needed(
    policy: VerificationPolicy,
    level_name: str,
    passed: Collection[CheckKind],
    not_on_file: Collection[CheckKind],
) -> str:
    """What reaching `level_name` still takes: "1 more check", "2 more checks, including
    security answer"; or why it cannot be reached in this call."""
    rule = next(level for level in policy.levels if level.name == level_name)
    why_not = policy.unreachable(passed, not_on_file).get(rule.title)
    if why_not is not None:
        return f"it cannot be reached in this call ({why_not})"
    named = [kind for kind in rule.requires if kind not in passed]
    more = max(rule.passes - len(passed), len(named), 1)
    needs = f"{more} more check" + ("s" if more > 1 else "")
    if named:
        needs += ", including " + " and ".join(kind.label.lower() for kind in named)
    return needs


#: A question's words about the customer, as said to the customer ("your address"), and as
#: said to someone calling for them ("their address").
_TO_A_REPRESENTATIVE = (
    (re.compile(r"\byour\b"), "their"),
    (re.compile(r"\bYour\b"), "Their"),
    (re.compile(r"\b(reach|support) you\b"), r"\1 them"),
    (re.compile(r"\byou go by\b"), "they go by"),
)


def asked_of_a_representative(question: str) -> str:
    """A field's question as asked of a representative, about the customer: "What is the
    first line of your address?" is "What is the first line of their address?", so the
    handler does not take down the representative's own details for the customer's."""
    for pattern, words in _TO_A_REPRESENTATIVE:
        question = pattern.sub(words, question)
    return question
