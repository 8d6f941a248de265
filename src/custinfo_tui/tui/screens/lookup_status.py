"""The line the lookup shows over its results: how many match, or why none do and what to
do next (MP-12, MP-13).

With no match for a name, a role that takes new customers is told of F6 as well: "No
customer matches" said nothing of what to do once the spelling was checked, and a
first-day handler went looking for the key. It is said after the spelling, never
instead of it, so the record a caller already has is looked for first (MP-13); a role
that takes no new customers (the DPO) is not sent to a key it does not have.
"""

from __future__ import annotations

from custinfo_tui.domain.customers import LookupResult
from custinfo_tui.domain.search import NO_MATCH, QueryKind

#: The lookup service returns at most this many rows.
MAX_SHOWN = 20
#: How to pick from the matches, said beside their count.
CHOOSE_HINT = "Down to choose."
#: Said after "Check the spelling with the caller" where the role takes new customers.
NEW_CUSTOMER_HINT = "or F6 captures a new customer."


def result_message(found: LookupResult, *, takes_new_customers: bool) -> str:
    """What the status line says of `found`; `takes_new_customers`: the operator's role
    may capture a new customer (F6), as `ConsoleCapabilities` says."""
    if found.message:  # with its "Did you mean ...?" (domain/reference.py)
        # Matches beside the message (another record with the phone is restricted): counted.
        count = f" {count_message(len(found.matches), found.kind)}" if found.matches else ""
        return found.message + count
    return count_message(len(found.matches), found.kind, takes_new_customers=takes_new_customers)


def count_message(count: int, kind: QueryKind, *, takes_new_customers: bool = False) -> str:
    if count == 0:  # said for what was searched: a number has no spelling
        return _no_match(kind, takes_new_customers=takes_new_customers)
    if count == 1:
        return f"1 customer matches. {CHOOSE_HINT}"
    if count >= MAX_SHOWN:
        return f"Showing the first {MAX_SHOWN} matches; type more to narrow. {CHOOSE_HINT}"
    return f"{count} customers match. {CHOOSE_HINT}"


def _no_match(kind: QueryKind, *, takes_new_customers: bool) -> str:
    """A name's no-match names F6 for a role that has it. A number, an address or a
    reference sends the handler to search by name first, whose no-match then names it."""
    said = NO_MATCH.get(kind, NO_MATCH[QueryKind.NAME])
    if takes_new_customers and said == NO_MATCH[QueryKind.NAME]:
        return f"{said.removesuffix('.')}, {NEW_CUSTOMER_HINT}"
    return said
