"""Browser journey of the beleidsmedewerker: the monitoring dashboard with numbers that obey the
disclosure rule, a filter, a person's URL refused, and axe-core on the page. And the functioneel
beheerder issuing an API token (shown once)."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login
from tests.monitoring.helpers import generated_rows, write_csv
from toegang.accounts.roles import Role
from toegang.extensions import db
from toegang.monitoring.importer import INDICATIE_COLUMNS


def _history(app: Flask, tmp_path) -> None:
    from toegang.catalogus.seed import seed_catalogus
    from toegang.gemeenten.models import Gemeente
    from toegang.monitoring.importer import import_history

    with app.app_context():
        seed_catalogus()
        gemeente = db.session.query(Gemeente).filter_by(code="9991").one()
        import_history(gemeente, write_csv(tmp_path / "gen.csv", INDICATIE_COLUMNS, generated_rows(37, 3)))
        db.session.commit()


def test_beleidsmedewerker_sees_anonymised_dashboard(app: Flask, page: Page, live_server: str, make_user,
                                                      tmp_path) -> None:
    _history(app, tmp_path)
    make_user("beleid", Role.BELEIDSMEDEWERKER)
    login(page, live_server, "beleid")
    page.get_by_role("link", name="Monitoring", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitoring sociaal domein")
    page.get_by_label("Periode", exact=True).select_option("jaar")
    page.get_by_role("button", name="Toon").click()
    page.get_by_label("Welke periode").select_option(label="2025")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Bereik", exact=True)).to_be_visible()
    card = page.locator(".kern .card").first
    expect(card.locator(".kern__waarde")).to_contain_text("40")
    # Every count in the bereik tables is a multiple of five and never 1..7, or secret.
    cells = page.locator("section[id^='tabel-bereik'] table td").all_inner_texts()
    assert cells and "geheim" in " ".join(cells)
    for text in cells:
        digits = text.replace(".", "").strip()
        if re.fullmatch(r"\d+", digits):
            assert int(digits) % 5 == 0 and not 1 <= int(digits) <= 7, text
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_accessible(page)
    # A person's page is refused.
    response = page.goto(f"{live_server}/inwoners/zoeken")
    assert response is not None and response.status == 403


def test_beheerder_issues_a_token_once(page: Page, live_server: str, make_user) -> None:
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    login(page, live_server, "beheer")
    page.get_by_role("link", name="API-tokens", exact=True).first.click()
    page.get_by_label("Naam (waarvoor is dit token?)").fill("Power BI gemeente")
    page.get_by_role("button", name="Token aanmaken").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("tgm_")
    assert_accessible(page)
    page.reload()
    assert token not in page.content()
