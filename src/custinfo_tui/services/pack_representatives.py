"""The subject access pack's section on the people authorised to act for the customer
(MP-16): who they are, what they may do, and whether they still may.

A section builder of `subject_access_pack.PACK_SECTIONS`, kept apart as the pack's list
grew (as `pack_breaches`). A representative erased with the record is said to be once,
in place of their details, never as "(erased) (erased)" with "Active: yes".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.one_name import full_name
from custinfo_tui.domain.verification import Authority
from custinfo_tui.services.pack_cells import may, said, section

if TYPE_CHECKING:
    from custinfo_tui.services.subject_access_pack import PackSource


def representative_section(source: PackSource) -> Iterable[PackSection]:
    """People authorised to act for the customer, with the details held about them."""
    rows = source.uow.interactions.representatives_of(source.customer.id)
    yield section(
        "representatives",
        "Representatives",
        "People authorised to act for you, what they may do, and their details held.",
        ("Name", "Relationship", "Authority", "May", "Active", "Added"),
        (
            (
                full_name(r.given_name, r.family_name),
                r.relationship,
                said(Authority, r.authority),
                may(r.scope),
                r.active,
                r.created_at,
            )
            if r.given_name != ERASED_PLACEHOLDER
            # Erased with the record: said once, not "(erased)" in each cell, and never
            # "Active: yes" for someone who can no longer act on a record erased.
            else (
                REPRESENTATIVE_ERASED,
                "",
                said(Authority, r.authority),
                may(r.scope),
                "",
                r.created_at,
            )
            for r in rows
        ),
    )


#: A representative's row once erased (their name, relationship and details replaced).
REPRESENTATIVE_ERASED = "Erased with your record: their name, relationship and details"
