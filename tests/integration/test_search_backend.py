"""Where the customer search differs by database (repository/search_backend.py): PostgreSQL
also asks pg_trgm, for the long names a second slip leaves close enough to show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event

from custinfo_tui.composition import build_engine_for, uow_factory_for


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = build_engine_for(postgres_url)
    yield engine
    engine.dispose()


def test_postgresql_finds_a_long_name_two_slips_away_and_asks_pg_trgm_only_then(
    postgres_engine: Engine,
) -> None:
    factory = uow_factory_for(postgres_engine)
    with factory() as uow:
        uow.customers.add_name_terms([("family", "fitzgerald"), ("family", "smith")])
        uow.commit()
    statements: list[str] = []
    event.listen(
        postgres_engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: statements.append(statement),
    )

    with factory() as uow:
        two_slips = uow.customers.similar_terms("family", ["fitsgerrald"])
        prefix = uow.customers.similar_terms("family", ["smi"])

    assert "fitzgerald" in two_slips  # 2 slips in 11 letters: 82% alike, shown
    assert "smith" not in prefix  # the prefix query finds Smith as "smi" is typed
    trigram = [statement for statement in statements if "%%" in statement or " % " in statement]
    assert len(trigram) == 1, "pg_trgm is asked about the long word only"


def test_the_length_window_is_the_searchs_own_threshold() -> None:
    from custinfo_tui.repository.search_backend import ALIKE_PERCENT, TRIGRAM_MIN_LENGTH
    from custinfo_tui.services.lookup import MIN_SCORE

    assert ALIKE_PERCENT == MIN_SCORE
    alike = ALIKE_PERCENT / 100
    shorter = TRIGRAM_MIN_LENGTH - 1
    assert (shorter - 2) / shorter < alike  # two slips in six letters: never shown
    assert alike <= (TRIGRAM_MIN_LENGTH - 2) / TRIGRAM_MIN_LENGTH  # in seven: shown
