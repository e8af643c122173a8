"""Searching the audit log for the privacy officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.extensions import db
from toegang.security import require_roles
from toegang.timeutil import AMSTERDAM


@dataclass
class AuditFilter:
    actor_id: int | None = None
    inwoner_id: int | None = None
    action: str | None = None
    result: AuditResult | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class Page:
    items: list[AuditEvent]
    page: int
    per_page: int
    has_next: bool


def _scope(actor: Any) -> sa.ColumnElement[bool]:
    """Events of the auditor's gemeenten, plus events tied to no gemeente (logins, user admin)."""
    return sa.or_(AuditEvent.gemeente_id.is_(None), AuditEvent.gemeente_id.in_(actor.gemeente_ids))


def search(actor: Any, flt: AuditFilter, page: int = 1, per_page: int = 50) -> Page:
    require_roles(actor, (Role.AUDITOR,), "search_audit")
    q = sa.select(AuditEvent).where(_scope(actor))
    if flt.actor_id is not None:
        q = q.where(AuditEvent.actor_id == flt.actor_id)
    if flt.inwoner_id is not None:
        q = q.where(AuditEvent.inwoner_id == flt.inwoner_id)
    if flt.action:
        q = q.where(AuditEvent.action == flt.action)
    if flt.result is not None:
        q = q.where(AuditEvent.result == flt.result)
    if flt.date_from:
        q = q.where(AuditEvent.occurred_at >= _local_midnight(flt.date_from))
    if flt.date_to:
        q = q.where(AuditEvent.occurred_at < _local_midnight(flt.date_to + timedelta(days=1)))
    page = max(page, 1)
    rows = db.session.scalars(
        q.order_by(AuditEvent.seq.desc()).offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return Page(items=list(rows[:per_page]), page=page, per_page=per_page, has_next=len(rows) > per_page)


def known_actions(actor: Any) -> list[str]:
    require_roles(actor, (Role.AUDITOR,), "search_audit")
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)
