"""Which of the record screen's keys apply: the footer shows only keys that act."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from textual.binding import Binding

from custinfo_tui.services.capabilities import RecordCapabilities
from custinfo_tui.tui.screens.record_keys import RECORD_KEYS, key_applies


@dataclass
class Shown:
    """The record screen as `key_applies` reads it."""

    in_call: bool = False
    capabilities: RecordCapabilities = field(default_factory=RecordCapabilities)
    active_tab: str = "details"
    record: Any = field(default_factory=lambda: SimpleNamespace(representatives=()))


AGENT = RecordCapabilities(
    editable=frozenset({"email"}), report_discrepancy=True, request_disclosure=True
)
SUPERVISOR = RecordCapabilities(
    editable=frozenset({"email"}),
    back_office=True,
    merge=True,
    report_discrepancy=True,
    request_disclosure=True,
)
#: A data protection officer opening a record: reads and reports, changes nothing.
READER = RecordCapabilities(report_discrepancy=True, request_disclosure=True)


def test_escape_is_back_outside_a_call_and_end_call_in_one() -> None:
    assert key_applies(Shown(), "leave", ())
    assert not key_applies(Shown(), "end_call", ())
    assert key_applies(Shown(in_call=True), "end_call", ())
    assert not key_applies(Shown(in_call=True), "leave", ())


@pytest.mark.parametrize("action", ["choose_caller", "focus_checks", "reveal_all", "add_note"])
def test_the_callers_keys_apply_only_in_a_call(action: str) -> None:
    assert key_applies(Shown(in_call=True, capabilities=AGENT), action, ())
    assert not key_applies(Shown(capabilities=AGENT), action, ())


def test_old_values_and_complaints_tabs_are_not_offered_in_a_call() -> None:
    for tab in ("changes", "complaints"):
        assert key_applies(Shown(), "show_tab", (tab,))
        assert not key_applies(Shown(in_call=True), "show_tab", (tab,))
    assert key_applies(Shown(in_call=True), "show_tab", ("details",))


def test_edit_shows_in_a_call_to_say_what_the_caller_needs() -> None:
    waiting = RecordCapabilities(edit_needs="needs High")
    assert key_applies(Shown(in_call=True, capabilities=waiting), "edit", ())
    assert not key_applies(Shown(in_call=True, capabilities=RecordCapabilities()), "edit", ())


def test_withdraw_applies_on_the_authorised_tab_with_someone_to_withdraw() -> None:
    someone = SimpleNamespace(representatives=("Alex Example",))
    on_tab = Shown(capabilities=SUPERVISOR, active_tab="people", record=someone)
    assert key_applies(on_tab, "withdraw_representative", ())
    on_details = Shown(capabilities=SUPERVISOR, record=someone)
    assert not key_applies(on_details, "withdraw_representative", ())
    nobody = Shown(capabilities=SUPERVISOR, active_tab="people")
    assert not key_applies(nobody, "withdraw_representative", ())


def test_a_reader_sees_the_report_keys_in_the_footer_others_in_the_palette() -> None:
    reader, agent = Shown(capabilities=READER), Shown(capabilities=SUPERVISOR)
    for action in ("report_discrepancy", "request_disclosure"):
        assert key_applies(reader, f"{action}_shown", ())
        assert not key_applies(reader, action, ())
    assert key_applies(reader, "report_breach_shown", ())
    # A role that changes details: Ctrl+T where its footer has room, the rest in the palette.
    assert key_applies(agent, "report_discrepancy", ())
    assert not key_applies(agent, "report_discrepancy_shown", ())
    assert key_applies(agent, "request_disclosure_shown", ())
    assert not key_applies(agent, "request_disclosure", ())
    assert not key_applies(agent, "report_breach_shown", ())
    shown = {b.action for b in RECORD_KEYS if isinstance(b, Binding) and b.show}
    assert {"report_discrepancy_shown", "request_disclosure_shown", "report_breach_shown"} <= shown


def test_the_request_key_leaves_the_footer_where_withdraw_fills_it_and_in_a_call() -> None:
    someone = SimpleNamespace(representatives=("Alex Example",))
    withdrawing = Shown(capabilities=SUPERVISOR, active_tab="people", record=someone)
    assert not key_applies(withdrawing, "request_disclosure_shown", ())
    assert key_applies(withdrawing, "request_disclosure", ())
    for capabilities in (AGENT, READER):
        in_call = Shown(in_call=True, capabilities=capabilities)
        assert not key_applies(in_call, "request_disclosure_shown", ())
        assert not key_applies(in_call, "report_breach_shown", ())
        assert key_applies(in_call, "request_disclosure", ())


def test_merging_is_a_supervisors_key() -> None:
    assert key_applies(Shown(capabilities=SUPERVISOR), "merge_with", ())
    assert not key_applies(Shown(capabilities=AGENT), "merge_with", ())


def test_reveal_edit_and_consent_are_not_offered_while_verification_is_locked() -> None:
    """They could only refuse ("verification locked"), though Edit and Consent otherwise
    show in a call to say what the caller needs."""
    locked = RecordCapabilities(
        edit_needs="verification locked",
        consent_needs="verification locked",
        verification_locked=True,
    )
    for action in ("reveal_all", "edit", "consent"):
        assert not key_applies(Shown(in_call=True, capabilities=locked), action, ())
    for action in ("choose_caller", "end_call", "add_note", "focus_checks"):
        assert key_applies(Shown(in_call=True, capabilities=locked), action, ())


def test_same_person_is_in_the_footer_for_who_asks_outside_a_call_in_the_palette_in_one() -> None:
    """Who may ask for a merge but not make one: Ctrl+E Same person in the footer outside a
    call, where Ctrl+T gives it the room (to the palette); in a call, the palette's. A
    supervisor's Ctrl+E is Merge with…, and no Same person."""
    asks = RecordCapabilities(editable=frozenset({"email"}), back_office=True, ask_to_merge=True)
    outside, in_call = Shown(capabilities=asks), Shown(in_call=True, capabilities=asks)
    assert key_applies(outside, "same_person_shown", ())
    assert not key_applies(outside, "same_person", ())
    assert not key_applies(outside, "request_disclosure_shown", ())
    assert key_applies(in_call, "same_person", ())
    assert not key_applies(in_call, "same_person_shown", ())
    supervisor = Shown(capabilities=SUPERVISOR)
    assert key_applies(supervisor, "merge_with", ())
    assert not key_applies(supervisor, "same_person", ())
    assert not key_applies(supervisor, "same_person_shown", ())
