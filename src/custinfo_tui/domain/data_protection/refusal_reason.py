"""The reason typed for refusing an erasure because the record is held (docs/data-protection.md,
"How to erase a customer"): the trail keeps it, and the person's pack reads it under the
refusal, so it says which request was refused in words, not only its number.

The desk once filled the reason box with "Request 2 (Art. 17)" on opening it from an
erasure request; F2, Down, Enter then recorded that filler, and the pack read "Reason:
Request 2 (Art. 17)". The box now starts empty, and what only numbers the request, or is
too short to say anything, is refused: at the box on the desk, and by the service.
"""

from __future__ import annotations

import re

from custinfo_tui.domain.limits import MIN_REASON_LENGTH

#: What a refusal's reason must say, and an example, after why the one typed will not do.
REFUSAL_REASON_NEEDED = (
    "Say which request is refused, in words the person's pack can show (e.g. her e-mail "
    "of 3 Dec asking for erasure)."
)

#: A reason that only numbers the request: "Request 2 (Art. 17)", "erasure request 2",
#: "Art. 17", in any case, spacing or brackets.
_ONLY_THE_REQUEST = re.compile(
    r"[(\s]*(?:erasure\s*)?(?:request\s*(?:no\.?|number)?\s*#?\s*\d*)?[\s,:(-]*"
    r"(?:art(?:icle)?\.?\s*17(?:\s*\(\d\))?)?[).\s]*",
    re.IGNORECASE,
)


def refusal_reason_problem(reason: str) -> str | None:
    """What is wrong with the reason typed for refusing an erasure (None: nothing): none
    typed, one that only numbers the request, or one too short to say anything ("x")."""
    typed = " ".join(reason.split())
    if not typed:
        return REFUSAL_REASON_NEEDED
    if _ONLY_THE_REQUEST.fullmatch(typed):
        return f'"{typed}" only numbers the request. {REFUSAL_REASON_NEEDED}'
    if len(typed) < MIN_REASON_LENGTH:
        return f'"{typed}" is too short to say anything. {REFUSAL_REASON_NEEDED}'
    return None
