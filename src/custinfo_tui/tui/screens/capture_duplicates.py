"""The new-customer screen's duplicate check: existing customers the details typed so far
may belong to (MP-04, MP-13).

`CaptureScreen` (screens/capture.py) is built on `DuplicateCheck`. As the name, date of
birth, phone, e-mail or postcode change (or *One name only* is ticked, which makes the
family name the whole name compared), a check runs in a worker a moment after the last
key, and the customers it finds are shown in the panel beside the form
(widgets/duplicates_panel.py), unless the form has changed since. F4 takes the focus to
the list. A date of birth tried too often for one name is left out of the check
(tui/date_of_birth_checks.py). Ctrl+S before the check of the details as typed came back
runs it first, and the read-back follows its answer. `ask_why_a_different_person` asks why a
strong match is someone else before the new customer is saved, and asks again when a
correction (from the read-back, say) matches someone more closely than the reason answered.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from custinfo_tui.domain.capture import ReadBackConfirmation
from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.fields import DUPLICATE_FIELDS
from custinfo_tui.domain.one_name import NO_GIVEN_NAME
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.tui.date_of_birth_checks import LEFT_OUT
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.duplicates_panel import DuplicatesPanel

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp

#: Wait this long after the last keystroke before checking for duplicates.
DUPLICATE_DELAY = 0.4
#: Said when the details strongly match a record the handler may not see (Art. 18).
RESTRICTED_MATCH = (
    "These details match a restricted record: contact the data protection officer before "
    "saving. Nothing typed is lost."
)

ResultType = TypeVar("ResultType")

#: In the details checked (`_duplicate_values`): the customer has one name only. Not a field:
#: the service is told it apart.
ONE_NAME_CHECKED = "one_name_only"

#: The question asked for a strong match, and the hint under its box.
WHY_DIFFERENT = "Why is the caller a different person? (Enter to save the reason)"
_REASON_HINT = "Say how you know, for example: a different phone and address, no account before."
#: How to find out without disclosing the other customer's details, said as the box opens:
#: the panel shows why they matched, never the values, and neither may the handler.
HOW_TO_ASK = (
    "To tell them apart, ask something only the caller would know (an earlier address, "
    "a phone number they use); never read out the other record's details."
)


def different_person_screen(
    candidates: list[DuplicateCandidate], *, reason_before: str | None = None
) -> ReasonScreen:
    """Why a strong possible duplicate is someone else: recorded with the new customer.
    `reason_before`: the reason given for a weaker match, before a correction."""
    matches = "; ".join(_describe(c) for c in candidates)
    if reason_before is None:
        return ReasonScreen(
            "This looks like an existing customer",
            f"{matches}. {HOW_TO_ASK}",
            WHY_DIFFERENT,
            _REASON_HINT,
        )
    return ReasonScreen(
        "Now closer to an existing customer",
        f'{matches}. Your reason was for a weaker match: "{reason_before}". {HOW_TO_ASK}',
        WHY_DIFFERENT,
        _REASON_HINT,
    )


def _describe(candidate: DuplicateCandidate) -> str:
    """Whose the match is and what it shares, as the panel says it: never the values."""
    match = candidate.match
    if match is None:
        return "a restricted record: strong match"
    strength = "strong match" if candidate.strong else "possible"
    shares = f" ({', '.join(candidate.reasons)})" if candidate.reasons else ""
    # Marked as on the panel: a given name typed that the record does not hold.
    name = f"{match.display_name} {NO_GIVEN_NAME}" if match.by_one_name else match.display_name
    return f"{name} ({format_reference(match.reference)}): {strength}{shares}"


class DuplicateCheck(Page[ResultType]):
    """The check as the details are typed; its worker posts `DuplicatesFound`.

    A screen class of its own, so Textual registers its @on handlers; the new-customer
    screen builds on it and gives it what it reads below."""

    if TYPE_CHECKING:
        actor: Actor

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _values(self) -> dict[str, str]: ...

        @property
        def one_name_only(self) -> bool: ...

        def action_read_back(self) -> None: ...

        def _say(self, message: str) -> None: ...

        def _save_attempt(self, confirmation: ReadBackConfirmation) -> None: ...

        def _read_back_unless_notes_missing(self) -> None: ...

    class DuplicatesFound(Message):
        """Existing customers the details typed so far may belong to."""

        def __init__(
            self,
            values: dict[str, str],
            candidates: list[DuplicateCandidate],
            *,
            date_of_birth_left_out: bool,
        ) -> None:
            super().__init__()
            self.values = values  # the details as typed when checked
            self.candidates = candidates
            #: The date of birth typed was not compared (tui/date_of_birth_checks.py).
            self.date_of_birth_left_out = date_of_birth_left_out

    class DuplicateCheckFailed(Message):
        """The check of these details could not run; `error` says why."""

        def __init__(self, values: dict[str, str], error: str) -> None:
            super().__init__()
            self.values = values
            self.error = error

    #: The check waiting for the typing to pause, if any.
    _duplicate_timer: Timer | None = None
    #: The details as typed when the panel's candidates were found (None: never checked).
    _checked_values: dict[str, str] | None = None
    #: Ctrl+S came before the check of the details as typed: the details it checks, to
    #: read back once its answer is shown (None: no read-back waits for a check).
    _read_back_after: dict[str, str] | None = None
    #: Why the caller is someone else than the strong matches, as the handler said it.
    different_person_reason: str | None = None
    #: The strong matches that reason answered, as they matched then.
    _reason_answered: tuple[DuplicateCandidate, ...] = ()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.details_changed(check=event.input.id in {f"{k}-input" for k in DUPLICATE_FIELDS})

    def details_changed(self, *, check: bool) -> None:
        """Something was typed (or chosen) on the form; `check`: in what the check compares,
        which then runs again once the typing pauses."""
        values = self._duplicate_values()
        if self._read_back_after is not None:
            if values == self._read_back_after:
                return  # heard after Ctrl+S, and already in the check it runs
            self._read_back_after = None  # typed on: Ctrl+S again reads back
        self.query_one("#capture-message", Static).update("")
        if check and values != self._checked_values:
            if self._duplicate_timer is not None:
                self._duplicate_timer.stop()
            self._duplicate_timer = self.set_timer(DUPLICATE_DELAY, self._check_duplicates)

    def _check_duplicates(self) -> None:
        if self.custinfo.session_ending:  # the check would be recorded after the log-out
            return
        values = self._duplicate_values()
        checked = dict(values)
        date_of_birth = values.get("date_of_birth", "")
        compared = self.custinfo.dates_of_birth_compared
        left_out = bool(date_of_birth.strip()) and not compared.may_compare(
            self.actor.operator_id, values.get("family_name", ""), date_of_birth
        )
        if left_out:
            del checked["date_of_birth"]
        one_name = checked.pop(ONE_NAME_CHECKED, None) is not None
        self._find_duplicates(values, checked, left_out, one_name)

    def _duplicate_values(self) -> dict[str, str]:
        values = {k: v for k, v in self._values().items() if k in DUPLICATE_FIELDS}
        return values | ({ONE_NAME_CHECKED: "yes"} if self.one_name_only else {})

    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def _find_duplicates(
        self, values: dict[str, str], checked: dict[str, str], left_out: bool, one_name: bool
    ) -> None:
        """Check `checked` (the details as typed, `values`, perhaps without the date of
        birth), of a customer with one name only if `one_name`."""
        result = attempt(
            "check for duplicates",
            self.custinfo.services().find_duplicates,
            self.actor,
            checked,
            one_name_only=one_name,
        )
        if result.value is not None:
            found = self.DuplicatesFound(values, result.value, date_of_birth_left_out=left_out)
            self.post_message(found)
        else:
            self.post_message(self.DuplicateCheckFailed(values, result.error or ""))

    @on(DuplicatesFound)
    def _show_duplicates(self, found: DuplicatesFound) -> None:
        # A slow check of what was typed earlier can land after a later one: only the
        # check of what the form holds now is shown.
        if found.values == self._duplicate_values():
            panel = self.query_one(DuplicatesPanel)
            panel.show(found.candidates, note=LEFT_OUT if found.date_of_birth_left_out else None)
            self._checked_values = found.values
            if self._read_back_after is not None:
                self._read_back_after = None
                # The check answered: its "Checking..." is old news at the form's foot.
                self.query_one("#capture-message", Static).update("")
                self.action_read_back()

    @on(DuplicateCheckFailed)
    def _check_failed(self, failed: DuplicateCheckFailed) -> None:
        if failed.values == self._duplicate_values() and self._read_back_after is not None:
            self._read_back_after = None
            self.query_one("#capture-message", Static).update(
                f"Could not check for existing customers. {failed.error} "
                "Nothing typed is lost; Ctrl+S to try again."
            )

    def duplicates_checked(self) -> bool:
        """Whether the panel shows the check of the details as the form holds them now."""
        return self._checked_values == self._duplicate_values()

    def check_duplicates_then_read_back(self) -> None:
        """Ctrl+S before the check of what was typed last came back (typed faster than the
        pause it waits for, or still running): check now, and go on to the read-back once
        the panel shows the answer, so a possible duplicate is never found only at the
        save, after the whole read-back."""
        if self._duplicate_timer is not None:
            self._duplicate_timer.stop()
            self._duplicate_timer = None
        self.query_one("#capture-message", Static).update(
            "Checking for existing customers first..."
        )
        values = self._duplicate_values()
        if values != self._read_back_after:
            self._read_back_after = values
            self._check_duplicates()

    def refused_by_a_match(self) -> bool:
        """A strong match that refuses a new record whatever else is typed, before any
        read-back: one the handler may not see (Art. 18), said here; one whose verification
        is locked, which the save refuses and records on that customer's trail for the
        supervisor (services/capture.py)."""
        if any(c.strong and c.match is None for c in self.candidates):
            self._say(RESTRICTED_MATCH)
            return True
        if any(c.locked for c in self.candidates):
            self._save_attempt(ReadBackConfirmation(confirmed=frozenset()))
            return True
        return False

    def ask_why_a_different_person(self) -> bool:
        """Whether the handler must first say why the caller is not the strong matches
        shown: asked (the read-back follows the answer) when no reason was given, or one
        was given before a correction matched a record more closely or found another."""
        strong = [c for c in self.candidates if c.strong]
        earlier = self.different_person_reason
        if not strong or (
            earlier is not None and all(c.answered_by(self._reason_answered) for c in strong)
        ):
            return False
        self.app.push_screen(
            different_person_screen(strong, reason_before=earlier),
            partial(self._different_person, strong),
        )
        return True

    def _different_person(self, strong: list[DuplicateCandidate], reason: str | None) -> None:
        if reason is None:
            self._say("Not saved. Open the existing record (F4) or say why this is someone else.")
            return
        self.different_person_reason = reason
        self._reason_answered = tuple(strong)
        self._read_back_unless_notes_missing()

    @property
    def candidates(self) -> list[DuplicateCandidate]:
        """The possible duplicates of the details as typed, as last found."""
        return self.query_one(DuplicatesPanel).candidates

    def action_duplicates(self) -> None:
        if not self.query_one(DuplicatesPanel).focus_list():
            self.notify("No possible duplicates so far.", markup=False)
