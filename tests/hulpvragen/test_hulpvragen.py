"""Hulpvragen: melding, status transitions, deadlines, opschorting and verdaging, ZRM, verslag,
werkvoorraad and team view — through the service layer and HTTP."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from tests.intake_helpers import field_token, make_hulpvraag, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.catalogus.models import Huisarts
from toegang.errors import Conflict, DomainError, Refused
from toegang.extensions import db
from toegang.hulpvragen import operations as ops
from toegang.hulpvragen import queries
from toegang.hulpvragen.models import Afsluitreden, GrondslagSoort, Hulpvraag, HulpvraagStatus, Verslag
from toegang.inwoners.operations import today

S = HulpvraagStatus


@pytest.fixture
def consulent(app, make_user):
    make_user("consulent", Role.CONSULENT)
    make_user("consulent2", Role.CONSULENT)
    make_user("teamleider", Role.TEAMLEIDER, Role.CONSULENT)


@pytest.fixture
def case(app, consulent, gemeenten):
    """A Wmo hulpvraag reported 10 days ago, owned by 'consulent'."""
    with app.app_context():
        inw = make_inwoner(user("consulent"), gemeenten["9991"], voornamen="Truus", achternaam="de Wit")
        hv = make_hulpvraag(user("consulent"), inw, today() - timedelta(days=10))
        db.session.commit()
        return hv.id


def _hv(hid: int) -> Hulpvraag:
    return db.session.get(Hulpvraag, hid)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


# ------------------------------------------------------------------ melding

def test_register_hulpvraag_via_form_with_huisarts(app, consulent, gemeenten, web):
    with app.app_context():
        inw = make_inwoner(user("consulent"), gemeenten["9991"])
        ha = Huisarts(agb_code="01012345", naam="Huisartsenpraktijk De Linde", plaats="Voorbeeld")
        db.session.add(ha)
        db.session.commit()
        iid, ha_id = inw.id, ha.id
    web.login("consulent")
    url = f"/hulpvragen/nieuw/{iid}"
    payload = {"melddatum": today().isoformat(), "kanaal": "verwijzing", "melder": "verwijzer",
               "verwijzer_code": "02", "huisarts_id": "", "wetten": ["WMO", "JW"],
               "levensdomeinen": ["financien", "huisvesting"], "omschrijving": "Moeite met rondkomen",
               "consulent_id": ""}
    resp = web.post(url, payload)
    assert resp.status_code == 200 and "Kies de huisartspraktijk die verwees." in resp.get_data(as_text=True)
    assert "Moeite met rondkomen" in resp.get_data(as_text=True)  # what was typed stays
    payload["huisarts_id"] = str(ha_id)
    resp = web.post(url, payload)
    assert resp.status_code == 302
    with app.app_context():
        hv = db.session.scalar(sa.select(Hulpvraag))
        assert hv.huisarts_id == ha_id and hv.verwijzer_code == "02"
        assert hv.wetten == ["WMO", "JW"] and hv.levensdomeinen == ["financien", "huisvesting"]
        assert hv.status is S.GEMELD and hv.consulent.username == "consulent"
        # Wmo onderzoek within 6 weeks of the melding (moved to a working day if needed).
        assert hv.termijn_soort == "WMO-onderzoek"
        assert 42 <= (hv.termijn_datum - hv.melddatum).days <= 45


def test_melding_rules(app, app_ctx, consulent, gemeenten):
    inw = make_inwoner(user("consulent"), gemeenten["9991"])
    with pytest.raises(DomainError, match="toekomst"):
        make_hulpvraag(user("consulent"), inw, today() + timedelta(days=1))
    with pytest.raises(DomainError, match="minstens één wet"):
        make_hulpvraag(user("consulent"), inw, today(), wetten=())
    with pytest.raises(DomainError, match="soort verwijzer"):
        from toegang.hulpvragen.models import Melder
        make_hulpvraag(user("consulent"), inw, today(), melder=Melder.VERWIJZER)


def test_database_refuses_inconsistent_states(app, app_ctx, case):
    hv = _hv(case)
    hv.status = S.AFGESLOTEN  # without afsluitreden/afgesloten_op
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    hv = _hv(case)
    hv.status = S.AANVRAAG_ONTVANGEN  # without aanvraag_datum
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


# ------------------------------------------------------------------ transitions

def test_full_path_gemeld_to_afgesloten(app, app_ctx, case):
    actor = user("consulent")
    hv = _hv(case)
    ops.start_onderzoek(actor, hv, today() - timedelta(days=9))
    assert hv.status is S.IN_ONDERZOEK
    with pytest.raises(DomainError, match="behoeften en de conclusie"):
        ops.complete_onderzoek(actor, hv, today())
    ops.save_onderzoek(actor, hv, {"behoeften": "Huishouden lukt niet meer", "conclusie": "Aanvraag hbh"},
                       hv.onderzoek.version)
    ops.complete_onderzoek(actor, hv, today() - timedelta(days=2))
    assert hv.termijn_datum is None  # onderzoek done, no aanvraag yet: no running term
    ops.record_aanvraag(actor, hv, today() - timedelta(days=1))
    assert hv.status is S.AANVRAAG_ONTVANGEN
    assert hv.termijn_soort == "WMO-beschikking"  # two weeks after the aanvraag
    assert 14 <= (hv.termijn_datum - hv.aanvraag_datum).days <= 17
    with pytest.raises(DomainError, match="alleen worden afgesloten als: ingetrokken"):
        ops.close(actor, hv, Afsluitreden.TOEGEKEND, today(), 8)
    ops.mark_besloten(actor, hv, today())
    ops.close(actor, hv, Afsluitreden.TOEGEKEND, today(), 8)
    assert hv.status is S.AFGESLOTEN and hv.tevredenheid == 8 and hv.termijn_datum is None
    with pytest.raises(DomainError, match="afgesloten"):
        ops.record_gesprek(actor, hv, today(), "thuis", "inwoner", "", {})
    db.session.commit()
    actions = [e.action for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.inwoner_id == hv.inwoner_id).order_by(AuditEvent.seq))]
    for expected in ("create_hulpvraag", "start_onderzoek", "save_onderzoek", "complete_onderzoek",
                     "record_aanvraag", "mark_besloten", "close_hulpvraag"):
        assert expected in actions


def test_refused_transitions(app, app_ctx, case):
    actor = user("consulent")
    hv = _hv(case)
    with pytest.raises(DomainError, match="langer duurt dan zes weken"):
        ops.record_aanvraag(actor, hv, today())  # Wmo: the aanvraag follows the onderzoek
    with pytest.raises(DomainError, match="geen onderzoek"):
        ops.complete_onderzoek(actor, hv, today())
    with pytest.raises(DomainError, match="Alleen een ontvangen aanvraag"):
        ops.mark_besloten(actor, hv, today())
    ops.start_onderzoek(actor, hv, today())
    with pytest.raises(DomainError, match="nieuwe melding"):
        ops.start_onderzoek(actor, hv, today())


def test_direct_aanvraag_allowed_after_six_weeks(app, app_ctx, consulent, gemeenten):
    actor = user("consulent")
    inw = make_inwoner(actor, gemeenten["9991"])
    hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
    ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
    ops.record_aanvraag(actor, hv, today())
    assert hv.status is S.AANVRAAG_ONTVANGEN


def test_jeugd_has_eight_week_term_from_aanvraag(app, app_ctx, consulent, gemeenten):
    actor = user("consulent")
    inw = make_inwoner(actor, gemeenten["9991"], geboortedatum=date(2015, 1, 1))
    hv = make_hulpvraag(actor, inw, today() - timedelta(days=3), wetten=("JW",))
    assert hv.termijn_datum is None  # no onderzoek term under the Jeugdwet
    ops.record_aanvraag(actor, hv, today() - timedelta(days=2))
    assert hv.termijn_soort == "JW-beschikking"
    assert 56 <= (hv.termijn_datum - hv.aanvraag_datum).days <= 59


def test_stale_version_is_refused(app, app_ctx, case):
    actor = user("consulent")
    hv = _hv(case)
    m = ops.Melding(melddatum=hv.melddatum, kanaal=hv.kanaal, melder=hv.melder, omschrijving="Nieuw",
                    wetten=["WMO"])
    with pytest.raises(Conflict, match="intussen gewijzigd"):
        ops.update_melding(actor, hv, m, hv.version - 1 if hv.version > 1 else hv.version + 5)


def test_stale_form_submit_over_http(app, consulent, case, web):
    web.login("consulent")
    html = web.get(f"/hulpvragen/{case}/bewerken").get_data(as_text=True)
    import re

    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    payload = {"melddatum": (today() - timedelta(days=10)).isoformat(), "kanaal": "loket", "melder": "inwoner",
               "wetten": ["WMO"], "omschrijving": "Eerste wijziging", "version": version, "consulent_id": ""}
    assert web.post(f"/hulpvragen/{case}/bewerken", payload).status_code == 302
    payload["omschrijving"] = "Tweede wijziging op een oud formulier"
    resp = web.post(f"/hulpvragen/{case}/bewerken", payload)
    assert resp.status_code == 200 and "intussen gewijzigd" in resp.get_data(as_text=True)
    with app.app_context():
        assert _hv(case).omschrijving == "Eerste wijziging"


# ------------------------------------------------------------------ opschorting and verdaging

def test_opschorting_and_verdaging_over_http(app, consulent, gemeenten, web):
    with app.app_context():
        actor = user("consulent")
        inw = make_inwoner(actor, gemeenten["9991"])
        hv = make_hulpvraag(actor, inw, today() - timedelta(days=20), wetten=("PW",))
        ops.record_aanvraag(actor, hv, today() - timedelta(days=20))
        db.session.commit()
        hid, before = hv.id, hv.termijn_datum
    web.login("consulent")
    page = web.get(f"/hulpvragen/{hid}").get_data(as_text=True)
    name, token = field_token(page, "opschorting")
    start = today() - timedelta(days=10)
    resp = web.client.post(f"/hulpvragen/{hid}/opschorting", data={name: token, "opschorting-start": start.isoformat(),
                                                                   "opschorting-reden": "Inkomensgegevens ontbreken"})
    assert resp.status_code == 302
    with app.app_context():
        assert _hv(hid).termijn_datum is None  # suspended: no running term
    page = web.get(f"/hulpvragen/{hid}").get_data(as_text=True)
    assert "opgeschort" in page
    name, token = field_token(page, "opschortingeinde")
    resp = web.client.post(f"/hulpvragen/{hid}/opschorting/einde",
                           data={name: token, "opschortingeinde-eind": (start + timedelta(days=7)).isoformat()})
    assert resp.status_code == 302
    with app.app_context():
        after = _hv(hid).termijn_datum
        assert after is not None and (after - before).days >= 7
    # A verdaging whose new date lies before the deadline in force is refused with a Dutch message.
    page = web.get(f"/hulpvragen/{hid}").get_data(as_text=True)
    name, token = field_token(page, "verdaging")
    resp = web.client.post(f"/hulpvragen/{hid}/verdaging", data={
        name: token, "verdaging-mededeling_datum": today().isoformat(),
        "verdaging-nieuwe_datum": (today() + timedelta(days=1)).isoformat(), "verdaging-reden": "Advies nodig"})
    assert resp.status_code == 422
    nieuwe = after + timedelta(days=28)
    resp = web.client.post(f"/hulpvragen/{hid}/verdaging", data={
        name: token, "verdaging-mededeling_datum": today().isoformat(),
        "verdaging-nieuwe_datum": nieuwe.isoformat(), "verdaging-reden": "Medisch advies nodig"})
    assert resp.status_code == 302
    with app.app_context():
        assert _hv(hid).termijn_datum == nieuwe


# ------------------------------------------------------------------ grondslag, betrokkenen, gesprek

def test_grondslag_rules(app, app_ctx, case):
    actor = user("consulent")
    hv = _hv(case)
    with pytest.raises(DomainError, match=r"Leg eerst"):
        ops.require_grondslag_for_sharing(hv)
    with pytest.raises(DomainError, match="waarvoor de inwoner toestemming"):
        ops.record_grondslag(actor, hv, GrondslagSoort.TOESTEMMING, today())
    with pytest.raises(DomainError, match="zonder toestemming"):
        ops.record_grondslag(actor, hv, GrondslagSoort.BEMOEIZORG, today())
    ops.record_grondslag(actor, hv, GrondslagSoort.TOESTEMMING, today(), "Overleg met huisarts", "Huisarts, wijkteam")
    assert ops.require_grondslag_for_sharing(hv).soort is GrondslagSoort.TOESTEMMING


def test_gesprek_with_zrm_and_history(app, consulent, case, web):
    web.login("consulent")
    url = f"/hulpvragen/{case}/gesprek"
    resp = web.post(url, {"datum": (today() - timedelta(days=8)).isoformat(), "locatie": "thuis",
                          "deelnemers": "", "zrm_financien": "2"})
    assert resp.status_code == 200 and "Noem wie er bij het gesprek waren." in resp.get_data(as_text=True)
    resp = web.post(url, {"datum": (today() - timedelta(days=8)).isoformat(), "locatie": "thuis",
                          "deelnemers": "Truus, dochter", "zrm_financien": "2", "zrm_huisvesting": "4",
                          "zrm_sociaal_netwerk": "6"})
    assert resp.status_code == 200  # 6 is not a valid choice
    resp = web.post(url, {"datum": (today() - timedelta(days=8)).isoformat(), "locatie": "thuis",
                          "deelnemers": "Truus, dochter", "zrm_financien": "2", "zrm_huisvesting": "4"})
    assert resp.status_code == 302
    resp = web.post(url, {"datum": today().isoformat(), "locatie": "telefonisch", "deelnemers": "Truus",
                          "zrm_financien": "3"})
    assert resp.status_code == 302
    with app.app_context():
        iid = _hv(case).inwoner_id
        history = ops.zrm_history(iid)
        assert [s.score for s in history["financien"]] == [2, 3]
        assert [s.score for s in history["huisvesting"]] == [4]
    html = web.get(f"/hulpvragen/inwoner/{iid}/zrm").get_data(as_text=True)
    assert "vooruit (+1)" in html and "Financiën" in html


# ------------------------------------------------------------------ verslag

def _prepare_verslag(actor, hv):
    ops.start_onderzoek(actor, hv, today() - timedelta(days=9))
    ops.save_onderzoek(actor, hv, {"behoeften": "Mevrouw kan niet meer stofzuigen.",
                                   "conclusie": "Mevrouw vraagt hulp bij het huishouden aan."}, None)
    ops.complete_onderzoek(actor, hv, today() - timedelta(days=1))


def test_verslag_is_rendered_stored_and_hash_checked(app, consulent, case, web):
    with app.app_context():
        _prepare_verslag(user("consulent"), _hv(case))
        db.session.commit()
    web.login("consulent")
    concept = web.get(f"/hulpvragen/{case}/verslag/concept.pdf")
    assert concept.status_code == 200 and concept.mimetype == "application/pdf"
    assert "CONCEPT" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(concept.data)).pages)
    page = web.get(f"/hulpvragen/{case}").get_data(as_text=True)
    name, token = field_token(page, "verslag")
    resp = web.client.post(f"/hulpvragen/{case}/verslag/verzenden", data={name: token,
                                                                         "verslag-datum": today().isoformat()})
    assert resp.status_code == 302
    with app.app_context():
        verslag = db.session.scalar(sa.select(Verslag))
        vid = verslag.id
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(verslag.pdf)).pages)
        assert "Truus de Wit" in text and "niet meer stofzuigen" in text and "CONCEPT" not in text
        assert _hv(case).onderzoek.verslag_verzonden_op == today()
    resp = web.get(f"/hulpvragen/{case}/verslag/{vid}.pdf")
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    with app.app_context():
        assert len(_events("download_verslag")) == 1
        # The onderzoek is frozen once the verslag went out.
        with pytest.raises(DomainError, match="al verzonden"):
            ops.save_onderzoek(user("consulent"), _hv(case), {"behoeften": "x"}, None)
        # Tampering with the stored PDF is detected on download.
        db.session.execute(sa.update(Verslag).values(pdf=b"%PDF-1.7 vervalst"))
        db.session.commit()
    resp = web.get(f"/hulpvragen/{case}/verslag/{vid}.pdf")
    assert resp.status_code == 409 and "controlegetal klopt niet" in resp.get_data(as_text=True)
    with app.app_context():
        assert [e.result for e in _events("download_verslag")] == [AuditResult.OK, AuditResult.REFUSED]


# ------------------------------------------------------------------ werkvoorraad, team, access

@contextmanager
def count_queries(app):
    counter = {"n": 0}

    def before(conn, cursor, statement, params, context, executemany):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def _many_cases(n: int, gemeente_id: int, owner: str = "consulent") -> list[int]:
    actor = user(owner)
    ids = []
    for i in range(n):
        inw = make_inwoner(actor, gemeente_id, voornamen=f"Persoon{i}")
        ids.append(make_hulpvraag(actor, inw, today() - timedelta(days=i % 50)).id)
    db.session.commit()
    return ids


def test_werkvoorraad_order_overdue_first(app, consulent, gemeenten, web):
    with app.app_context():
        actor = user("consulent")
        inw = make_inwoner(actor, gemeenten["9991"])
        recent = make_hulpvraag(actor, inw, today() - timedelta(days=1))
        overdue = make_hulpvraag(actor, inw, today() - timedelta(days=60))
        middle = make_hulpvraag(actor, inw, today() - timedelta(days=30))
        suspended = make_hulpvraag(actor, inw, today() - timedelta(days=20))
        ops.add_opschorting(actor, suspended, today() - timedelta(days=2), None, "Wacht op gegevens")
        other = make_hulpvraag(user("consulent2"), inw, today() - timedelta(days=59))
        db.session.commit()
        order = [hv.id for hv in queries.werkvoorraad(actor).items]
        assert order == [overdue.id, middle.id, recent.id, suspended.id]
        assert other.id not in order
    web.login("consulent")
    html = web.get("/hulpvragen/werkvoorraad").get_data(as_text=True)
    assert "te laat" in html and "opgeschort" in html


def test_werkvoorraad_query_count_does_not_grow(app, consulent, gemeenten, web):
    web.login("consulent")
    with app.app_context():
        _many_cases(5, gemeenten["9991"])
    with count_queries(app) as small:
        assert web.get("/hulpvragen/werkvoorraad").status_code == 200
    with app.app_context():
        _many_cases(45, gemeenten["9991"])
    with count_queries(app) as large:
        resp = web.get("/hulpvragen/werkvoorraad")
        assert resp.status_code == 200
    assert resp.get_data(as_text=True).count("/hulpvragen/") >= 25
    assert large["n"] == small["n"], (small, large)


def test_team_view_counts_and_query_count(app, consulent, gemeenten, web):
    with app.app_context():
        _many_cases(3, gemeenten["9991"], "consulent")
        inw = make_inwoner(user("consulent2"), gemeenten["9991"])
        make_hulpvraag(user("consulent2"), inw, today() - timedelta(days=70))
        db.session.commit()
        overview = {s.consulent.username: (s.open, s.te_laat) for s in queries.team_overview(user("teamleider"),
                                                                                            today())}
        assert overview["consulent"] == (3, 0) and overview["consulent2"] == (1, 1)
    web.login("teamleider")
    with count_queries(app) as small:
        html = web.get("/hulpvragen/team").get_data(as_text=True)
    assert "Werkvoorraad van het team" in html
    with app.app_context():
        _many_cases(40, gemeenten["9991"], "consulent2")
    with count_queries(app) as large:
        web.get("/hulpvragen/team")
    assert large["n"] == small["n"]


def test_reassign_by_teamleider_only(app, consulent, case, web, gemeenten):
    with app.app_context():
        target = user("consulent2").id
    web.login("consulent")
    page = web.get(f"/hulpvragen/{case}").get_data(as_text=True)
    assert "Toewijzen aan een andere consulent" not in page
    resp = web.client.post(f"/hulpvragen/{case}/hertoewijzen",
                           data={"csrf_token": web.token("/"), "hertoewijzen-consulent_id": str(target)})
    assert resp.status_code == 403
    web.logout()
    web.login("teamleider")
    page = web.get(f"/hulpvragen/{case}").get_data(as_text=True)
    name, token = field_token(page, "hertoewijzen")
    resp = web.client.post(f"/hulpvragen/{case}/hertoewijzen", data={
        name: token, "hertoewijzen-consulent_id": str(target), "hertoewijzen-reden": "Verlof"})
    assert resp.status_code == 302
    with app.app_context():
        assert _hv(case).consulent_id == target
        event = _events("reassign_hulpvraag")[0]
        assert event.details["naar"] == target and event.reason == "Verlof"
        refused = [e for e in db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.result == AuditResult.REFUSED))]
        assert any(e.action == "view:hulpvragen.reassign" for e in refused)


def test_service_layer_refuses_wrong_role_and_gemeente(app, app_ctx, consulent, case, make_user, gemeenten):
    make_user("beleid", Role.BELEIDSMEDEWERKER)
    make_user("zv", Role.CONSULENT, codes=("9992",))
    from toegang.hulpvragen.access import get_hulpvraag

    with pytest.raises(Refused):
        get_hulpvraag(user("beleid"), case)
    with pytest.raises(Refused) as exc:
        get_hulpvraag(user("zv"), case)
    assert exc.value.status == 404
    with pytest.raises(Refused):
        ops.reassign(user("consulent"), _hv(case), user("consulent2").id, "")


def test_every_case_view_is_audited_with_the_inwoner(app, consulent, case, web):
    web.login("consulent2")
    assert web.get(f"/hulpvragen/{case}").status_code == 200  # same gemeente: the loket may look
    with app.app_context():
        e = next(e for e in _events("view_hulpvraag") if e.actor_name == "consulent2")
        assert e.inwoner_id == _hv(case).inwoner_id and e.object_id == str(case)
