"""The new-customer screen's consent: recorded before any detail is typed (MP-06, MP-07).

`CaptureScreen` (screens/capture.py) is built on `ConsentFirst`. The consent screen opens
over the form, which takes no text until the caller's answers are recorded; `F3` opens it
again with the answers so far. Without an Article 9 condition the special-category boxes
stay closed, and a value typed in one before the condition was taken back is refused at
`Ctrl+S`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.widgets import Static

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.tui.screens.capture_duplicates import DuplicateCheck
from custinfo_tui.tui.screens.consent import ConsentScreen
from custinfo_tui.tui.widgets.field_input import FieldInput

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

NO_CONDITION_HINT = "Special-category data: record an Article 9 condition first (F3 Consent)."
#: The same in the closed box, whole at 80 columns (the box is 40 wide beside the list).
NO_CONDITION_PLACEHOLDER = "Needs an Art. 9 condition: F3 Consent"

ResultType = TypeVar("ResultType")


#: What Escape is called on the consent script (before any consent) and the form: a new
#: customer's call was stored as it started, and going back ends it (its wrap-up follows).
END_CALL = "End call"
END_CALL_TOOLTIP = "End this new customer's call (asks first once anything is typed)"


class ConsentFirst(DuplicateCheck[ResultType]):
    """Consent before the details. A screen class of its own, as `DuplicateCheck` is; the
    new-customer screen builds on it and gives it what it reads below."""

    if TYPE_CHECKING:
        consent: ConsentAnswers | None
        consent_at: datetime | None

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _fields(self) -> dict[str, FieldInput]: ...

        def _follow_country(self) -> None: ...

        def _focus_first_empty(self) -> None: ...

        def _say(self, message: str) -> None: ...

    def action_consent(self) -> None:
        policy = self.custinfo.services().capture
        # Before any consent, going back ends the new customer's call (its wrap-up follows).
        first = None if self.consent is not None else (END_CALL, END_CALL_TOOLTIP)
        self.app.push_screen(
            ConsentScreen(
                policy.consent_script,
                policy.consent_wording_version,
                self.consent,
                escape=first,
            ),
            self._consent_given,
        )

    def _consent_given(self, answers: ConsentAnswers | None) -> None:
        if answers is None:
            if self.consent is None:  # never recorded: no details may be taken
                self.dismiss(None)
            return
        if answers != self.consent:  # the same answers again were given when first recorded
            self.consent_at = datetime.now(UTC)
        self.consent = answers
        self.query_one("#capture-form").disabled = False
        self._follow_country()
        self._special_fields_allowed()
        self._show_status()
        self._focus_first_empty()

    def _special_fields_allowed(self) -> None:
        allowed = self.consent is not None and self.consent.allows_special_category()
        for field in self.query(FieldInput):
            if FIELDS[field.key].category is DataCategory.SPECIAL_CATEGORY:
                field.box.disabled = not allowed
                field.box.placeholder = "" if allowed else NO_CONDITION_PLACEHOLDER

    def _show_status(self) -> None:
        consent = self.consent
        if consent is None:
            text = "Consent: not yet recorded."
        else:
            marketing = ", ".join(sorted(c.label for c in consent.marketing)) or "none"
            text = f"Consent: {consent.service_basis.label}; marketing: {marketing}"
            if consent.special_condition is not None:
                text += f"; support needs: {consent.special_condition.label}"
            text += "."
        self.query_one("#capture-status", Static).update(Text(text))

    def _special_refused(self) -> bool:
        for key, field in self._fields().items():
            special = FIELDS[key].category is DataCategory.SPECIAL_CATEGORY
            if special and field.raw.strip() and not self.consent_allows_special:
                field.show_error(NO_CONDITION_HINT)
                self._say(NO_CONDITION_HINT)
                return True
        return False

    @property
    def consent_allows_special(self) -> bool:
        return self.consent is not None and self.consent.allows_special_category()
