"""The lookup screen's keys, and which of them apply now.

Which keys a handler gets on the lookup depends on their role (`ConsoleCapabilities`: the
audit trail, the queue, new customers, the DPO desk...), on whether the console plays a
role-play run (no training screen inside one), and for Down and Enter on where the focus
is. `key_applies` decides, so the footer and the command palette show only keys that act.
"""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding, BindingType

from custinfo_tui.services.capabilities import ConsoleCapabilities

#: What Ctrl+R, and Down or Enter in the search box, do.
_TO_RESULTS = "Move to the results list (Enter opens a customer)"
#: The keys of the search box and its results.
_SEARCH_KEYS = frozenset(
    ("focus_search", "focus_results", "first_match", "leave_search", "clear_search")
)


class KeyedLookup(Protocol):
    """What `key_applies` reads of the lookup screen."""

    capabilities: ConsoleCapabilities

    @property
    def in_search_box(self) -> bool: ...

    @property
    def has_matches(self) -> bool: ...

    @property
    def in_training(self) -> bool: ...


# The keys that move between the search box and the list act as they are read (priority
# bindings run then, and they set the focus at once), so a key typed at once after one
# of them acts where it moved to: Down, Enter opens the first match; Escape, "smith"
# searches anew. Textual's own way ran them after the keys already read had gone to
# where the focus was.
LOOKUP_KEYS: list[BindingType] = [
    # On the results, the key for the highlighted match is named in the footer, beside
    # the list's own Enter (Open), where the line has room (`GIVES_WAY`); from the box it
    # is the palette's only (below). Priority, as that one: Down, Down, Ctrl+D typed in one
    # go reports the third.
    Binding(
        "ctrl+d",
        "report_highlighted",
        "Discrepancy",
        tooltip="Report a detail of the highlighted customer as wrong, to a supervisor",
        id="discrepancy_on_results",
        priority=True,
    ),
    Binding(
        "ctrl+f",
        "focus_search",
        "Search",
        tooltip="Find a customer: type a name, phone, e-mail, postcode or reference",
        id="search",
        show=False,  # the box has the focus already; the palette lists it
        priority=True,
    ),
    Binding(
        "ctrl+r",
        "focus_results",
        "Results",
        tooltip=_TO_RESULTS,
        id="results",
        show=False,
        priority=True,
    ),
    # Down from the search box goes to the first match, as in any search list, and
    # Enter there moves to the list too. In the list itself Down and Enter are the
    # list's own (`key_applies` keeps these two to the search box).
    Binding(
        "down",
        "first_match",
        "Results",
        tooltip=_TO_RESULTS,
        id="results_down",
        show=False,
        priority=True,
    ),
    Binding(
        "enter",
        "leave_search",
        "Results",
        tooltip=_TO_RESULTS,
        id="results_enter",
        show=False,
        priority=True,
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear",
        tooltip="Clear the search box",
        id="clear",
        priority=True,
    ),
    Binding(
        "f6",
        "new_customer",
        "New customer",
        tooltip="Take a new customer's details (consent first)",
        id="new",
    ),
    Binding("ctrl+o", "app.log_out", "Log out", tooltip="End this session", id="log_out"),
    Binding("ctrl+t", "audit_trail", "Audit", tooltip="Search the audit trail", id="audit"),
    Binding(
        "ctrl+g",
        "queue",
        "Queue",
        tooltip="The supervisor queue: verification locks, possible fraud",
        id="queue",
    ),
    Binding(
        "ctrl+d",
        "report_discrepancy",
        "Discrepancy",
        tooltip="Report a detail of the highlighted customer as wrong, to a supervisor",
        id="discrepancy",
        show=False,  # the command palette lists it
        # From the search box, where the box's own Ctrl+D would delete a letter.
        priority=True,
    ),
    Binding(
        "f7",
        "dpo_desk",
        "DPO desk",
        tooltip="Data protection: subject access, erasure, retention, disclosures, breaches",
        id="dpo_desk",
    ),
    # The same key as the DPO desk: an administrator has no DPO desk, a DPO no operators.
    Binding(
        "f7",
        "operators",
        "Operators",
        tooltip="The operators: add one, reset a password, disable, enable, change a role",
        id="operators",
    ),
    Binding(
        "f8",
        "training",
        "Training",
        tooltip="Role-play training runs and their debriefs",
        id="training",
    ),
    # The same key where the footer is full (a supervisor's has Audit and Queue): in the
    # command palette only, so the footer's keys stay whole at 80 columns.
    Binding(
        "f8",
        "training_unlisted",
        "Training",
        tooltip="Role-play training runs and their debriefs",
        id="training_unlisted",
        show=False,
    ),
    # On the results only (in the box, Ctrl+E is the box's own: to the end of the line).
    Binding(
        "ctrl+e",
        "same_person",
        "Same person",
        tooltip="The highlighted customer and another listed are one person: ask a "
        "supervisor to merge them",
        id="same_person",
        show=False,  # the command palette lists it; the footer is full at 80 columns
    ),
    # A supervisor's Ctrl+E on the results merges, as their Ctrl+E on a record does: they
    # would be asking themselves (screens/merge_start.py).
    Binding(
        "ctrl+e",
        "merge_listed",
        "Merge with…",
        tooltip="The highlighted customer and another listed are one person: compare the "
        "two and merge the other into this one",
        id="merge_listed",
        show=False,  # the command palette lists it; the footer is full at 80 columns
    ),
    Binding(
        "f9",
        "my_reports",
        "My reports",
        tooltip="Your discrepancy reports and what a supervisor decided",
        id="my_reports",
        show=False,  # the command palette lists it; a supervisor's footer is full
    ),
    Binding(
        "f10",
        "my_evidence",
        "My evidence",
        tooltip="Export your evidence of practice, anonymised, for your portfolio (MP-21)",
        id="my_evidence",
        show=False,  # the command palette lists it
    ),
]


#: Where the footer is full, these keys leave it first, in this order (tui/widgets/footer.py):
#: F8 Training (work between calls) before the keys for the highlighted match, which
#: leave before a role's own (a supervisor's Audit and Queue). At 80 columns an agent's
#: results show Open and Discrepancy, Training going to the palette; a DPO's, Open.
GIVES_WAY = ("training", "report_highlighted", "open")


def key_applies(screen: KeyedLookup, action: str) -> bool:
    """Whether the key of `action` applies on `screen` now (Textual's `check_action`)."""
    capabilities = screen.capabilities
    if action in _SEARCH_KEYS and not capabilities.search_customers:
        return False  # the administrator: no search box to go to, clear or leave
    if action == "first_match":  # once the box has the keys typed before it (lookup.py)
        return screen.in_search_box
    if action == "leave_search":
        return screen.in_search_box
    if action == "audit_trail":  # only roles that may read the audit trail see its key
        return capabilities.search_audit
    if action == "queue":
        return capabilities.work_queue
    if action == "new_customer":
        return capabilities.take_new_customers
    if action == "report_discrepancy":  # from the box; on the results, named (above)
        return capabilities.report_discrepancies and screen.in_search_box
    if action == "report_highlighted":
        return capabilities.report_discrepancies and not screen.in_search_box
    if action == "same_person":
        return capabilities.ask_to_merge and not screen.in_search_box and screen.has_matches
    if action == "merge_listed":
        return capabilities.merge and not screen.in_search_box and screen.has_matches
    if action == "my_reports":
        return capabilities.report_discrepancies
    if action == "dpo_desk":
        return capabilities.dpo_desk
    if action == "operators":
        return capabilities.manage_operators
    if action in ("training", "training_unlisted", "my_evidence"):
        if screen.in_training:  # not inside a training run
            return False
        if action == "my_evidence":  # every role with evidence: not the administrator
            return capabilities.own_evidence
        if not capabilities.training_screen:  # no runs of their own to see, none to start
            return False
        # The supervisor's footer is full (Audit, Queue): F8 in the command palette only.
        return (action == "training_unlisted") == capabilities.work_queue
    return True
