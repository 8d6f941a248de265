"""`custinfo redact-cards`: take card data (card numbers, security codes, expiry dates) out
of the free text already stored (PCI DSS).

Like `custinfo audit verify`, the command acts as the system: whoever can run it against a
database can read and change that database's file anyway. It prints counts per column and
kind, and audit event ids, never a stored value. docs/security.md, "Card numbers".
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custinfo_tui.domain.card_data import CardDataSweep
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
        help="find card numbers, security codes and expiry dates in stored free text and "
        "replace them",
    )
    redact.add_argument(
        "--dry-run",
        action="store_true",
        help="only count them, per table and column; change nothing",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo redact-cards`; the exit status."""
    from custinfo_tui.commands.database import current_database
    from custinfo_tui.services.card_numbers import redact_stored_card_data

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        sweep = redact_stored_card_data(uow_factory(), None, dry_run=args.dry_run)
    _print_sweep(sweep)
    return 0


def _print_sweep(sweep: CardDataSweep) -> None:
    from custinfo_tui.domain.text import counted
    from custinfo_tui.terminal_lines import say

    header = ("table.column", "rows", "card numbers", "codes", "expiries")
    rows = [
        header,
        *(
            (c.column, *(f"{n:,}" for n in (c.rows, c.card_numbers, c.security_codes, c.expiries)))
            for c in sweep.columns
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for name, *counts in rows:
        numbers = (count.rjust(width) for count, width in zip(counts, widths[1:], strict=True))
        print("  ".join((name.ljust(widths[0]), *numbers)))
    kinds = _kinds(sweep)
    found = _listed([counted(count, what) for count, what, _ in kinds])
    found = f"{found} in {counted(sweep.rows, 'row')}"
    if not sweep.redacted:
        print(f"Dry run: found {found}. Nothing was changed.")
    elif sweep.removed:
        markers = _listed([marker for count, _, marker in kinds if count])
        print(f"Replaced {found} with {markers}; recorded on the audit trail.")
    else:
        print("No card data found; the check is recorded on the audit trail.")
    if sweep.audit_event_ids:
        ids = ", ".join(f"#{event_id}" for event_id in sweep.audit_event_ids)
        say(
            f"{counted(len(sweep.audit_event_ids), 'audit event')} with card data in the "
            f"reason, left as they are (the trail is append-only; docs/security.md): {ids}"
        )


def _kinds(sweep: CardDataSweep) -> list[tuple[int, str, str]]:
    """(how many, what, its marker) of each kind of card data found; card numbers alone
    when none was ("found 0 card numbers")."""
    from custinfo_tui.domain.card_data import CardDetail

    kinds = [
        (sweep.card_numbers, "card number", CardDetail.CARD_NUMBER.marker),
        (sweep.security_codes, "security code", CardDetail.SECURITY_CODE.marker),
        (sweep.expiries, "expiry date", CardDetail.EXPIRY.marker),
    ]
    return [kind for kind in kinds if kind[0]] or kinds[:1]


def _listed(items: list[str]) -> str:
    """Items in words: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
