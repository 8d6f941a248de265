"""The one search box works out what was typed (MP-12)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.search import QueryKind, SearchQuery, parse_query


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("", SearchQuery(QueryKind.EMPTY), id="empty"),
        pytest.param(" \t\n", SearchQuery(QueryKind.EMPTY), id="blank"),
        pytest.param("07700 900123", SearchQuery(QueryKind.PHONE, "+447700900123"), id="mobile"),
        pytest.param("+44 7700 900123", SearchQuery(QueryKind.PHONE, "+447700900123"), id="intl"),
        pytest.param("(020) 7946 0958", SearchQuery(QueryKind.PHONE, "+442079460958"), id="london"),
        pytest.param(
            "07700 90", SearchQuery(QueryKind.PHONE, "+44770090", exact=False), id="phone-typing"
        ),
        pytest.param(
            "0044 7700", SearchQuery(QueryKind.PHONE, "+447700", exact=False), id="00-prefix"
        ),
        pytest.param(
            "John.Smith1@Example.com",
            SearchQuery(QueryKind.EMAIL, "john.smith1@example.com"),
            id="email",
        ),
        pytest.param(
            "john.smith@exa",
            SearchQuery(QueryKind.EMAIL, "john.smith@exa", exact=False),
            id="email-typing",
        ),
        pytest.param("sw1a1aa", SearchQuery(QueryKind.POSTCODE, "SW1A 1AA"), id="postcode"),
        pytest.param(
            "SW1A", SearchQuery(QueryKind.POSTCODE, "SW1A ", exact=False), id="outward-code"
        ),
        pytest.param("1001 2345 P", SearchQuery(QueryKind.REFERENCE, "10012345P"), id="reference"),
        pytest.param("10012345p", SearchQuery(QueryKind.REFERENCE, "10012345P"), id="ref-lower"),
        pytest.param("smith", SearchQuery(QueryKind.NAME, words=("smith",)), id="surname"),
        pytest.param("J Smith", SearchQuery(QueryKind.NAME, words=("j", "smith")), id="initial"),
        pytest.param("Zoë", SearchQuery(QueryKind.NAME, words=("zoe",)), id="accent"),
        pytest.param(
            "smith sw1a",
            SearchQuery(QueryKind.NAME, words=("smith",), area="SW1A "),
            id="name-and-area",
        ),
        pytest.param(
            "john smith se1 2qt",
            SearchQuery(QueryKind.NAME, words=("john", "smith"), area="SE1 2QT"),
            id="name-and-postcode",
        ),
        pytest.param(
            "O'Neill-Ní Bhriain",
            SearchQuery(QueryKind.NAME, words=("o'neill-ni", "bhriain")),
            id="apostrophe-hyphen",
        ),
        pytest.param(
            "'; DROP TABLE customers; --",
            SearchQuery(QueryKind.NAME, words=(";", "drop", "table", "customers;")),
            id="sql-injection-is-just-words",
        ),
        pytest.param(
            "[bold]Smith", SearchQuery(QueryKind.NAME, words=("[bold]smith",)), id="markup"
        ),
        pytest.param(
            "Smith, John", SearchQuery(QueryKind.NAME, words=("john", "smith")), id="surname-first"
        ),
        pytest.param(
            "SMITH, J", SearchQuery(QueryKind.NAME, words=("j", "smith")), id="sn-initial"
        ),
        pytest.param(
            "smith, john se1",
            SearchQuery(QueryKind.NAME, words=("john", "smith"), area="SE1 "),
            id="surname-first-and-area",
        ),
        pytest.param(
            "O'Neill-Ní Bhriain, Siobhán",
            SearchQuery(QueryKind.NAME, words=("siobhan", "o'neill-ni", "bhriain")),
            id="surname-of-two-words-first",
        ),
        pytest.param("Smith,", SearchQuery(QueryKind.NAME, words=("smith",)), id="comma-alone"),
    ],
)
def test_what_was_typed_is_recognised(typed: str, expected: SearchQuery) -> None:
    assert parse_query(typed) == expected


def test_a_reference_with_the_wrong_check_letter_offers_the_right_one() -> None:
    query = parse_query("1001 2345 Q")
    assert query.kind is QueryKind.REFERENCE and query.value == ""
    assert query.message is not None and "check letter" in query.message
    assert "10012345P" in query.suggestions


def test_eight_digits_without_a_letter_suggest_the_reference() -> None:
    query = parse_query("10012345")
    assert query.kind is QueryKind.REFERENCE
    assert query.suggestions == ("10012345P",)


@given(st.text(max_size=200))
def test_any_text_is_understood_as_something_and_never_raises(text: str) -> None:
    query = parse_query(text)
    assert isinstance(query.kind, QueryKind)
    assert len(query.value) <= 200
