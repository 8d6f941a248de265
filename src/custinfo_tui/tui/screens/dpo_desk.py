"""The data protection officer's desk (docs/data-protection.md): one list of the desk's
sections -- subject access requests, erasure and retention, third-party disclosures,
breaches -- each opening its own screen with Enter.

F7 on the lookup opens it for the roles the services allow (`ConsoleCapabilities.dpo_desk`).
A section is one `DeskSection` in `SECTIONS`; the capabilities say which the operator sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from custinfo_tui.domain.operators import Actor
from custinfo_tui.services.capabilities import DeskCapabilities, desk_capabilities
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.disclosures_desk import DisclosuresScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from custinfo_tui.tui.widgets.choice_list import SectionList
from custinfo_tui.tui.widgets.footer import Footer


@dataclass(frozen=True)
class DeskSection:
    """One part of the desk: its name, a line on what it is for, who sees it, and the
    screen it opens."""

    id: str
    label: str
    about: str
    shown: Callable[[DeskCapabilities], bool]
    opens: Callable[[Actor], Screen[object]]


def _disclosures(actor: Actor) -> Screen[object]:
    return cast("Screen[object]", DisclosuresScreen(actor))


#: The desk's sections, in the order the list shows them.
SECTIONS: list[DeskSection] = [
    DeskSection(
        id="subject-access",
        label="Data protection requests and restriction",
        about="Access, erasure and other rights, due in a month; restricting (Art. 18)",
        shown=lambda capabilities: capabilities.data_protection,
        opens=SubjectAccessScreen,
    ),
    DeskSection(
        id="erasure",
        label="Erasure and retention",
        about="Erase a customer by reference, legal holds, what falls due in 30 days",
        shown=lambda capabilities: capabilities.data_protection,
        opens=ErasureScreen,
    ),
    DeskSection(
        id="disclosures",
        label="Third-party disclosures",
        about="Requests from the police and others: approve or refuse, then release",
        shown=lambda capabilities: capabilities.data_protection,
        opens=_disclosures,
    ),
]


def _breaches(actor: Actor) -> Screen[object]:
    from custinfo_tui.tui.screens.breaches import BreachesScreen

    # Screen is invariant in its result type; the desk never reads this screen's result.
    return cast("Screen[object]", BreachesScreen(actor))


SECTIONS.append(
    DeskSection(
        id="breaches",
        label="Breaches",
        about="Breaches on the ICO's 72-hour clock: assess, record who was told, close",
        shown=lambda capabilities: capabilities.data_protection,
        opens=_breaches,
    )
)


class DpoDeskScreen(Page[None]):
    """Up/Down choose a section, Enter opens it, Escape goes back to the lookup."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        capabilities = desk_capabilities(actor)
        self.sections = [section for section in SECTIONS if section.shown(capabilities)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Data protection desk: Up and Down choose, Enter opens a section.", id="desk-title"
        )
        yield SectionList(
            *(
                Option(f"{section.label}\n  {section.about}", id=section.id)
                for section in self.sections
            ),
            id="desk-sections",
        )
        # Compact, as every screen's: Textual's roomy footer began with a space and put
        # two between keys (" ⏎ Open  esc Back  ^q Quit").
        yield Footer(compact=True)

    @on(OptionList.OptionSelected, "#desk-sections")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:  # a second Enter, read before the first opened its screen
            return
        section = next(s for s in self.sections if s.id == event.option.id)
        self.app.push_screen(section.opens(self.actor))  # clear of the last one's news
