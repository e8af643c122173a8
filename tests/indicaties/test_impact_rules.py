"""Each impact rule fires on its own and explains itself in Dutch (pure rules, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from toegang.errors import DomainError
from toegang.indicaties.impact import ImpactInput, ImpactRegels, evaluate

REGELS = ImpactRegels()

BASE = ImpactInput(
    wet="WMO", productcategorie="01", ingangsdatum=date(2026, 12, 1), einddatum=date(2027, 11, 30),
    kosten_12m_cents=250_000, leveringsvorm="ZIN", pgb_12m_cents=None, aanbieder_naam="Thuiszorg Noord",
    aanbieder_regionaal=True, afwijking_reden="", geboortedatum=date(1950, 1, 1), buiten_catalogus=False,
)


def test_ordinary_indicatie_is_low_impact():
    assert evaluate(BASE, REGELS) == []


def test_cost_threshold():
    assert evaluate(replace(BASE, kosten_12m_cents=4_999_999), REGELS) == []
    reasons = evaluate(replace(BASE, kosten_12m_cents=5_000_000), REGELS)
    assert len(reasons) == 1 and "50.000" in reasons[0] and "per 12 maanden" in reasons[0]


@pytest.mark.parametrize(("wet", "cat"), [("JW", "43"), ("JW", "44"), ("JW", "37"), ("JW", "38"), ("WMO", "04"),
                                          ("WMO", "15"), ("WMO", "16"), ("WMO", "17"), ("WMO", "18")])
def test_verblijf_and_24_uurs_zorg(wet, cat):
    born = date(2012, 1, 1) if wet == "JW" else BASE.geboortedatum
    reasons = evaluate(replace(BASE, wet=wet, productcategorie=cat, geboortedatum=born), REGELS)
    assert reasons == [f"Verblijf of 24-uurszorg (productcategorie {cat})."]


def test_ambulant_jeugd_is_not_verblijf():
    assert evaluate(replace(BASE, wet="JW", productcategorie="45", geboortedatum=date(2012, 1, 1)), REGELS) == []


def test_lokale_contractering():
    reasons = evaluate(replace(BASE, aanbieder_regionaal=False, aanbieder_naam="Zorg op Maat BV"), REGELS)
    assert reasons == ["Lokale contractering: Zorg op Maat BV is niet regionaal gecontracteerd."]
    assert evaluate(replace(BASE, aanbieder_regionaal=False), replace(REGELS, lokale_contractering=False)) == []


def test_deviation_from_kader():
    reasons = evaluate(replace(BASE, afwijking_reden="Ernstige COPD: meer schoonmaak nodig."), REGELS)
    assert reasons == ["Afwijking van het afwegingskader: Ernstige COPD: meer schoonmaak nodig."]


def test_jeugdhulp_for_eighteen_plus():
    born = date(2008, 12, 1)  # 18 on 1 December 2026, the ingangsdatum
    reasons = evaluate(replace(BASE, wet="JW", productcategorie="45", geboortedatum=born), REGELS)
    assert reasons == ["Jeugdhulp voor iemand van 18 jaar (18 jaar of ouder op de ingangsdatum)."]
    assert evaluate(replace(BASE, wet="JW", productcategorie="45", geboortedatum=date(2008, 12, 2)), REGELS) == []


def test_crisis_longer_than_three_months():
    crisis = replace(BASE, wet="JW", productcategorie="46", geboortedatum=date(2014, 5, 5),
                     ingangsdatum=date(2026, 12, 1))
    assert evaluate(replace(crisis, einddatum=date(2027, 3, 3)), REGELS) == []  # 92 days
    reasons = evaluate(replace(crisis, einddatum=date(2027, 3, 4)), REGELS)
    assert reasons == ["Crisisindicatie die langer duurt dan drie maanden (vanaf 1-12-2026)."]
    # An extension continuing an earlier crisis indicatie counts from the first one.
    extended = replace(crisis, ingangsdatum=date(2027, 2, 1), einddatum=date(2027, 3, 15),
                       crisis_sinds=date(2026, 12, 1))
    assert len(evaluate(extended, REGELS)) == 1


def test_pgb_above_threshold():
    pgb = replace(BASE, leveringsvorm="PGB", aanbieder_naam=None, aanbieder_regionaal=None)
    assert evaluate(replace(pgb, pgb_12m_cents=2_500_000), REGELS) == []
    reasons = evaluate(replace(pgb, pgb_12m_cents=2_500_001), REGELS)
    assert len(reasons) == 1 and reasons[0].startswith("Een pgb van")


def test_maatwerk_buiten_catalogus_is_always_high_impact():
    assert evaluate(replace(BASE, buiten_catalogus=True), REGELS) == [
        "Maatwerk buiten de productcatalogus: altijd een vier-ogentoets."]


def test_several_rules_fire_together():
    reasons = evaluate(replace(BASE, kosten_12m_cents=6_000_000, aanbieder_regionaal=False,
                               afwijking_reden="Meer uren"), REGELS)
    assert len(reasons) == 3


def test_policy_round_trip_and_validation():
    regels = ImpactRegels(kosten_12m_drempel_cents=4_000_000)
    assert ImpactRegels.from_json(regels.to_json()) == regels
    with pytest.raises(DomainError):
        ImpactRegels.from_json({"kosten_12m_drempel_cents": 0})
    with pytest.raises(DomainError):
        ImpactRegels.from_json({"verblijf_categorieen": {"WMO": ["4"]}})
