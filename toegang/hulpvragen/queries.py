"""Read models for lists: a resident's hulpvragen, the werkvoorraad and the team overview.

Lists sort and paginate in SQL on the stored nearest deadline, and load their related rows in
joins, so the number of queries does not grow with the length of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

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


_OPEN = sa.text(f"hulpvraag.status <> '{HulpvraagStatus.AFGESLOTEN.value}'")


def _open_cases(gemeente_ids: frozenset[int]) -> sa.Select[Any]:
    return (
        sa.select(Hulpvraag)
        # A literal, not a bound parameter: PostgreSQL can only match the partial index
        # ix_hulpvraag_werkvoorraad against a condition it can read in the (prepared) statement.
        .where(_OPEN, Hulpvraag.gemeente_id.in_(gemeente_ids))
        # A list row shows the inwoner, the consulent's name and the deadline (opschortingen
        # when none runs): nothing else of the case or of the consulent is loaded.
        .options(joinedload(Hulpvraag.inwoner), joinedload(Hulpvraag.consulent).lazyload(User.role_rows),
                 joinedload(Hulpvraag.consulent).lazyload(User.gemeenten),
                 lazyload(Hulpvraag.levensdomein_rows), lazyload(Hulpvraag.verdagingen))
    )


def _deadline_order() -> tuple[Any, ...]:
    """Nearest deadline first (overdue ones have the earliest dates); cases without a running term last."""
    return (Hulpvraag.termijn_datum.asc().nulls_last(), Hulpvraag.melddatum, Hulpvraag.id)


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


# ----------------------------------------------------------------------------- signals (afwegingskader)

#: Jeugd productcategorieën that count as verblijf for the perspectiefplan at 16: pleegzorg (35),
#: gesloten plaatsing (37), overig residentieel (38), verblijf incl./excl. behandeling (43, 44).
VERBLIJF_JEUGD = ("35", "37", "38", "43", "44")
#: A crisis indicatie: Jeugd productcategorie 46 (jeugdhulp crisis) in the catalogus.
CRISIS_JEUGD = "46"


@dataclass
class Signaal:
    soort: str
    tekst: str
    inwoner: Inwoner
    hulpvraag_id: int
    indicatie_id: int
    datum: date


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _shift_months(day: date, months: int) -> date:
    import calendar

    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def signalen(actor: Any, today: date, consulent_id: int | None = None) -> list[Signaal]:
    """Signals for a consultant's cases, all three from one SQL query:

    - a youth with active Jeugdwet care whose 18th birthday is within six months (prepare the adult
      route: verlengde jeugdhulp only for pleegzorg or jeugdreclassering);
    - a crisis indicatie (Jeugd 46) that has run three months or longer (extra review);
    - a youth in verblijf whose 16th birthday is within three months, or passed less than a month ago
      (perspectiefplan).

    Active care: an indicatie that is beschikt, begun, and not ended. The three conditions share
    that base (the consultant's active Jeugdwet indicaties), so the database walks her cases once;
    each row is then sorted into the signals it meets.
    """
    from toegang.indicaties.models import Indicatie, IndicatieStatus

    require_roles(actor, CASE_ROLES, "view_signalen")
    owner = actor.id if consulent_id is None else consulent_id
    # 18th birthday in (today, today + 6 months]  <=>  born in (today - 18y, today + 6m - 18y].
    wordt_18 = sa.and_(Inwoner.geboortedatum > _shift_years(today, -18),
                       Inwoner.geboortedatum <= _shift_years(_shift_months(today, 6), -18))
    crisis = sa.and_(Indicatie.productcategorie == CRISIS_JEUGD,
                     Indicatie.ingangsdatum <= _shift_months(today, -3))
    # 16th birthday in (today - 1 month, today + 3 months], while in verblijf.
    wordt_16 = sa.and_(Indicatie.productcategorie.in_(VERBLIJF_JEUGD),
                       Inwoner.geboortedatum > _shift_years(_shift_months(today, -1), -16),
                       Inwoner.geboortedatum <= _shift_years(_shift_months(today, 3), -16))
    # Only the columns the signals need (whole Indicatie rows would drag in their eager relations).
    stmt = (sa.select(Indicatie.id, Indicatie.hulpvraag_id, Indicatie.ingangsdatum, Inwoner,
                      wordt_18.label("is18"), crisis.label("iscrisis"), wordt_16.label("is16"))
            .join(Hulpvraag, Indicatie.hulpvraag_id == Hulpvraag.id)
            .join(Inwoner, Indicatie.inwoner_id == Inwoner.id)
            .where(Hulpvraag.consulent_id == owner, Indicatie.gemeente_id.in_(actor.gemeente_ids),
                   Indicatie.wet == "JW", Indicatie.status == IndicatieStatus.BESCHIKT,
                   Indicatie.ingangsdatum <= today,
                   sa.or_(Indicatie.einddatum.is_(None), Indicatie.einddatum >= today),
                   sa.or_(wordt_18, crisis, wordt_16))
            .order_by(Indicatie.ingangsdatum, Indicatie.id))
    rows = db.session.execute(stmt).unique().all()

    result: list[Signaal] = []
    seen18: set[int] = set()
    seen16: set[int] = set()
    for ind_id, hv_id, begin, inw, is18, iscrisis, is16 in rows:
        if is18 and inw.id not in seen18:
            seen18.add(inw.id)
            day = _shift_years(inw.geboortedatum, 18)
            result.append(Signaal("18", f"Wordt 18 op {day.day}-{day.month}-{day.year}: bereid de overgang naar "
                                  "volwassenenzorg voor (verlengde jeugdhulp alleen voor pleegzorg of "
                                  "jeugdreclassering, met een toekomstplan).", inw, hv_id, ind_id, day))
        if iscrisis:
            day = _shift_months(begin, 3)
            result.append(Signaal("crisis", f"Crisisindicatie loopt sinds {begin.day}-{begin.month}-{begin.year}: "
                                  f"na drie maanden ({day.day}-{day.month}-{day.year}) is een extra beoordeling "
                                  "nodig.", inw, hv_id, ind_id, day))
        if is16 and inw.id not in seen16:
            seen16.add(inw.id)
            day = _shift_years(inw.geboortedatum, 16)
            result.append(Signaal("16", f"Wordt 16 op {day.day}-{day.month}-{day.year} en woont in een verblijf: "
                                  "stel een perspectiefplan op.", inw, hv_id, ind_id, day))
    return sorted(result, key=lambda s: s.datum)
