"""Login, logout, lock-out, deactivation and idle timeout — through HTTP and the real forms."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import PASSWORD, get_user
from toegang.accounts.models import UserSession
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.db import utcnow
from toegang.extensions import db


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def test_login_page_is_public_and_dutch(web):
    resp = web.get("/inloggen")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Gebruikersnaam" in html and "Wachtwoord" in html


def test_anonymous_is_sent_to_login(web):
    resp = web.get("/beheer/gebruikers")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/inloggen")


def test_login_and_logout(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    resp = web.login("sanne")
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    home = web.get("/")
    assert home.status_code == 200 and "Welkom, Sanne" in home.get_data(as_text=True)

    resp = web.logout()
    assert resp.status_code == 302
    assert web.get("/").status_code == 302  # logged out: back to login
    with app.app_context():
        assert [e.result for e in _events("login")] == [AuditResult.OK]
        assert len(_events("logout")) == 1
        sess = db.session.scalar(sa.select(UserSession))
        assert sess.ended_at is not None and sess.end_reason == "logout"


def test_logout_is_post_only(as_role):
    b = as_role("consulent")
    assert b.get("/uitloggen").status_code == 405
    assert b.get("/").status_code == 200  # still logged in


def test_session_is_regenerated_at_login(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    web.get("/inloggen")
    before = web.client.get_cookie("toegang_session")
    web.login("sanne")
    after = web.client.get_cookie("toegang_session")
    assert before is not None and after is not None and before.value != after.value
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 1


def test_old_cookie_is_useless_after_logout(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    web.login("sanne")
    stolen = web.client.get_cookie("toegang_session").value
    web.logout()
    thief = app.test_client()
    thief.set_cookie("toegang_session", stolen)
    assert thief.get("/").status_code == 302


def test_wrong_password_gives_generic_dutch_error(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    resp = web.login("sanne", "wrong-password-123")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "De gebruikersnaam of het wachtwoord klopt niet." in html
    assert 'value="sanne"' in html  # what was typed stays
    assert "wrong-password-123" not in html  # the password is not echoed
    resp = web.login("nobody", "whatever-password")
    assert "De gebruikersnaam of het wachtwoord klopt niet." in resp.get_data(as_text=True)
    with app.app_context():
        events = _events("login")
        assert [e.result for e in events] == [AuditResult.REFUSED, AuditResult.REFUSED]
        assert all("wrong-password" not in str(e.details) for e in events)


def test_lockout_after_five_failures_then_unlock(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    for _ in range(4):
        assert "klopt niet" in web.login("sanne", "wrong-password-123").get_data(as_text=True)
    html = web.login("sanne", "wrong-password-123").get_data(as_text=True)
    assert "tijdelijk geblokkeerd" in html
    # Even the right password is refused while locked.
    resp = web.login("sanne", PASSWORD)
    assert resp.status_code == 200 and "tijdelijk geblokkeerd" in resp.get_data(as_text=True)
    with app.app_context():
        assert len(_events("account_locked")) == 1
        user = get_user("sanne")
        assert user.locked_until is not None
        assert timedelta(minutes=14) < user.locked_until - utcnow() <= timedelta(minutes=15)
        # Fifteen minutes pass.
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    resp = web.login("sanne", PASSWORD)
    assert resp.status_code == 302
    with app.app_context():
        assert get_user("sanne").failed_logins == 0


def test_failures_after_lock_expired_start_counting_again(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    for _ in range(5):
        web.login("sanne", "wrong-password-123")
    with app.app_context():
        user = get_user("sanne")
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    html = web.login("sanne", "wrong-password-123").get_data(as_text=True)
    assert "klopt niet" in html and "geblokkeerd" not in html


def test_deactivated_user_is_refused(app, web, make_user):
    make_user("sanne", Role.CONSULENT)
    with app.app_context():
        get_user("sanne").active = False
        db.session.commit()
    resp = web.login("sanne")
    assert resp.status_code == 200
    assert "gedeactiveerd" in resp.get_data(as_text=True)
    assert web.get("/").status_code == 302


def test_idle_session_expires(app, as_role):
    b = as_role("consulent")
    assert b.get("/").status_code == 200
    with app.app_context():
        sess = db.session.scalar(sa.select(UserSession))
        sess.last_seen_at = utcnow() - timedelta(minutes=31)
        db.session.commit()
    resp = b.get("/")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/inloggen")
    follow = b.get(resp.headers["Location"])
    assert "Uw sessie is verlopen" in follow.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(UserSession)).end_reason == "idle"
        assert len(_events("session_expired")) == 1


def test_active_session_within_idle_window_continues(app, as_role):
    b = as_role("consulent")
    with app.app_context():
        sess = db.session.scalar(sa.select(UserSession))
        sess.last_seen_at = utcnow() - timedelta(minutes=29)
        db.session.commit()
    assert b.get("/").status_code == 200
    with app.app_context():
        assert utcnow() - db.session.scalar(sa.select(UserSession)).last_seen_at < timedelta(minutes=1)


def test_next_redirect_is_local_only(web, make_user):
    make_user("sanne", Role.CONSULENT)
    token = web.token("/inloggen")
    resp = web.client.post("/inloggen?next=//evil.example/x",
                               data={"username": "sanne", "password": PASSWORD, "csrf_token": token})
    assert resp.headers["Location"] == "/"
    web.logout()
    token = web.token("/inloggen")
    resp = web.client.post("/inloggen?next=/catalogus/wijken",
                               data={"username": "sanne", "password": PASSWORD, "csrf_token": token})
    assert resp.headers["Location"] == "/catalogus/wijken"


def test_session_ends_after_twelve_hours_however_active(app, as_role):
    """ASVS 3.3.2: periodic re-authentication even for a session that is used all the time."""
    b = as_role("consulent")
    with app.app_context():
        sess = db.session.scalar(sa.select(UserSession))
        sess.created_at = utcnow() - timedelta(hours=12, minutes=1)
        sess.last_seen_at = utcnow()
        db.session.commit()
    resp = b.get("/")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/inloggen")
    with app.app_context():
        assert db.session.scalar(sa.select(UserSession)).end_reason == "absolute"
