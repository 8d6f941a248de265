"""The subject access pack's records merged into the person's (MP-13, MP-16): what each
still holds of its own.

A merge moves a record's phones, e-mails, addresses, calls and the rest to the record
kept, but never deletes the merged record: it keeps its reference, names, date of birth
and whatever else its own row holds (support needs, a security question), so that a
lookup by its old name or reference still finds the person (docs/after-the-call.md,
"Finding a merged record"). Those values are held about the person (UK GDPR Art. 15), so
the pack lists them, each row naming the record that holds it in the words the pack uses
for what moved with a merge ("1049 5055 V, merged into this record"). They are read
through the field registry, as the record's own fields are (`field_sections`): a field
added to the registry is listed here too. A record erased with the person's keeps only
what erasure leaves ("(erased)" for its names), and the pack shows that, as it shows the
record's own fields.

A section builder of `subject_access_pack.PACK_SECTIONS`, kept apart as the pack's list
grew.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.moved_by_merge import MadeAbout, made_about
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.field_display import display_value
from custinfo_tui.domain.field_spec import Display
from custinfo_tui.domain.fields import fields_in
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services.pack_cells import ANSWER_KEPT, section
from custinfo_tui.services.record_fields import kept_value

if TYPE_CHECKING:
    from custinfo_tui.repository.orm import Customer
    from custinfo_tui.services.subject_access_pack import PackSource


def merged_record_section(source: PackSource) -> Iterable[PackSection]:
    """Each record merged into this one, and every value its own row still holds: the
    registry's fields, then its security question (the answer is only ever a hash)."""
    rows = [row for merged in source.merged_records() for row in _held_on(merged)]
    yield section(
        "merged-records",
        "Your records merged into this one",
        "A record of yours merged into this one keeps its own reference, names, date of "
        "birth and other details of its own; its phone numbers, e-mail addresses, "
        "addresses and everything else moved to this record and are in the other sections. "
        "Here is each value such a record still holds, with the record it is on.",
        ("Record", "Field", "Value", "Data category"),
        rows,
    )


def _held_on(merged: Customer) -> Iterator[tuple[str, str, str, str]]:
    """The values `merged` holds, each as (record, field, value, category); a field the
    record column already gives (the reference) is not said again."""
    record = made_about(MadeAbout(merged=format_reference(merged.reference)))
    for category in DataCategory:
        for spec in fields_in(category):
            kept = kept_value(merged, spec.key)
            if kept and spec.display is not Display.REFERENCE:
                yield record, spec.label, display_value(spec.key, kept), category.label
    personal = DataCategory.PERSONAL.label  # as erasure counts them (erased_columns)
    if merged.security_question:
        yield record, "Security question", merged.security_question, personal
    if merged.security_answer_hash:
        yield record, "Security answer", ANSWER_KEPT, personal
