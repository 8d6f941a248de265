"""Complaints in a table (MP-19): the record's Complaints tab, and the supervisor queue's
complaints due. Neither shows a complaint's text: the category, the stage and what is owed
next. `Enter` asks to move the highlighted complaint on, where the operator may; `v` asks
to read it in full (tui/screens/complaint_text.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from custinfo_tui.domain.complaint_callers import UNVERIFIED_MARK
from custinfo_tui.domain.complaints import ComplaintPolicy, ComplaintSummary, DueComplaint
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.labelled_lines import labelled_text
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.widgets.record_table import RecordTable
from custinfo_tui.tui.widgets.sized_rows import Row, fill_sized


def today() -> date:
    """The day complaints' days left are counted from (UTC, as the services count them)."""
    return datetime.now(UTC).date()


def follow_up_missed(complaint: ComplaintSummary | DueComplaint) -> bool:
    """Whether an open complaint's follow-up day, agreed with the customer, has passed."""
    closed = isinstance(complaint, ComplaintSummary) and complaint.closed_at is not None
    on = complaint.follow_up_on
    return not closed and on is not None and on < today()


def follow_up(complaint: ComplaintSummary) -> Text:
    """A follow-up date as the record's table shows it, "-" for none; in bold red with
    "passed" once the day has gone by on an open complaint."""
    on = complaint.follow_up_on
    if on is None:
        return Text("-")
    if follow_up_missed(complaint):
        return Text(f"{on:%d %b %Y} passed", style="bold red")
    return Text(f"{on:%d %b %Y}")


def describe(complaint: ComplaintSummary | DueComplaint, due: str) -> str:
    """One complaint in a line: "Billing or charges, received 01 Dec 2026, now received:
    acknowledgement due in 3 days; follow-up on 08 Dec 2026" (or "; the follow-up agreed
    for 04 Dec 2026 has passed")."""
    line = (
        f"{complaint.category}, received {complaint.received_at:%d %b %Y}, "
        f"now {complaint.stage}: {due}"
    )
    if complaint.follow_up_on is not None and follow_up_missed(complaint):
        line += f"; the follow-up agreed for {complaint.follow_up_on:%d %b %Y} has passed"
    elif complaint.follow_up_on is not None:
        line += f"; follow-up on {complaint.follow_up_on:%d %b %Y}"
    return line


class MoveStageRequested(Message):
    """The operator asked to move a complaint on: its id, category, stage, next stages and
    the follow-up date it has (the stage dialog shows it, to be kept or changed)."""

    def __init__(
        self,
        complaint_id: int,
        category: str,
        stage: str,
        next_stages: tuple[str, ...],
        follow_up_on: date | None = None,
    ) -> None:
        super().__init__()
        self.complaint_id = complaint_id
        self.category = category
        self.stage = stage
        self.next_stages = next_stages
        self.follow_up_on = follow_up_on


class ReadComplaintRequested(Message):
    """The operator asked to read the highlighted complaint in full."""

    def __init__(self, complaint_id: int) -> None:
        super().__init__()
        self.complaint_id = complaint_id


#: The record's complaints and the queue's due ones move a complaint on alike.
MOVE_STAGE_BINDING = Binding(
    "enter",
    "move_stage",
    "Move stage",
    tooltip="Move the highlighted complaint to a later stage, with a note",
)
#: Not in the record's footer, full on its Complaints tab: the line under the table and
#: the palette say it.
READ_BINDING = Binding(
    "v",
    "read",
    "Read complaint",
    tooltip="Read the highlighted complaint in full: texts and stages",
    show=False,
)
#: In the queue's footer, which has room for it at 80 columns once the complaints table
#: has the focus (F6 leaves it then: screens/queue_keys.py), while a complaint is
#: highlighted: a supervisor answering one needs what was said, and "v" had been named
#: only at the end of the line under the table, and in the palette.
QUEUE_READ_BINDING = dataclasses.replace(READ_BINDING, description="Read", show=True)
#: Ends the line under each table.
READ_HINT = " (v: read in full)"


class ComplaintsTable(RecordTable):
    """A customer's complaints, oldest first, with what is owed next or overdue."""

    BINDINGS: ClassVar[list[BindingType]] = [MOVE_STAGE_BINDING, READ_BINDING]

    COLUMNS = ("Category", "Stage", "Next answer", "Follow-up")
    GIVES_WAY = ("Category", "Next answer")

    _complaints: tuple[ComplaintSummary, ...] = ()
    _policy: ComplaintPolicy | None = None
    #: Whether the operator may move complaints on (from `RecordCapabilities`).
    may_move = False

    def show(self, record: CustomerRecord, policy: ComplaintPolicy, *, may_move: bool) -> None:
        self._complaints, self._policy, self.may_move = record.complaints, policy, may_move
        on = today()
        rows: list[Row] = [
            (
                None,
                (
                    printable_text(complaint.category),
                    printable_text(complaint.stage),
                    Text(complaint.describe_due(policy, on)),
                    follow_up(complaint),
                ),
            )
            for complaint in record.complaints
        ]
        self.fill(rows, empty="No complaints.")
        self.refresh_bindings()

    def detail(self) -> RenderableType:
        """The highlighted complaint whole, with the day it was received."""
        complaint, policy = self.highlighted, self._policy
        if complaint is None or policy is None:
            return super().detail()
        due = complaint.describe_due(policy, today())
        return printable_text(describe(complaint, due) + READ_HINT)

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()  # Move stage follows the highlighted complaint

    @property
    def highlighted(self) -> ComplaintSummary | None:
        row = self.cursor_row
        return self._complaints[row] if 0 <= row < len(self._complaints) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read":
            return self.highlighted is not None
        if action == "move_stage":
            complaint, policy = self.highlighted, self._policy
            return (
                self.may_move
                and complaint is not None
                and policy is not None
                and bool(complaint.next_stages(policy))
            )
        return super().check_action(action, parameters)

    def action_read(self) -> None:
        if (complaint := self.highlighted) is not None:
            self.post_message(ReadComplaintRequested(complaint.id))

    def action_move_stage(self) -> None:
        complaint, policy = self.highlighted, self._policy
        if complaint is None or policy is None or not self.may_move:
            return
        stages = complaint.next_stages(policy)
        if stages:
            self.post_message(
                MoveStageRequested(
                    complaint.id,
                    complaint.category,
                    complaint.stage,
                    stages,
                    complaint.follow_up_on,
                )
            )


class ComplaintsDueTable(DataTable[Text]):
    """The supervisor queue's open complaints, the soonest answer due first."""

    BINDINGS: ClassVar[list[BindingType]] = [MOVE_STAGE_BINDING, QUEUE_READ_BINDING]

    COLUMNS = ("Reference", "Category", "Stage", "Next answer")
    #: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table
    #: has the highlighted complaint whole): a long category had pushed the answer due off
    #: the screen, and "overdue by 12 days" lost its last letters at the edge.
    GIVES_WAY = ("Category", "Next answer")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.complaints: list[DueComplaint] = []
        self.can_focus = False  # until `show` has complaints in it

    def show(self, complaints: list[DueComplaint]) -> None:
        self.complaints = complaints
        # Empty, it is no Tab stop: nothing in it to work, and its keys would act on none.
        self.can_focus = bool(complaints)
        rows: list[Row] = [
            (
                str(item.id),
                (
                    _reference(item),
                    printable_text(item.category),
                    printable_text(item.stage),
                    _next_answer(item),
                ),
            )
            for item in complaints
        ]
        fill_sized(self, self.COLUMNS, rows, keep_place=True, gives_way=self.GIVES_WAY)
        self.refresh_bindings()

    def detail(self) -> RenderableType:
        """The highlighted complaint whole beside its customer's reference, wrapping under
        itself: when received, the follow-up; and for one whose caller was not verified,
        how far they got (the "?" after the reference in the table)."""
        item = self.highlighted
        if item is None:
            return Text("")
        line = describe(item, item.described)
        if item.caller.unverified:
            briefly = item.caller.briefly()
            line += f"; {briefly[0].lower()}{briefly[1:]}"
        return labelled_text(f"{item.customer_reference}:", line + READ_HINT)

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()  # Move stage follows the highlighted complaint

    @property
    def highlighted(self) -> DueComplaint | None:
        row = self.cursor_row
        return self.complaints[row] if 0 <= row < len(self.complaints) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read":
            return self.highlighted is not None
        if action == "move_stage":
            item = self.highlighted
            return item is not None and bool(item.next_stages)
        return super().check_action(action, parameters)

    def action_read(self) -> None:
        if (item := self.highlighted) is not None:
            self.post_message(ReadComplaintRequested(item.id))

    def action_move_stage(self) -> None:
        item = self.highlighted
        if item is not None and item.next_stages:
            self.post_message(
                MoveStageRequested(
                    item.id, item.category, item.stage, item.next_stages, item.follow_up_on
                )
            )


def _reference(item: DueComplaint) -> Text:
    """The due list's "Reference", ended by "?" for a complaint raised in a call whose
    caller was not verified: the real customer may never have complained."""
    mark = UNVERIFIED_MARK if item.caller.unverified else ""
    return printable_text(item.customer_reference + mark)


def _next_answer(item: DueComplaint) -> Text:
    """The due list's "Next answer": what is owed next, in bold red when overdue; a
    follow-up day gone by is said there first (the column is cut at 80 columns), so it is
    not seen only on the line below."""
    missed = follow_up_missed(item)
    said = f"follow-up passed; {item.described}" if missed else item.described
    return Text(said, style="bold red" if item.overdue or missed else "")
