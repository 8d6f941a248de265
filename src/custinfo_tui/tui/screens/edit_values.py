"""The edit form's values beside the record's (screens/edit.py, screens/edit_conflict.py):
what a field's box starts with, and a value as the record shows it in its stored form, so
the form can tell what the handler changed; and the question asked for a new value.

A value stored before today's checks (a legacy import's, another system's) may fail them:
a surname holding markup, an address line an escape sequence shown as the stand-in `␛`.
The form says so at the field (`stored_value_note`) and lets it be left as it is, so a
change the caller asked for elsewhere is saved without it; a free-text box still holding
a stand-in once changed is refused (`refusing_stand_ins`), so none is saved as if typed.
"""

from __future__ import annotations

from custinfo_tui.domain.caller_access import asked_of_a_representative
from custinfo_tui.domain.fields import FREE_TEXT_FIELDS, normaliser_for
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.records import FieldValue
from custinfo_tui.domain.text import STAND_INS, describe_character, printable
from custinfo_tui.domain.validation import FieldError, Normaliser
from custinfo_tui.domain.verification import CallerKind


def in_form(field: FieldValue) -> str:
    """What a field's box starts with: the value as shown, made inert; empty when hidden.

    A stored value holding control characters shows them as visible stand-ins, which the
    field's check refuses: left as it is, the box is not sent (`stored_value_note`);
    changed, it is checked as anything typed, so the stand-ins are never saved back.
    """
    return printable(field.value or "") if field.shown else ""


def stored_or_none(key: str, shown: str | None) -> str | None:
    """A value as the record shows it ("07700 900123"), in stored form ("+447700900123")."""
    if not shown:
        return None
    try:
        return normaliser_for(key)(shown)
    except FieldError:
        return shown


def question_in_call(question: str, state: VerificationState | None) -> str | None:
    """The question to ask for a field's new value: in a call only (`state`), and about the
    customer ("their address") when a representative is calling for them."""
    if state is None:
        return None
    if state.caller.kind is CallerKind.REPRESENTATIVE:
        return asked_of_a_representative(question)
    return question


def stored_value_note(*, in_call: bool, box_shows_it: bool) -> str:
    """What a field says of a stored value that does not pass today's checks, left as it
    is. `box_shows_it`: what fails is in sight in the box (markup, a stand-in); otherwise
    the stored value held hidden characters the box leaves out, and retyping it corrects
    it."""
    source = "with the caller" if in_call else "from the source"
    if box_shows_it:
        return f"The stored value does not pass today's checks: correct it {source}, or leave it."
    return (
        "The stored value holds hidden characters, left out here, so it does not pass "
        f"today's checks: retype it {source}, or leave it."
    )


def refusing_stand_ins(key: str, normalise: Normaliser) -> Normaliser:
    """A free-text field's check on the edit form: a stand-in shown for a stored hidden
    character ("␛") is refused, as a name's or an address's check refuses it, so a box
    changed around one does not save it as if typed. Other fields' checks as they are."""
    if key not in FREE_TEXT_FIELDS:
        return normalise

    def refusing(raw: str) -> str:
        stand_in = next((ch for ch in raw if ch in STAND_INS), None)
        if stand_in is not None:
            raise FieldError(
                f"Delete {describe_character(stand_in)}: it stands for a hidden character "
                "in the stored value."
            )
        return normalise(raw)

    return refusing
