"""`custinfo erase REFERENCE --reason ...` and `custinfo hold set|list|lift` (Art. 17,
MP-16; docs/data-protection.md).

`erase --check` shows what holds the record and how much would be erased, without erasing;
`erase --keep-open` keeps the customer's open erasure request open while a hold stands on
the record, erasing and refusing nothing (the desk's *Keep request N open*).
Acts for the data protection officer named with `--as USERNAME` (`commands/acting.py`), as
the desk does in their name; every erasure, refusal and hold is on the audit trail under
them. Prints references, kinds and counts, never a personal value
(a hold's reason, the DPO's own words, is shown where the hold is).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import DATA_PROTECTION, acting_options, run_as
from custinfo_tui.domain.text import counted, printable
from custinfo_tui.terminal_lines import Aligned, ToRun, fail, say, terminal_lines

if TYPE_CHECKING:
    from custinfo_tui.domain.data_protection.erasure import ErasurePreview, LegalHold
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

#: `HoldKind`'s recorded kinds, spelled out: the parser is built before the console's first
#: frame, which must not wait for pydantic (tests/test_import_hygiene.py).
HOLD_KINDS = ("legal_claim", "regulatory_retention")


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `erase` and `hold` to the `custinfo` command, each acting for the data
    protection officer named with `--as`."""
    parents = [common, acting_options("a data protection officer's")]
    erase = subparsers.add_parser(
        "erase", parents=parents, help="erase a customer by anonymising every personal value"
    )
    erase.add_argument("reference", help="the customer's reference, e.g. '1234 5678 Z'")
    erase.add_argument("--reason", help="why (recorded on the audit trail); needed to erase")
    erase.add_argument(
        "--check", action="store_true", help="show holds and what would be erased; change nothing"
    )
    erase.add_argument(
        "--keep-open",
        action="store_true",
        help="keep the customer's open erasure request open while a hold stands; erase nothing",
    )
    hold = subparsers.add_parser(
        "hold", parents=[common], help="record or lift a legal hold that blocks erasure"
    )
    actions = hold.add_subparsers(dest="hold_command", metavar="SUBCOMMAND", required=True)
    setting = actions.add_parser("set", parents=parents, help="hold a customer's data")
    setting.add_argument("reference", help="the customer's reference")
    setting.add_argument(
        "--kind",
        required=True,
        choices=HOLD_KINDS,
        help="legal_claim: the data is needed for a legal claim (Art. 17(3)(e)); "
        "regulatory_retention: a law or regulator requires it kept (Art. 17(3)(b))",
    )
    setting.add_argument("--reason", required=True, help="the claim or rule that needs the data")
    actions.add_parser(
        "list", parents=parents, help="every hold in force: number, customer, since, kind"
    )
    lifting = actions.add_parser("lift", parents=parents, help="lift a hold by its number")
    lifting.add_argument(
        "hold",
        type=int,
        metavar="NUMBER",
        help="the hold's number, as `custinfo hold list` (or `erase --check`) shows it",
    )
    lifting.add_argument("--reason", required=True, help="why it no longer applies")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo erase` or `custinfo hold` as the data protection officer `--as`
    names; the exit status."""
    from custinfo_tui.commands.database import current_database

    if args.command == "erase" and (mixed := _mixed_with_keep_open(args)) is not None:
        fail(mixed)  # before the password is asked for
        return 2
    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory, args, DATA_PROTECTION, lambda actor: _run(args, uow_factory, actor)
        )


def _run(args: argparse.Namespace, uow_factory: UnitOfWorkFactory, actor: Actor) -> int:
    """The command, run as `actor`; a refusal said, status 1."""
    from custinfo_tui.domain.data_protection.erasure import HoldKind
    from custinfo_tui.services import erasure
    from custinfo_tui.services.errors import ServiceError

    try:
        if args.command == "hold" and args.hold_command == "set":
            hold = erasure.set_legal_hold(
                uow_factory(), actor, args.reference, HoldKind(args.kind), args.reason
            )
            recorded = Aligned(f"Hold {hold.hold_id} recorded: ", printable(hold.described))
            print("\n".join(terminal_lines(recorded)))
            return 0
        if args.command == "hold" and args.hold_command == "list":
            _print_holds(erasure.holds_in_force(uow_factory(), actor), actor.username)
            return 0
        if args.command == "hold":
            erasure.lift_legal_hold(uow_factory(), actor, args.hold, args.reason)
            print(f"Hold {args.hold} lifted.")
            return 0
        preview = erasure.preview_erasure(uow_factory(), actor, args.reference)
        _print_preview(preview)
        if args.check:
            return 0
        if args.keep_open and not preview.holds:
            return fail(NOTHING_HOLDS)
        if args.keep_open:
            kept = erasure.keep_request_open(uow_factory(), actor, preview.customer_id)
            extend = ToRun(_extend_command(actor.username, kept.request_id))
            say(kept.said(extend="the command below"), extend)  # whole, to copy
            return 0
        if not args.reason:
            return fail("give --reason to erase the record.")
        done = erasure.erase_customer(uow_factory(), actor, preview.customer_id, args.reason)
    except ServiceError as error:
        return fail(str(error))
    values, records = counted(done.total, "value"), counted(done.records, "record")
    say(f"Erased {done.reference}: {values} in {records}.")
    if done.closed_line:
        say(done.closed_line)
    if done.recipients_line:
        # Where telling them is recorded (Art. 19), as T on the desk's request.
        told = f"custinfo dsar told --as {actor.username} ID --disclosure N --on DAY"
        say(
            done.recipients_line,
            "Record each told, or why not (ID: the erasure request's number):",
            ToRun(told),
        )
    return 0


#: `--keep-open` on a record nothing holds: the desk offers no keeping open then either.
NOTHING_HOLDS = (
    "nothing holds this record: there is no hold to keep the erasure request open for, and "
    "nothing was recorded. Erase the record with --reason."
)


def _mixed_with_keep_open(args: argparse.Namespace) -> str | None:
    """Why `--keep-open` cannot go with the other options given, or None. It erases
    nothing and records no reason (the desk's choice asks for none), so a reason typed
    with it would be silently dropped."""
    if not args.keep_open:
        return None
    if args.check:
        return "give --check or --keep-open, not both."
    if args.reason:
        return "--keep-open erases nothing and records no reason: leave out --reason."
    return None


def _extend_command(username: str, request_id: int) -> str:
    """The command that extends the request kept open, as `username` types it."""
    return f'custinfo dsar extend --as {username} {request_id} --months N --reason "..."'


#: The `--reason` the command `hold list` prints to lift a hold shows, for the DPO to write.
_WHY_LIFTED = '"why it no longer applies"'


def _print_holds(holds: list[tuple[str, LegalHold]], username: str) -> None:
    """Every hold in force, and the command that lifts one, as `username` types it."""
    if not holds:
        print("No legal hold is in force.")
        return
    # Each hold's reason wrapped at words under itself, and the command on a line of its
    # own: a long reason, and the command quoted at the end of a sentence, ran past an
    # 80-column terminal's edge, which cut them mid-word.
    lines = terminal_lines(
        *(
            Aligned(
                printable(f"hold {hold.hold_id}  {reference}  since {hold.since:%Y-%m-%d}  "),
                printable(hold.described),
            )
            for reference, hold in holds
        ),
        f"{counted(len(holds), 'hold')} in force. To lift one:",
        ToRun(printable(f"custinfo hold lift --as {username} NUMBER --reason {_WHY_LIFTED}")),
    )
    print("\n".join(lines))


def _print_preview(preview: ErasurePreview) -> None:
    # Here, not at the top: `custinfo` imports every command to register it, and the
    # domain's models are not for the console's first frame to wait on.
    from custinfo_tui.domain.data_protection.erasure import PLACE_WORDS

    said: list[Aligned] = []
    for hold in preview.holds:
        # A recorded hold has a number to lift it by; an open complaint holds while it lasts.
        number = f" (hold {hold.hold_id})" if hold.hold_id is not None else ""
        said.append(Aligned(f"  held{number}: ", printable(hold.with_ground)))
    for call in preview.open_calls:
        said.append(Aligned("  not now, a call is not ended: ", printable(call)))
    if preview.merged_records:
        merged = f"{counted(preview.merged_records, 'record')} merged into it, erased with it"
        said.append(Aligned("  ", merged))
    held = ", ".join(
        f"{count:,} in {PLACE_WORDS.get(table, table)}"
        for table, count in sorted(preview.holding.items())
    )
    said.append(Aligned("  values to erase: ", held or "none"))
    said += [Aligned("  note: ", printable(caution)) for caution in preview.cautions]
    # Each item wrapped at words under its own text: a hold's reason and its ground ran
    # past an 80-column terminal's edge, which cut them mid-word.
    print("\n".join(terminal_lines(f"Customer {preview.reference}", *said)))
