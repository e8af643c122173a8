"""User administration by the functioneel beheerder, through HTTP and the service layer."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import Browser, get_user
from toegang.accounts import operations as ops
from toegang.accounts.models import UserSession
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent
from toegang.errors import DomainError, Refused
from toegang.extensions import db


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_beheerder_creates_user_who_can_log_in(app, as_role, gemeenten):
    b = as_role("beheer")
    resp = b.post("/beheer/gebruikers/nieuw", {
        "username": "nieuwe.consulent", "full_name": "Nieuwe Consulent", "email": "n@loket.example",
        "password": "een-lang-wachtwoord", "roles": ["consulent", "teamleider"],
        "gemeenten": [str(gemeenten["9991"])],
    })
    assert resp.status_code == 302
    with app.app_context():
        user = get_user("nieuwe.consulent")
        assert user.roles == {Role.CONSULENT, Role.TEAMLEIDER}
        assert user.gemeente_ids == {gemeenten["9991"]}
        assert user.password_hash.startswith("$argon2id$")
    assert "create_user" in _actions(app)
    fresh = Browser(app.test_client())
    assert fresh.login("nieuwe.consulent", "een-lang-wachtwoord").status_code == 302


def test_bad_input_keeps_what_was_typed(app, as_role, gemeenten):
    b = as_role("beheer")
    resp = b.post("/beheer/gebruikers/nieuw", {
        "username": "x y!", "full_name": "Getypte Naam", "email": "geen-email",
        "password": "kort", "roles": [], "gemeenten": [str(gemeenten["9991"])],
    })
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Er zijn problemen met het formulier" in html
    assert 'value="Getypte Naam"' in html and 'value="x y!"' in html
    assert "Kies minstens één rol." in html
    assert "Vul een geldig e-mailadres in." in html
    assert "12 tot 128 tekens" in html
    with app.app_context():
        assert ops.find_user_by_username("x y!") is None


def test_duplicate_username_is_a_form_error(app, as_role, gemeenten, make_user):
    make_user("bestaat", Role.CONSULENT)
    b = as_role("beheer")
    resp = b.post("/beheer/gebruikers/nieuw", {
        "username": "Bestaat", "full_name": "Tweede", "password": "een-lang-wachtwoord",
        "roles": ["consulent"], "gemeenten": [str(gemeenten["9991"])],
    })
    assert resp.status_code == 200
    assert "Deze gebruikersnaam bestaat al." in resp.get_data(as_text=True)


def test_cannot_grant_a_gemeente_one_does_not_work_for(app, as_role, gemeenten):
    b = as_role("beheer")  # 9991 only
    resp = b.post("/beheer/gebruikers/nieuw", {
        "username": "indringer", "full_name": "X", "password": "een-lang-wachtwoord",
        "roles": ["consulent"], "gemeenten": [str(gemeenten["9992"])],
    })
    assert resp.status_code == 200  # not a valid choice on the form
    with app.app_context():
        assert ops.find_user_by_username("indringer") is None
        actor = get_user("beheer")
        with pytest.raises(DomainError, match="alleen gemeenten"):
            ops.create_user(actor, username="indringer", full_name="X", email="", password="een-lang-wachtwoord",
                            roles=[Role.CONSULENT], gemeente_ids=[gemeenten["9992"]])


def test_change_roles_is_audited_with_before_and_after(app, as_role, make_user, gemeenten):
    target = make_user("sanne", Role.CONSULENT)
    b = as_role("beheer")
    resp = b.post(f"/beheer/gebruikers/{target}", {
        "full_name": "Sanne", "email": "", "roles": ["consulent", "teamleider"],
        "gemeenten": [str(gemeenten["9991"])],
    })
    assert resp.status_code == 302
    with app.app_context():
        assert get_user("sanne").roles == {Role.CONSULENT, Role.TEAMLEIDER}
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "update_user")).one()
        assert event.details["voor"]["rollen"] == ["consulent"]
        assert event.details["na"]["rollen"] == ["consulent", "teamleider"]


def test_reset_password_ends_sessions(app, as_role, make_user):
    target = make_user("sanne", Role.CONSULENT)
    victim = Browser(app.test_client())
    victim.login("sanne")
    b = as_role("beheer")
    resp = b.post(f"/beheer/gebruikers/{target}/wachtwoord",
                  {"password": "nieuw-wachtwoord-123", "confirm": "nieuw-wachtwoord-123"},
                  token_from=f"/beheer/gebruikers/{target}")
    assert resp.status_code == 302
    assert victim.get("/").status_code == 302  # the old session is gone
    assert Browser(app.test_client()).login("sanne", "nieuw-wachtwoord-123").status_code == 302
    assert "reset_password" in _actions(app)


def test_reset_password_mismatch_is_refused(app, as_role, make_user):
    target = make_user("sanne", Role.CONSULENT)
    b = as_role("beheer")
    resp = b.post(f"/beheer/gebruikers/{target}/wachtwoord",
                  {"password": "nieuw-wachtwoord-123", "confirm": "anders-wachtwoord-123"},
                  token_from=f"/beheer/gebruikers/{target}")
    assert resp.status_code == 422
    assert "De wachtwoorden verschillen." in resp.get_data(as_text=True)


def test_deactivate_and_reactivate(app, as_role, make_user):
    target = make_user("sanne", Role.CONSULENT)
    victim = Browser(app.test_client())
    victim.login("sanne")
    b = as_role("beheer")
    assert b.post(f"/beheer/gebruikers/{target}/actief", token_from=f"/beheer/gebruikers/{target}").status_code == 302
    assert victim.get("/").status_code == 302
    with app.app_context():
        user = get_user("sanne")
        assert user.active is False  # deactivated, never deleted
        ended = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id)).all()
        assert all(s.end_reason == "deactivated" for s in ended)
    assert "gedeactiveerd" in Browser(app.test_client()).login("sanne").get_data(as_text=True)
    b.post(f"/beheer/gebruikers/{target}/actief", token_from=f"/beheer/gebruikers/{target}")
    assert Browser(app.test_client()).login("sanne").status_code == 302
    assert {"deactivate_user", "activate_user"} <= set(_actions(app))


def test_beheerder_cannot_deactivate_self_or_drop_own_role(app, as_role, gemeenten):
    b = as_role("beheer")
    with app.app_context():
        me = get_user("beheer").id
    resp = b.post(f"/beheer/gebruikers/{me}/actief", token_from=f"/beheer/gebruikers/{me}", follow_redirects=True)
    assert "eigen account niet deactiveren" in resp.get_data(as_text=True)
    resp = b.post(f"/beheer/gebruikers/{me}", {"full_name": "Beheer", "roles": ["consulent"],
                                               "gemeenten": [str(gemeenten["9991"])]})
    assert "eigen beheerdersrol" in resp.get_data(as_text=True)
    with app.app_context():
        assert get_user("beheer").active and Role.FUNCTIONEEL_BEHEERDER in get_user("beheer").roles


def test_service_layer_refuses_non_beheerder(app, app_ctx, make_user, gemeenten):
    make_user("sanne", Role.CONSULENT, Role.TEAMLEIDER)
    actor = get_user("sanne")
    with pytest.raises(Refused):
        ops.create_user(actor, username="x", full_name="X", email="", password="een-lang-wachtwoord",
                        roles=[Role.CONSULENT], gemeente_ids=[gemeenten["9991"]])
    with pytest.raises(Refused):
        ops.set_active(actor, actor, False)


def test_cli_create_user(app, gemeenten):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--username", "eerste.beheerder", "--name", "Eerste Beheerder",
                                 "--role", "functioneel_beheerder", "--gemeente", "9991", "--gemeente", "9992"],
                           input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = get_user("eerste.beheerder")
        assert user.roles == {Role.FUNCTIONEEL_BEHEERDER} and len(user.gemeente_ids) == 2
    bad = runner.invoke(args=["create-user", "--username", "x", "--name", "X", "--role", "koning",
                              "--gemeente", "9991"], input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert bad.exit_code != 0
    bad = runner.invoke(args=["create-user", "--username", "y", "--name", "Y", "--role", "consulent",
                              "--gemeente", "0000"], input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert bad.exit_code != 0 and "onbekende gemeentecode" in bad.output


def test_gemeente_settings_are_edited_and_audited(app, as_role, gemeenten):
    b = as_role("beheer")
    url = f"/beheer/gemeenten/{gemeenten['9991']}"
    resp = b.post(url, {"naam": "Gemeente Voorbeeld", "ondertekenaar_naam": "mevrouw B. Jansen",
                        "ondertekenaar_functie": "teamleider Toegang", "logo_bestand": "img/logo-voorbeeld.svg"})
    assert resp.status_code == 302
    resp = b.post(url, {"naam": "Gemeente Voorbeeld", "logo_bestand": "../../etc/passwd"})
    assert "map img/" in resp.get_data(as_text=True)
    resp = b.post(url, {"naam": ""})
    assert "Vul de naam van de gemeente in." in resp.get_data(as_text=True)
    from toegang.gemeenten.models import Gemeente

    with app.app_context():
        g = db.session.get(Gemeente, gemeenten["9991"])
        assert g.ondertekenaar_naam == "mevrouw B. Jansen"
        assert g.logo_bestand == "img/logo-voorbeeld.svg"
    assert _actions(app).count("update_gemeente") == 1
