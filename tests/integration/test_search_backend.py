"""Where the customer search differs by database (repository/search_backend.py): PostgreSQL
also asks pg_trgm, for the long names a second slip leaves close enough to show, about the
words as typed, through whichever of its two indexes suits the name index's size."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.dialects import postgresql

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.repository.search_backend import SMALL_NAME_INDEX_ROWS, PostgresSearch
from custinfo_tui.services.lookup import search_customers
from tests.support.actors import actor_for
from tests.support.database import statements_sent


def _asking_pg_trgm(sent: list[tuple[str, Any]]) -> list[str]:
    """The statements with pg_trgm's `%` operator (doubled for the driver's placeholders)."""
    return [statement for statement, _ in sent if "%%" in statement or " % " in statement]


def test_postgresql_finds_a_long_name_two_slips_away_and_asks_pg_trgm_only_then(
    postgres_engine: Engine,
) -> None:
    factory = uow_factory_for(postgres_engine)
    with factory() as uow:
        uow.customers.add_name_terms([("family", "fitzgerald"), ("family", "smith")])
        uow.commit()

    with statements_sent(postgres_engine) as statements, factory() as uow:
        two_slips = uow.customers.similar_terms(
            {"family": ["fitsgerrald"]}, two_slips=["fitsgerrald"]
        )
        prefix = uow.customers.similar_terms({"family": ["smi"]}, two_slips=["smi"])

    assert "fitzgerald" in two_slips["family"]  # 2 slips in 11 letters: 82% alike, shown
    assert "smith" not in prefix.get("family", [])  # the prefix query finds Smith as typed
    assert len(_asking_pg_trgm(statements)) == 1, "pg_trgm is asked about the long word only"


def test_the_length_window_is_the_searchs_own_threshold() -> None:
    from custinfo_tui.repository.search_backend import ALIKE_PERCENT, TRIGRAM_MIN_LENGTH
    from custinfo_tui.services.lookup import MIN_SCORE

    assert ALIKE_PERCENT == MIN_SCORE
    alike = ALIKE_PERCENT / 100
    shorter = TRIGRAM_MIN_LENGTH - 1
    assert (shorter - 2) / shorter < alike  # two slips in six letters: never shown
    assert alike <= (TRIGRAM_MIN_LENGTH - 2) / TRIGRAM_MIN_LENGTH  # in seven: shown


def test_a_name_joined_from_several_typed_words_is_not_asked_about_two_slips(
    postgres_demo_url: str,
) -> None:
    """ "chloe smith" is also read as one name, `chloesmith`: a slip per word typed, so
    pg_trgm is not asked about the joined word (it found only names like Smithson)."""
    postgres_engine = build_engine_for(postgres_demo_url)
    factory = uow_factory_for(postgres_engine)
    agent = actor_for(factory, "agent")
    with statements_sent(postgres_engine) as statements:
        search_customers(factory(), agent, "chloe smith")
        joined = _asking_pg_trgm(statements)
        search_customers(factory(), agent, "fitsgerrald")
        typed = _asking_pg_trgm(statements)

    postgres_engine.dispose()
    assert joined == []
    assert len(typed) == 1, "one query: the word typed as a surname and as a given name"


def _branches_run(engine: Engine, words: list[str]) -> dict[str, bool]:
    """EXPLAIN ANALYZE of the candidate-terms query: whether each pg_trgm branch ran,
    "each distinct key" (`key = term`, the small index's) and "trigram index"."""
    backend = PostgresSearch()
    long_words = backend.two_slip_words(words)
    statement = backend.candidate_terms("family", len(long_words)).params(
        backend.candidate_values("family", words, long_words)
    )
    sql = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        connection.execute(text("ANALYZE name_index_keys"))
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN ANALYZE {sql}"))
    # Each branch sits under its own "One-Time Filter" on the name index's row count.
    branches = plan.split("One-Time Filter: ")[1:]
    assert len(branches) == 2, plan
    return {
        "each distinct key" if " < " in branch.splitlines()[0] else "trigram index": (
            "never executed" not in branch
        )
        for branch in branches
    }


def test_pg_trgm_reads_each_distinct_key_while_the_name_index_is_small_and_trigrams_after(
    postgres_engine: Engine,
) -> None:
    factory = uow_factory_for(postgres_engine)
    with factory() as uow:
        uow.customers.add_name_terms([("family", "fitzgerald"), ("family", "fitzpatrick")])
        uow.commit()

    small = _branches_run(postgres_engine, ["fitsgerrald"])
    with postgres_engine.begin() as connection:  # distinct made-up keys, enough to be large
        connection.execute(
            text(
                "INSERT INTO name_index_keys (kind, key, term) "
                "SELECT 'given', md5(i::text), md5(i::text) FROM generate_series(1, :rows) i"
            ),
            # Half as many again: ANALYZE estimates the count from a sample of pages.
            {"rows": SMALL_NAME_INDEX_ROWS * 3 // 2},
        )
    large = _branches_run(postgres_engine, ["fitsgerrald"])

    assert small == {"each distinct key": True, "trigram index": False}
    assert large == {"each distinct key": False, "trigram index": True}
    with factory() as uow:  # and either way the long name two slips away is found
        assert (
            "fitzgerald"
            in uow.customers.similar_terms({"family": ["fitsgerrald"]}, two_slips=["fitsgerrald"])[
                "family"
            ]
        )
