"""Wrapping up an interaction (MP-18): what the handler records once the customer has gone.

The enquiry type comes from the configured list (`CapturePolicy.enquiry_types`), the
outcome from `CapturePolicy.outcomes`; one outcome may need a follow-up date. Notes and
the customer's own words are free text: they pass through `domain.text.clean_free_text`,
which takes out card numbers. `check_wrap_up` is the one set of rules: the wrap-up screen
runs it before saving, and the service runs it again.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, field_validator

from custinfo_tui.domain.call_so_far import CallSoFar
from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY, DataRight
from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.follow_up_window import follow_up_refused
from custinfo_tui.domain.merging import merged_from_note
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel

#: The longest notes and customer's words kept: the field registry's.
MAX_NOTES_LENGTH = FIELDS["notes"].max_length
MAX_WORDS_LENGTH = FIELDS["customer_words"].max_length


class Outcome(BaseModel):
    """One outcome a handler may choose at wrap-up, as configured."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Stored on the interaction and in the `interaction.ended` event: never renamed.
    key: str
    label: str
    #: The handler must give the date the follow-up is due.
    needs_follow_up_date: bool = False

    @field_validator("key")
    @classmethod
    def _plain_key(cls, key: str) -> str:
        if not key or len(key) > 64 or not key.replace("_", "").isalnum() or not key.isascii():
            raise ValueError("an outcome key is letters, digits and underscores (at most 64)")
        return key


#: The outcome that says a complaint was raised: the wrap-up needs one on the record.
COMPLAINT_RAISED = "complaint_raised"
#: Said at the outcome when it is "Complaint raised" and no complaint was: F10 on the
#: wrap-up of a call just ended takes it there.
NO_COMPLAINT_YET = "No complaint is recorded for this call yet: F10 raises it."
#: The same for a wrap-up that cannot take one (opened from the calls to finish).
NO_COMPLAINT_YET_ELSEWHERE = (
    "No complaint is recorded for this call yet: raise it from the customer's record (F10 "
    "there), then wrap the call up."
)

#: The outcome of a call whose caller could not be verified, or was locked out by failed
#: checks: nothing was done for them, and "No action" did not say why. Never renamed.
NOT_VERIFIED = "not_verified"

#: The outcome of a call a supervisor closed because its handler could not wrap it up (they
#: left, are off sick, their console was killed mid-call): a system outcome, like a
#: capture's "customer created". It is never offered at wrap-up and no policy may configure
#: it, so it always means "closed by a supervisor, not wrapped up by its handler". Stored on
#: the interaction and in its events: never renamed.
CLOSED_BY_SUPERVISOR = "closed_by_supervisor"
#: The outcome of a role-play's call still open when its trainer ended the run after its
#: console stopped (services/training_stopped.py): ended by no one in the call, the run
#: cut short. Only ever in a sandbox; never renamed.
RUN_CUT_SHORT = "run_cut_short"
#: The outcome of a role-play's call still open when its trainee ended the run (End run,
#: Ctrl+Q): the console closed with it, as at a log-out, but the trainee chose to end the
#: run rather than to log out. Only ever in a sandbox (runs before it say `logged_out`);
#: never renamed.
RUN_ENDED = "run_ended"
#: Why a call ended with the console session it was started in (`interaction.ended`'s
#: outcome: services/verification.py, `end_open_interactions`), in the words after "Call
#: ended" on the record's timeline. Never renamed.
ENDED_WITH_ITS_SESSION = {
    "logged_out": "when its handler logged out",
    "session_ended_at_lock": "when its session was ended at the screen lock",
    "session_revoked": "when an administrator's change ended its session",
    RUN_ENDED: "when its handler ended the role-play",
}
#: How long after the console a call was started on last recorded an action the call may
#: still be going on there (nothing records a desk's key presses): closing it before then
#: needs the supervisor to have been told (docs/after-the-call.md, "Closing a call").
DESK_QUIET_MINUTES = 15

DEFAULT_OUTCOMES = (
    Outcome(key="resolved", label="Resolved"),
    Outcome(key="follow_up", label="Follow-up needed", needs_follow_up_date=True),
    Outcome(key="transferred", label="Transferred"),
    Outcome(key=COMPLAINT_RAISED, label="Complaint raised"),
    Outcome(key="no_action", label="No action"),
    Outcome(key=NOT_VERIFIED, label="Caller not verified (or locked out)"),
)


class WrapUpIn(BaseModel):
    """A wrap-up as typed: the service checks and cleans every part again."""

    model_config = ConfigDict(frozen=True)

    enquiry_type: str
    outcome: str
    notes: str = ""
    #: What the customer said in their own words, if the handler noted it.
    customer_words: str = ""
    #: The follow-up date as typed ("12/01/2027", "2027-01-12"), for outcomes that need one.
    follow_up_on: str = ""
    #: Under the enquiry type *Data protection request*: the rights the caller exercised,
    #: each passed to the DPO as a request (services/rights_requests.py).
    rights: tuple[DataRight, ...] = ()


class WrapUp(BaseModel):
    """A wrap-up checked and cleaned: what is stored on the interaction."""

    model_config = ConfigDict(frozen=True)

    enquiry_type: str
    outcome: str
    notes: str | None
    customer_words: str | None
    follow_up_on: date | None
    rights: tuple[DataRight, ...] = ()


#: Said at the notes and the customer's words of a call about no record (a new customer
#: never saved): nothing could find them again for the person, so they are not kept.
NO_RECORD_FOR_TEXT = (
    "This call has no customer record (the new customer was not saved): notes and their "
    "words cannot be kept. Empty those boxes to finish the wrap-up."
)
#: What the notes and words boxes say on the wrap-up of such a call, closed.
NO_RECORD_PLACEHOLDER = "not kept: no customer record (new customer not saved)"

#: Where a call's customer is shown, for a call about none: a new customer's, whose details
#: were never saved (the capture abandoned, or its console stopped before the save).
NEW_CUSTOMER_NOT_SAVED = "new customer, not saved"


def customer_in_words(shown: str | None) -> str:
    """A call's customer in a sentence ("the call with ..."): their reference as the lookup
    shows it, or a new customer never saved."""
    return shown or "a new customer (not saved)"


class CallToFinish(BaseModel):
    """An interaction its handler has not wrapped up: what the lookup would show, no more."""

    model_config = ConfigDict(frozen=True)

    interaction_id: int
    started_at: datetime
    channel: Channel
    #: The customer's reference, formatted ("1234 5678 Z"), or None for no customer.
    customer_reference: str | None
    #: The reference the call was about, when that record has since been merged into this
    #: customer's: the one the handler dealt with.
    merged_from: str | None = None
    #: The interaction was never ended (the console closed during it).
    still_open: bool
    #: The customer's name as the lookup lists it beside the reference ("John Smith"), so
    #: the handler knows whom the call was with; None for no customer, and for a record the
    #: lookup would not list for them (erased, or its processing restricted).
    customer_name: str | None = None
    #: Notes written during the call so far, to complete at wrap-up (the handler's own).
    notes: str | None = None
    #: A complaint is recorded for this call already (raised in it, or on the record since
    #: it started): the wrap-up does not offer to take another.
    complaint_raised: bool = False
    #: The rights passed to the DPO in the call already (Ctrl+R): the wrap-up does not
    #: offer them again.
    rights_taken: tuple[DataRight, ...] = ()
    #: What the call's events say happened in it (verified how far, what was changed,
    #: its last activity); None where it was not read.
    so_far: CallSoFar | None = None

    @property
    def customer_shown(self) -> str | None:
        """The customer's reference as the lookup shows it: "7546 7821 Z (merged from 4322
        6848 G)" for a call about a record merged since."""
        return reference_shown(self.customer_reference, self.merged_from)

    @property
    def customer_cell(self) -> str:
        """The customer as a list of calls shows them: a new customer never saved too."""
        return self.customer_shown or NEW_CUSTOMER_NOT_SAVED

    @property
    def customer_named(self) -> str | None:
        """The customer by name and reference, "John Smith (1001 2345 P)", "John Smith
        (7546 7821 Z, merged from 4322 6848 G)"; as `customer_shown` without a name."""
        if self.customer_name is None or self.customer_reference is None:
            return self.customer_shown
        return f"{self.customer_name} ({self.reference_in_brackets})"

    @property
    def reference_in_brackets(self) -> str:
        """What goes in brackets after the name: the reference, and the record the call was
        about if it has been merged into this one since."""
        if self.merged_from is None:
            return self.customer_reference or ""
        return f"{self.customer_reference}, {merged_from_note(self.merged_from)}"


def reference_shown(reference: str | None, merged_from: str | None) -> str | None:
    """A call's customer as the lookup shows them: the reference, and the record merged
    into it since that the call was about."""
    if reference is None or merged_from is None:
        return reference
    return f"{reference} ({merged_from_note(merged_from)})"


class UnfinishedCall(BaseModel):
    """For supervisors: one operator's interaction not wrapped up, with what the handler's
    own calls to finish show of it (never the notes) and whose it is, and, for one never
    ended, what its console last did."""

    model_config = ConfigDict(frozen=True)

    interaction_id: int
    #: The handler's username.
    operator: str
    started_at: datetime
    channel: Channel
    customer_reference: str | None
    merged_from: str | None = None
    #: When it ended without a wrap-up; None when it never ended.
    ended_at: datetime | None = None
    #: For a call never ended: when the console it was started on last recorded an
    #: action, or None when that console has logged out (or is not known).
    desk_active_at: datetime | None = None
    #: That was within `DESK_QUIET_MINUTES`, and the handler has not logged in elsewhere
    #: since: the call may still be going on at that desk.
    desk_in_use: bool = False
    #: When the handler logged in again, at another console, after the call's console
    #: last did anything: they are back, and can finish it from their calls to finish.
    handler_back_at: datetime | None = None
    #: When the handler opened this call's wrap-up, at a console that has done nothing
    #: else since (nor logged out, nor its handler logged in elsewhere): they may be
    #: typing it now, and closing the call loses what they typed.
    wrap_up_opened_at: datetime | None = None
    #: When the handler last did anything at a console still logged in, within
    #: `DESK_QUIET_MINUTES`: they are at work now, and may be about to finish it themselves.
    handler_active_at: datetime | None = None
    #: What the call raised that is still open, by kind (`OPEN_WORK_WORDS`): closing the
    #: call leaves it open.
    open_work: dict[str, int] = {}
    #: When the handler left the wrap-up they last opened for later (Later): nobody is
    #: typing it, it waits in their calls to finish.
    wrap_up_left_at: datetime | None = None

    @property
    def wrap_up_open(self) -> bool:
        return self.wrap_up_opened_at is not None

    @property
    def still_open(self) -> bool:
        return self.ended_at is None

    @property
    def customer_shown(self) -> str | None:
        return reference_shown(self.customer_reference, self.merged_from)

    @property
    def customer_cell(self) -> str:
        return self.customer_shown or NEW_CUSTOMER_NOT_SAVED


def closed_by_supervisor(reason: str | None) -> str:
    """ "A supervisor closed this call (their reason: handler off sick)": told to its
    handler, who would otherwise not know why their call was taken from them."""
    said = "A supervisor closed this call"
    return f"{said} (their reason: {reason})" if reason else said


#: What a call raised and is still open, in words (one, several), by `UnfinishedCall.open_work`.
OPEN_WORK_WORDS = {
    "complaints": ("complaint", "complaints"),
    "discrepancy_reports": ("discrepancy report", "discrepancy reports"),
    "disclosure_requests": ("disclosure request", "disclosure requests"),
    "rights_requests": ("data protection request", "data protection requests"),
}


def open_work_in_words(open_work: dict[str, int]) -> str | None:
    """ "1 complaint, 1 disclosure request"; None when the call left nothing open."""
    said = [
        f"{count} {OPEN_WORK_WORDS[kind][count != 1]}"
        for kind, count in open_work.items()
        if count and kind in OPEN_WORK_WORDS
    ]
    return ", ".join(said) or None


class OpenWrapUps(BaseModel):
    """For supervisors: how many interactions one operator has not wrapped up."""

    model_config = ConfigDict(frozen=True)

    operator: str
    count: int
    #: Of those, the calls not ended yet: perhaps still going on at the operator's desk.
    not_ended: int = 0


class WrapUpInvalid(FieldError):
    """What is wrong with a wrap-up, field by field: field key -> message to show there."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def check_wrap_up(
    given: WrapUpIn,
    enquiry_types: tuple[str, ...],
    outcomes: tuple[Outcome, ...],
    today: date,
) -> WrapUp:
    """The wrap-up as stored, or WrapUpInvalid naming each field that is wrong and why.

    Messages never repeat what was typed.
    """
    problems: dict[str, str] = {}
    if given.enquiry_type not in enquiry_types:
        problems["enquiry_type"] = "Choose the enquiry type from the list."
    outcome = next((o for o in outcomes if o.key == given.outcome), None)
    if outcome is None:
        problems["outcome"] = "Choose the outcome from the list."
    notes = clean_free_text(given.notes)
    if len(notes) > MAX_NOTES_LENGTH:
        problems["notes"] = f"Notes: at most {MAX_NOTES_LENGTH} characters."
    words = clean_free_text(given.customer_words)
    if len(words) > MAX_WORDS_LENGTH:
        problems["customer_words"] = f"Customer's words: at most {MAX_WORDS_LENGTH} characters."
    follow_up: date | None = None
    if outcome is not None and outcome.needs_follow_up_date:
        try:
            follow_up = follow_up_date(given.follow_up_on, today)
        except FieldError as error:
            problems["follow_up_on"] = str(error)
    if given.rights and given.enquiry_type != DATA_PROTECTION_ENQUIRY:
        problems["rights"] = f"Rights are passed on under {DATA_PROTECTION_ENQUIRY}."
    if problems:
        raise WrapUpInvalid(problems)
    assert outcome is not None
    return WrapUp(
        enquiry_type=given.enquiry_type,
        outcome=outcome.key,
        notes=notes or None,
        customer_words=words or None,
        follow_up_on=follow_up,
        rights=tuple(dict.fromkeys(given.rights)),
    )


def follow_up_date(typed: str, today: date) -> date:
    """A follow-up date as typed, from today to a year ahead; FieldError saying what is wrong."""
    if not typed.strip():
        raise FieldError("Follow-up needed: give the date it is due.")
    try:
        when = parse_calendar_date(typed)
    except FieldError as error:
        message = str(error)
        raise FieldError(f"Follow-up date: {message[:1].lower()}{message[1:]}") from None
    # Each says what date to give: "that date has passed." alone left a first-day handler
    # guessing whether today would do.
    if refused := follow_up_refused(when, today):
        raise FieldError(refused)
    return when
