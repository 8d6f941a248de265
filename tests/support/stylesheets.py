"""The console's CSS parsed once per test process, not once per console a test starts.

Textual parses the console's CSS (each widget's own and the console's: some 18 pieces)
when a console starts, and again whenever a screen brings CSS of its own or the theme is
set. Each time it builds a fresh stylesheet (`Stylesheet.reparse`), whose cache of parsed
pieces starts empty, so every piece was parsed again: about ten times in a short test
(357 parses in 36 lookup and record tests), and again for the next test's console.

`parse_css_once()` keeps the parsed rules for the test process, keyed as Textual keys
them plus the theme's variables, which the rules are parsed with. The rules are what Textual
parsed from the same text: only the parsing is not repeated. `CUSTINFO_TESTS_CSS=per-console
pytest` parses as Textual does.
"""

from __future__ import annotations

import os
from collections.abc import Hashable

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

#: Set to "per-console" to parse as Textual does.
CSS_VARIABLE = "CUSTINFO_TESTS_CSS"

_parsed = Stylesheet._parse_rules
_RULES: dict[Hashable, list[RuleSet]] = {}
#: The theme's variables as a key, for the variables object a stylesheet last had.
_VARIABLES: dict[int, tuple[dict[str, str], Hashable]] = {}


def _variables_key(stylesheet: Stylesheet) -> Hashable:
    variables = stylesheet._variables
    known = _VARIABLES.get(id(variables))
    if known is None or known[0] is not variables:
        known = (variables, tuple(sorted(variables.items())))
        _VARIABLES[id(variables)] = known
    return known[1]


def _parse_rules_once(
    self: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self))
    rules = _RULES.get(key)
    if rules is None:
        rules = _parsed(self, css, read_from, is_default_rules, tie_breaker, scope)
        _RULES[key] = rules
    return rules


def parse_css_once() -> None:
    """Parsed CSS kept for the test process (module docstring)."""
    if os.environ.get(CSS_VARIABLE) != "per-console":
        Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]
