"""The call's own choices: how the customer is in touch, and who is calling (MP-08, MP-09)."""

from __future__ import annotations

from custinfo_tui.domain.interactions import RepresentativeSummary
from custinfo_tui.domain.verification import CallerKind, Channel, describe_actions
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


def caller_screen(
    customer_name: str, representatives: list[RepresentativeSummary]
) -> ChoiceScreen[tuple[CallerKind, int | None]]:
    """Who is on the line: the customer, one of their representatives, or someone else."""
    choices: list[tuple[str, tuple[CallerKind, int | None]]] = [
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
    return ChoiceScreen(
        "Who is calling?",
        "A representative is verified with their own answers; only their scope is shown.",
        choices,
    )
