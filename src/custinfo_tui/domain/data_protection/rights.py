"""The rights a person may exercise over their data (UK GDPR Arts. 15 to 21), as a handler
takes them from a caller and the DPO's register lists them (docs/data-protection.md,
"Requests taken in a call").

Every right's request is on the one register of requests (`subject_access_requests`), with
the same clock: due one calendar month after it was received (Art. 12(3)), extendable
once, closed as answered or refused. A request for access is answered with the export
pack; the others with what the DPO did (`RIGHT_ACTIONS`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.dates import format_spoken_date

#: The enquiry type under which a wrap-up asks which rights the caller is exercising: one
#: of the built-in enquiry types (domain/capture.py); a policy file that renames it has
#: no rights asked at wrap-up (they can still be taken in the call, Ctrl+R).
DATA_PROTECTION_ENQUIRY = "Data protection request"


class DataRight(StrEnum):
    """A right a request exercises. Stored as these strings: never renamed."""

    ACCESS = "access"
    ERASURE = "erasure"
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    PORTABILITY = "portability"

    @property
    def label(self) -> str:
        """As a tick box offers it: "Access (a copy of their data, Art. 15)"."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """As the register's column shows it: "Erasure"."""
        return _SHORT[self]

    @property
    def request_name(self) -> str:
        """ "Subject access request", "Erasure request": the timeline's and notices' words."""
        return "Subject access request" if self is DataRight.ACCESS else f"{self.short} request"


_LABELS = {
    DataRight.ACCESS: "Access: a copy of their data (Art. 15)",
    DataRight.ERASURE: "Erasure: delete their data (Art. 17)",
    DataRight.RECTIFICATION: "Rectification: correct their data (Art. 16)",
    DataRight.RESTRICTION: "Restriction: stop using their data (Art. 18)",
    DataRight.OBJECTION: "Objection: to how their data is used (Art. 21)",
    DataRight.PORTABILITY: "Portability: their data to take elsewhere (Art. 20)",
}

_SHORT = {
    DataRight.ACCESS: "Access",
    DataRight.ERASURE: "Erasure",
    DataRight.RECTIFICATION: "Rectification",
    DataRight.RESTRICTION: "Restriction",
    DataRight.OBJECTION: "Objection",
    DataRight.PORTABILITY: "Portability",
}

#: What the DPO does to close a request of each right other than access (answered with
#: its pack), as the desk's A offers it.
RIGHT_ACTIONS = {
    DataRight.ERASURE: "Erase the record (F7, Erasure and retention), then mark it done.",
    DataRight.RECTIFICATION: "You correct the record: Enter on the request opens it, F6 "
    "edits it (a reason for each change); then note what was corrected.",
    DataRight.RESTRICTION: "Restrict processing (R), then mark it done.",
    DataRight.OBJECTION: "Decide the objection, then mark it answered with a note.",
    DataRight.PORTABILITY: "Send their data (X writes it as JSON), then mark it answered "
    "with a note.",
}


#: The rights whose answer is a note of what was done, typed by the DPO: for erasure and
#: restriction the note is optional (what was done is on the record: erased, restricted).
NOTED_RIGHTS = frozenset({DataRight.RECTIFICATION, DataRight.OBJECTION, DataRight.PORTABILITY})


#: The rights answered by sending the person their data (the pack, or its JSON): erasing
#: the record before one is answered leaves nothing to send.
SENT_DATA_RIGHTS = frozenset({DataRight.ACCESS, DataRight.PORTABILITY})


def rights_named(typed: str) -> tuple[DataRight, ...]:
    """The rights whose name starts with what a DPO typed, in any case: one for "eras",
    two for "re" (rectification, restriction), none for nothing or a name none has."""
    word = typed.strip().lower()
    return tuple(right for right in DataRight if word and right.value.startswith(word))


def right_typed(typed: str) -> DataRight | None:
    """The right a DPO typed: its name or the start of it, in any case ("eras" is
    erasure); None when it names none, or more than one ("re")."""
    named = rights_named(typed)
    return named[0] if len(named) == 1 else None


def right_problem(typed: str) -> str | None:
    """What is wrong with a right typed, naming the rights it could be when it names
    more than one ("re" could be rectification or restriction); None when it names one."""
    named = rights_named(typed)
    if len(named) == 1:
        return None
    if named:
        could_be = f"{', '.join(right.value for right in named[:-1])} or {named[-1].value}"
        return f'"{typed.strip()}" could be {could_be}: type more of the one meant.'
    return f"Type the right the request exercises: one of {RIGHT_NAMES}."


#: The rights by name, as the register's form and `custinfo dsar log --right` list them.
RIGHT_NAMES = ", ".join(right.value for right in DataRight)


def right_of(value: str | None) -> DataRight:
    """A stored or detailed right; access for none (requests logged before rights were)."""
    try:
        return DataRight(value or DataRight.ACCESS)
    except ValueError:
        return DataRight.ACCESS


class RequestTaken(BaseModel):
    """What became of one right a handler took from a caller: a new request on the DPO's
    register, or a note on the customer's open request for that right."""

    model_config = ConfigDict(frozen=True)

    right: DataRight
    request_id: int
    #: False: a request for this right was open already; the call is noted on it.
    new: bool = True
    #: The caller was not verified: the DPO checks who they are first.
    identity_to_verify: bool = False
    #: When the answer is due (one calendar month from receipt, any extension added);
    #: None where it was not read.
    due_on: date | None = None


def describe_taken(taken: tuple[RequestTaken, ...], *, caller_on_the_line: bool = False) -> str:
    """What the handler is told: "Passed to the DPO: Access (request 3), Erasure (request 4,
    open already: noted)."; empty for none. With the dates due, when each answer is owed;
    with a caller on the line, words to tell them too, as a complaint raised has: the
    in-call Ctrl+R had said neither the reference to give nor when the answer comes."""
    if not taken:
        return ""
    dues = [t.due_on for t in taken if t.due_on is not None]
    unverified = any(t.identity_to_verify for t in taken)
    if caller_on_the_line and dues and unverified:
        return _to_tell_the_unverified(taken, max(dues))
    parts = [
        f"{t.right.short} (request {t.request_id}{'' if t.new else ', open already: noted'})"
        for t in taken
    ]
    check = " The caller was not verified: the DPO will check who they are." if unverified else ""
    said = f"Passed to the DPO: {', '.join(parts)}.{check}"
    if not dues:
        return said
    due = format_spoken_date(max(dues))
    if not caller_on_the_line:
        return f"{said} Answer due by {due}."
    return f"{said} {_tell_the_caller(taken, due)}"


def _tell_the_caller(taken: tuple[RequestTaken, ...], due: str) -> str:
    references = " and ".join(f"request {t.request_id}" for t in taken)
    return f'Tell the caller: "Your reference is {references}; our answer comes by {due}."'


def _to_tell_the_unverified(taken: tuple[RequestTaken, ...], due_on: date) -> str:
    """The same for a caller not verified, said beside the call's verification panel: the
    requests are named once, in the words for the caller. Said as the verified caller's
    words are, with a sentence on the DPO's check, it ran to eight lines of the panel's
    28 columns, its last a PgDn away at 80x24 (with "Not verified" at the panel's top)."""
    parts = [f"{t.right.short}{'' if t.new else ' (open already: noted)'}" for t in taken]
    tell = _tell_the_caller(taken, format_spoken_date(due_on))
    return f"Passed to the DPO (caller to be verified): {', '.join(parts)}. {tell}"
