"""`custinfo dsar ...`: subject access requests (MP-16) and restricting processing (Art. 18).

  dsar list [--all]                  open requests, overdue first, with days left
  dsar log --customer REF --asked-by TEXT --identity TEXT [--received DAY] [--right RIGHT]
           [--received-long-ago]     a request of a right (access unless --right says, or
                                     enough of its start: "eras"); a day more than three
                                     months back only with --received-long-ago
  dsar extend ID --months 1|2 --reason TEXT
  dsar export ID --out FILE [--json] [--withhold-crime-requests]
                                     the pack, as printable HTML (or JSON), to a new file
  dsar answer ID [--note TEXT] [--export N]
                                     mark the request answered: the pack was sent (access;
                                     the note says how, the export which: the last unless
                                     N), or what its right needs is done, with a note of
                                     what (needed for rectification, objection, portability)
  dsar identity ID --how TEXT        record how the identity of whoever made a request
                                     taken unverified was checked (the desk's I)
  dsar told ID --disclosure N (--on DAY | --not-told WHY)
                                     record a recipient of the record's data told of an
                                     erasure, rectification or restriction (Art. 19), or
                                     why telling them is impossible (the desk's T)
  dsar refuse ID --reason TEXT       close it as manifestly unfounded or excessive
  dsar restrict REF --reason TEXT    restrict processing of a record
  dsar lift REF --reason TEXT        lift the restriction
  dsar restricted                    the records restricted now

Each acts for the data protection officer named with `--as USERNAME` (their password asked
for, or read with `--password-stdin`: `commands/acting.py`), as the desk does in their
name; everything is audited under them. The list shows each request's right (with `?`
while whoever made it is still to be verified, as the desk's list does), references, dates
and days left, never who asked or other text; under it, for an open request, the other
records that may be the same person's (their references and what matched).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import DATA_PROTECTION, acting_options, run_as
from custinfo_tui.commands.day_argument import DAY_FORMATS, day_argument
from custinfo_tui.commands.dsar_told import record_told, register_told
from custinfo_tui.commands.file_argument import new_file_argument
from custinfo_tui.commands.right_argument import right_argument
from custinfo_tui.domain.text import counted, printable, printable_in_lines
from custinfo_tui.terminal_lines import as_parts, fail, say

if TYPE_CHECKING:
    from datetime import date

    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

#: The rights `dsar log --right` takes: `DataRight`'s values (domain/data_protection/
#: rights.py), spelt out so that `custinfo --help` does not load pydantic.
RIGHTS = ("access", "erasure", "rectification", "restriction", "objection", "portability")
#: What a request's number is, in each subcommand's --help: it was the bare word "id".
REQUEST_NUMBER = "the request's number, as `custinfo dsar list` shows it"


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `dsar ...` to the `custinfo` command; each subcommand acts for the data
    protection officer named with `--as`."""
    parents = [common, acting_options("a data protection officer's")]
    dsar = subparsers.add_parser(
        "dsar", parents=[common], help="subject access requests and restricting processing"
    )
    actions = dsar.add_subparsers(dest="dsar_command", metavar="SUBCOMMAND", required=True)
    listing = actions.add_parser("list", parents=parents, help="open requests, overdue first")
    listing.add_argument("--all", action="store_true", help="answered requests too")
    log = actions.add_parser(
        "log", parents=parents, help="log a request: of access, or another right (--right)"
    )
    log.add_argument(
        "--customer", required=True, metavar="REFERENCE", help="the customer's reference"
    )
    log.add_argument("--asked-by", required=True, metavar="TEXT", help="who made the request")
    log.add_argument(
        "--identity", required=True, metavar="TEXT", help="how their identity was checked"
    )
    log.add_argument(
        "--received",
        type=day_argument,
        metavar="DAY",
        help=f"the day it was received ({DAY_FORMATS}; default today)",
    )
    log.add_argument(
        "--received-long-ago",
        action="store_true",
        help="confirm a received day more than 3 months back (refused without: a year "
        "mistyped would log it months overdue)",
    )
    log.add_argument(
        "--right",
        type=right_argument,
        default="access",
        metavar="RIGHT",
        help=f"the right the request exercises, or enough of its start to name one: "
        f"{', '.join(RIGHTS)} (default access)",
    )
    extend = actions.add_parser("extend", parents=parents, help="extend a request once")
    extend.add_argument("id", type=int, help=REQUEST_NUMBER)
    extend.add_argument(
        "--months",
        type=int,
        required=True,
        choices=(1, 2),
        help="one or two further months (Art. 12(3)): then due two or three calendar months "
        "from receipt",
    )
    extend.add_argument(
        "--reason",
        required=True,
        help='why, told to the person within the first month, e.g. "several requests from '
        'the person at once"',
    )
    export = actions.add_parser("export", parents=parents, help="write the request's pack")
    export.add_argument("id", type=int, help=REQUEST_NUMBER)
    export.add_argument(
        "--out",
        type=new_file_argument,
        required=True,
        metavar="FILE",
        help="a new file to write: .json gives JSON, .html or .htm printable HTML; a name "
        "ending neither way is JSON for a portability request, HTML for the others",
    )
    export.add_argument(
        "--json",
        action="store_true",
        help="JSON, for a file name ending neither way (a "
        "portability request's is JSON without it)",
    )
    export.add_argument(
        "--withhold-crime-requests",
        action="store_true",
        help="leave out third-party requests made for crime prevention or taxation, where "
        "telling the person could tip off a suspect (DPA 2018 Sch. 2 para 2); recorded on "
        "the audit trail",
    )
    answer = actions.add_parser("answer", parents=parents, help="mark a request answered")
    answer.add_argument("id", type=int, help=REQUEST_NUMBER)
    answer.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="what was done, kept with the request and in the person's pack: needed for "
        "rectification (what was corrected), objection and portability (the answer given), "
        "optional for erasure and restriction; for access, how its pack was sent (optional)",
    )
    answer.add_argument(
        "--export",
        type=int,
        metavar="N",
        help="for access or portability, which of the request's exports was sent (1 for the "
        "first written); the last unless given",
    )
    identity = actions.add_parser(
        "identity",
        parents=parents,
        help="record how the identity of whoever made a request taken unverified was checked",
    )
    identity.add_argument("id", type=int, help=REQUEST_NUMBER)
    identity.add_argument(
        "--how",
        required=True,
        metavar="TEXT",
        help='how their identity was checked, e.g. "called back on the number on file"',
    )
    refuse = actions.add_parser(
        "refuse",
        parents=parents,
        help="close a request as manifestly unfounded or excessive (Art. 12(5))",
    )
    refuse.add_argument("id", type=int, help=REQUEST_NUMBER)
    refuse.add_argument("--reason", required=True, help="the reason the person is told")
    register_told(actions, parents, REQUEST_NUMBER)
    actions.add_parser("restricted", parents=parents, help="the records restricted now")
    for name, about, why in (
        ("restrict", "restrict processing", 'why (Art. 18(1)), e.g. "accuracy contested"'),
        ("lift", "lift a restriction", 'why it no longer applies, e.g. "accuracy confirmed"'),
    ):
        command = actions.add_parser(name, parents=parents, help=f"{about} of a record")
        command.add_argument("reference", help="the customer's reference")
        command.add_argument("--reason", required=True, help=f"{why}; on the audit trail")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo dsar ...` as the data protection officer `--as` names; the exit status."""
    from custinfo_tui.commands.database import current_database

    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory,
            args,
            DATA_PROTECTION,
            lambda actor: _said(args, uow_factory, actor, settings),
        )


def _said(
    args: argparse.Namespace,
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    settings: Settings,
) -> int:
    """Run the subcommand as `actor` and say what it did, or why not; the exit status."""
    from custinfo_tui.domain.validation import FieldError
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.rights_answered import NotYetDone
    from custinfo_tui.services.subject_access import UnknownRequest

    # What is said can name stored text (who erased a record, as a request about it is
    # logged), so all of it is made inert; sentences wrapped at words to the terminal's
    # width, commands kept whole, the lists' columns as they are.
    try:
        said = _run(args, uow_factory, actor, settings)
        if args.dsar_command in ("list", "restricted"):
            print(printable_in_lines(said))
        else:
            say(*as_parts(said.splitlines()))
    except NotYetDone as error:  # said with the commands that do it, not the desk's keys
        print(printable_in_lines(f"custinfo: {error.on_command_line}"), file=sys.stderr)
        return 1
    except UnknownRequest as error:  # the numbers are in the register's list
        return fail(f"{error} `custinfo dsar list --all` lists them.")
    except (ServiceError, FieldError) as error:
        say(*as_parts(f"custinfo: {error}".splitlines()), to=sys.stderr)
        return 1
    return 0


def _run(
    args: argparse.Namespace,
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    settings: Settings,
) -> str:
    from datetime import UTC, datetime

    from custinfo_tui.domain.data_protection.pack import PackForm
    from custinfo_tui.domain.data_protection.request_days import received_long_ago
    from custinfo_tui.domain.data_protection.rights import DataRight
    from custinfo_tui.domain.subject_access import LIFTED, NOT_KEPT, SubjectAccessIn, extension_told
    from custinfo_tui.domain.validation import FieldError, FieldProblems
    from custinfo_tui.services import restriction
    from custinfo_tui.services import subject_access as sar
    from custinfo_tui.services import subject_access_export as export
    from custinfo_tui.services.policy import load_pack_policy

    today = datetime.now(UTC).date()
    command = args.dsar_command
    if command == "list":
        listed = sar.list_requests(uow_factory(), actor, today, include_answered=args.all)
        from custinfo_tui.commands.dsar_list import requests_table

        return requests_table(listed, actor.username, answered_too=args.all)
    if command == "log":
        given = SubjectAccessIn(
            customer_reference=args.customer,
            requested_by=args.asked_by,
            identity_check=args.identity,
            received_on=args.received or today,
            right=DataRight(args.right),
            received_long_ago=args.received_long_ago,
        )
        try:
            logged = sar.log_request(uow_factory(), actor, given, today)
        except FieldProblems as problems:  # a day long ago: confirmed with the option
            if received_long_ago(given.received_on, today) and "received_on" in problems.problems:
                raise FieldError(f"{problems} If it is right, add --received-long-ago.") from None
            raise
        name = "Request" if logged.right is DataRight.ACCESS else logged.right.request_name
        said = f"{name} {logged.id} logged; due {logged.due_on.isoformat()}."
        if logged.already_open:  # the note says which request covers it
            said = "Not logged."
        return f"{said}\n{logged.note}" if logged.note else said
    if command == "extend":
        extended = sar.extend_request(
            uow_factory(), actor, args.id, args.months, args.reason, today
        )
        return extension_told(extended)
    if command == "export":
        # The name decides, as the desk reads one; --json only for a name that names neither.
        suffix = args.out.suffix.lower()
        if args.json and suffix in (".html", ".htm"):
            raise FieldError(
                f"--json writes JSON, but {args.out.name} names an HTML file: "
                "end the name with .json, or leave out --json.",
            )
        # With neither, the request decides: JSON for portability (Art. 20(1)), else HTML.
        form = PackForm.JSON if args.json else None
        done = export.export_request(
            uow_factory(),
            actor,
            args.id,
            args.out,
            form,
            withhold_crime_requests=args.withhold_crime_requests,
            policy=load_pack_policy(settings.policy_file, settings.access_reasons),
        )
        sections, rows = counted(done.sections, "section"), counted(done.rows, "row")
        written = f"Pack written ({sections}, {rows}) to {done.path}."
        return f"{written}\n{done.warning}" if done.warning else written
    if command == "answer":
        return _answer(uow_factory, actor, args, today)
    if command == "identity":
        from custinfo_tui.services.rights_answered import confirm_identity

        checked = confirm_identity(uow_factory(), actor, args.id, args.how, today)
        return f"Identity check recorded for request {checked.id}: it may now be acted on."
    if command == "told":
        return record_told(uow_factory, actor, args, today)
    if command == "refuse":
        refused = sar.refuse_request(uow_factory(), actor, args.id, args.reason, today)
        said = (
            f"Request {refused.id} refused. Tell the person why, and that they may complain "
            "to the ICO and seek a court's remedy (Art. 12(4))."
        )
        return f"{said} {NOT_KEPT}" if refused.erased_on else said
    if command == "restricted":
        from custinfo_tui.domain.reference import format_reference

        found = restriction.restrictions_in_force(uow_factory(), actor)
        lines = [
            printable(f"{format_reference(r.customer_reference)}  since {r.restricted_at:%Y-%m-%d}")
            for r in found
        ]
        return "\n".join(lines) if lines else "No records are restricted."
    if command == "restrict":
        restricted = restriction.restrict_processing(
            uow_factory(), actor, args.reference, args.reason
        )
        said = "Processing restricted: handlers no longer find or open the record."
        told = restricted.recipients_line  # whom to tell of it (Art. 19)
        return f"{said}\n{printable(told)}" if told else said
    restriction.lift_restriction(uow_factory(), actor, args.reference, args.reason)
    return LIFTED


def _answer(
    uow_factory: UnitOfWorkFactory, actor: Actor, args: argparse.Namespace, today: date
) -> str:
    """`dsar answer`: the request marked answered, with the note its right needs (the
    desk's answer dialog's rules, `services/rights_answered.py`) and, for a pack, the
    export sent; what was said of it."""
    from custinfo_tui.domain.data_protection.pack_exports import describe_sent
    from custinfo_tui.domain.data_protection.rights import DataRight
    from custinfo_tui.domain.subject_access import NOT_KEPT
    from custinfo_tui.domain.validation import FieldError, FieldProblems
    from custinfo_tui.services import subject_access as sar

    request_id, note = args.id, args.note
    try:
        answered = sar.answer_request(uow_factory(), actor, request_id, today, note, args.export)
    except FieldProblems as problems:  # the export named: said with its option
        raise FieldError(f"--export: {' '.join(problems.problems.values())}") from None
    except FieldError as error:
        if note:
            raise
        # "Note what was corrected.": the one thing refused for a note not given.
        said = str(error).rstrip(".")
        raise FieldError(
            f'{said}, with --note:\n  custinfo dsar answer {request_id} --note "..."'
        ) from None
    when = answered.lateness or "in time"
    if answered.right is DataRight.ACCESS or answered.right is DataRight.PORTABILITY:
        name = "Request" if answered.right is DataRight.ACCESS else answered.right.request_name
        unsent = "" if answered.exports else " No pack was exported for it."
        sent = describe_sent(answered.sent, None)  # the note is typed text: not said here
        return f"{name} {answered.id} marked answered, {when}.{unsent} {sent}".rstrip()
    name = answered.right.request_name
    said = f"{name} {answered.id} marked answered, {when}: tell the person what was done."
    return f"{said} {NOT_KEPT}" if answered.erased_on and note else said
