"""The operator's session at a console: the idle lock (MP-11), logging out and quitting,
each on the audit stream, and the way back to the login screen.

`CustinfoApp` (tui/app.py) is one of these, through `ServicesLoadingApp`
(tui/services_loading.py, the services loaded in a thread after the first frame); it adds
training mode, breach reports and the command palette.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.message import Message
from textual.worker import WorkerState

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.tui.read_again import read_again_after_unlock
from custinfo_tui.tui.revoked_session import SessionRevokedNotice
from custinfo_tui.tui.screens.base import clear_said_before
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.unsaved_work import END_RUN_QUESTION, LeaveScreen, ask_before_losing
from custinfo_tui.tui.wrap_up_drafts import WrapUpDrafts

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.ports import ConsoleServicesPort

#: How long logging out or quitting waits for a search or save still under way.
WORK_IN_HAND_SECONDS = 3.0
#: The operator left, but the session's end is not on the audit stream: the database did
#: not answer (docs/crash-safety.md). Any call they left open stays in their calls to finish.
LOG_OUT_NOT_RECORDED = (
    "You are logged out, but the database did not answer: your log-out could not be recorded."
)
#: Said after why a revoked session ended (tui/revoked_session.py) when its end could not be
#: put on the audit stream: the database did not answer.
REVOKED_END_NOT_RECORDED = "The database did not answer: the session's end could not be recorded."


class SessionApp(App[None]):
    """Who is logged in, when they last pressed a key, and how their session ends."""

    class LoggedOut(Message):
        """The session is over: to the login, saying `unrecorded` when its end could not be
        put on the audit stream (or why an administrator ended it)."""

        def __init__(self, unrecorded: str | None = None) -> None:
            super().__init__()
            self.unrecorded = unrecorded

    def __init__(self, *, idle_lock_seconds: float, clock: Callable[[], float]) -> None:
        super().__init__()
        self.idle_lock_seconds = idle_lock_seconds
        #: Injectable so tests can simulate idle time.
        self.clock = clock
        self._last_activity = clock()
        self._locked = False
        self.actor: Actor | None = None
        #: True from the moment logging out or quitting starts: work a screen would start
        #: from a timer (the duplicate check as the handler types) is not started, as it
        #: would be recorded after the session's end.
        self.session_ending = False
        #: Set once the services have loaded; quitting records the session's end with them.
        self._services: ConsoleServicesPort | None = None
        #: News for the operator that came while the screen was locked (`tell_when_seen`),
        #: oldest first: said once they unlock it.
        self._held_news: list[tuple[str, SeverityLevel]] = []
        #: Wrap-ups left for later at this console, as typed: memory only, dropped with
        #: the session (tui/wrap_up_drafts.py).
        self.wrap_up_drafts = WrapUpDrafts()

    def work_kept_aside(self) -> list[str]:
        """The wrap-ups left for later, lost as the session ends; their customers unnamed
        behind the idle lock (whoever is at the desk may not be the handler)."""
        return self.wrap_up_drafts.lost(named=not self._locked)

    if not TYPE_CHECKING:  # Textual's overloads stand for type checking

        def push_screen(self, screen, *args, **kwargs):
            """Textual's, with every console screen opening clear of the notifications
            said before it (tui/screens/base.py, `clear_said_before`): one place for every
            form, list and dialog, as the data protection desk's sections had done alone."""
            if not isinstance(screen, str):
                clear_said_before(self, screen)
            return super().push_screen(screen, *args, **kwargs)

    def action_help_quit(self) -> None:
        """Ctrl+C, pressed by habit to quit, says which key quits, as Textual's does, but
        found among the app's own keys: Textual looked among the screen's, which on a
        dialog leave the app's out (screens/base.py, `Dialog`), so there it said nothing.
        In training mode the same key ends the role-play instead (Ctrl+Q, `end_run`),
        which Quit is not offered beside: there Ctrl+C said nothing at all."""
        for key, binding in self._bindings:
            if binding.action == "quit" and self.check_action("quit", ()):
                self.notify(f"Press [b]{key}[/b] to quit the app", title="Do you want to quit?")
                return
            if binding.action == "end_run" and self.check_action("end_run", ()):
                self.notify(
                    self._how_to_end_the_run(key), title="Do you want to end the role-play?"
                )
                return

    def _how_to_end_the_run(self, key: str) -> str:
        """Ctrl+C's help in training mode. Over a question about leaving (End the call?,
        End the role-play? itself) Ctrl+Q waits for its answer (training_app.py,
        `action_end_run`), so the help says to answer it."""
        screen = self.screen
        if isinstance(screen, LeaveScreen) and screen.title_text == END_RUN_QUESTION:
            return "Choose End the role-play here to end it, or Keep going to go on."
        first = (
            "Answer this question first; then press" if isinstance(screen, LeaveScreen) else "Press"
        )
        # The question says what ending it does: scored, or not played before any step.
        return f"{first} [b]{key}[/b] to end the role-play: it asks first."

    def services(self) -> ConsoleServicesPort:
        """The service layer; blocks until it is loaded. Call only from worker threads."""
        raise NotImplementedError

    @on(LoggedOut)
    def logged_out(self, message: LoggedOut) -> None:
        self.actor = None
        self.session_ending = False
        self.wrap_up_drafts.clear()
        # A revoked session may end under the idle lock, which goes with every other screen.
        self._locked = False
        self._held_news = []
        self.call_later(self._back_to_login, message.unrecorded)

    def session_revoked_by(self, said: str) -> None:
        """A service refused a call because an administrator ended this session (disabled
        the operator, changed their role, reset their password): end it. From any thread."""
        self.post_message(SessionRevokedNotice(said))

    @on(SessionRevokedNotice)
    def _session_revoked(self, notice: SessionRevokedNotice) -> None:
        if self.actor is None or self.session_ending:
            return  # ending already: one refused call ends it, the others just fail
        self.session_ending = True
        self.call_later(self._finish_and_end_revoked, notice.said)

    async def _finish_and_end_revoked(self, said: str) -> None:
        await self._finish_work_in_hand()  # refused too, but let it say so before the end
        self._end_revoked(said)

    @work(
        thread=True,
        exclusive=True,
        group="logout",
        exit_on_error=False,
        description="record the end of a revoked session",
    )
    def _end_revoked(self, said: str) -> None:
        """End the session as logging out does, its open calls with it; the login says why
        (the services' words, which the database just confirmed)."""
        from custinfo_tui.services.errors import Outage  # pydantic: not before the first frame

        actor = self.actor
        if actor is not None:
            try:
                said = self.services().end_revoked_session(actor) or said
            except Outage:
                logger.warning("a revoked session ended unrecorded: the database did not answer")
                said = f"{said} {REVOKED_END_NOT_RECORDED}"
            except Exception as error:
                said = (
                    f"{said} Its end could not be recorded (error reference {report_crash(error)})."
                )
        self.post_message(self.LoggedOut(said))

    def action_log_out(self) -> None:
        """Log out, asking first when a screen holds something not yet saved."""
        if self.actor is not None:
            ask_before_losing(self, "Log out", lambda: self.call_later(self._finish_and_log_out))

    async def _finish_and_log_out(self) -> None:
        await self._finish_work_in_hand()
        self._log_out()

    async def _finish_work_in_hand(self) -> None:
        """Let what the operator set going (a search as they typed, a save) finish before
        their session is closed on the audit stream, so nothing of theirs is recorded after
        it; waits at most WORK_IN_HAND_SECONDS. No new work starts from here on."""
        self.session_ending = True
        running = [
            worker
            for worker in self.workers
            if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and worker.group != "logout"
        ]
        if running:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.workers.wait_for_complete(running), WORK_IN_HAND_SECONDS
                )

    @work(
        thread=True,
        exclusive=True,
        group="logout",
        exit_on_error=False,
        description="record the end of the session",
    )
    def _log_out(self) -> None:
        actor = self.actor
        unrecorded = None if actor is None else self._record_log_out(actor)
        self.post_message(self.LoggedOut(unrecorded))

    def _record_log_out(self, actor: Actor, *, ending_run: bool = False) -> str | None:
        """Close the session on the audit stream (blocking); what to tell the operator when
        that failed, who may leave all the same. `ending_run`: a trainee's End run, whose
        calls left open end saying so rather than as at a log-out."""
        from custinfo_tui.services.errors import Outage  # pydantic: not before the first frame

        try:
            self.services().log_out(actor, ending_run=ending_run)
        except Outage:  # not a bug to report
            logger.warning(
                "operator %s logged out unrecorded: the database did not answer", actor.operator_id
            )
            return LOG_OUT_NOT_RECORDED
        except Exception as error:
            return (
                "You are logged out, but your log-out could not be recorded "
                f"(error reference {report_crash(error)})."
            )
        return None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            (
                events.Key,
                events.MouseDown,
                events.MouseScrollDown,
                events.MouseScrollUp,
                events.Paste,
            ),
        ):
            self._last_activity = self.clock()
        await super().on_event(event)

    def tell_when_seen(self, message: str, *, severity: SeverityLevel = "information") -> None:
        """Notify the operator of `message` now or, while the screen is locked, once they
        have unlocked it: a notification fades after a few seconds, and under the lock
        (a trainee's run just ended, the trainer not back yet) no one it is for would read
        it. Never shown over the lock, whoever is at the desk; dropped if the session ends
        there (the next operator must not read it). Call on the app's thread."""
        if self._locked:
            self._held_news.append((message, severity))
            return
        self.notify(message, severity=severity, markup=False)

    def lock_if_idle(self) -> None:
        """Lock the screen when a logged-in operator has been idle too long (MP-11)."""
        if self.clock() - self._last_activity >= self.idle_lock_seconds:
            self.lock_now()  # which does nothing when no one is logged in or it is locked

    def lock_now(self, why: str | None = None) -> None:
        """Lock the screen at once: after idling, or when the terminal comes back from
        someone else (a trainee's role-play run; `why` says so on the lock). The trail
        records how long this console had no key from its operator."""
        actor = self.actor
        if actor is None or self._locked:
            return
        self._locked = True
        self.clear_notifications()  # a message still showing may name a customer
        lock = LockScreen(actor, why)
        self.push_screen(lock, lambda unlocked: self._lock_closed(unlocked, lock.unrecorded))
        self._record_lock(actor, int(self.clock() - self._last_activity))

    @work(thread=True, group="lock", exit_on_error=False, description="audit the lock")
    def _record_lock(self, actor: Actor, idle_seconds: int) -> None:
        # pydantic: not before the first frame
        from custinfo_tui.services.errors import Outage, SessionRevoked

        try:
            self.services().record_lock(actor, idle_seconds)
        except Outage:  # not a bug to report; the screen is locked all the same
            logger.warning("a screen lock went unrecorded: the database did not answer")
        except SessionRevoked:
            pass  # the app heard of it already, and ends the session (tui/revoked_session.py)
        except Exception as error:
            report_crash(error)

    def _lock_closed(self, unlocked: bool | None, unrecorded: str | None = None) -> None:
        self._locked = False
        self._last_activity = self.clock()
        news, self._held_news = self._held_news, []
        if not unlocked:
            self.actor = None
            self.wrap_up_drafts.clear()
            self.call_later(self._back_to_login, unrecorded)
            return
        for message, severity in news:  # the operator is back: what came meanwhile
            self.notify(message, severity=severity, markup=False)
        read_again_after_unlock(self.screen_stack)  # no list shown as of before the lock

    async def _back_to_login(self, unrecorded: str | None = None) -> None:
        """Drop every screen an ended session had open, then start at the login again,
        with none of its messages: the next operator must not read what the last was told
        ("Request recorded; nothing has been disclosed" names what they did). Only
        `unrecorded`, naming no one, is said there."""
        self.clear_notifications()
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        await self.switch_screen(LoginScreen(said=unrecorded))

    def terminal_lost(self) -> None:
        """The terminal went away (tui/lost_terminal.py): no one is at this console any
        more, and no one can answer "Quit?" about work not yet saved, which is lost as the
        console closes. The session ends as quitting ends it, so its calls in progress wait
        in the calls to finish and no one's session is left open at a desk no one sits at;
        the exit status is 129, as a shell gives a process SIGHUP ended."""
        from custinfo_tui.tui.lost_terminal import LOST_TERMINAL_STATUS

        logger.info("the terminal went away: the console closes, ending its session")
        self.call_later(self._quit, LOST_TERMINAL_STATUS)

    async def _quit(self, return_code: int = 0, *, ending_run: bool = False) -> None:
        """Quit, closing the operator's session on the audit stream first; printed after
        the console closes when that could not be done. `ending_run`: the trainee chose End
        run (Ctrl+Q in a role-play)."""
        await self._finish_work_in_hand()
        actor, self.actor = self.actor, None
        self.wrap_up_drafts.clear()
        unrecorded = None
        if actor is not None and self._services is not None:
            try:
                unrecorded = await asyncio.wait_for(
                    asyncio.to_thread(self._record_log_out, actor, ending_run=ending_run), 5
                )
            except TimeoutError:  # a server that does not answer at all, e.g. unreachable
                unrecorded = LOG_OUT_NOT_RECORDED
            except Exception as error:  # never stop the operator from leaving
                report_crash(error)
        said = None if unrecorded is None else Text(unrecorded)
        self.exit(return_code=return_code, message=said)
