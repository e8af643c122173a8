"""The functioneel beheerder manages products, tariffs and aanbieders; others only read."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.intake_helpers import user
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent
from toegang.catalogus import producten as ops
from toegang.catalogus.models import Aanbieder, Huisarts, Product, Tarief
from toegang.catalogus.seed import seed_catalogus
from toegang.errors import DomainError, Refused
from toegang.extensions import db


def _product(actor, code="02A16"):
    return ops.save_product(actor, ops.ProductGegevens(code, "WMO", "02", "Begeleiding individueel", "04",
                                                       ["2", "4"]))


def test_product_and_tariffs(app, app_ctx, make_user):
    make_user("fb", Role.FUNCTIONEEL_BEHEERDER)
    fb = user("fb")
    p = _product(fb)
    ops.add_tarief(fb, p, 6520, date(2026, 1, 1), None)
    ops.add_tarief(fb, p, 6780, date(2027, 1, 1), None)  # closes the open 2026 tariff on 31 December
    assert [(t.geldig_van, t.geldig_tot, t.bedrag_cents) for t in p.tarieven] == [
        (date(2026, 1, 1), date(2026, 12, 31), 6520), (date(2027, 1, 1), None, 6780)]
    with pytest.raises(DomainError, match="overlapt"):
        ops.add_tarief(fb, p, 7000, date(2026, 6, 1), date(2026, 7, 1))
    with pytest.raises(DomainError, match="groter dan nul"):
        ops.add_tarief(fb, p, 0, date(2028, 1, 1), None)


def test_a_tariff_not_yet_in_force_can_be_withdrawn(app, app_ctx, make_user):
    """A future tariff entered by mistake goes, and the one before it runs on; one that applies or
    applied stays (costs were computed with it); only the functioneel beheerder may."""
    make_user("fb", Role.FUNCTIONEEL_BEHEERDER)
    make_user("consulent", Role.CONSULENT)
    fb = user("fb")
    p = _product(fb)
    ops.add_tarief(fb, p, 6520, date(2026, 1, 1), None)
    mistake = ops.add_tarief(fb, p, 9999, date(2027, 1, 1), None)
    with pytest.raises(Refused):
        ops.remove_tarief(user("consulent"), p, mistake.id, vandaag=date(2026, 11, 23))
    with pytest.raises(DomainError, match="blijft staan"):
        ops.remove_tarief(fb, p, p.tarieven[0].id, vandaag=date(2026, 11, 23))
    with pytest.raises(DomainError, match="blijft staan"):  # on its first day it already applies
        ops.remove_tarief(fb, p, mistake.id, vandaag=date(2027, 1, 1))
    ops.remove_tarief(fb, p, mistake.id, vandaag=date(2026, 11, 23))
    assert [(t.geldig_van, t.geldig_tot, t.bedrag_cents) for t in p.tarieven] == [(date(2026, 1, 1), None, 6520)]
    with pytest.raises(DomainError, match="bestaat niet"):
        ops.remove_tarief(fb, p, mistake.id, vandaag=date(2026, 11, 23))
    # A bounded future tariff between two others: the one before runs on to its end, no gap.
    ops.add_tarief(fb, p, 6600, date(2027, 1, 1), date(2027, 6, 30))
    ops.add_tarief(fb, p, 6900, date(2027, 7, 1), None)
    ops.remove_tarief(fb, p, next(t.id for t in p.tarieven if t.bedrag_cents == 6600), vandaag=date(2026, 11, 23))
    assert [(t.geldig_van, t.geldig_tot) for t in p.tarieven] == [
        (date(2026, 1, 1), date(2027, 6, 30)), (date(2027, 7, 1), None)]
    db.session.commit()  # the audit events are written when the request commits
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "remove_tarief")) == 2


@pytest.mark.parametrize(("code", "cat", "message"), [("2A16", "02", "5 tekens"), ("02a1!", "02", "5 tekens"),
                                                      ("02A99", "99", "codelijst")])
def test_product_validation(app, app_ctx, make_user, code, cat, message):
    make_user("fb", Role.FUNCTIONEEL_BEHEERDER)
    with pytest.raises(DomainError, match=message):
        ops.save_product(user("fb"), ops.ProductGegevens(code, "WMO", cat, "X", "04", ["2"]))


def test_aanbieder_needs_kvk_or_agb(app, app_ctx, make_user):
    make_user("fb", Role.FUNCTIONEEL_BEHEERDER)
    fb = user("fb")
    with pytest.raises(DomainError, match="KvK-nummer of een AGB-code"):
        ops.save_aanbieder(fb, ops.AanbiederGegevens("Zorg BV", "", "", True, []))
    with pytest.raises(DomainError, match="8 cijfers"):
        ops.save_aanbieder(fb, ops.AanbiederGegevens("Zorg BV", "1234", "", True, []))
    a = ops.save_aanbieder(fb, ops.AanbiederGegevens("Zorg BV", "12345678", "", False, [_product(fb).id]))
    assert not a.regionaal_gecontracteerd and [p.productcode for p in a.producten] == ["02A16"]


def test_only_beheerder_changes(app, app_ctx, make_user):
    make_user("c", Role.CONSULENT, Role.TEAMLEIDER)
    with pytest.raises(Refused):
        _product(user("c"))
    assert ops.products(user("c")) == []  # but may read


def test_http_management_keeps_input_and_audits(app, as_role):
    b = as_role("beheer")
    resp = b.post("/catalogus/producten/nieuw", {"productcode": "XX", "naam": "Nieuw product", "wet": "WMO",
                                                  "productcategorie": "02", "eenheid": "04", "frequenties": ["2"]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "5 tekens" in html and 'value="Nieuw product"' in html
    resp = b.post("/catalogus/producten/nieuw", {"productcode": "02B01", "naam": "Nieuw product", "wet": "WMO",
                                                  "productcategorie": "02", "eenheid": "04", "frequenties": ["2"],
                                                  "active": "y"})
    assert resp.status_code == 302
    url = resp.headers["Location"]
    page = b.get(url).get_data(as_text=True)
    from tests.intake_helpers import field_token

    name, token = field_token(page, "tarief")
    resp = b.client.post(url + "/tarieven", data={name: token, "tarief-bedrag": "veel", "tarief-geldig_van":
                                                  "2026-01-01"})
    assert resp.status_code == 422 and "bedrag in euro" in resp.get_data(as_text=True)
    resp = b.client.post(url + "/tarieven", data={name: token, "tarief-bedrag": "65,20",
                                                  "tarief-geldig_van": "2026-01-01"})
    assert resp.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Tarief.bedrag_cents)) == 6520
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
        assert {"create_product", "add_tarief"} <= actions
    consulent = as_role("consulent")
    assert consulent.get("/catalogus/producten").status_code == 200
    assert consulent.get("/catalogus/producten/nieuw").status_code == 403
    # A tariff for the future can be withdrawn from the page; the one in force cannot.
    from datetime import timedelta

    from toegang.inwoners.operations import today

    future = today() + timedelta(days=40)
    resp = b.client.post(url + "/tarieven", data={name: token, "tarief-bedrag": "99,99",
                                                  "tarief-geldig_van": future.isoformat()})
    assert resp.status_code == 302
    with app.app_context():
        current_id, future_id = db.session.scalars(sa.select(Tarief.id).order_by(Tarief.geldig_van)).all()
    page = b.get(url).get_data(as_text=True)
    assert f"/tarieven/{future_id}/verwijderen" in page and f"/tarieven/{current_id}/verwijderen" not in page
    assert "geldt al" in page
    resp = b.client.post(f"{url}/tarieven/{current_id}/verwijderen", data={"csrf_token": b.token(url)},
                         follow_redirects=True)
    assert "blijft staan" in resp.get_data(as_text=True)
    resp = b.client.post(f"{url}/tarieven/{future_id}/verwijderen", data={"csrf_token": b.token(url)},
                         follow_redirects=True)
    assert "Het tarief is verwijderd." in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(sa.select(Tarief.bedrag_cents, Tarief.geldig_tot)).all() == [(6520, None)]
    assert consulent.client.post(f"{url}/tarieven/{current_id}/verwijderen",
                                 data={"csrf_token": consulent.token("/")}).status_code == 403


def test_seed_catalogus_is_idempotent(app, app_ctx):
    seed_catalogus()
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Product, Aanbieder, Huisarts,
                                                                                     Tarief)]
    seed_catalogus()
    assert [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Product, Aanbieder, Huisarts,
                                                                                   Tarief)] == counts
    assert counts[0] >= 20 and counts[1] >= 10
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Aanbieder).where(
        ~Aanbieder.regionaal_gecontracteerd)) >= 1
