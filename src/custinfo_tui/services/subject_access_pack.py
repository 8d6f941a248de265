"""The subject access export pack (MP-16): everything the console stores about a customer.

The pack is a list of sections, each made by one *section builder* in `PACK_SECTIONS`:
a function given the customer's stored rows (`PackSource`) that returns its sections.
First what Article 15 entitles the person to know besides their data (`pack_about`: who
holds it and why, recipients, retention, rights, the ICO, its source); then the
record's fields, one section per data category of the field registry
(`domain.fields`: every field is listed, with its value or where it is held), the record
itself, what the records merged into it still hold of their own (`pack_merged`), then past
addresses and contact points, consents, interactions with their notes, complaints,
discrepancy reports, field history, representatives, disclosures to third parties (MP-17),
breaches, the customer's own requests and restrictions (a disclosure, breach or
restriction about a record merged into theirs names that record), and last who accessed
the record and why (the audit trail).

Adding what a new capability stores about a customer is one builder appended to
`PACK_SECTIONS` (before `access_section`, which stays last); the pack, both documents and
the tests that every section is present follow from the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC

from custinfo_tui.domain.address_country import COUNTRY_FIELD
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.consent import LawfulBasis, MarketingChannel, SpecialCategoryCondition
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.moved_by_merge import made_about
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.data_protection.privacy_notice import BUILT_IN, PackPolicy
from custinfo_tui.domain.data_protection.rights import right_of
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_display import as_displayed, display_value
from custinfo_tui.domain.field_spec import StoredOn
from custinfo_tui.domain.fields import FIELDS, fields_in
from custinfo_tui.domain.one_name import GIVEN_NAME, has_one_name
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services.merging_protection import moved_here
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.pack_about import about_section
from custinfo_tui.services.pack_access import access_section
from custinfo_tui.services.pack_breaches import breach_section
from custinfo_tui.services.pack_cells import ANSWER_KEPT, plain, said, section, text
from custinfo_tui.services.pack_contacts import (
    complaint_sections,
    disclosure_section,
    discrepancy_section,
    interaction_section,
)
from custinfo_tui.services.pack_merged import merged_record_section
from custinfo_tui.services.pack_representatives import representative_section
from custinfo_tui.services.pack_withheld import NOTHING_WITHHELD, WithheldTraces, withheld_traces
from custinfo_tui.services.record_fields import kept_value
from custinfo_tui.services.unit_of_work import UnitOfWork

_CATEGORY_TITLES = {
    DataCategory.PERSONAL: "Personal data on the record",
    DataCategory.SPECIAL_CATEGORY: "Special category data (Article 9) on the record",
    DataCategory.TRANSACTIONAL: "Transactional data on the record",
    DataCategory.ENQUIRY: "Enquiry data",
}


@dataclass(frozen=True)
class PackSource:
    """What a section builder reads from: the open unit of work, the customer's row,
    operator ids as usernames, and the organisation's privacy notice and retention periods."""

    uow: UnitOfWork
    customer: Customer
    operator: Callable[[int | None], str]
    #: Third-party requests the DPO leaves out (the crime exemption, DPA 2018 Sch. 2 para
    #: 2): not listed, and no trace of them anywhere else (`traces`).
    withheld: frozenset[int] = frozenset()
    policy: PackPolicy = BUILT_IN
    #: What names the requests left out: their steps, the openings they were recorded
    #: under, the calls they were taken in (services/pack_withheld.py).
    traces: WithheldTraces = NOTHING_WITHHELD

    def merged_records(self) -> list[Customer]:
        """The records merged into the customer's: the same person's, each keeping its own
        names and date of birth (`pack_merged`, and the kinds of data held)."""
        return self.uow.merges.merged_records(self.customer.id)

    def contacts(self) -> list[Interaction]:
        """The customer's calls, visits, e-mails and letters, oldest first; not one a
        withheld third-party request was taken in (`traces`), which would name it."""
        calls = self.uow.subject_access.interactions_of(self.customer.id)
        return [call for call in calls if call.id not in self.traces.calls]


SectionBuilder = Callable[[PackSource], Iterable[PackSection]]

#: The given name of someone with one name only, as the pack tells them (domain/one_name.py).
ONE_NAME_IN_PACK = "none: you have one name only, which we hold as your family name"


def _none_held(source: PackSource, key: str) -> str | None:
    """What the pack says of a field holding nothing: nothing, but for the given name of a
    customer with one name only, which says so (not an empty given name held in error)."""
    customer = source.customer
    if key == GIVEN_NAME and has_one_name(customer.given_name, customer.family_name):
        return ONE_NAME_IN_PACK
    return None


def field_sections(source: PackSource) -> Iterable[PackSection]:
    """One section per data category of the registry, every field in it: its value where
    the registry stores it (the customer, their address or contact points), or, for what
    is kept with each call (enquiry type, notes), where to find it."""
    for category in DataCategory:
        rows = []
        for spec in fields_in(category):
            value: str | None
            if spec.storage is None:  # checked as typed, kept in another field
                value = "not stored on its own"
            elif spec.storage.on is StoredOn.INTERACTION:
                value = "held per interaction: see Interactions"
            else:
                kept = kept_value(source.customer, spec.key)
                value = display_value(spec.key, kept) if kept else _none_held(source, spec.key)
            rows.append((spec.label, value))
        yield section(
            f"fields-{category.value}",
            _CATEGORY_TITLES[category],
            f"Every field of the category '{category.value.replace('_', ' ')}'.",
            ("Field", "Value"),
            rows,
            category=category,
        )


def record_section(source: PackSource) -> Iterable[PackSection]:
    """The record's own facts beyond its fields: status (restricted, and since when, while
    processing is restricted), dates, the security question."""
    c = source.customer
    answer = ANSWER_KEPT if c.security_answer_hash else "not set"
    yield section(
        "record",
        "The record",
        "When the record was made and changed, and its security question.",
        ("Item", "Value"),
        [
            ("Status", _status(source)),
            ("Created", c.created_at),
            ("Last changed", c.updated_at),
            ("Security question", c.security_question or "not set"),
            ("Security answer", answer),
        ],
    )


def _status(source: PackSource) -> str | None:
    """The record's status in words; an active record whose processing is restricted says
    so, and since when (Art. 18), as the record's title does on the console."""
    c = source.customer
    restricted = source.uow.subject_access.restriction_in_force(c.id)
    if c.status != CustomerStatus.ACTIVE or restricted is None:
        return plain(c.status)
    since = restricted.restricted_at
    day = (since if since.tzinfo is None else since.astimezone(UTC)).date()  # as times: UTC
    return (
        f"Restricted since {text(day)} (UK GDPR Article 18): we keep your data but use it "
        "only as that article allows"
    )


def address_section(source: PackSource) -> Iterable[PackSection]:
    """Every address, the current one and past ones, its country by name."""
    rows = source.uow.subject_access.addresses_of(source.customer.id)
    yield section(
        "addresses",
        "Addresses, current and past",
        "Every postal address held, with the dates it applied.",
        ("Line 1", "Line 2", "Town", "Postcode", "Country", "From", "To", "Current"),
        (
            (
                a.line1,
                a.line2,
                a.town,
                a.postcode,
                as_displayed(COUNTRY_FIELD, a.country),  # its name, as the record shows it
                a.valid_from,
                a.valid_to,
                a.is_current,
            )
            for a in rows
        ),
    )


def contact_section(source: PackSource) -> Iterable[PackSection]:
    """Every phone number and e-mail address."""
    rows = source.uow.subject_access.contact_points_of(source.customer.id)
    yield section(
        "contact-points",
        "Phone numbers and e-mail addresses",
        "Every contact point held, current and past.",
        ("Kind", "Label", "Value", "Main", "Added"),
        (
            (
                plain(p.kind),
                plain(p.label),
                as_displayed(p.kind, p.value),
                p.is_primary,
                p.created_at,
            )
            for p in rows
        ),
    )


def consent_section(source: PackSource) -> Iterable[PackSection]:
    """Consents given, and when they were withdrawn."""
    rows = source.uow.customers.consents_of(source.customer.id)
    yield section(
        "consents",
        "Consents and withdrawals",
        "Each purpose and channel: the lawful basis, the answer, the wording, and any withdrawal.",
        (
            "Purpose",
            "Channel",
            "Lawful basis",
            "Condition",
            "Given",
            "Wording",
            "Recorded",
            "Withdrawn",
        ),
        (
            (
                plain(c.purpose),
                said(MarketingChannel, c.channel),
                said(LawfulBasis, c.lawful_basis),
                said(SpecialCategoryCondition, c.condition),
                c.granted,
                c.wording_version,
                c.recorded_at,
                c.withdrawn_at,
            )
            for c in sorted(rows, key=lambda c: (c.recorded_at, c.id))
        ),
    )


def field_history_section(source: PackSource) -> Iterable[PackSection]:
    """Every change of a field, with its old and new value and the reason."""
    rows = source.uow.customers.field_changes(source.customer.id)
    yield section(
        "field-history",
        "Changes to your details",
        "Each change: the field, the old and new value, the reason, and who made it.",
        ("When", "Field", "Old value", "New value", "Reason", "By"),
        (
            (
                f.changed_at,
                FIELDS[f.field].label if f.field in FIELDS else f.field,
                as_displayed(f.field, f.old_value),
                as_displayed(f.field, f.new_value),
                f.reason,
                source.operator(f.operator_id),
            )
            for f in sorted(rows, key=lambda f: (f.changed_at, f.id))
        ),
    )


def request_sections(source: PackSource) -> Iterable[PackSection]:
    """The customer's own requests (access and their other rights) and restrictions of
    processing."""
    repo = source.uow.subject_access
    yield section(
        "subject-access-requests",
        "Your requests about your data",
        "Requests for your data, or to have it erased, corrected, restricted, moved or not"
        " used: who asked, how identity was checked, when due and answered, or why refused.",
        (
            "Received",
            "Asked by",
            "Right",
            "Identity checked by",
            "Due",
            "Extension reason",
            "Answered",
            "What was done",
            "Refused because",
        ),
        (
            (
                r.received_on,
                r.requested_by,
                right_of(r.data_right).short,
                r.identity_check,
                r.due_on,
                r.extension_reason,
                r.answered_at,
                r.answer_note,
                r.refusal_reason,
            )
            for r in repo.of_customer(source.customer.id)
        ),
        typed=(
            "Asked by",
            "Identity checked by",
            "Extension reason",
            "What was done",
            "Refused because",
        ),
    )
    moved = moved_here(source.uow, source.customer.id, AuditAction.RESTRICTION_MOVED_BY_MERGE)
    yield section(
        "restrictions",
        "Restrictions of processing",
        "When processing of your record was restricted (Article 18), why, when lifted, and "
        "which of your records it was on.",
        ("Restricted", "Reason", "Lifted", "Why lifted", "About"),
        (
            (r.restricted_at, r.reason, r.lifted_at, r.lift_reason, made_about(moved.get(r.id)))
            for r in repo.restrictions_of(source.customer.id)
        ),
        typed=("Reason", "Why lifted"),
    )


#: The pack's sections in order. Append a capability's builder before `access_section`:
#: third-party disclosures (MP-17) go after `representative_section`.
PACK_SECTIONS: list[SectionBuilder] = [
    about_section,
    field_sections,
    record_section,
    merged_record_section,
    address_section,
    contact_section,
    consent_section,
    interaction_section,
    complaint_sections,
    discrepancy_section,
    field_history_section,
    representative_section,
    disclosure_section,
    breach_section,
    request_sections,
    access_section,
]


def build_sections(
    uow: UnitOfWork,
    customer: Customer,
    withheld: frozenset[int] = frozenset(),
    policy: PackPolicy = BUILT_IN,
) -> tuple[PackSection, ...]:
    """Every section of the pack for `customer`, inside the caller's transaction, less the
    third-party requests `withheld`, with the organisation's privacy notice and retention
    periods of `policy`."""
    traces = NOTHING_WITHHELD
    if withheld:
        records = (customer.id, *uow.merges.merged_references(customer.id))
        events = uow.subject_access.events_about(records)
        traces = withheld_traces(events, withheld, policy.listed_reasons)
    source = PackSource(
        uow=uow,
        customer=customer,
        operator=operator_names(uow),
        withheld=withheld,
        policy=policy,
        traces=traces,
    )
    return tuple(section for builder in PACK_SECTIONS for section in builder(source))
