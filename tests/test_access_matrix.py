"""Every endpoint × every role (and anonymous) → the expected response.

The matrix must name every URL rule of the app: a new endpoint without an entry fails this test,
so nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROLE_USERS

ROLES = list(ROLE_USERS)  # consulent, teamleider, beleid, beheer, auditor
ALL = set(ROLES)
CASE = {"consulent", "teamleider"}
READERS = {"consulent", "teamleider", "beheer"}

# endpoint -> (method, url, roles that get 200; everybody else logged in gets 403)
# URLs with ids are filled in by the test from objects it creates.
MATRIX: dict[str, tuple[str, str, set[str]]] = {
    "main.home": ("GET", "/", ALL),
    "accounts.change_password": ("GET", "/account/wachtwoord", ALL),
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
    # Residents and cases: consulenten and teamleiders of the loket, nobody else.
    "inwoners.search": ("GET", "/inwoners/zoeken", CASE),
    "inwoners.new": ("GET", "/inwoners/nieuw", CASE),
    "inwoners.detail": ("GET", "/inwoners/{inwoner_id}", CASE),
    "inwoners.edit": ("GET", "/inwoners/{inwoner_id}/bewerken", CASE),
    "inwoners.wlz": ("POST", "/inwoners/{inwoner_id}/wlz", CASE),
    "inwoners.contact_add": ("POST", "/inwoners/{inwoner_id}/contactpersonen", CASE),
    "inwoners.contact_remove": ("POST", "/inwoners/{inwoner_id}/contactpersonen/999/verwijderen", CASE),
    "inwoners.huishouden_create": ("POST", "/inwoners/{inwoner_id}/huishouden", CASE),
    "inwoners.huishouden_add": ("POST", "/inwoners/{inwoner_id}/huishouden/lid", CASE),
    "inwoners.huishouden_leave": ("POST", "/inwoners/{inwoner_id}/huishouden/verlaten", CASE),
    "hulpvragen.werkvoorraad": ("GET", "/hulpvragen/werkvoorraad", CASE),
    "hulpvragen.team": ("GET", "/hulpvragen/team", {"teamleider"}),
    "hulpvragen.new": ("GET", "/hulpvragen/nieuw/{inwoner_id}", CASE),
    "hulpvragen.detail": ("GET", "/hulpvragen/{hulpvraag_id}", CASE),
    "hulpvragen.edit": ("GET", "/hulpvragen/{hulpvraag_id}/bewerken", CASE),
    "hulpvragen.reassign": ("POST", "/hulpvragen/{hulpvraag_id}/hertoewijzen", {"teamleider"}),
    "hulpvragen.grondslag": ("POST", "/hulpvragen/{hulpvraag_id}/grondslag", CASE),
    "hulpvragen.grondslag_intrekken": ("POST", "/hulpvragen/{hulpvraag_id}/grondslag/999/intrekken", CASE),
    "hulpvragen.betrokkene": ("POST", "/hulpvragen/{hulpvraag_id}/betrokkenen", CASE),
    "hulpvragen.betrokkene_verwijderen": ("POST", "/hulpvragen/{hulpvraag_id}/betrokkenen/999/verwijderen", CASE),
    "hulpvragen.gesprek": ("GET", "/hulpvragen/{hulpvraag_id}/gesprek", CASE),
    "hulpvragen.zrm": ("GET", "/hulpvragen/inwoner/{inwoner_id}/zrm", CASE),
    "hulpvragen.onderzoek_start": ("POST", "/hulpvragen/{hulpvraag_id}/onderzoek/start", CASE),
    "hulpvragen.onderzoek": ("GET", "/hulpvragen/{hulpvraag_id}/onderzoek", CASE),
    "hulpvragen.onderzoek_afronden": ("POST", "/hulpvragen/{hulpvraag_id}/onderzoek/afronden", CASE),
    "hulpvragen.verslag_concept": ("GET", "/hulpvragen/{hulpvraag_id}/verslag/concept.pdf", CASE),
    "hulpvragen.verslag_verzenden": ("POST", "/hulpvragen/{hulpvraag_id}/verslag/verzenden", CASE),
    "hulpvragen.verslag_download": ("GET", "/hulpvragen/{hulpvraag_id}/verslag/{verslag_id}.pdf", CASE),
    "hulpvragen.persoonlijk_plan": ("POST", "/hulpvragen/{hulpvraag_id}/persoonlijk-plan", CASE),
    "hulpvragen.clientondersteuning": ("POST", "/hulpvragen/{hulpvraag_id}/clientondersteuning", CASE),
    "hulpvragen.aanvraag": ("POST", "/hulpvragen/{hulpvraag_id}/aanvraag", CASE),
    "hulpvragen.opschorting": ("POST", "/hulpvragen/{hulpvraag_id}/opschorting", CASE),
    "hulpvragen.opschorting_einde": ("POST", "/hulpvragen/{hulpvraag_id}/opschorting/einde", CASE),
    "hulpvragen.verdaging": ("POST", "/hulpvragen/{hulpvraag_id}/verdaging", CASE),
    "hulpvragen.afsluiten": ("POST", "/hulpvragen/{hulpvraag_id}/afsluiten", CASE),
    # Product catalogue: everyone at the loket reads; only the functioneel beheerder changes.
    "catalogus.producten": ("GET", "/catalogus/producten", READERS),
    "catalogus.product_new": ("GET", "/catalogus/producten/nieuw", {"beheer"}),
    "catalogus.product_detail": ("GET", "/catalogus/producten/{product_id}", READERS),
    "catalogus.tarief_add": ("POST", "/catalogus/producten/{product_id}/tarieven", {"beheer"}),
    "catalogus.tarief_remove": ("POST", "/catalogus/producten/{product_id}/tarieven/999/verwijderen", {"beheer"}),
    "catalogus.aanbieders": ("GET", "/catalogus/aanbieders", READERS),
    "catalogus.aanbieder_new": ("GET", "/catalogus/aanbieders/nieuw", {"beheer"}),
    "catalogus.aanbieder_edit": ("GET", "/catalogus/aanbieders/{aanbieder_id}", {"beheer"}),
    # Indicaties: consulenten propose, teamleiders review; the policy is the beheerder's.
    "indicaties.new": ("GET", "/indicaties/nieuw/{hulpvraag_id}", CASE),
    "indicaties.detail": ("GET", "/indicaties/{indicatie_id}", CASE),
    "indicaties.edit": ("GET", "/indicaties/{indicatie_id}/bewerken", CASE),
    "indicaties.submit": ("POST", "/indicaties/{indicatie_id}/indienen", CASE),
    "indicaties.spoed": ("POST", "/indicaties/{indicatie_id}/spoed", CASE),
    "indicaties.approve": ("POST", "/indicaties/{indicatie_id}/goedkeuren", {"teamleider"}),
    "indicaties.return_": ("POST", "/indicaties/{indicatie_id}/terugsturen", {"teamleider"}),
    "indicaties.nacontrole": ("POST", "/indicaties/{indicatie_id}/nacontrole", {"teamleider"}),
    "indicaties.queue": ("GET", "/indicaties/beoordelen", {"teamleider"}),
    "indicaties.beleid": ("GET", "/indicaties/impactbeleid", {"beheer"}),
    "indicaties.beleid_new": ("GET", "/indicaties/impactbeleid/nieuw", {"beheer"}),
    # Beschikkingen.
    "beschikkingen.new": ("GET", "/beschikkingen/nieuw/{hulpvraag_id}", CASE),
    "beschikkingen.detail": ("GET", "/beschikkingen/{beschikking_id}", CASE),
    "beschikkingen.preview_html": ("GET", "/beschikkingen/{beschikking_id}/voorbeeld", CASE),
    "beschikkingen.preview_pdf": ("GET", "/beschikkingen/{beschikking_id}/concept.pdf", CASE),
    "beschikkingen.issue": ("POST", "/beschikkingen/{beschikking_id}/vastleggen", CASE),
    "beschikkingen.download": ("GET", "/beschikkingen/{beschikking_id}/beschikking.pdf", CASE),
    "beschikkingen.batch": ("GET", "/beschikkingen/batch", CASE),
    "beschikkingen.batch_status": ("GET", "/beschikkingen/batch/{batch_id}", CASE),
    # Afwegingskader: consulenten walk it, everyone at the loket reads it, only the beheerder publishes.
    "afweging.pad": ("GET", "/afweging/hulpvraag/{hulpvraag_id}", CASE),
    "afweging.kaders": ("GET", "/afweging/kader", READERS),
    "afweging.kader": ("GET", "/afweging/kader/{kader_id}", READERS),
    "afweging.kader_new": ("GET", "/afweging/kader/nieuw/{gemeente_id}", {"beheer"}),
    # Monitoring: anonymised aggregates for the beleidsmedewerker; API tokens for the beheerder.
    "monitoring.dashboard": ("GET", "/monitoring/", {"beleid"}),
    "monitoring.download": ("GET", "/monitoring/download.csv?tabel=bereik", {"beleid"}),
    "monitoring.tokens_page": ("GET", "/monitoring/tokens", {"beheer"}),
    "monitoring.token_revoke": ("POST", "/monitoring/tokens/{token_id}/intrekken", {"beheer"}),
    # Privacy: retention is the functioneel beheerder's; inzage the privacy officer's (auditor).
    "privacy.bewaartermijn": ("GET", "/beheer/bewaartermijn", {"beheer"}),
    "privacy.inzage_zoeken": ("GET", "/privacy/inzage", {"auditor"}),
    "privacy.inzage_detail": ("GET", "/privacy/inzage/{inwoner_id}", {"auditor"}),
    "privacy.inzage_pdf": ("GET", "/privacy/inzage/{inwoner_id}/inzage.pdf", {"auditor"}),
}
#: The monitoring API authenticates with bearer tokens, not sessions (tests/monitoring/test_api.py).
TOKEN_AUTH = {"monitoring_api.api_index", "monitoring_api.api_rapport", "monitoring_api.api_kern"}
PUBLIC = {"accounts.login", "static", "main.health", "accounts.logout"} | TOKEN_AUTH

# For POST endpoints "allowed" means the request reaches the operation (200/302/422, not 403).
OK_STATUSES = {200, 302, 422}


def test_matrix_covers_every_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - set(MATRIX) - PUBLIC
    assert not missing, f"endpoints without an access decision: {sorted(missing)}"


@pytest.fixture
def target_ids(app, make_user, gemeenten):
    """One of everything in gemeente 9991: a user, a resident, a case with a sent verslag."""
    from datetime import timedelta

    from tests.intake_helpers import make_hulpvraag, make_indicatie, make_inwoner, user
    from toegang.accounts.roles import Role
    from toegang.beschikkingen import operations as beschikking_ops
    from toegang.beschikkingen.models import BatchRun, BeschikkingSoort
    from toegang.catalogus.seed import seed_catalogus
    from toegang.db import utcnow
    from toegang.extensions import db
    from toegang.hulpvragen import operations as hv_ops
    from toegang.inwoners.operations import today

    uid = make_user("doelwit", Role.CONSULENT)
    with app.app_context():
        actor = user("doelwit")
        inwoner = make_inwoner(actor, gemeenten["9991"])
        hv = make_hulpvraag(actor, inwoner, today() - timedelta(days=10))
        hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=9))
        hv_ops.save_onderzoek(actor, hv, {"behoeften": "Hulp bij het huishouden", "conclusie": "Aanvraag"}, None)
        hv_ops.complete_onderzoek(actor, hv, today() - timedelta(days=2))
        verslag = hv_ops.send_verslag(actor, hv, today() - timedelta(days=1))
        hv_ops.record_aanvraag(actor, hv, today())
        seed_catalogus()
        ind = make_indicatie(actor, hv)
        b = beschikking_ops.create_concept(actor, hv, beschikking_ops.Concept(
            BeschikkingSoort.TOEKENNING, [ind.id], "U kunt het huishouden niet meer zelf doen."))
        beschikking_ops.vastleggen(actor, b, today(), None)
        run = BatchRun(started_by_id=uid, started_at=utcnow(), verzenddatum=today(), total=0, errors=[])
        db.session.add(run)
        from toegang.monitoring.models import ApiToken

        token = ApiToken(naam="BI", gemeente_id=gemeenten["9991"], prefix="tgm_test", token_hash="0" * 64,
                         created_at=utcnow(), created_by_id=uid)
        db.session.add(token)
        db.session.commit()
        from toegang.afweging.operations import kader_in_force

        kader_id = kader_in_force(gemeenten["9991"], today()).id
        return {"user_id": uid, "kader_id": kader_id, "gemeente_id": gemeenten["9991"], "inwoner_id": inwoner.id,
                "hulpvraag_id": hv.id, "verslag_id": verslag.id, "indicatie_id": ind.id, "beschikking_id": b.id,
                "product_id": ind.product_id, "aanbieder_id": ind.aanbieder_id, "batch_id": run.id,
                "token_id": token.id}


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
