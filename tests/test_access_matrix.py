"""Every endpoint × every role (and anonymous) → the expected response.

The matrix must name every URL rule of the app: a new endpoint without an entry fails this test,
so nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROLE_USERS

ROLES = list(ROLE_USERS)  # consulent, teamleider, beleid, beheer, auditor
ALL = set(ROLES)

# endpoint -> (method, url, roles that get 200; everybody else logged in gets 403)
# URLs with ids are filled in by the test from objects it creates.
MATRIX: dict[str, tuple[str, str, set[str]]] = {
    "main.home": ("GET", "/", ALL),
    "catalogus.codelijsten": ("GET", "/catalogus/codelijsten", {"consulent", "teamleider", "beheer"}),
    "catalogus.wijken": ("GET", "/catalogus/wijken", {"consulent", "teamleider", "beheer"}),
    "accounts.users": ("GET", "/beheer/gebruikers", {"beheer"}),
    "accounts.user_new": ("GET", "/beheer/gebruikers/nieuw", {"beheer"}),
    "accounts.user_detail": ("GET", "/beheer/gebruikers/{user_id}", {"beheer"}),
    "accounts.user_reset_password": ("POST", "/beheer/gebruikers/{user_id}/wachtwoord", {"beheer"}),
    "accounts.user_toggle_active": ("POST", "/beheer/gebruikers/{user_id}/actief", {"beheer"}),
    "gemeenten.index": ("GET", "/beheer/gemeenten/", {"beheer"}),
    "gemeenten.edit": ("GET", "/beheer/gemeenten/{gemeente_id}", {"beheer"}),
    "audit.search": ("GET", "/audit/", {"auditor"}),
    "audit.verify": ("POST", "/audit/controle", {"auditor"}),
}
PUBLIC = {"accounts.login", "static", "main.health", "accounts.logout"}

# For POST endpoints "allowed" means the request reaches the operation (200/302/422, not 403).
OK_STATUSES = {200, 302, 422}


def test_matrix_covers_every_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - set(MATRIX) - PUBLIC
    assert not missing, f"endpoints without an access decision: {sorted(missing)}"


@pytest.fixture
def target_ids(make_user, gemeenten):
    from toegang.accounts.roles import Role

    return {"user_id": make_user("doelwit", Role.CONSULENT), "gemeente_id": gemeenten["9991"]}


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_anonymous_is_redirected_to_login(web, target_ids, endpoint):
    method, url, _ = MATRIX[endpoint]
    url = url.format(**target_ids)
    resp = web.client.open(url, method=method, data={})
    if method == "POST":
        # No session means no valid CSRF token either: refused before anything happens.
        assert resp.status_code in {302, 400}
    else:
        assert resp.status_code == 302 and resp.headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(as_role, target_ids, role):
    b = as_role(role)
    for endpoint, (method, url, allowed) in MATRIX.items():
        url = url.format(**target_ids)
        if method == "GET":
            resp = b.get(url)
        else:
            resp = b.client.post(url, data={"csrf_token": b.token("/")})
        if role in allowed:
            assert resp.status_code in OK_STATUSES, f"{role} {endpoint}: {resp.status_code}"
        else:
            assert resp.status_code == 403, f"{role} {endpoint}: {resp.status_code}"


def test_refusals_are_audited(app, as_role):
    import sqlalchemy as sa

    from toegang.audit.models import AuditEvent, AuditResult
    from toegang.extensions import db

    b = as_role("consulent")
    assert b.get("/beheer/gebruikers").status_code == 403
    with app.app_context():
        event = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.result == AuditResult.REFUSED)
        ).one()
        assert event.action == "view:accounts.users"
        assert event.actor_name == "consulent"
        assert event.reason == "rol ontbreekt"


def test_other_gemeente_is_out_of_reach(app, web, make_user, gemeenten):
    """A beheerder of Voorbeeld cannot open Zuiderveen's settings or its users."""
    from toegang.accounts.roles import Role

    make_user("beheer-voorbeeld", Role.FUNCTIONEEL_BEHEERDER, codes=("9991",))
    other_user = make_user("consulent-zuiderveen", Role.CONSULENT, codes=("9992",))
    web.login("beheer-voorbeeld")
    assert web.get(f"/beheer/gemeenten/{gemeenten['9992']}").status_code == 404
    assert web.get(f"/beheer/gemeenten/{gemeenten['9991']}").status_code == 200
    assert web.get(f"/beheer/gebruikers/{other_user}").status_code == 404
    listing = web.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Consulent-Zuiderveen" not in listing
    # Editing by POST is refused just the same.
    resp = web.post(f"/beheer/gemeenten/{gemeenten['9992']}", {"naam": "Overgenomen"},
                    token_from="/beheer/gemeenten/")
    assert resp.status_code == 404
    from toegang.extensions import db
    from toegang.gemeenten.models import Gemeente

    with app.app_context():
        assert db.session.get(Gemeente, gemeenten["9992"]).naam == "Gemeente Zuiderveen"


def test_wijken_only_of_own_gemeenten(make_user, web):
    from toegang.accounts.roles import Role

    make_user("consulent-zv", Role.CONSULENT, codes=("9992",))
    web.login("consulent-zv")
    html = web.get("/catalogus/wijken").get_data(as_text=True)
    assert "Veenbrug" in html and "Oosterpark" not in html
