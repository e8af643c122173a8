"""The afwegingskader as a document: its shape, validation, and the pure calculations on it.

A kader version is one JSON document (stored in ``afwegingskader.inhoud``). This module knows its
structure and nothing about the database, so every rule on it can be tested alone:

- ``stappen``: the four steps before maatwerk, in the statutory order, with a text block per answer;
- ``behoeften``: per doelgroep and type of need what the gemeente offers and does not offer, and the
  bands licht/midden/zwaar with standard products and an intensity range per product;
- ``normenkader``: standard minutes per activity plus surcharges per household situation for hulp
  bij het huishouden, and an optional age from which the gemeente does not apply it;
- ``regels``: the parameters and explanations of the hard rules (the rules themselves always apply);
- ``inleiding``, ``uitkomsten``, ``normenkader_tekst``: text blocks for the motivering.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from toegang.errors import DomainError

#: The steps before maatwerk, in the order Wmo 2015 art. 2.3.5 lid 3 prescribes.
STAPPEN = ("eigen_kracht", "netwerk", "voorliggend", "algemeen")
ANTWOORDEN = {
    "toereikend": "Toereikend",
    "deels_toereikend": "Deels toereikend",
    "niet_toereikend": "Niet toereikend",
    "niet_van_toepassing": "Niet van toepassing",
}
BANDEN = {"licht": "Licht", "midden": "Midden", "zwaar": "Zwaar"}
UITKOMSTEN = {
    "opgelost": "Opgelost zonder maatwerk (eigen kracht of netwerk)",
    "doorverwezen": "Doorverwezen naar een voorliggende voorziening",
    "algemeen": "Algemene voorziening",
    "maatwerk": "Maatwerkvoorziening",
    "afwijzing": "Afwijzing",
}
FREQUENTIES = {"1": "per dag", "2": "per week", "4": "per maand", "6": "totaal"}
#: Units per week for one unit per period (WMO757); "6" (totaal) depends on the period length.
PER_WEEK = {"1": Decimal(7), "2": Decimal(1), "4": Decimal(12) / Decimal(52)}
FIELD = "inhoud"


def standaard() -> dict[str, Any]:
    """The shipped default kader (a fresh copy)."""
    text = resources.files("toegang.afweging").joinpath("data", "standaard_kader.json").read_text("utf-8")
    doc = json.loads(text)
    doc.pop("_toelichting", None)
    return doc


def _fail(message: str) -> DomainError:
    return DomainError(message, FIELD)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where}: vul een tekst in.")
    return value.strip()


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(f"{where}: vul een getal in.")
    number = Decimal(str(value))
    if number < 0:
        raise _fail(f"{where}: het getal mag niet negatief zijn.")
    return number


def validate(doc: Any, productcodes: set[str]) -> dict[str, Any]:
    """Check a kader document; raise a DomainError that says in Dutch what is wrong and where."""
    if not isinstance(doc, dict):
        raise _fail("Het kader moet een JSON-object zijn (beginnend met '{').")
    doc = copy.deepcopy(doc)
    stappen = doc.get("stappen")
    if not isinstance(stappen, list) or [s.get("code") if isinstance(s, dict) else None for s in stappen] != list(
            STAPPEN):
        raise _fail("De stappen moeten in deze volgorde staan: " + ", ".join(STAPPEN) + ".")
    for stap in stappen:
        _text(stap.get("titel"), f"Stap {stap['code']}, titel")
        teksten = stap.get("teksten")
        if not isinstance(teksten, dict):
            raise _fail(f"Stap {stap['code']}: de teksten per antwoord ontbreken.")
        for antwoord in ANTWOORDEN:
            _text(teksten.get(antwoord), f"Stap {stap['code']}, tekst bij '{ANTWOORDEN[antwoord].lower()}'")
    _text(doc.get("inleiding"), "Inleiding")
    uitkomsten = doc.get("uitkomsten")
    if not isinstance(uitkomsten, dict):
        raise _fail("De teksten per uitkomst ontbreken.")
    for code in UITKOMSTEN:
        _text(uitkomsten.get(code), f"Tekst bij de uitkomst '{UITKOMSTEN[code].lower()}'")
    _text(doc.get("normenkader_tekst"), "Tekst bij het normenkader")
    _text(doc.get("normenkader_vrijstelling_tekst"), "Tekst bij de vrijstelling van het normenkader")
    voorliggend = doc.get("voorliggende_voorzieningen")
    if not isinstance(voorliggend, list) or not voorliggend:
        raise _fail("Noem minstens één voorliggende voorziening.")
    for v in voorliggend:
        _text(v.get("code") if isinstance(v, dict) else None, "Voorliggende voorziening, code")
        _text(v.get("naam"), f"Voorliggende voorziening {v['code']}, naam")
    behoeften = doc.get("behoeften")
    if not isinstance(behoeften, list) or not behoeften:
        raise _fail("Noem minstens één behoefte met banden.")
    seen: set[str] = set()
    for b in behoeften:
        code = _text(b.get("code") if isinstance(b, dict) else None, "Behoefte, code")
        if code in seen:
            raise _fail(f"De behoefte {code} staat er twee keer in.")
        seen.add(code)
        _text(b.get("naam"), f"Behoefte {code}, naam")
        _text(b.get("doelgroep"), f"Behoefte {code}, doelgroep")
        if b.get("wet") not in ("WMO", "JW", "PW"):
            raise _fail(f"Behoefte {code}: de wet is WMO, JW of PW.")
        for key in ("wel", "niet"):
            if not isinstance(b.get(key), list) or not all(isinstance(x, str) and x.strip() for x in b[key]):
                raise _fail(f"Behoefte {code}: '{key}' is een lijst met teksten (wat de gemeente wel en niet biedt).")
        banden = b.get("banden")
        if not isinstance(banden, dict) or set(banden) != set(BANDEN):
            raise _fail(f"Behoefte {code}: geef de banden licht, midden en zwaar.")
        for band, spec in banden.items():
            where = f"Behoefte {code}, band {band}"
            _text(spec.get("omschrijving") if isinstance(spec, dict) else None, f"{where}, omschrijving")
            producten = spec.get("producten")
            if not isinstance(producten, list) or not producten:
                raise _fail(f"{where}: noem minstens één standaardproduct.")
            for p in producten:
                pcode = p.get("code") if isinstance(p, dict) else None
                if pcode not in productcodes:
                    raise _fail(f"{where}: product {pcode} staat niet in de productcatalogus.")
                low, high = _number(p.get("min"), f"{where}, {pcode} minimum"), _number(
                    p.get("max"), f"{where}, {pcode} maximum")
                if low > high:
                    raise _fail(f"{where}, {pcode}: het minimum is groter dan het maximum.")
                if p.get("frequentie") not in FREQUENTIES:
                    raise _fail(f"{where}, {pcode}: de frequentie is 1 (dag), 2 (week), 4 (maand) of 6 (totaal).")
    nk = doc.get("normenkader")
    if not isinstance(nk, dict):
        raise _fail("Het normenkader ontbreekt.")
    for key in ("activiteiten", "toeslagen"):
        items = nk.get(key)
        if not isinstance(items, list) or (key == "activiteiten" and not items):
            raise _fail(f"Normenkader: '{key}' is een lijst.")
        for item in items:
            icode = _text(item.get("code") if isinstance(item, dict) else None, f"Normenkader {key}, code")
            _text(item.get("naam"), f"Normenkader {icode}, naam")
            _number(item.get("minuten"), f"Normenkader {icode}, minuten")
    vanaf = nk.get("vrijstelling_vanaf_leeftijd")
    if vanaf is not None and (isinstance(vanaf, bool) or not isinstance(vanaf, int) or not 18 <= vanaf <= 120):
        raise _fail("Normenkader: de vrijstellingsleeftijd is leeg (null) of een leeftijd tussen 18 en 120.")
    regels = doc.get("regels")
    if not isinstance(regels, dict) or set(regels) != {"wlz", "jeugd_18", "volgorde"}:
        raise _fail("De harde regels wlz, jeugd_18 en volgorde horen er alle drie in; ze kunnen niet uit.")
    wlz = regels["wlz"].get("productcategorieen")
    if not isinstance(wlz, dict) or not all(isinstance(v, list) for v in wlz.values()):
        raise _fail("Regel wlz: geef per wet de productcategorieën die de Wlz dekt.")
    if not isinstance(regels["jeugd_18"].get("toegestane_productcategorieen"), list):
        raise _fail("Regel jeugd_18: geef de productcategorieën van verlengde jeugdhulp.")
    for name in ("wlz", "jeugd_18", "volgorde"):
        _text(regels[name].get("uitleg"), f"Regel {name}, uitleg")
    return doc


# ----------------------------------------------------------------------------- look-ups

def stap(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(s for s in doc["stappen"] if s["code"] == code)


def behoefte(doc: dict[str, Any], code: str | None) -> dict[str, Any] | None:
    return next((b for b in doc["behoeften"] if b["code"] == code), None)


def voorliggende_naam(doc: dict[str, Any], code: str | None) -> str | None:
    return next((v["naam"] for v in doc["voorliggende_voorzieningen"] if v["code"] == code), None)


def band_producten(doc: dict[str, Any], behoefte_code: str | None, band: str | None) -> list[dict[str, Any]]:
    b = behoefte(doc, behoefte_code)
    if b is None or band not in b["banden"]:
        return []
    return list(b["banden"][band]["producten"])


# ----------------------------------------------------------------------------- intensity

def per_week(volume: Decimal, frequentie: str, begin: date | None = None, einde: date | None = None) -> Decimal | None:
    """Units per week; for "totaal" spread over the period (None when the period is open)."""
    volume = Decimal(volume)
    if frequentie in PER_WEEK:
        return volume * PER_WEEK[frequentie]
    if frequentie == "6" and begin is not None and einde is not None:
        weeks = Decimal((einde - begin).days + 1) / Decimal(7)
        return volume / weeks if weeks > 0 else None
    return None


def _fmt(value: Decimal) -> str:
    q = Decimal(value).quantize(Decimal("0.01")).normalize()
    text = f"{q:f}"
    return text.replace(".", ",")


def range_text(spec: dict[str, Any]) -> str:
    return f"{_fmt(Decimal(str(spec['min'])))} tot {_fmt(Decimal(str(spec['max'])))} {FREQUENTIES[spec['frequentie']]}"


def outside_band(spec: dict[str, Any], volume: Decimal, frequentie: str, begin: date,
                 einde: date | None) -> bool:
    """Does this omvang fall outside the band's range for the product?"""
    low, high = Decimal(str(spec["min"])), Decimal(str(spec["max"]))
    if frequentie == spec["frequentie"]:
        return not low <= Decimal(volume) <= high
    mine = per_week(volume, frequentie, begin, einde)
    band_low, band_high = per_week(low, spec["frequentie"], begin, einde), per_week(high, spec["frequentie"], begin,
                                                                                    einde)
    if mine is None or band_low is None or band_high is None:
        return True  # not comparable: the consultant explains
    tolerance = Decimal("0.001")
    return not band_low - tolerance <= mine <= band_high + tolerance


# ----------------------------------------------------------------------------- normenkader

def normenkader_vrijgesteld(doc: dict[str, Any], leeftijd: int) -> bool:
    vanaf = doc["normenkader"].get("vrijstelling_vanaf_leeftijd")
    return vanaf is not None and leeftijd >= vanaf


def normenkader_minuten(doc: dict[str, Any], activiteiten: list[str], toeslagen: list[str]) -> int:
    """Standard minutes per week for the chosen activities plus the household's surcharges."""
    nk = doc["normenkader"]
    act = {a["code"]: a["minuten"] for a in nk["activiteiten"]}
    toe = {t["code"]: t["minuten"] for t in nk["toeslagen"]}
    unknown = [c for c in activiteiten if c not in act] + [c for c in toeslagen if c not in toe]
    if unknown:
        raise DomainError("Kies activiteiten en situaties uit het normenkader.", "normenkader_activiteiten")
    return int(sum(act[c] for c in activiteiten) + sum(toe[c] for c in toeslagen))


def advies_uren(minuten: int) -> Decimal:
    """The advised omvang in hours per week, rounded up to a quarter of an hour."""
    return Decimal(math.ceil(minuten / 15) * 15) / Decimal(60)


def uren_text(uren: Decimal) -> str:
    return _fmt(uren)
