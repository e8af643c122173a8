"""The audit log: append-only, hash-chained events (BIO 8.15, NEN 7513 practice)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from toegang.db import Base, UTCDateTime, str_enum

GENESIS_HASH = "0" * 64


class AuditResult(enum.Enum):
    OK = "ok"
    REFUSED = "refused"


class AuditEvent(Base):
    """One event. ``seq`` is gap-free (assigned under the chain head's lock), so a deleted row
    shows as a gap; ``hash`` covers the row's content and ``prev_hash``, so an edit or a
    re-ordering breaks the chain.

    ``seq``, ``prev_hash`` and ``hash`` are assigned when the writing transaction commits (see
    :mod:`toegang.audit.operations`); they are NULL only inside that transaction, never in a
    committed row.

    ``inwoner_id`` and ``actor_id`` are plain integers without foreign keys on purpose: the log
    must outlive anonymisation of a resident and deactivation of a user unchanged.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int | None] = mapped_column(sa.BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_name: Mapped[str | None] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(64), nullable=False, index=True)
    object_type: Mapped[str | None] = mapped_column(sa.String(64))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    inwoner_id: Mapped[int | None] = mapped_column(index=True)
    gemeente_id: Mapped[int | None] = mapped_column(index=True)
    result: Mapped[AuditResult] = mapped_column(str_enum(AuditResult, "audit_result"), nullable=False)
    origin: Mapped[str | None] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    hash: Mapped[str | None] = mapped_column(sa.String(64))


class AuditChainHead(Base):
    """A single row holding the last sequence number and hash.

    Updating it first in every transaction that writes audit events serialises appends (a row
    lock on PostgreSQL, the write lock on SQLite), so two transactions never chain onto the same
    predecessor. It also lets verification notice rows deleted from the end of the log.
    """

    __tablename__ = "audit_chain_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, default=GENESIS_HASH)
    #: After pruning (the audit log's own bewaartermijn) the chain starts after ``anchor_seq``; the
    #: first remaining event's ``prev_hash`` is ``anchor_hash``. The pruning is itself an event in
    #: the chain naming both, so a moved anchor does not go unnoticed.
    anchor_seq: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0, server_default="0")
    anchor_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, default=GENESIS_HASH,
                                             server_default=GENESIS_HASH)
