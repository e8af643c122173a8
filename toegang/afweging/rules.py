"""Checking a path and the hard rules, over plain values (no database), so each rule is testable alone.

Two kinds of refusal:
- input errors (a step answered out of order, a missing reason): ``DomainError`` on the field;
- hard rules (Wlz, Jeugdwet after 18, maatwerk before the earlier steps): a consultant cannot
  override them; they explain themselves with the kader version's own ``uitleg`` text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from toegang.afweging import kader as K
from toegang.errors import DomainError

DOORGAAN = ("deels_toereikend", "niet_toereikend", "niet_van_toepassing")


@dataclass
class Persoon:
    """What the rules need to know about the resident."""

    geboortedatum: date
    wlz_indicatie: bool = False
    wlz_datum: date | None = None

    def leeftijd_op(self, dag: date) -> int:
        b = self.geboortedatum
        return dag.year - b.year - ((dag.month, dag.day) < (b.month, b.day))


@dataclass
class Pad:
    """A path as entered (or as stored), in plain values."""

    antwoorden: dict[str, dict[str, Any]]
    uitkomst: str
    voorliggend_code: str | None = None
    algemeen_code: str | None = None
    behoefte_code: str | None = None
    band: str | None = None
    producten: list[str] = field(default_factory=list)
    normenkader_activiteiten: list[str] = field(default_factory=list)
    normenkader_toeslagen: list[str] = field(default_factory=list)
    afwijzing_reden: str = ""
    toekomstplan: str = ""
    toelichting: str = ""

    def antwoord(self, stap: str) -> str | None:
        return (self.antwoorden.get(stap) or {}).get("antwoord") or None

    def reden(self, stap: str) -> str:
        return ((self.antwoorden.get(stap) or {}).get("toelichting") or "").strip()


@dataclass
class ProductInfo:
    code: str
    wet: str
    productcategorie: str
    naam: str


# ----------------------------------------------------------------------------- hard rules

def volgorde_compleet(pad: Pad) -> bool:
    """Maatwerk only after eigen kracht, netwerk, voorliggend and algemeen have all been weighed,
    and none of them solved the question."""
    return all(pad.antwoord(s) in DOORGAAN for s in K.STAPPEN)


def volgorde_problem(doc: dict[str, Any], pad: Pad | None) -> str | None:
    uitleg = doc["regels"]["volgorde"]["uitleg"]
    if pad is None:
        return "Er is nog geen afweging vastgelegd. " + uitleg
    if pad.uitkomst != "maatwerk":
        return (f"De afweging eindigt in '{K.UITKOMSTEN[pad.uitkomst].lower()}'. Een maatwerkvoorziening past "
                "daar niet bij; pas eerst de afweging aan.")
    if not volgorde_compleet(pad):
        return uitleg
    return None


def wlz_problem(doc: dict[str, Any], persoon: Persoon, wet: str, categorie: str, begin: date | None = None,
                einde: date | None = None) -> str | None:
    """A Wlz-indicatie comes first: no municipal maatwerk for care the Wlz covers."""
    if not persoon.wlz_indicatie:
        return None
    if persoon.wlz_datum is not None and einde is not None and persoon.wlz_datum > einde:
        return None  # the Wlz starts after this indicatie ends
    regel = doc["regels"]["wlz"]
    if categorie in regel["productcategorieen"].get(wet, []):
        return regel["uitleg"].replace("{categorie}", categorie)
    return None


def jeugd_18_problem(doc: dict[str, Any], persoon: Persoon, wet: str, categorie: str, op: date,
                     toekomstplan: str) -> str | None:
    """Jeugdwet help at 18 or older: only the kader's forms (pleegzorg, jeugdreclassering) and only
    with a toekomstplan recorded in the afweging."""
    if wet != "JW":
        return None
    leeftijd = persoon.leeftijd_op(op)
    if leeftijd < 18:
        return None
    regel = doc["regels"]["jeugd_18"]
    if categorie not in regel["toegestane_productcategorieen"]:
        return (f"De inwoner is op {op.day}-{op.month}-{op.year} {leeftijd} jaar. " + regel["uitleg"]
                + f" Productcategorie {categorie} hoort daar niet bij.")
    if not toekomstplan.strip():
        return (f"De inwoner is op {op.day}-{op.month}-{op.year} {leeftijd} jaar. " + regel["uitleg"]
                + " Leg eerst het toekomstplan vast in de afweging.")
    return None


def indicatie_problems(doc: dict[str, Any], pad: Pad | None, persoon: Persoon, wet: str, categorie: str,
                       begin: date, einde: date | None) -> list[str]:
    """Every hard rule that blocks this indicatie, in Dutch (empty: none blocks)."""
    problems = [volgorde_problem(doc, pad), wlz_problem(doc, persoon, wet, categorie, begin, einde),
                jeugd_18_problem(doc, persoon, wet, categorie, begin, pad.toekomstplan if pad else "")]
    return [p for p in problems if p]


# ----------------------------------------------------------------------------- the path

def _stap_titel(doc: dict[str, Any], code: str) -> str:
    return K.stap(doc, code)["titel"]


def check_pad(doc: dict[str, Any], pad: Pad, *, wetten: list[str], persoon: Persoon, op: date,
              producten: dict[str, ProductInfo], algemene: dict[str, str]) -> None:
    """Raise a DomainError (Dutch, on the field) for the first thing wrong with this path."""
    answered = [s for s in K.STAPPEN if pad.antwoord(s)]
    for s in K.STAPPEN:
        a = pad.antwoord(s)
        if a is not None and a not in K.ANTWOORDEN:
            raise DomainError("Kies een van de antwoorden.", f"{s}_antwoord")
    # In order, without gaps; a step that is toereikend ends the path.
    for i, s in enumerate(K.STAPPEN):
        if pad.antwoord(s) is None:
            later = [t for t in K.STAPPEN[i + 1:] if pad.antwoord(t)]
            if later:
                raise DomainError(f"Beantwoord de stappen op volgorde: eerst '{_stap_titel(doc, s)}'.",
                                  f"{s}_antwoord")
            break
        if pad.antwoord(s) == "toereikend":
            later = [t for t in K.STAPPEN[i + 1:] if pad.antwoord(t)]
            if later:
                raise DomainError(f"De afweging stopt bij '{_stap_titel(doc, s)}', want die stap is toereikend. "
                                  "Laat de volgende stappen leeg.", f"{later[0]}_antwoord")
            break
        if not pad.reden(s):
            raise DomainError(f"Schrijf op waarom '{_stap_titel(doc, s).lower()}' niet (helemaal) genoeg is: "
                              "de afweging gaat verder.", f"{s}_toelichting")
    if not answered:
        raise DomainError("Beantwoord minstens de eerste stap: eigen kracht en gebruikelijke hulp.",
                          "eigen_kracht_antwoord")
    u = pad.uitkomst
    if u not in K.UITKOMSTEN:
        raise DomainError("Kies de uitkomst van de afweging.", "uitkomst")
    if pad.behoefte_code and K.behoefte(doc, pad.behoefte_code) is None:
        raise DomainError("Kies een behoefte uit het afwegingskader.", "behoefte_code")
    helpt = ("toereikend", "deels_toereikend")
    if u == "opgelost":
        if not any(pad.antwoord(s) in helpt for s in ("eigen_kracht", "netwerk")):
            raise DomainError("'Opgelost zonder maatwerk' past alleen als eigen kracht of het netwerk (deels) "
                              "toereikend is.", "uitkomst")
    elif u == "doorverwezen":
        if pad.antwoord("voorliggend") not in helpt:
            raise DomainError("Doorverwijzen past alleen als de stap 'voorliggende voorzieningen' (deels) "
                              "toereikend is.", "uitkomst")
        if K.voorliggende_naam(doc, pad.voorliggend_code) is None:
            raise DomainError("Kies naar welke voorliggende voorziening u doorverwijst.", "voorliggend_code")
    elif u == "algemeen":
        if pad.antwoord("algemeen") not in helpt:
            raise DomainError("Een algemene voorziening als uitkomst past alleen als de stap 'algemene "
                              "voorzieningen' (deels) toereikend is.", "uitkomst")
        if pad.algemeen_code not in algemene:
            raise DomainError("Kies welke algemene voorziening de inwoner helpt.", "algemeen_code")
    elif u == "afwijzing":
        if not pad.afwijzing_reden.strip():
            raise DomainError("Schrijf de reden van de afwijzing op.", "afwijzing_reden")
    elif u == "maatwerk":
        check_maatwerk(doc, pad, wetten=wetten, persoon=persoon, op=op, producten=producten)


def check_maatwerk(doc: dict[str, Any], pad: Pad, *, wetten: list[str], persoon: Persoon, op: date,
                   producten: dict[str, ProductInfo]) -> None:
    if not volgorde_compleet(pad):
        raise DomainError(doc["regels"]["volgorde"]["uitleg"], "uitkomst")
    b = K.behoefte(doc, pad.behoefte_code)
    if b is None:
        raise DomainError("Kies bij maatwerk de behoefte uit het afwegingskader.", "behoefte_code")
    if b["wet"] not in wetten:
        raise DomainError(f"Deze behoefte valt onder de {b['wet']}; de hulpvraag niet.", "behoefte_code")
    if pad.band not in K.BANDEN:
        raise DomainError("Kies de band: licht, midden of zwaar.", "band")
    if not pad.producten:
        raise DomainError("Kies de producten die u voorstelt.", "producten")
    for code in pad.producten:
        info = producten.get(code)
        if info is None:
            raise DomainError(f"Product {code} staat niet in de catalogus.", "producten")
        if info.wet not in wetten:
            raise DomainError(f"{info.naam} valt onder de {info.wet}; de hulpvraag niet.", "producten")
    if b.get("normenkader") and not K.normenkader_vrijgesteld(doc, persoon.leeftijd_op(op)):
        if not pad.normenkader_activiteiten:
            raise DomainError("Kies in het normenkader de taken die de inwoner niet zelf kan doen.",
                              "normenkader_activiteiten")
        K.normenkader_minuten(doc, pad.normenkader_activiteiten, pad.normenkader_toeslagen)
    for code in pad.producten:
        info = producten[code]
        problem = wlz_problem(doc, persoon, info.wet, info.productcategorie) or jeugd_18_problem(
            doc, persoon, info.wet, info.productcategorie, op, pad.toekomstplan)
        if problem:
            raise DomainError(f"{info.naam}: {problem}", "producten")


# ----------------------------------------------------------------------------- deviation

def afwijkingen(doc: dict[str, Any], pad: Pad | None, normenkader_minuten: int | None, productcode: str | None,
                volume: Decimal, frequentie: str, begin: date, einde: date | None) -> list[str]:
    """How a proposed indicatie deviates from the band of its path (empty: within the band)."""
    if pad is None or pad.uitkomst != "maatwerk" or productcode is None:
        return []
    band = K.band_producten(doc, pad.behoefte_code, pad.band)
    spec = next((p for p in band if p["code"] == productcode), None)
    b = K.behoefte(doc, pad.behoefte_code)
    naam = b["naam"] if b else pad.behoefte_code
    if spec is None:
        return [f"Product {productcode} is geen standaardproduct van de band '{pad.band}' bij {naam}."]
    found: list[str] = []
    if K.outside_band(spec, volume, frequentie, begin, einde):
        found.append(f"De omvang ligt buiten de band '{pad.band}' ({K.range_text(spec)}).")
    if normenkader_minuten is not None and frequentie in K.PER_WEEK:
        advies = K.advies_uren(normenkader_minuten)
        eigen = K.per_week(volume, frequentie)
        if eigen is not None and eigen > advies:
            found.append(f"De omvang is meer dan het normenkader adviseert ({K.uren_text(advies)} uur per week).")
    return found
