"""The keys of the DPO's list of requests (screens/subject_access.py), after the table's
Enter (screens/subject_access_table.py), by how often they are wanted: where the footer has
no room at 80 columns for all (a long Enter, and L), the last leave it first
(widgets/footer.py), and the command palette still lists them. X is what Enter does for
access; E is used once a request at most. I and T are named on the line under the list
when the highlighted request needs them, and listed in the palette.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: The keys that act on the highlighted request: offered while one is listed. With none,
#: the footer named A, X and E all the same, and each answered "Choose a request first."
#: where there was none to choose (as the Breaches section's keys had).
ON_A_REQUEST = frozenset({"answered", "export", "extend", "identity", "tell"})

SUBJECT_ACCESS_KEYS: list[BindingType] = [
    Binding("escape", "app.pop_screen", "Back", tooltip="Back to the desk", id="back"),
    Binding("n", "new_request", "New", tooltip="Log a request: of access, or another right"),
    # "Answer", not "Answered": room in the footer.
    Binding(
        "a",
        "answered",
        "Answer",
        tooltip="Mark the request answered (pack sent) or refused",
    ),
    Binding("r", "restrict", "Restrict", tooltip="Restrict processing of a record"),
    # Offered while a record is restricted (check_action): with none, it could only refuse.
    Binding("l", "lift", "Lift", tooltip="Lift a record's restriction", id="lift"),
    Binding("x", "export", "Export", tooltip="Write the request's pack to a file"),
    Binding("e", "extend", "Extend", tooltip="Extend the request once, with a reason"),
    # Named on the line under the list when the highlighted request needs them.
    Binding(
        "i",
        "identity",
        "Identity checked",
        tooltip="Record how the identity of a caller taken unverified was checked",
        show=False,
    ),
    Binding(
        "t",
        "tell",
        "Recipients told",
        tooltip="Record a recipient of the record's data told of the erasure, rectification "
        "or restriction (Art. 19), or why telling them is impossible or disproportionate",
        show=False,
    ),
    # Last: the footer has no room for it at 80 columns; the palette lists it.
    Binding(
        "f4",
        "answered_too",
        "Answered too",
        tooltip="List answered and refused requests too, with the pack each was sent "
        "(F4 again hides them)",
    ),
]
