"""The actions of the verification policy, and their words (MP-08, MP-17).

An action is `read:<group>` (hear those fields) or `change:<group>` (change them), over the
field registry's groups, or `withdraw:consent` (take marketing consent back). The policy
says which level each needs (`domain.verification`), and a representative's scope is a set
of them, so one vocabulary covers both.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS


class Access(StrEnum):
    READ = "read"
    CHANGE = "change"


def action_for(access: Access, group: FieldGroup) -> str:
    """The policy's name for an action: `read:contact`, `change:address`, ..."""
    return f"{access.value}:{group.value}"


#: Withdrawing marketing consent (or recording the objection to direct marketing): UK GDPR
#: Art. 7(3) and 21(3) want it as easy as giving consent, so it has a level of its own,
#: Standard by default, where giving consent is `change:contact` (contact preferences).
WITHDRAW_CONSENT = "withdraw:consent"
#: Giving consent, changing the lawful basis or the Article 9 condition: contact preferences.
CHANGE_CONTACT = action_for(Access.CHANGE, FieldGroup.CONTACT)
READ_CONTACT = action_for(Access.READ, FieldGroup.CONTACT)


#: The groups a change can be made to in a call: those with a field on the record, which the
#: edit form (F6) changes. Enquiries (a call's type and notes) are kept with the call by its
#: wrap-up and notes, which need no level, so `change:enquiry` changes nothing there, and a
#: panel saying "Change: enquiries." beside F6's "Nothing can be changed" left a handler
#: guessing what it meant.
CHANGED_ON_THE_RECORD = tuple(
    group for group in FieldGroup if any(s.group is group and s.on_record for s in FIELDS.values())
)


def _said(access: Access, group: FieldGroup) -> bool:
    """Whether the words for an access name `group`: reading names and reference goes
    without saying (they pick the record), and a change only where the record has it."""
    if access is Access.READ:
        return group is not FieldGroup.IDENTITY
    return group in CHANGED_ON_THE_RECORD


def _group_words(access: str, group: FieldGroup) -> str:
    """The group as the action names it: the reference picks the record and is never
    changed (the edit form has no box for it), so changing identity is changing names."""
    if access == Access.CHANGE and group is FieldGroup.IDENTITY:
        return "names"
    return group.label


def action_label(action: str) -> str:
    """`read:contact` -> "read contact details"; `withdraw:consent` -> "withdraw marketing
    consent"."""
    if action == WITHDRAW_CONSENT:
        return "withdraw marketing consent"
    access, _, group = action.partition(":")
    return f"{access} {_group_words(access, FieldGroup(group))}"


def describe_actions(actions: Iterable[str]) -> str:
    """A short sentence for a panel: "Read: contact details, address. Change: address.".

    Withdrawing marketing consent is named only where contact details cannot be changed:
    with them, every consent can be. A change is named only where the edit form makes it
    (`CHANGED_ON_THE_RECORD`)."""
    actions = list(actions)
    parts = []
    for access in Access:
        prefix = f"{access.value}:"
        named = [FieldGroup(a.removeprefix(prefix)) for a in actions if a.startswith(prefix)]
        groups = [_group_words(access, group) for group in named if _said(access, group)]
        if groups:
            parts.append(f"{access.value.capitalize()}: {', '.join(groups)}.")
    if WITHDRAW_CONSENT in actions and CHANGE_CONTACT not in actions:
        parts.append("Withdraw: marketing consent.")
    return " ".join(parts)


def allowed_in_brief(actions: Iterable[str], *, change_needs: str | None = None) -> str:
    """What the caller may do, for the verification panel, whose 26 columns at 80x24 cut
    off the last lines of `describe_actions` at Standard and High: each access said once,
    as "everything" or "everything but ..." where that is shorter than the list, and one
    sentence for reading and changing the same. "Read: everything but support needs.
    Change: nothing (needs High). Withdraw: marketing consent."; at High, "Read and
    change: everything.".

    A caller who may read but change nothing is told so, as F6 then says, with what a
    change needs when a level within reach allows one (`change_needs`, "needs High"): the
    panel had said "Change: enquiries.", which F6 contradicted. Nothing allowed at all is
    ""."""
    actions = set(actions)
    said = {access: _groups_in_brief(access, actions) for access in Access}
    read, change = said[Access.READ], said[Access.CHANGE]
    if read and read == change:
        parts = [f"Read and change: {read}."]
    else:
        parts = [f"{a.value.capitalize()}: {words}." for a, words in said.items() if words]
    if read and not change:
        parts.append(f"Change: nothing ({change_needs})." if change_needs else "Change: nothing.")
    if WITHDRAW_CONSENT in actions and CHANGE_CONTACT not in actions:
        parts.append("Withdraw: marketing consent.")
    return " ".join(parts)


def _groups_in_brief(access: Access, actions: set[str]) -> str:
    """The groups `actions` allow for `access`, in the fewest words: "everything", the
    groups not allowed ("everything but support needs"), or the groups allowed. Names and
    reference are always read (they pick the record), so reading never names them; a
    change is said only of what the record holds (`CHANGED_ON_THE_RECORD`)."""
    groups = [g for g in FieldGroup if _said(access, g)]
    allowed = [g for g in groups if action_for(access, g) in actions]
    if not allowed:
        return ""
    left_out = [g for g in groups if g not in allowed]
    listed = ", ".join(_group_words(access, g) for g in allowed)
    if not left_out:
        return "everything"
    but = "everything but " + ", ".join(_group_words(access, g) for g in left_out)
    return min(listed, but, key=len)


ALL_ACTIONS = (
    *(action_for(access, group) for group in FieldGroup for access in Access),
    WITHDRAW_CONSENT,
)


def parse_scope(actions: Iterable[str]) -> tuple[str, ...]:
    """Check a representative's scope: every entry must be a known action. Order is kept."""
    scope = tuple(dict.fromkeys(a.strip() for a in actions))
    unknown = [a for a in scope if a not in ALL_ACTIONS]
    if unknown:
        raise ValueError(f"unknown actions in scope: {', '.join(unknown)}")
    return scope
