"""The impact policy: which indicaties have "grote gevolgen" and need a teamleider's approval.

Pure rules over plain values, so each rule can be tested alone and the indicatie can show, in
Dutch, exactly which rules fired. The thresholds are policy (a versioned ``ImpactBeleid`` row the
functioneel beheerder publishes), not code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from babel.numbers import format_currency

from toegang.errors import DomainError

#: Verblijf or 24-uurs zorg per wet (DOMAIN §4; issue #5): Jeugd 43, 44, 37, 38; Wmo 04, 15-18.
DEFAULT_VERBLIJF = {"JW": ["37", "38", "43", "44"], "WMO": ["04", "15", "16", "17", "18"], "PW": []}


@dataclass
class ImpactRegels:
    """One version of the policy's settings (stored as JSON in ``impact_beleid.regels``)."""

    kosten_12m_drempel_cents: int = 5_000_000  # € 50.000 per 12 maanden
    verblijf_categorieen: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in
                                                                                DEFAULT_VERBLIJF.items()})
    lokale_contractering: bool = True
    afwijking_kader: bool = True
    jeugd_18_plus: bool = True
    crisis_categorie: str = "46"
    crisis_max_dagen: int = 92  # drie maanden
    pgb_drempel_12m_cents: int = 2_500_000  # € 25.000 per 12 maanden

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImpactRegels:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        regels = cls(**known)
        regels.validate()
        return regels

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def validate(self) -> None:
        if self.kosten_12m_drempel_cents <= 0:
            raise DomainError("De kostendrempel moet groter zijn dan nul.", "kosten_drempel")
        if self.pgb_drempel_12m_cents <= 0:
            raise DomainError("De pgb-drempel moet groter zijn dan nul.", "pgb_drempel")
        if not 1 <= self.crisis_max_dagen <= 366:
            raise DomainError("De maximale duur van een crisisindicatie is 1 tot 366 dagen.", "crisis_max_dagen")
        for wet, codes in self.verblijf_categorieen.items():
            if wet not in ("WMO", "JW", "PW") or not all(isinstance(c, str) and len(c) == 2 for c in codes):
                raise DomainError("Verblijfscategorieën zijn codes van twee cijfers per wet.", "verblijf")


@dataclass
class ImpactInput:
    """What the rules look at, taken from the indicatie and its context."""

    wet: str
    productcategorie: str
    ingangsdatum: date
    einddatum: date | None
    kosten_12m_cents: int
    leveringsvorm: str
    pgb_12m_cents: int | None
    aanbieder_naam: str | None
    aanbieder_regionaal: bool | None
    afwijking_reden: str
    geboortedatum: date
    buiten_catalogus: bool
    #: Start of the uninterrupted run of crisis indicaties this one continues (or its own start).
    crisis_sinds: date | None = None


def _euro(cents: int) -> str:
    return format_currency(cents / 100, "EUR", locale="nl_NL", format="¤ #,##0", currency_digits=False)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def evaluate(i: ImpactInput, regels: ImpactRegels) -> list[str]:
    """The Dutch reasons why this indicatie is high-impact; empty when it is not."""
    reasons: list[str] = []
    if i.buiten_catalogus:
        reasons.append("Maatwerk buiten de productcatalogus: altijd een vier-ogentoets.")
    if i.kosten_12m_cents >= regels.kosten_12m_drempel_cents:
        reasons.append(f"De verwachte kosten zijn {_euro(i.kosten_12m_cents)} per 12 maanden "
                       f"(drempel {_euro(regels.kosten_12m_drempel_cents)}).")
    if i.productcategorie in regels.verblijf_categorieen.get(i.wet, []):
        reasons.append(f"Verblijf of 24-uurszorg (productcategorie {i.productcategorie}).")
    if regels.lokale_contractering and i.leveringsvorm == "ZIN" and i.aanbieder_regionaal is False:
        reasons.append(f"Lokale contractering: {i.aanbieder_naam} is niet regionaal gecontracteerd.")
    if regels.afwijking_kader and i.afwijking_reden.strip():
        reasons.append(f"Afwijking van het afwegingskader: {i.afwijking_reden.strip()}")
    if regels.jeugd_18_plus and i.wet == "JW" and _age_on(i.geboortedatum, i.ingangsdatum) >= 18:
        reasons.append(f"Jeugdhulp voor iemand van {_age_on(i.geboortedatum, i.ingangsdatum)} jaar "
                       "(18 jaar of ouder op de ingangsdatum).")
    if i.wet == "JW" and i.productcategorie == regels.crisis_categorie:
        start = i.crisis_sinds or i.ingangsdatum
        end = i.einddatum or date.max
        if end > start + timedelta(days=regels.crisis_max_dagen):
            reasons.append("Crisisindicatie die langer duurt dan drie maanden (vanaf "
                           f"{start.day}-{start.month}-{start.year}).")
    if i.leveringsvorm == "PGB" and (i.pgb_12m_cents or 0) > regels.pgb_drempel_12m_cents:
        reasons.append(f"Een pgb van {_euro(i.pgb_12m_cents or 0)} per 12 maanden "
                       f"(drempel {_euro(regels.pgb_drempel_12m_cents)}).")
    return reasons
