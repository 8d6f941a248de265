"""Enter on a rectification request (the DPO's requests list, screens/subject_access.py):
the request's record opens, for the DPO to correct with F6 (Art. 16;
docs/data-protection.md, "Acting on a request").

The record is opened as any outside a call, with a reason kept on its `customer.viewed`
event: *Data protection request: rectification request 3 (Art. 16)*. While the request is
open the DPO's F6 edits it (services/capabilities.py, `rectifying`); back on the list, A
marks the request done with what was corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.screen import Screen

from custinfo_tui.domain.access_reasons import rectification_detail
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.tui.screens.base import back_to
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The reason the record is opened for (one of the console's default access reasons).
ACCESS_REASON = "Data protection request"


def open_to_rectify(
    screen: Screen[Any], actor: Actor, request: SubjectAccessRequest, then: Callable[[], object]
) -> None:
    """Open the record of `request` over `screen`; `then` runs once it is closed again.
    Keys typed meanwhile go to the record."""
    cast("CustinfoApp", screen.app).tabs.hold_until_next_screen(over=screen)
    _open_record(screen, actor, request, then)


@work(thread=True, exclusive=True, group="rectify", exit_on_error=False)
def _open_record(
    screen: Screen[Any], actor: Actor, request: SubjectAccessRequest, then: Callable[[], object]
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    why = AccessReason(reason=ACCESS_REASON, detail=rectification_detail(request.id))
    result = attempt("open the record", services.open_record, actor, request.customer_id, why)
    tell_handler(screen, result)
    if result.value is not None:
        screen.app.call_from_thread(_show, screen, actor, result.value, request, then)


def _show(
    screen: Screen[Any],
    actor: Actor,
    record: CustomerRecord,
    request: SubjectAccessRequest,
    then: Callable[[], object],
) -> None:
    def closed(_: None) -> None:
        then()

    opened = RecordScreen(record, actor=actor)
    back_to(opened, "the data protection requests")  # Escape comes back to the list
    screen.app.push_screen(opened, closed)
    screen.app.notify(
        f"Rectification request {request.id}: F6 corrects the record, a reason for each "
        "change; then A on the list marks the request done, with what was corrected.",
        markup=False,
    )
