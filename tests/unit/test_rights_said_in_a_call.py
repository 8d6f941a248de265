"""What the handler is told of rights passed to the DPO in a call (MP-16;
`describe_taken`): for a caller not verified, short enough to read whole beside the
verification panel at 80x24 (docs/data-protection.md)."""

from __future__ import annotations

import textwrap
from datetime import date

from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken, describe_taken

DUE = date(2027, 9, 30)  # the longest month's name, a two-digit day
#: The verification panel's columns at 80x24 when nothing in it scrolls.
PANEL_COLUMNS = 28


def _taken(
    *, verified: bool, new: bool = True, right: DataRight = DataRight.ACCESS
) -> RequestTaken:
    return RequestTaken(
        right=right, request_id=12, new=new, identity_to_verify=not verified, due_on=DUE
    )


def test_a_caller_not_verified_is_told_in_five_lines_of_the_panel() -> None:
    said = describe_taken((_taken(verified=False),), caller_on_the_line=True)
    assert said == (
        'Passed to the DPO (caller to be verified): Access. Tell the caller: "Your reference '
        'is request 12; our answer comes by 30 September 2027."'
    )
    assert len(textwrap.wrap(said, PANEL_COLUMNS)) <= 5
    noted = describe_taken((_taken(verified=False, new=False),), caller_on_the_line=True)
    assert noted.startswith("Passed to the DPO (caller to be verified): Access (open already:")


def test_a_verified_caller_and_the_wrap_up_are_told_as_before() -> None:
    verified = describe_taken((_taken(verified=True),), caller_on_the_line=True)
    assert verified.startswith("Passed to the DPO: Access (request 12). Tell the caller:")
    at_wrap_up = describe_taken((_taken(verified=False),))
    assert at_wrap_up == (
        "Passed to the DPO: Access (request 12). The caller was not verified: the DPO will "
        "check who they are. Answer due by 30 September 2027."
    )
