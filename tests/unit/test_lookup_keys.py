"""Which of the lookup screen's keys apply: each role's footer shows only keys that act."""

from __future__ import annotations

from dataclasses import dataclass

from custinfo_tui.services.capabilities import ConsoleCapabilities
from custinfo_tui.tui.screens.lookup_keys import key_applies

AGENT = ConsoleCapabilities(
    search_audit=False,
    work_queue=False,
    verify_callers=True,
    take_new_customers=True,
    report_discrepancies=True,
)
SUPERVISOR = ConsoleCapabilities(
    search_audit=True,
    work_queue=True,
    verify_callers=True,
    take_new_customers=True,
    report_discrepancies=True,
)
#: The administrator: the audit trail, no customers to search, no training runs, no
#: evidence of practice.
ADMIN = ConsoleCapabilities(
    search_audit=True,
    work_queue=False,
    verify_callers=False,
    take_new_customers=False,
    search_customers=False,
    manage_operators=True,
    training_screen=False,
    own_evidence=False,
)
#: The DPO: no calls, so no training runs; records opened and searched, so evidence.
DPO = ConsoleCapabilities(
    search_audit=True,
    work_queue=False,
    verify_callers=False,
    take_new_customers=False,
    report_discrepancies=True,
    dpo_desk=True,
    training_screen=False,
)


@dataclass
class Shown:
    """The lookup screen as `key_applies` reads it."""

    capabilities: ConsoleCapabilities = AGENT
    in_search_box: bool = True
    has_matches: bool = True
    in_training: bool = False


def test_down_goes_to_the_matches_only_from_the_box() -> None:
    """In the box Down always acts: once the keys typed before it are in the box, it goes
    to the matches, waits for them, or stays with none (tests/e2e/test_lookup_screen.py)."""
    assert key_applies(Shown(), "first_match")
    assert key_applies(Shown(has_matches=False), "first_match")  # matches may be coming
    assert not key_applies(Shown(in_search_box=False), "first_match")  # the list's own Down


def test_enter_leaves_the_box_for_the_list_but_is_the_lists_own_there() -> None:
    assert key_applies(Shown(has_matches=False), "leave_search")
    assert not key_applies(Shown(in_search_box=False), "leave_search")


def test_the_supervisor_has_the_audit_trail_and_queue_and_training_in_the_palette() -> None:
    supervisor, agent = Shown(capabilities=SUPERVISOR), Shown()
    for action in ("audit_trail", "queue", "training_unlisted"):
        assert key_applies(supervisor, action)
        assert not key_applies(agent, action)
    assert key_applies(agent, "training") and not key_applies(supervisor, "training")


def test_inside_a_role_play_run_there_is_no_training_screen_or_evidence_export() -> None:
    for action in ("training", "training_unlisted", "my_evidence"):
        assert not key_applies(Shown(in_training=True), action)
    assert key_applies(Shown(in_training=True), "new_customer")


def test_a_role_that_searches_no_customers_has_no_search_keys() -> None:
    """The administrator's lookup has no search box: no Search, Results or Clear keys in
    the footer or the command palette."""
    for action in ("focus_search", "focus_results", "first_match", "leave_search"):
        assert not key_applies(Shown(capabilities=ADMIN), action)
    assert not key_applies(Shown(capabilities=ADMIN), "clear_search")
    assert key_applies(Shown(capabilities=ADMIN), "audit_trail")
    assert key_applies(Shown(), "clear_search")


def test_a_role_with_no_runs_to_see_is_not_offered_the_training_screen() -> None:
    """The DPO and the administrator take no calls, so are never trainees: F8 opened an
    empty list. The DPO's own evidence of practice (searches, records opened, reports) is
    still theirs to export; the administrator, who opens no record, has none."""
    admin, dpo = Shown(capabilities=ADMIN), Shown(capabilities=DPO)
    for action in ("training", "training_unlisted"):
        assert not key_applies(admin, action)
        assert not key_applies(dpo, action)
    assert key_applies(dpo, "my_evidence")
    assert not key_applies(admin, "my_evidence")


def test_ctrl_d_is_named_on_the_results_and_the_palettes_from_the_box() -> None:
    """One of the two Ctrl+D keys applies at a time: the one the footer shows on the
    results, the unnamed one in the box (where the box's own Ctrl+D would delete)."""
    box, results = Shown(), Shown(in_search_box=False)
    assert key_applies(box, "report_discrepancy") and not key_applies(box, "report_highlighted")
    assert key_applies(results, "report_highlighted")
    assert not key_applies(results, "report_discrepancy")
    admin = Shown(capabilities=ADMIN, in_search_box=False)
    assert not key_applies(admin, "report_highlighted")
