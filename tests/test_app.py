"""The factory, configuration refusals, security headers, CSRF and the error pages."""

from __future__ import annotations

import pytest

from config import DevelopmentConfig, ProductionConfig, TestConfig
from toegang import create_app

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def test_factory_honours_its_config(tmp_path):
    cfg = TestConfig(f"sqlite:///{tmp_path / 'x.db'}")
    cfg.PAGE_SIZE = 7
    app = create_app(cfg)
    assert app.testing is True
    assert app.config["PAGE_SIZE"] == 7
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.db")
    assert app.config["WTF_CSRF_ENABLED"] is True


def test_development_config_uses_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    cfg = DevelopmentConfig(instance_path=str(tmp_path))
    assert f"sqlite:///{tmp_path / 'toegang.db'}" == cfg.SQLALCHEMY_DATABASE_URI
    assert cfg.SECRET_KEY and len(cfg.SECRET_KEY) >= 32
    assert DevelopmentConfig(instance_path=str(tmp_path)).SECRET_KEY == cfg.SECRET_KEY  # stable


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "x" * 20 + "abcdefghijklmnop"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql+psycopg://u@h/db"}, "SECRET_KEY"),
        ({"DATABASE_URL": "postgresql+psycopg://u@h/db", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DATABASE_URL": "postgresql+psycopg://u@h/db", "SECRET_KEY": "a" * 40}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_database_or_strong_secret(monkeypatch, env, message):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(RuntimeError, match=message):
        create_app(ProductionConfig())


def test_production_starts_with_database_and_strong_secret(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@localhost/db")
    monkeypatch.setenv("SECRET_KEY", "Jq8v2LrX0pT5nZc7Wm1Yb4Hs9Ke6Gd3A-_Fu")
    app = create_app(ProductionConfig())
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def _assert_security_headers(resp):
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, name
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_security_headers_on_a_normal_page(web):
    resp = web.get("/inloggen")
    assert resp.status_code == 200
    _assert_security_headers(resp)
    assert resp.headers["Cache-Control"] == "no-store"


def test_security_headers_on_error_pages(as_role):
    b = as_role("consulent")
    resp = b.get("/bestaat-niet")
    assert resp.status_code == 404
    _assert_security_headers(resp)
    assert "Pagina niet gevonden" in resp.get_data(as_text=True)
    resp = b.get("/beheer/gebruikers")
    assert resp.status_code == 403
    _assert_security_headers(resp)
    assert "Geen toegang" in resp.get_data(as_text=True)


def test_no_inline_script_in_pages(as_role):
    html = as_role("beheer").get("/beheer/gebruikers").get_data(as_text=True)
    assert "<script>" not in html and "onclick=" not in html and "style=" not in html


def test_session_cookie_flags(web, make_user):
    from toegang.accounts.roles import Role

    make_user("sanne", Role.CONSULENT)
    resp = web.login("sanne")
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_post_without_csrf_token_is_refused(web, make_user):
    from toegang.accounts.roles import Role

    make_user("sanne", Role.CONSULENT)
    resp = web.client.post("/inloggen", data={"username": "sanne", "password": "x" * 20})
    assert resp.status_code == 400
    assert "formulier is verlopen" in resp.get_data(as_text=True)
    resp = web.client.post("/inloggen", data={"username": "sanne", "password": "x" * 20, "csrf_token": "forged"})
    assert resp.status_code == 400


def test_logged_in_post_without_csrf_is_refused_and_changes_nothing(app, as_role):
    b = as_role("beheer")
    resp = b.client.post("/beheer/gebruikers/nieuw", data={
        "username": "nieuw", "full_name": "Nieuw", "password": "lang-genoeg-wachtwoord",
        "roles": "consulent", "gemeenten": "1"})
    assert resp.status_code == 400
    from toegang.accounts.operations import find_user_by_username

    with app.app_context():
        assert find_user_by_username("nieuw") is None


def test_new_routes_are_denied_by_default(tmp_path):
    """A route someone forgets to protect still needs a login."""
    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'deny.db'}"))

    @app.route("/vergeten-te-beveiligen")
    def forgotten() -> str:
        return "persoonsgegevens"

    resp = app.test_client().get("/vergeten-te-beveiligen")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/inloggen")


def test_unhandled_error_gives_dutch_500_without_details(app, as_role, monkeypatch):
    b = as_role("beheer")
    from toegang.accounts import operations

    def explode(actor):
        raise RuntimeError("geheime interne details 999990019")

    monkeypatch.setattr(operations, "list_users", explode)
    resp = b.get("/beheer/gebruikers")
    assert resp.status_code == 500
    html = resp.get_data(as_text=True)
    assert "Er ging iets mis" in html
    assert "geheime" not in html and "999990019" not in html and "Traceback" not in html
    _assert_security_headers(resp)


def test_health_is_public_and_says_little(web):
    resp = web.get("/gezondheid")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok"}


def test_production_sends_hsts_and_a_host_prefixed_cookie(monkeypatch):
    """ASVS 14.4.5 (HSTS) and 3.4.4 (__Host- cookie prefix) in production; not over plain HTTP in tests."""
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", "Jq8v2LrX0pT5nZc7Wm1Yb4Hs9Ke6Gd3A-_Fu")
    app = create_app(ProductionConfig())
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    resp = app.test_client().get("/gezondheid")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=31536000")
