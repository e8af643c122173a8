"""Declarative base, column types and the unit-of-work rules shared by every domain.

Operations only ``flush``; the request (or CLI command) that called them commits once at the end,
or rolls back everything on error. Refusals are different: the change is rolled back but the
refusal itself must be on record, so :func:`finish_refused` writes its audit event afterwards in a
transaction of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names are deterministic so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored as naive UTC on every backend and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC everywhere keeps comparisons identical on both
    databases, and returning aware values stops local time from leaking into the logic.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


def str_enum(enum_cls: type, name: str) -> sa.Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint on every backend."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys, wait for locks, and let SQLAlchemy own transactions."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Leave transaction control to the "begin" hook below, so SAVEPOINTs work as documented.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


#: How SQLite transactions begin in this process. Read-only worker processes (the letter renderers)
#: switch to a deferred BEGIN so that they never hold, or queue for, the write lock.
SQLITE_BEGIN = "BEGIN IMMEDIATE"


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn: sa.Connection) -> None:
    """SQLite: take the write lock at BEGIN.

    Nearly every request writes (reads of personal data are audited), so a deferred transaction
    would routinely try to upgrade a read lock and fail with 'database is locked'. IMMEDIATE makes
    writers queue up behind the busy timeout instead; readers in WAL mode are never blocked.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_BEGIN)
