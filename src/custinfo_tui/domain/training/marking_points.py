"""The marking points' titles, as the requirements put them (the debrief shows them).

The IDs never change meaning (docs/requirements.md); the titles are the first half of each
point's row: what the handler must be able to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

TITLES: Mapping[str, str] = MappingProxyType(
    {
        "MP-01": "Capture name, contact details and the nature of the enquiry on a template",
        "MP-02": "Use appropriate questioning",
        "MP-03": "Read details back and get the caller's confirmation before saving",
        "MP-04": "Double-check critical data (double entry, cross-check with records)",
        "MP-05": "Enter data without errors, in standard formats",
        "MP-06": "Obtain explicit consent before recording personal data; marketing separate",
        "MP-07": "Know the lawful basis; special category data needs an extra condition",
        "MP-08": "Verify the caller's identity and any representative's authority first",
        "MP-09": "Access records only on a need-to-know basis, with a reason",
        "MP-10": "Leave an audit trail; corrections logged",
        "MP-11": "Store information securely and never leave it unattended",
        "MP-12": "Retrieve customer history quickly to resolve a query",
        "MP-13": "Update records promptly, the existing record rather than a duplicate",
        "MP-14": "Report discrepancies or errors to the right person",
        "MP-15": "Treat personal, transactional, enquiry and special-category data differently",
        "MP-16": "Handle data subject rights: access, rectification, erasure, deletion",
        "MP-17": "Share with third parties only through the right channel, per policy",
        "MP-18": "Log every interaction promptly, on any channel",
        "MP-19": "Handle complaints in a structured way (listen, apologise, solve, follow up)",
        "MP-20": "Recognise and report a data breach",
        "MP-21": "Show evidence of their practice, anonymised",
    }
)


def title_of(point: str) -> str:
    """The title of a marking point; the code itself for one the requirements do not name."""
    return TITLES.get(point, point)
