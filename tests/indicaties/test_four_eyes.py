"""Four eyes that cannot be bypassed: roles, self-approval, editors, voiding, races, double submits —
through the service layer, the database and HTTP. Every refusal leaves a refused audit event."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.conftest import Browser
from tests.intake_helpers import make_hulpvraag, make_indicatie, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent, AuditResult
from toegang.catalogus.seed import seed_catalogus
from toegang.errors import DomainError, Refused
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.indicaties import operations as ops
from toegang.indicaties.models import Indicatie, IndicatieReview, IndicatieStatus, Leveringsvorm, ReviewActie
from toegang.inwoners.operations import today

ST = IndicatieStatus


@pytest.fixture
def team(app, make_user):
    make_user("consulent", Role.CONSULENT)
    make_user("tl1", Role.TEAMLEIDER, Role.CONSULENT)  # a teamleider who also works as consulent
    make_user("tl2", Role.TEAMLEIDER)
    make_user("tl3", Role.TEAMLEIDER)
    with app.app_context():
        seed_catalogus()
        db.session.commit()


def _case(gemeente_id: int, *, geboren: date = date(1950, 1, 1), wetten=("WMO",), spoed=False) -> int:
    actor = user("consulent")
    inw = make_inwoner(actor, gemeente_id, geboortedatum=geboren)
    hv = make_hulpvraag(actor, inw, today() - timedelta(days=60), wetten=wetten, spoed=spoed)
    hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
    hv_ops.record_aanvraag(actor, hv, today() - timedelta(days=1))
    return hv.id


def _high_impact(gemeente_id: int, author: str = "consulent") -> int:
    """Beschermd wonen every day for a year: verblijf, and over € 50.000 per 12 months."""
    hid = _case(gemeente_id)
    from toegang.hulpvragen.models import Hulpvraag

    hv = db.session.get(Hulpvraag, hid)
    ind = make_indicatie(user(author), hv, "15A01", "Stichting Beschermd Thuis", volume="1", frequentie="1",
                         ingangsdatum=today(), einddatum=today() + timedelta(days=364))
    db.session.commit()
    return ind.id


def _ind(iid: int) -> Indicatie:
    db.session.expire_all()
    return db.session.get(Indicatie, iid)


def _refusals(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action,
                                                                AuditEvent.result == AuditResult.REFUSED)))


def test_high_impact_explains_itself(app, app_ctx, team, gemeenten):
    ind = _ind(_high_impact(gemeenten["9991"]))
    assert ind.hoog_impact
    assert any("Verblijf of 24-uurszorg (productcategorie 15)" in r for r in ind.impact_redenen)
    assert any("per 12 maanden" in r for r in ind.impact_redenen)
    assert ind.kosten_12m_cents == 365 * 15200 or ind.kosten_12m_cents > 5_000_000


def test_low_impact_goes_straight_to_beschikking(app, app_ctx, team, gemeenten):
    from toegang.hulpvragen.models import Hulpvraag

    hv = db.session.get(Hulpvraag, _case(gemeenten["9991"]))
    ind = make_indicatie(user("consulent"), hv)  # HbH 3 uur per week, 12 weeks: € 1.170
    assert not ind.hoog_impact and ind.impact_redenen == []
    assert ind.kosten_totaal_cents == 12 * 3 * 3250 or ind.kosten_totaal_cents > 0
    assert ops.beschikbaar_voor_beschikking(ind) == []
    with pytest.raises(DomainError, match="direct worden beschikt"):
        ops.submit(user("consulent"), ind, ind.version)


def test_submit_approve_happy_path(app, app_ctx, team, gemeenten):
    ind = _ind(_high_impact(gemeenten["9991"]))
    assert ops.beschikbaar_voor_beschikking(ind)  # not yet approved
    ops.submit(user("consulent"), ind, ind.version)
    assert ind.status is ST.TER_BEOORDELING
    assert [i.id for i in ops.review_queue(user("tl2"))] == [ind.id]
    ops.approve(user("tl2"), ind, ind.version)
    db.session.commit()
    ind = _ind(ind.id)
    assert ind.status is ST.GOEDGEKEURD and ind.approved_by_id == user("tl2").id
    assert ind.approval_hash == ops.snapshot_hash(ind)
    assert ops.beschikbaar_voor_beschikking(ind) == []
    assert [r.actie for r in ind.reviews] == [ReviewActie.INGEDIEND, ReviewActie.GOEDGEKEURD]


def test_self_approval_refused_even_as_teamleider(app, app_ctx, team, gemeenten):
    iid = _high_impact(gemeenten["9991"], author="tl1")
    ind = _ind(iid)
    ops.submit(user("tl1"), ind, ind.version)
    db.session.commit()
    with pytest.raises(Refused) as exc:
        ops.approve(user("tl1"), _ind(iid), _ind(iid).version)
    assert exc.value.status == 403 and "andere teamleider" in exc.value.message
    db.session.rollback()
    assert _ind(iid).status is ST.TER_BEOORDELING


def test_editor_refused(app, app_ctx, team, gemeenten):
    iid = _high_impact(gemeenten["9991"])
    ind = _ind(iid)
    # tl1 (also a consulent) changes the proposal, then the author submits it …
    v = ops.Voorstel(product_id=ind.product_id, volume=Decimal("1"), frequentie="1", ingangsdatum=ind.ingangsdatum,
                     einddatum=ind.einddatum - timedelta(days=1), leveringsvorm=Leveringsvorm.ZIN,
                     aanbieder_id=ind.aanbieder_id, doelen="Veilig wonen")
    ops.update(user("tl1"), ind, v, ind.version)
    ops.submit(user("consulent"), ind, ind.version)
    db.session.commit()
    # … so tl1 may not approve it.
    with pytest.raises(Refused, match="gewijzigd"):
        ops.approve(user("tl1"), _ind(iid), _ind(iid).version)
    db.session.rollback()
    ops.approve(user("tl2"), _ind(iid), _ind(iid).version)


def test_consulent_and_other_gemeente_refused(app, app_ctx, team, make_user, gemeenten):
    make_user("tl-zv", Role.TEAMLEIDER, codes=("9992",))
    ind = _ind(_high_impact(gemeenten["9991"]))
    ops.submit(user("consulent"), ind, ind.version)
    db.session.commit()
    with pytest.raises(Refused) as exc:
        ops.approve(user("consulent"), ind, ind.version)
    assert exc.value.status == 403
    with pytest.raises(Refused) as exc:
        ops.approve(user("tl-zv"), ind, ind.version)
    assert exc.value.status == 404


def test_database_refuses_approval_by_submitter(app, app_ctx, team, gemeenten):
    """Even a direct UPDATE that skips the operations cannot store a self-approval."""
    ind = _ind(_high_impact(gemeenten["9991"]))
    ops.submit(user("consulent"), ind, ind.version)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.update(Indicatie).where(Indicatie.id == ind.id).values(
            status=ST.GOEDGEKEURD, approved_by_id=ind.submitted_by_id, approved_at=ind.submitted_at,
            approval_hash="x" * 64))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(sa.exc.IntegrityError):  # approved without approver
        db.session.execute(sa.update(Indicatie).where(Indicatie.id == ind.id).values(status=ST.GOEDGEKEURD))
        db.session.flush()


def test_edit_voids_approval(app, app_ctx, team, gemeenten):
    iid = _high_impact(gemeenten["9991"])
    ind = _ind(iid)
    ops.submit(user("consulent"), ind, ind.version)
    ops.approve(user("tl2"), ind, ind.version)
    db.session.commit()
    ind = _ind(iid)
    v = ops.Voorstel(product_id=ind.product_id, volume=Decimal("1"), frequentie="1", ingangsdatum=ind.ingangsdatum,
                     einddatum=ind.einddatum + timedelta(days=30), leveringsvorm=Leveringsvorm.ZIN,
                     aanbieder_id=ind.aanbieder_id, doelen=ind.doelen)
    ops.update(user("consulent"), ind, v, ind.version)
    db.session.commit()
    ind = _ind(iid)
    assert ind.status is ST.CONCEPT and ind.approved_by_id is None and ind.approval_hash is None
    assert ind.reviews[-1].actie is ReviewActie.VERVALLEN
    assert ops.beschikbaar_voor_beschikking(ind)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "void_approval")) == 1


def test_tampered_snapshot_blocks_beschikking(app, app_ctx, team, gemeenten):
    """If the data changes behind the operations' back, the approval no longer covers it."""
    ind = _ind(_high_impact(gemeenten["9991"]))
    ops.submit(user("consulent"), ind, ind.version)
    ops.approve(user("tl2"), ind, ind.version)
    db.session.commit()
    db.session.execute(sa.update(Indicatie).where(Indicatie.id == ind.id).values(volume=Decimal("2")))
    db.session.commit()
    assert "hoort niet bij de huidige gegevens" in " ".join(ops.beschikbaar_voor_beschikking(_ind(ind.id)))


def test_stale_version_and_double_approval_refused(app, app_ctx, team, gemeenten):
    iid = _high_impact(gemeenten["9991"])
    ind = _ind(iid)
    ops.submit(user("consulent"), ind, ind.version)
    db.session.commit()
    seen = _ind(iid).version
    ops.approve(user("tl2"), _ind(iid), seen)
    db.session.commit()
    with pytest.raises(Refused) as exc:  # the same form again, or a second teamleider a moment later
        ops.approve(user("tl3"), _ind(iid), seen)
    assert exc.value.status == 409 and "al goedgekeurd" in exc.value.message
    db.session.rollback()
    approvals = db.session.scalar(sa.select(sa.func.count()).select_from(IndicatieReview).where(
        IndicatieReview.indicatie_id == iid, IndicatieReview.actie == ReviewActie.GOEDGEKEURD))
    assert approvals == 1


def test_return_requires_reason_then_resubmit_and_approve(app, app_ctx, team, gemeenten):
    iid = _high_impact(gemeenten["9991"])
    ind = _ind(iid)
    ops.submit(user("consulent"), ind, ind.version)
    with pytest.raises(DomainError, match="reden"):
        ops.return_to_consultant(user("tl2"), ind, ind.version, "  ")
    ops.return_to_consultant(user("tl2"), ind, ind.version, "Kies eerst een lichtere vorm van wonen.")
    db.session.commit()
    ind = _ind(iid)
    assert ind.status is ST.TERUGGESTUURD
    ops.submit(user("consulent"), ind, ind.version)
    ops.approve(user("tl3"), ind, ind.version)
    db.session.commit()
    assert [r.actie for r in _ind(iid).reviews] == [ReviewActie.INGEDIEND, ReviewActie.TERUGGESTUURD,
                                                    ReviewActie.INGEDIEND, ReviewActie.GOEDGEKEURD]


def _race(app, iid: int, version: int, reviewers: list[str]) -> list[str]:
    """Reviewers approve the same version at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []

    def approve(name: str) -> None:
        with app.app_context():
            actor = user(name)
            ind = db.session.get(Indicatie, iid)
            db.session.commit()  # end the read: on SQLite every transaction holds the write lock
            barrier.wait(timeout=20)
            try:
                ops.approve(actor, ind, version)
                db.session.commit()
                outcomes.append("ok")
            except Refused:
                db.session.rollback()
                outcomes.append("refused")
            except Exception as exc:  # a lock timeout would also be a refusal, not a second approval
                db.session.rollback()
                outcomes.append(f"error:{type(exc).__name__}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(n,)) for n in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_concurrent_approvals_exactly_one_wins(app, team, gemeenten):
    with app.app_context():
        iid = _high_impact(gemeenten["9991"])
        ind = _ind(iid)
        ops.submit(user("consulent"), ind, ind.version)
        db.session.commit()
        version = _ind(iid).version
    outcomes = _race(app, iid, version, ["tl2", "tl3"])
    assert sorted(outcomes)[0] == "ok" and outcomes.count("ok") == 1, outcomes
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IndicatieReview).where(
            IndicatieReview.indicatie_id == iid, IndicatieReview.actie == ReviewActie.GOEDGEKEURD)) == 1


# ------------------------------------------------------------------ HTTP

def _token(b: Browser, url: str, prefix: str) -> tuple[str, str]:
    from tests.intake_helpers import field_token

    return field_token(b.get(url).get_data(as_text=True), prefix)


def _version_on(b: Browser, url: str, prefix: str) -> str:
    import re

    html = b.get(url).get_data(as_text=True)
    return re.search(rf'id="{prefix}-version" name="{prefix}-version" type="hidden" value="(\d+)"', html).group(1)


def test_http_review_flow_and_refusals(app, team, gemeenten):
    with app.app_context():
        iid = _high_impact(gemeenten["9991"])
    url = f"/indicaties/{iid}"
    c = Browser(app.test_client())
    c.login("consulent")
    page = c.get(url).get_data(as_text=True)
    assert "grote gevolgen" in page and "productcategorie 15" in page
    name, token = _token(c, url, "indienen")
    resp = c.client.post(f"{url}/indienen", data={name: token, "indienen-version": _version_on(c, url, "indienen")})
    assert resp.status_code == 302
    # The consulent posting straight to the approve URL is refused (and audited).
    resp = c.client.post(f"{url}/goedkeuren", data={"csrf_token": c.token("/"), "goedkeuren-version": "1"})
    assert resp.status_code == 403
    t2 = Browser(app.test_client())
    t2.login("tl2")
    assert "Beoordelen <span class=\"badge\">1</span>" in t2.get("/").get_data(as_text=True)
    queue = t2.get("/indicaties/beoordelen").get_data(as_text=True)
    assert f"/indicaties/{iid}" in queue
    # Returning without a reason keeps the teamleider on the page with a Dutch error.
    name, token = _token(t2, url, "terugsturen")
    version = _version_on(t2, url, "terugsturen")
    resp = t2.client.post(f"{url}/terugsturen", data={name: token, "terugsturen-version": version,
                                                      "terugsturen-reden": ""})
    assert resp.status_code == 422 and "Geef een reden" in resp.get_data(as_text=True)
    name, token = _token(t2, url, "goedkeuren")
    version = _version_on(t2, url, "goedkeuren")
    first = t2.client.post(f"{url}/goedkeuren", data={name: token, "goedkeuren-version": version})
    second = t2.client.post(f"{url}/goedkeuren", data={name: token, "goedkeuren-version": version})
    assert first.status_code == 302
    assert second.status_code == 409 and "al goedgekeurd" in second.get_data(as_text=True)
    with app.app_context():
        assert _ind(iid).status is ST.GOEDGEKEURD
        assert len(_refusals("approve_indicatie")) == 1
        assert len(_refusals("view:indicaties.approve")) == 1


def test_http_author_sees_no_approve_button_and_is_refused(app, team, gemeenten):
    with app.app_context():
        iid = _high_impact(gemeenten["9991"], author="tl1")
        ind = _ind(iid)
        ops.submit(user("tl1"), ind, ind.version)
        db.session.commit()
    b = Browser(app.test_client())
    b.login("tl1")
    url = f"/indicaties/{iid}"
    page = b.get(url).get_data(as_text=True)
    assert "zelf voorgesteld, ingediend of gewijzigd" in page and ">Goedkeuren</button>" not in page
    resp = b.client.post(f"{url}/goedkeuren", data={"csrf_token": b.token("/"), "goedkeuren-version": "3"})
    assert resp.status_code == 403
    with app.app_context():
        assert _ind(iid).status is ST.TER_BEOORDELING
        assert _refusals("approve_indicatie")[0].reason == "eigen indicatie"


# ------------------------------------------------------------------ spoed and policy versions

def test_spoed_indicatie_is_reviewed_afterwards(app, app_ctx, team, gemeenten):
    from toegang.hulpvragen.models import Hulpvraag

    hv = db.session.get(Hulpvraag, _case(gemeenten["9991"], spoed=True))
    long = make_indicatie(user("consulent"), hv, "15A01", "Stichting Beschermd Thuis", volume="1", frequentie="1",
                          ingangsdatum=today(), einddatum=today() + timedelta(days=40))
    with pytest.raises(DomainError, match="vier weken"):
        ops.mark_spoed(user("consulent"), long, long.version)
    short = make_indicatie(user("consulent"), hv, "15A01", "Stichting Beschermd Thuis", volume="1", frequentie="1",
                           ingangsdatum=today(), einddatum=today() + timedelta(days=27),
                           afwijking_reden="Direct veilig onderdak nodig.")
    assert short.hoog_impact
    ops.mark_spoed(user("consulent"), short, short.version)
    assert ops.beschikbaar_voor_beschikking(short) == []
    assert short.id in [i.id for i in ops.review_queue(user("tl2"))]
    ops.review_spoed(user("tl2"), short, True, "")
    with pytest.raises(Refused):
        ops.review_spoed(user("tl3"), short, True, "")


def test_policy_version_is_pinned(app, team, gemeenten):
    with app.app_context():
        iid = _high_impact(gemeenten["9991"])
        first_policy = _ind(iid).impact_beleid_id
    b = Browser(app.test_client())
    from tests.conftest import PASSWORD
    from toegang.accounts.roles import Role as R
    with app.app_context():
        from toegang.accounts.operations import create_user

        create_user(None, username="fb", full_name="Fb", email="", password=PASSWORD,
                    roles=[R.FUNCTIONEEL_BEHEERDER], gemeente_ids=[gemeenten["9991"]], via_cli=True)
        db.session.commit()
    b.login("fb")
    resp = b.post("/indicaties/impactbeleid/nieuw", {
        "ingangsdatum": today().isoformat(), "kosten_drempel": "60000", "pgb_drempel": "25000",
        "crisis_max_dagen": "92", "verblijf_wmo": "04, 15", "verblijf_jeugd": "43, 44", "lokale_contractering": "y",
        "afwijking_kader": "y", "jeugd_18_plus": "y", "toelichting": "Drempel omhoog"})
    assert resp.status_code == 302
    with app.app_context():
        assert _ind(iid).impact_beleid_id == first_policy  # decided under the old version, unchanged
        new_ind = _ind(_high_impact(gemeenten["9991"]))
        assert new_ind.impact_beleid_id != first_policy
        assert not any("per 12 maanden" in r for r in new_ind.impact_redenen)  # 55k < new 60k threshold
    consulent = Browser(app.test_client())
    consulent.login("consulent")
    assert consulent.get("/indicaties/impactbeleid/nieuw").status_code == 403
