"""The aggregates, computed in SQL: every function here runs GROUP BY queries in the database and
returns only aggregated numbers (counts, sums, medians) keyed by dimension values — never a row
per person.

Native data (beschikte indicaties, hulpvragen, beschikkingen) and imported history are combined
by :func:`indicatie_rows`, a UNION ALL of one SELECT per source with the period filter pushed
into each branch, so both use their indexes. Clients are counted distinct across sources: a
native client is ``inwoner.id``, an imported one ``-historie_client.id``.

Raw results go to :mod:`toegang.monitoring.report`, which sends every number through
:mod:`toegang.monitoring.disclosure` before anything leaves the app.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from toegang.beschikkingen.models import Beschikking, beschikking_indicatie
from toegang.catalogus.models import Aanbieder, Huisarts, Wijk
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag, Onderzoek
from toegang.indicaties.models import Indicatie
from toegang.inwoners.models import Inwoner
from toegang.monitoring.models import HistorieDeclaratie, HistorieIndicatie

NATIVE_STATUSES = ("beschikt", "beeindigd")

#: Statutory terms used for "past the legal term" (calendar days; opschorting is not deducted).
TERMIJN_ONDERZOEK_DAGEN = 42  # Wmo 2.3.2: six weeks
TERMIJN_BESCHIKKING_DAGEN = {"WMO": 14, "JW": 56, "PW": 56}  # Wmo 2.3.5 two weeks; Awb 4:13 eight weeks

DIMENSIONS = ("wet", "productcategorie", "leveringsvorm", "aanbieder", "wijk", "leeftijdsklasse")

BEEINDIGING_CATEGORIEEN = {
    "19": "volgens_plan", "21": "voortijdig_client", "22": "voortijdig_aanbieder",
    "23": "voortijdig_overeenstemming",
}


@dataclass(frozen=True)
class Periode:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Bron:
    """Which data the queries see: the gemeenten, and the database dialect."""

    gemeente_ids: tuple[int, ...]
    #: Dashboard filters: one law (WMO, JW, PW) and/or one wijk.
    wet: str | None = None
    wijk_id: int | None = None
    #: Periods whose rows are materialised in a temporary table: (start, end) -> table.
    cache: dict[tuple[Any, ...], sa.Table] = field(default_factory=dict, repr=False, compare=False)
    #: Cohort tables computed inside a materialised report, by (first year, last year): every
    #: period of a year has the same ten years, and they scan all history.
    cohorten_cache: dict[tuple[int, int], dict[tuple[int, int], int]] = field(
        default_factory=dict, repr=False, compare=False)

    def hi_filter(self, hi: Any = None) -> list[Any]:
        """Conditions on imported indicaties."""
        hi = hi if hi is not None else HistorieIndicatie
        conds = [hi.gemeente_id.in_(self.gemeente_ids)]
        if self.wet:
            conds.append(hi.wet == self.wet)
        if self.wijk_id:
            conds.append(hi.wijk_id == self.wijk_id)
        return conds

    def hv_filter(self) -> list[Any]:
        """Conditions on native hulpvragen."""
        conds = [Hulpvraag.gemeente_id.in_(self.gemeente_ids)]
        if self.wet:
            conds.append({"WMO": Hulpvraag.wet_wmo, "JW": Hulpvraag.wet_jeugd,
                          "PW": Hulpvraag.wet_participatie}[self.wet].is_(True))
        if self.wijk_id:
            conds.append(Hulpvraag.inwoner_id.in_(sa.select(Inwoner.id).where(Inwoner.wijk_id == self.wijk_id)))
        return conds

    @property
    def dialect(self) -> str:
        return db.session.get_bind().dialect.name

    def run(self, stmt: Any) -> list[Any]:
        return list(db.session.execute(stmt))


# ----------------------------------------------------------------------------- dialect helpers

def _date(value: date) -> Any:
    return sa.literal(value, sa.Date())


def days_between(bron: Bron, later: Any, earlier: Any) -> Any:
    """Whole days from ``earlier`` to ``later`` (a date difference on either database)."""
    if bron.dialect == "postgresql":
        return sa.cast(later, sa.Date) - sa.cast(earlier, sa.Date)
    return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)


def year_of(bron: Bron, col: Any) -> Any:
    if bron.dialect == "postgresql":
        return sa.cast(sa.extract("year", col), sa.Integer)
    return sa.cast(sa.func.strftime("%Y", col), sa.Integer)


def _least(a: Any, b: Any) -> Any:
    return sa.type_coerce(sa.case((sa.or_(a.is_(None), a > b), b), else_=a), sa.Date)


def _greatest(a: Any, b: Any) -> Any:
    return sa.type_coerce(sa.case((a < b, b), else_=a), sa.Date)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def leeftijdsklasse(wet: Any, geboortedatum: Any, peildatum: date) -> Any:
    """Age class on ``peildatum``: jeugd 0-3, 4-11, 12-17, 18-22; Wmo/PW 18-64, 65-74, 75+.

    Computed by comparing the birth date with fixed dates, so it is portable and index-friendly.
    """
    def born_after(n: int) -> Any:
        return geboortedatum > _date(years_before(peildatum, n))

    jeugd = sa.case((born_after(4), "jeugd_0_3"), (born_after(12), "jeugd_4_11"), (born_after(18), "jeugd_12_17"),
                    (born_after(23), "jeugd_18_22"), else_="jeugd_23_plus")
    volwassen = sa.case((born_after(18), "volw_0_17"), (born_after(65), "volw_18_64"),
                        (born_after(75), "volw_65_74"), else_="volw_75_plus")
    return sa.case((wet == "JW", jeugd), else_=volwassen)


# ----------------------------------------------------------------------------- the union of sources

def indicatie_rows(bron: Bron, start: date | None, end: date | None, *, only: str | None = None) -> Any:
    """One row per indicatie (native beschikt/beëindigd, plus imported history) overlapping
    [start, end] (None: unbounded). Columns: bron, client, geboortedatum, wijk_id, wet,
    productcategorie, leveringsvorm, aanbieder_id, verwijzer_code, melddatum, aanvraagdatum,
    beschikkingsdatum, ingangsdatum, einddatum (the effective end), kosten_12m_cents,
    reden_beeindiging."""
    if only is None and start is not None and end is not None:
        for key, table in bron.cache.items():
            if len(key) != 2:
                continue
            cs, ce = key
            if (cs, ce) == (start, end):
                return table
            if cs <= start and end <= ce:  # a wider period is materialised: filter it
                return sa.select(table).where(table.c.ingangsdatum <= end, sa.or_(
                    table.c.einddatum.is_(None), table.c.einddatum >= start)).subquery("rows")
    ids = bron.gemeente_ids
    hi = HistorieIndicatie
    history = sa.select(
        sa.literal("historie").label("bron"),
        hi.id.label("hist_id"),
        (-hi.client_id).label("client"),
        hi.geboortedatum.label("geboortedatum"),
        hi.wijk_id.label("wijk_id"),
        hi.wet.label("wet"),
        hi.productcategorie.label("productcategorie"),
        hi.leveringsvorm.label("leveringsvorm"),
        hi.aanbieder_id.label("aanbieder_id"),
        hi.verwijzer_code.label("verwijzer_code"),
        hi.melddatum.label("melddatum"),
        hi.aanvraagdatum.label("aanvraagdatum"),
        hi.beschikkingsdatum.label("beschikkingsdatum"),
        hi.ingangsdatum.label("ingangsdatum"),
        hi.einddatum.label("einddatum"),
        hi.kosten_12m_cents.label("kosten_12m_cents"),
        hi.reden_beeindiging.label("reden_beeindiging"),
    ).where(*bron.hi_filter(hi))
    if end is not None:
        history = history.where(hi.ingangsdatum <= end)
    if start is not None:
        history = history.where(sa.or_(hi.einddatum.is_(None), hi.einddatum >= start))
    if only == "historie":
        return history.subquery("rows")

    ind = Indicatie
    eind = sa.func.coalesce(ind.beeindigd_op, ind.einddatum)
    beschikt_op = (
        sa.select(sa.func.min(Beschikking.verzenddatum))
        .join(beschikking_indicatie, beschikking_indicatie.c.beschikking_id == Beschikking.id)
        .where(beschikking_indicatie.c.indicatie_id == ind.id, Beschikking.status == "vastgelegd")
        .scalar_subquery()
    )
    native = (
        sa.select(
            sa.literal("app").label("bron"),
            sa.cast(sa.null(), sa.Integer).label("hist_id"),
            ind.inwoner_id.label("client"),
            Inwoner.geboortedatum,
            Inwoner.wijk_id,
            ind.wet,
            ind.productcategorie,
            sa.cast(ind.leveringsvorm, sa.String(3)).label("leveringsvorm"),
            ind.aanbieder_id,
            Hulpvraag.verwijzer_code,
            Hulpvraag.melddatum,
            Hulpvraag.aanvraag_datum.label("aanvraagdatum"),
            beschikt_op.label("beschikkingsdatum"),
            ind.ingangsdatum,
            eind.label("einddatum"),
            ind.kosten_12m_cents,
            ind.reden_beeindiging,
        )
        .join(Inwoner, Inwoner.id == ind.inwoner_id)
        .join(Hulpvraag, Hulpvraag.id == ind.hulpvraag_id)
        .where(ind.gemeente_id.in_(ids), sa.cast(ind.status, sa.String(32)).in_(NATIVE_STATUSES))
    )
    if bron.wet:
        native = native.where(ind.wet == bron.wet)
    if bron.wijk_id:
        native = native.where(Inwoner.wijk_id == bron.wijk_id)
    if end is not None:
        native = native.where(ind.ingangsdatum <= end)
    if start is not None:
        native = native.where(sa.or_(eind.is_(None), eind >= start))
    if only == "app":
        return native.subquery("rows")
    return sa.union_all(native, history).subquery("rows")


_ROW_TYPES: dict[str, Any] = {
    "bron": sa.String(10), "hist_id": sa.Integer, "client": sa.Integer, "geboortedatum": sa.Date,
    "wijk_id": sa.Integer, "wet": sa.String(3), "productcategorie": sa.String(2), "leveringsvorm": sa.String(3),
    "aanbieder_id": sa.Integer, "verwijzer_code": sa.String(2), "melddatum": sa.Date, "aanvraagdatum": sa.Date,
    "beschikkingsdatum": sa.Date, "ingangsdatum": sa.Date, "einddatum": sa.Date, "kosten_12m_cents": sa.BigInteger,
    "reden_beeindiging": sa.String(2),
}
_DECL_TYPES: dict[str, Any] = {
    "hist_id": sa.Integer, "client": sa.Integer, "periode_start": sa.Date, "periode_eind": sa.Date,
    "bedrag_cents": sa.BigInteger, "wet": sa.String(3), "productcategorie": sa.String(2),
    "leveringsvorm": sa.String(3), "aanbieder_id": sa.Integer, "wijk_id": sa.Integer, "geboortedatum": sa.Date,
}
_counter = itertools.count(1)


def _covered(bron: Bron, start: date, end: date) -> bool:
    return any(len(k) == 2 and k[0] <= start and end <= k[1] for k in bron.cache)


@contextmanager
def materialized(bron: Bron, start: date, end: date) -> Iterator[None]:
    """Copy the rows of [start, end] (native and imported indicaties, and the paid declaraties)
    once into temporary tables, so that the many GROUP BYs of a report — for every period inside
    [start, end] — scan compact tables instead of the union of both sources. Still SQL all the
    way: the rows never leave the database. A no-op when a wider window is already materialised."""
    if _covered(bron, start, end):
        yield
        return
    source = indicatie_rows(bron, start, end)
    decl_source = _declaraties_raw(bron, start, end)
    conn = db.session.connection()
    if bron.dialect == "postgresql":
        # Many short analytical queries: JIT compilation would cost more than it saves.
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        conn.exec_driver_sql("SET LOCAL jit = off")
    name = f"tmp_monitoring_{next(_counter)}"
    table = sa.Table(name, sa.MetaData(), *[sa.Column(n, t) for n, t in _ROW_TYPES.items()], prefixes=["TEMPORARY"])
    decl = sa.Table(f"{name}_d", sa.MetaData(), *[sa.Column(n, t) for n, t in _DECL_TYPES.items()],
                    prefixes=["TEMPORARY"])
    table.create(conn)
    decl.create(conn)
    try:
        conn.execute(sa.insert(table).from_select(list(_ROW_TYPES), sa.select(*[source.c[n] for n in _ROW_TYPES])))
        conn.execute(sa.insert(decl).from_select(list(_DECL_TYPES),
                                                 sa.select(*[decl_source.c[n] for n in _DECL_TYPES])))
        bron.cache[(start, end)] = table
        bron.cache[("declaraties", start, end)] = decl
        yield
    finally:
        bron.cache.pop((start, end), None)
        bron.cache.pop(("declaraties", start, end), None)
        bron.cohorten_cache.clear()
        decl.drop(conn)
        table.drop(conn)


def _dimension(rows: Any, name: str, peildatum: date) -> Any:
    if name == "leeftijdsklasse":
        return leeftijdsklasse(rows.c.wet, rows.c.geboortedatum, peildatum)
    if name == "productcategorie":  # codes repeat across laws (Wmo 01 ≠ Participatiewet 01)
        return rows.c.wet + "-" + rows.c.productcategorie
    column = {"aanbieder": "aanbieder_id", "wijk": "wijk_id"}.get(name, name)
    return rows.c[column]


# ----------------------------------------------------------------------------- bereik

@dataclass
class Bereik:
    stand: int
    instroom: int
    uitstroom: int


def bereik(bron: Bron, p: Periode, dimension: str | None) -> dict[Any, Bereik]:
    """Distinct clients: active on the peildatum (the period's last day), starting an indicatie in
    the period, ending one in the period. ``dimension`` None gives the total under key None.

    The same per-client aggregate as :func:`indicatie_cijfers` / :func:`indicatie_totaal`, which
    the report calls where one GROUP BY can serve several indicators."""
    if dimension is None:
        return {None: indicatie_totaal(bron, p).bereik}
    rows = indicatie_rows(bron, p.start, p.end)
    k = _dimension(rows, dimension, p.end).label("k")
    pc = sa.select(k, *_per_client(bron, p, rows)).group_by(k, rows.c.client).subquery("pc")
    # Only the three flags are read, so PostgreSQL leaves the cost aggregates out of the subquery.
    sums = _over_clients(pc)[:3]
    return {r[0]: Bereik(int(r[1]), int(r[2]), int(r[3])) for r in bron.run(sa.select(pc.c.k, *sums).group_by(pc.c.k))}


# ----------------------------------------------------------------------------- percentiles

@dataclass
class Verdeling:
    n: int
    mediaan: float | None
    p90: float | None
    te_laat: int


def _percentiles(bron: Bron, sub: Any) -> dict[Any, Verdeling]:
    """n, median, 90th percentile (percentile_cont, interpolated) and te_laat per ``grp`` of ``sub``
    (columns grp, d, te_laat) and over all rows (key None), on PostgreSQL: one scan with
    ``GROUPING SETS (grp, ())`` (a UNION ALL with a total branch would read the source twice).
    SQLite has no percentile_cont: there :func:`_with_total` counts cases per group and number of
    days in SQL (a histogram of a few hundred rows at most) and :func:`_from_histogram`
    interpolates exactly as percentile_cont does."""
    if bron.dialect == "postgresql":
        stmt = sa.select(
            sa.func.grouping(sub.c.grp), sub.c.grp, sa.func.count(),
            sa.func.percentile_cont(0.5).within_group(sub.c.d), sa.func.percentile_cont(0.9).within_group(sub.c.d),
            sa.func.sum(sub.c.te_laat),
        ).group_by(sa.func.grouping_sets(sub.c.grp, sa.tuple_()))
        # grouping(grp) is 1 on the total row, which is there even when no row is.
        return {(None if r[0] else r[1]): Verdeling(int(r[2]), _f(r[3]), _f(r[4]), int(r[5] or 0))
                for r in bron.run(stmt)}
    raise NotImplementedError("percentile_cont is PostgreSQL only; SQLite uses the histogram in _with_total")


def _from_histogram(h: list[tuple[float, int, int]]) -> Verdeling:
    n = sum(c for _, c, _ in h)

    def value_at(rank: int) -> float:  # 1-based rank in the sorted values
        seen = 0
        for d, c, _ in h:
            seen += c
            if rank <= seen:
                return d
        return h[-1][0]

    def pct(p: float) -> float:
        pos = 1 + p * (n - 1)
        lo = int(pos)
        lo_v = value_at(lo)
        hi_v = value_at(lo + 1) if lo < n else lo_v
        return lo_v + (pos - lo) * (hi_v - lo_v)

    return Verdeling(n, pct(0.5), pct(0.9), sum(late for _, _, late in h))


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _with_total(bron: Bron, sub: Any) -> dict[Any, Verdeling]:
    """Percentiles per group and, under key None, over all rows."""
    if bron.dialect != "postgresql":
        hist = sa.select(sub.c.grp, sub.c.d, sa.func.count(), sa.func.sum(sub.c.te_laat)).group_by(sub.c.grp, sub.c.d)
        groups: dict[Any, dict[float, list[int]]] = {}
        for grp, d, n, late in bron.run(hist):
            for key in (grp, None):  # the total is the sum of the groups' histograms
                cell = groups.setdefault(key, {}).setdefault(float(d), [0, 0])
                cell[0] += int(n)
                cell[1] += int(late or 0)
        result = {k: _from_histogram([(d, c[0], c[1]) for d, c in sorted(h.items())]) for k, h in groups.items()}
        result.setdefault(None, Verdeling(0, None, None, 0))
        return result
    return _percentiles(bron, sub)


def _hv_wet(hv: Any = Hulpvraag) -> Any:
    return sa.case((hv.wet_wmo, "WMO"), (hv.wet_jeugd, "JW"), else_="PW")


def doorlooptijd_onderzoek(bron: Bron, p: Periode) -> dict[Any, Verdeling]:
    """Melding → onderzoek gereed, for onderzoeken completed in the period (native cases)."""
    d = days_between(bron, Onderzoek.afgerond_op, Hulpvraag.melddatum)
    # Late against the case's own effective deadline (opschorting, Atw); cases from before that
    # was stored fall back to the bare statutory six weeks.
    te_laat = sa.case((Hulpvraag.onderzoek_uiterlijk.is_not(None),
                       sa.case((Onderzoek.afgerond_op > Hulpvraag.onderzoek_uiterlijk, 1), else_=0)),
                      (d > TERMIJN_ONDERZOEK_DAGEN, 1), else_=0)
    sub = (
        sa.select(_hv_wet().label("grp"), d.label("d"), te_laat.label("te_laat"))
        .join(Onderzoek, Onderzoek.hulpvraag_id == Hulpvraag.id)
        .where(*bron.hv_filter(), Onderzoek.afgerond_op.between(p.start, p.end))
    ).subquery("o")
    return _with_total(bron, sub)


def doorlooptijd_beschikking(bron: Bron, p: Periode) -> dict[Any, Verdeling]:
    """Aanvraag → beschikking for decisions in the period: native hulpvragen (first issued
    beschikking) and imported indicaties (their own dates)."""
    first = (
        sa.select(Beschikking.hulpvraag_id.label("hid"), sa.func.min(Beschikking.verzenddatum).label("op"))
        .where(Beschikking.status == "vastgelegd", Beschikking.gemeente_id.in_(bron.gemeente_ids))
        .group_by(Beschikking.hulpvraag_id)
    ).subquery("first")
    wet = _hv_wet()
    d_native = days_between(bron, first.c.op, Hulpvraag.aanvraag_datum)
    term = sa.case(*((wet == w, t) for w, t in TERMIJN_BESCHIKKING_DAGEN.items()), else_=56)
    # The case's effective beslistermijn (opschorting, verdaging, Atw) where stored, else the bare term.
    late_native = sa.case((Hulpvraag.beslis_uiterlijk.is_not(None),
                           sa.case((first.c.op > Hulpvraag.beslis_uiterlijk, 1), else_=0)),
                          (d_native > term, 1), else_=0)
    native = (
        sa.select(wet.label("grp"), d_native.label("d"), late_native.label("te_laat"))
        .join(first, first.c.hid == Hulpvraag.id)
        .where(first.c.op.between(p.start, p.end), Hulpvraag.aanvraag_datum.is_not(None), *bron.hv_filter())
    )
    hi = HistorieIndicatie
    d_hist = days_between(bron, hi.beschikkingsdatum, hi.aanvraagdatum)
    term_h = sa.case(*((hi.wet == w, t) for w, t in TERMIJN_BESCHIKKING_DAGEN.items()), else_=56)
    history = (
        sa.select(hi.wet.label("grp"), d_hist.label("d"), sa.case((d_hist > term_h, 1), else_=0).label("te_laat"))
        .where(*bron.hi_filter(), hi.beschikkingsdatum.between(p.start, p.end), hi.aanvraagdatum.is_not(None))
    )
    return _with_total(bron, sa.union_all(native, history).subquery("b"))


# ----------------------------------------------------------------------------- kwaliteit

def tevredenheid(bron: Bron, p: Periode) -> tuple[int, float | None]:
    """(number of scores, average) for hulpvragen closed in the period."""
    row = bron.run(
        sa.select(sa.func.count(Hulpvraag.tevredenheid), sa.func.avg(Hulpvraag.tevredenheid))
        .where(*bron.hv_filter(), Hulpvraag.afgesloten_op.between(p.start, p.end),
               Hulpvraag.tevredenheid.is_not(None)))[0]
    return int(row[0]), _f(row[1])


def _beeindiging_categorie(reden: Any) -> Any:
    return sa.case(*((reden == code, cat) for code, cat in BEEINDIGING_CATEGORIEEN.items()),
                   (reden.is_(None), "einddatum_bereikt"), else_="overig")


def beeindigingen(bron: Bron, p: Periode, per_aanbieder: bool = False) -> dict[Any, int]:
    """Indicaties ending in the period, by how they ended (and per aanbieder)."""
    rows = indicatie_rows(bron, p.start, p.end)
    cat = _beeindiging_categorie(rows.c.reden_beeindiging).label("cat")
    keys = [rows.c.aanbieder_id, cat] if per_aanbieder else [cat]
    stmt = sa.select(*keys, sa.func.count()).where(rows.c.einddatum <= p.end).group_by(*keys)
    return {(tuple(r[:-1]) if per_aanbieder else r[0]): int(r[-1]) for r in bron.run(stmt)}


# ----------------------------------------------------------------------------- beschikkingen and outcomes

def beschikkingen_per_soort(bron: Bron, p: Periode) -> dict[str, int]:
    native = (
        sa.select(sa.cast(Beschikking.soort, sa.String(32)).label("soort"))
        .join(Hulpvraag, Hulpvraag.id == Beschikking.hulpvraag_id)
        .where(*bron.hv_filter(), Beschikking.status == "vastgelegd",
               Beschikking.verzenddatum.between(p.start, p.end))
    )
    hi = HistorieIndicatie
    history = sa.select(sa.literal("toekenning").label("soort")).where(
        *bron.hi_filter(), hi.beschikkingsdatum.between(p.start, p.end))
    sub = sa.union_all(native, history).subquery("s")
    return {r[0]: int(r[1]) for r in bron.run(sa.select(sub.c.soort, sa.func.count()).group_by(sub.c.soort))}


def afsluitredenen(bron: Bron, p: Periode) -> dict[str, int]:
    reden = sa.cast(Hulpvraag.afsluitreden, sa.String(32))
    stmt = (sa.select(reden, sa.func.count())
            .where(*bron.hv_filter(), Hulpvraag.afgesloten_op.between(p.start, p.end))
            .group_by(reden))
    return {r[0]: int(r[1]) for r in bron.run(stmt)}


def verwijzingen(bron: Bron, p: Periode) -> dict[str, int]:
    """Meldingen in the period by verwijzer type (COD327; "geen" for the resident's own)."""
    native = sa.select(sa.func.coalesce(Hulpvraag.verwijzer_code, "geen").label("v")).where(
        *bron.hv_filter(), Hulpvraag.melddatum.between(p.start, p.end))
    hi = HistorieIndicatie
    history = sa.select(sa.func.coalesce(hi.verwijzer_code, "geen").label("v")).where(
        *bron.hi_filter(), hi.melddatum.between(p.start, p.end))
    sub = sa.union_all(native, history).subquery("v")
    return {r[0]: int(r[1]) for r in bron.run(sa.select(sub.c.v, sa.func.count()).group_by(sub.c.v))}


def verwijzingen_huisarts(bron: Bron, p: Periode) -> dict[str, int]:
    """Huisarts referrals (code 02) per practice (name, AGB); imported ones as "onbekend"."""
    label = sa.case((Huisarts.id.is_(None), "onbekend"), else_=Huisarts.naam + " (" + Huisarts.agb_code + ")")
    native = (
        sa.select(label.label("praktijk"))
        .select_from(Hulpvraag).outerjoin(Huisarts, Huisarts.id == Hulpvraag.huisarts_id)
        .where(*bron.hv_filter(), Hulpvraag.melddatum.between(p.start, p.end), Hulpvraag.verwijzer_code == "02"))
    hi = HistorieIndicatie
    history = sa.select(sa.literal("onbekend").label("praktijk")).where(
        *bron.hi_filter(), hi.melddatum.between(p.start, p.end), hi.verwijzer_code == "02")
    sub = sa.union_all(native, history).subquery("h")
    return {r[0]: int(r[1]) for r in bron.run(sa.select(sub.c.praktijk, sa.func.count()).group_by(sub.c.praktijk))}


# ----------------------------------------------------------------------------- kosten

@dataclass
class Bedrag:
    cents: float
    clients: int
    max_client_cents: float


def _overlap_days(bron: Bron, start_col: Any, end_col: Any, p: Periode) -> Any:
    return days_between(bron, _least(end_col, _date(p.end)), _greatest(start_col, _date(p.start))) + 1


def _amounts(bron: Bron, sub: Any, keys: Sequence[str], scale: float) -> dict[Any, Bedrag]:
    """``sub`` has columns client, x and ``keys``: sum x per (keys, client), then per keys the sum,
    the number of clients and the largest single client's sum. ``scale`` converts x to cents."""
    key_cols = [sub.c[k] for k in keys]
    per_client = sa.select(*key_cols, sub.c.client, sa.func.sum(sub.c.x).label("s")).group_by(
        *key_cols, sub.c.client).subquery("pc")
    outer_keys = [per_client.c[k] for k in keys]
    stmt = sa.select(*outer_keys, sa.func.sum(per_client.c.s), sa.func.count(), sa.func.max(per_client.c.s))
    if outer_keys:
        stmt = stmt.group_by(*outer_keys)
    out: dict[Any, Bedrag] = {}
    for r in bron.run(stmt):
        key = (r[0] if len(keys) == 1 else tuple(r[: len(keys)])) if keys else None
        if r[-2] == 0:
            continue
        out[key] = Bedrag(float(r[-3] or 0) * scale, int(r[-2]), float(r[-1] or 0) * scale)
    return out


def kosten_verwacht(bron: Bron, p: Periode, dimension: str | None) -> dict[Any, Bedrag]:
    """Expected cost in the period: each indicatie's yearly cost × its days in the period / 365
    (computed by :func:`indicatie_cijfers` / :func:`indicatie_totaal`)."""
    if dimension is None:
        verwacht = indicatie_totaal(bron, p).verwacht
        return {None: verwacht} if verwacht is not None else {}
    return {k: v.verwacht for k, v in indicatie_cijfers(bron, p, dimension).items() if v.verwacht is not None}


def _declaraties_raw(bron: Bron, start: date, end: date) -> Any:
    """Paid declaraties overlapping [start, end] with their indicatie's dimensions (no amounts
    spread yet), from the materialised table when one covers the window."""
    for key, table in bron.cache.items():
        if len(key) == 3 and key[1] <= start and end <= key[2]:
            return sa.select(table).where(table.c.periode_eind >= start, table.c.periode_start <= end).subquery("dr")
    hd, hi = HistorieDeclaratie, HistorieIndicatie
    return (sa.select(hi.id.label("hist_id"), (-hi.client_id).label("client"), hd.periode_start, hd.periode_eind,
                      hd.bedrag_cents, hi.wet, hi.productcategorie, hi.leveringsvorm, hi.aanbieder_id, hi.wijk_id,
                      hi.geboortedatum)
            .join(hi, hi.id == hd.indicatie_id)
            .where(*bron.hi_filter(hi), hd.gemeente_id.in_(bron.gemeente_ids), hd.periode_eind >= start,
                   hd.periode_start <= end)).subquery("dr")


def declaratie_rows(bron: Bron, p: Periode) -> Any:
    """One row per paid declaratie overlapping the period, with ``x`` its amount in cents spread
    pro rata by days (the share of its days that fall in the period) and the indicatie's dimensions."""
    raw = _declaraties_raw(bron, p.start, p.end)
    overlap = _overlap_days(bron, raw.c.periode_start, raw.c.periode_eind, p)
    decl_days = days_between(bron, raw.c.periode_eind, raw.c.periode_start) + 1
    x = sa.cast(raw.c.bedrag_cents * overlap, sa.Float) / decl_days
    return sa.select(raw.c.hist_id, raw.c.client, x.label("x"), raw.c.wet, raw.c.productcategorie,
                     raw.c.leveringsvorm, raw.c.aanbieder_id, raw.c.wijk_id, raw.c.geboortedatum).subquery("d")


def kosten_gerealiseerd(bron: Bron, p: Periode, dimension: str | None) -> dict[Any, Bedrag]:
    """Paid cost in the period: each declaratie spread pro rata by days over the periods it spans."""
    d = declaratie_rows(bron, p)
    cols = [d.c.client, d.c.x]
    if dimension:
        cols.append(_dimension(d, dimension, p.end).label("k"))
    return _amounts(bron, sa.select(*cols).subquery("r"), ["k"] if dimension else [], 1.0)


def uitnutting(bron: Bron, p: Periode) -> dict[Any, tuple[int, int]]:
    """Per wet and in total (key None): (clients with a payment in the period, clients with an
    imported indicatie active in the period). Native cases have no payments yet, so this ratio
    is over imported history only."""
    return uitnutting_uit(indicatie_cijfers(bron, p, "wet"), indicatie_totaal(bron, p),
                          kosten_gerealiseerd(bron, p, "wet"), kosten_gerealiseerd(bron, p, None))


def uitnutting_uit(per_wet: dict[Any, Cijfers], totaal: Cijfers, betaald_per_wet: dict[Any, Bedrag],
                   betaald_totaal: dict[Any, Bedrag]) -> dict[Any, tuple[int, int]]:
    """:func:`uitnutting` from figures the report has already computed: the clients with imported
    history come with bereik, the clients with a payment are the ``clients`` of the paid cost."""
    out: dict[Any, tuple[int, int]] = {}
    for wet, cijfers in per_wet.items():
        if cijfers.historie_clients:
            betaald = betaald_per_wet.get(wet)
            out[wet] = (betaald.clients if betaald else 0, cijfers.historie_clients)
    betaald = betaald_totaal.get(None)
    out[None] = (betaald.clients if betaald else 0, totaal.historie_clients)
    return out


@dataclass
class HogeKosten:
    clients: int
    boven_50k: int
    boven_100k: int
    totaal_cents: float
    top10_cents: float


def hoge_kosten(bron: Bron, peildatum: date) -> HogeKosten:
    """Per client the expected cost over the 12 months up to ``peildatum``; how many clients
    exceed €50,000 and €100,000, and the top-10's share of the total."""
    totaal = indicatie_totaal(bron, twaalf_maanden(peildatum), hoge_kosten=True)
    assert totaal.hoge_kosten is not None
    return totaal.hoge_kosten


def twaalf_maanden(peildatum: date) -> Periode:
    """The 365 days up to and including ``peildatum`` (the window of :func:`hoge_kosten`)."""
    return Periode(peildatum - timedelta(days=364), peildatum)


# ----------------------------------------------------------------------------- cohorts and stapeling

def cohorten(bron: Bron, first_year: int, last_year: int) -> dict[tuple[int, int], int]:
    """{(cohort year, year): clients} — clients by the year of their first indicatie, and how many
    of them have an indicatie running in each later year up to ``last_year``.

    Native and imported clients are disjoint sets (positive and negative ids), so each source is
    grouped on its own and the counts are added: no union to materialise over all history.
    Inside a materialised report the result is kept for the report's other periods."""
    if bron.cache and (first_year, last_year) in bron.cohorten_cache:
        return dict(bron.cohorten_cache[(first_year, last_year)])
    out: dict[tuple[int, int], int] = {}
    years = list(range(first_year, last_year + 1))
    for source in ("app", "historie"):
        if source == "historie":
            # Straight on the table, grouped by the stored client id: the covering index
            # (gemeente_id, client_id, ingangsdatum, einddatum) delivers the rows in order.
            hi = HistorieIndicatie
            ing, eind, client = hi.ingangsdatum, hi.einddatum, hi.client_id
            where = [*bron.hi_filter(hi), hi.ingangsdatum <= date(last_year, 12, 31)]
        else:
            rows = indicatie_rows(bron, None, date(last_year, 12, 31), only=source)
            ing, eind, client = rows.c.ingangsdatum, rows.c.einddatum, rows.c.client
            where = []
        flags = [sa.func.max(sa.case((sa.and_(ing <= date(y, 12, 31), sa.or_(eind.is_(None), eind >= date(y, 1, 1))),
                                      1), else_=0)).label(f"j{y}") for y in years]
        per_client = sa.select(sa.func.min(ing).label("eerste"), *flags).where(*where).group_by(client).subquery("pc")
        cohort = year_of(bron, per_client.c.eerste)
        stmt = (sa.select(cohort, *[sa.func.sum(per_client.c[f"j{y}"]) for y in years])
                .where(per_client.c.eerste >= date(first_year, 1, 1)).group_by(cohort))
        with _streaming_aggregate(bron, source == "historie"):
            result = bron.run(stmt)
        for r in result:
            c = int(r[0])
            for y, v in zip(years, r[1:], strict=True):
                if y >= c:
                    out[(c, y)] = out.get((c, y), 0) + int(v or 0)
    if bron.cache:
        bron.cohorten_cache[(first_year, last_year)] = dict(out)
    return out


@contextmanager
def _streaming_aggregate(bron: Bron, when: bool = True) -> Iterator[None]:
    """On PostgreSQL, plan the statement without hash aggregation. For the cohorts' GROUP BY client
    over all history the planner prefers a hash table of ~250,000 clients × ten flags (0.64 s at a
    million rows) to streaming the covering index ``ix_historie_indicatie_client`` in client order
    (0.37 s): its cost model does not see the cache misses of the big hash table. The setting is
    local to the transaction and put back right after the statement."""
    if not when or bron.dialect != "postgresql":
        yield
        return
    conn = db.session.connection()
    before = conn.exec_driver_sql("SELECT current_setting('enable_hashagg')").scalar()
    conn.exec_driver_sql("SELECT set_config('enable_hashagg', 'off', true)")
    try:
        yield
    finally:
        conn.exec_driver_sql("SELECT set_config('enable_hashagg', %s, true)", (before or "on",))


@dataclass
class Stapeling:
    clients: int
    meerdere: int
    meerdere_wetten: int


def stapeling(bron: Bron, peildatum: date) -> Stapeling:
    """Clients with two or more indicaties running on ``peildatum``, and with indicaties under two
    or more laws (the rows of the one-day period ``peildatum`` are exactly those running then)."""
    return indicatie_totaal(bron, Periode(peildatum, peildatum)).stapeling


# ----------------------------------------------------------------------------- one pass per grouping

@dataclass
class Cijfers:
    """What the report needs per group from the indicaties of a period — bereik, expected cost and
    the clients with imported history (uitnutting's denominator) — from one GROUP BY over the
    rows: each is a per-client aggregate at the same grain, so computing them together costs one
    scan and one hash aggregate of the materialised rows instead of three."""

    bereik: Bereik
    verwacht: Bedrag | None  # None: no indicatie in the group
    historie_clients: int


@dataclass
class Totaal(Cijfers):
    """:class:`Cijfers` over all rows, plus stapeling on the period's last day (the rows running
    then are bereik's "actief" rows) and, when asked, the high-cost tail of the period."""

    stapeling: Stapeling = field(default_factory=lambda: Stapeling(0, 0, 0))
    hoge_kosten: HogeKosten | None = None


def _per_client(bron: Bron, p: Periode, rows: Any) -> list[Any]:
    """The per-client aggregates of :class:`Cijfers`, for a GROUP BY (…, client) over ``rows``."""
    c = rows.c
    x = c.kosten_12m_cents * _overlap_days(bron, c.ingangsdatum, c.einddatum, p)
    return [sa.func.max(sa.case((_actief(rows, p), 1), else_=0)).label("a"),
            sa.func.max(sa.case((c.ingangsdatum >= p.start, 1), else_=0)).label("i"),
            sa.func.max(sa.case((c.einddatum <= p.end, 1), else_=0)).label("u"),
            sa.func.sum(x).label("s"),
            sa.func.max(sa.case((c.bron == "historie", 1), else_=0)).label("h")]


def _actief(rows: Any, p: Periode) -> Any:
    """The indicatie runs on the peildatum (the period's last day)."""
    c = rows.c
    return sa.and_(c.ingangsdatum <= p.end, sa.or_(c.einddatum.is_(None), c.einddatum >= p.end))


def _over_clients(pc: Any) -> list[Any]:
    """The sums over :func:`_per_client`'s rows, read back by :func:`_cijfers`."""
    return [*(sa.func.coalesce(sa.func.sum(pc.c[f]), 0) for f in ("a", "i", "u")),
            sa.func.sum(pc.c.s), sa.func.count(), sa.func.max(pc.c.s), sa.func.coalesce(sa.func.sum(pc.c.h), 0)]


def _cijfers(r: Sequence[Any]) -> Cijfers:
    a, i, u, s, clients, s_max, h = r
    scale = 1 / 365  # the yearly cost is per 365 days
    verwacht = Bedrag(float(s or 0) * scale, int(clients), float(s_max or 0) * scale) if clients else None
    return Cijfers(Bereik(int(a), int(i), int(u)), verwacht, int(h))


def indicatie_cijfers(bron: Bron, p: Periode, dimension: str) -> dict[Any, Cijfers]:
    """:class:`Cijfers` per value of ``dimension``: one hash aggregate per (group, client), then
    sums (cheaper than COUNT(DISTINCT …) sorts). A client in several groups counts in each."""
    rows = indicatie_rows(bron, p.start, p.end)
    k = _dimension(rows, dimension, p.end).label("k")
    pc = sa.select(k, *_per_client(bron, p, rows)).group_by(k, rows.c.client).subquery("pc")
    return {r[0]: _cijfers(r[1:]) for r in bron.run(sa.select(pc.c.k, *_over_clients(pc)).group_by(pc.c.k))}


def indicatie_totaal(bron: Bron, p: Periode, *, hoge_kosten: bool = False) -> Totaal:
    """:class:`Totaal` in one statement. ``hoge_kosten``: also the high-cost tail over ``p`` (which
    :func:`hoge_kosten` makes the 12 months up to the peildatum); its top ten reads the per-client
    rows a second time, so they are a CTE (materialised by both databases when used twice)."""
    rows = indicatie_rows(bron, p.start, p.end)
    c, actief = rows.c, _actief(rows, p)
    stapel = [sa.func.sum(sa.case((actief, 1), else_=0)).label("n"),
              # two or more laws among the running indicaties ⇔ their smallest and largest differ
              sa.func.min(sa.case((actief, c.wet))).label("w_min"),
              sa.func.max(sa.case((actief, c.wet))).label("w_max")]
    per_client = sa.select(*_per_client(bron, p, rows), *stapel).group_by(c.client)
    pc = per_client.cte("pc") if hoge_kosten else per_client.subquery("pc")
    cols = [*_over_clients(pc), sa.func.sum(sa.case((pc.c.n >= 1, 1), else_=0)),
            sa.func.sum(sa.case((pc.c.n >= 2, 1), else_=0)),
            sa.func.sum(sa.case((pc.c.w_min != pc.c.w_max, 1), else_=0))]
    if hoge_kosten:
        per_jaar = pc.c.s / 365.0
        top = sa.select(per_jaar.label("s")).order_by(per_jaar.desc()).limit(10).subquery("top")
        cols += [sa.func.sum(sa.case((per_jaar > 5_000_000, 1), else_=0)),
                 sa.func.sum(sa.case((per_jaar > 10_000_000, 1), else_=0)), sa.func.sum(per_jaar),
                 sa.select(sa.func.sum(top.c.s)).scalar_subquery()]
    r = bron.run(sa.select(*cols))[0]
    cijfers = _cijfers(r[:7])
    totaal = Totaal(cijfers.bereik, cijfers.verwacht, cijfers.historie_clients,
                    Stapeling(int(r[7] or 0), int(r[8] or 0), int(r[9] or 0)))
    if hoge_kosten:
        totaal.hoge_kosten = HogeKosten(int(r[4]), int(r[10] or 0), int(r[11] or 0), float(r[12] or 0),
                                        float(r[13] or 0))
    return totaal


# ----------------------------------------------------------------------------- labels

def labels(kind: str, keys: Sequence[Any], gemeente_ids: Sequence[int]) -> dict[Any, str]:
    """Display names for dimension keys (aanbieder and wijk ids to names; codes to their labels)."""
    if kind == "aanbieder":
        ids = [k for k in keys if k is not None]
        names = _pairs(sa.select(Aanbieder.id, Aanbieder.naam).where(Aanbieder.id.in_(ids))) \
            if ids else {}
        return {k: names.get(k, "onbekend") if k is not None else "geen aanbieder (pgb)" for k in keys}
    if kind == "wijk":
        ids = [k for k in keys if k is not None]
        names = _pairs(sa.select(Wijk.id, Wijk.naam).where(Wijk.id.in_(ids))) if ids else {}
        return {k: names.get(k, "onbekend") if k is not None else "onbekend" for k in keys}
    return {}


def _pairs(stmt: Any) -> dict[Any, Any]:
    return {a: b for a, b in db.session.execute(stmt)}
