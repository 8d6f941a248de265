"""The console's services, loaded in a thread after the login's first frame.

Importing the database layer and checking the schema take a second or two; the login
screen is painted first and the services load meanwhile (`CustinfoApp.on_mount` starts
`_load_services`). A start-up error (no database, a schema to upgrade) is said on the
login screen before anyone types a password, and a warning that does not stop the console
(other accounts can open its files) is shown there too. When the database did not answer
at start, the next login opens it again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.tui.ports import ConsoleServicesPort, NoAnswerAtStart, StartupError
from custinfo_tui.tui.revoked_session import watching_for_revoked_sessions
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.session_app import SessionApp

SERVICES_WAIT_SECONDS = 60.0
#: Said at a login after a start-up error that loading again cannot put right: the console
#: reads its settings and key once, at start.
START_AGAIN = "Start the console again once that is put right."

ServicesLoader = Callable[[], ConsoleServicesPort]


class ServicesLoadingApp(SessionApp):
    """A session's console whose services a loader builds, in a thread, once."""

    def __init__(
        self,
        services_loader: ServicesLoader,
        *,
        idle_lock_seconds: float,
        clock: Callable[[], float],
    ) -> None:
        super().__init__(idle_lock_seconds=idle_lock_seconds, clock=clock)
        self._services_loader = services_loader
        self._startup_error: str | None = None
        #: The database did not answer at start: the next login opens it again.
        self._may_load_again = False
        self._loading_again = threading.Lock()
        #: Set by the services loader: something the operator should know but that does not
        #: stop the console (e.g. other accounts can open its files), shown before login.
        self.startup_warning: str | None = None
        self._services_ready = threading.Event()

    def _load_services(self) -> None:
        try:
            self._try_loading()
        finally:
            self._services_ready.set()
        if self._startup_error is not None:
            # Say it now, before anyone types a password into a console that cannot log in.
            with contextlib.suppress(RuntimeError):  # the app has already stopped
                self.call_from_thread(self._show_startup_error)

    def _try_loading(self) -> None:
        """Run the loader (blocking): the services, or the start-up error to tell and
        whether loading again may help."""
        try:
            self._services = watching_for_revoked_sessions(
                self._services_loader(), self.session_revoked_by
            )
            warning = self.startup_warning
        except StartupError as error:
            self._startup_error = str(error)
            self._may_load_again = isinstance(error, NoAnswerAtStart)
        except Exception as error:  # anything else: log without personal data, tell the operator
            reference = report_crash(error)
            self._startup_error = (
                f"The console could not open its database (error reference {reference})."
            )
            self._may_load_again = False
        else:
            self._startup_error = None
            if warning is not None:
                logger.warning("%s", warning)
                # Before the services are ready, so it is on the login screen before anyone
                # can log in.
                with contextlib.suppress(RuntimeError):  # the app has already stopped
                    self.call_from_thread(self._show_startup_warning, warning)

    def _show_startup_warning(self, warning: str) -> None:
        if isinstance(self.screen, LoginScreen):
            self.screen.show_startup_warning(warning)

    def _show_startup_error(self) -> None:
        if isinstance(self.screen, LoginScreen) and self._startup_error is not None:
            self.screen.show_startup_error(self._startup_error, can_log_in=self._may_load_again)

    def services(self) -> ConsoleServicesPort:
        """The service layer; blocks until it is loaded. Call only from worker threads.

        When the database did not answer at start, it is opened again here (at a login)."""
        if not self._services_ready.wait(SERVICES_WAIT_SECONDS):
            raise StartupError("The database is taking too long to open. Try again shortly.")
        if self._services is None and self._may_load_again:  # else no lock on every call
            with self._loading_again:
                if self._services is None and self._may_load_again:
                    self._try_loading()
        if self._services is None:
            told = self._startup_error or "The database could not be opened."
            if self._may_load_again:
                raise NoAnswerAtStart(told)
            raise StartupError(f"{told} {START_AGAIN}")
        return self._services

    @property
    def startup_error(self) -> str | None:
        return self._startup_error if self._services_ready.is_set() else None
