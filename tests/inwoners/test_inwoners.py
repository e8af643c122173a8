"""Residents: BSN and postcode validation, registering, duplicates, search, huishouden, access and audit."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.intake_helpers import field_token, make_inwoner, next_bsn, user
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.errors import DomainError, Refused
from toegang.extensions import db
from toegang.inwoners.access import get_inwoner
from toegang.inwoners.models import Inwoner
from toegang.validation import bsn_is_valid, normalise_bsn, normalise_postcode


@pytest.mark.parametrize("bsn", ["999990019", "111222333", "123456782"])
def test_valid_bsns(bsn):
    assert bsn_is_valid(bsn) and normalise_bsn(bsn) == bsn


@pytest.mark.parametrize(("raw", "message"), [
    ("999990018", "elfproef"),
    ("12345678A", "alleen uit cijfers"),
    ("1234567", "9 cijfers"),
    ("1234567890", "9 cijfers"),
    ("", "Vul het BSN in"),
    ("000000000", "elfproef"),
])
def test_invalid_bsns(raw, message):
    with pytest.raises(DomainError, match=message):
        normalise_bsn(raw)


def test_eight_digit_bsn_is_padded():
    # 012345672: 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2-2 = 110 -> divisible by 11
    assert bsn_is_valid("012345672")
    assert normalise_bsn("12345672") == "012345672"
    assert normalise_bsn(" 9999.900.19 ".replace("9999.900.19", "999.990.019")) == "999990019"


@pytest.mark.parametrize(("raw", "expected"), [("1234ab", "1234 AB"), (" 1234 AB ", "1234 AB"),
                                               ("9999zz", "9999 ZZ"), ("", "")])
def test_postcode_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["0123 AB", "1234", "12345 AB", "1234 A1", "1234 SS"])
def test_postcode_invalid(raw):
    with pytest.raises(DomainError, match="1234 AB"):
        normalise_postcode(raw)


def _register_payload(gemeente_id: int, **over):
    data = {"bsn": next_bsn(), "gemeente_id": str(gemeente_id), "voornamen": "Fatima", "tussenvoegsel": "",
            "achternaam": "Bakker", "geboortedatum": "1948-05-17", "geslacht": "V", "straat": "Kerkstraat",
            "huisnummer": "12", "huisnummer_toevoeging": "a", "postcode": "1234ab", "woonplaats": "Voorbeeld",
            "wijk_id": "", "telefoon": "0612345678", "email": ""}
    data.update(over)
    return data


def test_consulent_registers_inwoner_through_the_form(app, as_role, gemeenten):
    b = as_role("consulent")
    resp = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"]))
    assert resp.status_code == 302
    detail = b.get(resp.headers["Location"])
    html = detail.get_data(as_text=True)
    assert "Fatima Bakker" in html and "1234 AB" in html and "17 mei 1948" in html
    with app.app_context():
        inwoner = db.session.scalar(sa.select(Inwoner))
        assert inwoner.postcode == "1234 AB"
        assert inwoner.bsn not in html  # the full BSN is masked on screen
        actions = list(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.inwoner_id == inwoner.id)))
        assert "create_inwoner" in actions and "view_inwoner" in actions


def test_bad_input_keeps_everything_typed(app, as_role, gemeenten):
    b = as_role("consulent")
    resp = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn="999990018",
                                                       geboortedatum="31-02-1950", postcode="12AB"))
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Er zijn problemen met het formulier" in html or "Er is een probleem met het formulier" in html
    assert "Vul een geldige geboortedatum in." in html
    assert "voldoet niet aan de elfproef" in html  # every error at once, not one per attempt
    assert "Vul een geldige postcode in, zoals 1234 AB." in html
    assert 'value="Fatima"' in html and 'value="Kerkstraat"' in html and 'value="999990018"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Inwoner)) == 0


def test_bsn_failing_elfproef_is_a_dutch_form_error(as_role, gemeenten):
    b = as_role("consulent")
    html = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn="999990018")).get_data(as_text=True)
    assert "voldoet niet aan de elfproef" in html


def test_duplicate_bsn_links_to_existing_record(app, as_role, gemeenten):
    b = as_role("consulent")
    bsn = next_bsn()
    first = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn=bsn))
    existing_url = first.headers["Location"]
    resp = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn=bsn, voornamen="Ander"))
    html = resp.get_data(as_text=True)
    assert "Er is al een inwoner met dit BSN geregistreerd." in html
    assert f'href="{existing_url}"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Inwoner)) == 1


def test_duplicate_bsn_in_other_gemeente_does_not_reveal_the_record(app, make_user, gemeenten, web):
    make_user("zv", Role.CONSULENT, codes=("9992",))
    make_user("vb", Role.CONSULENT, codes=("9991",))
    bsn = next_bsn()
    with app.app_context():
        make_inwoner(user("zv"), gemeenten["9992"], bsn=bsn)
        db.session.commit()
    web.login("vb")
    html = web.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn=bsn)).get_data(as_text=True)
    assert "Er is al een inwoner met dit BSN" in html and "Open de bestaande inwoner" not in html


def test_future_birth_date_refused(app, app_ctx, make_user, gemeenten):
    make_user("c", Role.CONSULENT)
    with pytest.raises(DomainError, match="toekomst"):
        make_inwoner(user("c"), gemeenten["9991"], geboortedatum=date(2999, 1, 1))


def test_search_three_ways_and_audit(app, as_role, gemeenten):
    b = as_role("consulent")
    with app.app_context():
        actor = user("consulent")
        a = make_inwoner(actor, gemeenten["9991"], achternaam="Visser", geboortedatum=date(1940, 1, 2),
                         postcode="1111 AA", huisnummer=5, bsn="999990019")
        make_inwoner(actor, gemeenten["9991"], achternaam="Visser", geboortedatum=date(1980, 1, 2))
        db.session.commit()
        a_id = a.id
    html = b.post("/inwoners/zoeken", {"bsn": "999990019"}).get_data(as_text=True)
    assert "1 inwoner gevonden" in html and f"/inwoners/{a_id}" in html
    html = b.post("/inwoners/zoeken", {"achternaam": "visser", "geboortedatum": "1940-01-02"}).get_data(as_text=True)
    assert "1 inwoner gevonden" in html
    html = b.post("/inwoners/zoeken", {"postcode": "1111aa", "huisnummer": "5"}).get_data(as_text=True)
    assert "1 inwoner gevonden" in html
    html = b.post("/inwoners/zoeken", {"achternaam": "Visser"}).get_data(as_text=True)
    assert "Zoek op BSN, op achternaam met geboortedatum" in html
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "search_inwoner")).all()
        assert [e.details["zoekwijze"] for e in events] == ["bsn", "naam_geboortedatum", "postcode_huisnummer"]
        assert all("999990019" not in str(e.details) for e in events)


def test_search_only_own_gemeenten(app, make_user, gemeenten, web):
    make_user("zv", Role.CONSULENT, codes=("9992",))
    make_user("vb", Role.CONSULENT, codes=("9991",))
    with app.app_context():
        make_inwoner(user("zv"), gemeenten["9992"], bsn="999990019")
        db.session.commit()
    web.login("vb")
    html = web.post("/inwoners/zoeken", {"bsn": "999990019"}).get_data(as_text=True)
    assert "0 inwoners gevonden" in html


def test_bsn_never_in_urls_or_audit(app, as_role, gemeenten):
    b = as_role("consulent")
    bsn = next_bsn()
    resp = b.post("/inwoners/nieuw", _register_payload(gemeenten["9991"], bsn=bsn))
    assert bsn not in resp.headers["Location"]
    with app.app_context():
        for e in db.session.scalars(sa.select(AuditEvent)):
            assert bsn not in str(e.details) and bsn not in (e.object_id or "")


def test_view_is_audited_and_other_gemeente_refused(app, make_user, gemeenten, web):
    make_user("zv", Role.CONSULENT, codes=("9992",))
    make_user("vb", Role.CONSULENT, codes=("9991",))
    with app.app_context():
        other = make_inwoner(user("zv"), gemeenten["9992"])
        db.session.commit()
        other_id = other.id
    web.login("vb")
    assert web.get(f"/inwoners/{other_id}").status_code == 404
    with app.app_context():
        refused = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.result == AuditResult.REFUSED)).one()
        assert refused.inwoner_id == other_id and refused.action == "view_inwoner"


def test_beleidsmedewerker_refused_on_every_person_page(app, as_role, make_user, gemeenten):
    make_user("c", Role.CONSULENT)
    with app.app_context():
        inw = make_inwoner(user("c"), gemeenten["9991"])
        db.session.commit()
        iid = inw.id
    b = as_role("beleid")
    for url in (f"/inwoners/{iid}", f"/inwoners/{iid}/bewerken", "/inwoners/zoeken", "/inwoners/nieuw",
                f"/hulpvragen/inwoner/{iid}/zrm", "/hulpvragen/werkvoorraad"):
        assert b.get(url).status_code == 403, url
    with app.app_context(), pytest.raises(Refused):
        get_inwoner(user("beleid"), iid)


def test_wlz_indicatie(app, as_role, gemeenten):
    b = as_role("consulent")
    with app.app_context():
        iid = make_inwoner(user("consulent"), gemeenten["9991"]).id
        db.session.commit()
    page = b.get(f"/inwoners/{iid}").get_data(as_text=True)
    name, token = field_token(page, "wlz")
    resp = b.client.post(f"/inwoners/{iid}/wlz", data={name: token, "wlz-wlz_indicatie": "y", "wlz-wlz_datum": ""})
    assert resp.status_code == 422 and "Vul de datum van de Wlz-indicatie in." in resp.get_data(as_text=True)
    resp = b.client.post(f"/inwoners/{iid}/wlz", data={name: token, "wlz-wlz_indicatie": "y",
                                                       "wlz-wlz_datum": "2024-03-01", "wlz-wlz_bron": "CIZ"})
    assert resp.status_code == 302
    with app.app_context():
        inw = db.session.get(Inwoner, iid)
        assert inw.wlz_indicatie and inw.wlz_datum == date(2024, 3, 1)


def test_huishouden_and_contactpersonen(app, as_role, gemeenten):
    b = as_role("consulent")
    with app.app_context():
        actor = user("consulent")
        ouder = make_inwoner(actor, gemeenten["9991"], voornamen="Anna", geboortedatum=date(1985, 1, 1))
        kind_bsn = next_bsn()
        kind = make_inwoner(actor, gemeenten["9991"], voornamen="Tim", geboortedatum=date(2012, 6, 1), bsn=kind_bsn)
        db.session.commit()
        oid, kid = ouder.id, kind.id
    page = b.get(f"/inwoners/{oid}").get_data(as_text=True)
    name, token = field_token(page, "hh")
    assert b.client.post(f"/inwoners/{oid}/huishouden", data={name: token, "hh-rol": "ouder"}).status_code == 302
    page = b.get(f"/inwoners/{oid}").get_data(as_text=True)
    name, token = field_token(page, "lid")
    resp = b.client.post(f"/inwoners/{oid}/huishouden/lid", data={name: token, "lid-bsn": "999990019",
                                                                  "lid-rol": "kind"})
    assert resp.status_code == 422 and "Registreer deze inwoner eerst" in resp.get_data(as_text=True)
    resp = b.client.post(f"/inwoners/{oid}/huishouden/lid", data={name: token, "lid-bsn": kind_bsn, "lid-rol": "kind"})
    assert resp.status_code == 302
    assert "Tim Jansen" in b.get(f"/inwoners/{oid}").get_data(as_text=True)
    page = b.get(f"/inwoners/{oid}").get_data(as_text=True)
    name, token = field_token(page, "cp")
    resp = b.client.post(f"/inwoners/{oid}/contactpersonen", data={name: token, "cp-soort": "mantelzorger",
                                                                   "cp-naam": "Piet", "cp-telefoon": ""})
    assert resp.status_code == 422 and "telefoonnummer of e-mailadres" in resp.get_data(as_text=True)
    resp = b.client.post(f"/inwoners/{oid}/contactpersonen", data={name: token, "cp-soort": "mantelzorger",
                                                                   "cp-naam": "Piet", "cp-telefoon": "0611"})
    assert resp.status_code == 302
    with app.app_context():
        assert db.session.get(Inwoner, kid).huishouden_id == db.session.get(Inwoner, oid).huishouden_id
        assert [c.naam for c in db.session.get(Inwoner, oid).contactpersonen] == ["Piet"]


def test_edit_inwoner_audits_field_names_only(app, as_role, gemeenten):
    b = as_role("consulent")
    with app.app_context():
        iid = make_inwoner(user("consulent"), gemeenten["9991"]).id
        db.session.commit()
    form = b.get(f"/inwoners/{iid}/bewerken").get_data(as_text=True)
    assert 'value="Jansen"' in form
    payload = _register_payload(gemeenten["9991"], achternaam="Jansen-de Boer")
    payload.pop("bsn")
    payload.pop("gemeente_id")
    assert b.post(f"/inwoners/{iid}/bewerken", payload).status_code == 302
    with app.app_context():
        e = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "update_inwoner")).one()
        assert "achternaam" in e.details["velden"] and "Jansen-de Boer" not in str(e.details)
