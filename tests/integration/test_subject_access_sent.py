"""A request answered with its pack records which export went out and how (MP-16;
docs/data-protection.md, "Marking a request answered"), so what that pack left out can be
shown from the request later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.subject_access import SubjectAccessIn, SubjectAccessRequest
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from tests.support.actors import Desk

TODAY = date(2026, 12, 2)


def _log(dpo: Desk, right: DataRight = DataRight.ACCESS) -> SubjectAccessRequest:
    given = SubjectAccessIn(
        customer_reference="1001 2345 P",
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=TODAY,
        right=right,
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, TODAY)


def test_the_answer_names_the_export_sent_the_last_unless_another_is_chosen(
    dpo: Desk, tmp_path: Path
) -> None:
    request = _log(dpo)
    for name, form in (("a.html", PackForm.HTML), ("b.json", PackForm.JSON)):
        export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / name, form)

    with pytest.raises(FieldProblems) as refused:
        sar.answer_request(dpo.uow_factory(), dpo.actor, request.id, TODAY, export=3)
    assert refused.value.problems == {
        "export": f"Request {request.id}'s pack was exported 2 times: give 1 to 2, 2 being "
        "the last."
    }
    answered = sar.answer_request(
        dpo.uow_factory(), dpo.actor, request.id, TODAY, "By e-mail, encrypted", export=1
    )

    assert answered.sent is not None and (answered.sent.number, answered.sent.form) == (1, "html")
    assert answered.answer_note == "By e-mail, encrypted"
    assert [e.number for e in answered.pack_exports] == [1, 2]
    with dpo.uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ANSWERED.value)
    assert event.details == {
        "request_id": request.id,
        "in_time": True,
        "export": 1,
        "export_event": answered.sent.event_id,
        "form": "html",
    }


def test_portability_records_its_last_export_and_other_rights_none(
    dpo: Desk, tmp_path: Path
) -> None:
    portability = _log(dpo, DataRight.PORTABILITY)
    export.export_request(
        dpo.uow_factory(), dpo.actor, portability.id, tmp_path / "data.json", PackForm.JSON
    )
    answered = sar.answer_request(
        dpo.uow_factory(), dpo.actor, portability.id, TODAY, "JSON sent by secure e-mail"
    )
    assert answered.sent is not None and answered.sent.form == "json"

    objection = _log(dpo, DataRight.OBJECTION)
    with pytest.raises(FieldProblems, match="Only a pack's request records which export"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, objection.id, TODAY, "Stopped", 1)
