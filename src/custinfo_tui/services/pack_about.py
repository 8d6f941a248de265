"""The subject access pack's first section: what Article 15 entitles the person to know
besides their data (UK GDPR Art. 15(1)(a)-(h) and 15(2)).

A section builder of `subject_access_pack.PACK_SECTIONS`, kept apart as the pack's list
grew. The organisation's own answers come from its privacy notice (the policy file's
`[privacy_notice]` table), the periods from its retention policy, and from the record:
the kinds of data held, to whom it was disclosed, and where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.data_protection.privacy_notice import (
    COMPLAINT,
    RIGHTS,
    retention_in_words,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_spec import StoredOn
from custinfo_tui.domain.fields import FIELDS, fields_in
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services.disclosures_in_pack import disclosures_for_customer
from custinfo_tui.services.pack_cells import said, section, text
from custinfo_tui.services.record_fields import kept_value

if TYPE_CHECKING:
    from custinfo_tui.repository.orm import Customer, Interaction
    from custinfo_tui.services.subject_access_pack import PackSource

_CATEGORY_WORDS = {
    DataCategory.PERSONAL: "personal data (who you are and how to reach you)",
    DataCategory.TRANSACTIONAL: "transactional data (your reference and what you did with us)",
    DataCategory.ENQUIRY: "enquiry data ({})",
    DataCategory.SPECIAL_CATEGORY: "special category data (Article 9: such as support needs)",
}
#: What each enquiry field kept with a contact is, in the words of the kinds of data held.
_ENQUIRY_WORDS = {
    "enquiry_type": "what you asked us about",
    "notes": "the notes of your contacts",
    "customer_words": "what you told us in your own words",
}


def about_section(source: PackSource) -> Iterable[PackSection]:
    """Who holds the data and why, who receives it, transfers, how long it is kept, the
    person's rights, where to complain, where the data came from, automated decisions."""
    yield section(
        "about",
        "About this pack and how we use your data",
        "What the law entitles you to know besides your data itself (UK GDPR Article 15).",
        ("Question", "Answer"),
        _answers(source),
    )


def _answers(source: PackSource) -> Iterator[tuple[str, str]]:
    notice = source.policy.notice
    yield "Who holds your data", notice.controller
    yield "How to reach us about it", notice.contact
    for purpose in notice.purposes:
        yield "Why we use it, and on what lawful basis", purpose
    yield (
        "Why we use it, and on what lawful basis",
        "The lawful basis recorded for each of your consents is listed under Consents and "
        "withdrawals.",
    )
    yield "The kinds of data we hold about you", _categories(source)
    for recipient in notice.recipients:
        yield "Who receives it", recipient
    for disclosed in _disclosed_to(source):
        yield "Who receives it", disclosed
    yield "Transfers outside the United Kingdom", notice.transfers
    for line in retention_in_words(source.policy.retention):
        yield "How long we keep it", line
    for right in RIGHTS:
        yield "Your rights", right
    yield "Your rights", f"To use any of them, contact {_lower_first(notice.contact)}"
    yield "Where to complain", COMPLAINT
    yield "Where your data came from", _source_of(source)
    yield "Automated decisions and profiling", notice.automated_decisions


def _categories(source: PackSource) -> str:
    """The data categories the record holds values in, as the sections below list them: a
    value erased (emptied, or its placeholder) is not held; enquiry data is held with the
    person's contacts, and said by what of it is."""
    calls = source.contacts()
    records = (source.customer, *source.merged_records())
    held = []
    for category in DataCategory:
        keys = [spec.key for spec in fields_in(category) if _held(records, calls, spec.key)]
        if keys and category is DataCategory.ENQUIRY:
            parts = [_ENQUIRY_WORDS.get(key, FIELDS[key].label.lower()) for key in keys]
            held.append(_CATEGORY_WORDS[category].format(_listed(parts)))
        elif keys:
            held.append(_CATEGORY_WORDS[category])
    listed = "; ".join(held)
    if source.customer.status == CustomerStatus.ERASED:
        return (
            "Nothing that identifies you: your record was erased. What is kept: "
            f"{listed}. Each is a section below."
        )
    return f"{listed[:1].upper()}{listed[1:]}. Each is a section below, field by field."


def _held(records: Sequence[Customer], calls: Sequence[Interaction], key: str) -> bool:
    """Whether a value of the field is held: on the record or on one merged into it (which
    keeps its own names, date of birth and support needs), or with any contact for what is
    kept with each (`StoredOn.INTERACTION`)."""
    storage = FIELDS[key].storage
    if storage is None:  # checked as typed, kept in another field
        return False
    if storage.on is StoredOn.INTERACTION:
        values = [getattr(call, storage.attribute) for call in calls]
    else:
        values = [kept_value(record, key) for record in records]
    return any(value and value != ERASED_PLACEHOLDER for value in values)


def _listed(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _disclosed_to(source: PackSource) -> Iterator[str]:
    """Each organisation the person's data was sent to, with the fields sent (those
    approved), from the disclosure log, less the requests the DPO leaves out (the crime
    exemption)."""
    for disclosure in disclosures_for_customer(source.uow, source.customer.id):
        if disclosure.id in source.withheld or disclosure.released_at is None:
            continue
        yield (
            f"{disclosure.organisation}, on {text(disclosure.released_at.date())}: "
            f"{', '.join(disclosure.approved_labels)} (see Disclosures to third parties)."
        )


def _source_of(source: PackSource) -> str:
    """Where the record's data came from (Art. 15(1)(g)), as far as what is stored tells:
    an earlier system it was imported from; else the person, in the contact in which the
    record was captured (its `customer.created` event names it), or from the day the
    record was made. A contact is said to be the first only when it is older than the
    record: a call taken years after the record was made is not where the data began."""
    customer = source.customer
    imported = source.uow.subject_access.imported_at(customer.id)
    if imported is not None:
        return (
            f"Copied on {text(imported.date())} from our earlier customer records, which "
            "held what you or someone acting for you told us; since then, from you."
        )
    calls = source.contacts()
    made_in = _captured_in(source, calls)
    if made_in is not None:
        return (
            "From you or someone acting for you: your record was made in your contact with us "
            f"on {text(made_in.started_at.date())} ({said(Channel, made_in.channel)}), and "
            "added to in your contacts since."
        )
    if calls and calls[0].started_at < customer.created_at:
        first = calls[0]
        return (
            "From you or someone acting for you: first in your contact with us on "
            f"{text(first.started_at.date())} ({said(Channel, first.channel)}), and in your "
            "contacts since."
        )
    since = "; since then, also in your contacts with us" if calls else ""
    return (
        f"From you or someone acting for you, recorded on {text(customer.created_at.date())}"
        f"{since}."
    )


def _captured_in(source: PackSource, calls: Sequence[Interaction]) -> Interaction | None:
    """The contact in which the record was captured, named by its `customer.created`
    event; None for a record made otherwise (imported, or one no event tells of)."""
    created = source.uow.audit.list_recent(
        customer_id=source.customer.id, action=AuditAction.CUSTOMER_CREATED.value, limit=1
    )
    if not created or created[0].interaction_id is None:
        return None
    return next((call for call in calls if call.id == created[0].interaction_id), None)


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]
