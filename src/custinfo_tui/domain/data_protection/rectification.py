"""Who corrects a record for a rectification request (UK GDPR Art. 16), and when.

Call-handlers, supervisors and trainers change customer records; the data protection
officer reads them and does not, but for one thing: a rectification request open on the
record. The DPO is the one who took the request, and, once the record is restricted while
its accuracy is disputed (Art. 18(1)(a), the usual step), the only one who can open it: so
the DPO corrects it, with the same edit form, a reason for each change, the changed
details checked against the source (the back office's read-back) and the change audited,
naming the request. Before the record is corrected for someone taken unverified in a call,
their identity is checked (the desk's I), as before acting on any of their requests.
"""

from __future__ import annotations

from custinfo_tui.domain.records import OpenRectification

#: The reason offered (first) on the DPO's edit form, and accepted from the DPO only:
#: field history then says why each detail changed.
RECTIFICATION_REASON = "Rectification request (Art. 16)"

#: What F6 says on a record the DPO opens with no rectification request open on it.
NO_REQUEST = (
    "A data protection officer corrects a record only for a rectification request open on "
    "it (UK GDPR Art. 16): log one on the desk (F7, Data protection requests, N), or report "
    "the wrong detail (Ctrl+D) for a supervisor to correct."
)


def why_the_dpo_may_not_correct(open_request: OpenRectification | None) -> str | None:
    """None when the DPO may correct the record for `open_request` (the record's oldest open
    rectification request); otherwise why not, in words F6 says."""
    if open_request is None:
        return NO_REQUEST
    if open_request.identity_to_verify:
        return (
            f"Rectification request {open_request.request_id} was taken from a caller not "
            "verified: record how their identity was checked first (the desk, F7: Enter or I "
            "on the request)."
        )
    return None
