"""Stored text in a file people read (a subject access pack, an evidence export): inert,
whatever the database held, as on a screen (docs/architecture.md, "Stored text").

A file is read in more ways than the one it was written for: `cat` and `less -R` act on
an escape sequence (a hyperlink, a cleared screen), and a browser or an editor shows the
text after a right-to-left override reversed. So:

- HTML holds the text `printable_in_lines` makes (control and bidi characters shown as
  ␛ or �; line breaks and tabs kept, as layout), then escaped, so it is never markup.
- JSON keeps each value exactly, for the machine that reads it, but writes every
  character `printable` would replace as a JSON escape (`\\u001b`, `\\u202e`): a parser
  reads back what was stored; a terminal or an editor shows six plain characters.
"""

from __future__ import annotations

import json
from html import escape

from custinfo_tui.domain.text import TERMINAL_UNSAFE, printable_in_lines

#: JSON escapes for what `json.dumps` writes as it is. It escapes the C0 controls itself,
#: and outside its strings writes only printable ASCII, spaces and line breaks; a line
#: break in a value is escaped already, so the ones left are layout.
_JSON_ESCAPES = {ord(ch): f"\\u{ord(ch):04x}" for ch in TERMINAL_UNSAFE if ch >= " "}


def html_text(value: str) -> str:
    """Stored text as an HTML document holds it: inert, then escaped (quotes too, so it
    may go in an attribute)."""
    return escape(printable_in_lines(value))


def json_document(document: object) -> str:
    """`document` as indented JSON: every value exactly as given, none of it able to drive
    a terminal or reorder a line. Non-ASCII letters stay readable ("Zoë", not "\\u00eb")."""
    return json.dumps(document, indent=2, ensure_ascii=False).translate(_JSON_ESCAPES)
