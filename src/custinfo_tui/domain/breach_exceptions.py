"""The three exceptions of UK GDPR Art. 34(3) to telling the people a high-risk breach
affects (MP-20; docs/data-protection.md, "Recording the assessment").

A high-risk breach is told to the people affected (Art. 34(1)) unless one of them applies:
(a) the data was made unintelligible to anyone not authorised to see it (encrypted); (b)
measures taken since make the high risk no longer likely to materialise; (c) telling each
person would involve disproportionate effort, and a public communication informs them as
effectively instead. "We did not want to worry them" is none of them, so the DPO chooses
one and says how it applies, and the reason is kept as the exception's words followed by
that detail: read back as the form opens, and shown whole wherever the reason is. A reason
recorded before the choice was offered has none of the words, and is shown as it was typed.
"""

from __future__ import annotations

from enum import StrEnum


class Art34Exception(StrEnum):
    """An Art. 34(3) exception, by its point: "a", "b" or "c"."""

    ENCRYPTED = "a"
    NO_LONGER_LIKELY = "b"
    PUBLIC_NOTICE = "c"

    @property
    def label(self) -> str:
        """As the form's choice offers it (short enough for its row at 80 columns)."""
        return _LABELS[self]

    @property
    def words(self) -> str:
        """What the kept reason starts with: the exception in full, then the detail."""
        return _WORDS[self]


_LABELS = {
    Art34Exception.ENCRYPTED: "(a) Unintelligible to others: encrypted",
    Art34Exception.NO_LONGER_LIKELY: "(b) Measures since: high risk no longer likely",
    Art34Exception.PUBLIC_NOTICE: "(c) Disproportionate effort: public notice",
}

_WORDS = {
    Art34Exception.ENCRYPTED: "Art. 34(3)(a): the data was unintelligible to anyone not "
    "authorised to access it (e.g. encrypted).",
    Art34Exception.NO_LONGER_LIKELY: "Art. 34(3)(b): measures taken since make the high risk "
    "no longer likely to materialise.",
    Art34Exception.PUBLIC_NOTICE: "Art. 34(3)(c): telling each person would involve "
    "disproportionate effort; a public communication informed them instead.",
}

#: What the detail box asks for, with an exception chosen.
EXCEPTION_DETAIL = "Say how the exception applies (for (c), the public communication made)."


def with_exception(exception: Art34Exception, detail: str) -> str:
    """The reason as kept: the exception's words, then the detail typed."""
    return f"{exception.words} {split_exception(detail)[1]}"


def split_exception(reason: str) -> tuple[Art34Exception | None, str]:
    """A kept reason read back: the exception it starts with (None for a reason recorded
    without one) and the detail after it."""
    for exception in Art34Exception:
        if reason.startswith(f"{exception.words} "):
            return exception, reason[len(exception.words) + 1 :]
    return None, reason
