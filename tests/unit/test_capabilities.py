"""What a screen may offer, decided by the services from the role and the caller's level."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.rectification import NO_REQUEST
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.interactions import Caller, VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord, FieldValue, OpenRectification
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import CallerKind, Channel
from custinfo_tui.services.capabilities import console_capabilities, record_capabilities


def _actor(role: Role) -> Actor:
    return Actor(operator_id=1, username="x", display_name="X", role=role, console_session="s")


def _field(key: str, group: FieldGroup, *, shown: bool = True) -> FieldValue:
    return FieldValue(
        key=key,
        label=key,
        value="..." if not shown else "value",
        category=DataCategory.PERSONAL,
        group=group,
        shown=shown,
    )


RECORD = CustomerRecord(
    customer_id=1,
    reference="C-1",
    version=1,
    fields=(
        _field("given_name", FieldGroup.IDENTITY),
        _field("phone", FieldGroup.CONTACT, shown=False),
        _field("postcode", FieldGroup.ADDRESS, shown=False),
    ),
    changes=(),
    history=(),
)


def _state(allowed: tuple[str, ...], needs: dict[str, str]) -> VerificationState:
    return VerificationState(
        interaction_id=1,
        customer_id=1,
        channel=Channel.PHONE,
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        caller=Caller(kind=CallerKind.CUSTOMER, description="the customer"),
        level="basic",
        level_title="Basic",
        passes=1,
        checks=(),
        next_step=None,
        allowed=allowed,
        allowed_text="",
        locked=False,
        failures_left=3,
        needs=needs,
    )


def test_outside_a_call_an_agent_may_change_everything_and_do_back_office_work() -> None:
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, None)
    assert capabilities.editable == {"given_name", "phone", "postcode"}
    assert capabilities.change_consent and capabilities.back_office
    assert not capabilities.revealable and not capabilities.reveal_needs


def test_a_role_that_may_not_edit_is_offered_no_change() -> None:
    capabilities = record_capabilities(_actor(Role.DPO), RECORD, None)
    assert not capabilities.edit
    assert not capabilities.change_consent and not capabilities.back_office
    assert capabilities.edit_refused == NO_REQUEST  # F6 says why
    assert record_capabilities(_actor(Role.AGENT), RECORD, None).edit_refused is None


def test_the_dpo_corrects_a_record_while_a_rectification_request_is_open_on_it() -> None:
    open_request = RECORD.model_copy(update={"rectification": OpenRectification(request_id=3)})
    capabilities = record_capabilities(_actor(Role.DPO), open_request, None)
    assert capabilities.editable == {"given_name", "phone", "postcode"}
    assert (capabilities.rectifying, capabilities.edit_refused) == (3, None)
    assert not capabilities.change_consent and not capabilities.back_office  # only the edit
    assert record_capabilities(_actor(Role.AGENT), open_request, None).rectifying is None

    unverified = OpenRectification(request_id=3, identity_to_verify=True)
    taken_unverified = RECORD.model_copy(update={"rectification": unverified})
    capabilities = record_capabilities(_actor(Role.DPO), taken_unverified, None)
    assert not capabilities.edit
    assert capabilities.edit_refused is not None
    assert capabilities.edit_refused.startswith(
        "Rectification request 3 was taken from a caller not verified: record how their "
        "identity was checked first"
    )


def test_in_a_call_the_callers_level_decides_what_may_be_revealed_and_changed() -> None:
    state = _state(("read:contact", "change:contact"), {"read:address": "needs High"})
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, state)
    assert capabilities.revealable == {"phone"}
    assert capabilities.reveal_needs == {"postcode": "needs High"}
    assert capabilities.editable == {"phone"}
    assert capabilities.change_consent
    assert not capabilities.back_office  # the paperwork is never done in a call


def test_in_a_call_a_caller_verified_for_nothing_changes_nothing() -> None:
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, _state((), {}))
    assert not capabilities.edit and not capabilities.change_consent
    assert capabilities.reveal_needs == {"phone": "not allowed", "postcode": "not allowed"}


def test_until_the_caller_may_change_anything_the_edit_says_what_that_needs() -> None:
    needs = {f"change:{g}": "needs High" for g in ("identity", "contact", "address")}
    before = record_capabilities(_actor(Role.AGENT), RECORD, _state(("read:contact",), needs))
    assert not before.edit and before.edit_needs == "needs High"
    assert not before.change_consent and before.consent_needs == "needs High"

    state = _state(("read:contact", "change:contact"), {"change:address": "needs High"})
    after = record_capabilities(_actor(Role.AGENT), RECORD, state)
    assert after.edit and after.edit_needs is None
    assert after.change_consent and after.consent_needs is None
    ended = state.model_copy(update={"allowed": (), "ended": True})
    assert record_capabilities(_actor(Role.AGENT), RECORD, ended).edit_needs is None
    assert record_capabilities(_actor(Role.DPO), RECORD, _state((), needs)).edit_needs is None


def test_a_representative_is_told_the_level_their_scope_needs_not_only_the_scope() -> None:
    """Found trying the console: a daughter whose scope covers contact details and address,
    at Standard, was told "outside their scope; needs High", as if nothing could change."""
    needs = {
        "change:identity": "outside their scope",
        "change:contact": "needs High",
        "change:address": "needs High",
    }
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, _state((), needs))
    assert capabilities.edit_needs == "needs High"


def test_a_level_the_caller_cannot_reach_is_said_so_not_left_to_be_waited_for() -> None:
    """Found trying the console: a customer captured on the console has no security answer,
    so High can never be reached in a call, yet F6 said only "needs High"."""
    needs = {f"change:{g}": "needs High" for g in ("identity", "contact", "address")}
    state = _state(("read:contact",), needs).model_copy(
        update={"unreachable": {"High": "no security answer on file"}}
    )
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, state)
    whole = "needs High, which this caller cannot reach in this call (no security answer on file)"
    assert capabilities.edit_needs == capabilities.consent_needs == whole


def test_a_caller_who_can_change_nothing_in_the_call_is_reported_for_instead() -> None:
    """Found by a new handler: F6 said the change needed a level out of this caller's reach,
    and nothing pointed to Ctrl+D, the key that sends what they say is wrong to a
    supervisor (not in the call's footer). Not while a change is within reach, nor for
    someone with no authority, who is read the script."""
    needs = {f"change:{g}": "needs High" for g in ("identity", "contact", "address")}
    reachable = _state(("read:contact",), needs)
    out_of_reach = reachable.model_copy(
        update={"unreachable": {"High": "no security answer on file"}}
    )
    scope = _state(("read:contact",), dict.fromkeys(needs, "outside their scope"))
    no_authority = out_of_reach.model_copy(
        update={"caller": Caller(kind=CallerKind.NO_AUTHORITY, description="someone")}
    )

    def instead(state: VerificationState) -> bool:
        return record_capabilities(_actor(Role.AGENT), RECORD, state).report_instead

    assert (instead(out_of_reach), instead(scope)) == (True, True)
    assert (instead(reachable), instead(no_authority)) == (False, False)


def test_only_supervisors_see_the_queue_and_admins_take_no_calls() -> None:
    supervisor = console_capabilities(_actor(Role.SUPERVISOR))
    assert supervisor.work_queue and supervisor.search_audit and supervisor.take_new_customers
    admin = console_capabilities(_actor(Role.ADMIN))
    assert admin.search_audit and not admin.verify_callers and not admin.take_new_customers
    dpo = console_capabilities(_actor(Role.DPO))
    assert not dpo.verify_callers and not dpo.work_queue


def test_only_roles_with_runs_of_their_own_or_that_train_have_the_training_screen() -> None:
    """Found by an administrator: F8 opened an empty list of runs for a role that takes no
    calls, so is never a trainee (a role-play is a call)."""
    with_screen = {role for role in Role if console_capabilities(_actor(role)).training_screen}
    assert with_screen == {Role.AGENT, Role.SUPERVISOR, Role.TRAINER}


def test_only_roles_whose_work_is_on_customers_records_export_their_own_evidence() -> None:
    """Found by an administrator: F10 offered them an export of evidence of practice, which
    is made of steps on customers' records, none of which their role opens."""
    with_evidence = {role for role in Role if console_capabilities(_actor(role)).own_evidence}
    assert with_evidence == {Role.AGENT, Role.SUPERVISOR, Role.TRAINER, Role.DPO}


def test_whoever_may_open_a_record_may_report_a_detail_in_it_as_wrong() -> None:
    in_a_call = record_capabilities(_actor(Role.AGENT), RECORD, _state((), {}))
    assert in_a_call.report_discrepancy and not in_a_call.edit  # reports what they cannot change
    assert record_capabilities(_actor(Role.DPO), RECORD, None).report_discrepancy
    assert console_capabilities(_actor(Role.AGENT)).report_discrepancies
    assert not console_capabilities(_actor(Role.ADMIN)).report_discrepancies


def test_on_the_lookup_handlers_ask_for_a_merge_and_supervisors_make_it() -> None:
    """The lookup's Ctrl+E asks a supervisor to merge for whoever may change customer
    records but not merge them (not the DPO or the admin); a supervisor's merges, as their
    Ctrl+E on a record does: they would be asking themselves."""
    asking = {role for role in Role if console_capabilities(_actor(role)).ask_to_merge}
    assert asking == {Role.AGENT, Role.TRAINER}
    merging = {role for role in Role if console_capabilities(_actor(role)).merge}
    assert merging == {Role.SUPERVISOR}


def test_handlers_raise_complaints_in_a_call_or_not_and_only_supervisors_move_them() -> None:
    for state in (None, _state((), {})):  # in a call, before any verification too
        agent = record_capabilities(_actor(Role.AGENT), RECORD, state)
        assert agent.raise_complaint and not agent.move_complaints
        supervisor = record_capabilities(_actor(Role.SUPERVISOR), RECORD, state)
        assert supervisor.raise_complaint and supervisor.move_complaints
    dpo = record_capabilities(_actor(Role.DPO), RECORD, None)
    assert not dpo.raise_complaint and not dpo.move_complaints


def test_an_ended_call_offers_no_complaint() -> None:
    ended = _state((), {}).model_copy(update={"ended": True})
    capabilities = record_capabilities(_actor(Role.SUPERVISOR), RECORD, ended)
    assert not capabilities.raise_complaint and not capabilities.move_complaints


def test_a_locked_call_offers_no_key_that_could_only_refuse() -> None:
    needs = {f"change:{g}": "verification locked" for g in ("identity", "contact", "address")}
    locked = _state((), needs).model_copy(update={"locked": True})
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, locked)
    assert capabilities.verification_locked
    assert not capabilities.revealable and not capabilities.edit
    assert not record_capabilities(_actor(Role.AGENT), RECORD, _state((), {})).verification_locked
    # Ended, the call is over: what it offers is no longer about the lock.
    ended = locked.model_copy(update={"ended": True})
    assert not record_capabilities(_actor(Role.AGENT), RECORD, ended).verification_locked


def test_a_caller_who_may_only_withdraw_gets_the_consent_form_for_withdrawals() -> None:
    """UK GDPR Art. 7(3): at Standard the caller takes marketing back; giving needs High."""
    state = _state(("read:contact", "withdraw:consent"), {"change:contact": "needs High"})
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, state)
    assert capabilities.change_consent and capabilities.consent_needs is None
    assert capabilities.consent_giving_needs == "needs High"


def test_below_the_withdrawal_level_consent_says_what_each_needs() -> None:
    needs = {"change:contact": "needs High", "withdraw:consent": "needs Standard"}
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, _state((), needs))
    assert not capabilities.change_consent
    assert capabilities.consent_needs == (
        "withdrawing marketing consent needs Standard; giving consent needs High"
    )


def test_a_caller_with_no_authority_is_said_so_until_the_call_ends() -> None:
    """The record screen offers them no key that could only refuse (Reveal, Edit,
    Consent) and shows none of the consents or representatives on file."""
    needs = {f"change:{g}": "no authority" for g in ("identity", "contact", "address")}
    someone = _state((), needs).model_copy(
        update={"caller": Caller(kind=CallerKind.NO_AUTHORITY, description="someone")}
    )
    capabilities = record_capabilities(_actor(Role.AGENT), RECORD, someone)
    assert capabilities.caller_without_authority
    assert not capabilities.revealable and not capabilities.edit
    assert capabilities.report_discrepancy and capabilities.raise_complaint
    customer = record_capabilities(_actor(Role.AGENT), RECORD, _state((), {}))
    assert not customer.caller_without_authority
    ended = someone.model_copy(update={"ended": True})
    assert not record_capabilities(_actor(Role.AGENT), RECORD, ended).caller_without_authority


def test_who_may_change_records_but_not_merge_asks_for_a_merge_from_a_record() -> None:
    for state in (None, _state((), {})):
        assert record_capabilities(_actor(Role.AGENT), RECORD, state).ask_to_merge
        assert record_capabilities(_actor(Role.TRAINER), RECORD, state).ask_to_merge
    supervisor = record_capabilities(_actor(Role.SUPERVISOR), RECORD, None)
    assert supervisor.merge and not supervisor.ask_to_merge  # merges it instead
    assert not record_capabilities(_actor(Role.DPO), RECORD, None).ask_to_merge
    ended = _state((), {}).model_copy(update={"ended": True})
    assert not record_capabilities(_actor(Role.AGENT), RECORD, ended).ask_to_merge


def test_a_supervisor_in_a_call_queues_the_merge_for_after_it_rather_than_asking() -> None:
    """A supervisor's merge waits for the call to end: in one, they put the two on the
    queue they work themselves, where a handler asks a supervisor to merge them."""
    in_a_call = record_capabilities(_actor(Role.SUPERVISOR), RECORD, _state((), {}))
    assert in_a_call.queue_merge and not in_a_call.ask_to_merge and not in_a_call.merge
    for role in (Role.AGENT, Role.TRAINER, Role.DPO):
        assert not record_capabilities(_actor(role), RECORD, _state((), {})).queue_merge
    assert not record_capabilities(_actor(Role.SUPERVISOR), RECORD, None).queue_merge
    ended = _state((), {}).model_copy(update={"ended": True})
    assert not record_capabilities(_actor(Role.SUPERVISOR), RECORD, ended).queue_merge
