"""The two forms of an evidence export (MP-21): JSON, and a self-contained printable HTML
document for a learner's portfolio (no script, no outside resource, every text inert and
escaped: domain/document_text.py).

Pure: they render an `EvidenceDocument`, which holds no personal value. Its words can still
hold stored text (an operator's name, an event's details), which may have reached the
database around the validators.
"""

from __future__ import annotations

from custinfo_tui.domain.document_text import html_text, json_document
from custinfo_tui.domain.evidence import EvidenceDocument, EvidenceStep

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.note { color: #444; font-size: 0.9em; }
@media print { h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def evidence_json(document: EvidenceDocument) -> str:
    """The export as JSON: the document's fields, times in ISO 8601."""
    return json_document(document.model_dump(mode="json")) + "\n"


def evidence_html(document: EvidenceDocument) -> str:
    """The export as one HTML page that prints well and needs nothing else to open."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Evidence of practice</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Evidence of practice (anonymised)</h1>",
        f"<p>Operator: {html_text(document.operator)}<br>",
        f"Covers: {html_text(document.covers)}<br>",
        f"Produced: {document.generated_at:%Y-%m-%d %H:%M} UTC</p>",
        '<p class="note">Customers are shown as placeholders (Customer A, Customer B, ...)'
        " in the order they first appear. No name, contact detail, reference, date of birth"
        " or typed text is included; a typed reason is shown as (reason given).</p>",
        "<h2>Marking points</h2>",
        _points_table(document),
    ]
    if not document.contacts:
        parts.append("<p>No logged steps in this period.</p>")
    for contact in document.contacts:
        where = "call" if contact.in_call else "work outside a call"
        who = f" with {html_text(contact.customer)}" if contact.customer else ""
        parts.append(f"<h2>Contact {contact.number}: {where}{who}</h2>")
        parts.append(_steps_table(contact.steps))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _points_table(document: EvidenceDocument) -> str:
    with_verdict = any(point.verdict for point in document.points)
    head = "<tr><th>Point</th><th>What the handler must be able to do</th><th>Steps</th>"
    head += "<th>Verdict</th></tr>" if with_verdict else "</tr>"
    rows = []
    for point in document.points:
        verdict = f"<td>{html_text(point.verdict)}</td>" if with_verdict else ""
        rows.append(
            f"<tr><td>{html_text(point.marking_point)}</td><td>{html_text(point.title)}</td>"
            f"<td>{point.steps}</td>{verdict}</tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _steps_table(steps: tuple[EvidenceStep, ...]) -> str:
    rows = ["<tr><th>Time (UTC)</th><th>Step</th><th>Marking points</th></tr>"]
    for step in steps:
        words = html_text(step.words)
        if step.reason:
            words += f"<br>Reason: {html_text(step.reason)}"
        if step.questions:
            asked = "".join(f"<li>{html_text(q)}</li>" for q in step.questions)
            words += f"<br>Questions asked:<ul>{asked}</ul>"
        rows.append(
            f"<tr><td>{step.at:%Y-%m-%d %H:%M:%S}</td><td>{words}</td>"
            f"<td>{html_text(', '.join(step.marks))}</td></tr>"
        )
    return f"<table>{''.join(rows)}</table>"
