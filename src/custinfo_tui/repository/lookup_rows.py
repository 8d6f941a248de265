"""What the lookup lists of a customer, and the statements that find them.

A lookup row (`CustomerRow`) is enough to pick the record and nothing more: one statement
of index walks and correlated subqueries, never ORM objects. `CustomerRepository` builds
its queries from these parts; services see `CustomerRow` and the opaque `CustomerQuery`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.repository.orm import Address, ContactPoint, Customer, ProcessingRestrictionRow


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer as the lookup lists them: enough to pick the record, nothing more."""

    id: int
    reference: str
    given_name: str
    family_name: str
    given_key: str
    family_key: str
    postcode: str | None
    phone: str | None
    date_of_birth: date | None = None
    #: For a merged record: the record it was merged into, which the lookup shows instead.
    merged_into_id: int | None = None
    #: Processing restricted (UK GDPR Art. 18) now: not listed for ordinary handlers.
    restricted: bool = False


#: The statuses the lookup's queries find: a merged record leads to the one it joined.
_FOUND_STATUSES = (CustomerStatus.ACTIVE, CustomerStatus.MERGED)


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """One way a search looks for customers, made by a `..._query` method of the
    repository and run with others in one statement by `CustomerRepository.find_all`:
    a name search asks several ways at once. Opaque to services.

    The statement is built from its `shape` alone, its values come in as parameters: a
    name search makes one of a few shapes, so `find_all` builds each once (building took
    longer than the database took to answer).
    """

    #: What the statement depends on besides the values: equal shapes, equal statements.
    shape: tuple[object, ...]
    #: The statement, its parameters' names starting with the prefix given.
    build: Callable[[str], Select[Any]]
    #: The parameters' values, by name without the prefix.
    values: dict[str, Any]


#: The highest code point: `prefix + KEY_CEILING` sorts after every key starting with prefix.
KEY_CEILING = "\U0010ffff"


#: The current postcode, one phone and whether processing is restricted, of the customer in
#: each lookup row: correlated subqueries on their customer_id indexes, built once (a
#: statement's parts are immutable).
_CURRENT_POSTCODE = (
    select(Address.postcode)
    .where(Address.customer_id == Customer.id, Address.is_current.is_(True))
    .order_by(Address.id.desc())
    .limit(1)
    .scalar_subquery()
)
_FIRST_PHONE = (
    select(ContactPoint.value)
    .where(ContactPoint.customer_id == Customer.id, ContactPoint.kind == "phone")
    .order_by(ContactPoint.is_primary.desc(), ContactPoint.id)
    .limit(1)
    .scalar_subquery()
)
_RESTRICTED = (
    select(ProcessingRestrictionRow.id)
    .where(
        ProcessingRestrictionRow.customer_id == Customer.id,
        ProcessingRestrictionRow.lifted_at.is_(None),
    )
    .exists()
)
LOOKUP_ROW = select(
    Customer.id,
    Customer.reference,
    Customer.given_name,
    Customer.family_name,
    Customer.given_key,
    Customer.family_key,
    _CURRENT_POSTCODE,
    _FIRST_PHONE,
    Customer.date_of_birth,
    Customer.merged_into_id,
    _RESTRICTED,
)


def active_query(
    condition: Any, limit: int | BindParameter[int], *, in_name_order: bool = True
) -> Select[Any]:
    """Active customers meeting `condition`, in name order, as lookup rows; merged ones
    too, whose names, reference and old details still lead to their survivor (MP-13).

    One query: the current postcode, one phone and the restriction flag come from
    correlated subqueries on their customer_id indexes, so no ORM objects or lazy loads
    are involved.
    """
    query = LOOKUP_ROW.where(condition, Customer.status.in_(_FOUND_STATUSES)).limit(limit)
    if in_name_order:
        query = query.order_by(Customer.family_key, Customer.given_key, Customer.id)
    return query


def starts_with(
    column: ColumnElement[str] | InstrumentedAttribute[str], name: str
) -> ColumnElement[bool]:
    """`column` starting with the prefix given as parameter `name` (`prefix_values`): a
    range on the column's index rather than LIKE, which SQLite and PostgreSQL both walk."""
    return (column >= bindparam(f"{name}_from")) & (column < bindparam(f"{name}_to"))


def prefix_values(name: str, prefix: str) -> dict[str, str]:
    """The parameters of `starts_with(column, name)` for `prefix`."""
    return {f"{name}_from": prefix, f"{name}_to": prefix + KEY_CEILING}


def narrowed(
    condition: ColumnElement[bool],
    prefix: str,
    *,
    given: bool,
    area: bool,
    moved_from: bool = False,
    or_none: bool = False,
) -> ColumnElement[bool]:
    """`condition`, narrowed (when `given`) to given names starting with the parameter
    `{prefix}given` (with `or_none`, or none held: one name only, domain/one_name.py) and
    (when `area`) to customers whose current postcode starts with the parameter
    `{prefix}area` (`prefix_values` gives their values); with `moved_from`, to those with a
    previous address there instead."""
    if given:
        given_fits = starts_with(Customer.given_key, f"{prefix}given")
        if or_none:
            given_fits = given_fits | (Customer.given_key == "")
        condition = condition & given_fits
    if area:
        within = in_postcode_area(f"{prefix}area", current=not moved_from)
        condition = condition & Customer.id.in_(within)
    return condition


def narrowed_values(given_prefix: str | None, postcode_prefix: str | None) -> dict[str, str]:
    """The parameters of `narrowed(..., given=bool(given_prefix), area=bool(postcode_prefix))`
    for these prefixes, named without the query's prefix."""
    values: dict[str, str] = {}
    if given_prefix:
        values |= prefix_values("given", given_prefix)
    if postcode_prefix:
        values |= prefix_values("area", postcode_prefix)
    return values


def in_postcode_area(name: str, *, current: bool = True) -> Any:
    """Ids of customers whose current postcode (or, not `current`, a previous one: an
    address they moved from) starts with the parameter `name` (a range scan,
    `starts_with`)."""
    return select(Address.customer_id).where(
        Address.is_current.is_(current), starts_with(Address.postcode, name)
    )


def each_of(name: str) -> BindParameter[Any]:
    """A list parameter, for `IN`: one placeholder per value when the statement is sent."""
    return bindparam(name, expanding=True)


def limit_of(prefix: str) -> BindParameter[int]:
    """The parameter `{prefix}limit`: how many rows a query returns at most."""
    return bindparam(f"{prefix}limit", type_=Integer)


#: `find_all_statement`'s statements, by the shapes of the queries they join, in order.
_FIND_ALL: dict[tuple[tuple[object, ...], ...], Select[Any] | CompoundSelect[Any]] = {}


def find_all_statement(queries: list[CustomerQuery]) -> Select[Any] | CompoundSelect[Any]:
    """The queries as one statement (UNION ALL), built once per sequence of shapes; query
    n's parameters are named `q{n}_...`."""
    shapes = tuple(query.shape for query in queries)
    statement = _FIND_ALL.get(shapes)
    if statement is None:
        built = [query.build(f"q{n}_") for n, query in enumerate(queries)]
        statement = (
            built[0] if len(built) == 1 else union_all(*(st.subquery().select() for st in built))
        )
        _FIND_ALL[shapes] = statement
    return statement
