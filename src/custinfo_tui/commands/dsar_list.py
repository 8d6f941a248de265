"""`custinfo dsar list`: the register as a table (commands/dsar.py), each request's right
(`?` while whoever made it is still to be verified), references, dates and days left,
never who asked or other text; under it what `?` means, the requests moved by a merge,
the other records that may be the same person's, the erasure requests kept open while
their record is held, and the export each answered pack request recorded as sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custinfo_tui.domain.text import counted, printable

if TYPE_CHECKING:
    from custinfo_tui.domain.subject_access import SubjectAccessRequest

COLUMNS = ("id", "right", "reference", "received", "due", "days left", "extended", "answered")


def _answered(request: SubjectAccessRequest) -> str:
    """The list's "answered" cell: the day, "refused" for a refused request, and how late."""
    if request.answered_at is None:
        return ""
    day = request.answered_at.strftime("%Y-%m-%d")
    late = f", {request.lateness}" if request.lateness else ""
    return f"{day} refused{late}" if request.refused else f"{day}{late}"


def _to_verify(request: SubjectAccessRequest) -> bool:
    """Open, and whoever made it is still to be verified: what `?` marks."""
    return request.identity_to_verify and not request.answered


def _right(request: SubjectAccessRequest) -> str:
    """The list's "right" cell, as the desk's: "Erasure", "Erasure?" while whoever made it
    is still to be verified."""
    return request.right.short + ("?" if _to_verify(request) else "")


def _kept_open(request: SubjectAccessRequest) -> str:
    """An erasure request kept open, unrefused, while its record is held (the erasure
    desk's F2): until when it is due, and whether a hold still stands."""
    kept = f"Request {request.id}: kept open on {request.kept_open_on:%Y-%m-%d}"
    if request.held_by:
        held = ", ".join(request.held_by)
        return f"{kept} while the record is held ({held}); due {request.due_on:%Y-%m-%d}."
    return (
        f"{kept} while the record was held; nothing holds it now: erase it (custinfo erase "
        f"REFERENCE --reason ...); due {request.due_on:%Y-%m-%d}."
    )


def requests_table(
    requests: list[SubjectAccessRequest], username: str, *, answered_too: bool = False
) -> str:
    """`dsar list`: the requests, open ones only unless `answered_too` (`--all`), which an
    empty register says too ("No subject access requests.": none open or answered); then
    what `?` means with the command that clears it, as `username` types it."""
    from custinfo_tui.domain.data_protection.pack_exports import describe_export
    from custinfo_tui.domain.reference import format_reference
    from custinfo_tui.domain.subject_access import (
        describe_days_left,
        describe_moved,
        describe_other_records,
    )

    if not requests:
        return "No subject access requests." if answered_too else "No open subject access requests."
    rows = [COLUMNS] + [
        tuple(
            printable(cell)
            for cell in (
                str(r.id),
                _right(r),
                format_reference(r.customer_reference),
                r.received_on.isoformat(),
                r.due_on.isoformat(),
                "" if r.days_left is None else describe_days_left(r.days_left),
                counted(r.extended_by_months, "month") if r.extended_by_months else "",
                _answered(r),
            )
        )
        for r in requests
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    noun = "request" if len(requests) == 1 else "requests"
    to_verify = sum(1 for r in requests if _to_verify(r))
    verify = f", {to_verify:,} to verify (?)" if to_verify else ""
    lines.append(f"{len(requests):,} {noun}{verify}, overdue first.")
    if to_verify:
        lines.append(
            "?: whoever made the request was not verified. Check who they are, then record "
            f'how: custinfo dsar identity --as {username} ID --how "...".'
        )
    lines += [
        printable(f"Request {r.id}: {describe_moved(r.moved_by_merge)}")
        for r in requests
        if r.moved_by_merge is not None
    ]
    lines += [
        printable(f"Request {r.id}: {describe_other_records(r.other_records)}")
        for r in requests
        if r.other_records
    ]
    lines += [_kept_open(r) for r in requests if r.kept_open_on is not None]
    lines += [  # which pack went out: the withholding decision stays visible
        f"Request {r.id}: sent {describe_export(r.sent)}." for r in requests if r.sent is not None
    ]
    return "\n".join(lines)
