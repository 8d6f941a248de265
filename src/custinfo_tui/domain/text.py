"""Text hygiene shared by normalisers and search: control characters, spacing, folding."""

from __future__ import annotations

import re
import unicodedata

from custinfo_tui.domain.card_data import redact_card_data
from custinfo_tui.domain.limits import MIN_REASON_LENGTH

#: Characters that reorder how text is displayed. A name containing U+202E can show the handler
#: one thing while storing another, so they are refused in names and stripped from queries.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
)

#: Invisible characters that creep in through copy and paste and make two equal-looking values
#: differ. ZWJ and ZWNJ (U+200D, U+200C) are deliberately absent: they change how some scripts
#: (Persian, the Indic scripts) are written, so removing them would alter a name.
INVISIBLE_FORMATTING = frozenset("\u200b\u2060\ufeff\u00ad")

#: Letters and marks that draw nothing (Unicode's Default_Ignorable_Code_Point characters in
#: the letter and mark categories): the Hangul fillers (U+3164 makes a name look blank, and
#: Rich counts it 0 columns wide where terminals draw 2, misaligning a table's row), the
#: Khmer inherent vowels (deprecated) and the combining grapheme joiner. A letter check alone
#: would take them, so names and addresses refuse them by name and free text drops them.
#: The variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF, Mongolian's U+180B-U+180F) are
#: also default-ignorable but are left alone: like ZWJ and ZWNJ they choose how the letter
#: before them is written (an ideograph's form in a Japanese name, a Mongolian letter's).
#: Only a search key leaves them out (`fold_for_search`).
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u17b4\u17b5\u034f")

#: A whole terminal escape sequence, in the forms ECMA-48 defines and xterm documents
#: ("XTerm Control Sequences"), 7-bit or with an 8-bit C1 introducer:
#: - a control string (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`, or
#:   U+009D, U+0090, U+0098, U+009E, U+009F), its text, and the BEL or string terminator
#:   (`ESC \\`, U+009C) ending it: an OSC 8 hyperlink or a window title, whole;
#: - a control sequence (CSI `ESC [` or U+009B), parameter bytes 0x30-0x3F, intermediate
#:   bytes 0x20-0x2F, one final byte 0x40-0x7E: colours (`ESC [31m`), cursor moves, clearing;
#: - ESC, any intermediate bytes 0x20-0x2F, one final byte 0x30-0x7E: the two-character
#:   sequences (`ESC 7`, `ESC c`) and character-set choices (`ESC ( B`, which `tput sgr0`
#:   prints). It is also what takes `ESC ]` or `ESC [` whose string or sequence never ends:
#:   the rest stays as text rather than a guess at where the sequence would have ended.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)

_WHITESPACE_CONTROLS = frozenset("\t\n\r")

#: Apostrophes and dashes as a word processor, an e-mail or a phone's keyboard types them
#: (’ ‘ ‛, and the backtick people type for one; ‐ ‑ ‒ – —), which names and address lines
#: store as the plain ' and -, so "O’Neill" and "O'Neill", "12–14" and "12-14" are each one
#: value to read back, search and compare (`plain_punctuation`).
TYPOGRAPHIC_APOSTROPHES = "\u2018\u2019\u201b`"
TYPOGRAPHIC_HYPHENS = "\u2010\u2011\u2012\u2013\u2014"
_PLAIN_PUNCTUATION = str.maketrans(
    dict.fromkeys(TYPOGRAPHIC_APOSTROPHES, "'") | dict.fromkeys(TYPOGRAPHIC_HYPHENS, "-")
)


def plain_punctuation(text: str) -> str:
    """`text` with its typographic apostrophes and dashes made plain (' and -)."""
    return text.translate(_PLAIN_PUNCTUATION)


def _is_diacritic(ch: str) -> bool:
    """True for accents from the Combining Diacritical Marks blocks, the ones people leave off.

    Marks in other blocks (Indic vowel signs, the kana voicing marks, Hebrew points) change
    the word itself, so folding keeps them.
    """
    code = ord(ch)
    return (
        0x0300 <= code <= 0x036F
        or 0x1AB0 <= code <= 0x1AFF
        or 0x1DC0 <= code <= 0x1DFF
        or 0x20D0 <= code <= 0x20FF
        or 0xFE20 <= code <= 0xFE2F
    )


def is_variation_selector(ch: str) -> bool:
    """True for a variation selector: U+FE00-U+FE0F, U+E0100-U+E01EF (the ideographic ones
    a Japanese name may carry) and Mongolian's free variation selectors U+180B-U+180D and
    U+180F. It chooses how the character before it is drawn, not which character it is."""
    code = ord(ch)
    return (
        0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180D
        or code == 0x180F
    )


def strip_escape_sequences(s: str) -> str:
    """`s` without its terminal escape sequences, each taken out whole (see
    `_ESCAPE_SEQUENCE`): `"smi\\x1b[31mth"` -> `"smith"`. Anything else, a lone ESC among
    it, is left as it is."""
    return _ESCAPE_SEQUENCE.sub("", s)


def strip_control_characters(s: str) -> str:
    """Remove terminal escape sequences, whole, and control, bidi and invisible characters;
    tab, newline and CR become spaces.

    A sequence goes as one (`"Zoë \\x1b[31mÓlafsdóttir"` -> `"Zoë Ólafsdóttir"`, not
    `"Zoë [31mÓlafsdóttir"`): see `_ESCAPE_SEQUENCE`. Every control character left after
    that, a lone ESC among them, goes on its own, so nothing of the result can start a
    sequence and cleaning twice is the same as once.

    For free text and search queries, where silently cleaning is kinder than refusing.
    Names do not use this: they refuse such characters so the handler retypes them.
    """
    out: list[str] = []
    for ch in strip_escape_sequences(s):
        if ch in _WHITESPACE_CONTROLS:
            out.append(" ")
        elif (
            unicodedata.category(ch) == "Cc"
            or ch in BIDI_CONTROLS
            or ch in INVISIBLE_FORMATTING
            or ch in INVISIBLE_LETTERS
        ):
            continue
        else:
            out.append(ch)
    return "".join(out)


#: Hidden characters people meet, in words.
_HIDDEN_IN_WORDS = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
    "\x1b": "an escape character (the start of a terminal control sequence)",
    "\u2028": "a line break (line separator)",
    "\u2029": "a line break (paragraph separator)",
}


def describe_hidden(ch: str) -> str:
    """A hidden character in words, for a message saying why a value is refused: what kind
    of character it is and which ("an invisible formatting character (zero width space)"),
    so the message names what is there, never a character that is not. Never the text
    around it."""
    if ch in _HIDDEN_IN_WORDS:
        return _HIDDEN_IN_WORDS[ch]
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, code).lower()
    if ch in BIDI_CONTROLS:
        return f"a character that changes the direction of the text ({name})"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"a control character ({code})"
    if category == "Cf":
        return f"an invisible formatting character ({name})"
    if ch in INVISIBLE_LETTERS:
        return f"an invisible character ({name})"
    return f"a hidden character ({name})"


def describe_character(ch: str) -> str:
    """A character a value may not hold, for a message that names it: itself in quotes when
    it can be seen, then its code and name (`"€" (U+20AC, euro sign)`; a mark, a space or
    an unassigned code by its code and name alone), so the handler knows what to change."""
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "").lower()
    if unicodedata.category(ch)[0] in ("C", "M", "Z"):  # nothing to see, or not on its own
        return f"{code} ({name})" if name else code
    quoted = f"'{ch}'" if ch == '"' else f'"{ch}"'
    return f"{quoted} ({code}, {name})" if name else f"{quoted} ({code})"


def contains_bidi_control(s: str) -> bool:
    """True if the text holds any character that reorders its display (see BIDI_CONTROLS)."""
    return any(ch in BIDI_CONTROLS for ch in s)


#: Shown in place of a character that must not reach a terminal and has no picture of its own.
REPLACEMENT_CHARACTER = "\ufffd"


def _terminal_safe_table() -> dict[int, str]:
    # C0 controls and DEL keep a visible trace of what was stored: their Control Pictures
    # ("␛" for ESC, "␊" for a newline). C1 controls (0x9B is a one-byte CSI, 0x9D an OSC),
    # bidi controls, the Unicode line separators and lone surrogates (which cannot even be
    # encoded for the terminal) have no picture.
    table = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"
    unpictured = [*range(0x80, 0xA0), *map(ord, BIDI_CONTROLS), 0x2028, 0x2029]
    unpictured += range(0xD800, 0xE000)
    table.update(dict.fromkeys(unpictured, REPLACEMENT_CHARACTER))
    return table


_TERMINAL_SAFE = _terminal_safe_table()


def printable(text: str) -> str:
    """`text` as it may be shown on a terminal: inert, whatever the database held.

    Stored text can have arrived by routes that skip the validators (an import, a migration,
    a direct edit), so every screen and command output of stored text goes through this.
    No character of the result can start an escape sequence, move the cursor or reorder
    the line: control characters and bidi controls become visible stand-ins (see
    `_terminal_safe_table`). Everything else is kept, so ordinary text comes back unchanged
    and applying it twice is the same as once. It does not stop text being read as markup:
    screens must still show it as plain text.
    """
    return text.translate(_TERMINAL_SAFE)


#: Line breaks and tabs lay text out; neither can start a sequence or write over a line.
_LAYOUT = frozenset(map(ord, "\n\t"))
_TERMINAL_SAFE_IN_LINES = {
    code: shown for code, shown in _TERMINAL_SAFE.items() if code not in _LAYOUT
}

#: Every character `printable` replaces: none may reach a terminal, or a file people read.
TERMINAL_UNSAFE = frozenset(map(chr, _TERMINAL_SAFE))

#: What `printable` shows in their place ("␛" for ESC, U+FFFD for a C1 or bidi control):
#: seen in a box pre-filled with a stored value, never text a person meant to type.
STAND_INS = frozenset(_TERMINAL_SAFE.values())


def printable_in_lines(text: str) -> str:
    """`text` made inert as `printable` does, but a line break or a tab kept as it is: for
    text laid out in lines, such as a document (an HTML pack keeps a notice's paragraphs) or
    a command's output of several lines. A carriage return is still shown (␍): it goes back
    over the line, so a terminal would show what follows in place of what came before."""
    return text.translate(_TERMINAL_SAFE_IN_LINES)


def collapse_spaces(s: str) -> str:
    """Trim the ends and turn every run of whitespace into one ordinary space."""
    return " ".join(s.split())


def clean_free_text(s: str, limit: int | None = None) -> str:
    """Free text as kept: control, bidi and invisible characters removed, every run of
    whitespace one space, none at either end, card data replaced (a card number by
    `[card number removed]`, a security code by `[security code removed]`, an expiry date
    by `[expiry removed]`: domain.card_data), and at most `limit` characters.

    The one cleaner for what a handler types in their own words (reasons, notes, a queue
    item's resolution, a representative's relationship or security question) and for
    search queries, where silently cleaning is kinder than refusing. Card data goes before
    the cut, so a cut never leaves part of it behind, and after it, so it never leaves a
    card number cut out of a longer number (or a code: "cvv 12345" cut to "cvv 123").
    Cleaning twice is the same as cleaning once.
    """
    text = collapse_spaces(strip_control_characters(s))
    while True:
        kept = redact_card_data(text).text
        if limit is not None:
            kept = kept[:limit].rstrip()  # a cut can end on a space
        if kept == text:
            return text
        # Again: cutting a longer number can leave a card number's worth of digits.
        text = kept


def fold_for_search(s: str) -> str:
    """The key a search compares: no accents, case-folded, single-spaced ('Zoë' -> 'zoe').

    Compatibility forms are unified too (full-width Latin, ligatures), so what a handler types
    on any keyboard meets what was stored. Han characters pass through unchanged. Variation
    selectors are left out (`is_variation_selector`): "Jane" followed by U+FE0F looks exactly
    like "Jane", so both have the key 'jane', and an ideograph with its variant selector meets
    the same ideograph typed without one. The stored value keeps them as typed.
    """
    # Casefold before removing accents: casefold can itself produce a combining mark
    # ('İ' -> 'i' + U+0307), which the second decomposition then exposes for removal.
    text = unicodedata.normalize("NFKD", s).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not (_is_diacritic(ch) or is_variation_selector(ch)))
    # Recompose what decomposition split but we kept (Hangul syllables, kana with voicing marks).
    text = unicodedata.normalize("NFC", text)
    return collapse_spaces(text)


def typed_in_one_case(text: str) -> bool:
    """True when text in a cased script was typed all in capitals or all in lower case."""
    has_cased_letters = text.lower() != text.upper()
    return has_cased_letters and text in (text.lower(), text.upper())


def _capitalise_part(part: str) -> str:
    for index, ch in enumerate(part):
        if ch.lower() != ch.upper():
            # title(), not upper(): a digraph such as 'ǆ' becomes 'ǅ', not 'Ǆ'. The rest is
            # lower-cased as one string so Greek gets its final sigma ('ΗΣ' -> 'ης').
            return part[:index] + ch.title() + part[index + 1 :].lower()
    return part


def capitalise_parts(text: str, separators: str) -> str:
    """Capitalise the first cased letter after each separator; lower-case the rest.

    Recasing can change length or composition ('ß' -> 'Ss'), so the result is NFC-normalised
    again, which keeps callers idempotent.
    """
    pattern = "([" + re.escape(separators) + "])"
    parts = re.split(pattern, text)
    return unicodedata.normalize("NFC", "".join(_capitalise_part(part) for part in parts))


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 failure", "2 failures", "1,204 records"."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def too_long(what: str, length: int, limit: int) -> str:
    """A text over its limit, and what to do: "The reason can hold at most 300 characters;
    this is 323. Shorten it." (without the last words a handler was left to guess)."""
    return f"{what} can hold at most {limit:,} characters; this is {length:,}. Shorten it."


def too_short(length: int) -> str:
    """A reason under `MIN_REASON_LENGTH` characters, said as every reason box says it:
    "Give at least 5 characters (3 so far)." ("ok" or "x" says nothing on the trail)."""
    return f"Give at least {MIN_REASON_LENGTH} characters ({length} so far)."
