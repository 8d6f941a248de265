"""How often the duplicate check beside the new-customer form compares a date of birth.

The check says when an existing customer shares the details typed ("STRONG: same name, same
date of birth"). Typed again and again with other dates, that would confirm an existing
customer's date of birth, one of the verification checks, to someone who has passed none:
a caller posing as a new customer while the handler tries what they say, or anyone at the
desk. (Phone, e-mail and postcode are no such secret from the desk: the lookup finds
customers by each. It never finds them by date of birth.)

So for one operator and one family name, the check compares at most three different dates
of birth (`COMPARED_PER_NAME`: the date, a correction, and a date caught half typed when the
handler paused); a further date is left out of the check, and the form says why. The
count is kept for as long as the console runs, so abandoning the form and starting again
does not reset it. A date compared once may be compared again.
"""

from __future__ import annotations

from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.validation import FieldError

#: Dates of birth compared for one operator and one family name.
COMPARED_PER_NAME = 3

#: What the form says when a date of birth is left out of the check.
LEFT_OUT = (
    "Date of birth not compared: several were tried for this name. If the caller may be "
    "an existing customer, verify them on that record."
)


class DatesOfBirthCompared:
    """The dates of birth each operator's duplicate checks compared, by family name."""

    def __init__(self) -> None:
        self._compared: dict[tuple[int, str], set[str]] = {}

    def may_compare(self, operator_id: int, family_name: str, date_of_birth: str) -> bool:
        """Whether the check may compare `date_of_birth` (as typed) for this operator and
        family name, counting it as compared if so. A date not yet valid is never compared
        (the check ignores it), so it counts for nothing."""
        # Here, not at the top: the app holds one of these from the start, and the field
        # registry's validation libraries are not for the login screen to wait on.
        from custinfo_tui.domain.fields import normaliser_for

        try:
            stored = normaliser_for("date_of_birth")(date_of_birth)
        except FieldError:
            return True
        compared = self._compared.setdefault((operator_id, name_key(family_name)), set())
        if stored in compared:
            return True
        if len(compared) >= COMPARED_PER_NAME:
            return False
        compared.add(stored)
        return True
