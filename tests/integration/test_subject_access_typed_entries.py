"""A subject access pack quotes handlers' notes and other free text as typed, and they may
name other people (a neighbour, a relative): the export says, once, how many such entries
it quotes and where, for the DPO to read before sending (UK GDPR Art. 15(4)). Nothing is
redacted by the console (docs/data-protection.md, "The export pack")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.access_reasons import rectification_detail
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.data_protection.privacy_notice import PackPolicy
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.repository.orm.calls import Interaction
from custinfo_tui.services import complaints
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.call_notes import add_note
from custinfo_tui.services.records import open_record
from tests.support.actors import Desk

JOHN_SMITH = 1
TODAY = date(2026, 12, 2)
NEIGHBOUR = "Neighbour Mrs Patel at number 4 keeps a spare key"
#: A test card number (fictitious), which the notes' cleaner takes out as it is typed.
CARD = "4111 1111 1111 1111"


def test_the_export_counts_the_entries_quoted_as_typed_once_and_redacts_nothing(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """Found by the DPO: the pack quoted a handler's note naming a neighbour as typed,
    and nothing said to read such notes for other people's data before sending."""
    request = sar.log_request(
        dpo.uow_factory(),
        dpo.actor,
        SubjectAccessIn(
            customer_reference="1001 2345 P",
            requested_by="The customer, by letter",
            identity_check="Passport seen",
            received_on=TODAY,
        ),
        TODAY,
    )
    before = export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / "a.html")

    call = agent.start(JOHN_SMITH)
    add_note(agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, NEIGHBOUR)
    agent.end(call.interaction_id)
    complaints.raise_complaint(
        agent.uow_factory(),
        agent.actor,
        ComplaintPolicy(),
        JOHN_SMITH,
        ComplaintIn(
            category="Billing or charges",
            customer_said="Charged twice; my son Tom noticed",
            apology="Sorry for the double charge",
            solution="Refund the second payment",
        ),
    )
    reason = AccessReason(reason="Other (describe below)", detail="letter from her sister")
    open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, reason)
    # A reason chosen from the list is nobody's words: not counted.
    open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Follow-up"))

    after = export.export_request(
        dpo.uow_factory(), dpo.actor, request.id, tmp_path / "b.json", PackForm.JSON
    )

    grew = {title: after.typed[title] - before.typed.get(title, 0) for title in after.typed}
    assert grew["Interactions and notes"] == 1
    assert grew["Complaints"] == 3  # what they said, the apology, the solution
    assert grew["Who accessed your record and why"] == 1  # "Other: letter from her sister"
    warning = after.warning
    assert warning is not None and warning.count("The pack quotes") == 1  # said once
    total = sum(after.typed.values())
    assert f"The pack quotes {total:,} entries as typed (" in warning
    assert "Interactions and notes " in warning and "UK GDPR Art. 15(4)" in warning
    assert "the console redacts nothing" in warning
    notes = [
        row["Notes"]
        for section in json.loads((tmp_path / "b.json").read_text())["sections"]
        if section["key"] == "interactions"
        for row in section["rows"]
    ]
    assert NEIGHBOUR in notes  # quoted as typed: the DPO decides what to redact


def test_words_typed_after_any_reason_from_the_list_are_counted_in_the_access_section(
    agent: Desk, dpo: Desk
) -> None:
    """Found in a review: the pack counted the words typed after "Other" only, so the DPO
    was not told to read "Customer wrote in (letter or e-mail): letter from her sister",
    which the pack quotes as typed all the same."""

    def typed_in_access() -> int:
        pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)
        return pack.section("access").typed

    def opened(reason: str, detail: str = "") -> None:
        why = AccessReason(reason=reason, detail=detail)
        open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, why)

    before = typed_in_access()
    opened("Other (describe below)", "letter from her sister")
    opened("Customer wrote in (letter or e-mail)", "letter from her sister")
    opened("Third-party request (for or about the customer)", "solicitor Ms Okafor, for him")
    # Not counted: a reason from the list alone, and one followed by what the console
    # wrote itself (the DPO's record opened for a rectification request).
    opened("Follow-up on an earlier call")
    opened("Data protection request", rectification_detail(7))
    assert typed_in_access() == before + 3


def test_a_sites_own_reason_with_a_colon_in_it_is_not_counted_as_typed(
    agent: Desk, dpo: Desk
) -> None:
    """Found in a review: the reason ended at the first ": ", so a site's own "Court order:
    family division", chosen from its list, was counted as "family division" typed."""
    court = "Court order: family division"
    policy = PackPolicy(listed_reasons=(*DEFAULT_ACCESS_REASONS, court))

    def typed_in_access() -> int:
        pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH, policy)
        return pack.section("access").typed

    before = typed_in_access()
    open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason=court))
    assert typed_in_access() == before
    typed = AccessReason(reason=court, detail="order of 1 Dec, case 12")
    open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, typed)
    assert typed_in_access() == before + 1


def _typed_in_calls(dpo: Desk, request: int, out: Path) -> int:
    done = export.export_request(dpo.uow_factory(), dpo.actor, request, out, PackForm.JSON)
    return done.typed.get("Interactions and notes", 0)


def test_entries_with_no_words_left_in_them_are_not_counted_as_typed(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """Found in a review: a call's notes holding only what the console put in place of a
    card number, or only spaces and hidden characters an import left, were counted as
    entries to read for other people's names, and there were none to find."""
    request = sar.log_request(
        dpo.uow_factory(),
        dpo.actor,
        SubjectAccessIn(
            customer_reference="1001 2345 P",
            requested_by="The customer, by letter",
            identity_check="Passport seen",
            received_on=TODAY,
        ),
        TODAY,
    ).id
    before = _typed_in_calls(dpo, request, tmp_path / "a.json")

    card_only = agent.start(JOHN_SMITH)  # the note is stored as "[card number removed]"
    add_note(agent.uow_factory(), agent.actor, agent.policy, card_only.interaction_id, CARD)
    agent.end(card_only.interaction_id)
    blank = agent.start(JOHN_SMITH)
    agent.end(blank.interaction_id)
    with agent.uow_factory() as uow:
        planted = uow.session.get(Interaction, blank.interaction_id)
        assert planted is not None
        planted.notes, planted.customer_words = "   ", "\u200b\u200d"
        uow.commit()

    assert _typed_in_calls(dpo, request, tmp_path / "b.json") == before
    notes = add_note(  # one with words still counts, a card number taken out of it or not
        agent.uow_factory(),
        agent.actor,
        agent.policy,
        agent.start(JOHN_SMITH).interaction_id,
        f"Paid by card {CARD}",
    )
    assert notes is not None
    after = export.export_request(
        dpo.uow_factory(), dpo.actor, request, tmp_path / "c.json", PackForm.JSON
    )
    assert after.typed["Interactions and notes"] == before + 1
    assert after.warning is not None
    assert "counted: each with words in it" in after.warning
