"""`custinfo evidence`: an operator's evidence of practice, anonymised (MP-21;
docs/training.md, "Evidence of practice").

  custinfo evidence --as YOU --operator USERNAME [--since DAY] [--until DAY] --out FILE [--json]
  custinfo evidence --as YOU --operator USERNAME --run RUN [--with-notes] --out FILE [--json]

The first exports the operator's real work on the live database between two UTC days; the
second a scored training run of theirs, from the scorecard the live database keeps. The
file is new, readable by its owner only, printable HTML (or JSON) with customers as
"Customer A", "Customer B" and no personal value. Acts for the operator named with `--as
USERNAME` (`commands/acting.py`), as the console's export does in their name: every role
that opens customers' records exports its own evidence (not the administrator), a trainer
or a supervisor anyone's. The export is recorded under them with what it covered and its
counts. `--with-notes` puts the trainer's notes on the run's points in too, as typed: typed
text, left out unless asked for, which must hold no customer data.

The form goes by the file's name, as in the console: `.json` is JSON, `.html` or `.htm`
HTML; `--json` naming the other form than the name is refused; a name that names neither
is HTML, or JSON with `--json`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, role_may, run_as
from custinfo_tui.commands.day_argument import DAY_FORMATS, day_argument
from custinfo_tui.commands.file_argument import new_file_argument
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.evidence import EvidenceDocument
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.evidence import EvidenceForm
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `evidence` to the `custinfo` command."""
    evidence = subparsers.add_parser(
        "evidence",
        parents=[common, acting_options()],
        help="an operator's evidence of practice, anonymised, for a portfolio (MP-21)",
    )
    evidence.add_argument(
        "--operator",
        required=True,
        metavar="USERNAME",
        help="whose evidence: your own username, or, for a trainer or a supervisor, anyone's",
    )
    evidence.add_argument(
        "--since", type=day_argument, metavar="DAY", help=f"from this UTC day ({DAY_FORMATS})"
    )
    evidence.add_argument("--until", type=day_argument, metavar="DAY", help="to this UTC day")
    evidence.add_argument(
        "--run", type=int, metavar="RUN", help="a scored training run instead of live work"
    )
    evidence.add_argument(
        "--with-notes",
        action="store_true",
        help="with --run: include the trainer's notes as typed (typed text: they must hold "
        "no customer data)",
    )
    evidence.add_argument(
        "--out",
        type=new_file_argument,
        required=True,
        metavar="FILE",
        help="a new file to write: .json gives JSON, .html or .htm HTML",
    )
    evidence.add_argument(
        "--json", action="store_true", help="JSON, for a file name ending neither way"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo evidence`; the exit status."""
    from custinfo_tui.commands.database import current_database

    if args.run is not None and (args.since or args.until):
        fail("give --run or --since/--until, not both.")
        return 2
    if args.with_notes and args.run is None:
        fail("--with-notes is for a run's export (--run).")
        return 2
    form = _form(args.out, json=args.json)
    if form is None:
        fail(
            f"--json writes JSON, but {args.out.name} names an HTML file: "
            "end the name with .json, or leave out --json."
        )
        return 2
    with current_database(settings) as uow_factory:
        if uow_factory is None:
            return 1
        return run_as(
            uow_factory,
            args,
            WITH_EVIDENCE,
            lambda actor: _export(args, uow_factory, actor, form, settings.policy_file),
        )


#: A role that opens customers' records exports its own evidence (the administrator has
#: none: docs/access-control.md); whose else they may, the service decides
#: (`services/evidence.py`: a trainer's or a supervisor's role, anyone's).
WITH_EVIDENCE = WhoMay(
    role_may("VIEW_CUSTOMER"),
    "only a role that opens customers' records has evidence of practice to export.",
)


def _export(
    args: argparse.Namespace,
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    form: EvidenceForm,
    policy_file: Path | None,
) -> int:
    """Write the evidence `args` asks for as `actor`, and say what was written; the exit
    status."""
    from custinfo_tui.domain.validation import FieldError
    from custinfo_tui.services.errors import ServiceError
    from custinfo_tui.services.evidence import live_work_evidence, training_run_evidence
    from custinfo_tui.services.policy import load_capture

    document: EvidenceDocument
    try:
        if args.run is not None:
            document = training_run_evidence(
                uow_factory(),
                actor,
                args.run,
                trainee=args.operator,
                out=args.out,
                form=form,
                with_notes=args.with_notes,
            )
        else:
            document = live_work_evidence(
                uow_factory(),
                actor,
                args.operator,
                since=args.since,
                until=args.until,
                capture=load_capture(policy_file),
                out=args.out,
                form=form,
            )
    except (ServiceError, FieldError) as error:
        return fail(str(error))
    contacts = len(document.contacts)
    print(
        printable(
            f"Wrote {args.out} ({form.value.upper()}): {document.covers}; "
            f"{contacts} contact{'s' if contacts != 1 else ''}, {document.step_count} steps."
        )
    )
    return 0


def _form(out: Path, *, json: bool) -> EvidenceForm | None:
    """The form the file's name asks for, `--json` deciding only for a name that names
    neither; None when `--json` contradicts the name."""
    from custinfo_tui.services.evidence import EvidenceForm, named_form

    named = named_form(out.name)
    if json and named is EvidenceForm.HTML:
        return None
    return named or (EvidenceForm.JSON if json else EvidenceForm.HTML)
