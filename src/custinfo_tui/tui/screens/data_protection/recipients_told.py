"""T on the DPO's list of requests: recording that a recipient of the record's data was told
of what an erasure, rectification or restriction request changed (UK GDPR Art. 19), on a
day, or why telling them is impossible or would involve disproportionate effort
(services/recipients_told.py; docs/data-protection.md, "Telling the recipients"). The
recipients are the disclosure log's releases of the record's data; the line under the list
says what is recorded of each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from custinfo_tui.domain.data_protection.recipients_told import (
    no_corrected_release,
    nothing_changed_yet,
    told_of,
)
from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.tui.screens.desk_form import DeskForm, FormField, date_problem

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.ports import ConsoleServicesPort


def nothing_to_tell(request: SubjectAccessRequest) -> str | None:
    """Why T has nothing to record for `request`, said before its form opens (None: it
    has recipients to record, its change made), as the service would refuse it."""
    not_yet = nothing_changed_yet(
        request.id,
        request.right,
        refused=request.refused,
        erased=request.erased_on is not None,
        restricted=request.restricted_since is not None,
        answered=request.answered,
    )
    if not_yet is not None:
        return not_yet
    rectified = request.rectified
    if not request.recipients and rectified is not None and rectified.releases:
        return f"{no_corrected_release(rectified)} (Art. 19)."
    if not request.recipients:
        return (
            f"Request {request.id}'s record was never released to a third party (the "
            "disclosure log): there is no one to tell (Art. 19)."
        )
    return None


def tell_recipient(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """The form: which recipient (chosen for the DPO when there is one), and the day they
    were told, or why not."""
    of = told_of(request.right)
    only = request.recipients[0] if len(request.recipients) == 1 else None

    def record(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        chosen, day = values["told-recipient"], values["told-on"]
        return services.record_recipient_told(
            actor,
            request.id,
            int(chosen) if chosen else None,
            parse_calendar_date(day) if day else None,
            values["told-why-not"],
        )

    def done(values: dict[str, str], recorded: object) -> str:
        told = cast(SubjectAccessRequest, recorded).recipients
        chosen = next(r for r in told if str(r.disclosure_id) == values["told-recipient"])
        return f"Recorded: {chosen.said()}."

    return DeskForm(
        f"Request {request.id}: a recipient told of {of}",
        f"Art. 19: each recipient the data was released to is told of {of}, unless that "
        "proves impossible or involves disproportionate effort; the person may ask who they "
        "are. Give the day they were told, or leave it empty and say why not.",
        (
            FormField(
                "told-recipient",
                "Recipient",
                "Choose the recipient",
                value=str(only.disclosure_id) if only else "",
                key="disclosure",
                given=only is not None,
                choices=tuple((r.choice, str(r.disclosure_id)) for r in request.recipients),
            ),
            FormField(
                "told-on",
                "Told them on (day)",
                f"e.g. {datetime.now(UTC).date():%d/%m/%Y}; empty if not told",
                limit=20,
                problem=date_problem,
                key="told_on",
                optional=True,
            ),
            FormField(
                "told-why-not",
                "Or, not told: why impossible or disproportionate effort",
                "e.g. the firm has closed, with no successor",
                free_text=True,
                key="why_not",
                optional=True,
            ),
        ),
        "record the recipient told",
        done,
        record,
    )
