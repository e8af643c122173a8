"""Browser journeys through the intake: register a resident, take a hulpvraag from melding to
aanvraag (gesprek with ZRM, onderzoek, verslag as PDF), the werkvoorraad and the team view, errors
on the resident form, the melding form by keyboard alone, and axe-core on every intake page.

Every journey clicks through the real UI in Chromium and fills fields by their visible labels.
Expected deadlines are computed from today with ``toegang.hulpvragen.termijnen`` (Atw shift
included), never hard-coded, so the tests hold on any day of the year.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, login
from tests.intake_helpers import make_hulpvraag, make_inwoner, next_bsn, user
from toegang.accounts.roles import Role
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Afsluitreden, BetrokkeneSoort, GrondslagSoort
from toegang.hulpvragen.termijnen import apply_atw, format_date_nl
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.models import ContactSoort, HuishoudenRol
from toegang.inwoners.operations import today

pytestmark = pytest.mark.e2e

FOCUSED_ID = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  if (el.id) return "#" + el.id;
  return el.tagName.toLowerCase() + ":" + (el.textContent || "").trim();
}"""


# ------------------------------------------------------------------ helpers

def _days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def _days_left_text(deadline: date, peildatum: date) -> str:
    """The Dutch status of a running deadline, as the case page and werkvoorraad word it."""
    left = (deadline - peildatum).days
    if left < 0:
        return f"{_days(-left)} te laat"
    return "vandaag" if left == 0 else f"nog {_days(left)}"


def _wmo_onderzoek_deadline(melddatum: date) -> date:
    """Wmo 2015 art. 2.3.2: six weeks after the melding, moved to a working day (Atw art. 1)."""
    return apply_atw(melddatum + timedelta(weeks=6))


def _wmo_beschikking_deadline(aanvraag: date) -> date:
    """Wmo 2015 art. 2.3.5 lid 2: two weeks after the aanvraag, moved to a working day."""
    return apply_atw(aanvraag + timedelta(weeks=2))


def _submit(page: Page, button_name: str, scope: Page | Locator | None = None) -> None:
    with page.expect_navigation():
        (scope or page).get_by_role("button", name=button_name, exact=True).click()


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name, exact=True).click()


def _focused(page: Page) -> str:
    return page.evaluate(FOCUSED_ID)


def _h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def _status(page: Page) -> Locator:
    """The flash message(s) of the page (role=status)."""
    return page.locator(".messages").get_by_role("status")


def _seed(app: Flask, build: Callable[[], Any]) -> Any:
    """Run ``build`` through the service layer in an app context and commit; return its result."""
    with app.app_context():
        result = build()
        db.session.commit()
        return result


def _body_rows(table: Locator) -> Locator:
    return table.locator("tbody tr")


# ------------------------------------------------------------------ journey 1: melding to aanvraag

def test_consulent_registers_resident_and_takes_hulpvraag_to_aanvraag(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    vandaag = today()
    bsn = next_bsn()
    login(page, live_server, "sanne")

    # Register the resident.
    _nav(page, "Inwoners")
    expect(_h1(page)).to_have_text("Inwoner zoeken")
    page.get_by_role("link", name="Nieuwe inwoner registreren").click()
    expect(_h1(page)).to_have_text("Nieuwe inwoner registreren")
    page.get_by_label("BSN", exact=True).fill(bsn)
    page.get_by_label("Gemeente", exact=True).select_option(label="Gemeente Voorbeeld")
    page.get_by_label("Voornamen", exact=True).fill("Geertruida Maria")
    page.get_by_label("Tussenvoegsel", exact=True).fill("van der")
    page.get_by_label("Achternaam", exact=True).fill("Linden")
    page.get_by_label("Geboortedatum", exact=True).fill("1941-06-14")
    page.get_by_label("Geslacht", exact=True).select_option(label="Vrouw")
    page.get_by_label("Straat", exact=True).fill("Lindelaan")
    page.get_by_label("Huisnummer", exact=True).fill("12")
    page.get_by_label("Postcode", exact=True).fill("1234ab")
    page.get_by_label("Woonplaats", exact=True).fill("Voorbeeld")
    _submit(page, "Opslaan")

    naam = "Geertruida Maria van der Linden"
    expect(_status(page)).to_have_text(f"{naam} is geregistreerd.")
    expect(_h1(page)).to_have_text(naam)
    expect(page.get_by_text("1234 AB Voorbeeld")).to_be_visible()
    expect(page.get_by_text("Nog geen hulpvragen.")).to_be_visible()

    # The melding.
    page.get_by_role("link", name="Nieuwe hulpvraag").click()
    expect(_h1(page)).to_contain_text("Nieuwe hulpvraag")
    expect(page.get_by_label("Datum van de melding", exact=True)).to_have_value(vandaag.isoformat())
    page.get_by_label("Kanaal", exact=True).select_option(label="Telefoon")
    page.get_by_label("Wie meldt", exact=True).select_option(label="Een mantelzorger")
    page.get_by_label("Naam van de melder (als dat niet de inwoner is)").fill("Kees van der Linden (zoon)")
    page.get_by_role("group", name="Wet(ten)").get_by_role("checkbox", name="Wmo 2015").check()
    domeinen = page.get_by_role("group", name="Levensdomeinen")
    domeinen.get_by_role("checkbox", name="Instrumentele ADL").check()
    domeinen.get_by_role("checkbox", name="Sociaal netwerk").check()
    page.get_by_label("Omschrijving van de hulpvraag").fill(
        "Mevrouw kan na een val het huishouden niet meer zelf doen.")
    _submit(page, "Opslaan")

    expect(_status(page)).to_have_text("De hulpvraag is geregistreerd.")
    expect(_h1(page)).to_have_text(f"Hulpvraag van {naam}")
    expect(page.locator(".status-line")).to_contain_text("Status: Gemeld")
    expect(page.locator(".status-line")).to_contain_text("Vaste consulent: Sanne")
    termijnen = page.get_by_role("region", name="Wettelijke termijnen")
    onderzoek_row = termijnen.get_by_role("row").filter(has_text="Onderzoek Wmo 2015")
    expect(onderzoek_row).to_contain_text("Wmo 2015 art. 2.3.2")
    expect(onderzoek_row).to_contain_text(_days_left_text(_wmo_onderzoek_deadline(vandaag), vandaag))
    melding = page.get_by_role("region", name="De melding")
    expect(melding).to_contain_text("Een mantelzorger (Kees van der Linden (zoon))")
    expect(melding).to_contain_text("Instrumentele ADL, Sociaal netwerk")

    # A gesprek with ZRM scores.
    page.get_by_role("link", name="Gesprek vastleggen (met ZRM)").click()
    expect(_h1(page)).to_have_text(f"Gesprek met {naam}")
    expect(page.get_by_label("Datum van het gesprek")).to_have_value(vandaag.isoformat())
    page.get_by_label("Waar", exact=True).select_option(label="Bij de inwoner thuis")
    page.get_by_label("Deelnemers", exact=True).fill("Mevrouw Van der Linden, haar zoon Kees, consulent Sanne")
    page.get_by_label("Verslag van het gesprek").fill("Keukentafelgesprek over het huishouden.")
    zrm = page.get_by_role("group", name="Zelfredzaamheid-Matrix")
    zrm.get_by_label("Instrumentele ADL", exact=True).select_option(label="2 – niet zelfredzaam")
    zrm.get_by_label("Sociaal netwerk", exact=True).select_option(label="3 – beperkt zelfredzaam")
    zrm.get_by_label("Financiën", exact=True).select_option(label="4 – voldoende zelfredzaam")
    _submit(page, "Gesprek opslaan")

    expect(_status(page)).to_have_text("Het gesprek is vastgelegd.")
    gesprek = page.get_by_role("region", name="Gesprekken").locator("article")
    expect(gesprek).to_have_count(1)
    expect(gesprek).to_contain_text("Mevrouw Van der Linden, haar zoon Kees, consulent Sanne")
    scores = gesprek.get_by_role("table", name="Zelfredzaamheid-Matrix")
    expect(scores.get_by_role("row").filter(has_text="Instrumentele ADL")).to_contain_text("2 – niet zelfredzaam")
    expect(scores.get_by_role("row").filter(has_text="Sociaal netwerk")).to_contain_text("3 – beperkt zelfredzaam")
    expect(scores.get_by_role("row").filter(has_text="Financiën")).to_contain_text("4 – voldoende zelfredzaam")
    expect(_body_rows(scores)).to_have_count(3)

    # The onderzoek.
    onderzoek = page.get_by_role("region", name="Onderzoek en verslag")
    _submit(page, "Onderzoek starten", onderzoek)
    expect(_status(page)).to_have_text("Het onderzoek is gestart.")
    expect(page.locator(".status-line")).to_contain_text("Status: In onderzoek")
    onderzoek.get_by_role("link", name="Onderzoek bewerken").click()
    expect(_h1(page)).to_have_text(f"Onderzoek voor {naam}")
    page.get_by_label("Behoeften, persoonskenmerken en voorkeuren").fill(
        "Mevrouw wil zelfstandig thuis blijven wonen.")
    page.get_by_label("Conclusie", exact=True).fill("Hulp bij het huishouden, twee uur per week.")
    _submit(page, "Opslaan")
    expect(_status(page)).to_have_text("Het onderzoek is opgeslagen.")
    expect(onderzoek).to_contain_text("Mevrouw wil zelfstandig thuis blijven wonen.")

    _submit(page, "Onderzoek afronden", onderzoek)
    expect(_status(page)).to_contain_text("Het onderzoek is afgerond.")
    expect(termijnen.get_by_role("row").filter(has_text="Onderzoek Wmo 2015")).to_contain_text("afgerond")

    _submit(page, "Verslag verzenden", onderzoek)
    expect(_status(page)).to_contain_text("Het verslag is vastgelegd als verzonden.")
    link = onderzoek.get_by_role("link", name=re.compile(r"^Verzonden verslag van .+ \(PDF\)$"))
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert naam in " ".join(text.split()), text[:500]

    # The aanvraag: the beschikking term now runs.
    _submit(page, "Aanvraag vastleggen", termijnen)
    expect(_status(page)).to_have_text("De aanvraag is vastgelegd. De beslistermijn loopt.")
    expect(page.locator(".status-line")).to_contain_text("Status: Aanvraag ontvangen")
    beschikking_row = termijnen.get_by_role("row").filter(has_text="Beschikking Wmo 2015")
    expect(beschikking_row).to_contain_text("Wmo 2015 art. 2.3.5 lid 2")
    expect(beschikking_row).to_contain_text(_days_left_text(_wmo_beschikking_deadline(vandaag), vandaag))


# ------------------------------------------------------------------ journey 2: werkvoorraad

def test_werkvoorraad_lists_overdue_case_first(page: Page, app: Flask, live_server: str, make_user,
                                               gemeenten: dict[str, int]):
    make_user("sanne", Role.CONSULENT)
    vandaag = today()
    meldingen = {"Recent": vandaag - timedelta(days=2), "Oud": vandaag - timedelta(days=60),
                 "Midden": vandaag - timedelta(days=20)}

    def build() -> None:
        sanne = user("sanne")
        for achternaam, melddatum in meldingen.items():
            inw = make_inwoner(sanne, gemeenten["9991"], voornamen="Jan", achternaam=achternaam)
            make_hulpvraag(sanne, inw, melddatum)

    _seed(app, build)
    login(page, live_server, "sanne")
    _nav(page, "Werkvoorraad")
    expect(_h1(page)).to_have_text("Mijn werkvoorraad")

    table = page.get_by_role("table", name="3 open hulpvragen")
    rows = _body_rows(table)
    expect(rows).to_have_count(3)
    expect(rows.locator("td:nth-child(2)")).to_have_text(["Jan Oud", "Jan Midden", "Jan Recent"])
    overdue = _days_left_text(_wmo_onderzoek_deadline(meldingen["Oud"]), vandaag)
    assert overdue.endswith("te laat")
    expect(rows.nth(0)).to_contain_text(overdue)
    expect(rows.nth(0).locator("strong")).to_have_text(overdue)
    deadline = _wmo_onderzoek_deadline(meldingen["Oud"])
    expect(rows.nth(0)).to_contain_text(f"({format_date_nl(deadline)}, onderzoek Wmo 2015)")
    expect(rows.nth(1)).to_contain_text(_days_left_text(_wmo_onderzoek_deadline(meldingen["Midden"]), vandaag))
    expect(rows.nth(2)).to_contain_text(_days_left_text(_wmo_onderzoek_deadline(meldingen["Recent"]), vandaag))
    expect(table.get_by_text("te laat")).to_have_count(1)

    rows.nth(0).get_by_role("link", name="Jan Oud").click()
    expect(_h1(page)).to_have_text("Hulpvraag van Jan Oud")


# ------------------------------------------------------------------ journey 3: team and reassigning

def test_teamleider_sees_counts_and_reassigns_a_case(page: Page, new_page: Callable[[], Page], app: Flask,
                                                     live_server: str, make_user, gemeenten: dict[str, int]):
    make_user("consulent", Role.CONSULENT)
    make_user("consulent2", Role.CONSULENT)
    make_user("teamleider", Role.TEAMLEIDER, Role.CONSULENT)
    vandaag = today()

    def build() -> None:
        actor = user("consulent")
        make_hulpvraag(actor, make_inwoner(actor, gemeenten["9991"], achternaam="Laat"), vandaag - timedelta(days=60))
        make_hulpvraag(actor, make_inwoner(actor, gemeenten["9991"], achternaam="Vers"), vandaag - timedelta(days=1))

    _seed(app, build)
    login(page, live_server, "teamleider")
    _nav(page, "Team")
    expect(_h1(page)).to_have_text("Werkvoorraad van het team")
    overview = page.get_by_role("table", name="Open en te late hulpvragen per consulent")

    def counts() -> dict[str, list[str]]:
        rows = _body_rows(overview)
        return {r[0]: r[1:] for r in (row.locator("td").all_inner_texts() for row in rows.all())}

    assert counts() == {"Consulent": ["2", "1"], "Consulent2": ["0", "0"], "Teamleider": ["0", "0"]}

    cases = page.get_by_role("table", name="2 open hulpvragen")
    expect(_body_rows(cases).locator("td:nth-child(2)")).to_have_text(["Jan Laat", "Jan Vers"])
    cases.get_by_role("link", name="Jan Vers").click()
    expect(_h1(page)).to_have_text("Hulpvraag van Jan Vers")
    expect(page.locator(".status-line")).to_contain_text("Vaste consulent: Consulent")

    toewijzen = page.get_by_role("region", name="Afsluiten")
    toewijzen.get_by_label("Nieuwe consulent").select_option(label="Consulent2")
    toewijzen.get_by_label("Reden", exact=True).fill("Verlof van de vaste consulent")
    _submit(page, "Toewijzen", toewijzen)
    expect(_status(page)).to_have_text("De hulpvraag is aan een andere consulent toegewezen.")
    expect(page.locator(".status-line")).to_contain_text("Vaste consulent: Consulent2")

    _nav(page, "Team")
    assert counts() == {"Consulent": ["1", "1"], "Consulent2": ["1", "0"], "Teamleider": ["0", "0"]}

    theirs = new_page()
    login(theirs, live_server, "consulent2")
    _nav(theirs, "Werkvoorraad")
    rows = _body_rows(theirs.get_by_role("table", name="1 open hulpvraag"))
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Jan Vers")
    expect(rows.nth(0)).to_contain_text(_days_left_text(_wmo_onderzoek_deadline(vandaag - timedelta(days=1)),
                                                        vandaag))


# ------------------------------------------------------------------ journey 4: errors on the resident form

def test_resident_form_errors_are_summarised_focused_and_keep_input(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    login(page, live_server, "sanne")
    page.goto(f"{live_server}/inwoners/nieuw")

    typed = {"BSN": "999990018", "Voornamen": "Jan", "Tussenvoegsel": "de", "Achternaam": "Vries",
             "Straat": "Kerkstraat", "Huisnummer": "7", "Toevoeging": "A", "Postcode": "12AB",
             "Woonplaats": "Voorbeeld", "Telefoon": "0612345678", "E-mailadres": "jan@example.nl"}
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Geboortedatum", exact=True).fill("1950-03-01")
    page.get_by_label("Geslacht", exact=True).select_option(label="Man")
    _submit(page, "Opslaan")

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement === document.querySelector('.error-summary')")
    expect(summary.get_by_role("heading")).to_have_text("Er zijn problemen met het formulier")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_text(re.compile(r"^BSN: .+"))
    expect(links.nth(0)).to_have_attribute("href", "#bsn")
    expect(links.nth(1)).to_have_text(re.compile(r"^Postcode: .+"))
    expect(links.nth(1)).to_have_attribute("href", "#postcode")

    # Every typed value is still there, and the invalid fields say so.
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    expect(page.get_by_label("Geboortedatum", exact=True)).to_have_value("1950-03-01")
    expect(page.get_by_label("Geslacht", exact=True)).to_have_value("M")
    expect(page.get_by_label("Gemeente", exact=True)).to_have_value(re.compile(r"^\d+$"))
    for label in ("BSN", "Postcode"):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = field.get_attribute("aria-describedby").split()[-1]
        expect(page.locator(f"#{error_id}")).to_be_visible()
    expect(page.get_by_label("Voornamen", exact=True)).not_to_have_attribute("aria-invalid", "true")

    # "(verplicht)" sits on the line of its label, the input below them.
    label_box = page.locator("label[for=bsn]").bounding_box()
    marker_box = page.locator("label[for=bsn] + .required").bounding_box()
    input_box = page.get_by_label("BSN", exact=True).bounding_box()
    assert label_box and marker_box and input_box
    assert marker_box["x"] > label_box["x"] and abs(marker_box["y"] - label_box["y"]) < label_box["height"]
    assert input_box["y"] >= label_box["y"] + label_box["height"]

    links.nth(0).click()
    expect(page.get_by_label("BSN", exact=True)).to_be_focused()
    assert _focused(page) == "#bsn"


# ------------------------------------------------------------------ journey 5: the melding by keyboard alone

def test_melding_form_by_keyboard_only(page: Page, app: Flask, live_server: str, make_user,
                                       gemeenten: dict[str, int]):
    make_user("sanne", Role.CONSULENT)
    inwoner_id = _seed(app, lambda: make_inwoner(user("sanne"), gemeenten["9991"], voornamen="Piet").id)
    login(page, live_server, "sanne")
    page.goto(f"{live_server}/hulpvragen/nieuw/{inwoner_id}")
    expect(_h1(page)).to_contain_text("Nieuwe hulpvraag")
    domein_count = page.get_by_role("group", name="Levensdomeinen").get_by_role("checkbox").count()
    assert domein_count == 13

    # Tab from the top of the page to the submit button, recording every stop; on the way, Space
    # checks the Wmo checkbox and the omschrijving is typed.
    order: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        order.append(_focused(page))
        if order[-1] == "#wetten-0":
            page.keyboard.press("Space")
        elif order[-1] == "#omschrijving":
            page.keyboard.type("Meneer wil weer meedoen in de buurt.")
        elif order[-1] == "button:Opslaan":
            break
    assert order[0] == "a:Direct naar de inhoud", order
    assert order[-1] == "button:Opslaan", f"Tab never reached the Opslaan button: {order}"
    # A date input has a tab stop per part (day, month, year): collapse the repeats.
    stops = [s for i, s in enumerate(order) if i == 0 or s != order[i - 1]]
    assert "#melddatum" in stops, stops
    form_stops = stops[stops.index("#melddatum"):]
    expected = (["#melddatum", "#kanaal", "#melder", "#melder_naam", "#verwijzer_code", "#huisarts_id"]
                + [f"#wetten-{i}" for i in range(3)] + [f"#levensdomeinen-{i}" for i in range(domein_count)]
                + ["#omschrijving", "#spoed", "#consulent_id", "button:Opslaan"])
    assert form_stops == expected
    # Before the form only the skip link, the header, the navigation and the back link.
    assert stops[stops.index("#melddatum") - 1] == "a:← Terug", stops
    expect(page.get_by_role("checkbox", name="Wmo 2015")).to_be_checked()
    expect(page.get_by_label("Omschrijving van de hulpvraag")).to_have_value("Meneer wil weer meedoen in de buurt.")

    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(_status(page)).to_have_text("De hulpvraag is geregistreerd.")
    expect(_h1(page)).to_have_text("Hulpvraag van Piet Jansen")
    expect(page.get_by_role("region", name="De melding")).to_contain_text("Meneer wil weer meedoen in de buurt.")
    # After a full page load focus starts at the top of the document, so the first Tab is the skip
    # link, and the skip link takes the user straight to the main content with the flash message.
    assert _focused(page) == "body"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), _focused(page)


# ------------------------------------------------------------------ axe-core on every intake page

def _seed_dossier(app: Flask, gemeenten: dict[str, int]) -> dict[str, int]:
    """A resident with a huishouden (and a child in it), a contactpersoon and hulpvragen in every
    state; returns the ids."""
    vandaag = today()

    def build() -> dict[str, int]:
        actor = user("sanne")
        moeder = make_inwoner(actor, gemeenten["9991"], voornamen="Fatima", achternaam="El Amrani",
                              geboortedatum=date(1982, 4, 2))
        kind = make_inwoner(actor, gemeenten["9991"], voornamen="Yasmina", achternaam="El Amrani",
                            geboortedatum=date(2012, 9, 30))
        inw_ops.create_huishouden_for(actor, moeder, HuishoudenRol.OUDER)
        inw_ops.add_to_huishouden(actor, moeder, kind, HuishoudenRol.KIND)
        inw_ops.add_contactpersoon(actor, moeder, ContactSoort.MANTELZORGER, "Khadija El Amrani", "zus",
                                   telefoon="0612345678")

        gemeld = make_hulpvraag(actor, moeder, vandaag - timedelta(days=3),
                                levensdomeinen=["financien", "huiselijke_relaties"])
        hv_ops.record_grondslag(actor, gemeld, GrondslagSoort.TOESTEMMING, vandaag, "Overleg met school",
                                "School, huisarts")
        hv_ops.add_betrokkene(actor, gemeld, BetrokkeneSoort.SCHOOL, "Meester Bram", "De Regenboog",
                              telefoon="0101234567")
        hv_ops.record_gesprek(actor, gemeld, vandaag, "thuis", "Fatima, consulent", "Eerste gesprek",
                              {"financien": 2, "huiselijke_relaties": 3})

        onderzoek = make_hulpvraag(actor, kind, vandaag - timedelta(days=20), wetten=("JW",))
        hv_ops.start_onderzoek(actor, onderzoek, vandaag - timedelta(days=15))

        aanvraag = make_hulpvraag(actor, moeder, vandaag - timedelta(days=30))
        hv_ops.start_onderzoek(actor, aanvraag, vandaag - timedelta(days=28))
        hv_ops.save_onderzoek(actor, aanvraag, {"behoeften": "Huishoudelijke hulp", "conclusie": "Aanvraag"}, None)
        hv_ops.complete_onderzoek(actor, aanvraag, vandaag - timedelta(days=10))
        hv_ops.record_gesprek(actor, aanvraag, vandaag - timedelta(days=25), "loket", "Fatima, consulent", "",
                              {"financien": 1, "sociaal_netwerk": 4})
        hv_ops.record_aanvraag(actor, aanvraag, vandaag - timedelta(days=5))

        afgesloten = make_hulpvraag(actor, moeder, vandaag - timedelta(days=40))
        hv_ops.close(actor, afgesloten, Afsluitreden.DOORVERWEZEN, vandaag - timedelta(days=35), 8)
        return {"moeder": moeder.id, "gemeld": gemeld.id, "onderzoek": onderzoek.id, "aanvraag": aanvraag.id,
                "afgesloten": afgesloten.id}

    return _seed(app, build)


def test_axe_inwoner_pages(page: Page, app: Flask, live_server: str, make_user, gemeenten: dict[str, int]):
    make_user("sanne", Role.CONSULENT)
    ids = _seed_dossier(app, gemeenten)
    login(page, live_server, "sanne")

    _nav(page, "Inwoners")
    expect(_h1(page)).to_have_text("Inwoner zoeken")
    assert_accessible(page)

    page.get_by_label("Postcode", exact=True).fill("1234 AB")
    page.get_by_label("Huisnummer", exact=True).fill("1")
    _submit(page, "Zoeken")
    expect(page.get_by_role("heading", name="2 inwoners gevonden")).to_be_visible()
    expect(_body_rows(page.get_by_role("table"))).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe inwoner registreren").click()
    expect(_h1(page)).to_have_text("Nieuwe inwoner registreren")
    assert_accessible(page)
    _submit(page, "Opslaan")
    expect(page.get_by_role("alert")).to_contain_text("BSN: Vul het BSN in.")
    assert_accessible(page)

    page.goto(f"{live_server}/inwoners/{ids['moeder']}")
    expect(_h1(page)).to_have_text("Fatima El Amrani")
    expect(page.get_by_role("region", name="Huishouden").get_by_role("link", name="Yasmina El Amrani")).to_be_visible()
    expect(page.get_by_role("region", name="Contactpersonen")).to_contain_text("Khadija El Amrani")
    expect(_body_rows(page.get_by_role("region", name="Hulpvragen").get_by_role("table"))).to_have_count(3)
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe hulpvraag").click()
    expect(_h1(page)).to_contain_text("Nieuwe hulpvraag")
    assert_accessible(page)
    page.get_by_label("Datum van de melding", exact=True).fill("")
    _submit(page, "Opslaan")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Wet(ten): Kies minstens één wet.")
    expect(summary).to_contain_text("Omschrijving van de hulpvraag: Beschrijf de hulpvraag.")
    expect(summary).to_be_focused()
    assert_accessible(page)
    # The link to a group of checkboxes leads to its first checkbox.
    summary.get_by_role("link", name=re.compile(r"^Wet\(ten\):")).click()
    expect(page.get_by_role("group", name="Wet(ten)").get_by_role("checkbox", name="Wmo 2015")).to_be_focused()


def test_axe_case_pages(page: Page, app: Flask, live_server: str, make_user, gemeenten: dict[str, int]):
    make_user("sanne", Role.CONSULENT)
    ids = _seed_dossier(app, gemeenten)
    login(page, live_server, "sanne")

    # The case page in every state.
    for state, label in (("gemeld", "Gemeld"), ("onderzoek", "In onderzoek"), ("aanvraag", "Aanvraag ontvangen"),
                         ("afgesloten", "Afgesloten")):
        page.goto(f"{live_server}/hulpvragen/{ids[state]}")
        expect(page.locator(".status-line")).to_contain_text(f"Status: {label}")
        if state == "gemeld":
            expect(page.get_by_role("region", name="Grondslag voor gegevensverwerking")).to_contain_text(
                "Waarvoor: Overleg met school. Delen met: School, huisarts.")
        assert_accessible(page)

    # A failing sub-form: the grondslag form sits in a <details> that opens on error.
    page.goto(f"{live_server}/hulpvragen/{ids['onderzoek']}")
    grondslag = page.get_by_role("region", name="Grondslag voor gegevensverwerking")
    details = grondslag.locator("details")
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").click()
    expect(grondslag.get_by_label("Grondslag", exact=True)).to_have_value("toestemming")
    _submit(page, "Grondslag vastleggen", grondslag)
    expect(details).to_have_attribute("open", "")
    summary = grondslag.get_by_role("alert")
    expect(summary).to_have_text(re.compile(
        r"Waarvoor \(bij toestemming\): Beschrijf waarvoor de inwoner toestemming gaf\."))
    expect(grondslag.get_by_label("Waarvoor (bij toestemming)")).to_have_attribute("aria-invalid", "true")
    expect(summary).to_be_focused()
    assert_accessible(page)

    # Gesprek form with the ZRM selects, and the ZRM history.
    page.goto(f"{live_server}/hulpvragen/{ids['gemeld']}/gesprek")
    expect(page.get_by_role("group", name="Zelfredzaamheid-Matrix").get_by_role("combobox")).to_have_count(13)
    assert_accessible(page)
    page.goto(f"{live_server}/hulpvragen/inwoner/{ids['moeder']}/zrm")
    history = page.get_by_role("table", name="ZRM-scores per domein en datum")
    expect(history.get_by_role("row", name=re.compile("^Financiën"))).to_contain_text("vooruit (+1)")
    assert_accessible(page)

    # Onderzoek form.
    page.goto(f"{live_server}/hulpvragen/{ids['onderzoek']}/onderzoek")
    expect(_h1(page)).to_have_text("Onderzoek voor Yasmina El Amrani")
    assert_accessible(page)


def test_axe_werkvoorraad_and_team(page: Page, app: Flask, live_server: str, make_user, gemeenten: dict[str, int]):
    make_user("sanne", Role.TEAMLEIDER, Role.CONSULENT)
    login(page, live_server, "sanne")

    _nav(page, "Werkvoorraad")
    expect(page.get_by_text("Geen open hulpvragen.")).to_be_visible()
    assert_accessible(page)
    _nav(page, "Team")
    expect(_h1(page)).to_have_text("Werkvoorraad van het team")
    assert_accessible(page)

    _seed_dossier(app, gemeenten)
    _nav(page, "Werkvoorraad")
    expect(_body_rows(page.get_by_role("table"))).to_have_count(3)
    assert_accessible(page)
    _nav(page, "Team")
    expect(_body_rows(page.get_by_role("table", name="3 open hulpvragen"))).to_have_count(3)
    assert_accessible(page)
