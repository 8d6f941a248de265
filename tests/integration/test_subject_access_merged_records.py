"""The subject access pack lists what a record merged into the person's still holds of its
own (MP-13, MP-16), in both its forms (HTML and JSON), on SQLite, SQLCipher and PostgreSQL.

Found by a security explorer: a supervisor merged Zoë Taylor's record into John Smith's,
and the kept record's pack listed the merged record's phone, e-mail, address and audit
events, but not its names or date of birth, which the merged record still holds (it keeps
its reference, names and name-index keys, so a lookup by its old name finds the person).
Article 15 covers every personal value held about the person."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import erasure
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from tests.support.actors import Desk
from tests.support.merges import merge_as_one_person

KEPT, MERGED = 1, 2  # the demo's John Smith, and Zoë Taylor merged into him
REASON = "Same person: letter with both references"
#: Support needs that reached the merged record around the console's checks (an import).
NEEDS = "Large print <script>alert(1)</script> [bold]please[/bold]"
KINDS = "The kinds of data we hold about you"


def _give_support_needs(desk: Desk, customer_id: int) -> None:
    with desk.uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        customer.accessibility_needs = NEEDS
        uow.commit()


def _merge(supervisor: Desk) -> None:
    """Merge Zoë Taylor into John Smith, keeping every field of his."""
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, MERGED, REASON)


def _packs(dpo: Desk, tmp_path: Path) -> tuple[dict[str, list[list[str]]], ...]:
    """John Smith's pack as the person reads it, written as HTML and as JSON: each form's
    sections by key, rows as lists of cells (the HTML's unescaped)."""
    page, document = _exported(dpo, tmp_path)
    from_json = {s["key"]: [list(row.values()) for row in s["rows"]] for s in document["sections"]}
    return _html_sections(page), from_json


def _exported(dpo: Desk, tmp_path: Path) -> tuple[str, dict[str, Any]]:
    """John Smith's pack for a request logged today: the HTML page and the JSON document."""
    given = SubjectAccessIn(
        customer_reference=dpo.reference(KEPT),
        requested_by="The customer, by letter",
        identity_check="Passport copy checked",
        received_on=datetime.now(UTC).date(),
    )
    request = sar.log_request(dpo.uow_factory(), dpo.actor, given, given.received_on).id
    html, data = tmp_path / "pack.html", tmp_path / "pack.json"
    for path in (html, data):
        path.unlink(missing_ok=True)  # exported again, as the DPO may
    export.export_request(dpo.uow_factory(), dpo.actor, request, html)
    export.export_request(dpo.uow_factory(), dpo.actor, request, data, PackForm.JSON)
    return html.read_text(encoding="utf-8"), json.loads(data.read_text(encoding="utf-8"))


def _html_sections(page: str) -> dict[str, list[list[str]]]:
    sections = {}
    for key, body in re.findall(r'<section id="([^"]+)">(.*?)</section>', page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        cells = [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]
        sections[unescape(key)] = [row for row in cells if row]  # not the heading's row
    return sections


def _answer(pack: dict[str, list[list[str]]], question: str) -> str:
    [answer] = [row[1] for row in pack["about"] if row[0] == question]
    return answer


def test_the_pack_lists_a_merged_records_own_names_and_date_of_birth_under_its_reference(
    dpo: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    merged = dpo.reference(MERGED)
    _give_support_needs(dpo, MERGED)  # John Smith has none of his own
    _merge(supervisor)

    for pack in _packs(dpo, tmp_path):
        on_merged = f"{merged}, merged into this record"
        assert pack["merged-records"] == [
            [on_merged, "Given name", "Zoë", "personal"],
            [on_merged, "Family name", "Taylor", "personal"],
            [on_merged, "Date of birth", "30 August 1995", "personal"],
            [on_merged, "Support needs", NEEDS, "special category"],
            [on_merged, "Security question", "Which street did you grow up on?", "personal"],
            [on_merged, "Security answer", "set (kept only as a one-way hash)", "personal"],
        ]
        # The kept record's own fields stay his; the merged record's only under its own.
        personal = dict(row[:2] for row in pack["fields-personal"])
        assert (personal["Given name"], personal["Family name"]) == ("John", "Smith")
        assert dict(row[:2] for row in pack["fields-special_category"])["Support needs"] == ""
        # Its phone and address moved to the kept record: listed there, not again here.
        assert "Phone" not in {row[1] for row in pack["merged-records"]}
        # What the merged record holds counts among the kinds of data held.
        assert "special category data" in _answer(pack, KINDS)


def test_a_merged_records_values_are_labelled_in_the_json_and_inert_in_the_html(
    dpo: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    merged = dpo.reference(MERGED)
    _give_support_needs(dpo, MERGED)
    _merge(supervisor)

    page, document = _exported(dpo, tmp_path)
    [section] = [s for s in document["sections"] if s["key"] == "merged-records"]
    assert section["title"] == "Your records merged into this one"
    assert section["rows"][0] == {
        "Record": f"{merged}, merged into this record",
        "Field": "Given name",
        "Value": "Zoë",
        "Data category": "personal",
    }
    assert {"Record": f"{merged}, merged into this record", "Field": "Support needs"}.items() <= (
        section["rows"][3].items()
    )
    assert section["rows"][3]["Value"] == NEEDS  # exactly as stored
    assert "<script>" not in page
    assert "<td>Large print &lt;script&gt;alert(1)&lt;/script&gt; [bold]please[/bold]</td>" in page


def test_a_record_with_nothing_merged_into_it_says_so(dpo: Desk) -> None:
    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, KEPT)
    section = pack.section("merged-records")
    assert section.rows == ()
    assert section.about.endswith("We hold nothing of this kind about you.")


def test_a_merged_record_erased_with_the_persons_keeps_only_what_erasure_leaves(
    dpo: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    """Records merged into one are erased with it (docs/data-protection.md): its names read
    "(erased)", as the record's own do; nothing else of it is left to list, and nothing of
    it counts as identifying the person."""
    merged = dpo.reference(MERGED)
    _give_support_needs(dpo, MERGED)
    _merge(supervisor)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, KEPT, "Written request")

    for pack in _packs(dpo, tmp_path):
        on_merged = f"{merged}, merged into this record"
        assert pack["merged-records"] == [
            [on_merged, "Given name", "(erased)", "personal"],
            [on_merged, "Family name", "(erased)", "personal"],
        ]
        assert _answer(pack, KINDS).startswith("Nothing that identifies you: your record was")
        assert "special category" not in _answer(pack, KINDS)
        assert "Zoë" not in str(pack) and "Taylor" not in str(pack)
