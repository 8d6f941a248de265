"""The subject access pack's section on personal-data breaches that involved the person's
data (MP-20): that their data was in an incident is itself data about them (Art. 15).

A section builder of `subject_access_pack.PACK_SECTIONS`, kept apart as the pack's list
grew. It gives when the breach was discovered, which kinds of data were involved, the
risk assessed, whether the person was told and which record the report named (one merged
into theirs since, by reference), and never the report's own words (what
happened, the reasons), which may be about other people or the organisation's systems.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from custinfo_tui.domain.breaches import CATEGORY_LABELS, BreachRisk, Told
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.moved_by_merge import made_about
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.merging_protection import moved_here
from custinfo_tui.services.pack_cells import section

if TYPE_CHECKING:
    from custinfo_tui.repository.orm import BreachRow
    from custinfo_tui.services.subject_access_pack import PackSource


def breach_section(source: PackSource) -> Iterable[PackSection]:
    """The breaches whose report names the customer, or a record merged into theirs (it
    names theirs since), saying which record the report named."""
    moved = moved_here(source.uow, source.customer.id, AuditAction.BREACH_MOVED_BY_MERGE)
    yield section(
        "breaches",
        "Personal-data breaches involving your data",
        "Incidents in which your data was involved: when found, which kinds of data, the "
        "risk to you as we assessed it, when we told you, and which of your records the "
        "report named.",
        ("Discovered", "Data involved", "Risk assessed", "Told you", "About"),
        (
            (
                breach.discovered_at,
                "; ".join(_category(value) for value in breach.categories),
                BreachRisk(breach.risk).label if breach.risk else "not yet assessed",
                _told(breach),
                made_about(moved.get(breach.id)),
            )
            for breach in source.uow.breaches.naming(source.customer.id)
        ),
    )


def _category(value: str) -> str:
    try:
        return CATEGORY_LABELS[DataCategory(value)]
    except (KeyError, ValueError):
        return value.replace("_", " ")


def _told(breach: BreachRow) -> object:
    """When the person was told, or in words why not (yet)."""
    if breach.individuals == Told.TOLD and breach.individuals_told_at is not None:
        return breach.individuals_told_at
    if breach.individuals == Told.NOT_TOLD:
        return "not told individually"
    return "not decided yet"
