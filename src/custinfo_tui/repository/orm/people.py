"""Operators, and customers with their contact points, addresses, representatives,
consents and field history: who works the console and whom it holds data about."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.repository.orm.base import Base
from custinfo_tui.repository.types import search_key_type


class Operator(Base):
    """A person who logs in to the console: call-handler, supervisor, trainer, DPO or admin."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]
    #: Moved on whenever an administrator disables the operator, changes their role or
    #: resets their password: a console session logged in before that carries an older one
    #: (`Actor.session_generation`) and is refused (services/session_standing.py).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Customer(Base):
    """One person we hold data about. Never deleted: erasure is to anonymise
    (services/erasure.py, status "erased") and merging to link (`merged_into_id`,
    services/merging.py)."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_family_key_given_key", "family_key", "given_key"),
        # A first name alone ("zoe") is searched too.
        Index("ix_customers_given_key", "given_key"),
        # The duplicate check: a surname (or one a slip away) with the date of birth.
        Index("ix_customers_family_key_date_of_birth", "family_key", "date_of_birth"),
        # The records merged into one, asked each time a record opens: few are merged.
        Index(
            "ix_customers_merged_into_id",
            "merged_into_id",
            postgresql_where=text("merged_into_id IS NOT NULL"),
            sqlite_where=text("merged_into_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    # The names as the lookup searches them (domain.names.name_key): accent-free, case-folded,
    # no spaces, apostrophes, hyphens or full stops ("O'Neill-Ní Bhriain" -> "oneillnibhriain").
    given_key: Mapped[str] = mapped_column(search_key_type(100))
    family_key: Mapped[str] = mapped_column(search_key_type(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=CustomerStatus.ACTIVE)
    #: A merged record (status "merged") points at the record it was merged into (MP-13).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    merged_at: Mapped[datetime | None]
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The customer's own security question, and the argon2id hash of the normalised answer
    #: (domain.verification.normalise_security_answer). The answer itself is never stored.
    security_question: Mapped[str | None] = mapped_column(String(200))
    security_answer_hash: Mapped[str | None] = mapped_column(String(255))
    #: Special-category data: held only while a consent row records its Article 9 condition.
    accessibility_needs: Mapped[str | None] = mapped_column(Text)

    contact_points: Mapped[list[ContactPoint]] = relationship(
        back_populates="customer", order_by="ContactPoint.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", order_by="Address.id"
    )

    # Optimistic locking: an UPDATE whose version no longer matches raises StaleDataError,
    # which the editing service turns into a side-by-side choice for the handler.
    __mapper_args__ = {"version_id_col": version}


class NameIndexKey(Base):
    """The typo-tolerant name index: each distinct folded name key under its deletion keys.

    A typed word's own deletion keys meet a stored key's in this table exactly when the two
    are within one edit (domain.search.deletion_keys), so candidates come from an index
    lookup, never a scan of names. Rows are added as names are stored; a term no customer
    holds any more only yields a candidate that then matches nobody.
    """

    __tablename__ = "name_index_keys"
    __table_args__ = (
        # PostgreSQL: a pg_trgm GIN index, for `term % word` similarity; elsewhere a plain one.
        Index(
            "ix_name_index_keys_term",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": "gin_trgm_ops"},
        ),
    )

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # family | given | town
    key: Mapped[str] = mapped_column(search_key_type(100), primary_key=True)
    term: Mapped[str] = mapped_column(search_key_type(100), primary_key=True)


# Each distinct term once (every term is stored under itself), by kind and length: where
# PostgreSQL's search asks pg_trgm while the name index is small (repository/search_backend).
Index(
    "ix_name_index_keys_terms_by_length",
    NameIndexKey.kind,
    func.length(NameIndexKey.term),
    postgresql_where=NameIndexKey.key == NameIndexKey.term,
    sqlite_where=NameIndexKey.key == NameIndexKey.term,
)


class ContactPoint(Base):
    """A phone number or e-mail address, stored normalised (E.164, lower-cased e-mail)."""

    __tablename__ = "contact_points"
    __table_args__ = (Index("ix_contact_points_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "phone" | "email"
    label: Mapped[str] = mapped_column(String(20), default="main")
    value: Mapped[str] = mapped_column(search_key_type(254))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship(back_populates="contact_points")


class Address(Base):
    """A postal address; a move keeps the old one with `valid_to` set."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    line1: Mapped[str] = mapped_column(String(120))
    line2: Mapped[str | None] = mapped_column(String(120))
    town: Mapped[str] = mapped_column(String(80))
    #: The town folded for search ("smith leeds"), like the customers' name keys.
    town_key: Mapped[str] = mapped_column(search_key_type(80), default="")
    postcode: Mapped[str] = mapped_column(search_key_type(16), index=True)
    country: Mapped[str] = mapped_column(String(2), default="GB")
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime | None]

    customer: Mapped[Customer] = relationship(back_populates="addresses")


class Representative(Base):
    """Someone authorised to act for a customer (MP-08), with a scope and their own answers.

    Their verification answers are their own (date of birth, postcode, phone, security
    answer), so verifying them never tests knowledge of the customer's details.
    """

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    relationship: Mapped[str] = mapped_column(String(60))
    authority: Mapped[str] = mapped_column(String(32))
    #: Actions they may take: "read:contact", "change:address", ... (domain.verification).
    scope: Mapped[list[str]] = mapped_column(JSON)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str | None] = mapped_column(String(16))
    address_line1: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(32))
    security_question: Mapped[str | None] = mapped_column(String(200))
    security_answer_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class Consent(Base):
    """One purpose (and, for marketing, one channel): dated, versioned and withdrawable."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "service" | "marketing"
    channel: Mapped[str | None] = mapped_column(String(16))  # email/sms/phone/post
    lawful_basis: Mapped[str] = mapped_column(String(32))
    #: For special-category data: the Article 9 condition (domain.consent).
    condition: Mapped[str | None] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    wording_version: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class FieldChange(Base):
    """Old and new value of one field: the only place old personal values live (MP-10)."""

    __tablename__ = "field_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(255))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    changed_at: Mapped[datetime]
