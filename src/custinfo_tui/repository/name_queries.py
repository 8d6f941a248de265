"""The lookup's queries by name (services/lookup.py): customers by their family and given
name keys, by their given name keys alone, or by the start of their names. Each is a
`CustomerQuery` (repository/lookup_rows.py), which `CustomerRepository.find_all` runs with
the search's other queries in one statement; None where there is nothing to look for.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from custinfo_tui.repository.lookup_rows import (
    CustomerQuery,
    active_query,
    each_of,
    limit_of,
    narrowed,
    narrowed_values,
    prefix_values,
    starts_with,
)
from custinfo_tui.repository.orm import Address, Customer


class NameQueries:
    """The customers repository's queries by name: built from the keys asked for alone,
    they read nothing until `find_all` runs them."""

    def name_keys_query(
        self,
        families: Collection[str],
        givens: Collection[str] | None,
        limit: int,
        *,
        given_prefix: str | None = None,
        postcode_prefix: str | None = None,
        moved_from: bool = False,
        towns: Collection[str] = (),
        one_name_too: bool = False,
    ) -> CustomerQuery | None:
        """Active customers whose family key is one of `families` (and given key one of
        `givens`, or starting with `given_prefix`; living in one of `towns`): the
        (family_key, given_key) index, then each candidate's address by customer_id.
        None when there is nothing to look for. `moved_from`: the postcode prefix is of a
        previous address; `one_name_too`: no given name held passes the prefix (`narrowed`)."""
        if not families or (givens is not None and not givens):
            return None
        by_givens, in_towns = givens is not None, bool(towns)
        given, area = bool(given_prefix), bool(postcode_prefix)
        one_name = given and one_name_too

        def build(prefix: str) -> Select[Any]:
            families = each_of(f"{prefix}families")
            condition: ColumnElement[bool] = Customer.family_key.in_(families)
            if by_givens:
                condition = condition & Customer.given_key.in_(each_of(f"{prefix}givens"))
            condition = narrowed(
                condition, prefix, given=given, area=area, moved_from=moved_from, or_none=one_name
            )
            if in_towns:
                condition = condition & (
                    select(Address.id)
                    .where(
                        Address.customer_id == Customer.id,
                        Address.is_current.is_(True),
                        Address.town_key.in_(each_of(f"{prefix}towns")),
                    )
                    .exists()
                )
            return active_query(condition, limit_of(prefix))

        values: dict[str, Any] = {
            "families": list(families),
            "limit": limit,
            **narrowed_values(given_prefix, postcode_prefix),
        }
        if givens is not None:
            values["givens"] = list(givens)
        if towns:
            values["towns"] = list(towns)
        shape = ("name keys", by_givens, given, area, moved_from, in_towns, one_name)
        return CustomerQuery(shape, build, values)

    def given_keys_query(
        self,
        givens: Collection[str],
        limit: int,
        *,
        postcode_prefix: str | None = None,
        moved_from: bool = False,
    ) -> CustomerQuery | None:
        """Active customers whose given key is one of `givens` (the given_key index)."""
        if not givens:
            return None
        area = bool(postcode_prefix)

        def build(prefix: str) -> Select[Any]:
            givens_in = Customer.given_key.in_(each_of(f"{prefix}givens"))
            condition = narrowed(givens_in, prefix, given=False, area=area, moved_from=moved_from)
            return active_query(condition, limit_of(prefix))

        values = {"givens": list(givens), "limit": limit, **narrowed_values(None, postcode_prefix)}
        return CustomerQuery(("given keys", area, moved_from), build, values)

    def name_prefix_query(
        self,
        family_prefix: str,
        given_prefix: str | None,
        limit: int,
        *,
        postcode_prefix: str | None = None,
        moved_from: bool = False,
        one_name_too: bool = False,
    ) -> CustomerQuery:
        """Active customers whose folded family name (and given name) start with the prefixes;
        with `one_name_too`, those holding no given name too (one name only, `narrowed`).

        Range conditions rather than LIKE, so SQLite and PostgreSQL both walk the
        (family_key, given_key) index instead of scanning the table.
        """
        given, area = bool(given_prefix), bool(postcode_prefix)
        one_name = given and one_name_too

        def build(prefix: str) -> Select[Any]:
            family = starts_with(Customer.family_key, f"{prefix}family")
            condition = narrowed(
                family, prefix, given=given, area=area, moved_from=moved_from, or_none=one_name
            )
            return active_query(condition, limit_of(prefix))

        values = {
            "limit": limit,
            **prefix_values("family", family_prefix),
            **narrowed_values(given_prefix, postcode_prefix),
        }
        return CustomerQuery(("name prefix", given, area, moved_from, one_name), build, values)
