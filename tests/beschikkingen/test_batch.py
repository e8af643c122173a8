"""Issuing a day's ready beschikkingen in one batch: parallel rendering, one failure loses nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.beschikkingen.test_beschikkingen import MOTIVERING, _case
from tests.conftest import Browser
from tests.intake_helpers import make_indicatie, user
from toegang.accounts.roles import Role
from toegang.beschikkingen import batch
from toegang.beschikkingen import operations as ops
from toegang.beschikkingen.models import Beschikking, BeschikkingSoort, BeschikkingStatus
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.inwoners.operations import today


@pytest.fixture
def concepts(app, make_user, gemeenten):
    make_user("consulent", Role.CONSULENT)
    with app.app_context():
        seed_catalogus()
        ids = []
        for _ in range(5):
            hv = _case(gemeenten["9991"])
            ind = make_indicatie(user("consulent"), hv)
            b = ops.create_concept(user("consulent"), hv, ops.Concept(BeschikkingSoort.TOEKENNING, [ind.id],
                                                                      MOTIVERING))
            ids.append(b.id)
        db.session.commit()
        return ids


def test_one_failing_letter_loses_nothing_of_the_others(app, concepts, monkeypatch):
    real = batch.render_beschikking

    def flaky(b, concept):
        if b.id == concepts[2]:
            raise RuntimeError("lettertype niet gevonden")
        return real(b, concept=concept)

    monkeypatch.setattr(batch, "render_beschikking", flaky)
    with app.app_context():
        result = batch.issue_ready(user("consulent"), today(), workers=1)
        assert result.total == 5 and len(result.issued) == 4
        assert result.failed == [(concepts[2], "Opmaken mislukt: lettertype niet gevonden")]
        rows = {b.id: b for b in db.session.scalars(sa.select(Beschikking))}
        assert rows[concepts[2]].status is BeschikkingStatus.CONCEPT and rows[concepts[2]].kenmerk is None
        issued = [rows[i] for i in concepts if i != concepts[2]]
        assert all(b.status is BeschikkingStatus.VASTGELEGD and b.pdf and b.sha256 for b in issued)
        assert len({b.kenmerk for b in issued}) == 4  # unique; the failed one leaves a gap


def test_letter_that_became_unissuable_is_skipped(app, concepts):
    with app.app_context():
        b = db.session.get(Beschikking, concepts[1])
        ops.vastleggen(user("consulent"), b, today(), None)  # issued by hand first
        db.session.commit()
        result = batch.issue_ready(user("consulent"), today(), workers=1)
        assert result.total == 4 and len(result.issued) == 4  # the hand-issued one is no longer ready


def test_parallel_rendering_over_a_process_pool(app, concepts):
    with app.app_context():
        result = batch.issue_ready(user("consulent"), today(), workers=2)
        assert len(result.issued) == 5 and not result.failed
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Beschikking).where(
            Beschikking.status == BeschikkingStatus.VASTGELEGD)) == 5


def test_batch_from_the_ui_shows_progress_and_result(app, concepts):
    app.config["BATCH_IN_REQUEST"] = True
    try:
        web = Browser(app.test_client())
        web.login("consulent")
        page = web.get("/beschikkingen/batch").get_data(as_text=True)
        assert "<strong>5</strong> beschikkingen staan" in page
        resp = web.post("/beschikkingen/batch", {"verzenddatum": (today() - timedelta(days=1)).isoformat()})
        assert "verleden" in resp.get_data(as_text=True)
        resp = web.post("/beschikkingen/batch", {"verzenddatum": today().isoformat()})
        assert resp.status_code == 302
        status = web.get(resp.headers["Location"]).get_data(as_text=True)
        assert "Klaar." in status and "5 van de 5" in status
    finally:
        app.config["BATCH_IN_REQUEST"] = False


def test_cli_batch(app, concepts):
    result = app.test_cli_runner().invoke(args=["issue-beschikkingen", "--gebruiker", "consulent", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "5 van de 5 beschikkingen vastgelegd" in result.output
