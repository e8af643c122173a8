"""Browser journeys for the privacy pages: the beheerder's retention run and the privacy officer's
inzage, with axe-core on each page."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, login
from tests.intake_helpers import user
from tests.privacy.helpers import age_case, full_case
from toegang.accounts.roles import Role
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.inwoners.models import Inwoner


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name, exact=True).click()


def _dossier(app: Flask, gemeenten: dict[str, int], jaren: int) -> dict[str, int]:
    with app.app_context():
        seed_catalogus()
        ids = full_case(user("sanne"), gemeenten["9991"], afgeschermd=True)
        age_case(ids["hulpvraag_id"], jaren)
        db.session.commit()
        ids["bsn"] = db.session.get(Inwoner, ids["inwoner_id"]).bsn
        return ids


def test_beheerder_applies_retention(page: Page, app: Flask, live_server: str, make_user, gemeenten):
    make_user("sanne", Role.CONSULENT)
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    ids = _dossier(app, gemeenten, 11)
    login(page, live_server, "beheer")
    _menu(page, "Bewaartermijn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijn toepassen")
    expect(page.locator("#kandidaten tbody tr")).to_have_count(1)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Anonimiseer 1 inwoner").click()
    expect(page.get_by_role("alert")).to_contain_text("Bevestig")
    assert_accessible(page)
    page.get_by_label("Ik heb de lijst gecontroleerd", exact=False).check()
    page.get_by_label("Uw wachtwoord, ter bevestiging").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anonimiseer 1 inwoner").click()
    expect(page.locator(".messages")).to_contain_text("1 inwoners geanonimiseerd, 2 documenten vernietigd")
    with app.app_context():
        assert db.session.get(Inwoner, ids["inwoner_id"]).geanonimiseerd_at is not None


def test_privacy_officer_answers_an_inzage(page: Page, app: Flask, live_server: str, make_user, gemeenten):
    make_user("sanne", Role.CONSULENT)
    make_user("fg", Role.AUDITOR)
    ids = _dossier(app, gemeenten, 0)
    login(page, live_server, "fg")
    _menu(page, "Inzageverzoek")
    assert_accessible(page)
    page.get_by_label("BSN van de inwoner").fill(ids["bsn"])
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzage: Geertje Bakker")
    expect(page.locator("#toegangslog tbody tr").first).to_be_visible()
    assert ids["bsn"] not in page.url
    assert_accessible(page)
