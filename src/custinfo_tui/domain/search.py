"""What was typed in the one search box: a phone, an e-mail, a postcode, a reference or a name.

The lookup (MP-12) takes whatever the caller gives first. `parse_query` decides what it is
and puts it in the form the stored values are in, so the search compares like with like:
a phone as E.164, an e-mail lower-cased, a postcode in its standard form, a reference in
canonical form, a name as folded words plus any postcode area (`smith sw1a`).

While the handler is still typing, a value may be incomplete (`07700 90`,
`john.smith@exa`): those become prefixes to match from the start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import looks_like_outward_code, normalise_uk_postcode
from custinfo_tui.domain.reference import (
    CheckLetterWrong,
    missing_check_letter,
    normalise_reference,
    suggest_references,
    wrong_check_letter,
)
from custinfo_tui.domain.text import clean_free_text, fold_for_search
from custinfo_tui.domain.validation import FieldError

MAX_QUERY_LENGTH = 100
#: Fewer digits than this is too little of a phone number to search on.
MIN_PHONE_DIGITS = 6


class QueryKind(StrEnum):
    EMPTY = "empty"
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    REFERENCE = "reference"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    kind: QueryKind
    #: PHONE: E.164 (`exact`) or an E.164 prefix while typing. EMAIL: the lower-cased
    #: address or its start. POSTCODE: the standard form, or "SW1A " for an outward code.
    #: REFERENCE: the canonical reference.
    value: str = ""
    #: True when `value` is a whole value rather than the start of one.
    exact: bool = True
    #: NAME: the folded words, e.g. ("j", "smith"); `name_readings` says how to read them.
    words: tuple[str, ...] = ()
    #: NAME: a postcode area typed with the name ("smith sw1a"), as a postcode prefix.
    area: str | None = None
    #: REFERENCE: valid references one slip away, when the check letter does not match.
    suggestions: tuple[str, ...] = field(default=())
    #: Why nothing can be searched yet (a reference with a wrong check letter...).
    message: str | None = None
    #: REFERENCE, with `suggestions`: what to say, given those of them that are customers'
    #: (formatted); `message` is what it says with none.
    said: Callable[[Sequence[str]], str] | None = None


#: What the lookup says when nothing matches, by what was searched: "Check the spelling"
#: after a phone number or a reference sent the handler looking for a spelling mistake.
NO_MATCH = {
    QueryKind.NAME: "No customer matches. Check the spelling with the caller.",
    QueryKind.PHONE: "No customer has a phone number like this: read it back, or search by name.",
    QueryKind.EMAIL: "No customer has this e-mail address: spell it back, or search by name.",
    QueryKind.REFERENCE: "No customer has this reference: read it back, or search by name.",
    QueryKind.POSTCODE: "No customer has this postcode: read it back, or search by name.",
}


_PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")
_REFERENCE_SHAPE = re.compile(r"^[1-9]\d{3}\s?\d{4}\s?[A-Za-z]$")
_EIGHT_DIGITS = re.compile(r"^[1-9]\d{3}\s?\d{4}$")


def clean_query(raw: str) -> str:
    return clean_free_text(raw, MAX_QUERY_LENGTH)


def parse_query(raw: str) -> SearchQuery:
    """Decide what kind of search the text is, and normalise it for that search."""
    text = clean_query(raw)
    if not text:
        return SearchQuery(QueryKind.EMPTY)
    if "@" in text:
        return _email(text)
    if _REFERENCE_SHAPE.match(text):
        return _reference(text)
    if _EIGHT_DIGITS.match(text):
        # Eight digits: a reference without its letter, or the middle of a phone number.
        return SearchQuery(
            QueryKind.REFERENCE,
            value="",
            suggestions=tuple(suggest_references(text)),
            message=missing_check_letter(),
            said=missing_check_letter,
        )
    if _PHONE_CHARS.match(text) and sum(ch.isdigit() for ch in text) >= MIN_PHONE_DIGITS:
        return _phone(text)
    postcode = _postcode(text)
    if postcode is not None:
        return postcode
    return _name(text)


def _email(text: str) -> SearchQuery:
    compact = text.replace(" ", "")
    try:
        return SearchQuery(QueryKind.EMAIL, value=normalise_email(compact))
    except FieldError:
        # Still being typed ("john.smith@exa"): match addresses that start so.
        return SearchQuery(QueryKind.EMAIL, value=compact.lower(), exact=False)


def _reference(text: str) -> SearchQuery:
    try:
        return SearchQuery(QueryKind.REFERENCE, value=normalise_reference(text))
    except CheckLetterWrong as error:
        return SearchQuery(
            QueryKind.REFERENCE,
            suggestions=tuple(suggest_references(text)),
            message=str(error),
            said=wrong_check_letter,
        )
    except FieldError as error:  # digits of another script (Arabic-Indic), not 0-9
        return SearchQuery(QueryKind.REFERENCE, message=str(error))


def _phone(text: str) -> SearchQuery:
    try:
        return SearchQuery(QueryKind.PHONE, value=normalise_phone(text))
    except FieldError:
        digits = "".join(ch for ch in text if ch.isdigit())
        if text.lstrip().startswith("+"):
            prefix = "+" + digits
        elif digits.startswith("00"):
            prefix = "+" + digits[2:]
        elif digits.startswith("0"):
            prefix = "+44" + digits[1:]  # a UK number as dialled at home
        else:
            prefix = "+" + digits
        return SearchQuery(QueryKind.PHONE, value=prefix, exact=False)


def _postcode(text: str) -> SearchQuery | None:
    try:
        return SearchQuery(QueryKind.POSTCODE, value=normalise_uk_postcode(text))
    except FieldError:
        pass
    if " " not in text and looks_like_outward_code(text):
        # An outward code on its own ("SW1A"): every postcode in that district. The space
        # keeps SW1 from matching SW1A.
        return SearchQuery(QueryKind.POSTCODE, value=text.upper() + " ", exact=False)
    return None


def _name(text: str) -> SearchQuery:
    folded = fold_for_search(text)
    # "Smith, John", as a letter or a list writes it: the surname first, before the one
    # comma. Read as typed, it was a given name "smith" and a surname "john", found no one,
    # and the lookup offered a new customer.
    surname_first: list[str] = []
    before, comma, after = folded.partition(",")
    if comma and "," not in after and before.split() and after.split():
        surname_first, folded = before.split(), after
    words = folded.replace(",", " ").split()
    area = None
    # "smith sw1a" or "smith sw1a 1aa": a postcode after the name narrows it.
    if len(words) >= 3:
        try:
            area = normalise_uk_postcode(" ".join(words[-2:]))
            words = words[:-2]
        except FieldError:
            pass
    if area is None and len(words) >= 2 and looks_like_outward_code(words[-1]):
        area = words[-1].upper() + " "
        words = words[:-1]
    words = [w.strip(".'-") for w in [*words, *surname_first]]
    return SearchQuery(QueryKind.NAME, words=tuple(w for w in words if w), area=area)


# -- Typo tolerance ------------------------------------------------------------------------

#: Words shorter than this are matched as typed (or as a prefix): one slip in "Li" or "Jo"
#: could be almost any name.
MIN_FUZZY_LENGTH = 3
#: Longer keys are indexed as they are, without deletions (nobody types 30 letters wrong).
MAX_FUZZY_LENGTH = 30


def deletion_keys(term: str) -> set[str]:
    """The term and every string one character shorter: the symmetric-delete index keys.

    Two words within one edit (a wrong, missing, extra or swapped letter: `jonh`/`john`,
    `smiht`/`smith`, `smyth`/`smith`) always share at least one of these keys, so an
    equality lookup on an ordinary B-tree index finds every such candidate without
    scanning names (Garbe's SymSpell).
    """
    if not MIN_FUZZY_LENGTH <= len(term) <= MAX_FUZZY_LENGTH:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def word_similarity(typed: str, term: str) -> float:
    """0..100: how close a typed word is to a stored name key (100 = the same).

    Damerau-Levenshtein, so a swapped pair of letters is one slip, not two; a typed prefix
    of the key ("smi" for "smith") counts as close, for search as you type. Typing on two
    or more letters past the end of a key is another, longer name: "smithok" (for
    Smith-Okafor) is not close to "smith".
    """
    from rapidfuzz.distance import DamerauLevenshtein

    if term.startswith(typed):
        return 100.0 if term == typed else 90.0
    if typed.startswith(term) and len(typed) - len(term) > 1:
        return 0.0
    return DamerauLevenshtein.normalized_similarity(typed, term) * 100


# -- Reading the words of a name -----------------------------------------------------------

#: A surname is read from at most this many of the last words typed ("mhic giolla iosa").
MAX_SURNAME_WORDS = 4
#: How far below its surname's closeness a customer with one name only is ranked when a
#: given name was typed too ("budi suharto" for "Suharto"): a caller gives a given name the
#: record does not hold, which neither agrees nor disagrees, so they are listed (their one
#: name the same: 85) below every two-name customer whose given name fits too (90 at worst
#: for a slip in it); a slip in a one name of seven letters or more still clears the
#: lookup's `MIN_SCORE` (70.7 for "suhatro").
ONE_NAME_SHORTFALL = 15.0


@dataclass(frozen=True, slots=True)
class NameReading:
    """One way to read the words typed as a name: any given names, then the surname.

    Both are name keys (`domain.names.name_key`): "pieter van der berg" read with one given
    name is ("pieter", "vanderberg"). With no given name (`given == ""`) all the words are
    one name, a surname or failing that a given name ("zoe").
    """

    given: str
    family: str
    #: The surname with a one-letter word left out ("j smith" read as one name: "smith"). A
    #: stored key at least as close to one of these as to `family` is that surname with an
    #: initial before it, which narrows the surname ("j smith", "h mcdonald") rather than
    #: being forgiven as a slip of "jsmith" or "hmcdonald".
    without_initial: frozenset[str] = frozenset()
    #: How far below its closeness a name fitting this reading is ranked: a reading of the
    #: words in the other order (`readings_either_order`) ranks a name as typed first.
    shortfall: float = 0.0

    def family_similarity(self, family_key: str) -> float:
        """0..100: how close a stored surname key is to this reading's surname."""
        similarity = word_similarity(self.family, family_key)
        if any(word_similarity(w, family_key) >= similarity for w in self.without_initial):
            return 0.0
        return similarity

    def similarity(self, given_key: str, family_key: str) -> float:
        """0..100: how close a stored name is to this reading; the surname counts most."""
        family = self.family_similarity(family_key)
        if not self.given:
            return max(family, word_similarity(self.family, given_key) - 5) - self.shortfall
        if not given_key:  # one name only: the given name typed is not held, nor contradicted
            return family - ONE_NAME_SHORTFALL - self.shortfall
        given = word_similarity(self.given, given_key)
        return (family * 3 + given * 2) / 5 - self.shortfall

    def by_one_name(self, given_key: str) -> bool:
        """Whether a stored name fitting this reading best was found by its one name alone:
        a given name typed ("budi suharto") that a customer with one name only ("Suharto",
        domain/one_name.py) does not hold."""
        return bool(self.given) and not given_key


def name_readings(words: Sequence[str]) -> tuple[NameReading, ...]:
    """Every way to read the words as given names and then a surname of up to
    MAX_SURNAME_WORDS words, the longest surname first (for up to that many words, the
    whole as one name): "de la cruz" is "delacruz", ("de", "lacruz") or ("dela", "cruz").
    The search tries them all and ranks what each finds, so particles, Mac and Mc, Ó and
    Ní, hyphens and apostrophes are found typed with or without their spaces.
    """
    keys = [key for key in (name_key(word) for word in words) if key]
    readings = []
    for split in range(max(0, len(keys) - MAX_SURNAME_WORDS), len(keys)):
        family = keys[split:]
        without_initial = {
            "".join(family[:i] + family[i + 1 :])
            for i, key in enumerate(family)
            if len(key) == 1 and len(family) > 1
        }
        readings.append(
            NameReading("".join(keys[:split]), "".join(family), frozenset(without_initial))
        )
    return tuple(readings)


#: How far below the same name typed given name first a name typed surname first is ranked
#: ("smith john"): enough to order a tie, far less than any slip.
OTHER_ORDER_SHORTFALL = 1.0


def readings_either_order(words: Sequence[str]) -> tuple[NameReading, ...]:
    """`name_readings`, and for two words also the two the other way round: a handler types
    a name as the caller gives it, "smith john" as readily as "john smith", and the search
    read the first word only as a given name ("Smith, John", with its comma, is read surname
    first already: `parse_query`). The other order ranks just below the order typed
    (`OTHER_ORDER_SHORTFALL`). An initial is never a surname: "j smith" is read as typed
    only; "smith j" is J Smith too."""
    readings = name_readings(words)
    keys = [key for key in (name_key(word) for word in words) if key]
    if len(keys) != 2 or len(keys[0]) < 2:
        return readings
    surname, given = keys
    return (*readings, NameReading(given, surname, shortfall=OTHER_ORDER_SHORTFALL))
