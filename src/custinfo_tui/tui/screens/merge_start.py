"""Starting a merge from a record (MP-13, Ctrl+E): the other record's reference first,
then both side by side on the merge screen (tui/screens/merge.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.merging import MergeDone
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.screens.desk_form import DeskFormScreen, FormField, FormSaved
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.service_calls import attempt

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.service_calls import Attempt


def merge_with(
    screen: Screen[Any], actor: Actor, keep_id: int, when_merged: Callable[[], None]
) -> None:
    """Ask the reference of the record to merge into `keep_id` (a misread one, or one that
    cannot be merged into it, such as its own, is said on the form, which keeps it), then
    compare the two side by side to merge."""
    services = cast("CustinfoApp", screen.app).services()

    def find(values: dict[str, str]) -> Attempt[object]:
        reference = values["merge-reference"]
        return attempt("find that record", services.find_record_to_merge, actor, reference, keep_id)

    def found(saved: FormSaved | None) -> None:
        if saved is not None and isinstance(saved.value, int):
            screen.app.push_screen(MergeScreen(actor, keep_id, saved.value), merged)

    def merged(done: MergeDone | None) -> None:
        if done is not None:
            when_merged()

    form = DeskFormScreen(
        "Merge with another record",
        "This record is kept; the other one is merged into it.",
        [FormField("merge-reference", "The other record's reference", "e.g. 1020 5429 F",
                   limit=20)],
        find,
        go=("Compare", "Show the two records side by side: nothing is merged yet"),
    )  # fmt: skip
    screen.app.push_screen(form, found)
