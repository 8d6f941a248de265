"""Changing what a record holds, from the record screen: its details through the edit form
(F6, screens/edit.py; MP-04, MP-10), which also corrects the discrepancy report the record
was opened for (MP-14), and its consents through the consent form (F9; MP-06, MP-07).

`RecordScreen` (screens/record.py) is built on `RecordEditing`. In a call whose
verification does not allow a change yet, each key says why instead
(`RecordCapabilities.edit_needs`, `consent_needs`); a caller who may take marketing back but
not give consent gets the consent form for withdrawals only (`consent_giving_needs`). F6
says why not for a role that may not change the record (`edit_refused`). The DPO edits a
record for the rectification request open on it, with the reason `RECTIFICATION_REASON`
offered first (`rectifying`). The edit form opens once the record is known to be still held
(not erased meanwhile), read anew if another desk changed it, which the form then says on its
message line (`RELOADED`); what is saved shows on its tab at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.data_protection.rectification import RECTIFICATION_REASON
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.consent import ConsentScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.edit_conflict import ReloadRecord
from custinfo_tui.tui.screens.record_messages import ConsentsChanged
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.worker import Worker

    from custinfo_tui.domain.discrepancies import DiscrepancyReport
    from custinfo_tui.domain.interactions import VerificationState
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.capabilities import RecordCapabilities
    from custinfo_tui.tui.app import CustinfoApp


#: Said when a record another desk changed is read again before a key acts on it: on the
#: edit form's message line when F6 opens it, else in a notification on the record.
RELOADED = "This record was changed at another desk: it is shown as it is now."

#: Said after "Nothing can be changed in this call now" where this caller can change nothing
#: in the call at all: how a detail they say is wrong reaches someone who can put it right.
REPORT_INSTEAD = (
    "If a detail on file is wrong, report it: F4, the field, then Ctrl+D sends it to a supervisor."
)


class RecordEditing(Page[None]):
    """The record screen's Edit and Consent.

    A screen class of its own, so Textual registers its @on handler; the record screen
    builds on it and gives it what it reads below."""

    if TYPE_CHECKING:
        record: CustomerRecord
        state: VerificationState | None
        actor: Actor
        correcting: DiscrepancyReport | None

        @property
        def custinfo(self) -> CustinfoApp: ...

        @property
        def capabilities(self) -> RecordCapabilities: ...

        def _show_record(self, record: CustomerRecord) -> None: ...

        def action_show_tab(self, tab: str) -> None: ...

        def _check_held(
            self, then: Callable[[], object] | None = None, *, tell_reloaded: bool = True
        ) -> Worker[None]: ...

        def _reload_record(self, why: str = ...) -> Worker[None]: ...

    #: What was said cannot be changed in the call yet, and why (the level it needs).
    _said_cannot_change: str | None = None

    def tell_in_call(self, said: str, *, key: str | None = None) -> None:
        """Say `said` on the verification panel's own line in a call, where the handler
        reads on; a notification outside one. In a call a notification covered the
        panel's last lines at 80x24 ("Read: ..."), the very words it was about. `key`: the
        action of the key `said` answers, which stays in the footer while it is said."""
        panels = list(self.query(VerificationPanel))
        if panels:
            panels[0].say(said, heed=True, key=key)
        else:
            self.notify(said, markup=False)

    def forget_cannot_change(self) -> None:
        """Take down what was said cannot be changed yet, once it may no longer be true:
        the caller's level changed, or a form that changes the record opens. Before,
        "Nothing can be changed in this call now: needs High." stood beside the edit form
        F6 opened once the caller reached High."""
        said, self._said_cannot_change = self._said_cannot_change, None
        if said is None:
            return
        panels = list(self.query(VerificationPanel))
        if panels:
            panels[0].unsay(said)
        else:
            self.app.clear_notifications()

    def _say_cannot_change(self, said: str, key: str) -> None:
        self.tell_in_call(said, key=key)
        self._said_cannot_change = said

    def action_edit(self) -> None:
        capabilities = self.capabilities
        needs = capabilities.edit_needs
        if needs is not None:
            said = f"Nothing can be changed in this call now: {needs}."
            if capabilities.report_instead:  # Ctrl+D is in the palette, not the footer
                said += f" {REPORT_INSTEAD}"
            self._say_cannot_change(said, "edit")
            return
        self.forget_cannot_change()
        # Not pre-filled with what the record held before the DPO erased it: asked first.
        # What is typed meanwhile goes into the form.
        self.custinfo.tabs.hold_until_next_screen()
        shown = self.record.version
        # Read anew meanwhile, the form says so on its own line, where it stays while the
        # handler reads the values it offers: a notification timed out, and on a slow
        # machine could be gone before the form was drawn.
        self._check_held(
            then=lambda: self._open_edit(read_anew=self.record.version != shown),
            tell_reloaded=False,
        )

    def action_edit_refused(self) -> None:
        """F6 for a role that may not change this record: why not."""
        why = self.capabilities.edit_refused
        if why is not None:
            self.notify(why, severity="warning", markup=False)

    def _open_edit(self, *, read_anew: bool) -> None:
        reasons = self.custinfo.services().capture.change_reasons
        if self.capabilities.rectifying is not None:  # the DPO's, for the request (Art. 16)
            reasons = (RECTIFICATION_REASON, *reasons)
        self.app.push_screen(
            EditScreen(
                self.actor,
                self.record,
                reasons,
                self.state,
                self.capabilities.editable,
                correcting=self.correcting,
                opening_note=RELOADED if read_anew else None,
            ),
            self._edited,
        )

    def _edited(self, result: CustomerRecord | ReloadRecord | None) -> None:
        if isinstance(result, CustomerRecord):
            self._show_record(result)
            self.action_show_tab("details")
            self.notify("Changes saved, each with its reason.", markup=False)
            if self.correcting is not None:
                self.notify(
                    f"Discrepancy report {self.correcting.id} corrected; its queue item is closed.",
                    markup=False,
                )
                self.correcting, self.sub_title = None, ""
        elif isinstance(result, ReloadRecord):
            self.notify("Kept the other desk's values; nothing of yours was saved.", markup=False)
            self._reload_record()

    def action_consent(self) -> None:
        needs = self.capabilities.consent_needs
        if needs is not None:
            self._say_cannot_change(
                f"Consents cannot be changed in this call now: {needs}.", "consent"
            )
            return
        self.forget_cannot_change()
        capture = self.custinfo.services().capture
        # A caller who may not give consent yet may still take marketing back (Art. 7(3)).
        giving_needs = self.capabilities.consent_giving_needs
        self.app.push_screen(
            ConsentScreen(
                capture.consent_script,
                capture.consent_wording_version,
                self.record.consent_answers(),
                title="Consent: record the customer's answers"
                if giving_needs is None
                else "Consent: record marketing the caller takes back or refuses",
                giving_needs=giving_needs,
            ),
            self._consent_given,
        )

    def _consent_given(self, answers: ConsentAnswers | None) -> None:
        if answers is not None:
            self._change_consents(self.actor, answers)

    @work(thread=True, exclusive=True, group="back-office", exit_on_error=False)
    def _change_consents(self, actor: Actor, answers: ConsentAnswers) -> None:
        result = attempt(
            "record the consent",
            self.custinfo.services().change_consents,
            actor,
            self.record.customer_id,
            answers,
            self.state.interaction_id if self.state is not None else None,
        )
        tell_handler(self, result)
        if result.value is None:
            return
        self.post_message(ConsentsChanged(result.value))

    @on(ConsentsChanged)
    def _consents_changed(self, message: ConsentsChanged) -> None:
        self._show_record(message.record)  # in a call the service returns it masked for the caller
        self.action_show_tab("consent")
        self.notify("Consent recorded.", markup=False)
