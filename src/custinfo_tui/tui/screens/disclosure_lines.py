"""What the approver of a third party's request reads (MP-17), line by line: the request
and the call it was recorded in, which fields were approved, and the discrepancy reports
still open on the fields (MP-14), said beside the decision and again on the release, where
a value reported wrong would go."""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.disclosures import Disclosure
from custinfo_tui.domain.discrepancies import OpenReportOn
from custinfo_tui.tui.labelled_lines import Labelled
from custinfo_tui.tui.printable_text import printable_text

#: Above the fields' tick boxes, for the one who may approve.
FIELDS_TO_RELEASE = "Fields to release: Space unticks one the request is answered without"

#: After the open reports, beside the decision: what to do about them.
SETTLE_FIRST = (
    "Settle it first (its Discrepancy item on the queue), or untick the field: the value "
    "on file may be wrong."
)
#: After the open reports, on the release: the value is on its way unless checked.
CHECK_BEFORE_SENDING = "Check the value with the report before sending it."


def request_lines(disclosure: Disclosure, *, fields: bool = True) -> list[str | Labelled]:
    """The request in full, a line per answer beside its label, as the approver reads it
    (`labelled_lines.lines_and_rows`); the fields asked for unless they are offered as tick
    boxes instead (`fields` False)."""
    answers = [
        Labelled("Who asks:", f"{disclosure.requester}, {disclosure.organisation}"),
        Labelled("ID checked:", disclosure.identity_check),
        Labelled("Basis:", disclosure.lawful_basis),
        Labelled("Asked for:", disclosure.asked_for),
        *([Labelled("Fields:", ", ".join(disclosure.field_labels))] if fields else []),
        Labelled("Sent by:", disclosure.channel),
    ]
    return [recorded_line(disclosure), *answers]


def recorded_line(disclosure: Disclosure) -> str:
    """Who recorded it and when, and the call it came from, if any: "Recorded by agent, 06
    Dec 2026 14:05, in the phone call of 14:02": the request names its call, which the
    decider finds on the record's timeline."""
    line = f"Recorded by {disclosure.requested_by}, {disclosure.requested_at:%d %b %Y %H:%M}"
    call = disclosure.recorded_in_call()
    return line if call is None else f"{line}, in {call}"


def approved_line(disclosure: Disclosure) -> str:
    """Which fields were approved of those asked for, over the values to send."""
    approved = ", ".join(disclosure.approved_labels)
    left = [name for name in disclosure.field_labels if name not in disclosure.approved_labels]
    if not left:
        return f"Approved: {approved}, every field asked for."
    return f"Approved: {approved}. Not approved, not to be sent: {', '.join(left)}."


def open_report_lines(reports: tuple[OpenReportOn, ...], then: str) -> Text | None:
    """The open reports a line each, then `then` (what to do); None for none. Operators'
    names are stored text: made printable, never read as markup."""
    if not reports:
        return None
    return Text("\n").join([*(printable_text(report.line) for report in reports), Text(then)])
