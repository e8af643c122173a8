"""The monitoring API: bearer tokens issued by the functioneel beheerder (shown once, stored
hashed, revocable); missing, wrong or revoked → 401; every use audited."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tests.monitoring.helpers import generated_rows, write_csv
from toegang.audit.models import AuditEvent, AuditResult
from toegang.extensions import db
from toegang.monitoring.importer import INDICATIE_COLUMNS
from toegang.monitoring.models import ApiToken


def _issue(as_role, naam="Power BI", gemeente_code="9991", gemeenten=None):
    b = as_role("beheer")
    data = {"naam": naam}
    if gemeenten is not None:
        data["gemeente_id"] = gemeenten[gemeente_code]
    resp = b.post("/monitoring/tokens", data)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    token = re.search(r'id="nieuw-token"[^>]*value="([^"]+)"', resp.get_data(as_text=True)).group(1)
    return b, token


def _events(app, action=None, result=None):
    with app.app_context():
        stmt = sa.select(AuditEvent)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        if result:
            stmt = stmt.where(AuditEvent.result == result)
        return db.session.scalars(stmt).all()


def test_token_is_shown_once_and_stored_hashed(app, as_role, gemeenten):
    b, token = _issue(as_role, gemeenten=gemeenten)
    assert token.startswith("tgm_") and len(token) > 40
    with app.app_context():
        row = db.session.scalars(sa.select(ApiToken)).one()
        assert row.token_hash != token and len(row.token_hash) == 64 and row.scope == "monitoring"
    listing = b.get("/monitoring/tokens").get_data(as_text=True)
    assert token not in listing and token[:12] in listing
    assert _events(app, "issue_api_token")


def test_missing_wrong_and_revoked_tokens_get_401_and_are_audited(app, web, as_role, gemeenten):
    client = app.test_client()
    resp = client.get("/api/monitoring/")
    assert resp.status_code == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/monitoring/kern", headers={"Authorization": "Bearer tgm_fout"}).status_code == 401
    assert client.get("/api/monitoring/", headers={"Authorization": "Basic abc"}).status_code == 401
    b, token = _issue(as_role, gemeenten=gemeenten)
    ok = client.get("/api/monitoring/", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.get_json()["gemeente"]["code"] == "9991"
    with app.app_context():
        token_id = db.session.scalars(sa.select(ApiToken.id)).one()
    assert b.post(f"/monitoring/tokens/{token_id}/intrekken", {}, token_from="/monitoring/tokens").status_code == 302
    assert client.get("/api/monitoring/", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    refused = [e.reason for e in _events(app, result=AuditResult.REFUSED) if e.action.startswith("api:")]
    assert refused == ["geen token", "onbekend token", "geen token", "ingetrokken token"]
    used = _events(app, "api_monitoring")
    assert len(used) == 1 and used[0].actor_name == f"api-token {token[:12]}"
    assert _events(app, "revoke_api_token")


def test_api_report_uses_the_same_disclosure_control(app, as_role, gemeenten, tmp_path):
    from toegang.catalogus.seed import seed_catalogus
    from toegang.gemeenten.models import Gemeente
    from toegang.monitoring.importer import import_history

    with app.app_context():
        seed_catalogus()
        g = db.session.query(Gemeente).filter_by(code="9991").one()
        import_history(g, write_csv(tmp_path / "gen.csv", INDICATIE_COLUMNS, generated_rows(37, 3)))
        db.session.commit()
    _, token = _issue(as_role, gemeenten=gemeenten)
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    doc = client.get("/api/monitoring/rapport?van=2025-01-01&tot=2025-12-31&periode=jaar", headers=headers).get_json()
    tables = {t["id"]: t for t in doc["perioden"][0]["tabellen"]}
    assert tables["bereik"]["totaal"]["waarden"]["stand"] == {"waarde": 40, "geheim": False}
    assert {r["sleutel"]: r["waarden"]["stand"]["geheim"] for r in tables["bereik_per_wet"]["rijen"]} == \
        {"JW": True, "WMO": True}
    assert doc["metadata"]["onthullingscontrole"]["aantallen_afgerond_op"] == 5
    kern = client.get("/api/monitoring/kern?peildatum=2025-06-30&periode=jaar", headers=headers).get_json()
    stand = next(i for i in kern["indicatoren"] if i["id"] == "bereik_stand")
    assert stand["waarde"] == {"waarde": 40, "geheim": False} and stand["vorige"]["geheim"] is True
    assert client.get("/api/monitoring/rapport?van=nope", headers=headers).status_code == 400
    assert client.get("/api/monitoring/rapport?wet=XYZ", headers=headers).status_code == 400
    assert len(_events(app, "api_monitoring")) == 4


def test_a_token_only_sees_its_own_gemeente(app, as_role, gemeenten, make_user, tmp_path):
    from tests.conftest import Browser
    from toegang.accounts.roles import Role

    make_user("beheer-zv", Role.FUNCTIONEEL_BEHEERDER, codes=("9992",))
    b = Browser(app.test_client())
    b.login("beheer-zv")
    # The form offers only the beheerder's own gemeenten; a forged choice is refused.
    resp = b.post("/monitoring/tokens", {"naam": "BI", "gemeente_id": gemeenten["9991"]})
    assert resp.status_code == 422
    resp = b.post("/monitoring/tokens", {"naam": "BI", "gemeente_id": gemeenten["9992"]})
    token = re.search(r'id="nieuw-token"[^>]*value="([^"]+)"', resp.get_data(as_text=True)).group(1)
    doc = app.test_client().get("/api/monitoring/", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert doc["gemeente"]["code"] == "9992"


def test_api_ignores_session_cookies(app, as_role):
    b = as_role("beleid")
    assert b.get("/api/monitoring/").status_code == 401
