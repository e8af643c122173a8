"""Helpers for tests that need residents and hulpvragen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlalchemy as sa

from toegang.accounts.models import User
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag, Kanaal, Melder
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.models import Inwoner
from toegang.validation import demo_bsns

_bsns = demo_bsns()


def next_bsn() -> str:
    return next(_bsns)


def user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def make_inwoner(actor: User, gemeente_id: int, **kw: Any) -> Inwoner:
    bsn = kw.pop("bsn", None) or next_bsn()
    data = inw_ops.InwonerGegevens(
        voornamen=kw.pop("voornamen", "Jan"), achternaam=kw.pop("achternaam", "Jansen"),
        geboortedatum=kw.pop("geboortedatum", date(1950, 3, 1)), postcode=kw.pop("postcode", "1234 AB"),
        huisnummer=kw.pop("huisnummer", 1), straat=kw.pop("straat", "Dorpsstraat"),
        woonplaats=kw.pop("woonplaats", "Voorbeeld"), **kw,
    )
    return inw_ops.create_inwoner(actor, gemeente_id, bsn, data)


def make_hulpvraag(actor: User, inwoner: Inwoner, melddatum: date, wetten: tuple[str, ...] = ("WMO",),
                   **kw: Any) -> Hulpvraag:
    m = hv_ops.Melding(melddatum=melddatum, kanaal=kw.pop("kanaal", Kanaal.LOKET),
                       melder=kw.pop("melder", Melder.INWONER), omschrijving=kw.pop("omschrijving", "Hulp nodig"),
                       wetten=list(wetten), **kw)
    return hv_ops.create_hulpvraag(actor, inwoner, m)


def field_token(html: str, prefix: str | None = None) -> tuple[str, str]:
    """(name, value) of the CSRF field of the form with ``prefix`` on a page."""
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html) or \
        re.search(rf'value="([^"]+)"[^>]*name="{re.escape(name)}"', html)
    assert match, f"no {name} on page"
    return name, match.group(1)




def product(code: str) -> Any:
    from toegang.catalogus.models import Product

    return db.session.scalar(sa.select(Product).where(Product.productcode == code))


def aanbieder(naam: str) -> Any:
    from toegang.catalogus.models import Aanbieder

    return db.session.scalar(sa.select(Aanbieder).where(Aanbieder.naam == naam))


def make_indicatie(actor: User, hv: Hulpvraag, code: str = "01A01", aanbieder_naam: str = "Thuiszorg De Linde",
                   **kw: Any) -> Any:
    """An indicatie through the real operation (HbH 3 uur per week for 12 weeks by default)."""
    from datetime import timedelta
    from decimal import Decimal

    from toegang.indicaties import operations as ind_ops
    from toegang.indicaties.models import Leveringsvorm

    begin = kw.pop("ingangsdatum", hv.aanvraag_datum or hv.melddatum)
    if kw.pop("met_afweging", True):
        ensure_afweging(actor, hv, code)
    v = ind_ops.Voorstel(
        product_id=product(code).id, volume=Decimal(kw.pop("volume", "3")), frequentie=kw.pop("frequentie", "2"),
        ingangsdatum=begin, einddatum=kw.pop("einddatum", begin + timedelta(days=83)),
        leveringsvorm=kw.pop("leveringsvorm", Leveringsvorm.ZIN),
        aanbieder_id=aanbieder(aanbieder_naam).id if aanbieder_naam else None,
        doelen=kw.pop("doelen", "Een schoon en leefbaar huis."), **kw)
    return ind_ops.create(actor, hv, v)


STAPPEN_NIET_TOEREIKEND = {
    "eigen_kracht": {"antwoord": "niet_toereikend",
                     "toelichting": "Mevrouw kan na haar operatie niet bukken of tillen"},
    "netwerk": {"antwoord": "niet_toereikend", "toelichting": "Haar dochter woont ver weg en werkt fulltime"},
    "voorliggend": {"antwoord": "niet_van_toepassing", "toelichting": "Er is geen Wlz-indicatie en de zorgverzekering "
                                                                      "vergoedt dit niet"},
    "algemeen": {"antwoord": "niet_toereikend", "toelichting": "De schoonmaakhulp via de dienstenregeling is niet "
                                                               "genoeg voor de zware taken"},
}


def ensure_afweging(actor: User, hv: Hulpvraag, code: str) -> Any:
    """A default kader for the gemeente and a maatwerk path whose band lists product ``code``
    (reused when the current path already proposes it). Indicaties need one: a hard rule."""
    from toegang.afweging import kader as K
    from toegang.afweging import operations as af_ops
    from toegang.catalogus.seed import seed_catalogus

    if product(code) is None:
        seed_catalogus()
    af_ops.seed_kaders()
    current = af_ops.current(hv)
    if current is not None and current.uitkomst.value == "maatwerk" and code in current.producten:
        return current
    doc = af_ops.kader_in_force(hv.gemeente_id, hv.melddatum.max).inhoud
    for b in doc["behoeften"]:
        for band in ("midden", "licht", "zwaar"):
            if any(p["code"] == code for p in b["banden"][band]["producten"]):
                nk = [a["code"] for a in doc["normenkader"]["activiteiten"]] if b.get("normenkader") else []
                return af_ops.record_pad(actor, hv, af_ops.PadInvoer(
                    antwoorden=dict(STAPPEN_NIET_TOEREIKEND), uitkomst="maatwerk", behoefte_code=b["code"],
                    band=band, producten=[code], normenkader_activiteiten=nk,
                    toekomstplan="Toekomstplan opgesteld met de jongere" if b["wet"] == "JW" else ""))
    raise AssertionError(f"no band in the default kader lists {code}; {K.STAPPEN}")
