"""Wrap-ups left for later, kept as typed at this console (MP-18; docs/after-the-call.md).

`Escape` on a wrap-up ("Finish later") threw away what was typed, after asking: a handler
pulled to the next call lost their notes. What is typed is kept for that call instead, in
this console's memory only, for this console session: never written to the database or
anywhere else, as notes are personal data kept on the call's own record once saved. The
calls to finish give it back when that call's wrap-up is opened again there. Logging out,
quitting or the session's end at the idle lock drop every draft, and ask first, naming
what is lost (`lost`), as for any unsaved work (tui/unsaved_work.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic: not before the first frame (the app holds an empty one)
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.wrap_up import CallToFinish, WrapUpIn


@dataclass(frozen=True, slots=True)
class _Draft:
    call: CallToFinish
    typed: WrapUpIn


class WrapUpDrafts:
    """The drafts kept at this console, one per call, for the console session that typed
    them: a later login here (another operator, perhaps) never sees them."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], _Draft] = {}

    def keep(self, actor: Actor, call: CallToFinish, typed: WrapUpIn) -> None:
        """Keep `typed` as the draft of `call`'s wrap-up (replacing any kept before)."""
        self._kept[(actor.console_session, call.interaction_id)] = _Draft(call, typed)

    def take(self, actor: Actor, interaction_id: int) -> WrapUpIn | None:
        """The draft of the call's wrap-up, given back once (its wrap-up holds it now)."""
        draft = self._kept.pop((actor.console_session, interaction_id), None)
        return None if draft is None else draft.typed

    def holds(self, actor: Actor, interaction_id: int) -> bool:
        return (actor.console_session, interaction_id) in self._kept

    def drop(self, interaction_id: int) -> None:
        """The call needs no wrap-up any more (saved, or closed by a supervisor)."""
        for key in [key for key in self._kept if key[1] == interaction_id]:
            del self._kept[key]

    def clear(self) -> None:
        """The session has ended: every draft goes."""
        self._kept.clear()

    def lost(self, *, named: bool = True) -> list[str]:
        """What leaving the console now loses of the drafts, each in the handler's words;
        `named` False leaves the customers unnamed (whoever is at a locked desk)."""
        from custinfo_tui.domain.wrap_up import customer_in_words  # not before the first frame

        calls = (
            f"the call with {customer_in_words(draft.call.customer_named)}" if named else "a call"
            for draft in self._kept.values()
        )
        return [
            f"the wrap-up typed for {call}, left for later (the call waits in the calls to finish)"
            for call in calls
        ]
