"""What the console reads from a bracketed paste holding an ESC (tui/paste_reading.py): one
paste with every other character in order, however the terminal's bytes are split between
reads, and every key outside it read as before."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from custinfo_tui.tui.paste_reading import PasteKeepingParser

COPIED = "smi\x1b[31mth\tx"
SENT = f"\x1b[200~{COPIED}\x1b[201~"
#: What the paste holds: the ESC taken out, as most terminals take it out of a paste.
PASTED = "smith\tx"


def _read(parser: XTermParser, *reads: str) -> list[tuple[str, str | None]]:
    """What `parser` reads from the terminal's `reads`, once the escape delay has passed."""
    messages: list[Message] = []
    for sent in reads:
        if sent:  # the driver feeds "" only at the end of input
            messages += parser.feed(sent)
    if parser._timeout_time is not None:  # waiting to see whether a sequence goes on
        parser._timeout_time = 0  # it has waited long enough (the driver ticks it)
        messages += parser.tick()
    return [
        ("paste", m.text) if isinstance(m, events.Paste) else ("key", m.key)
        for m in messages
        if isinstance(m, events.Paste | events.Key)
    ]


def test_textuals_own_parser_sends_what_follows_an_esc_in_a_paste_as_keys_first() -> None:
    """Why the console reads input with its own parser: when this fails, Textual reads
    such a paste whole itself, and `read_pastes_whole` may go."""
    read = _read(XTermParser(), SENT)

    assert read[0] == ("key", "circumflex_accent") and ("key", "tab") in read
    assert read[-1] == ("paste", "smi")


@pytest.mark.parametrize("split", range(len(SENT) + 1))
def test_a_paste_holding_an_esc_is_one_paste_without_it_wherever_the_reads_split(
    split: int,
) -> None:
    read = _read(PasteKeepingParser(), SENT[:split], SENT[split:])

    assert read == [("paste", PASTED)]


def test_keys_before_between_and_after_pastes_are_read_as_keys() -> None:
    sent = f"a{SENT}\x1b[Ab\x1b[200~\x1b\x1b[201~"

    read = _read(PasteKeepingParser(), *sent)  # a byte a read, at worst

    assert read == [
        ("key", "a"),
        ("paste", PASTED),
        ("key", "up"),
        ("key", "b"),
        ("paste", ""),
    ]


def test_escape_on_its_own_is_still_the_escape_key() -> None:
    assert _read(PasteKeepingParser(), "\x1b") == [("key", "escape")]


def test_a_paste_cut_off_by_the_end_of_input_sends_none_of_it_as_keys() -> None:
    parser = PasteKeepingParser()
    read = _read(parser, "\x1b[200~abc\x1b[20")
    messages = list(parser.feed(""))

    assert read == [] and not any(isinstance(m, events.Key) for m in messages)


@pytest.mark.parametrize(
    ("copied", "pasted"),
    [
        ("new number\x1b[31m since May\x1b[0m", "new number since May"),
        ("see \x1b]8;;https://example.com/\x1b\\the notes\x1b]8;;\x1b\\", "see the notes"),
        ("Zoë \x1b[1;31mÓlafsdóttir\x1b(B", "Zoë Ólafsdóttir"),
        ("a lone \x1b", "a lone "),
    ],
)
def test_escape_sequences_in_a_paste_are_taken_out_whole_wherever_the_reads_split(
    copied: str, pasted: str
) -> None:
    sent = f"\x1b[200~{copied}\x1b[201~"
    for split in range(len(sent) + 1):
        read = _read(PasteKeepingParser(), sent[:split], sent[split:])

        assert read == [("paste", pasted)], split
