"""`custinfo import FILE.csv --mapping MAPPING.toml` (docs/import.md): customers from a legacy
system, every row checked as the console checks it, refused rows listed in a rejects file,
possible duplicates raised for a supervisor, resumable after an interruption. Acts as the
system; each batch stored is a `customers.import_stored` event on the audit trail and the
finished import one `customers.imported` event, with their counts."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from custinfo_tui.commands.count_argument import count_argument
from custinfo_tui.domain.text import counted, printable

if TYPE_CHECKING:
    from custinfo_tui.services.legacy_import import Abandoned, ImportProgress, ImportReport
    from custinfo_tui.settings import Settings


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `import` to the `custinfo` command."""
    command = subparsers.add_parser(
        "import",
        parents=[common],
        help="import customers from a legacy system's CSV file",
        description="Import customers from a CSV file. Run the same command again after an "
        "interruption to continue where it stopped; a file changed since is refused unless "
        "--continue-changed (or --abandon-unfinished) is given. See docs/import.md.",
    )
    command.add_argument("file", type=Path, metavar="FILE.csv", help="the legacy CSV file")
    command.add_argument(
        "--mapping",
        type=Path,
        required=True,
        metavar="MAPPING.toml",
        help="which column feeds which field, date formats, encoding, delimiter",
    )
    command.add_argument(
        "--rejects",
        type=Path,
        metavar="PATH",
        help="a new file listing the refused rows (default: FILE.rejects.csv beside the "
        "file); a resumed import appends to the one it began",
    )
    command.add_argument(
        "--workers",
        type=count_argument(0),
        default=os.cpu_count() or 1,
        help="processes checking rows (default: one per core; 0 checks in this process)",
    )
    command.add_argument(
        "--batch-rows",
        type=count_argument(1),
        default=None,
        help="rows stored per transaction (default 10000)",
    )
    changed = command.add_mutually_exclusive_group()
    changed.add_argument(
        "--continue-changed",
        action="store_true",
        help="continue an import of FILE that stopped part way, with FILE changed since: "
        "only if the rows it had done are unchanged in it",
    )
    changed.add_argument(
        "--abandon-unfinished",
        action="store_true",
        help="give up the import of FILE that stopped part way, where it stopped (its "
        "customers stay, their possible duplicates raised), and import nothing",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo import ...`; the exit status."""
    from custinfo_tui.commands.database import current_database
    from custinfo_tui.services import legacy_import
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.legacy_import_mapping import load_mapping

    source: Path = args.file
    rejects: Path = args.rejects or legacy_import.default_rejects_path(source)
    bar = ProgressBar(sys.stderr)
    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        try:
            mapping = load_mapping(args.mapping)
            if args.abandon_unfinished:
                _print_abandoned(legacy_import.abandon_import(uow_factory, source))
                return 0
            report = legacy_import.import_customers(
                uow_factory,
                source,
                mapping,
                rejects,
                workers=max(args.workers, 0),
                batch_rows=args.batch_rows or legacy_import.BATCH_ROWS,
                progress=bar.show,
                continue_changed=args.continue_changed,
            )
        except ServiceError as error:
            bar.end()
            _say(printable(f"custinfo: {error}"), sys.stderr)  # a mapping's own words
            return 1
        except KeyboardInterrupt:
            bar.end()
            _say(
                "custinfo: import interrupted; every batch stored so far is kept. Run the "
                "same command again to continue.",
                sys.stderr,
            )
            return 130
    bar.end()
    _print_report(report)
    return 0


def _those(customers: int) -> str:
    """ "those 1,200 customers", or "that customer"."""
    return "that customer" if customers == 1 else f"those {customers:,} customers"


def _print_abandoned(given_up: Abandoned) -> None:
    """What giving up an unfinished import did, and how to import the rest of its file."""
    _say(
        printable(
            f"Gave up the import of {given_up.file_name} begun on "
            f"{given_up.started_at:%d %b %Y}, where it stopped: after "
            f"{counted(given_up.rows_read, 'row')}, {counted(given_up.accepted, 'customer')} "
            f"stored (they stay), {given_up.rejected:,} refused."
        )
    )
    if given_up.rejected and given_up.rejects_path:
        _say(printable(f"Refused rows (row, field, reason): {given_up.rejects_path}"))
    elif given_up.rejects_path and not given_up.rejects_kept:
        _say(
            printable(
                f"No row refused, so no rejects file is kept ({given_up.rejects_path} removed)."
            )
        )
    _say(f"{given_up.flagged:,} of its customers flagged as possible duplicates.")
    _say(
        f"To import the rest of the file, put its header and the rows after its first "
        f"{given_up.rows_read:,} in a new file and import that: importing the whole file "
        f"again would store {_those(given_up.accepted)} a second time (each flagged as a "
        "possible duplicate)."
    )


def _print_report(report: ImportReport) -> None:
    resumed = f" (continued after row {report.resumed_after:,})" if report.resumed_after else ""
    if report.file_changed:
        resumed = (
            f" (continued after row {report.resumed_after:,}, with the file changed after "
            "the rows the import had done)"
        )
    _say(f"Imported {report.file_name}{resumed}.")
    if report.empty_lines_before_header:
        empty = report.empty_lines_before_header
        _say(
            f"Skipped {empty} empty line{'s' if empty != 1 else ''} before the header; the "
            "rows' numbers count them, as a spreadsheet does."
        )
    _say(
        f"read {report.read:,} = accepted {report.accepted:,} + rejected {report.rejected:,}; "
        f"{report.flagged:,} accepted flagged as possible duplicates"
    )
    if report.rejected:
        _say(f"Refused rows (row, field, reason): {report.rejects_file}")
        if report.accepted:
            _say(
                "To import them, put those rows, corrected, in a new file under the same "
                f"header, with a name of its own, and import that: {report.file_name} itself "
                "is imported (run again, even corrected, it is refused)."
            )
        else:  # nothing stored, so nothing to store twice: the file may be run again
            _say(
                f"No row was stored, so {report.file_name} is not imported: put right what "
                "the reasons say, in the mapping or in the file, and run the import again, "
                f"with {report.rejects_file} moved away (a new import writes over no file) "
                "or another named with --rejects."
            )
    elif not report.rejects_kept:
        _say(f"No row refused, so no rejects file is kept ({report.rejects_file} removed).")
    if report.flagged:
        _say("Possible duplicates wait in the supervisors' queue, to merge or close.")


def _say(message: str, out: TextIO | None = None) -> None:
    """Print a line of the command's, wrapped at spaces to a terminal's width (a terminal
    would otherwise cut it mid-word, "co" / "mmand"); to a log or a pipe it goes whole,
    one line to grep. Paths and long words are never broken."""
    out = out if out is not None else sys.stdout
    if out.isatty():
        width = shutil.get_terminal_size().columns
        message = textwrap.fill(
            message, width=max(width, 20), break_long_words=False, break_on_hyphens=False
        )
    print(message, file=out)


class ProgressBar:
    """A text progress bar on standard error: rows, rows a second and time left.

    On a terminal it redraws one line; otherwise (a log, a pipe) it writes a line at most
    every ten seconds, so the log shows progress without a flood.
    """

    WIDTH = 24

    def __init__(self, out: TextIO, *, interval: float = 10.0) -> None:
        self._out = out
        self._tty = out.isatty()
        self._interval = 0.0 if self._tty else interval
        self._started = time.monotonic()
        self._last_shown = 0.0
        self._drawn = False
        self._width = 0

    def show(self, progress: ImportProgress) -> None:
        now = time.monotonic()
        done = progress.bytes_done >= progress.bytes_total
        if not done and now - self._last_shown < self._interval:
            return
        self._last_shown = now
        line = self.line(progress, now - self._started)
        # On a terminal a shorter line overwrites the end of the longer one before it.
        self._out.write(f"\r{line:<{self._width}}" if self._tty else line)
        self._width = len(line)
        if not self._tty:
            self._out.write("\n")
        self._out.flush()
        self._drawn = True

    def line(self, progress: ImportProgress, elapsed: float) -> str:
        total = progress.bytes_total
        fraction = progress.bytes_done / total if total else 1.0
        filled = round(fraction * self.WIDTH)
        rate = progress.rows_this_run / elapsed if elapsed > 0 else 0.0
        # The time left from this run's own pace: the part an interrupted run had done is
        # not this run's work (counted in, a resumed import said "0:00 left" at 62%).
        done_here = progress.bytes_done - progress.bytes_resumed
        left = elapsed * (total - progress.bytes_done) / done_here if done_here > 0 else 0.0
        # Rounded down: 100% only once every row is stored.
        percent = 100 if progress.bytes_done >= total else min(int(fraction * 100), 99)
        bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% "
        if progress.finishing:
            return f"{bar}{counted(progress.rows, 'row')}; looking for possible duplicates..."
        return (
            f"{bar}{counted(progress.rows, 'row')}, {rate:,.0f} rows/s, "
            f"{int(left) // 60}:{int(left) % 60:02d} left"
        )

    def end(self) -> None:
        if self._drawn and self._tty:
            self._out.write("\n")
            self._out.flush()
        self._drawn = False
