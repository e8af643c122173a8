"""Hostile input through the real forms (test client, real CSRF tokens): random, huge,
control-character, unicode and script/SQL-looking text never yields a 500 or a partial write, and
whatever is shown again is escaped.

Each example posts one form with some fields replaced by hostile text. Afterwards: the status is
not 5xx; either the form was refused and *nothing* was written (row counts and the audit chain head
unchanged apart from audited reads), or exactly one row was added; no raw ``<script`` marker
appears in the response; the audit chain still verifies.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Browser, csrf_token_from
from tests.intake_helpers import make_hulpvraag, make_inwoner, next_bsn, user
from toegang.accounts.roles import Role
from toegang.audit.operations import verify_chain
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Gesprek, Hulpvraag
from toegang.indicaties.models import Indicatie
from toegang.inwoners.models import Inwoner
from toegang.inwoners.operations import today

MARKER = "<script>alert(1)</script>"
PAYLOADS = [
    MARKER, '"><img src=x onerror=alert(1)>', "'; DROP TABLE inwoner; --", "1 OR 1=1", "\x00", "a\x00b",
    "\x1b[31m", "\u202eevil", "\ufeff", "𝕳𝖊𝖑𝖑𝖔 🙂", "ẞ", "Ω" * 5000, "x" * 100_000, "\r\n\r\n", "%00", "{{ 7*7 }}",
    "${jndi:ldap://x}", "../../etc/passwd", "0x41", "-1", "99999999999999999999", "1e309", "NaN", "   ",
    "2026-02-30", "31-12-2026", "",
]
hostile = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=300),
                    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=40),
                    st.binary(max_size=64).map(lambda b: b.decode("latin-1")))

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture
def world(app, make_user, gemeenten):
    make_user("consulent", Role.CONSULENT)
    with app.app_context():
        seed_catalogus()
        c = user("consulent")
        inw = make_inwoner(c, gemeenten["9991"])
        hv = make_hulpvraag(c, inw, today() - timedelta(days=5))
        hv_ops.start_onderzoek(c, hv, today() - timedelta(days=4))
        hv_ops.save_onderzoek(c, hv, {"behoeften": "Hulp", "conclusie": "Aanvraag"}, None)
        hv_ops.complete_onderzoek(c, hv, today() - timedelta(days=2))
        hv_ops.send_verslag(c, hv, today() - timedelta(days=1))
        hv_ops.record_aanvraag(c, hv, today())
        db.session.commit()
        ids = {"gemeente_id": gemeenten["9991"], "inwoner_id": inw.id, "hulpvraag_id": hv.id}
    b = Browser(app.test_client())
    assert b.login("consulent").status_code == 302
    ids["browser"] = b
    ids["token"] = b.token("/inwoners/nieuw")
    return ids


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _post(app, b: Browser, url: str, data: dict, model) -> None:
    with app.app_context():
        before = _count(model)
    resp = b.client.post(url, data=data)
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, body[:300]
    assert MARKER not in body and "<img src=x" not in body
    with app.app_context():
        after = _count(model)
        if resp.status_code == 302:
            assert after == before + 1
        else:
            assert after == before, f"partial write on {resp.status_code}"
        db.session.remove()


def _mutate(data: dict, fields: list[str], draw) -> dict:
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=len(fields), unique=True))
    for f in chosen:
        data[f] = draw(hostile)
    return data


@FUZZ
@given(st.data())
def test_inwoner_form(app, world, data):
    form = {"csrf_token": world["token"], "bsn": next_bsn(), "gemeente_id": str(world["gemeente_id"]),
            "voornamen": "Fatima", "tussenvoegsel": "", "achternaam": "Bakker", "geboortedatum": "1948-05-17",
            "geslacht": "V", "straat": "Kerkstraat", "huisnummer": "12", "huisnummer_toevoeging": "a",
            "postcode": "1234ab", "woonplaats": "Voorbeeld", "wijk_id": "", "telefoon": "0612345678", "email": ""}
    _mutate(form, [k for k in form if k not in {"csrf_token", "bsn"}], data.draw)
    _post(app, world["browser"], "/inwoners/nieuw", form, Inwoner)


@FUZZ
@given(st.data())
def test_hulpvraag_form(app, world, data):
    form = {"csrf_token": world["token"], "melddatum": today().isoformat(), "kanaal": "loket", "melder": "inwoner",
            "melder_naam": "", "verwijzer_code": "", "huisarts_id": "", "wetten": "WMO", "omschrijving": "Hulp",
            "consulent_id": ""}
    _mutate(form, [k for k in form if k != "csrf_token"], data.draw)
    _post(app, world["browser"], f"/hulpvragen/nieuw/{world['inwoner_id']}", form, Hulpvraag)


@FUZZ
@given(st.data())
def test_gesprek_form(app, world, data):
    form = {"csrf_token": world["token"], "datum": today().isoformat(), "locatie": "thuis",
            "deelnemers": "De inwoner", "notities": "Goed gesprek", "zrm_financien": "3", "afscherming_reden": ""}
    _mutate(form, [k for k in form if k != "csrf_token"], data.draw)
    _post(app, world["browser"], f"/hulpvragen/{world['hulpvraag_id']}/gesprek", form, Gesprek)


@FUZZ
@given(st.data())
def test_indicatie_form(app, world, data):
    with app.app_context():
        from tests.intake_helpers import aanbieder, product

        pid, aid = str(product("01A01").id), str(aanbieder("Thuiszorg De Linde").id)
    form = {"csrf_token": world["token"], "product_id": pid, "volume": "3", "frequentie": "2",
            "ingangsdatum": today().isoformat(), "einddatum": (today() + timedelta(days=60)).isoformat(),
            "leveringsvorm": "ZIN", "aanbieder_id": aid, "pgb_budget": "", "pgb_motivering": "",
            "doelen": "Schoon huis", "resultaat": "", "afwijking_reden": "", "maatwerk_omschrijving": "",
            "maatwerk_wet": "", "maatwerk_budget": "", "maatwerk_rechtvaardiging": ""}
    _mutate(form, [k for k in form if k != "csrf_token"], data.draw)
    _post(app, world["browser"], f"/indicaties/nieuw/{world['hulpvraag_id']}", form, Indicatie)


@FUZZ
@given(username=hostile, password=hostile)
def test_login_form(app, world, username, password):
    b = Browser(app.test_client())
    token = csrf_token_from(b.get("/inloggen").get_data(as_text=True))
    resp = b.client.post("/inloggen", data={"csrf_token": token, "username": username, "password": password})
    body = resp.get_data(as_text=True)
    assert resp.status_code in {200, 400, 413, 422}, body[:300]
    assert MARKER not in body


@FUZZ
@given(st.data())
def test_search_form(app, world, data):
    form = {"csrf_token": world["token"], "bsn": "", "achternaam": "Jansen", "geboortedatum": "1950-03-01",
            "postcode": "", "huisnummer": ""}
    _mutate(form, [k for k in form if k != "csrf_token"], data.draw)
    resp = world["browser"].client.post("/inwoners/zoeken", data=form)
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, body[:300]
    assert MARKER not in body


def test_chain_intact_after_fuzzing(app, world):
    """A failed write never leaves half an audit trail behind (checked once after a burst)."""
    b = world["browser"]
    for payload in PAYLOADS:
        b.client.post("/inwoners/nieuw", data={"csrf_token": world["token"], "voornamen": payload,
                                               "achternaam": payload, "bsn": payload})
    with app.app_context():
        assert verify_chain() is None


def test_control_characters_and_oversized_bodies_are_refused(app, world):
    b = world["browser"]
    resp = b.client.post("/inwoners/nieuw", data={"csrf_token": world["token"], "voornamen": "Jan\x00",
                                                  "achternaam": "Jansen", "bsn": next_bsn()})
    assert resp.status_code == 400 and "stuurtekens" in resp.get_data(as_text=True)
    resp = b.client.post("/inwoners/nieuw", data={"csrf_token": world["token"], "notitie": "x" * (3 * 1024 * 1024)})
    assert resp.status_code == 413
    with app.app_context():
        assert _count(Inwoner) == 1
