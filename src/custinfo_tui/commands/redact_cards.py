"""`custinfo redact-cards`: take card numbers out of the free text already stored (PCI DSS).

Like `custinfo audit verify`, the command acts as the system: whoever can run it against a
database can read and change that database's file anyway. It prints counts per column and
audit event ids, never a stored value. docs/security.md, "Card numbers".
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custinfo_tui.domain.card_numbers import CardNumberSweep
    from custinfo_tui.settings import Settings

# The database libraries are imported when the command runs, not when `custinfo` builds
# its parser (docs/performance.md).


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `redact-cards` to the `custinfo` command."""
    redact = subparsers.add_parser(
        "redact-cards",
        parents=[common],
        help="find card numbers in stored free text and replace them",
    )
    redact.add_argument(
        "--dry-run",
        action="store_true",
        help="only count them, per table and column; change nothing",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo redact-cards`; the exit status."""
    from custinfo_tui.commands.database import current_database
    from custinfo_tui.services.card_numbers import redact_stored_card_numbers

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        sweep = redact_stored_card_numbers(uow_factory(), None, dry_run=args.dry_run)
    _print_sweep(sweep)
    return 0


def _print_sweep(sweep: CardNumberSweep) -> None:
    from custinfo_tui.domain.text import counted

    header = ("table.column", "rows", "card numbers")
    rows = [header, *((c.column, f"{c.rows:,}", f"{c.card_numbers:,}") for c in sweep.columns)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for name, count, numbers in rows:
        print(f"{name.ljust(widths[0])}  {count.rjust(widths[1])}  {numbers.rjust(widths[2])}")
    found = f"{counted(sweep.card_numbers, 'card number')} in {counted(sweep.rows, 'row')}"
    if not sweep.redacted:
        print(f"Dry run: found {found}. Nothing was changed.")
    elif sweep.card_numbers:
        print(f"Replaced {found} with [card number removed]; recorded on the audit trail.")
    else:
        print("No card numbers found; the check is recorded on the audit trail.")
    if sweep.audit_event_ids:
        ids = ", ".join(f"#{event_id}" for event_id in sweep.audit_event_ids)
        print(
            f"{counted(len(sweep.audit_event_ids), 'audit event')} with a card number in the "
            f"reason, left as they are (the trail is append-only; docs/security.md): {ids}"
        )
