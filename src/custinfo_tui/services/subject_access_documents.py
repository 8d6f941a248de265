"""The export pack as documents: self-contained printable HTML for the person, JSON for
machines.

Every stored value is data, never markup, and inert (domain/document_text.py): the HTML
shows control and bidi characters as ␛ or � (an escape sequence planted in an address
neither colours nor links, a right-to-left override reverses nothing), then escapes each
value (`<script>` arrives as text, `[bold]` stays literal). It has no script, no external
style sheet or image, so it opens the same anywhere and prints one section after another.
The JSON keeps each value exactly, the same characters written as JSON escapes.
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.pack import PackSection, SubjectAccessPack
from custinfo_tui.domain.document_text import html_text, json_document
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.unseen_text import blank_as_shown
from custinfo_tui.services.pack_cells import text

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #000; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #888; }
p.about { margin: 0.3em 0 0.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.25em 0.4em; text-align: left;
         vertical-align: top; white-space: pre-wrap; }
th { background: #eee; }
.category { font-size: 0.8em; color: #444; }
@media print { section { break-inside: auto; } h2 { break-after: avoid; } }
"""


def pack_html(pack: SubjectAccessPack) -> str:
    """The pack as one HTML document, printable, every value inert and escaped."""
    ref = html_text(format_reference(pack.customer_reference))
    prepared = html_text(text(pack.generated_at))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Your data: {ref}</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>The personal data we hold about you</h1>",
        f"<p>Customer reference {ref}. Prepared {prepared}"
        + (f" for subject access request {pack.request_id}" if pack.request_id else "")
        + ".</p>",
        f"<p><strong>{html_text(erased_statement(pack.erased))}</strong></p>"
        if pack.erased
        else "<p>This document lists everything our customer information console stores "
        "about you, section by section: your details by data category, what records of "
        "yours merged into this one still hold, past addresses and contact details, "
        "consents, your contacts with us and their notes, complaints, reports of wrong "
        "details, changes to your details, representatives, and who looked at your record "
        "and why.</p>",
    ]
    parts.extend(_section_html(section) for section in pack.sections)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def erased_statement(erased: str) -> str:
    """What a pack for an erased record says first: that nothing identifying the person is
    held, and what the sections still list without it (docs/data-protection.md)."""
    return (
        f"{erased} Nothing that identifies you is held: your names, date of birth, "
        "addresses, contact details, notes and what you told us were removed. What remains, "
        "listed below without them, is kept for our statistics and accountability: the "
        "dates, channels and outcomes of your contacts with us, and who worked on the "
        "record and why."
    )


def _section_html(section: PackSection) -> str:
    category = (
        f'<p class="category">Data category: {html_text(section.category.label)}</p>'
        if section.category is not None
        else ""
    )
    head = "".join(f"<th>{html_text(column)}</th>" for column in section.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>"
        for row in section.rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if body else ""
    return (
        f'<section id="{html_text(section.key)}"><h2>{html_text(section.title)}</h2>{category}'
        f'<p class="about">{html_text(section.about)}</p>{table}</section>'
    )


def _cell_html(cell: str) -> str:
    """A value in its table cell; one a page would draw as nothing (a zero width space an
    import left, a lone variation selector) says so in the console's words, in italics:
    an empty cell told the person nothing was held where something is."""
    unseen = blank_as_shown(cell)
    return html_text(cell) if unseen is None else f"<em>{html_text(unseen)}</em>"


def pack_json(pack: SubjectAccessPack) -> str:
    """The pack as JSON: each section's rows as objects keyed by column, every value as
    stored, and inert in the file (`json_document`)."""
    document = {
        "customer_reference": format_reference(pack.customer_reference),  # as they know it
        "generated_at": pack.generated_at.isoformat(timespec="seconds"),
        "request_id": pack.request_id,
        "erased": erased_statement(pack.erased) if pack.erased else None,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "category": section.category.value if section.category else None,
                "about": section.about,
                "rows": [dict(zip(section.columns, row, strict=True)) for row in section.rows],
            }
            for section in pack.sections
        ],
    }
    return json_document(document) + "\n"
