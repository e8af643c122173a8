"""Browser journey through the afwegingskader: a consultant walks the kader for a hulpvraag, sees a
hard rule (Wlz) stop an impossible choice, saves a path and reads its motivering; the functioneel
beheerder publishes a new kader version, and the decided case keeps its version. axe on every page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login
from tests.intake_helpers import make_hulpvraag, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.afweging import operations as af_ops
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.operations import today

pytestmark = pytest.mark.e2e

STAPPEN = [
    ("Eigen kracht en gebruikelijke hulp", "Niet toereikend", "Mevrouw kan na haar heupoperatie niet bukken"),
    ("Sociaal netwerk en mantelzorg", "Niet toereikend", "Haar dochter woont in Groningen"),
    ("Voorliggende voorzieningen", "Niet van toepassing", "Geen Wlz of Zvw voor huishoudelijke taken"),
    ("Algemene voorzieningen", "Niet toereikend", "De dienstenregeling is niet genoeg voor zwaar werk"),
]


def _seed(app: Flask, gemeenten: dict[str, int]) -> dict[str, Any]:
    with app.app_context():
        seed_catalogus()
        af_ops.seed_kaders()
        actor = user("sanne")
        ids = {}
        for key, wlz in (("gewoon", False), ("wlz", True)):
            inw = make_inwoner(actor, gemeenten["9991"], voornamen="Truus" if not wlz else "Gerrit",
                               achternaam="Wit" if not wlz else "Zwart")
            if wlz:
                inw_ops.set_wlz(actor, inw, True, today() - timedelta(days=30), "CIZ-besluit")
            hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
            hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
            hv_ops.record_aanvraag(actor, hv, today() - timedelta(days=1))
            ids[key] = hv.id
        db.session.commit()
        return ids


def _walk(page: Page) -> None:
    page.get_by_label("Behoefte (doelgroep en soort vraag)").select_option("huishouden")
    for titel, antwoord, waarom in STAPPEN:
        page.get_by_role("group", name=f"{titel}: antwoord").get_by_label(antwoord, exact=True).check()
        page.get_by_label(f"{titel}: waarom").fill(waarom)
    page.get_by_role("group", name="Uitkomst van de afweging").get_by_label("Maatwerkvoorziening").check()
    page.get_by_role("group", name="Band").get_by_label("Midden").check()
    page.get_by_role("group", name="Voorgestelde producten").get_by_label("01A01 – Hulp bij het huishouden",
                                                                         exact=True).check()
    taken = page.get_by_role("group", name="Normenkader: taken die de inwoner niet zelf kan doen")
    taken.get_by_label("Zwaar huishoudelijk werk", exact=False).check()
    taken.get_by_label("Wasverzorging", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afweging opslaan").click()


def test_consultant_walks_the_kader_and_beheerder_publishes(page: Page, new_page, app: Flask, live_server: str,
                                                            make_user, gemeenten: dict[str, int]):
    make_user("sanne", Role.CONSULENT)
    make_user("ahmed", Role.FUNCTIONEEL_BEHEERDER)
    ids = _seed(app, gemeenten)
    login(page, live_server, "sanne")

    # The hard rule: a resident with a Wlz-indicatie gets no maatwerk for what the Wlz covers.
    page.goto(f"{live_server}/afweging/hulpvraag/{ids['wlz']}")
    assert_accessible(page)
    _walk(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Deze inwoner heeft een Wlz-indicatie. De Wet langdurige zorg gaat voor")
    expect(alert).to_be_focused()
    expect(page.get_by_label("Sociaal netwerk en mantelzorg: waarom")).to_have_value("Haar dochter woont in Groningen")
    assert_accessible(page)

    # A resident without Wlz: the path is saved and the motivering reads well.
    page.goto(f"{live_server}/hulpvragen/{ids['gewoon']}")
    page.get_by_role("region", name="Afwegingskader").get_by_role("link", name="Afweging vastleggen").click()
    _walk(page)
    motivering = page.get_by_role("region", name="Motivering")
    expect(motivering).to_contain_text("Eigen kracht en gebruikelijke hulp. U kunt dit niet zelf oplossen.")
    expect(motivering).to_contain_text("Mevrouw kan na haar heupoperatie niet bukken.")
    expect(motivering).to_contain_text("Voor u komt dat uit op 150 minuten per week (2,5 uur per week).")
    expect(motivering).to_contain_text("Daarom krijgt u een maatwerkvoorziening: hulp bij het huishouden.")
    expect(page.locator(".status-line")).to_contain_text("versie 1")
    assert_accessible(page)

    # The functioneel beheerder publishes version 2; the recorded path keeps version 1.
    beheer = new_page()
    login(beheer, live_server, "ahmed")
    beheer.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afwegingskader").click()
    assert_accessible(beheer)
    beheer.get_by_role("link", name="Nieuwe versie voor Gemeente Voorbeeld").click()
    beheer.get_by_label("Wat verandert er in deze versie").fill("Teksten in eenvoudiger Nederlands.")
    assert_accessible(beheer)
    with beheer.expect_navigation():
        beheer.get_by_role("button", name="Publiceren").click()
    expect(beheer.locator(".messages")).to_contain_text("Versie 2 van het afwegingskader van Gemeente Voorbeeld")
    expect(beheer.get_by_role("heading", level=1)).to_contain_text("versie 2")
    assert_accessible(beheer)

    page.goto(f"{live_server}/afweging/hulpvraag/{ids['gewoon']}")
    expect(page.locator(".status-line")).to_contain_text("kader van Gemeente Voorbeeld, versie 1")
