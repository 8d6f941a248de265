"""How likely an existing customer is the person being captured (MP-13): pure scoring.

A name alone or a shared phone alone (families share landlines) is worth a look; a name
with a date of birth, phone or e-mail is most likely the same person. The capture service
finds the candidates and says what each shares with the new details; this scores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from custinfo_tui.domain.search import word_similarity

#: Word similarities remembered: a customer base repeats its names, and the import scores
#: hundreds of thousands of pairs of them (services/legacy_import_batch.py).
_word_similarity = lru_cache(maxsize=65_536)(word_similarity)

#: A candidate scoring this much (0..100) is a strong match: the save needs a reason.
STRONG_MATCH = 60
#: Candidates scoring less are not shown at all.
WEAK_MATCH = 30

# What each kind of agreement adds to a candidate's score.
_SAME_NAME, _SIMILAR_NAME = 40, 30
_SAME_DATE_OF_BIRTH = 30
_SAME_CONTACT = 35
_SAME_POSTCODE = 15
#: Name similarity (0..100) counted as "a similar name": a slip or two. Only the same name
#: keys (100) are "the same name", so a reason never calls Jonathon "the same" as Jonathan.
_NAME_SIMILAR = 85.0


@dataclass(frozen=True, slots=True)
class Agreement:
    """What an existing customer shares with the details being captured."""

    #: 0..100 (`name_similarity`), or None when no family name was typed.
    name_similarity: float | None = None
    #: Only the family name was compared (no given name typed, or none valid yet, or one
    #: of the two has one name only): the reason says "same family name", never "same
    #: name" (`family_name_only`).
    family_name_only: bool = False
    #: The customer has one name only and a given name was typed that they do not hold,
    #: as the lookup marks them ("Suharto" for "Budi Suharto": `services.lookup_matches`).
    #: Their one name agreeing is a name agreeing, worth what the family name is and never
    #: strong alone; the score says so (`DuplicateScore.by_one_name`).
    by_one_name: bool = False
    same_date_of_birth: bool = False
    same_phone: bool = False
    same_email: bool = False
    same_postcode: bool = False


@dataclass(frozen=True, slots=True)
class DuplicateScore:
    """0..100, with what it was made of in words ("same name", "same phone"...)."""

    score: int
    reasons: tuple[str, ...]
    #: The name agreed by the customer's one name alone, a given name typed that they do
    #: not hold (`Agreement.by_one_name`): the candidate is marked so, as on the lookup, and
    #: listed after those of the same score whose given name was compared too.
    by_one_name: bool = False

    @property
    def shown(self) -> bool:
        """Worth showing beside the form."""
        return self.score >= WEAK_MATCH

    @property
    def strong(self) -> bool:
        """Most likely the same person: creating another record needs a reason."""
        return self.score >= STRONG_MATCH


def name_similarity(given: str, family: str, their_given: str, their_family: str) -> float:
    """0..100: how close typed name keys are to a customer's; the family name weighs 3 to
    the given name's 2, and counts alone when either has no given name (none typed yet, or
    one name only: domain/one_name.py), so "Suharto" and "Budi Suharto" share a family
    name rather than differ by a whole given name."""
    similarity = _word_similarity(family, their_family)
    if given and their_given:
        similarity = (similarity * 3 + _word_similarity(given, their_given) * 2) / 5
    return similarity


def family_name_only(given: str, their_given: str, *, one_name_only: bool) -> bool:
    """Whether only the family names were compared (the reason then says "same family
    name"): a given name is missing on one side. Two customers with one name only each
    (`one_name_only` says the details compared are one name only: no given name is coming)
    are compared on their whole name."""
    if given and their_given:
        return False
    return not (one_name_only and not given and not their_given)


def score_duplicate(agreement: Agreement) -> DuplicateScore:
    """The candidate's score: each kind of agreement adds its points, up to 100."""
    points, reasons = 0, list[str]()
    similarity = agreement.name_similarity
    name = "family name" if agreement.family_name_only else "name"
    if similarity is not None and similarity >= 100.0:
        points, reasons = points + _SAME_NAME, [*reasons, f"same {name}"]
    elif similarity is not None and similarity >= _NAME_SIMILAR:
        points, reasons = points + _SIMILAR_NAME, [*reasons, f"similar {name}"]
    by_one_name = agreement.by_one_name and bool(reasons)
    if agreement.same_date_of_birth:
        points, reasons = points + _SAME_DATE_OF_BIRTH, [*reasons, "same date of birth"]
    if agreement.same_phone:
        points, reasons = points + _SAME_CONTACT, [*reasons, "same phone"]
    if agreement.same_email:
        points, reasons = points + _SAME_CONTACT, [*reasons, "same e-mail"]
    if agreement.same_postcode:
        points, reasons = points + _SAME_POSTCODE, [*reasons, "same postcode"]
    return DuplicateScore(score=min(points, 100), reasons=tuple(reasons), by_one_name=by_one_name)
