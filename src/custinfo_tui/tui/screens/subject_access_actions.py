"""What the DPO does with a request on the subject access list (screens/subject_access.py):
N logs one, E extends it, X writes its pack (asking first, where its record has police or
tax requests, whether the pack leaves them out), I records how a caller's identity was
checked, T records a recipient of the record's data told of what the request changed
(Art. 19), A marks it answered or refused, and Enter starts what it needs next, by its
right: the identity check, the pack, the erasure, the restriction, the correction, or the
answer (screens/subject_access_table.py says which).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import on
from textual.widgets import DataTable

from custinfo_tui.domain.data_protection.request_days import extension_too_late
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.tui.screens import subject_access_forms as forms
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.data_protection.erasure import open_to_erase
from custinfo_tui.tui.screens.data_protection.recipients_told import (
    nothing_to_tell,
    tell_recipient,
)
from custinfo_tui.tui.screens.data_protection.rectification import open_to_rectify
from custinfo_tui.tui.screens.subject_access_sent import pack_sent
from custinfo_tui.tui.screens.subject_access_table import enter_step
from custinfo_tui.tui.screens.subject_access_words import (
    answered_question,
    right_done_question,
    withhold_question,
)

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.screens.desk_form import DeskForm


class RequestActions(Page[object]):
    """The keys that act on the highlighted request. A screen class of its own, so Textual
    registers its @on handler; the subject access screen builds on it and gives it what it
    reads below."""

    if TYPE_CHECKING:
        actor: Actor

        def _chosen(self) -> SubjectAccessRequest | None: ...

        def _form(self, form: DeskForm) -> None: ...

        def _back_from_erasure(self, said: str) -> None: ...

        def action_restrict(self) -> None: ...

        def action_refresh(self) -> object: ...  # a worker: the list read again

    def action_new_request(self) -> None:
        """N: the form at once, so a reference typed straight after N lands in its first
        box; the right is its last box, access unless another is typed."""
        self._form(forms.log_request(self.actor))

    def action_extend(self) -> None:
        """E: the extension form, unless the first month has ended (said before a reason is
        typed for nothing: the service would refuse it)."""
        request = self._chosen()
        if request is None:
            return
        today = datetime.now(UTC).date()
        if not request.answered and (late := extension_too_late(request.received_on, today)):
            self.notify(late, severity="warning", markup=False)
            return
        self._form(forms.extend_request(self.actor, request))

    def action_export(self) -> None:
        """X: the pack's file form; first, where the record has police or tax requests,
        whether the pack lists them or leaves them out (the crime exemption)."""
        request = self._chosen()
        if request is None:
            return
        if not request.crime_requests:
            self._form(forms.export_pack(self.actor, request))
            return

        def chosen(choice: str | None) -> None:
            if choice in ("withhold", "list"):
                withhold = choice == "withhold"
                self._form(forms.export_pack(self.actor, request, withhold=withhold))

        self.app.push_screen(withhold_question(request), chosen)

    def action_identity(self) -> None:
        request = self._chosen()
        if request is None:
            return
        if not request.identity_to_verify:
            self.notify("This request's identity check is recorded already.", markup=False)
            return
        self._form(forms.confirm_identity(self.actor, request))

    def action_tell(self) -> None:
        """T: a recipient of the record's data told of what the request changed (Art. 19),
        or why not; with no one to tell, why not."""
        request = self._chosen()
        if request is None:
            return
        if (nothing := nothing_to_tell(request)) is not None:
            self.notify(nothing, markup=False)
            return
        self._form(tell_recipient(self.actor, request))

    @on(DataTable.RowSelected, "#sar-table")
    def _act(self) -> None:
        """Enter: what the highlighted request's right needs done next."""
        request = self._chosen()
        if request is None or request.answered:  # closed: the line under the list says how
            return
        step = enter_step(request)
        if step == "identity":
            self.action_identity()
        elif step in ("pack", "data"):
            self.action_export()
        elif step == "erasure":
            open_to_erase(self, self.actor, request, self._back_from_erasure)
        elif step == "restrict":
            self.action_restrict()
        elif step == "correct":
            open_to_rectify(self, self.actor, request, self.action_refresh)  # corrected
        else:
            self.action_answered()

    def action_answered(self) -> None:
        request = self._chosen()
        if request is None:
            return
        if request.answered:
            self.notify(f"Request {request.id} is closed already.", markup=False)
            return
        if request.right is not DataRight.ACCESS:
            self._answer_right(request)
            return

        def chosen(choice: str | None) -> None:
            if choice == "yes":  # which export went out, and how
                self._form(pack_sent(self.actor, request))
            elif choice == "refused":
                self._form(forms.refuse_request(self.actor, request))

        self.app.push_screen(answered_question(request), chosen)

    def _answer_right(self, request: SubjectAccessRequest) -> None:
        """A: a request of a right other than access, done (with what was done) or refused."""

        def chosen(choice: str | None) -> None:
            if choice == "yes":
                self._form(forms.mark_done(self.actor, request))
            elif choice == "refused":
                self._form(forms.refuse_request(self.actor, request))

        self.app.push_screen(right_done_question(request), chosen)
