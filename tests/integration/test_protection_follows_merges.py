"""A person's third-party disclosures, past restrictions and the breaches naming them
follow them when their two records are merged (MP-13, MP-16, MP-17, MP-20), as their
requests do, on SQLite, SQLCipher and PostgreSQL: each moves to the kept record, audited
there; the kept record's pack lists them, saying which record each was about, and the
DPO's lists and erasure find them under the kept record's reference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custinfo_tui.domain.breaches import BreachIn
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.pack import SubjectAccessPack
from custinfo_tui.domain.disclosures import CHANNELS, DisclosureRequestIn, DisclosureStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.timeline import describe
from custinfo_tui.services import (
    breaches,
    disclosure_release,
    disclosures,
    erasure,
    merging,
    restriction,
)
from custinfo_tui.services.restriction import RecordRestricted
from custinfo_tui.services.subject_access_export import subject_access_pack
from tests.support.actors import Desk
from tests.support.merges import merge_as_one_person

KEPT, MERGED = 1, 2  # two demo customers, merged by a supervisor as the same person
LEGAL = "Legal proceedings (DPA 2018 Sch. 2 para 5)"
REASON = "Same person: letter with both references"


def _ask(agent: Desk, customer_id: int, organisation: str) -> int:
    given = DisclosureRequestIn(
        requester="A. Clerk",
        organisation=organisation,
        identity_check="Called back on the firm's switchboard",
        lawful_basis=LEGAL,
        asked_for="The address",
        fields=("address_line1",),
        channel=CHANNELS[0],
    )
    return disclosures.request_disclosure(agent.uow_factory(), agent.actor, customer_id, given).id


def _report(agent: Desk, *references: str) -> int:
    given = BreachIn(
        what_happened="A letter went to the wrong address",
        discovered_at=datetime.now(UTC) - timedelta(hours=1),
        categories=(DataCategory.PERSONAL,),
        people_affected=len(references),
        customer_references=references,
    )
    return breaches.report_breach(agent.uow_factory(), agent.actor, given).id


def _merge(supervisor: Desk) -> None:
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, MERGED, REASON)


def _column(pack: SubjectAccessPack, key: str, name: str) -> list[str]:
    section = pack.section(key)
    return [row[section.columns.index(name)] for row in section.rows]


def test_a_merged_records_disclosures_restrictions_and_breaches_follow_the_person(
    agent: Desk, dpo: Desk, supervisor: Desk
) -> None:
    """Found by a DPO: the kept record's pack listed only its own disclosures (and so its
    own recipients, Art. 15(1)(c)), restrictions and breaches; the merged record's stayed
    behind it, and the desk's lists named a record nobody can open any more."""
    kept, merged = dpo.reference(KEPT), dpo.reference(MERGED)
    sent = _ask(agent, MERGED, "Example Solicitors LLP")
    disclosures.decide_disclosure(dpo.uow_factory(), dpo.actor, sent, approve=True, reason="Court")
    disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, sent)
    waiting = _ask(agent, MERGED, "Example Lettings Ltd")
    own = _ask(agent, KEPT, "Example Insurance plc")
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, merged, "Accuracy contested")
    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, merged, "Address confirmed")
    naming_merged, naming_both = _report(agent, merged), _report(agent, kept, merged)

    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, KEPT, MERGED, comparing_reason(REASON)
    )
    assert (preview.moving["disclosures"], preview.moving["restrictions"]) == (2, 1)
    assert preview.moving["breaches"] == 2
    _merge(supervisor)

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, KEPT)
    organisations = _column(pack, "disclosures", "Organisation")
    about = dict(zip(organisations, _column(pack, "disclosures", "About"), strict=True))
    assert about == {
        "Example Solicitors LLP": f"{merged}, merged into this record",
        "Example Lettings Ltd": f"{merged}, merged into this record",
        "Example Insurance plc": "this record",
    }
    # Art. 15(1)(c): the recipients include those the merged record's data went to.
    receives = [row[1] for row in pack.section("about").rows if row[0] == "Who receives it"]
    assert any(line.startswith("Example Solicitors LLP, on ") for line in receives)
    assert _column(pack, "restrictions", "Reason") == ["Accuracy contested"]
    assert _column(pack, "restrictions", "About") == [f"{merged}, merged into this record"]
    assert _column(pack, "breaches", "About") == [
        f"{merged}, merged into this record",
        f"this record and {merged}, merged into it",
    ]
    access = [row[2] for row in pack.section("access").rows]
    for said in (
        f"Third-party disclosure {sent} moved here when {merged} was merged into this record",
        f"Personal-data breach {naming_merged} moved here when {merged} was merged into "
        "this record",
        f"Restriction of processing moved here when {merged} was merged into this record",
    ):
        assert said in access

    # The DPO's desk finds them under the kept record's reference.
    listed = {d.id: d for d in disclosures.list_disclosures(dpo.uow_factory(), dpo.actor)}
    for number in (sent, waiting, own):
        assert format_reference(listed[number].customer_reference) == kept
    views = {b.id: b for b in breaches.list_breaches(dpo.uow_factory(), dpo.actor, open_only=True)}
    assert views[naming_merged].customer_references == (kept,)
    assert views[naming_both].customer_references == (kept,)

    # The request still waiting is decided and released from the kept record, where the
    # person's details now are (the merged record can no longer be opened).
    disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, waiting, approve=True, reason="Court order"
    )
    released = disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, waiting)
    assert released.disclosure.status is DisclosureStatus.RELEASED

    # Erasing the kept record weighs the merged record's requests and breaches, as its own.
    looked = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, kept)
    assert any(f"Third-party request {own} " in caution for caution in looked.cautions)
    assert any(f"Breaches {naming_merged}, {naming_both} name" in c for c in looked.cautions)
    assert {r.organisation for r in looked.recipients} == {
        "Example Solicitors LLP",
        "Example Lettings Ltd",
    }


def test_each_move_is_audited_on_the_kept_record(agent: Desk, dpo: Desk, supervisor: Desk) -> None:
    kept, merged = dpo.reference(KEPT), dpo.reference(MERGED)
    asked = _ask(agent, MERGED, "Example Solicitors LLP")
    reported = _report(agent, merged)
    _merge(supervisor)

    with dpo.uow_factory() as uow:
        [disclosure] = uow.audit.list_recent(
            customer_id=KEPT, action=AuditAction.DISCLOSURE_MOVED_BY_MERGE.value
        )
        [breach] = uow.audit.list_recent(
            customer_id=KEPT, action=AuditAction.BREACH_MOVED_BY_MERGE.value
        )
    assert disclosure.details == {"disclosure_id": asked, "merged": merged, "survivor": kept}
    assert breach.details == {
        "breach_id": reported,
        "merged": merged,
        "survivor": kept,
        "already_named": False,
    }
    assert describe(breach.action, breach.fields, breach.details, breach.outcome) == (
        f"Personal-data breach {reported} moved here when {merged} was merged into this record"
    )


def test_a_record_restricted_now_is_not_merged_and_keeps_its_restriction(
    dpo: Desk, supervisor: Desk
) -> None:
    """A restriction in force must not pass to the kept record unnoticed: the merge is
    refused while either record is restricted (the DPO lifts it first), moving nothing."""
    merged = dpo.reference(MERGED)
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, merged, "Accuracy contested")
    with pytest.raises(RecordRestricted):
        merging.merge_records(supervisor.uow_factory(), supervisor.actor, KEPT, MERGED, {}, REASON)
    with dpo.uow_factory() as uow:
        assert uow.subject_access.restriction_in_force(MERGED) is not None
        assert uow.subject_access.restrictions_of(KEPT) == []
        customer = uow.customers.get(MERGED)
        assert customer is not None and customer.merged_into_id is None


def test_a_breach_moved_with_a_merge_is_not_on_the_records_timeline(
    agent: Desk, dpo: Desk, supervisor: Desk
) -> None:
    """The breach register is the DPO's: a handler opening the kept record does not read
    of a breach on its timeline; the trail and the person's pack still list the move."""
    merged = dpo.reference(MERGED)
    _report(agent, merged)
    _merge(supervisor)

    with agent.uow_factory() as uow:
        timeline = uow.audit.timeline([KEPT])
        on_the_trail = uow.audit.list_recent(
            customer_id=KEPT, action=AuditAction.BREACH_MOVED_BY_MERGE.value
        )
    assert [e.action for e in timeline if e.action is AuditAction.BREACH_MOVED_BY_MERGE] == []
    assert any(e.action is AuditAction.CUSTOMER_MERGED for e in timeline)
    assert len(on_the_trail) == 1
