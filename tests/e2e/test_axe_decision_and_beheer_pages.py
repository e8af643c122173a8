"""axe (WCAG 2.0/2.1 A and AA) on the page types the journeys do not already check: the indicatie form
with errors, the beschikking form, preview and batch pages, and the functioneel beheerder's catalogue,
impact policy and gemeente pages — forms with errors included."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login
from tests.intake_helpers import make_hulpvraag, make_indicatie, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag
from toegang.inwoners.operations import today

pytestmark = pytest.mark.e2e


@pytest.fixture
def case_id(app: Flask, make_user, gemeenten) -> int:
    make_user("consulent", Role.CONSULENT)
    with app.app_context():
        seed_catalogus()
        actor = user("consulent")
        inw = make_inwoner(actor, gemeenten["9991"], voornamen="Wilma", achternaam="Kok")
        hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
        hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
        hv_ops.record_aanvraag(actor, hv, today())
        make_indicatie(actor, db.session.get(Hulpvraag, hv.id), "01A01", "Thuiszorg De Linde", volume="3",
                       frequentie="2", ingangsdatum=today(), einddatum=today() + timedelta(days=180))
        db.session.commit()
        return hv.id


def test_axe_indicatie_and_beschikking_pages(page: Page, live_server: str, case_id: int):
    login(page, live_server, "consulent")
    page.goto(f"{live_server}/indicaties/nieuw/{case_id}")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan en kosten berekenen").click()
    expect(page.get_by_text("Beschrijf de doelen van de ondersteuning.").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server}/beschikkingen/nieuw/{case_id}")
    assert_accessible(page)
    page.get_by_label("Motivering").fill("")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("De motivering is verplicht (Awb art. 3:46).").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motivering").fill("U kunt het huishouden niet meer zelf doen; uw netwerk kan het niet.")
    page.get_by_role("button", name="Concept opslaan").click()
    assert_accessible(page)  # the concept's detail page
    page.get_by_role("link", name="Voorbeeld").first.click()
    assert_accessible(page)  # the HTML preview of the letter

    page.goto(f"{live_server}/beschikkingen/batch")
    assert_accessible(page)


def test_axe_beheer_pages(page: Page, app: Flask, live_server: str, make_user, case_id: int):
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER, codes=("9991", "9992"))
    login(page, live_server, "beheer")
    for path in ("/catalogus/producten", "/catalogus/aanbieders", "/catalogus/wijken", "/catalogus/codelijsten",
                 "/indicaties/impactbeleid", "/beheer/gemeenten/"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
    with app.app_context():
        from toegang.catalogus.models import Aanbieder, Product

        product_id = db.session.scalar(sa.select(Product.id).where(Product.productcode == "01A01"))
        aanbieder_id = db.session.scalar(sa.select(Aanbieder.id).order_by(Aanbieder.id))
        gemeente_id = db.session.scalar(sa.text("SELECT id FROM gemeente ORDER BY id"))
    for path in (f"/catalogus/producten/{product_id}", f"/catalogus/aanbieders/{aanbieder_id}",
                 f"/beheer/gemeenten/{gemeente_id}"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
    # Forms with errors: submit them empty.
    for path in ("/catalogus/producten/nieuw", "/catalogus/aanbieders/nieuw", "/indicaties/impactbeleid/nieuw",
                 "/account/wachtwoord"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
        assert_accessible(page)
