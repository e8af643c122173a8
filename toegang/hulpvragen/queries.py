"""Read models for lists: a resident's hulpvragen, the werkvoorraad and the team overview.

Lists sort and paginate in SQL on the stored nearest deadline, and load their related rows in
joins, so the number of queries does not grow with the length of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from toegang.accounts.models import User
from toegang.accounts.roles import CASE_ROLES, Role
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.inwoners.models import Inwoner
from toegang.security import require_roles


@dataclass
class Page:
    items: list[Hulpvraag]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def hulpvragen_of_inwoner(inwoner: Inwoner) -> list[Hulpvraag]:
    return list(db.session.scalars(
        sa.select(Hulpvraag).where(Hulpvraag.inwoner_id == inwoner.id).order_by(Hulpvraag.melddatum.desc())
    ).unique())


def _open_cases(gemeente_ids: frozenset[int]) -> sa.Select[Any]:
    return (
        sa.select(Hulpvraag)
        .where(Hulpvraag.status != HulpvraagStatus.AFGESLOTEN, Hulpvraag.gemeente_id.in_(gemeente_ids))
        .options(joinedload(Hulpvraag.inwoner), joinedload(Hulpvraag.consulent))
    )


def _deadline_order() -> tuple[Any, ...]:
    """Nearest deadline first (overdue ones have the earliest dates); cases without a running term last."""
    return (sa.case((Hulpvraag.termijn_datum.is_(None), 1), else_=0), Hulpvraag.termijn_datum,
            Hulpvraag.melddatum, Hulpvraag.id)


def werkvoorraad(actor: Any, page: int = 1, per_page: int = 25, consulent_id: int | None = None) -> Page:
    """A consultant's open cases by nearest deadline; teamleiders may look at another consultant's."""
    require_roles(actor, CASE_ROLES, "view_werkvoorraad")
    owner = actor.id if consulent_id is None else consulent_id
    if owner != actor.id:
        require_roles(actor, (Role.TEAMLEIDER,), "view_werkvoorraad_collega")
    stmt = _open_cases(actor.gemeente_ids).where(Hulpvraag.consulent_id == owner)
    return _paginate(stmt, page, per_page)


def team_cases(actor: Any, page: int = 1, per_page: int = 25, only_overdue: bool = False,
               today: date | None = None) -> Page:
    require_roles(actor, (Role.TEAMLEIDER,), "view_team_werkvoorraad")
    stmt = _open_cases(actor.gemeente_ids)
    if only_overdue:
        stmt = stmt.where(Hulpvraag.termijn_datum < (today or date.today()))
    return _paginate(stmt, page, per_page)


def _paginate(stmt: sa.Select[Any], page: int, per_page: int) -> Page:
    page = max(page, 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(db.session.scalars(
        stmt.order_by(*_deadline_order()).offset((page - 1) * per_page).limit(per_page)
    ).unique())
    return Page(items=items, page=page, per_page=per_page, total=total)


@dataclass
class ConsulentStand:
    consulent: User
    open: int
    te_laat: int


def team_overview(actor: Any, today: date) -> list[ConsulentStand]:
    """Open and overdue cases per consultant of the teamleider's gemeenten, counted in SQL."""
    require_roles(actor, (Role.TEAMLEIDER,), "view_team_overzicht")
    overdue = sa.func.sum(sa.case((Hulpvraag.termijn_datum < today, 1), else_=0))
    rows = db.session.execute(
        sa.select(Hulpvraag.consulent_id, sa.func.count(), overdue)
        .where(Hulpvraag.status != HulpvraagStatus.AFGESLOTEN, Hulpvraag.gemeente_id.in_(actor.gemeente_ids))
        .group_by(Hulpvraag.consulent_id)
    ).all()
    counts = {cid: (n, int(late or 0)) for cid, n, late in rows}
    users = db.session.scalars(sa.select(User).where(User.active).order_by(User.full_name)).all()
    result = []
    for user in users:
        if not user.has_role(Role.CONSULENT) or not (user.gemeente_ids & actor.gemeente_ids):
            continue
        n, late = counts.pop(user.id, (0, 0))
        result.append(ConsulentStand(user, n, late))
    for cid, (n, late) in counts.items():  # cases of deactivated or former consultants
        user = db.session.get(User, cid)
        if user is not None:
            result.append(ConsulentStand(user, n, late))
    return result
