"""The packs written for a request, and the one recorded as sent (MP-16; docs/data-
protection.md, "Marking a request answered"): a request's pack may be written several
times (HTML, then without a police request, then JSON), so its answer says which went out.

Each export is numbered in the order written (1, 2, 3), from its `customer.exported`
event; the answer's `dsar.answered` event names the one sent (`export`), with its form and
the third-party requests it left out, so the withholding decision is visible from the
request later. How it was sent is the DPO's note, kept with the request (`answer_note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.data_protection.pack_cautions import third_party_requests


class PackExport(BaseModel):
    """One pack written for a request, as its `customer.exported` event records it."""

    model_config = ConfigDict(frozen=True)

    #: 1 for the first written for the request, and so on.
    number: int
    at: datetime
    #: "html" or "json".
    form: str
    #: The third-party requests it left out (the crime exemption).
    withheld: tuple[int, ...] = ()
    #: Who wrote it ("system" from the command line).
    by: str = ""
    #: The event's own number, which the answer's event names too (`export_event`).
    event_id: int = 0


def describe_export(export: PackExport) -> str:
    """ "export 2 (HTML, 05 Dec 2026 10:03 UTC, leaving out third-party request 4)"."""
    left_out = (
        f", leaving out {third_party_requests(export.withheld)} (crime exemption)"
        if export.withheld
        else ""
    )
    return (
        f"export {export.number} ({export.form.upper()}, {export.at:%d %b %Y %H:%M} UTC{left_out})"
    )


def describe_exports(exports: Sequence[PackExport]) -> str:
    """Every export of a request, for the DPO choosing which was sent: "Exported 3 times:
    export 1 (HTML, ...); export 2 (...); export 3 (...), the last."; "" for none."""
    if not exports:
        return ""
    times = "once" if len(exports) == 1 else f"{len(exports)} times"
    listed = "; ".join(describe_export(export) for export in exports)
    last = ", the last" if len(exports) > 1 else ""
    return f"Exported {times}: {listed}{last}."


def sent_details(export: PackExport) -> dict[str, object]:
    """What the answer's event records of the export sent: no typed text, no file name."""
    return {
        "export": export.number,
        "export_event": export.event_id,
        "form": export.form,
    } | ({"withheld_disclosures": list(export.withheld)} if export.withheld else {})


def describe_sent(sent: PackExport | None, how: str | None) -> str:
    """What went out, as the desk and the command line say it once a request is answered:
    "Sent: export 2 (HTML, ..., leaving out third-party request 4); how: by post."; "" when
    no export was recorded and no note given."""
    parts = [describe_export(sent)] if sent is not None else []
    if how:
        parts.append(f"how: {how.rstrip('.')}")
    return f"Sent: {'; '.join(parts)}." if parts else ""
