"""Demo product catalogue, aanbieders and huisartsen. Idempotent: matched on natural keys."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources

import sqlalchemy as sa

from toegang.catalogus.models import Aanbieder, Huisarts, Product, ProductFrequentieRow, Tarief
from toegang.extensions import db


def seed_catalogus() -> None:
    data = json.loads(resources.files("toegang.catalogus").joinpath("data", "demo_producten.json").read_text("utf-8"))
    products = {p.productcode: p for p in db.session.scalars(sa.select(Product))}
    for spec in data["producten"]:
        if spec["code"] in products:
            continue
        product = Product(productcode=spec["code"], wet=spec["wet"], productcategorie=spec["cat"], naam=spec["naam"],
                          eenheid=spec["eenheid"], active=True)
        product.frequentie_rows = [ProductFrequentieRow(frequentie=f) for f in spec["freq"]]
        db.session.add(product)
        db.session.flush()
        periods = [(date.fromisoformat(v), cents) for v, cents in spec["tarieven"]]
        for i, (van, cents) in enumerate(periods):
            tot = periods[i + 1][0] - timedelta(days=1) if i + 1 < len(periods) else None
            db.session.add(Tarief(product_id=product.id, bedrag_cents=cents, geldig_van=van, geldig_tot=tot))
        products[product.productcode] = product
    existing = {a.naam for a in db.session.scalars(sa.select(Aanbieder))}
    for spec in data["aanbieders"]:
        if spec["naam"] in existing:
            continue
        db.session.add(Aanbieder(naam=spec["naam"], kvk=spec["kvk"], agb=spec["agb"],
                                 regionaal_gecontracteerd=spec["regionaal"], active=True,
                                 producten=[products[c] for c in spec["producten"]]))
    known = set(db.session.scalars(sa.select(Huisarts.agb_code)))
    for agb, naam, plaats in data["huisartsen"]:
        if agb not in known:
            db.session.add(Huisarts(agb_code=agb, naam=naam, plaats=plaats, active=True))
    db.session.flush()
