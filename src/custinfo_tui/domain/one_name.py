"""A customer with one name only (a mononym): common in Indonesia and parts of India, and
taken by deed poll by some people in the UK.

Such a customer has no given name, and none is invented for them ("X", ".", the name said
twice), which would show on every letter and spoil the duplicate check. The handler says
so (the capture and edit forms' *One name only* box), and the one name is kept as the
family name: the name the lookup, the duplicate check and the name index file every
customer under first, the one a record is sorted and addressed by ("Dear Suharto"). The
given name is then empty: `full_name` shows the one name alone, never with a space
before it, and the record says *(one name only)* where the given name would be.
An empty given name without that choice is refused, as ever (docs/capture.md).
"""

from __future__ import annotations

GIVEN_NAME = "given_name"
FAMILY_NAME = "family_name"

#: The choice, as the forms and the read-back name it.
ONE_NAME_ONLY = "One name only"
#: Where the given name would be, on the record and in its history.
NO_GIVEN_NAME = "(one name only)"
#: Why the given-name box is closed while the choice is made (`FieldInput.close`).
GIVEN_NAME_NOT_ASKED = "One name only (see family name)"
#: What the handler asks at the family name's box once the choice is made, in place of the
#: surname question ("And your surname?"): the one name the person goes by.
ONE_NAME_QUESTION = "Can I take the name you go by, please?"
#: A given name sent with the choice: one or the other.
GIVEN_NAME_WITH_ONE_NAME = "leave it empty for a customer with one name only"


def full_name(given: str | None, family: str | None) -> str:
    """The customer's name as it is shown and said: "Budi Santoso"; for one name only, that
    name alone ("Suharto"), without a space before it."""
    return " ".join(part for part in (given, family) if part)


def has_one_name(given: str | None, family: str | None) -> bool:
    """Whether a customer's names (stored forms, None or empty where there is none) are one
    name only: a family name and no given name."""
    return bool(family) and not given
