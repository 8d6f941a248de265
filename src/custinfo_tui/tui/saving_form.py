"""A form held still while its save runs in a worker: the wrap-up's (screens/wrap_up.py),
the new customer's, the record edit's, the complaint's, the breach report and assessment,
the desks' short forms (desk_form.py) and the password change.

The save takes what the boxes hold when it starts. The form stayed open and editable
meanwhile, so keys typed during "Saving..." went into its boxes and were never saved: the
screen closed over them, or kept them beside a wrap-up saved without them. While a save
runs the form's boxes are disabled (greyed; none has the focus, so a key typed goes into
none) and the screen offers none of its keys (its `check_action` asks `running`, or
returns `offers`). When the save ends without closing the screen (refused, or the database
out of reach), the boxes come back as they were and the focus goes back to the box that
had it, and the handler goes on as before. A second start while one runs (a second Enter
on "Save without notes", a second Ctrl+S) starts nothing: one save.
"""

from __future__ import annotations

from textual.widget import Widget


class SavingForm:
    """The form of one screen, held while its save runs (`start`, `end`)."""

    def __init__(self) -> None:
        self._form: Widget | None = None
        #: The box that had the focus when the save started: it has it again after.
        self._focus: Widget | None = None

    @property
    def running(self) -> bool:
        """A save is under way: the form takes no keys."""
        return self._form is not None

    def offers(self, on: bool = True) -> bool | None:
        """What a screen's `check_action` returns for a key it would offer (`on`): while a
        save runs the key shows dimmed and does nothing, as it would act on what is saved."""
        return None if on and self.running else on

    def start(self, form: Widget) -> bool:
        """Hold `form` (the container of the boxes) for a save; False, holding nothing
        more, when one is under way already: the caller starts no second save."""
        if self._form is not None:
            return False
        self._form, self._focus = form, form.screen.focused
        form.disabled = True
        form.screen.refresh_bindings()
        return True

    def end(self) -> None:
        """The save is over: the boxes and the screen's keys as they were, the focus back
        where it was (unless something has taken it since). Nothing more once the form is
        off the screen (closed meanwhile, the session locked or ended)."""
        form, focus = self._form, self._focus
        self._form = self._focus = None
        if form is None or not form.is_attached:
            return
        form.disabled = False
        form.screen.refresh_bindings()
        if focus is not None and form.screen.focused is None and focus.focusable:
            focus.focus()
