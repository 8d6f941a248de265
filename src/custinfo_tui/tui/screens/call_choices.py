"""The call's own choices: how the customer is in touch, and who is calling (MP-08, MP-09)."""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.interactions import RepresentativeSummary, VerificationState
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.verification import CallerKind, Channel, describe_actions
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen

#: The "open outside a call" choice of contact_screen.
NO_CALLER = "no_caller"


def contact_screen(*, can_verify: bool) -> ChoiceScreen[Channel | str]:
    """How is the customer in touch? A channel starts an interaction; NO_CALLER asks a reason."""
    choices: list[tuple[str, Channel | str]] = []
    if can_verify:
        choices += [(f"{channel.label}: verify the caller", channel) for channel in Channel]
    choices.append(("No customer in touch: back-office work (give a reason)", NO_CALLER))
    return ChoiceScreen(
        "How is the customer in touch?",
        "In a call the record stays masked until the caller is verified.",
        choices,
    )


#: Who is calling, as the caller choice gives it: the kind and the representative's id.
CallerChoice = tuple[CallerKind, int | None]


def caller_screen(
    customer_name: str,
    representatives: list[RepresentativeSummary],
    on_the_line: VerificationState | None = None,
    *,
    note: str | None = None,
) -> ChoiceScreen[CallerChoice]:
    """Who is on the line: the customer, one of their representatives, or someone else;
    with `on_the_line`, the caller being verified now is named, and highlighted. `note`:
    said first, on a line of its own (the record read anew as the question was asked)."""
    choices: list[tuple[str, CallerChoice]] = [
        (f"{customer_name} (the customer)", (CallerKind.CUSTOMER, None))
    ]
    for rep in representatives:
        choices.append(
            (
                f"{rep.description}. {describe_actions(rep.scope)}",
                (CallerKind.REPRESENTATIVE, rep.id),
            )
        )
    choices.append(("Someone else, with no authority on file", (CallerKind.NO_AUTHORITY, None)))
    explain = "A representative is verified with their own answers; only their scope is shown."
    now = current_caller(on_the_line) if on_the_line is not None else None
    if on_the_line is not None:
        explain = (
            f"On the line now: {on_the_line.caller.description}, {on_the_line.level_title} "
            f"({on_the_line.passes} passed). {explain}"
        )
    chosen = [choice for _, choice in choices]
    return ChoiceScreen(
        "Who is calling?",
        explain if note is None else Text("\n").join(map(printable_text, (note, explain))),
        choices,
        highlighted=chosen.index(now) if now in chosen else 0,
    )


def current_caller(state: VerificationState) -> CallerChoice:
    """The caller choice of the caller being verified in `state`."""
    representative = state.caller.representative
    return state.caller.kind, representative.id if representative is not None else None


def change_caller_screen(state: VerificationState) -> ChoiceScreen[bool]:
    """A new caller starts at Not verified: asked before the checks passed are let go."""
    caller = state.caller.description
    passed = counted(state.passes, "check")
    return ChoiceScreen(
        "Change who is calling?",
        f"{caller[:1].upper()}{caller[1:]} passed {passed} (now {state.level_title}). The "
        "new caller starts at Not verified: checks passed do not carry over to someone else.",
        [(f"Keep verifying {caller}", False), ("Change the caller", True)],
    )
