"""The record screen's keys, and which of them apply now.

One screen shows a customer's record in a call and out of one (screens/record.py and
screens/call_record.py), so some keys share a letter and only one of each pair applies:
Escape is Back outside a call and End call in one. `key_applies` decides from what the
screen shows (in a call or not, the active tab) and what the services say the handler may
do with the record (`RecordCapabilities`), so the footer shows only keys that act: while
the call's verification is locked, Reveal, Edit and Consent could only refuse, so they go
(and come back once a supervisor lifts the lock during the call). So they do while the
caller has no authority on file, and come back when F2 says the customer or a
representative is calling; the footer's room then goes to what that caller may still do:
a note, a complaint, a discrepancy report.
"""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding, BindingType

from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.services.capabilities import RecordCapabilities

#: Keys of a call only: the caller, their checks, revealing, ending the call and its notes.
_CALL_ONLY = frozenset(
    (
        "choose_caller",
        "focus_checks",
        "reveal_all",
        "focus_fields",
        "end_call",
        "add_note",
        "take_rights",
    )
)


class KeyedRecord(Protocol):
    """What `key_applies` reads of the record screen."""

    record: CustomerRecord

    @property
    def in_call(self) -> bool: ...

    @property
    def capabilities(self) -> RecordCapabilities: ...

    @property
    def active_tab(self) -> str: ...


RECORD_KEYS: list[BindingType] = [
    # Both on Escape: the one that applies (`key_applies`) runs and shows in the footer.
    Binding("escape", "leave", "Back", tooltip="Back to the lookup", id="back"),
    Binding(
        "escape",
        "end_call",
        "End call",
        tooltip="End the call (asks first: the caller's verification ends with it)",
        id="end_call",
    ),
    # The tab titles show these keys ("1 Details"), so the footer need not.
    Binding("1", "show_tab('details')", "Details", tooltip="The record's fields", show=False),
    Binding("2", "show_tab('changes')", "Changes", tooltip="Field history", show=False),
    Binding("3", "show_tab('history')", "Timeline", tooltip="Everything, newest first", show=False),
    Binding("4", "show_tab('people')", "Authorised", tooltip="Representatives", show=False),
    Binding("5", "show_tab('consent')", "Consent", tooltip="Consents and withdrawals", show=False),
    Binding(
        "6",
        "show_tab('complaints')",
        "Complaints",
        tooltip="Complaints: stage and what is owed next (Enter moves one on)",
        show=False,
    ),
    Binding(
        "f2",
        "choose_caller",
        "Caller",
        tooltip="Who is calling: the customer, a representative, someone else? Verify them next",
        id="caller",
    ),
    # F3 and F4 move between the panel and the fields; the panel says so, and the
    # command palette lists them, so the footer keeps its room for what acts. They act as
    # they are read (priority bindings, the focus set at once), so an answer typed straight
    # after F3 goes into the answer box, not to the fields, where its digits switch tabs.
    Binding(
        "f3",
        "focus_checks",
        "Checks",
        tooltip="Verify the caller: the answer box (Up/Down chooses the check)",
        id="checks",
        show=False,
        priority=True,
    ),
    Binding(
        "f4",
        "focus_fields",
        "Fields",
        tooltip="The record's fields (Enter reveals one)",
        id="fields",
        show=False,
        priority=True,
    ),
    Binding(
        "f5",
        "reveal_all",
        "Reveal",
        tooltip="Reveal every field the caller's verification allows",
        id="reveal",
    ),
    Binding("f6", "edit", "Edit", tooltip="Change details (reason per change)", id="edit"),
    # F6 where it changes nothing (the DPO's record with no rectification request open on
    # it): it says why. Nameless, so neither the footer nor the palette offers it.
    Binding("f6", "edit_refused", show=False),
    Binding("f9", "consent", "Consent", tooltip="Record or withdraw consent", id="consent"),
    Binding("f7", "add_representative", "Authorise", tooltip="Add a representative", id="add_rep"),
    Binding(
        "delete",
        "withdraw_representative",
        "Withdraw",
        tooltip="End the highlighted representative's authority",
        id="withdraw_rep",
    ),
    Binding(
        "ctrl+n",
        "add_note",
        "Note",
        tooltip="Add a note to this call (kept with it; the wrap-up starts from it)",
        id="note",
        show=False,  # the command palette lists it; the footer is full in a call
    ),
    Binding(
        "ctrl+r",
        "take_rights",
        "Data protection request",
        tooltip="Pass the rights the caller is exercising (access, erasure, rectification, "
        "restriction, objection, portability) to the DPO, each a request",
        id="rights",
        show=False,  # the command palette lists it; the footer is full in a call
    ),
    Binding(
        "f10",
        "raise_complaint",
        "Complaint",
        tooltip="Raise a complaint: listen, apologise, put it right, follow up",
        id="complaint",
        show=False,  # the command palette lists it; the footer is full in a call
    ),
    Binding(
        "ctrl+d",
        "report_discrepancy",
        "Discrepancy",
        tooltip="Report the highlighted field as wrong, to a supervisor",
        id="discrepancy",
        show=False,  # the command palette lists it; the footer is full in a call
    ),
    Binding(
        "ctrl+t",
        "request_disclosure",
        "Third-party request",
        tooltip="Record a request for this customer's data from the police, another "
        "organisation or a solicitor (approved before anything is released)",
        id="disclosure",
        show=False,  # the command palette lists it; the footer is full in a call
    ),
    # The same keys in the footer where it has room (`room_for`): in a call whose caller
    # has no authority, Ctrl+N, F10 and Ctrl+D (Reveal, Edit and Consent are not offered
    # there); outside a call, Ctrl+T
    # (after Edit, Consent and Authorise when the role changes details, unless Withdraw is
    # shown too); Ctrl+D and Ctrl+B as well for a role that changes nothing (the DPO's
    # footer is otherwise "esc Back").
    Binding(
        "ctrl+n",
        "add_note_shown",
        "Note",
        tooltip="Add a note to this call (kept with it; the wrap-up starts from it)",
        id="note_shown",
    ),
    Binding(
        "f10",
        "raise_complaint_shown",
        "Complaint",
        tooltip="Raise a complaint: listen, apologise, put it right, follow up",
        id="complaint_shown",
    ),
    Binding(
        "ctrl+t",
        "request_disclosure_shown",
        "Third-party",
        tooltip="Record a request for this customer's data from the police, another "
        "organisation or a solicitor (approved before anything is released)",
        id="disclosure_shown",
    ),
    Binding(
        "ctrl+e",
        "same_person_shown",
        "Same person",
        tooltip="This record and another are one person: ask a supervisor to merge them "
        "(finds the other by a search)",
        id="same_person_shown",
    ),
    Binding(
        "ctrl+d",
        "report_discrepancy_shown",
        "Discrepancy",
        tooltip="Report the highlighted field as wrong, to a supervisor",
        id="discrepancy_shown",
    ),
    Binding(
        "ctrl+b",
        "report_breach_shown",
        "Report breach",
        tooltip="Report a suspected personal-data breach to the data protection officer",
        id="breach_shown",
        # As the app's own Ctrl+B is (it works over dialogs): otherwise the footer shows
        # the app's, which it does not name, in place of this one.
        priority=True,
    ),
    Binding(
        "f8",
        "security_question",
        "Security Q",
        tooltip="Set the customer's security question and answer",
        id="security",
        show=False,  # rarely needed: the command palette lists it
    ),
    Binding(
        "ctrl+e",
        "merge_with",
        "Merge with…",
        tooltip="Merge another record of this person into this one (asks its reference)",
        id="merge",
        show=False,  # supervisors' back-office work: the command palette lists it
    ),
    # Ctrl+E for those who may not merge: ask a supervisor to (screens/same_person.py).
    # In a call the footer is full: the command palette lists it.
    Binding(
        "ctrl+e",
        "same_person",
        "Same person",
        tooltip="This record and another are one person: ask a supervisor to merge them "
        "(finds the other by a search)",
        id="same_person",
        show=False,
    ),
    # A supervisor's in a call, whose merge waits for the call to end: on their queue.
    Binding(
        "ctrl+e",
        "queue_merge",
        "Same person",
        tooltip="This record and another are one person: put them on the supervisor queue "
        "to merge once the call is wrapped up (finds the other by a search)",
        id="queue_merge",
        show=False,
    ),
]


#: Where a call's footer is full, these keys leave it first, in this order
#: (tui/widgets/footer.py): the role-play's F12 as on every screen, then F5 Reveal. The
#: footer fills when the verification panel runs past its edge and PgDn (PgUp) joins it;
#: F9 left then, though at Standard it is how a caller takes marketing consent back (as
#: easy as giving it), while the panel and the fields name F4, Enter for revealing, and
#: the command palette keeps F5.
CALL_GIVES_WAY = ("toggle_caller", "reveal_all")


#: Keys that only refuse while the call's verification is locked, or while the caller has
#: no authority on file: not offered then.
_NONE_FOR_THIS_CALLER = frozenset(("reveal_all", "edit", "consent"))

#: The keys shown in a call's footer when the caller has no authority (`room_for`): what
#: may still be done for them, in the room Reveal, Edit and Consent leave.
_SHOWN_WITHOUT_AUTHORITY = frozenset(
    ("add_note_shown", "raise_complaint_shown", "report_discrepancy_shown")
)


def key_applies(screen: KeyedRecord, action: str, parameters: tuple[object, ...]) -> bool:
    """Whether the key of `action` applies on `screen` now (Textual's `check_action`)."""
    in_call = screen.in_call
    if action in _NONE_FOR_THIS_CALLER and _nothing_for_this_caller(screen.capabilities):
        return False
    if action in ("add_note", "add_note_shown"):
        return in_call and action.endswith("_shown") == room_for(screen, "add_note_shown")
    if action in _CALL_ONLY:
        return in_call
    if action == "leave":
        return not in_call
    if action == "show_tab" and parameters == ("changes",):
        return not in_call  # hidden in a call: old values are not for the caller
    if action == "show_tab" and parameters == ("complaints",):
        return not in_call  # no room beside the panel: the timeline shows them
    if action == "edit":  # in a call, also when the caller cannot change anything yet
        capabilities = screen.capabilities
        return capabilities.edit or capabilities.edit_needs is not None
    if action == "edit_refused":
        return screen.capabilities.edit_refused is not None
    if action == "consent":  # in a call, also when it would say what it needs
        capabilities = screen.capabilities
        return capabilities.change_consent or capabilities.consent_needs is not None
    if action == "withdraw_representative":
        return (
            screen.capabilities.back_office
            and bool(screen.record.representatives)
            and screen.active_tab == "people"
        )
    if action in ("add_representative", "security_question"):
        return screen.capabilities.back_office
    if action in ("report_discrepancy", "report_discrepancy_shown"):
        shown = action.endswith("_shown")
        room = room_for(screen, "report_discrepancy_shown")
        return screen.capabilities.report_discrepancy and shown == room
    if action in ("request_disclosure", "request_disclosure_shown"):
        shown = action.endswith("_shown")
        room = room_for(screen, "request_disclosure_shown")
        return screen.capabilities.request_disclosure and shown == room
    if action == "report_breach_shown":  # otherwise the app's own Ctrl+B, in the palette
        return room_for(screen, action)
    if action in ("raise_complaint", "raise_complaint_shown"):
        shown = action.endswith("_shown")
        room = room_for(screen, "raise_complaint_shown")
        return screen.capabilities.raise_complaint and shown == room
    if action == "merge_with":
        return screen.capabilities.merge
    if action == "queue_merge":
        return screen.capabilities.queue_merge
    if action in ("same_person", "same_person_shown"):
        shown = action.endswith("_shown")
        return screen.capabilities.ask_to_merge and shown == room_for(screen, "same_person_shown")
    return True


def room_for(screen: KeyedRecord, shown: str) -> bool:
    """Whether the footer has room at 80 columns for the key of `shown` (an action named
    `..._shown`).

    In a call the footer is full, unless the caller has no authority on file: Reveal, Edit
    and Consent are not offered then, and Ctrl+N, F10 and Ctrl+D take their room. Outside
    one, for a role that changes nothing, it has only Back: Ctrl+T, Ctrl+D and Ctrl+B
    show there too (F10 is the palette's outside a call); but for the DPO's F6 Edit (a
    rectification request open on the record) Ctrl+D gives way: the DPO corrects the
    detail rather than reporting it. For a role that changes details ("esc Back f6 Edit
    f9 Consent f7 Authorise ^q Quit") there is room for Ctrl+T, unless Withdraw is shown
    too (the Authorised tab of a record with representatives); the others stay in the
    command palette. A role that may ask for a merge but not merge (a call-handler, a
    trainer) has Ctrl+E Same person there instead of Ctrl+T, which the palette keeps.
    """
    if screen.in_call:
        return shown in _SHOWN_WITHOUT_AUTHORITY and screen.capabilities.caller_without_authority
    if shown in ("add_note_shown", "raise_complaint_shown"):
        return False
    if not screen.capabilities.back_office:
        return not (screen.capabilities.edit and shown == "report_discrepancy_shown")
    if shown not in ("request_disclosure_shown", "same_person_shown"):
        return False
    if key_applies(screen, "withdraw_representative", ()):
        return False
    # Same person, for a role that asks rather than merges, before Third-party (the
    # palette's then): the line holds one of them.
    asks = screen.capabilities.ask_to_merge
    return asks if shown == "same_person_shown" else not asks


def _nothing_for_this_caller(capabilities: RecordCapabilities) -> bool:
    """Whether nothing can be revealed, changed or consented to for the caller on the line:
    verification locked, or someone with no authority on file."""
    return capabilities.verification_locked or capabilities.caller_without_authority
