"""The indicatie form over HTTP: what a consultant types becomes a concept, and bad input is explained in
Dutch on the form with everything typed kept and nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.intake_helpers import ensure_afweging, make_hulpvraag, make_indicatie, make_inwoner, user
from toegang.accounts.roles import Role
from toegang.catalogus.models import Aanbieder, Product
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag
from toegang.indicaties.models import Indicatie, IndicatieStatus, Leveringsvorm
from toegang.inwoners.operations import today


@pytest.fixture
def case(app, make_user, gemeenten) -> dict[str, int]:
    make_user("consulent", Role.CONSULENT)
    with app.app_context():
        seed_catalogus()
        actor = user("consulent")
        inw = make_inwoner(actor, gemeenten["9991"])
        hv = make_hulpvraag(actor, inw, today() - timedelta(days=60))
        hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=59))
        hv_ops.record_aanvraag(actor, hv, today() - timedelta(days=1))
        ensure_afweging(actor, hv, "01A01")
        product = db.session.scalar(sa.select(Product).where(Product.productcode == "01A01"))
        aanbieder = db.session.scalar(sa.select(Aanbieder).where(Aanbieder.naam == "Thuiszorg De Linde"))
        db.session.commit()
        return {"hv": hv.id, "product": product.id, "aanbieder": aanbieder.id}


def _form(case: dict[str, int], **overrides: str) -> dict[str, str]:
    data = {
        "product_id": str(case["product"]), "volume": "3", "frequentie": "2",
        "ingangsdatum": today().isoformat(), "einddatum": (today() + timedelta(days=180)).isoformat(),
        "leveringsvorm": "ZIN", "aanbieder_id": str(case["aanbieder"]),
        "doelen": "Een schoon en leefbaar huis.", "resultaat": "", "afwijking_reden": "",
    }
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Indicatie))


def test_consulent_creates_a_concept_through_the_form(app, web, case):
    web.login("consulent")
    url = f"/indicaties/nieuw/{case['hv']}"
    resp = web.post(url, _form(case))
    assert resp.status_code == 302
    with app.app_context():
        ind = db.session.scalar(sa.select(Indicatie))
        assert ind.status is IndicatieStatus.CONCEPT
        assert ind.product_id == case["product"] and ind.aanbieder_id == case["aanbieder"]
        assert str(ind.volume) in ("3", "3.00") and ind.frequentie == "2"
        assert ind.kosten_totaal_cents > 0
    page = web.get(resp.headers["Location"]).get_data(as_text=True)
    assert "De indicatie is opgeslagen als concept." in page


def test_pgb_budget_in_dutch_notation(app, web, case):
    web.login("consulent")
    resp = web.post(f"/indicaties/nieuw/{case['hv']}", _form(
        case, leveringsvorm="PGB", aanbieder_id="", pgb_budget="€ 1.250,50",
        pgb_motivering="De inwoner wil de hulp zelf regelen met een vaste bekende hulp."))
    assert resp.status_code == 302
    with app.app_context():
        ind = db.session.scalar(sa.select(Indicatie))
        assert ind.leveringsvorm is Leveringsvorm.PGB and ind.pgb_budget_cents == 125050


@pytest.mark.parametrize(("overrides", "message"), [
    ({"leveringsvorm": "PGB", "aanbieder_id": "", "pgb_budget": "twaalfhonderd",
      "pgb_motivering": "Eigen regie."}, "Vul een bedrag in euro&#39;s in, bijvoorbeeld 1250,00."),
    ({"einddatum": "31-02-2027"}, "datum"),
    ({"doelen": ""}, "Beschrijf de doelen van de ondersteuning."),
])
def test_bad_input_is_explained_and_nothing_is_lost_or_written(app, web, case, overrides, message):
    web.login("consulent")
    resp = web.post(f"/indicaties/nieuw/{case['hv']}", _form(case, resultaat="Zelf de was doen.", **overrides))
    html = resp.get_data(as_text=True)
    assert resp.status_code in (200, 409, 422)
    assert message in html
    assert "Zelf de was doen." in html  # what was typed is still there
    with app.app_context():
        assert _count() == 0


def test_case_page_statements_do_not_grow_with_its_indicaties(app, web, case):
    """The case page lists its indicaties with product and aanbieder: a fixed number of statements,
    however many there are (each indicatie's tarieven, frequencies, case and aanbieder's assortment
    once loaded one statement each)."""
    from tests.hulpvragen.test_hulpvragen import count_queries

    web.login("consulent")
    with app.app_context():
        make_indicatie(user("consulent"), db.session.get(Hulpvraag, case["hv"]))
        db.session.commit()
    web.get(f"/hulpvragen/{case['hv']}")  # warm: the code lists are cached per process
    with count_queries(app) as one:
        assert web.get(f"/hulpvragen/{case['hv']}").status_code == 200
    with app.app_context():
        hv = db.session.get(Hulpvraag, case["hv"])
        for code in ("01A01", "01A02", "03A01"):
            make_indicatie(user("consulent"), hv, code)
        db.session.commit()
    with count_queries(app) as four:
        html = web.get(f"/hulpvragen/{case['hv']}").get_data(as_text=True)
    assert html.count("/indicaties/") >= 4
    assert four["n"] == one["n"] <= 14, (one, four)
