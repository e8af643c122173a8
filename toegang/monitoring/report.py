"""The monitoring report: the SQL aggregates of :mod:`queries`, sent through disclosure control,
as tables of published values — the one structure the export, the API and the dashboard render.

Nothing in a :class:`Rapport` is a raw number: every value is a :class:`disclosure.Waarde`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from toegang.catalogus.models import ReferenceCode
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.monitoring import disclosure as dc
from toegang.monitoring import queries as q
from toegang.monitoring.disclosure import Regels, Waarde

PERIODE_SOORTEN = ("maand", "kwartaal", "halfjaar", "jaar")
#: English aliases accepted on the command line.
PERIODE_ALIASES = {"month": "maand", "quarter": "kwartaal", "half-year": "halfjaar", "halfyear": "halfjaar",
                   "year": "jaar"}
TOTAAL = "totaal"
WET_LABELS = {"WMO": "Wmo 2015", "JW": "Jeugdwet", "PW": "Participatiewet"}
LEEFTIJD_LABELS = {
    "jeugd_0_3": "Jeugd 0-3 jaar", "jeugd_4_11": "Jeugd 4-11 jaar", "jeugd_12_17": "Jeugd 12-17 jaar",
    "jeugd_18_22": "Jeugd 18-22 jaar", "jeugd_23_plus": "Jeugd 23 jaar en ouder",
    "volw_0_17": "Wmo/PW jonger dan 18", "volw_18_64": "Wmo/PW 18-64 jaar", "volw_65_74": "Wmo/PW 65-74 jaar",
    "volw_75_plus": "Wmo/PW 75 jaar en ouder",
}
LEVERINGSVORM_LABELS = {"ZIN": "Zorg in natura", "PGB": "Persoonsgebonden budget"}
BEEINDIGING_LABELS = {
    "volgens_plan": "Volgens plan", "voortijdig_client": "Voortijdig door cliënt",
    "voortijdig_aanbieder": "Voortijdig door aanbieder", "voortijdig_overeenstemming": "Voortijdig in overeenstemming",
    "einddatum_bereikt": "Einddatum bereikt (geen reden)", "overig": "Overige reden",
}
SOORT_LABELS = {"toekenning": "Toekenning", "gedeeltelijke_toekenning": "Gedeeltelijke toekenning",
                "afwijzing": "Afwijzing", "wijziging": "Wijziging", "beeindiging": "Beëindiging"}
AFSLUIT_LABELS = {"opgelost_zonder_maatwerk": "Opgelost zonder maatwerk (eigen kracht, netwerk, algemene voorziening)",
                  "doorverwezen": "Doorverwezen naar een voorliggende voorziening", "ingetrokken": "Ingetrokken",
                  "afgewezen": "Afgewezen", "toegekend": "Maatwerk toegekend"}
ZONDER_MAATWERK = ("opgelost_zonder_maatwerk", "doorverwezen")
DIMENSIE_TITELS = {"wet": "wet", "productcategorie": "productcategorie", "leveringsvorm": "leveringsvorm",
                   "aanbieder": "aanbieder", "wijk": "wijk", "leeftijdsklasse": "leeftijdsklasse"}


# ----------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Periode(q.Periode):
    soort: str = "kwartaal"

    @property
    def label(self) -> str:
        y = self.start.year
        if self.soort == "maand":
            return f"{y}-{self.start.month:02d}"
        if self.soort == "kwartaal":
            return f"{y}-K{(self.start.month - 1) // 3 + 1}"
        if self.soort == "halfjaar":
            return f"{y}-H{1 if self.start.month <= 6 else 2}"
        return str(y)


def _months(soort: str) -> int:
    return {"maand": 1, "kwartaal": 3, "halfjaar": 6, "jaar": 12}[soort]


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def containing(day: date, soort: str) -> Periode:
    """The calendar period of this kind that contains ``day``."""
    n = _months(soort)
    start = date(day.year, (day.month - 1) // n * n + 1, 1)
    end = _add_months(start, n) - timedelta(days=1)
    return Periode(start, end, soort)


def periods(van: date, tot: date, soort: str) -> list[Periode]:
    """Calendar periods from the one containing ``van`` through the one containing ``tot``."""
    soort = PERIODE_ALIASES.get(soort, soort)
    if soort not in PERIODE_SOORTEN:
        raise ValueError(f"onbekende periode: {soort}")
    if tot < van:
        raise ValueError("de einddatum ligt vóór de begindatum")
    out, p = [], containing(van, soort)
    while p.start <= tot:
        out.append(p)
        p = containing(p.end + timedelta(days=1), soort)
    return out


def previous(p: Periode) -> Periode:
    return containing(p.start - timedelta(days=1), p.soort)


# ----------------------------------------------------------------------------- tables

@dataclass(frozen=True)
class Kolom:
    id: str
    titel: str
    soort: str  # aantal | bedrag | percentage | dagen | cijfer


@dataclass
class Rij:
    sleutel: str
    label: str
    waarden: dict[str, Waarde]


@dataclass
class Tabel:
    id: str
    titel: str
    indicator: str
    dimensie: str | None
    kolommen: list[Kolom]
    rijen: list[Rij]
    totaal: Rij | None = None
    toelichting: str = ""

    def cell(self, sleutel: str, kolom: str) -> Waarde:
        rows = [*self.rijen, *([self.totaal] if self.totaal else [])]
        return next(r.waarden[kolom] for r in rows if r.sleutel == sleutel)


@dataclass
class Richting:
    id: str
    titel: str
    soort: str
    waarde: Waarde
    vorige: Waarde
    verschil: float | int | None
    richting: str | None  # op | neer | gelijk | None (not comparable: a value is secret)


@dataclass
class PeriodeRapport:
    periode: Periode
    tabellen: list[Tabel]
    richtingen: list[Richting]
    #: Headline values (published) by id, for the next period's comparison and the dashboard.
    kern: dict[str, Waarde] = field(default_factory=dict)

    def tabel(self, tabel_id: str) -> Tabel:
        return next(t for t in self.tabellen if t.id == tabel_id)


@dataclass
class Rapport:
    gemeente_code: str
    gemeente_naam: str
    soort: str
    van: date
    tot: date
    regels: Regels
    filters: dict[str, Any]
    bronnen: dict[str, Any]
    perioden: list[PeriodeRapport]


def _key(value: Any) -> str:
    return "onbekend" if value is None else str(value)


def count_table(rules: Regels, *, id: str, titel: str, indicator: str, dimensie: str | None,
                kolommen: Sequence[Kolom], data: dict[Any, dict[str, int]], totals: dict[str, int] | None,
                label: Callable[[Any], str], toelichting: str = "", order: Sequence[Any] | None = None) -> Tabel:
    """A table of counts: each column is additive over the rows towards its total (when given)."""
    keys = list(order) if order is not None else sorted(data, key=lambda k: (k is None, str(k)))
    raw: dict[Hashable, int] = {}
    lines: list[tuple[list[Hashable], Hashable | None]] = []
    for kol in kolommen:
        cells = []
        for k in keys:
            raw[(k, kol.id)] = int(data.get(k, {}).get(kol.id, 0))
            cells.append((k, kol.id))
        total_key = None
        if totals is not None:
            total_key = (TOTAAL, kol.id)
            raw[total_key] = int(totals.get(kol.id, 0))
        lines.append((cells, total_key))
    published = dc.publish_counts(raw, lines, rules)
    rijen = [Rij(_key(k), label(k), {kol.id: published[(k, kol.id)] for kol in kolommen}) for k in keys]
    totaal = Rij(TOTAAL, "Totaal", {kol.id: published[(TOTAAL, kol.id)] for kol in kolommen}) \
        if totals is not None else None
    return Tabel(id, titel, indicator, dimensie, list(kolommen), rijen, totaal, toelichting)


def cross_table(rules: Regels, *, id: str, titel: str, indicator: str, dimensie: str,
                rows: Sequence[Any], cols: Sequence[tuple[str, str]], data: dict[tuple[Any, str], int],
                label: Callable[[Any], str], toelichting: str = "") -> Tabel:
    """A two-way table of counts with row totals, column totals and a grand total; complementary
    suppression runs over rows and columns together."""
    raw: dict[Hashable, int] = {}
    lines: list[tuple[list[Hashable], Hashable | None]] = []
    col_ids = [c for c, _ in cols]
    for r in rows:
        for c in col_ids:
            raw[(r, c)] = int(data.get((r, c), 0))
        raw[(r, TOTAAL)] = sum(raw[(r, c)] for c in col_ids)
        lines.append(([(r, c) for c in col_ids], (r, TOTAAL)))
    for c in col_ids:
        raw[(TOTAAL, c)] = sum(raw[(r, c)] for r in rows)
        lines.append(([(r, c) for r in rows], (TOTAAL, c)))
    raw[(TOTAAL, TOTAAL)] = sum(raw[(TOTAAL, c)] for c in col_ids)
    lines.append(([(r, TOTAAL) for r in rows], (TOTAAL, TOTAAL)))
    lines.append(([(TOTAAL, c) for c in col_ids], (TOTAAL, TOTAAL)))
    published = dc.publish_counts(raw, lines, rules)
    kolommen = [Kolom(c, t, "aantal") for c, t in cols] + [Kolom(TOTAAL, "Totaal", "aantal")]
    rijen = [Rij(_key(r), label(r), {k.id: published[(r, k.id)] for k in kolommen}) for r in rows]
    totaal = Rij(TOTAAL, "Totaal", {k.id: published[(TOTAAL, k.id)] for k in kolommen})
    return Tabel(id, titel, indicator, dimensie, kolommen, rijen, totaal, toelichting)


# ----------------------------------------------------------------------------- labels

def _reference_labels() -> dict[str, str]:
    rows = db.session.execute(sa.select(ReferenceCode.list_name, ReferenceCode.code, ReferenceCode.label).where(
        ReferenceCode.list_name.in_(["wmo_productcategorie", "jeugd_productcategorie", "verwijzer"])))
    out: dict[str, str] = {}
    for list_name, code, lab in rows:
        prefix = "verwijzer:" if list_name == "verwijzer" else "categorie:"
        out[prefix + code] = lab
    return out


class Labels:
    def __init__(self, bron: q.Bron) -> None:
        self.bron = bron
        self.ref = _reference_labels()

    def _categorie(self, key: Any) -> str:
        """'WMO-01' → 'Wmo 2015: 01 Hulp bij het huishouden' (Jeugd from JZ020; PW by code)."""
        if not key or "-" not in str(key):
            return "onbekend"
        wet, code = str(key).split("-", 1)
        naam = self.ref.get(f"categorie:{code}", "") if wet in ("WMO", "JW") else ""
        return f"{WET_LABELS.get(wet, wet)}: {code} {naam}".strip()

    def for_dimension(self, dimension: str, keys: Iterable[Any]) -> Callable[[Any], str]:
        keys = list(keys)
        if dimension in ("aanbieder", "wijk"):
            names = q.labels(dimension, keys, self.bron.gemeente_ids)
            return lambda k: names.get(k, "onbekend")
        if dimension == "wet":
            return lambda k: WET_LABELS.get(k, _key(k))
        if dimension == "leveringsvorm":
            return lambda k: LEVERINGSVORM_LABELS.get(k, _key(k))
        if dimension == "leeftijdsklasse":
            return lambda k: LEEFTIJD_LABELS.get(k, _key(k))
        if dimension == "productcategorie":
            return self._categorie
        return _key


# ----------------------------------------------------------------------------- one period

BEREIK_KOLOMMEN = [Kolom("stand", "Stand op peildatum", "aantal"), Kolom("instroom", "Instroom", "aantal"),
                   Kolom("uitstroom", "Uitstroom", "aantal")]
DOORLOOP_KOLOMMEN = [Kolom("aantal", "Aantal", "aantal"), Kolom("mediaan", "Mediaan (dagen)", "dagen"),
                     Kolom("p90", "90e percentiel (dagen)", "dagen"),
                     Kolom("te_laat", "Na de wettelijke termijn", "aantal"),
                     Kolom("te_laat_pct", "Na de termijn (%)", "percentage")]


def _bereik_tables(bron: q.Bron, p: Periode, totaal: q.Totaal, per_dimensie: dict[str, dict[Any, q.Cijfers]],
                   rules: Regels, labels: Labels) -> tuple[list[Tabel], q.Bereik]:
    """The bereik tables; ``per_dimensie`` holds the dimensions already computed with the costs."""
    total = totaal.bereik
    totals = {"stand": total.stand, "instroom": total.instroom, "uitstroom": total.uitstroom}
    tables = [count_table(rules, id="bereik", titel="Bereik: cliënten met een indicatie", indicator="bereik",
                          dimensie=None, kolommen=BEREIK_KOLOMMEN, data={}, totals=totals, label=_key)]
    for dim in q.DIMENSIONS:
        per = {k: v.bereik for k, v in per_dimensie[dim].items()} if dim in per_dimensie else q.bereik(bron, p, dim)
        data = {k: {"stand": v.stand, "instroom": v.instroom, "uitstroom": v.uitstroom} for k, v in per.items()}
        tables.append(count_table(
            rules, id=f"bereik_per_{dim}", titel=f"Bereik per {DIMENSIE_TITELS[dim]}", indicator="bereik",
            dimensie=dim, kolommen=BEREIK_KOLOMMEN, data=data, totals=totals,
            label=labels.for_dimension(dim, data),
            toelichting="Een cliënt met indicaties in meer groepen telt in elke groep; de rijen kunnen "
                        "daardoor samen meer zijn dan het totaal."))
    return tables, total


def _doorloop_table(rules: Regels, id: str, titel: str, verdeling: dict[Any, q.Verdeling], toelichting: str) -> Tabel:
    keys = sorted(k for k in verdeling if k is not None)
    raw_counts = {k: {"aantal": v.n, "te_laat": v.te_laat} for k, v in verdeling.items() if k is not None}
    tot = verdeling[None]
    table = count_table(rules, id=id, titel=titel, indicator="doorlooptijden", dimensie="wet",
                        kolommen=[DOORLOOP_KOLOMMEN[0], DOORLOOP_KOLOMMEN[3]], data=raw_counts,
                        totals={"aantal": tot.n, "te_laat": tot.te_laat}, label=lambda k: WET_LABELS.get(k, _key(k)),
                        order=keys, toelichting=toelichting)
    for row in [*table.rijen, table.totaal]:
        assert row is not None
        v = verdeling[None if row.sleutel == TOTAAL else row.sleutel]
        row.waarden["mediaan"] = dc.publish_statistic(v.mediaan, v.n, "dagen", rules)
        row.waarden["p90"] = dc.publish_statistic(v.p90, v.n, "dagen", rules)
        row.waarden["te_laat_pct"] = dc.publish_percentage(v.te_laat, v.n, rules)
    table.kolommen = list(DOORLOOP_KOLOMMEN)
    return table


def _amount_table(rules: Regels, *, id: str, titel: str, indicator: str, dimensie: str | None,
                  per: dict[Any, q.Bedrag], total: q.Bedrag | None, label: Callable[[Any], str],
                  toelichting: str) -> Tabel:
    kolommen = [Kolom("bedrag", "Bedrag (euro)", "bedrag"), Kolom("per_client", "Per cliënt (euro)", "bedrag")]

    def row(key: str, lab: str, b: q.Bedrag | None) -> Rij:
        if b is None:
            b = q.Bedrag(0, 0, 0)
        bedrag = dc.publish_amount(round(b.cents), b.clients, round(b.max_client_cents), rules)
        per_client = dc.publish_amount(round(b.cents / b.clients), b.clients, round(b.max_client_cents), rules) \
            if b.clients else bedrag
        return Rij(key, lab, {"bedrag": bedrag, "per_client": per_client})

    keys = sorted(per, key=lambda k: (k is None, str(k)))
    rijen = [row(_key(k), label(k), per[k]) for k in keys]
    return Tabel(id, titel, indicator, dimensie, kolommen, rijen, row(TOTAAL, "Totaal", total), toelichting)


def period_report(bron: q.Bron, p: Periode, rules: Regels, doel_tevredenheid: float,
                  labels: Labels | None = None) -> PeriodeRapport:
    with q.materialized(bron, p.start, p.end):
        return _period_report(bron, p, rules, doel_tevredenheid, labels or Labels(bron))


def _period_report(bron: q.Bron, p: Periode, rules: Regels, doel_tevredenheid: float,
                   labels: Labels) -> PeriodeRapport:
    tables: list[Tabel] = []
    kern: dict[str, Waarde] = {}

    # Bereik, expected cost, uitnutting's denominator and stapeling are per-client aggregates of
    # the same rows: one GROUP BY per grouping serves them all (see q.indicatie_cijfers). The
    # high-cost tail joins the total when its 12 months are this period (a yearly report).
    jaar = q.twaalf_maanden(p.end)
    hoge_kosten_mee = (jaar.start, jaar.end) == (p.start, p.end)
    totaal = q.indicatie_totaal(bron, p, hoge_kosten=hoge_kosten_mee)
    per_dimensie = {dim: q.indicatie_cijfers(bron, p, dim) for dim in ("wet", "productcategorie")}
    bereik_tables, _ = _bereik_tables(bron, p, totaal, per_dimensie, rules, labels)
    tables += bereik_tables
    bereik_totaal = bereik_tables[0].totaal
    assert bereik_totaal is not None
    for kol in ("stand", "instroom", "uitstroom"):
        kern[f"bereik_{kol}"] = bereik_totaal.waarden[kol]

    # Verwijzingen
    verw = q.verwijzingen(bron, p)
    tables.append(count_table(
        rules, id="verwijzingen", titel="Meldingen per verwijzer", indicator="bereik", dimensie="verwijzer",
        kolommen=[Kolom("aantal", "Meldingen", "aantal")], data={k: {"aantal": v} for k, v in verw.items()},
        totals={"aantal": sum(verw.values())},
        label=lambda k: "Geen verwijzer (inwoner zelf)" if k == "geen" else labels.ref.get(f"verwijzer:{k}", _key(k))))
    ha = q.verwijzingen_huisarts(bron, p)
    tables.append(count_table(
        rules, id="verwijzingen_huisarts", titel="Verwijzingen door huisartsen per praktijk", indicator="bereik",
        dimensie="huisartspraktijk", kolommen=[Kolom("aantal", "Verwijzingen", "aantal")],
        data={k: {"aantal": v} for k, v in ha.items()}, totals={"aantal": sum(ha.values())},
        label=lambda k: "Praktijk onbekend (historie)" if k == "onbekend" else str(k)))

    # Doorlooptijden
    onderzoek = q.doorlooptijd_onderzoek(bron, p)
    tables.append(_doorloop_table(rules, "doorlooptijd_onderzoek", "Doorlooptijd melding tot onderzoek gereed",
                                  onderzoek, f"Termijn: {q.TERMIJN_ONDERZOEK_DAGEN} dagen (Wmo art. 2.3.2). "
                                             "Doorlooptijd in kalenderdagen; 'na de wettelijke termijn' telt tegen "
                                             "de termijn van de zaak zelf, na opschorting en de Algemene "
                                             "termijnenwet."))
    beschikking = q.doorlooptijd_beschikking(bron, p)
    t_beschikking = _doorloop_table(rules, "doorlooptijd_beschikking", "Doorlooptijd aanvraag tot beschikking",
                                    beschikking, "Termijn: Wmo 14 dagen (art. 2.3.5), Jeugdwet en Participatiewet "
                                                 "56 dagen (Awb 4:13). Doorlooptijd in kalenderdagen; 'na de "
                                                 "wettelijke termijn' telt tegen de termijn van de zaak, na "
                                                 "opschorting, verdaging en de Algemene termijnenwet (historie: de "
                                                 "wettelijke termijn zelf).")
    tables.append(t_beschikking)
    kern["doorlooptijd_mediaan"] = t_beschikking.totaal.waarden["mediaan"]  # type: ignore[union-attr]
    kern["doorlooptijd_te_laat_pct"] = t_beschikking.totaal.waarden["te_laat_pct"]  # type: ignore[union-attr]

    # Kwaliteit
    n_scores, gemiddeld = q.tevredenheid(bron, p)
    cijfer = dc.publish_statistic(gemiddeld, n_scores, "cijfer", rules)
    tables.append(Tabel("tevredenheid", "Tevredenheid van inwoners over de toegang (rapportcijfer 1-10)", "kwaliteit",
                        None, [Kolom("aantal", "Aantal cijfers", "aantal"), Kolom("gemiddelde", "Gemiddelde", "cijfer"),
                               Kolom("doel", "Doel", "cijfer")],
                        [], Rij(TOTAAL, "Totaal", {"aantal": dc.publish_count(n_scores, rules), "gemiddelde": cijfer,
                                                    "doel": Waarde(doel_tevredenheid, False, "cijfer")}),
                        "Gevraagd bij het afsluiten van een hulpvraag."))
    kern["tevredenheid"] = cijfer
    per_aanbieder = q.beeindigingen(bron, p, per_aanbieder=True)
    eind: dict[str, int] = {}
    for (_, cat), n in per_aanbieder.items():  # the totals per category: the sum over aanbieders
        eind[cat] = eind.get(cat, 0) + n
    cats = list(BEEINDIGING_LABELS)
    tables.append(count_table(
        rules, id="beeindiging", titel="Hoe indicaties eindigen", indicator="kwaliteit", dimensie="reden",
        kolommen=[Kolom("aantal", "Indicaties", "aantal")], data={k: {"aantal": v} for k, v in eind.items()},
        totals={"aantal": sum(eind.values())}, label=lambda k: BEEINDIGING_LABELS.get(k, _key(k)), order=cats))
    aanbieders = sorted({a for a, _ in per_aanbieder}, key=lambda k: (k is None, str(k)))
    tables.append(cross_table(
        rules, id="beeindiging_per_aanbieder", titel="Hoe indicaties eindigen, per aanbieder", indicator="kwaliteit",
        dimensie="aanbieder", rows=aanbieders, cols=[(c, BEEINDIGING_LABELS[c]) for c in cats],
        data=per_aanbieder, label=labels.for_dimension("aanbieder", aanbieders)))

    # Beschikkingen and outcomes
    soorten = q.beschikkingen_per_soort(bron, p)
    t_soort = count_table(
        rules, id="beschikkingen", titel="Afgegeven beschikkingen per soort", indicator="beschikkingen",
        dimensie="soort", kolommen=[Kolom("aantal", "Beschikkingen", "aantal")],
        data={k: {"aantal": v} for k, v in soorten.items()}, totals={"aantal": sum(soorten.values())},
        label=lambda k: SOORT_LABELS.get(k, _key(k)), order=list(SOORT_LABELS))
    besluiten = sum(soorten.get(s, 0) for s in ("toekenning", "gedeeltelijke_toekenning", "afwijzing"))
    t_soort.kolommen.append(Kolom("aandeel", "Aandeel van toekenningen en afwijzingen (%)", "percentage"))
    for row in t_soort.rijen:
        share = row.sleutel in ("toekenning", "gedeeltelijke_toekenning", "afwijzing")
        row.waarden["aandeel"] = dc.publish_percentage(soorten.get(row.sleutel, 0), besluiten, rules) if share \
            else Waarde(None, True, "percentage", "niet_van_toepassing")
    assert t_soort.totaal is not None
    t_soort.totaal.waarden["aandeel"] = dc.publish_percentage(besluiten, besluiten, rules)
    tables.append(t_soort)
    redenen = q.afsluitredenen(bron, p)
    t_af = count_table(
        rules, id="afsluitredenen", titel="Afgesloten hulpvragen per uitkomst", indicator="beschikkingen",
        dimensie="uitkomst", kolommen=[Kolom("aantal", "Hulpvragen", "aantal")],
        data={k: {"aantal": v} for k, v in redenen.items()}, totals={"aantal": sum(redenen.values())},
        label=lambda k: AFSLUIT_LABELS.get(k, _key(k)), order=list(AFSLUIT_LABELS))
    zonder = sum(redenen.get(k, 0) for k in ZONDER_MAATWERK)
    t_af.kolommen.append(Kolom("aandeel", "Aandeel (%)", "percentage"))
    for row in t_af.rijen:
        row.waarden["aandeel"] = dc.publish_percentage(redenen.get(row.sleutel, 0), sum(redenen.values()), rules)
    assert t_af.totaal is not None
    t_af.totaal.waarden["aandeel"] = dc.publish_percentage(sum(redenen.values()), sum(redenen.values()), rules)
    tables.append(t_af)
    zonder_pct = dc.publish_percentage(zonder, sum(redenen.values()), rules)
    tables.append(Tabel("zonder_maatwerk", "Hulpvragen opgelost zonder maatwerk", "beschikkingen", None,
                        [Kolom("aandeel", "Aandeel (%)", "percentage")], [],
                        Rij(TOTAAL, "Totaal", {"aandeel": zonder_pct}),
                        "Opgelost met eigen kracht, netwerk of een algemene voorziening, of doorverwezen."))
    kern["zonder_maatwerk_pct"] = zonder_pct

    # Kosten
    gerealiseerd = {dim: q.kosten_gerealiseerd(bron, p, dim) for dim in (None, "wet", "productcategorie")}
    verwacht: dict[str | None, dict[Any, q.Bedrag]] = {
        dim: {k: v.verwacht for k, v in per_dimensie[dim].items() if v.verwacht is not None}
        for dim in ("wet", "productcategorie")}
    verwacht[None] = {None: totaal.verwacht} if totaal.verwacht is not None else {}
    for soort, kosten, titel, toel in (
        ("verwacht", verwacht, "Verwachte kosten (toegekend)",
         "Jaarkosten van elke indicatie naar rato van haar dagen in de periode."),
        ("gerealiseerd", gerealiseerd, "Gerealiseerde kosten (betaald)",
         "Declaraties naar rato van hun dagen in de periode; alleen waar betalingen bekend zijn (historie)."),
    ):
        total = kosten[None].get(None)
        t_total = _amount_table(rules, id=f"kosten_{soort}", titel=titel, indicator="kosten", dimensie=None,
                                per={}, total=total, label=_key, toelichting=toel)
        tables.append(t_total)
        kern[f"kosten_{soort}"] = t_total.totaal.waarden["bedrag"]  # type: ignore[union-attr]
        for dim in ("wet", "productcategorie"):
            per = kosten[dim]
            tables.append(_amount_table(rules, id=f"kosten_{soort}_per_{dim}", titel=f"{titel} per {dim}",
                                        indicator="kosten", dimensie=dim, per=per, total=total,
                                        label=labels.for_dimension(dim, per), toelichting=toel))
    uit = q.uitnutting_uit(per_dimensie["wet"], totaal, gerealiseerd["wet"], gerealiseerd[None])
    rijen = [Rij(k, WET_LABELS.get(k, k), {"uitnutting": dc.publish_percentage(v[0], v[1], rules)})
             for k, v in sorted((k, v) for k, v in uit.items() if k is not None)]
    uit_tot = dc.publish_percentage(uit[None][0], uit[None][1], rules)
    tables.append(Tabel("uitnutting", "Uitnutting: cliënten met een betaling ÷ cliënten met een beschikking",
                        "kosten", "wet", [Kolom("uitnutting", "Uitnutting (%)", "percentage")], rijen,
                        Rij(TOTAAL, "Totaal", {"uitnutting": uit_tot}),
                        "Over geïmporteerde historie: alleen daar zijn betalingen bekend."))
    kern["uitnutting"] = uit_tot
    hk = totaal.hoge_kosten if totaal.hoge_kosten is not None else q.hoge_kosten(bron, p.end)
    tables.append(Tabel(
        "hoge_kosten", "Hoge kosten per cliënt (verwacht, 12 maanden tot de peildatum)", "kosten", None,
        [Kolom("boven_50k", "Cliënten boven € 50.000", "aantal"),
         Kolom("boven_100k", "Cliënten boven € 100.000", "aantal"),
         Kolom("top10_aandeel", "Aandeel van de tien duurste cliënten (%)", "percentage")], [],
        Rij(TOTAAL, "Totaal", {"boven_50k": dc.publish_count(hk.boven_50k, rules),
                               "boven_100k": dc.publish_count(hk.boven_100k, rules),
                               "top10_aandeel": dc.publish_percentage(hk.top10_cents, hk.totaal_cents, rules)
                               if hk.clients >= rules.min_noemer
                               else Waarde(None, True, "percentage", dc.NOEMER_TE_KLEIN)}),
        "Alleen aantallen en een aandeel; geen bedragen of kenmerken van personen."))

    # Stapeling
    st = totaal.stapeling
    tables.append(Tabel(
        "stapeling", "Stapeling op de peildatum", "stapeling", None,
        [Kolom("meerdere", "Cliënten met 2 of meer indicaties", "aantal"),
         Kolom("meerdere_wetten", "Cliënten met indicaties onder 2 of meer wetten", "aantal"),
         Kolom("meerdere_pct", "Aandeel met 2 of meer indicaties (%)", "percentage")], [],
        Rij(TOTAAL, "Totaal", {"meerdere": dc.publish_count(st.meerdere, rules),
                               "meerdere_wetten": dc.publish_count(st.meerdere_wetten, rules),
                               "meerdere_pct": dc.publish_percentage(st.meerdere, st.clients, rules)})))

    # Cohorts: the ten years up to this period
    first = p.end.year - 9
    coh = q.cohorten(bron, first, p.end.year)
    cohort_years = sorted({c for c, _ in coh})
    years = list(range(first, p.end.year + 1))
    raw = {(c, y): v for (c, y), v in coh.items()}
    published = dc.publish_counts(raw, [], rules)
    kolommen = [Kolom(str(y), str(y), "aantal") for y in years]
    rijen = [Rij(str(c), f"Gestart in {c}", {str(y): published[(c, y)] if (c, y) in published
                                             else Waarde(None, True, "aantal", "niet_van_toepassing")
                                             for y in years}) for c in cohort_years]
    tables.append(Tabel("cohorten", "Cohorten: cliënten naar jaar van eerste zorg, nog in zorg per jaar", "cohorten",
                        "startjaar", kolommen, rijen, None,
                        "Per rij het jaar van de eerste indicatie; per kolom hoeveel van hen dat jaar een indicatie "
                        "hadden."))
    return PeriodeRapport(p, tables, [], kern)


# ----------------------------------------------------------------------------- directions

KERN_TITELS = [
    ("bereik_stand", "Bereik: cliënten met een indicatie op de peildatum", "aantal"),
    ("bereik_instroom", "Instroom", "aantal"),
    ("bereik_uitstroom", "Uitstroom", "aantal"),
    ("doorlooptijd_mediaan", "Doorlooptijd aanvraag tot beschikking (mediaan, dagen)", "dagen"),
    ("doorlooptijd_te_laat_pct", "Beschikkingen na de wettelijke termijn (%)", "percentage"),
    ("tevredenheid", "Tevredenheid (gemiddeld rapportcijfer)", "cijfer"),
    ("zonder_maatwerk_pct", "Hulpvragen opgelost zonder maatwerk (%)", "percentage"),
    ("kosten_verwacht", "Verwachte kosten (euro)", "bedrag"),
    ("kosten_gerealiseerd", "Gerealiseerde kosten (euro)", "bedrag"),
    ("uitnutting", "Uitnutting (%)", "percentage"),
]


def direction(now: Waarde, before: Waarde, drempel: float) -> tuple[float | int | None, str | None]:
    """(change, 'op' | 'neer' | 'gelijk') from two *published* values; None when either is secret.

    'gelijk' when the change is within ``drempel`` (a fraction) of the previous value."""
    if now.geheim or before.geheim or now.waarde is None or before.waarde is None:
        return None, None
    change = now.waarde - before.waarde
    if isinstance(change, float):
        change = round(change, 1)
    base = abs(before.waarde)
    if change == 0 or (base and abs(change) / base <= drempel):
        return change, "gelijk"
    return change, "op" if change > 0 else "neer"


def headline(bron: q.Bron, p: Periode, rules: Regels) -> dict[str, Waarde]:
    """Only the headline values of a period (for the comparison with the first period reported)."""
    with q.materialized(bron, p.start, p.end):
        return _headline(bron, p, rules)


def _headline(bron: q.Bron, p: Periode, rules: Regels) -> dict[str, Waarde]:
    kern: dict[str, Waarde] = {}
    # Only the totals: one per-client pass over the indicaties, one over the declaraties.
    totaal = q.indicatie_totaal(bron, p)
    gerealiseerd = q.kosten_gerealiseerd(bron, p, None)
    b = totaal.bereik
    pub = dc.publish_counts({"stand": b.stand, "instroom": b.instroom, "uitstroom": b.uitstroom}, [], rules)
    kern.update({f"bereik_{k}": v for k, v in pub.items()})
    v = q.doorlooptijd_beschikking(bron, p)[None]
    kern["doorlooptijd_mediaan"] = dc.publish_statistic(v.mediaan, v.n, "dagen", rules)
    kern["doorlooptijd_te_laat_pct"] = dc.publish_percentage(v.te_laat, v.n, rules)
    n, avg = q.tevredenheid(bron, p)
    kern["tevredenheid"] = dc.publish_statistic(avg, n, "cijfer", rules)
    redenen = q.afsluitredenen(bron, p)
    kern["zonder_maatwerk_pct"] = dc.publish_percentage(sum(redenen.get(k, 0) for k in ZONDER_MAATWERK),
                                                        sum(redenen.values()), rules)
    for soort, bedrag in (("verwacht", totaal.verwacht), ("gerealiseerd", gerealiseerd.get(None))):
        t = bedrag or q.Bedrag(0, 0, 0)
        kern[f"kosten_{soort}"] = dc.publish_amount(round(t.cents), t.clients, round(t.max_client_cents), rules)
    u = q.uitnutting_uit({}, totaal, {}, gerealiseerd)[None]
    kern["uitnutting"] = dc.publish_percentage(u[0], u[1], rules)
    return kern


def directions(now: dict[str, Waarde], before: dict[str, Waarde], drempel: float) -> list[Richting]:
    out = []
    for kid, titel, soort in KERN_TITELS:
        change, richting = direction(now[kid], before[kid], drempel)
        out.append(Richting(kid, titel, soort, now[kid], before[kid], change, richting))
    return out


# ----------------------------------------------------------------------------- the whole report

def build(gemeente: Gemeente, van: date, tot: date, soort: str, config: Any, *, wet: str | None = None,
          wijk_id: int | None = None) -> Rapport:
    """The report for one gemeente, every period from ``van`` to ``tot``, each compared with the
    period before it."""
    rules = Regels.from_config(config)
    doel = float(config.get("MONITORING_TEVREDENHEID_DOEL", 7.1))
    drempel = float(config.get("MONITORING_RICHTING_DREMPEL", 0.02))
    soort = PERIODE_ALIASES.get(soort, soort)
    bron = q.Bron((gemeente.id,), wet=wet, wijk_id=wijk_id)
    labels = Labels(bron)
    result: list[PeriodeRapport] = []
    before: dict[str, Waarde] | None = None
    reported = periods(van, tot, soort)
    with q.materialized(bron, previous(reported[0]).start, reported[-1].end):
        for p in reported:
            if before is None:
                before = headline(bron, previous(p), rules)
            pr = period_report(bron, p, rules, doel, labels)
            pr.richtingen = directions(pr.kern, before, drempel)
            result.append(pr)
            before = pr.kern
    return Rapport(gemeente.code, gemeente.naam, soort, van, tot, rules,
                   {"wet": wet, "wijk_id": wijk_id}, data_sources(gemeente.id), result)


def data_sources(gemeente_id: int) -> dict[str, Any]:
    """Which data the numbers rest on: the app's own cases and each history import (file name,
    SHA-256, date) — no personal data."""
    from toegang.monitoring.models import HistorieImport

    imports = db.session.scalars(sa.select(HistorieImport).where(HistorieImport.gemeente_id == gemeente_id)
                                 .order_by(HistorieImport.id)).all()
    return {
        "toegang": "indicaties (beschikt of beëindigd), hulpvragen en vastgelegde beschikkingen van de applicatie",
        "historie_imports": [
            {"bestand": i.bestand, "sha256": i.sha256, "declaraties_bestand": i.declaraties_bestand,
             "declaraties_sha256": i.declaraties_sha256, "geimporteerd_op": i.imported_at.isoformat()}
            for i in imports],
    }


def last_day_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])
