"""The Textual application: login first, then the lookup screen."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.ports import ConsoleServicesPort, StartupError
from custinfo_tui.tui.screens.login import LoginScreen

SERVICES_WAIT_SECONDS = 60.0

ServicesLoader = Callable[[], ConsoleServicesPort]


class CustinfoApp(App[None]):
    """The console. It is handed a loader for its services instead of building them.

    The loader runs in a thread after the first frame, so the login screen appears while
    the database libraries import and the schema is checked.
    """

    TITLE = "custinfo"
    SUB_TITLE = "customer information console"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Close the console", id="quit", priority=True),
    ]

    def __init__(self, services_loader: ServicesLoader, *, login_hint: str | None = None) -> None:
        super().__init__()
        self._services_loader = services_loader
        #: Shown under the login form, e.g. the demo operators on a demo database.
        self.login_hint = login_hint
        self._services: ConsoleServicesPort | None = None
        self._startup_error: str | None = None
        self._services_ready = threading.Event()
        self.actor: Actor | None = None

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        threading.Thread(target=self._load_services, name="load-services", daemon=True).start()

    def _load_services(self) -> None:
        try:
            self._services = self._services_loader()
        except StartupError as error:
            self._startup_error = str(error)
        except Exception as error:  # anything else: log without personal data, tell the operator
            reference = report_crash(error)
            self._startup_error = (
                f"The console could not open its database (error reference {reference})."
            )
        finally:
            self._services_ready.set()

    def services(self) -> ConsoleServicesPort:
        """The service layer; blocks until it is loaded. Call only from worker threads."""
        if not self._services_ready.wait(SERVICES_WAIT_SECONDS):
            raise StartupError("The database is taking too long to open. Try again shortly.")
        if self._services is None:
            raise StartupError(self._startup_error or "The database could not be opened.")
        return self._services

    @property
    def startup_error(self) -> str | None:
        return self._startup_error if self._services_ready.is_set() else None

    def logged_in(self, actor: Actor) -> None:
        from custinfo_tui.tui.screens.lookup import LookupScreen

        self.actor = actor
        logger.info("operator %s logged in", actor.operator_id)
        self.switch_screen(LookupScreen(actor))

    def logged_out(self) -> None:
        self.actor = None
        self.switch_screen(LoginScreen())

    async def action_quit(self) -> None:
        """Quit, closing the operator's session on the audit stream first."""
        actor, self.actor = self.actor, None
        if actor is not None and self._services is not None:
            try:
                await asyncio.wait_for(asyncio.to_thread(self._services.log_out, actor), 5)
            except Exception as error:  # never stop the operator from leaving
                report_crash(error)
        self.exit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.actor is not None:
            yield SystemCommand(
                "Log out",
                "End this console session and return to the login screen",
                lambda: self.run_action("screen.log_out"),
            )

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables: customer data. Replace it.
        error = self._exception
        reference = report_crash(error) if error is not None else "unknown"
        self.bell()
        self._exit_renderables.append(
            Text(
                "custinfo stopped because of an internal error "
                f"(reference {reference}). No customer data was written to the error log."
            )
        )
        self._close_messages_no_wait()
