"""Countries (MP-05): the one an address is in, typed as a code or a name ("FR", "France",
"england"), kept as its ISO 3166-1 alpha-2 code ("FR") and shown by its English name.

The codes are those `normalise_country_code` knows (phonenumbers' list of places); the names
come from the bundled `data/country_names.txt`, phonenumbers' own English names, read once
on first use (its geocoder, which holds them, costs about 100 MB to load). Whether an
address is in the UK decides which postcode it takes (domain/address_country.py).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from custinfo_tui.domain.postcode import normalise_country_code
from custinfo_tui.domain.text import collapse_spaces, fold_for_search
from custinfo_tui.domain.validation import FieldError

#: The United Kingdom's code: an address held without a country is in the UK.
UNITED_KINGDOM = "GB"

#: Code, a space, the English name, one a line after a header of comments.
COUNTRY_NAMES_RESOURCE = "country_names.txt"

#: What callers say for a country besides its name (as `_folded` folds them).
_ALIASES = {
    "uk": UNITED_KINGDOM,
    "u k": UNITED_KINGDOM,
    "great britain": UNITED_KINGDOM,
    "britain": UNITED_KINGDOM,
    "england": UNITED_KINGDOM,
    "scotland": UNITED_KINGDOM,
    "wales": UNITED_KINGDOM,
    "northern ireland": UNITED_KINGDOM,
    "usa": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
}

_UNKNOWN = (
    "That is not a country we know: give its name or two-letter code (for example France or FR)."
)


@cache
def country_names() -> dict[str, str]:
    """Code -> English name, from the bundled list, read once."""
    text = (files("custinfo_tui") / "data" / COUNTRY_NAMES_RESOURCE).read_text(encoding="utf-8")
    rows = (line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {code: name for code, name in rows}


def _folded(name: str) -> str:
    """A country's name as compared: no accents or case, "&" as "and", no leading "the",
    dots and commas as spaces ("U.K." -> "u k")."""
    for said, meant in (("&", " and "), (".", " "), (",", " "), ("’", "'")):
        name = name.replace(said, meant)
    return fold_for_search(name).removeprefix("the ")


@cache
def _codes_by_name() -> dict[str, str]:
    return {_folded(name): code for code, name in country_names().items()} | _ALIASES


def country_name(code: str) -> str:
    """A country's English name ("FR" -> "France"); the code itself for one not listed (an
    erased record's empty country, say)."""
    return country_names().get(code, code)


def normalise_country(raw: str) -> str:
    """The ISO code of the country typed as a two-letter code ("fr", "UK" for GB) or by its
    English name, any case and accents ("france", "Cote d'Ivoire", "England" for GB);
    FieldError otherwise."""
    text = collapse_spaces(raw)
    if not text:
        raise FieldError("Enter the country.")
    if len(text) == 2 and text.isascii() and text.isalpha():
        try:
            return normalise_country_code(text)
        except FieldError:
            raise FieldError(_UNKNOWN) from None
    code = _codes_by_name().get(_folded(text))
    if code is None:
        raise FieldError(_UNKNOWN)
    return code


def in_the_uk(code: str | None) -> bool:
    """Whether an address with this country (None or empty: none held) is in the UK."""
    return not code or code == UNITED_KINGDOM
