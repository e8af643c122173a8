"""First browser journeys: log in and out, a failed login, a beheerder creating a user, the keyboard
and the skip link, and axe-core (WCAG 2.0/2.1 A and AA) on every page of the foundation."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROLE_USERS
from tests.e2e.conftest import assert_accessible, login
from toegang.accounts.roles import Role

pytestmark = pytest.mark.e2e

FOCUSED_DESCRIPTION = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  return el.id ? "#" + el.id : el.tagName.toLowerCase() + ":" + el.textContent.trim();
}"""


def _focused(page: Page) -> str:
    return page.evaluate(FOCUSED_DESCRIPTION)


def _submit(page: Page, button_name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button_name, exact=True).click()


def _logged_in_as(role: str, page: Page, live_server: str, make_user: Callable[..., int]) -> None:
    make_user(role, *ROLE_USERS[role])
    login(page, live_server, role)


# ------------------------------------------------------------------ journeys

def test_consulent_logs_in_and_out(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    login(page, live_server, "sanne")

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne")

    _submit(page, "Uitloggen")
    expect(page).to_have_url(f"{live_server}/inloggen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_have_text("U bent uitgelogd.")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)

    # Really logged out: the start page sends us back to the login form.
    page.goto(f"{live_server}/")
    expect(page).to_have_url(re.compile(r"/inloggen\?next=(/|%2F)$"))


def test_wrong_password_shows_focused_error_summary_and_keeps_username(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    login(page, live_server, "sanne", "niet-het-goede-wachtwoord", expect_success=False)

    expect(page).to_have_url(f"{live_server}/inloggen")
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_have_class("error-summary")
    expect(summary).to_contain_text("De gebruikersnaam of het wachtwoord klopt niet.")
    expect(summary).to_have_attribute("autofocus", "")
    expect(summary).to_have_attribute("tabindex", "-1")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement === document.querySelector('.error-summary')")

    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_value("sanne")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def test_beheerder_creates_user_who_can_then_log_in(page: Page, new_page: Callable[[], Page],
                                                     live_server: str, make_user):
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    login(page, live_server, "beheer")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikers")
    page.get_by_role("link", name="Nieuwe gebruiker").click()
    expect(page).to_have_url(f"{live_server}/beheer/gebruikers/nieuw")

    page.get_by_label("Gebruikersnaam", exact=True).fill("jdevries")
    page.get_by_label("Naam", exact=True).fill("Jan de Vries")
    page.get_by_label("E-mailadres", exact=True).fill("jan.devries@example.nl")
    page.get_by_role("group", name="Rollen").get_by_role("checkbox", name="Consulent", exact=True).check()
    page.get_by_role("group", name="Gemeenten").get_by_role("checkbox", name="Gemeente Voorbeeld").check()
    page.get_by_label("Eerste wachtwoord", exact=True).fill("een-heel-lang-wachtwoord")
    _submit(page, "Opslaan")

    expect(page.get_by_role("status")).to_have_text("Gebruiker jdevries is aangemaakt.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jan de Vries")
    page.get_by_role("link", name="Alle gebruikers").click()
    row = page.get_by_role("row").filter(has_text="jdevries")
    expect(row).to_contain_text("Jan de Vries")
    expect(row).to_contain_text("Consulent")
    expect(row).to_contain_text("Gemeente Voorbeeld")

    # The new user logs in with their own browser and session.
    theirs = new_page()
    login(theirs, live_server, "jdevries", "een-heel-lang-wachtwoord")
    expect(theirs.get_by_role("heading", level=1)).to_have_text("Welkom, Jan de Vries")
    expect(theirs.get_by_text("U werkt voor: Gemeente Voorbeeld.")).to_be_visible()
    expect(theirs.get_by_text("Uw rollen: Consulent.")).to_be_visible()


# ------------------------------------------------------------------ keyboard

def test_login_by_keyboard_only(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    page.goto(f"{live_server}/inloggen")

    order = []
    for _ in range(10):
        page.keyboard.press("Tab")
        order.append(_focused(page))
        if order[-1] == "#username":
            break
    assert order[0] == "a:Direct naar de inhoud", order
    assert order[-1] == "#username", f"Tab never reached the username field: {order}"

    page.keyboard.type("sanne")
    page.keyboard.press("Tab")
    assert _focused(page) == "#password"
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Tab")
    assert _focused(page) == "button:Inloggen"

    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne")


def test_enter_in_password_field_submits_login(page: Page, live_server: str, make_user):
    make_user("sanne", Role.CONSULENT)
    page.goto(f"{live_server}/inloggen")
    page.get_by_label("Gebruikersnaam", exact=True).fill("sanne")
    page.get_by_label("Wachtwoord", exact=True).fill("correct-horse-battery-staple")
    with page.expect_navigation():
        page.get_by_label("Wachtwoord", exact=True).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne")


@pytest.mark.parametrize("logged_in", [False, True], ids=["anoniem", "ingelogd"])
def test_skip_link_is_first_and_moves_focus_to_main(page: Page, live_server: str, make_user, logged_in: bool):
    if logged_in:
        _logged_in_as("consulent", page, live_server, make_user)
        page.goto(f"{live_server}/catalogus/codelijsten")
    else:
        page.goto(f"{live_server}/inloggen")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"skip link not on screen when focused: {box}"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    expect(page.locator("main#inhoud")).to_be_focused()
    # The next Tab continues inside the main content, past header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), _focused(page)


# ------------------------------------------------------------------ axe-core: WCAG 2.0/2.1 A and AA

def test_assert_accessible_detects_violations(page: Page, live_server: str):
    """The axe helper itself must be able to fail: an input without a label is a WCAG violation."""
    page.goto(f"{live_server}/inloggen")
    page.evaluate("document.querySelector('label[for=username]').remove()")
    with pytest.raises(pytest.fail.Exception, match=r"label \(critical\)[\s\S]*#username"):
        assert_accessible(page)


def test_axe_login_page(page: Page, live_server: str):
    page.goto(f"{live_server}/inloggen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)


def test_axe_login_page_with_errors(page: Page, live_server: str):
    page.goto(f"{live_server}/inloggen")
    _submit(page, "Inloggen")
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam: Dit veld is verplicht.")
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


@pytest.mark.parametrize("role", ["consulent", "beheer", "auditor"])
def test_axe_home_page_per_role(page: Page, live_server: str, make_user, role: str):
    _logged_in_as(role, page, live_server, make_user)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {role.title()}")
    assert_accessible(page)


def test_axe_user_list(page: Page, live_server: str, make_user):
    _logged_in_as("beheer", page, live_server, make_user)
    page.goto(f"{live_server}/beheer/gebruikers")
    expect(page.get_by_role("row").filter(has_text="beheer")).to_have_count(1)
    assert_accessible(page)


def test_axe_user_form_with_errors(page: Page, live_server: str, make_user):
    _logged_in_as("beheer", page, live_server, make_user)
    page.goto(f"{live_server}/beheer/gebruikers/nieuw")
    _submit(page, "Opslaan")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Rollen: Kies minstens één rol.")
    expect(summary).to_contain_text("Gemeenten: Kies minstens één gemeente.")
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_axe_user_detail(page: Page, live_server: str, make_user):
    user_id = make_user("jdevries", Role.CONSULENT)
    _logged_in_as("beheer", page, live_server, make_user)
    page.goto(f"{live_server}/beheer/gebruikers/{user_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jdevries")
    assert_accessible(page)


def test_axe_codelijsten(page: Page, live_server: str, make_user):
    _logged_in_as("consulent", page, live_server, make_user)
    page.goto(f"{live_server}/catalogus/codelijsten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Codelijsten")
    assert page.get_by_role("table").count() > 0
    assert_accessible(page)


def test_axe_audit_search(page: Page, live_server: str, make_user):
    _logged_in_as("auditor", page, live_server, make_user)
    page.goto(f"{live_server}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Auditlog")
    expect(page.get_by_role("table")).to_contain_text("login")
    assert_accessible(page)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anoniem", "ingelogd"])
def test_axe_not_found_page(page: Page, live_server: str, make_user, logged_in: bool):
    if logged_in:
        _logged_in_as("consulent", page, live_server, make_user)
    response = page.goto(f"{live_server}/bestaat-niet")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page)
