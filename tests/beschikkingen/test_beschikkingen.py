"""Beschikkingen: content of every letter type, PDF/A, issuing rules, immutability, hash, audit."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from pypdf import PdfReader

from tests.conftest import Browser
from tests.intake_helpers import make_hulpvraag, make_indicatie, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.beschikkingen import operations as ops
from toegang.beschikkingen.models import Beschikking, BeschikkingSoort, BeschikkingStatus, IntrekkingsGrond
from toegang.catalogus.seed import seed_catalogus
from toegang.errors import DomainError, Refused
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.indicaties import operations as ind_ops
from toegang.indicaties.models import IndicatieStatus
from toegang.inwoners.operations import today

MOTIVERING = "U kunt het huishouden door uw heupoperatie niet meer zelf doen.\n\nUw dochter woont te ver weg."


@pytest.fixture
def team(app, make_user):
    make_user("consulent", Role.CONSULENT)
    make_user("tl2", Role.TEAMLEIDER)
    with app.app_context():
        seed_catalogus()
        db.session.commit()


def _case(gemeente_id: int) -> Hulpvraag:
    actor = user("consulent")
    inw = make_inwoner(actor, gemeente_id, voornamen="Truus", achternaam="Wit", tussenvoegsel="de")
    hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
    hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
    hv_ops.record_aanvraag(actor, hv, today() - timedelta(days=1))
    return hv


def _text(pdf: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


def _issue(hv, soort, indicaties, **kw):
    b = ops.create_concept(user("consulent"), hv, ops.Concept(soort, [i.id for i in indicaties], MOTIVERING, **kw))
    ops.vastleggen(user("consulent"), b, today(), b.version)
    db.session.commit()
    return b


def test_toekenning_letter_content(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ind = make_indicatie(user("consulent"), hv)  # 3 uur per week
    b = _issue(hv, BeschikkingSoort.TOEKENNING, [ind])
    assert b.kenmerk == f"9991-{today().year}-000001"
    text = _text(b.pdf)
    for expected in ("Truus de Wit", b.kenmerk, "Hulp bij het huishouden", "3 uur per week",
                     format_date(today(), format="long", locale="nl_NL"), "heupoperatie",
                     "bezwaar", "zes weken", "voorlopige voorziening", "namens het college van burgemeester",
                     "CAK", "Wet maatschappelijke ondersteuning 2015", "Thuiszorg De Linde"):
        assert expected in text, expected
    assert "CONCEPT" not in text
    db.session.expire_all()
    assert db.session.get(Hulpvraag, hv.id).status is HulpvraagStatus.BESLOTEN
    assert ind.status is IndicatieStatus.BESCHIKT


@pytest.mark.parametrize(("soort", "words"), [
    (BeschikkingSoort.GEDEELTELIJKE_TOEKENNING, "een deel van wat u heeft gevraagd"),
    (BeschikkingSoort.AFWIJZING, "U krijgt geen maatwerkvoorziening"),
])
def test_other_decision_letters(app, app_ctx, team, gemeenten, soort, words):
    hv = _case(gemeenten["9991"])
    inds = [make_indicatie(user("consulent"), hv)] if soort is not BeschikkingSoort.AFWIJZING else []
    text = _text(_issue(hv, soort, inds).pdf)
    assert words in text and "bezwaar" in text


def test_wijziging_and_beeindiging_letters(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ind = make_indicatie(user("consulent"), hv)
    first = _issue(hv, BeschikkingSoort.TOEKENNING, [ind])
    stop = _issue(hv, BeschikkingSoort.BEEINDIGING, [ind], intrekkingsgrond=IntrekkingsGrond.NIET_MEER_NODIG,
                  ingangsdatum_wijziging=today() + timedelta(days=14), corrigeert_id=first.id)
    text = _text(stop.pdf)
    assert "de voorziening is niet meer nodig" in text and "2.3.10" in text
    assert stop.kenmerk.endswith("000002")
    with pytest.raises(DomainError, match="grond voor beëindiging"):
        ops.create_concept(user("consulent"), hv, ops.Concept(BeschikkingSoort.BEEINDIGING, [ind.id], MOTIVERING))


def test_pdf_is_archival_and_tagged(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    b = _issue(hv, BeschikkingSoort.TOEKENNING, [make_indicatie(user("consulent"), hv)])
    reader = PdfReader(io.BytesIO(b.pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "nl"
    assert b.kenmerk in (reader.metadata.title or "")


def test_issue_refused_without_valid_approval(app, app_ctx, team, gemeenten):
    from decimal import Decimal

    hv = _case(gemeenten["9991"])
    ind = make_indicatie(user("consulent"), hv, "15A01", "Stichting Beschermd Thuis", volume="1", frequentie="1",
                         ingangsdatum=today(), einddatum=today() + timedelta(days=364))
    assert ind.hoog_impact
    b = ops.create_concept(user("consulent"), hv, ops.Concept(BeschikkingSoort.TOEKENNING, [ind.id], MOTIVERING))
    with pytest.raises(DomainError, match="nog niet goedgekeurd"):
        ops.vastleggen(user("consulent"), b, today(), b.version)
    ind_ops.submit(user("consulent"), ind, ind.version)
    ind_ops.approve(user("tl2"), ind, ind.version)
    # An edit after approval voids it: issuing is refused again.
    v = ind_ops.Voorstel(product_id=ind.product_id, volume=Decimal("1"), frequentie="1", ingangsdatum=today(),
                         einddatum=today() + timedelta(days=300), leveringsvorm=ind.leveringsvorm,
                         aanbieder_id=ind.aanbieder_id, doelen=ind.doelen)
    ind_ops.update(user("consulent"), ind, v, ind.version)
    with pytest.raises(DomainError, match="nog niet goedgekeurd"):
        ops.vastleggen(user("consulent"), b, today(), b.version)
    ind_ops.submit(user("consulent"), ind, ind.version)
    ind_ops.approve(user("tl2"), ind, ind.version)
    ops.vastleggen(user("consulent"), b, today(), b.version)
    assert b.status is BeschikkingStatus.VASTGELEGD


def test_issued_beschikking_is_immutable(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    b = _issue(hv, BeschikkingSoort.TOEKENNING, [make_indicatie(user("consulent"), hv)])
    with pytest.raises(DomainError, match="al vastgelegd"):
        ops.vastleggen(user("consulent"), b, today(), b.version)
    with pytest.raises(sa.exc.DBAPIError):  # the database trigger, whatever the code does
        db.session.execute(sa.update(Beschikking).where(Beschikking.id == b.id).values(motivering="Anders"))
    db.session.rollback()
    with pytest.raises(sa.exc.DBAPIError):
        db.session.execute(sa.delete(Beschikking).where(Beschikking.id == b.id))
    db.session.rollback()


def test_download_checks_hash_and_is_audited(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        b = _issue(hv, BeschikkingSoort.TOEKENNING, [make_indicatie(user("consulent"), hv)])
        bid, kenmerk = b.id, b.kenmerk
    web = Browser(app.test_client())
    web.login("consulent")
    resp = web.get(f"/beschikkingen/{bid}/beschikking.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf" and kenmerk in _text(resp.data)
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "download_beschikking")).all()
        assert len(events) == 1 and events[0].inwoner_id == hv.inwoner_id
        db.session.rollback()  # release SQLite's lock before the second connection below
        # Corrupt the stored bytes below the trigger (a disk or backup fault, not an UPDATE by the app).
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("ALTER TABLE beschikking DISABLE TRIGGER beschikking_immutable")
                conn.exec_driver_sql(f"UPDATE beschikking SET pdf = '\\x255044462d'::bytea WHERE id = {bid}")
                conn.exec_driver_sql("ALTER TABLE beschikking ENABLE TRIGGER beschikking_immutable")
            else:
                conn.exec_driver_sql("DROP TRIGGER beschikking_immutable_update")
                conn.exec_driver_sql(f"UPDATE beschikking SET pdf = X'255044462d' WHERE id = {bid}")
                from toegang.beschikkingen.immutability import SQLITE_DDL

                conn.exec_driver_sql(SQLITE_DDL[0])
    resp = web.get(f"/beschikkingen/{bid}/beschikking.pdf")
    assert resp.status_code == 409 and "controlegetal klopt niet" in resp.get_data(as_text=True)
    with app.app_context():
        refused = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "download_beschikking",
                                                                 AuditEvent.result == AuditResult.REFUSED)).all()
        assert len(refused) == 1


def test_http_concept_preview_and_issue(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        ind = make_indicatie(user("consulent"), hv)
        db.session.commit()
        hid, iid = hv.id, ind.id
    web = Browser(app.test_client())
    web.login("consulent")
    resp = web.post(f"/beschikkingen/nieuw/{hid}", {"soort": "toekenning", "indicaties": [str(iid)],
                                                    "motivering": ""})
    assert resp.status_code == 200 and "motivering is verplicht" in resp.get_data(as_text=True)
    resp = web.post(f"/beschikkingen/nieuw/{hid}", {"soort": "toekenning", "indicaties": [str(iid)],
                                                    "motivering": MOTIVERING})
    assert resp.status_code == 302
    url = resp.headers["Location"]
    assert "3 uur per week" in web.get(url + "/voorbeeld").get_data(as_text=True)
    concept = web.get(url + "/concept.pdf")
    assert "CONCEPT" in _text(concept.data)
    page = web.get(url).get_data(as_text=True)
    import re

    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    resp = web.post(url + "/vastleggen", {"verzenddatum": (today() - timedelta(days=1)).isoformat(),
                                          "version": version})
    assert resp.status_code == 422 and "verleden" in resp.get_data(as_text=True)
    resp = web.post(url + "/vastleggen", {"verzenddatum": today().isoformat(), "version": version})
    assert resp.status_code == 302
    assert "Beschikking downloaden" in web.get(url).get_data(as_text=True)


def test_beleidsmedewerker_refused(app, team, gemeenten, make_user):
    make_user("beleid", Role.BELEIDSMEDEWERKER)
    with app.app_context():
        hv = _case(gemeenten["9991"])
        b = _issue(hv, BeschikkingSoort.TOEKENNING, [make_indicatie(user("consulent"), hv)])
        bid = b.id
        with pytest.raises(Refused):
            ops.get_beschikking(user("beleid"), bid)
    web = Browser(app.test_client())
    web.login("beleid")
    assert web.get(f"/beschikkingen/{bid}/beschikking.pdf").status_code == 403


def test_kenmerk_counter_race_on_the_years_first_letter(app, app_ctx, gemeenten, monkeypatch):
    """Two transactions create the year's counter at once: the loser's insert fails on the key and it
    continues on the winner's row — no duplicate number, no error for the user."""
    from toegang.beschikkingen.models import KenmerkTeller

    first = ops.next_kenmerken(gemeenten["9991"], "9991", 2031, 2)
    db.session.commit()
    assert first == ["9991-2031-000001", "9991-2031-000002"]
    real_bump = ops._bump_counter
    calls = []

    def lost_race(gemeente_id, year, count):  # our UPDATE ran before the other side's INSERT committed
        calls.append(year)
        return 0 if len(calls) == 1 else real_bump(gemeente_id, year, count)

    monkeypatch.setattr(ops, "_bump_counter", lost_race)
    assert ops.next_kenmerken(gemeenten["9991"], "9991", 2031, 3) == [
        "9991-2031-000003", "9991-2031-000004", "9991-2031-000005"]
    db.session.commit()
    assert len(calls) == 2
    assert db.session.scalar(sa.select(KenmerkTeller.laatste).where(KenmerkTeller.jaar == 2031)) == 5
