"""What a subject access pack must tell the person besides their data (UK GDPR Art. 15(1)
(a)-(h) and 15(2)): who holds it and why, who receives it, transfers abroad, how long it is
kept, their rights, the right to complain to the ICO, where the data came from, and any
automated decision-making.

The organisation's own answers come from the policy file's `[privacy_notice]` table
(docs/configuration.md); the retention periods from its `[retention]` table, so the pack
says what the retention runs do. Pure wording; the pack's section is built in
`services/subject_access_pack.py`.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from custinfo_tui.domain.data_protection.retention import RetentionPolicy


class PrivacyNotice(BaseModel):
    """The organisation's answers to what Article 15 asks of a subject access pack.

    The defaults describe what the console itself does; an organisation sets its own in
    the policy file, and `custinfo doctor` says while it has not.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Who the controller is and how to reach them (Art. 13(1)(a), repeated for Art. 15).
    controller: str = Field(
        default="The organisation you are a customer of, which holds your data as controller.",
        min_length=1,
        max_length=1_000,
    )
    #: How to reach the data protection officer, for the rights and for complaints.
    contact: str = Field(
        default="Our data protection officer, at the address on our letters and website.",
        min_length=1,
        max_length=1_000,
    )
    #: Why the data is used, each with its lawful basis (Art. 15(1)(a)).
    purposes: tuple[str, ...] = Field(
        default=(
            "To give you the service you asked for and answer your enquiries "
            "(lawful basis: contract).",
            "To keep a record of what we did with your data and why, as the law requires of "
            "us (lawful basis: legal obligation).",
            "To send you marketing, only where you consented, by the channels you chose "
            "(lawful basis: consent, which you can withdraw at any time).",
        ),
        min_length=1,
    )
    #: Who receives it, by category (Art. 15(1)(c)); actual disclosures are listed apart.
    recipients: tuple[str, ...] = Field(
        default=(
            "Our staff who handle your enquiries, each only as far as their work needs.",
            "Organisations with a legal right to it, such as the police, case by case "
            "(each one is listed under Disclosures to third parties, unless the law lets "
            "us leave it out).",
        ),
        min_length=1,
    )
    #: Transfers outside the UK and their safeguards (Art. 15(1)(c) and 15(2)).
    transfers: str = Field(
        default="We do not transfer your data outside the United Kingdom.",
        min_length=1,
        max_length=1_000,
    )
    #: Automated decision-making and profiling (Art. 15(1)(h)).
    automated_decisions: str = Field(
        default="We make no decision about you by automated means alone, and do not profile you.",
        min_length=1,
        max_length=1_000,
    )


class PackPolicy(NamedTuple):
    """The organisation's policies a subject access pack reads: its privacy notice and its
    retention periods (the policy file's `[privacy_notice]` and `[retention]` tables), and
    the reasons its staff choose from (`CUSTINFO_ACCESS_REASONS`, the `[capture]` table's
    change reasons), which the pack tells from what was typed after one
    (`access_reasons.typed_words`)."""

    notice: PrivacyNotice = PrivacyNotice()
    retention: RetentionPolicy = RetentionPolicy()
    listed_reasons: tuple[str, ...] = ()


#: The built-in privacy notice and retention periods, without a policy file.
BUILT_IN = PackPolicy()


#: Each right the person has over their data, in the words the pack uses (Art. 15(1)(e)).
RIGHTS = (
    "To have wrong or incomplete details corrected (Article 16).",
    "To have your data erased where we no longer have a reason to keep it (Article 17).",
    "To have our use of your data restricted while a question about it is settled (Article 18).",
    "To object to our use of your data, and to marketing at any time (Article 21).",
    "To have data you gave us sent to you or another organisation in a common format, "
    "where we use it by consent or for a contract (Article 20).",
    "To withdraw a consent you gave, at any time, without affecting what was done before "
    "(Article 7(3)).",
)

#: Where to complain (Art. 15(1)(f)): the UK's supervisory authority.
COMPLAINT = (
    "You can complain to the Information Commissioner's Office, the UK's supervisory "
    "authority for data protection: ico.org.uk/make-a-complaint. We would welcome the "
    "chance to put things right first."
)


def retention_in_words(policy: RetentionPolicy) -> tuple[str, ...]:
    """How long each kind of data is kept, as the retention runs apply `policy` (Art.
    15(1)(d); docs/data-protection.md, "Erasure and retention"): whole years after the
    person's last contact, the identity until both the personal and the transactional
    periods have passed."""
    special = policy.special_category
    sooner = (
        ", or at once when no condition for keeping it is in force any more"
        if special.when_condition_withdrawn
        else ""
    )
    return (
        "Your identity, contact details and what you did with us: "
        f"{_years(policy.record_years())} after your last contact with us; then your "
        "record is anonymised, and only its reference, dates and outcomes stay, with "
        "nothing that identifies you.",
        "The notes of your contacts, your own words, complaint and discrepancy texts: "
        f"{_years(policy.enquiry.years_after_last_contact)} after your last contact.",
        "Special category data (such as support needs): "
        f"{_years(special.years_after_last_contact)} after your last contact{sooner}.",
        "Our audit trail of who looked at or changed your record, and why, holds none of "
        "your details; it is kept so that we can account for what we did with your data.",
    )


def _years(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"
