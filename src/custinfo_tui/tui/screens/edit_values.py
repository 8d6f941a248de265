"""The edit form's values beside the record's (screens/edit.py, screens/edit_conflict.py):
what a field's box starts with, and a value as the record shows it in its stored form, so
the form can tell what the handler changed; and the question asked for a new value.
"""

from __future__ import annotations

from custinfo_tui.domain.caller_access import asked_of_a_representative
from custinfo_tui.domain.fields import normaliser_for
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.records import FieldValue
from custinfo_tui.domain.text import printable
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import CallerKind


def in_form(field: FieldValue) -> str:
    """What a field's box starts with: the value as shown, made inert; empty when hidden.

    A stored value holding control characters shows them as visible stand-ins, which the
    field's check then refuses: the handler retypes it rather than saving it back.
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
