"""A handler's request that two records be merged (MP-13): the rules the form and the
service share, and what the queue item and the handler are told.

A handler who finds two records of one person (the lookup lists "John Smith" twice, the
same date of birth and postcode) cannot merge them: a merge is a supervisor's
(services/merging.py). They ask for one, saying why, and a possible-duplicate item goes
to the supervisor queue, as the capture's "a different person" raises one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import clean_free_text

#: What the reason box asks for, and what a reason too short to say anything is told.
SAME_PERSON_REASON_NEEDED = (
    "Say why they are the same person, in a few words (for example: same date of birth "
    "and address, the caller uses both phones)."
)


class MergeAsked(BaseModel):
    """The request sent: the queue item raised, and the two records by reference."""

    model_config = ConfigDict(frozen=True)

    queue_item_id: int
    #: The record kept by default (the one held first) and the one merged into it.
    kept_reference: str
    other_reference: str

    def paired_with(self, reference: str) -> str:
        """The other of the two records, seen from the record `reference`."""
        return self.other_reference if reference == self.kept_reference else self.kept_reference


def same_person_problem(words: str) -> str | None:
    """What is wrong with the handler's reason (None: nothing): a few words at least, as
    every reason a supervisor weighs; "dup" says nothing on the trail."""
    if len(clean_free_text(words, MAX_REASON_LENGTH)) < MIN_REASON_LENGTH:
        return SAME_PERSON_REASON_NEEDED
    return None


#: Who said the two are one person, in the item's summary, by the role they asked in: a
#: supervisor in a call queues the pair for themselves, and was called "a handler".
_SAID_BY = {
    Role.AGENT: "a handler",
    Role.SUPERVISOR: "a supervisor",
    Role.TRAINER: "a trainer",
    Role.DPO: "the data protection officer",
    Role.ADMIN: "an administrator",
}


def queue_summary(kept_reference: str, other_reference: str, said_by: Role) -> str:
    """The item's summary: both references and who said they are one person (by the role
    they asked in, `said_by`), never a value."""
    return (
        f"{other_reference} said by {_SAID_BY[said_by]} to be the same person as "
        f"{kept_reference}. Merge them if they are."
    )


def already_queued_words(
    other_reference: str, kept_reference: str, item_id: int, *, merges_them: bool
) -> str:
    """Why a second request for a pair on the queue sends nothing: the item there already,
    and who will look at it. `merges_them`: said to one who works the queue (a supervisor
    in a call, whose merge waits for it to end), who is the one to look, from there."""
    on_queue = (
        f"{other_reference} and {kept_reference} are on the supervisor queue already as a "
        f"possible duplicate (queue item {item_id})"
    )
    if merges_them:
        return (
            f"{on_queue}: compare and merge them from there once this call is wrapped up "
            "(Ctrl+G, then Enter on it). Nothing more was sent."
        )
    return f"{on_queue}: a supervisor will look at them. Nothing more was sent."


def asked_words(asked: MergeAsked) -> str:
    """What the handler is told once it is sent: it is on the queue, and nothing of it is
    for the caller (the other record is not theirs to hear about)."""
    return (
        f"Asked a supervisor to merge {asked.other_reference} into {asked.kept_reference} "
        f"(queue item {asked.queue_item_id}). Nothing to tell the caller: the other record "
        "is not read out."
    )


def queued_words(asked: MergeAsked) -> str:
    """What a supervisor is told once the two are on the queue from a call, where they
    may not merge: it waits there for them once the call is wrapped up, and how to get to
    it; nothing of it is for the caller, as for a handler's request."""
    return (
        f"On the supervisor queue to merge once this call is wrapped up: "
        f"{asked.other_reference} into {asked.kept_reference} (queue item "
        f"{asked.queue_item_id}; Ctrl+G, then Enter on it). Nothing to tell the caller: the "
        "other record is not read out."
    )
