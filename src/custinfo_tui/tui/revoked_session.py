"""A session an administrator ended under the operator: disabled them, changed their role or
reset their password since they logged in (docs/access-control.md, "Sessions an
administrator ends").

The services refuse every call of such a session (`services.errors.SessionRevoked`),
whichever screen makes it. The console's services are handed to the app wrapped
(`watching_for_revoked_sessions`), so any refused call tells the app
(`SessionRevokedNotice`) before the screen hears of the refusal; the app then ends the
session as logging out does (tui/session_app.py): the work in hand finishes, the calls
left open end, the end is recorded, and the login screen says why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from textual.message import Message

from custinfo_tui.tui.ports import ConsoleServicesPort


class SessionRevokedNotice(Message):
    """A service refused a call because an administrator ended this session; `said` is
    why, in the operator's words."""

    def __init__(self, said: str) -> None:
        super().__init__()
        self.said = said


def watching_for_revoked_sessions(
    services: ConsoleServicesPort, tell: Callable[[str], None]
) -> ConsoleServicesPort:
    """`services`, each call of which, refused because the session was revoked, first
    calls `tell` with the refusal's words (from the calling thread), then raises it on."""
    return cast("ConsoleServicesPort", _Watched(services, tell))


class _Watched:
    def __init__(self, services: ConsoleServicesPort, tell: Callable[[str], None]) -> None:
        # Imported here, on the loader's thread: the services' errors bring pydantic, which
        # must not delay the login's first frame.
        from custinfo_tui.services.errors import SessionRevoked

        self._services = services
        self._tell = tell
        self._revoked: type[Exception] = SessionRevoked

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._services, name)
        if not callable(found):
            return found  # the policies the screens read

        @functools.wraps(found)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return found(*args, **kwargs)
            except self._revoked as refusal:
                self._tell(str(refusal))
                raise

        return call
