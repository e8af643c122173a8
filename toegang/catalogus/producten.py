"""Managing the regional product catalogue and the aanbieders (functioneel beheerder only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import CASE_ROLES, Role
from toegang.audit.operations import record
from toegang.catalogus.models import Aanbieder, Product, ProductFrequentieRow, Tarief
from toegang.catalogus.operations import is_valid_code
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.security import require_roles

ADMIN = (Role.FUNCTIONEEL_BEHEERDER,)
READERS = (Role.FUNCTIONEEL_BEHEERDER, *CASE_ROLES)
CATEGORY_LIST = {"WMO": "wmo_productcategorie", "JW": "jeugd_productcategorie"}
_CODE = re.compile(r"^[A-Z0-9]{5}$")


@dataclass
class ProductGegevens:
    productcode: str
    wet: str
    productcategorie: str
    naam: str
    eenheid: str
    frequenties: list[str]
    active: bool = True


def _validate_product(g: ProductGegevens, current: Product | None) -> ProductGegevens:
    g.productcode = g.productcode.strip().upper()
    if not _CODE.match(g.productcode):
        raise DomainError("Een productcode heeft 5 tekens: hoofdletters en cijfers, bijvoorbeeld 02A16.",
                          "productcode")
    other = db.session.scalar(sa.select(Product).where(Product.productcode == g.productcode))
    if other is not None and other is not current:
        raise DomainError("Deze productcode bestaat al.", "productcode")
    if g.wet not in ("WMO", "JW", "PW"):
        raise DomainError("Kies de wet.", "wet")
    if g.wet in CATEGORY_LIST and not is_valid_code(CATEGORY_LIST[g.wet], g.productcategorie):
        raise DomainError("Kies een productcategorie uit de codelijst van deze wet.", "productcategorie")
    if g.wet == "PW" and not (len(g.productcategorie) == 2 and g.productcategorie.isdigit()):
        raise DomainError("Een productcategorie bestaat uit twee cijfers.", "productcategorie")
    if not is_valid_code("eenheid", g.eenheid):
        raise DomainError("Kies een eenheid uit de codelijst.", "eenheid")
    if not g.frequenties or not all(is_valid_code("frequentie", f) for f in g.frequenties):
        raise DomainError("Kies minstens één toegestane frequentie.", "frequenties")
    if not g.naam.strip():
        raise DomainError("Vul de naam van het product in.", "naam")
    g.naam = g.naam.strip()
    return g


def save_product(actor: Any, g: ProductGegevens, product: Product | None = None) -> Product:
    require_roles(actor, ADMIN, "save_product", object_type="product", object_id=product.id if product else None)
    g = _validate_product(g, product)
    new = product is None
    product = product or Product()
    product.productcode, product.wet, product.productcategorie = g.productcode, g.wet, g.productcategorie
    product.naam, product.eenheid, product.active = g.naam, g.eenheid, g.active
    product.frequentie_rows = [ProductFrequentieRow(frequentie=f) for f in sorted(set(g.frequenties))]
    db.session.add(product)
    db.session.flush()
    record("create_product" if new else "update_product", object_type="product", object_id=product.id,
           details={"productcode": product.productcode})
    return product


def add_tarief(actor: Any, product: Product, bedrag_cents: int, van: date, tot: date | None) -> Tarief:
    """Add a tariff period. An open period before it is closed the day before; overlaps are refused."""
    require_roles(actor, ADMIN, "add_tarief", object_type="product", object_id=product.id)
    if bedrag_cents is None or bedrag_cents <= 0:
        raise DomainError("Vul een tarief groter dan nul in.", "bedrag")
    if tot is not None and tot < van:
        raise DomainError("Het einde van de periode ligt vóór het begin.", "geldig_tot")
    for t in product.tarieven:
        if t.geldig_tot is None and t.geldig_van < van:
            continue  # an open earlier tariff is closed below
        t_end = t.geldig_tot or date.max
        new_end = tot or date.max
        if t.geldig_van <= new_end and van <= t_end:
            raise DomainError(f"Deze periode overlapt met het tarief vanaf {t.geldig_van.day}-{t.geldig_van.month}-"
                              f"{t.geldig_van.year}.", "geldig_van")
    for t in product.tarieven:
        if t.geldig_tot is None and t.geldig_van < van:
            t.geldig_tot = van - timedelta(days=1)
    tarief = Tarief(product_id=product.id, bedrag_cents=bedrag_cents, geldig_van=van, geldig_tot=tot)
    db.session.add(tarief)
    db.session.flush()
    db.session.refresh(product, ["tarieven"])
    record("add_tarief", object_type="product", object_id=product.id,
           details={"bedrag_cents": bedrag_cents, "van": van.isoformat(), "tot": tot.isoformat() if tot else None})
    return tarief


def remove_tarief(actor: Any, product: Product, tarief_id: int, vandaag: date | None = None) -> None:
    """Withdraw a tariff that has not taken effect yet (entered by mistake, or a change called off).

    A tariff that applies or applied has priced indicaties and beschikkingen: it stays, and a
    correction is a new tariff from the date of the change. The tariff before the withdrawn one, if
    it ended the day before, runs on to where the withdrawn one would have ended, so no gap appears.
    """
    from toegang.inwoners.operations import today

    require_roles(actor, ADMIN, "remove_tarief", object_type="product", object_id=product.id)
    tarief = next((t for t in product.tarieven if t.id == tarief_id), None)
    if tarief is None:
        raise DomainError("Dit tarief bestaat niet (meer) bij dit product.")
    if tarief.geldig_van <= (vandaag or today()):
        raise DomainError("Een tarief dat al geldt of gegolden heeft, blijft staan: de kosten van indicaties en "
                          "beschikkingen zijn ermee berekend. Leg een nieuw tarief vast vanaf de datum waarop het "
                          "verandert.")
    voorganger = next((t for t in product.tarieven if t.geldig_tot == tarief.geldig_van - timedelta(days=1)), None)
    if voorganger is not None:
        voorganger.geldig_tot = tarief.geldig_tot
    details: dict[str, Any] = {"bedrag_cents": tarief.bedrag_cents, "van": tarief.geldig_van.isoformat(),
                               "tot": tarief.geldig_tot.isoformat() if tarief.geldig_tot else None}
    if voorganger is not None:
        details["voorganger_loopt_door_tot"] = voorganger.geldig_tot.isoformat() if voorganger.geldig_tot else None
    db.session.delete(tarief)
    db.session.flush()
    db.session.refresh(product, ["tarieven"])
    record("remove_tarief", object_type="product", object_id=product.id, details=details)


@dataclass
class AanbiederGegevens:
    naam: str
    kvk: str
    agb: str
    regionaal_gecontracteerd: bool
    product_ids: list[int]
    active: bool = True


def _eight_digits(value: str, field: str, label: str) -> str | None:
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    if not (len(value) == 8 and value.isdigit()):
        raise DomainError(f"Een {label} bestaat uit 8 cijfers.", field)
    return value


def save_aanbieder(actor: Any, g: AanbiederGegevens, aanbieder: Aanbieder | None = None) -> Aanbieder:
    require_roles(actor, ADMIN, "save_aanbieder", object_type="aanbieder",
                  object_id=aanbieder.id if aanbieder else None)
    if not g.naam.strip():
        raise DomainError("Vul de naam van de aanbieder in.", "naam")
    kvk = _eight_digits(g.kvk, "kvk", "KvK-nummer")
    agb = _eight_digits(g.agb, "agb", "AGB-code")
    if kvk is None and agb is None:
        raise DomainError("Vul een KvK-nummer of een AGB-code in (of beide).", "kvk")
    for column, value, label in ((Aanbieder.kvk, kvk, "KvK-nummer"), (Aanbieder.agb, agb, "AGB-code")):
        if value is not None:
            other = db.session.scalar(sa.select(Aanbieder).where(column == value))
            if other is not None and other is not aanbieder:
                raise DomainError(f"Er is al een aanbieder met dit {label}.", "kvk" if label.startswith("KvK")
                                  else "agb")
    products = list(db.session.scalars(sa.select(Product).where(Product.id.in_(g.product_ids or [0]))))
    if len(products) != len(set(g.product_ids)):
        raise DomainError("Kies producten uit de catalogus.", "producten")
    new = aanbieder is None
    aanbieder = aanbieder or Aanbieder()
    aanbieder.naam, aanbieder.kvk, aanbieder.agb = g.naam.strip(), kvk, agb
    aanbieder.regionaal_gecontracteerd, aanbieder.active = g.regionaal_gecontracteerd, g.active
    aanbieder.producten = products
    db.session.add(aanbieder)
    db.session.flush()
    record("create_aanbieder" if new else "update_aanbieder", object_type="aanbieder", object_id=aanbieder.id,
           details={"regionaal": aanbieder.regionaal_gecontracteerd, "producten": len(products)})
    return aanbieder


def products(actor: Any, wet: str | None = None) -> list[Product]:
    require_roles(actor, READERS, "view_producten")
    stmt = sa.select(Product).order_by(Product.wet, Product.productcode)
    if wet:
        stmt = stmt.where(Product.wet == wet)
    return list(db.session.scalars(stmt))


def aanbieders(actor: Any) -> list[Aanbieder]:
    require_roles(actor, READERS, "view_aanbieders")
    return list(db.session.scalars(sa.select(Aanbieder).order_by(Aanbieder.naam)))
