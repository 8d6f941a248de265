"""Ctrl+B, report a suspected breach (MP-20): from every screen of a logged-in operator,
dialogs too, and said why where it cannot be (docs/data-protection.md, "Breaches").

The app binds the key twice (tui/app.py): `report_breach`, offered where a report can be
made, and `breach_refused`, which says why not where it cannot. The command palette lists
the first only, and only where it works on the screen under the palette: opened on the
idle lock it had listed "Report breach (^b)", checked against the palette itself, and
choosing it, or pressing Ctrl+B there, did nothing and said nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from custinfo_tui.domain.operators import Actor


def why_no_breach_report(actor: Actor | None, screen: Screen[object]) -> str | None:
    """Why a breach cannot be reported from `screen` now, or None when it can: from every
    screen of a logged-in operator but the lock and the report itself, for the roles the
    services allow (all of them: anyone may spot a breach)."""
    from custinfo_tui.tui.screens.lock import LockScreen

    if isinstance(screen, LockScreen):
        return "The screen is locked: unlock it to report a breach (Ctrl+B)."
    if actor is None:  # the login's first frame asks too: nothing more is imported for it
        return "Log in to report a suspected breach (Ctrl+B)."
    # After the login: these load the services' rules, and pydantic with them.
    from custinfo_tui.services.capabilities import breach_capabilities
    from custinfo_tui.tui.screens.breach_report import ReportBreachScreen

    if isinstance(screen, ReportBreachScreen):
        return "This is the breach report: say what happened here, then Ctrl+S."

    if not breach_capabilities(actor).report:
        return "Your role does not report breaches: tell the data protection officer."
    return None
