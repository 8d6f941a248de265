"""Why a record is opened outside a verified call (MP-09): the reason as the form offers it,
as the trail records it, and as the timeline and the pack show it.

The reasons offered are configured (`CUSTINFO_ACCESS_REASONS`, docs/configuration.md). One
starting with "Other" needs the handler's own words (the detail). Words in brackets after
"Other" ("Other (describe below)") tell the handler what to do on the form; they mean
nothing on the trail, which records "Other: <the handler's words>". Words typed after any
other reason are recorded the same way ("Customer wrote in (letter or e-mail): letter
from her sister"), and `typed_words` is the one place that finds them again, for the pack
to count what staff typed (docs/data-protection.md, "Other people in what was typed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.events import AuditAction

#: A reason starting with this needs the handler's own words.
OTHER = "Other"
#: "Other" and the form's words in brackets: the option offered, whole...
_OTHER_WITH_FORM_WORDS = re.compile(r"Other \([^()]*\)")
#: ...and as earlier versions recorded it, before ": <detail>" (or alone).
_RECORDED_WITH_FORM_WORDS = re.compile(r"Other \([^()]*\)(?=: |$)")

#: The reason earlier versions recorded the erasure desk's look-ups with, which no
#: one typed: it told the person reading their pack that they had asked for erasure.
FORMER_ERASURE_PREVIEW_REASON = "Erasure request (data protection)"


def needs_detail(option: str) -> bool:
    """Whether the reason `option` is taken only with the handler's own words."""
    return option.startswith(OTHER)


# The details the console writes itself after a reason from the list, naming the work a
# record is opened for: nobody typed them, so they quote no one (`typed_words`).
def duplicate_item_detail(item_id: int) -> str:
    """A possible-duplicate item compared for a merge, which a handler raised saying why."""
    return f"possible duplicate, queue item {item_id}"


def discrepancy_detail(report_id: int) -> str:
    """A discrepancy report a supervisor opens the record to work."""
    return f"report {report_id}"


def rectification_detail(request_id: int) -> str:
    """A rectification request the DPO opens the record to act on."""
    return f"rectification request {request_id} (Art. 16)"


_CONSOLE_DETAILS = re.compile(
    r"possible duplicate, queue item \d+|report \d+|rectification request \d+ \(Art\. 16\)"
)


def typed_words(recorded: str, listed: Iterable[str] = ()) -> str | None:
    """The words someone typed after a reason from the list, as recorded (and as
    `reason_given` shows it): "letter from her sister" in "Other: letter from her sister",
    "Customer wrote in (letter or e-mail): ..." or "Third-party request (for or about the
    customer): ...", whichever reason they follow. None for a reason from the list alone,
    or followed only by what the console writes itself ("Discrepancy report: report 3").

    The reason is the longest of `listed` (the site's reasons, as offered) that the text is,
    or starts with before ": ": a site's own "Court order: family division" is a reason,
    not "Court order" with "family division" typed after it. A reason not listed (the
    built-in ones, the console's own, one a site has since taken off its list) ends at the
    first ": ", which none of the built-in ones has."""
    detail = _after_listed(recorded, listed)
    if detail is None:
        _, said, detail = recorded.partition(": ")
        if not said:
            return None
    if not detail.strip() or _CONSOLE_DETAILS.fullmatch(detail):
        return None
    return detail


def _after_listed(recorded: str, listed: Iterable[str]) -> str | None:
    """What follows the longest reason of `listed` that `recorded` is ("") or starts with
    before ": "; None when it starts with none of them."""
    found: str | None = None
    longest = -1
    for option in listed:
        reason = as_recorded(option)
        if len(reason) <= longest:
            continue
        if recorded == reason:
            found, longest = "", len(reason)
        elif recorded.startswith(f"{reason}: "):
            found, longest = recorded[len(reason) + 2 :], len(reason)
    return found


def with_own_words(recorded: str, listed: Iterable[str] = ()) -> bool:
    """Whether a reason as recorded carries someone's own words (`typed_words`, the site's
    reasons `listed`): "Other: ...", or any reason with detail typed after it ("Third-party
    request (for or about the customer): police e-mail re fraud enquiry"), not a reason
    from the list alone."""
    return typed_words(recorded, listed) is not None


def built_in_reasons_lacking(listed: Sequence[str]) -> tuple[str, ...]:
    """The built-in reasons (`DEFAULT_ACCESS_REASONS`) a site's own list lacks, as offered
    ("Third-party request (for or about the customer)", added after sites set their own):
    compared as the trail records them, ignoring case; any reason that needs the handler's
    words (`needs_detail`) stands for "Other (describe below)". `custinfo doctor` names
    them: the site's list is the site's, and nothing is added to it unasked."""
    site = {as_recorded(option).casefold() for option in listed}
    other = any(needs_detail(option) for option in listed)
    return tuple(
        option
        for option in DEFAULT_ACCESS_REASONS
        if not (other if needs_detail(option) else as_recorded(option).casefold() in site)
    )


def as_recorded(option: str) -> str:
    """The reason `option` as the trail records it: "Other (describe below)" is "Other";
    every other reason as offered ("Customer wrote in (letter or e-mail)": its brackets
    say what the reason is, not what to do on the form)."""
    return OTHER if _OTHER_WITH_FORM_WORDS.fullmatch(option) else option


def reason_given(action: str, details: Mapping[str, Any], reason: str | None) -> str | None:
    """The reason an event was recorded with, as the timeline and the pack show it (the
    trail keeps every one as it was recorded): a record opened for "Other (describe below):
    letter", as earlier versions recorded it, reads "Other: letter", and the erasure desk's
    former made-up reason for a look-up is left out."""
    if details.get("erasure_preview") and reason == FORMER_ERASURE_PREVIEW_REASON:
        return None
    if action != AuditAction.CUSTOMER_VIEWED or reason is None:
        return reason
    # Only the reason's start: the option came first, the handler's words after it.
    recorded = _RECORDED_WITH_FORM_WORDS.match(reason)
    return OTHER + reason[recorded.end() :] if recorded else reason
