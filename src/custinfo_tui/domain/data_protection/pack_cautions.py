"""What the DPO is told to weigh once a subject access pack is written, before it is sent
(docs/data-protection.md, "The export pack"): the police and tax requests it lists, which
may tip off a suspect (DPA 2018 Sch. 2 para 2), or those it leaves out; and the entries it
quotes as someone typed them, which may name other people (UK GDPR Art. 15(4)). Said once
per export, on the desk and by `custinfo dsar export` alike, each with its own way of
writing the pack again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from custinfo_tui.domain.text import counted


def crime_caution(listed: Sequence[int], withheld: Sequence[int], again: str) -> str | None:
    """The third-party requests made for crime prevention or taxation that the pack lists
    (`again`: how to write it without them), or those it leaves out; None for neither."""
    if withheld:
        return (
            f"Left out of the pack: {third_party_requests(withheld)} made for crime "
            "prevention or taxation (DPA 2018 Sch. 2 para 2), with every trace of it: its "
            "steps, the opening it was recorded under and that reason wherever given, and "
            "a call it was taken in; recorded on the audit trail. Words typed at other "
            "times are kept as typed: read them for a mention of it before sending, and "
            "keep a note of why the exemption applies."
        )
    if not listed:
        return None
    return (
        f"Before sending, check: the pack lists {third_party_requests(listed)} made for "
        "crime prevention or taxation. If telling the person would be likely to prejudice "
        "the prevention or detection of crime (tipping off), the exemption of DPA 2018 "
        "Sch. 2 para 2 may let you leave it out; ask the requester if unsure. "
        f"{again} writes the pack without them, recorded on the audit trail."
    )


def typed_caution(typed: Mapping[str, int]) -> str | None:
    """The entries the pack quotes as typed, by section (`typed`: section title to count,
    in the pack's order), to be read for other people's data; None for none."""
    counts = {title: count for title, count in typed.items() if count}
    if not counts:
        return None
    where = ", ".join(f"{title} {count}" for title, count in counts.items())
    return (
        f"The pack quotes {counted(sum(counts.values()), 'entry', 'entries')} as typed ({where}; "
        "counted: each with words in it, a reason chosen from a list when words were typed "
        "after it, not an empty one nor one left only with what the "
        "console removed, such as (erased) or [card number removed]): "
        "read each for other people's data (a relative, a neighbour, a caller) and redact "
        "what may not be disclosed before sending (UK GDPR Art. 15(4)); the console "
        "redacts nothing."
    )


def third_party_requests(numbers: Sequence[int]) -> str:
    """ "third-party request 4", "third-party requests 4, 7"."""
    noun = "requests" if len(numbers) > 1 else "request"
    return f"third-party {noun} {', '.join(str(n) for n in numbers)}"
