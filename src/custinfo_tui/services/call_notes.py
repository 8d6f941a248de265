"""A note added to the call in progress (MP-18): kept on the interaction, which its wrap-up
starts from (services/wrap_up.py), and shown on the record's timeline to those allowed to
read enquiries. Free text: cleaned as every note is (`domain.text.clean_free_text`, card
numbers taken out), and never in an event, which carries its length only.
"""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services import audit
from custinfo_tui.services.in_call import open_call
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_view import in_call_record
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Between notes added during a call (free text is kept on one line).
NOTE_SEPARATOR = " / "


def add_note(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    text: str,
) -> CustomerRecord:
    """Add a note to the call in progress: kept on the interaction (the wrap-up starts from
    it) and shown on the record's timeline to those allowed to read enquiries.

    Audited as `interaction.note_added` with its length only. Returns the record as the
    caller on the line may hear it, like every in-call service.
    """
    require(actor, Permission.VERIFY_CALLERS)
    note = clean_free_text(text)
    if not note:
        raise FieldError("Type the note first.")
    limit = FIELDS["notes"].max_length
    with uow:
        interaction, customer = open_call(uow, actor, interaction_id)
        notes = f"{interaction.notes}{NOTE_SEPARATOR}{note}" if interaction.notes else note
        if len(notes) > limit:
            raise FieldError(
                f"The call's notes can hold at most {limit:,} characters; with this note "
                f"they would be {len(notes):,}. Shorten it."
            )
        interaction.notes = notes
        audit.record(
            uow,
            actor,
            AuditAction.NOTE_ADDED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            fields=("notes",),
            details={"characters": len(note)},
        )
        record = in_call_record(uow, policy, interaction, customer)
        uow.commit()
        return record
