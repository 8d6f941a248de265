"""What the DPO's request list (screens/subject_access.py) says of a request and asks
about it: the line under the list, and the "answered?" questions A puts."""

from __future__ import annotations

from custinfo_tui.domain.data_protection.pack_cautions import third_party_requests
from custinfo_tui.domain.data_protection.pack_exports import describe_sent
from custinfo_tui.domain.data_protection.recipients_told import recipients_said, still_to_tell
from custinfo_tui.domain.data_protection.rights import RIGHT_ACTIONS, DataRight
from custinfo_tui.domain.subject_access import (
    SubjectAccessRequest,
    describe_days_left,
    describe_moved,
    describe_other_records,
)
from custinfo_tui.domain.text import counted
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.data_protection.recipients_told import nothing_to_tell


def list_status(requests: list[SubjectAccessRequest], *, answered_too: bool) -> str:
    """The line above the list: how many are open, overdue and to verify; and, with the
    closed ones listed too (F4), how many of those."""
    open_ones = [r for r in requests if not r.answered]
    overdue = sum(1 for r in open_ones if r.overdue)
    to_verify = sum(1 for r in open_ones if r.identity_to_verify)
    verify = f", {to_verify} to verify (?)" if to_verify else ""
    closed = len(requests) - len(open_ones)
    also = f"; {closed} answered or refused below (F4 hides them)" if answered_too else ""
    if not open_ones:
        return f"Data protection requests: none open. N logs one{also}."
    count = len(open_ones)
    return (
        f"Data protection requests: {count} open, {overdue} overdue{verify} (overdue first){also}."
    )


def left_or_closed(request: SubjectAccessRequest) -> str:
    """The list's *Left* cell: the days left, or how a closed request was closed."""
    if request.answered:
        return "refused" if request.refused else "answered"
    return describe_days_left(request.days_left or 0)


def described(request: SubjectAccessRequest) -> str:
    """The line under the list for the highlighted request: who asked, how they were
    checked, what to do next, any extension and other records; for a closed one, when and
    how it was closed, and the pack sent."""
    taken = "Taken in a call" if request.interaction_id else "Logged"
    line = (
        f"{request.right.request_name}. Asked by {_sentence(_mid_sentence(request.requested_by))} "
        f"Identity: {_sentence(request.identity_check)} {taken} by {request.logged_by}."
    )
    # Art. 19 ("" for none, and for a refused request, which changed nothing); T is named
    # once there is something to tell of (the record erased, ...) and someone left to tell.
    told = (
        ""
        if request.refused
        else recipients_said(request.right, request.recipients, request.rectified)
    )
    if told and still_to_tell(request.recipients) and nothing_to_tell(request) is None:
        told += " T records each told, or why not."
    if request.answered:
        return " ".join(part for part in (line, closed_line(request), told) if part)
    if request.moved_by_merge is not None:
        line += f" {describe_moved(request.moved_by_merge)}"
    if request.asked_again:
        line += f" Asked again {counted(request.asked_again, 'time')} while open."
    line += f" {next_step(request)}"
    if request.extended_by_months:
        months = counted(request.extended_by_months, "month")
        line += f" Extended {months}: {request.extension_reason}"
    if request.other_records:  # decides whether another request is needed: kept here
        line += f" {describe_other_records(request.other_records)}"
    return f"{line} {told}" if told else line


def closed_line(request: SubjectAccessRequest) -> str:
    """How a closed request was closed: "Answered on 05 Dec 2026 by dpo, in time. Sent:
    export 2 (HTML, ..., leaving out third-party request 4); how: by post."."""
    assert request.answered_at is not None
    when = f"on {request.answered_at:%d %b %Y} by {request.answered_by}"
    late = request.lateness or "in time"
    if request.refused:
        return f"Refused {when}, {late}: {_sentence(request.refusal_reason or '')}"
    if request.sent is not None or request.right in (DataRight.ACCESS, DataRight.PORTABILITY):
        sent = describe_sent(request.sent, request.answer_note) or "No export recorded as sent."
        return f"Answered {when}, {late}. {sent}"
    done = f" What was done: {_sentence(request.answer_note)}" if request.answer_note else ""
    return f"Answered {when}, {late}.{done}"


def answered_question(request: SubjectAccessRequest) -> ChoiceScreen[str]:
    """A on an access request: answered (the pack was sent), refused, or not yet."""
    not_exported = "" if request.exports else "No pack has been exported for it yet. "
    return ChoiceScreen(
        f"Request {request.id}: answered?",
        f"{not_exported}Mark it answered once the pack has been sent to the person, "
        "or refused if it is manifestly unfounded or excessive (Art. 12(5)).",
        # Going back comes first: an Enter pressed once too often must not mark a
        # request answered whose pack was never sent.
        [
            ("No, go back", "no"),
            ("Yes, the pack was sent", "yes"),
            ("Refused: unfounded or excessive", "refused"),
        ],
    )


def withhold_question(request: SubjectAccessRequest) -> ChoiceScreen[str]:
    """X on a request whose record has police or tax requests (DPA 2018 Sch. 2 para 2):
    whether its pack lists them or leaves them out, asked before the file is named."""
    crime = third_party_requests(request.crime_requests)
    return ChoiceScreen(
        f"Request {request.id}: its record has {crime} made for crime prevention or taxation",
        "Telling the person of it may tip off a suspect. If that would be likely to prejudice "
        "the prevention or detection of crime, the exemption of DPA 2018 Sch. 2 para 2 may "
        "let you leave it out; ask the requester if unsure. Left out, the pack says nothing "
        "of it (nor of the opening or the call it was recorded in), and the export's audit "
        "event names it: keep a note of why.",
        # Going back comes first: neither choice is safe to make by a stray Enter.
        [
            ("Go back", "back"),
            ("Leave it out: the exemption applies", "withhold"),
            ("List it: the exemption does not apply", "list"),
        ],
    )


def right_done_question(request: SubjectAccessRequest) -> ChoiceScreen[str]:
    """A on a request of another right: done (with what was done), refused, or not yet. An
    erasure request whose record is erased is done: it says when and by whom, and offers
    no refusal (refusing an erasure already made told the person it was not)."""
    choices = [("No, go back", "no"), ("Yes, it is done", "yes")]
    if erased_already(request):
        return ChoiceScreen(
            f"{request.right.request_name} {request.id}: answered?",
            f"{to_do(request)} Mark it done, with what you tell the person.",
            choices,
        )
    return ChoiceScreen(
        f"{request.right.request_name} {request.id}: answered?",
        f"{to_do(request)} Or refuse it if it is manifestly unfounded "
        "or excessive, or the law lets you keep or use the data (tell the person why).",
        [*choices, ("Refused", "refused")],
    )


def to_do(request: SubjectAccessRequest) -> str:
    """What closes a request of a right other than access, as A's question and the "done"
    form say it: what the right needs done, or, its record erased, that it was (when, and
    by whom where the trail says) and what that leaves; its record restricted already,
    that it is."""
    if request.erased_on is not None and request.right in ERASED_DONE:
        return f"{_erased(request, by_whom=True)} {ERASED_DONE[request.right]}."
    if request.restricted_since is not None:
        return f"{restricted_since(request)}: mark it done."
    return RIGHT_ACTIONS[request.right]


def restricted_since(request: SubjectAccessRequest) -> str:
    """ "Restricted since 05 Dec 2026": a restriction request whose record is already."""
    return f"Restricted since {request.restricted_since:%d %b %Y}"


def erased_already(request: SubjectAccessRequest) -> bool:
    """An erasure request whose record is erased: done, and no longer to refuse."""
    return request.right is DataRight.ERASURE and request.erased_on is not None


#: What is left of a request whose right acted on the record, once the record is erased:
#: the erasure asked for is done, and nothing is left to correct or restrict.
ERASED_DONE = {
    DataRight.ERASURE: "The erasure asked for is done",
    DataRight.RECTIFICATION: "Nothing is left to correct",
    DataRight.RESTRICTION: "Nothing is left to restrict",
}

#: How the line under the list goes on from `ERASED_DONE`: A closes the request.
_CLOSES = ": A closes the request, with what you tell the person."


def _erased(request: SubjectAccessRequest, *, by_whom: bool = False) -> str:
    by = f" by {request.erased_by}" if by_whom and request.erased_by else ""
    return f"The record was erased on {request.erased_on:%d %b %Y}{by}."


def next_step(request: SubjectAccessRequest) -> str:
    """What the line under the list says is to do next for the highlighted request."""
    if request.identity_to_verify:
        verify = "Not verified: check who they are first (Enter or I records how)."
        return f"{_erased(request)} {verify}" if request.erased_on else verify
    if request.erased_on is not None:
        if request.right in ERASED_DONE:
            return f"{_erased(request)} {ERASED_DONE[request.right]}{_CLOSES}"
        if request.right in (DataRight.ACCESS, DataRight.PORTABILITY):
            return (
                f"{_erased(request)} Its pack says nothing that identifies them is held. "
                + _live_step(request)
            )
        return f"{_erased(request)} {_live_step(request)}"
    return _live_step(request)


def _live_step(request: SubjectAccessRequest) -> str:
    """The next step for a request whose record is still held (or for a right erasure
    leaves as it was)."""
    written = (
        f" ({counted(request.exports, 'export')} written: A asks which was sent)"
        if request.exports
        else ""
    )
    if request.right is DataRight.ACCESS:
        return f"Enter or X exports the pack; A once it is sent{written}."
    if request.right is DataRight.PORTABILITY:
        return f"Enter or X writes their data (.json); A once it is sent{written}."
    if request.right is DataRight.ERASURE and request.held_by:
        return _held_step(request)
    if request.right is DataRight.ERASURE:
        return "Enter opens erasure for the record; A once it is erased."
    if request.right is DataRight.RESTRICTION and request.restricted_since is not None:
        return f"{restricted_since(request)}: A marks it done."
    if request.right is DataRight.RESTRICTION:
        return "Enter restricts the record; A once it is restricted."
    if request.right is DataRight.RECTIFICATION:
        return "Enter opens the record to correct it (F6); A once corrected."
    return "A marks it answered, with what was done."


def _held_step(request: SubjectAccessRequest) -> str:
    """An erasure request whose record is held: not erased while the hold stands, kept open
    (or to be, or refused on a hold's ground at the erasure desk), its month running."""
    then = (
        f"Kept open on {request.kept_open_on:%d %b %Y} until the hold ends."
        if request.kept_open_on
        else "Enter opens erasure for the record: F2 there keeps the request open, or refuses "
        "it on a legal claim's or a regulatory retention's ground (Art. 17(3))."
    )
    return (
        f"The record is held ({', '.join(request.held_by)}): it is not erased while the hold "
        f"stands. {then} Still due {request.due_on:%d %b %Y}; A once it is erased."
    )


#: The words that start who asked as the console writes it ("The customer, in the phone
#: call of ..."; "Their authorised representative"; "A caller with no authority ...") or a
#: DPO types it: lower-cased after "Asked by". A name ("John Smith") is left as typed.
_COMMON_FIRST_WORDS = frozenset({"The", "Their", "A", "An", "Her", "His", "Our"})


def _mid_sentence(text: str) -> str:
    """Who asked, as it reads after "Asked by": "the customer, in the phone call of ..."."""
    first, _, rest = text.partition(" ")
    if first.rstrip(",") in _COMMON_FIRST_WORDS:
        return f"{first[0].lower()}{first[1:]} {rest}".rstrip()
    return text


def _sentence(text: str) -> str:
    """Typed text as a sentence of the line: a full stop after it unless it has one."""
    return text if text.endswith((".", "!", "?")) else f"{text}."
