"""Browser journeys for the decision: a consultant proposes a high-impact indicatie and submits it;
a teamleider returns it with a reason; the consultant changes and resubmits; another teamleider
approves; the author's own approval is refused on screen; the consultant issues the beschikking and
downloads the PDF with its kenmerk. axe checks the indicatie, review and beschikking pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, login
from tests.intake_helpers import ensure_afweging, make_hulpvraag, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.inwoners.operations import today

pytestmark = pytest.mark.e2e


@pytest.fixture
def case_id(app: Flask, make_user, gemeenten) -> int:
    """A Wmo hulpvraag with an aanvraag, ready for an indicatie; a team to review it."""
    make_user("consulent", Role.CONSULENT)
    make_user("tl1", Role.TEAMLEIDER, Role.CONSULENT)
    make_user("tl2", Role.TEAMLEIDER)
    with app.app_context():
        seed_catalogus()
        actor = user("tl1")
        inw = make_inwoner(actor, gemeenten["9991"], voornamen="Hendrik", achternaam="Visser")
        hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
        hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
        hv_ops.record_aanvraag(actor, hv, today())
        ensure_afweging(actor, hv, "15A01")
        db.session.commit()
        return hv.id


def _propose(page: Page, live_server: str, case_id: int) -> str:
    page.goto(f"{live_server}/hulpvragen/{case_id}")
    page.get_by_role("link", name="Nieuwe indicatie").click()
    product = page.get_by_label("Product", exact=True)
    product.select_option(label=product.locator("option", has_text="15A01").inner_text())
    page.get_by_label("Omvang (aantal eenheden)").fill("1")
    page.get_by_label("Frequentie", exact=True).select_option("1")
    page.get_by_label("Einddatum", exact=True).fill((today() + timedelta(days=364)).isoformat())
    page.get_by_label("Aanbieder (bij zorg in natura)").select_option(label="Stichting Beschermd Thuis")
    page.get_by_label("Doelen", exact=True).fill("Veilig wonen met begeleiding, op weg naar zelfstandigheid.")
    page.get_by_role("button", name="Opslaan en kosten berekenen").click()
    expect(page.get_by_text("Deze indicatie heeft grote gevolgen.")).to_be_visible()
    expect(page.get_by_text("Verblijf of 24-uurszorg (productcategorie 15).")).to_be_visible()
    return page.url


def test_propose_return_resubmit_approve_issue_download(app: Flask, live_server: str, case_id: int, new_page):
    author = new_page()
    login(author, live_server, "tl1")  # a teamleider working as consulent writes the proposal
    url = _propose(author, live_server, case_id)
    assert_accessible(author)
    author.get_by_role("button", name="Indienen", exact=True).click()
    expect(author.get_by_text("De indicatie is ingediend.")).to_be_visible()
    # The author is a teamleider too, but sees no approve button and is refused if she tries.
    author.goto(url)
    expect(author.get_by_text("U heeft deze indicatie zelf voorgesteld, ingediend of gewijzigd.")).to_be_visible()
    expect(author.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    token = author.locator("input[name='indienen-csrf_token'], input[name='csrf_token']").first.get_attribute("value")
    forged = author.request.post(f"{url}/goedkeuren", form={"csrf_token": token, "goedkeuren-version": "5"})
    assert forged.status == 403 and "andere teamleider" in forged.text()

    reviewer = new_page()
    login(reviewer, live_server, "tl2")
    expect(reviewer.get_by_role("link", name=re.compile(r"Beoordelen\s*1"))).to_be_visible()
    reviewer.get_by_role("link", name=re.compile("Beoordelen")).click()
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="Beschermd wonen intensief").click()
    reviewer.get_by_role("button", name="Terugsturen naar de consulent").click()
    expect(reviewer.get_by_text("Geef een reden: wat moet er anders?").first).to_be_visible()
    assert_accessible(reviewer)
    reviewer.get_by_label("Reden voor de consulent").fill("Kies een einddatum na een half jaar; dan evalueren.")
    reviewer.get_by_role("button", name="Terugsturen naar de consulent").click()
    expect(reviewer.get_by_text("De indicatie is teruggestuurd naar de consulent.")).to_be_visible()

    author.goto(url)
    expect(author.get_by_text("Kies een einddatum na een half jaar")).to_be_visible()
    author.get_by_role("link", name="Indicatie wijzigen").click()
    author.get_by_label("Einddatum", exact=True).fill((today() + timedelta(days=182)).isoformat())
    author.get_by_role("button", name="Opslaan en kosten berekenen").click()
    author.get_by_role("button", name="Indienen", exact=True).click()

    reviewer.goto(url)
    reviewer.get_by_role("button", name="Goedkeuren").click()
    expect(reviewer.get_by_text("De indicatie is goedgekeurd.")).to_be_visible()

    # The consultant issues the beschikking and downloads the archived PDF.
    author.goto(f"{live_server}/hulpvragen/{case_id}")
    author.get_by_role("link", name="Nieuwe beschikking").click()
    author.get_by_label("Motivering").fill("U kunt nu niet veilig zelfstandig wonen. Beschermd wonen helpt u "
                                           "daarbij, met als doel dat u daarna weer zelfstandig woont.")
    author.get_by_role("button", name="Concept opslaan").click()
    assert_accessible(author)
    author.get_by_role("button", name="Vastleggen").click()
    message = author.get_by_text(re.compile(r"vastgelegd met kenmerk 9991-\d{4}-\d{6}"))
    expect(message).to_be_visible()
    kenmerk = re.search(r"9991-\d{4}-\d{6}", message.text_content()).group(0)
    href = author.get_by_role("link", name="Beschikking downloaden (PDF)").get_attribute("href")
    pdf = author.request.get(f"{live_server}{href}")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert kenmerk in text and "Hendrik Visser" in text and "Beschermd wonen intensief" in text
