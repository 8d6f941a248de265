"""The shared shape of a field check: a normalised value, or a message the handler can act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class FieldError(ValueError):
    """A value the handler can correct. The message is plain English, shown at the field.

    It subclasses ValueError so that pydantic turns it into a ValidationError when a
    normaliser is used as a model validator. The message never repeats the value typed,
    so it is safe to log.
    """


@dataclass(frozen=True, slots=True)
class FieldResult:
    """The outcome of checking one field on its own, for live validation as the handler types."""

    value: str | None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


Normaliser = Callable[[str], str]


def check(normalise: Normaliser, raw: str) -> FieldResult:
    """Run one normaliser and turn a FieldError into a result instead of an exception."""
    try:
        return FieldResult(value=normalise(raw))
    except FieldError as error:
        return FieldResult(value=None, message=str(error))


class FieldProblems(FieldError):
    """What is wrong, field by field: the field's key (as the use case names it) -> the
    message to show at its box, so a form shows each at its box and the first gets the
    focus. Messages never repeat what was typed."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems
