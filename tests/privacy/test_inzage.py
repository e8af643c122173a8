"""Inzage: the privacy officer gets the resident's file and exactly the audit events naming them;
afgeschermde parts stay out of the export with the ground stated."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from tests.conftest import Browser
from tests.intake_helpers import user
from tests.privacy.helpers import GEHEIM, full_case
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.inwoners.models import Inwoner
from toegang.privacy import inzage


@pytest.fixture
def cases(app, make_user, gemeenten):
    make_user("consulent", Role.CONSULENT)
    make_user("fg", Role.AUDITOR)
    make_user("fg-zv", Role.AUDITOR, codes=("9992",))
    with app.app_context():
        seed_catalogus()
        c = user("consulent")
        mine = full_case(c, gemeenten["9991"], afgeschermd=True)
        other = full_case(c, gemeenten["9991"])
        db.session.commit()
    # The other resident is looked at too, so the log has events that must not show up.
    b = Browser(app.test_client())
    b.login("consulent")
    assert b.get(f"/inwoners/{other['inwoner_id']}").status_code == 200
    assert b.get(f"/inwoners/{mine['inwoner_id']}").status_code == 200
    return mine, other


def _seqs(html: str) -> set[int]:
    return {int(s) for s in re.findall(r'data-seq="(\d+)"', html)}


def test_report_lists_exactly_the_residents_audit_events(app, cases):
    mine, other = cases
    with app.app_context():
        expected = set(db.session.scalars(sa.select(AuditEvent.seq).where(
            AuditEvent.inwoner_id == mine["inwoner_id"])))
        others = set(db.session.scalars(sa.select(AuditEvent.seq).where(
            AuditEvent.inwoner_id == other["inwoner_id"])))
        assert expected and others
        result = inzage.build(user("fg"), mine["inwoner_id"])
        assert {e.seq for e in result.events} == expected
        db.session.commit()
    b = Browser(app.test_client())
    b.login("fg")
    html = b.get(f"/privacy/inzage/{mine['inwoner_id']}").get_data(as_text=True)
    with app.app_context():
        now_expected = set(db.session.scalars(sa.select(AuditEvent.seq).where(
            AuditEvent.inwoner_id == mine["inwoner_id"], AuditEvent.action != "inzage_inwoner")))
    assert _seqs(html) - _inzage_seqs(app, mine["inwoner_id"]) == now_expected
    assert not _seqs(html) & others
    # The officer sees the afgeschermde note and its reason; it is marked as staying out.
    assert f"{GEHEIM} in het gesprek" in html and "Veilig Thuis-melding van een buurvrouw" in html
    assert "komt niet in de export" in html
    # The afwegingskader path is part of the file: the outcome and the consultant's reasons per step.
    assert "Afweging" in html and "Maatwerkvoorziening" in html
    assert "Eigen kracht en gebruikelijke hulp: niet toereikend" in html
    assert "Mevrouw kan na haar operatie niet bukken of tillen" in html


def _inzage_seqs(app, inwoner_id: int) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(sa.select(AuditEvent.seq).where(
            AuditEvent.inwoner_id == inwoner_id, AuditEvent.action == "inzage_inwoner")))


def test_export_withholds_afgeschermde_parts_and_says_why(app, cases):
    mine, _ = cases
    b = Browser(app.test_client())
    b.login("fg")
    resp = b.get(f"/privacy/inzage/{mine['inwoner_id']}/inzage.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(resp.data)).pages)
    assert "Geertje Bakker" in text and f"{GEHEIM} over de hulpvraag" in text
    assert f"{GEHEIM} in het gesprek" not in text and "Veilig Thuis" not in text
    assert "niet opgenomen" in text and "artikel 23" in text
    assert "dossier bekeken" in text  # the access history
    assert "Mevrouw kan na haar operatie niet bukken of tillen" in text  # the afweging's reasons
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "inzage_inwoner")).one()
        assert event.details["export"] is True and event.details["afgeschermd"] == 1


def test_search_by_bsn_posts_and_scope_is_enforced(app, cases):
    mine, _ = cases
    with app.app_context():
        bsn = db.session.get(Inwoner, mine["inwoner_id"]).bsn
    b = Browser(app.test_client())
    b.login("fg")
    resp = b.post("/privacy/inzage", {"bsn": bsn})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/privacy/inzage/{mine['inwoner_id']}")
    assert bsn not in resp.headers["Location"]
    resp = b.post("/privacy/inzage", {"bsn": "123"})
    assert resp.status_code == 422 and "BSN" in resp.get_data(as_text=True)
    # A privacy officer of another gemeente cannot see this resident.
    zv = Browser(app.test_client())
    zv.login("fg-zv")
    assert zv.get(f"/privacy/inzage/{mine['inwoner_id']}").status_code == 404
    assert zv.post("/privacy/inzage", {"bsn": bsn}).status_code == 404
    with app.app_context():
        searched = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "inzage_zoeken")).all()
        assert searched and all(bsn not in str(e.details) for e in searched)
