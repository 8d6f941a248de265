"""The subject access pack's first section (UK GDPR Art. 15(1)(a)-(h), 15(2)): who holds
the data and why, who received it, transfers, how long it is kept, the person's rights,
the ICO, where the data came from and automated decisions; from the organisation's policy
file where it sets them, through the desk and `custinfo dsar export` alike.

A DPO found the pack gave only the stored data: nothing on purposes, recipients,
retention, the rights or the ICO."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from custinfo_tui.cli import main
from custinfo_tui.composition import build_console_services, uow_factory_for
from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.data_protection.privacy_notice import PackPolicy, PrivacyNotice
from custinfo_tui.domain.data_protection.retention import RetentionPolicy, RetentionRule
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import disclosure_release, disclosures
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.policy import PolicyFileError, load_privacy_notice
from tests.support.acting import main_as
from tests.support.actors import Desk, desk_for

JOHN_SMITH = 1
TODAY = date(2026, 12, 2)
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy.example.toml"
POLICY = """
[retention]
personal = { years_after_last_contact = 7 }
transactional = { years_after_last_contact = 7 }
enquiry = { years_after_last_contact = 3 }
special_category = { years_after_last_contact = 1, when_condition_withdrawn = true }

[privacy_notice]
controller = "Example Energy Ltd, 1 Example Street, London, holds your data as controller."
contact = "Our data protection officer: dpo@example.com."
purposes = ["To supply your energy (lawful basis: contract)."]
recipients = ["Our meter-reading partner, Example Meters Ltd."]
transfers = "Our call recordings are stored in Ireland (EU adequacy regulations)."
automated_decisions = "None."
"""


def _about(rows: list[dict[str, str]], question: str) -> list[str]:
    return [row["Answer"] for row in rows if row["Question"] == question]


def _released_to_a_court(dpo: Desk) -> None:
    supervisor = desk_for(dpo.uow_factory, "supervisor")
    given = DisclosureRequestIn(
        requester="Clerk to the court",
        organisation="Example County Court",
        identity_check="Called back on the court's published number",
        lawful_basis=LAWFUL_BASES[3],
        asked_for="Current address for a hearing",
        fields=("address_line1",),
        channel=CHANNELS[1],
    )
    request = disclosures.request_disclosure(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, given
    )
    disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, request.id, approve=True, reason="Court order seen"
    )
    disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, request.id)


def _request(dpo: Desk) -> int:
    with dpo.uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        reference = customer.reference
    given = SubjectAccessIn(
        customer_reference=reference,
        requested_by="The customer, by letter",
        identity_check="Passport copy checked",
        received_on=TODAY,
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, TODAY).id


def test_the_pack_first_says_who_holds_the_data_why_who_got_it_how_long_and_the_rights(
    dpo: Desk, tmp_path: Path
) -> None:
    _released_to_a_court(dpo)
    notice = PrivacyNotice(
        controller="Example Energy Ltd holds your data as controller.",
        contact="Our data protection officer: dpo@example.com.",
        purposes=("To supply your energy (lawful basis: contract).",),
        recipients=("Our meter-reading partner, Example Meters Ltd.",),
        transfers="Our call recordings are stored in Ireland (EU adequacy regulations).",
    )
    retention = RetentionPolicy(personal=RetentionRule(years_after_last_contact=7))
    out = tmp_path / "pack.json"

    export.export_request(
        dpo.uow_factory(),
        dpo.actor,
        _request(dpo),
        out,
        PackForm.JSON,
        policy=PackPolicy(notice, retention),
    )

    sections = json.loads(out.read_text(encoding="utf-8"))["sections"]
    assert sections[0]["key"] == "about"  # before the data: what the person reads first
    rows = sections[0]["rows"]
    assert _about(rows, "Who holds your data") == [notice.controller]
    assert notice.purposes[0] in _about(rows, "Why we use it, and on what lawful basis")
    receives = _about(rows, "Who receives it")
    assert receives[0] == notice.recipients[0]
    assert any(r.startswith("Example County Court, on ") and "Address" in r for r in receives)
    assert _about(rows, "Transfers outside the United Kingdom") == [notice.transfers]
    kept = " ".join(_about(rows, "How long we keep it"))
    assert "7 years after your last contact" in kept and "2 years" in kept  # enquiry default
    rights = " ".join(_about(rows, "Your rights"))
    for article in ("16", "17", "18", "20", "21"):
        assert f"(Article {article})" in rights
    assert "dpo@example.com" in rights  # how to use them
    assert "ico.org.uk" in _about(rows, "Where to complain")[0]
    assert _about(rows, "Where your data came from")[0].startswith("From you or someone")
    assert _about(rows, "Automated decisions and profiling") == [notice.automated_decisions]
    kinds = _about(rows, "The kinds of data we hold about you")[0]
    assert kinds.startswith("Personal data") and "special category" not in kinds  # none held


def test_the_desk_and_the_command_line_give_the_policy_files_notice(
    sqlite_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    services = build_console_services(sqlite_demo_url, policy)
    engine = build_engine(sqlite_demo_url)
    dpo = desk_for(uow_factory_for(engine), "dpo")
    request = _request(dpo)
    engine.dispose()

    services.export_subject_access(dpo.actor, request, str(tmp_path / "desk.html"), PackForm.HTML)
    monkeypatch.setenv("CUSTINFO_POLICY_FILE", str(policy))
    database = sqlite_demo_url.removeprefix("sqlite+pysqlite:///")
    command = ["--db", database, "dsar", "export", str(request), "--out"]
    assert main_as([*command, str(tmp_path / "cli.html")]) == 0

    for pack in ("desk.html", "cli.html"):
        html = (tmp_path / pack).read_text(encoding="utf-8")
        assert "Example Energy Ltd, 1 Example Street" in html
        assert "stored in Ireland" in html and "7 years after your last contact" in html
        assert html.index("How long we keep it") < html.index("Personal data on the record")


def test_the_example_policy_file_states_the_built_in_notice_and_a_bad_key_is_named(
    tmp_path: Path,
) -> None:
    assert load_privacy_notice(EXAMPLE) == PrivacyNotice()
    assert load_privacy_notice(None) == PrivacyNotice()
    bad = tmp_path / "policy.toml"
    bad.write_text('[privacy_notice]\ncontroler = "Example Energy Ltd"\n', encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"\[privacy_notice\] table .* controler"):
        load_privacy_notice(bad)


def test_doctor_warns_until_the_organisation_sets_its_privacy_notice(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = sqlite_demo_url.removeprefix("sqlite+pysqlite:///")
    main(["--db", database, "doctor"])
    said = capsys.readouterr().out
    assert "WARN    privacy notice" in said
    assert "OK      access reasons" in said  # the built-in list

    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    monkeypatch.setenv("CUSTINFO_POLICY_FILE", str(policy))
    # A site's own list, set before "Third-party request" was a reason: named (the same
    # run, to keep the suite's time).
    site = [r for r in DEFAULT_ACCESS_REASONS if not r.startswith("Third-party")]
    monkeypatch.setenv("CUSTINFO_ACCESS_REASONS", json.dumps(site))
    main(["--db", database, "doctor"])
    said = capsys.readouterr().out
    assert "OK      privacy notice" in said
    assert (
        "WARN    access reasons            CUSTINFO_ACCESS_REASONS lacks the built-in "
        '"Third-party request (for or about the customer)"'
    ) in said
