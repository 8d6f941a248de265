"""The two forms of an evidence export (MP-21): JSON, and a self-contained printable HTML
document for a learner's portfolio (no script, no outside resource, every text inert and
escaped: domain/document_text.py).

Pure: they render an `EvidenceDocument`, which holds no personal value. Its words can still
hold stored text (an operator's name, an event's details), which may have reached the
database around the validators.
"""

from __future__ import annotations

from custinfo_tui.domain.document_text import html_text, json_document
from custinfo_tui.domain.evidence import EvidenceDocument
from custinfo_tui.domain.evidence_contacts import EvidenceContact, EvidenceStep

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; } h3 { font-size: 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.note { color: #444; font-size: 0.9em; }
@media print { h2, h3 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def evidence_json(document: EvidenceDocument) -> str:
    """The export as JSON: the document's fields, times in ISO 8601, with the counts of
    contacts and steps; what only a run has (a verdict, the score) is left out of live
    work rather than given empty."""
    return json_document(document.model_dump(mode="json", exclude_none=True)) + "\n"


def evidence_html(document: EvidenceDocument) -> str:
    """The export as one HTML page that prints well and needs nothing else to open. An
    export with nothing in it says so, and no empty table."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Evidence of practice</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Evidence of practice (anonymised)</h1>",
        _about(document),
        f'<p class="note">{html_text(document.anonymisation)}</p>',
    ]
    if document.points:
        parts += ["<h2>Marking points</h2>", _points_table(document)]
        parts += _verdicts(document)
    if document.contacts:
        parts.append(f'<p class="note">{html_text(document.legend)}</p>')
    else:
        parts.append(f"<p>No logged steps in this {_period(document)}.</p>")
    for contact in document.contacts:
        parts.append(f"<h2>{html_text(contact_heading(contact))}</h2>")
        parts.append(_steps_table(contact.steps))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


#: What each kind of contact is, in its heading.
_WHAT = {
    "call": "call",
    "record": "work outside a call",
    "searches": "searches outside a call",
    "breach": "work on a reported personal-data breach",
    "request": "work on a data subject's request",
}


def contact_heading(contact: EvidenceContact) -> str:
    """ "Contact 1: call with Customer A", "Breach 2: work on a reported personal-data
    breach", "Request 3: work on a data subject's request about Customer B"."""
    what = _WHAT[contact.kind]
    joined = "about" if contact.kind == "request" else "with"
    who = f" {joined} {contact.customer}" if contact.customer else ""
    return f"{contact.label}: {what}{who}"


def _about(document: EvidenceDocument) -> str:
    """Whose evidence, what it covers, a run's score and how it ended, when produced."""
    lines = [
        f"Operator: {html_text(document.operator)}",
        f"Covers: {html_text(document.covers)}",
    ]
    if document.score is not None:
        lines.append(f"Score: {html_text(document.score)}")
    if document.ended is not None:
        lines.append(f"How it ended: {html_text(document.ended)}")
    lines.append(f"Produced: {document.generated_at:%Y-%m-%d %H:%M} UTC")
    return f"<p>{'<br>'.join(lines)}</p>"


def _period(document: EvidenceDocument) -> str:
    return "run" if document.source == "training_run" else "period"


def _points_table(document: EvidenceDocument) -> str:
    """A run's points with their verdicts and the steps for and against each; live work's
    with the steps that are evidence of each."""
    run = document.source == "training_run"
    head = "<tr><th>Point</th><th>What the handler must be able to do</th>"
    head += (
        "<th>Verdict</th><th>Steps for</th><th>Steps against</th></tr>"
        if run
        else "<th>Steps showing it</th></tr>"
    )
    rows = []
    for point in document.points:
        counts = (
            f"<td>{html_text(point.verdict or '')}</td><td>{point.steps_towards or 0}</td>"
            f"<td>{point.steps_against or 0}</td>"
            if run
            else f"<td>{point.steps}</td>"
        )
        rows.append(
            f"<tr><td>{html_text(point.marking_point)}</td><td>{html_text(point.title)}</td>"
            f"{counts}</tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _verdicts(document: EvidenceDocument) -> list[str]:
    """A run's points whose verdict the scorer explains: what it rests on, and what should
    have happened."""
    explained = [p for p in document.points if p.note or p.should_have or p.trainer_note]
    if not explained:
        return []
    parts = ["<h2>What each verdict rests on</h2>"]
    for point in explained:
        title = f"{point.marking_point} {point.title}: {point.verdict or ''}"
        parts.append(f"<h3>{html_text(title)}</h3>")
        parts += [f"<p>{html_text(said)}</p>" for said in (point.note, point.should_have) if said]
        if point.trainer_note:
            parts.append(f"<p>Trainer's note: {html_text(point.trainer_note)}</p>")
    return parts


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
