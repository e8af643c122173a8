"""Every user changes her own password: the current one first, the policy for the new one, her
other sessions end (ASVS 3.3.3), this one goes on; refusals are audited and keep nothing typed."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import PASSWORD, Browser
from toegang.accounts.models import UserSession
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.extensions import db

NEW = "een-heel-ander-wachtwoord-2026"


def _form(b: Browser, **values: str) -> dict[str, str]:
    data = {"csrf_token": b.token("/account/wachtwoord"), "huidig": PASSWORD, "password": NEW, "confirm": NEW}
    data.update(values)
    return data


def test_change_own_password_ends_other_sessions_and_keeps_this_one(app, make_user):
    make_user("consulent", Role.CONSULENT)
    here, elsewhere = Browser(app.test_client()), Browser(app.test_client())
    here.login("consulent")
    elsewhere.login("consulent")
    resp = here.client.post("/account/wachtwoord", data=_form(here))
    assert resp.status_code == 302
    assert here.get("/").status_code == 200  # this session goes on
    assert elsewhere.get("/").status_code == 302  # the other one is over
    fresh = Browser(app.test_client())
    assert fresh.client.post("/inloggen", data={"csrf_token": fresh.token("/inloggen"), "username": "consulent",
                                                "password": NEW}).status_code == 302
    with app.app_context():
        reasons = {s.end_reason for s in db.session.scalars(sa.select(UserSession))}
        assert "password_changed" in reasons
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "change_password")).one()
        assert event.result is AuditResult.OK and event.actor_name == "consulent"
        assert NEW not in str(event.details)


def test_refusals_keep_the_password_and_are_clear(app, make_user):
    make_user("beleid", Role.BELEIDSMEDEWERKER)
    b = Browser(app.test_client())
    b.login("beleid")
    cases = [({"huidig": "fout-wachtwoord-123"}, "Het huidige wachtwoord klopt niet."),
             ({"password": "kort", "confirm": "kort"}, "tekens lang zijn"),
             ({"confirm": NEW + "x"}, "De wachtwoorden verschillen."),
             ({"password": PASSWORD, "confirm": PASSWORD}, "Kies een ander wachtwoord dan het huidige."),
             ({"password": "aaaaaaaaaaaaaaaa", "confirm": "aaaaaaaaaaaaaaaa"}, "meer verschillende tekens")]
    for values, message in cases:
        resp = b.client.post("/account/wachtwoord", data=_form(b, **values))
        html = resp.get_data(as_text=True)
        assert resp.status_code == 422 and message in html, (values, resp.status_code)
        assert PASSWORD not in html and NEW not in html  # nothing typed comes back
    # Everything empty: the summary lists the errors in the order of the page, current password first.
    html = b.client.post("/account/wachtwoord", data={"csrf_token": b.token("/account/wachtwoord")}).get_data(
        as_text=True)
    assert "minstens 12 tekens" in html  # the policy is stated before the user types
    summary = html[html.index("error-summary__list"):]
    assert summary.index("Huidig wachtwoord") < summary.index("Nieuw wachtwoord")
    assert b.get("/").status_code == 200  # still logged in, password unchanged
    with app.app_context():
        refused = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "change_password", AuditEvent.result == AuditResult.REFUSED)).all()
        assert len(refused) == 1 and refused[0].reason == "huidig wachtwoord onjuist"
    again = Browser(app.test_client())
    assert again.client.post("/inloggen", data={"csrf_token": again.token("/inloggen"), "username": "beleid",
                                                "password": PASSWORD}).status_code == 302


def test_anonymous_cannot_reach_it(app):
    resp = app.test_client().get("/account/wachtwoord")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/inloggen")
