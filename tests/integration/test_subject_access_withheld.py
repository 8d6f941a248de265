"""A subject access pack written without the police and tax requests (the crime exemption,
DPA 2018 Sch. 2 para 2) leaves out every trace that would tip the person off, not only
the request's own row (services/pack_withheld.py; docs/data-protection.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.disclosures import (
    RELOADED_AFTER_REQUEST,
)
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import disclosures
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.call_notes import add_note
from custinfo_tui.services.records import open_record
from tests.support.actors import Desk
from tests.support.police_request import POLICE_EMAIL, police_request

JOHN_SMITH = 1
TODAY = date(2026, 12, 2)


def _opened(desk: Desk, reason: str, detail: str = "") -> None:
    open_record(
        desk.uow_factory(), desk.actor, JOHN_SMITH, AccessReason(reason=reason, detail=detail)
    )


def _police_request(desk: Desk, organisation: str = "Example Constabulary") -> int:
    given = police_request(organisation, asked_for="Current address of the account holder")
    return disclosures.request_disclosure(desk.uow_factory(), desk.actor, JOHN_SMITH, given).id


def _export(dpo: Desk, out: Path, *, withhold: bool) -> dict[str, list[dict[str, str]]]:
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
    export.export_request(
        dpo.uow_factory(),
        dpo.actor,
        request.id,
        out,
        PackForm.JSON,
        withhold_crime_requests=withhold,
    )
    document = json.loads(out.read_text())
    return {section["key"]: section["rows"] for section in document["sections"]}


def test_the_opening_a_police_request_was_recorded_under_goes_with_it(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """Found by the DPO: with --withhold-crime-requests the police request was left out,
    but the list of who accessed the record still said "Record opened | Other: police
    e-mail from DC Morgan re fraud enquiry", the reason typed as it was opened for it."""
    _opened(agent, "Customer wrote in (letter or e-mail)")  # the customer's own letter
    _opened(agent, "Other (describe below)", POLICE_EMAIL)
    _police_request(agent)
    _opened(agent, RELOADED_AFTER_REQUEST)  # the record screen reads it again
    _opened(dpo, "Other (describe below)", POLICE_EMAIL)  # the same words, another desk
    _opened(agent, "Follow-up on an earlier call")  # later, nothing to do with it

    rows = _export(dpo, tmp_path / "pack.json", withhold=True)

    reasons = [row["Reason"] for row in rows["access"]]
    assert not [reason for reason in reasons if "Morgan" in reason], reasons
    assert RELOADED_AFTER_REQUEST not in reasons
    assert "Customer wrote in (letter or e-mail)" in reasons  # not the request's
    assert "Follow-up on an earlier call" in reasons
    assert "Example Constabulary" not in json.dumps(rows)

    # Not withheld, the pack lists it all: the person's right of access is the rule.
    listed = _export(dpo, tmp_path / "all.json", withhold=False)
    said = [row["Reason"] for row in listed["access"]]
    assert said.count(f"Other: {POLICE_EMAIL}") == 2 and RELOADED_AFTER_REQUEST in said


def test_a_third_party_request_reasons_words_go_wherever_given_as_others_do(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """The reason a record is opened for a police request is now "Third-party request (for
    or about the customer)", the handler's words after it: those words are left out
    wherever given, as after "Other", not only where the request was recorded; the reason
    from the list alone names no one, and stays."""
    third_party = "Third-party request (for or about the customer)"
    _opened(agent, third_party, POLICE_EMAIL)
    _police_request(agent)
    _opened(dpo, third_party, POLICE_EMAIL)  # the same words, another desk
    _opened(agent, third_party, "letter from her solicitor")  # another third party
    _opened(agent, third_party)

    rows = _export(dpo, tmp_path / "pack.json", withhold=True)

    reasons = [row["Reason"] for row in rows["access"]]
    assert not [reason for reason in reasons if "Morgan" in reason], reasons
    assert f"{third_party}: letter from her solicitor" in reasons
    assert third_party in reasons


def test_a_police_request_taken_in_a_call_leaves_the_call_out_but_not_the_customers_call(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """The officer rang: the call (its notes naming them) is the request's, and goes with
    it. A request recorded in a call the customer was verified in leaves that call in:
    it is theirs."""
    officer = agent.start(JOHN_SMITH)
    agent.open(officer.interaction_id)
    police = _police_request(agent)
    add_note(
        agent.uow_factory(),
        agent.actor,
        agent.policy,
        officer.interaction_id,
        "DC Morgan rang about the fraud enquiry",
    )
    agent.end(officer.interaction_id)

    own = agent.start(JOHN_SMITH)
    agent.verify(own.interaction_id, "12/04/1980", "SE1 2QT")
    agent.open(own.interaction_id)
    _police_request(agent, organisation="Example Revenue Office")
    add_note(
        agent.uow_factory(), agent.actor, agent.policy, own.interaction_id, "Asked about a bill"
    )
    agent.end(own.interaction_id)

    rows = _export(dpo, tmp_path / "pack.json", withhold=True)

    notes = [row["Notes"] for row in rows["interactions"]]
    assert notes == ["Asked about a bill"]  # the officer's call is not listed
    assert "Morgan" not in json.dumps(rows) and "Example Revenue Office" not in json.dumps(rows)
    what = [row["What"] for row in rows["access"]]
    assert what.count("Phone call started") == 1  # the customer's own call only
    assert f"(disclosure {police})" not in json.dumps(rows)
