"""The beleidsmedewerker's dashboard: numbers through disclosure control, nothing that shows a
person, only the user's own gemeenten; and refused on every person page."""

from __future__ import annotations

import re

import pytest

from tests.monitoring.helpers import dataset, generated_rows, write_csv
from tests.test_access_matrix import MATRIX
from toegang.extensions import db
from toegang.monitoring.importer import INDICATIE_COLUMNS

PERSON_PAGES = sorted(e for e, (_, url, _) in MATRIX.items()
                      if e.split(".")[0] in {"inwoners", "hulpvragen", "indicaties", "beschikkingen"})


def _import(app, tmp_path, rows=None):
    from toegang.catalogus.seed import seed_catalogus
    from toegang.gemeenten.models import Gemeente
    from toegang.monitoring.importer import import_history

    with app.app_context():
        seed_catalogus()
        gemeente = db.session.query(Gemeente).filter_by(code="9991").one()
        if rows is None:
            ind, dec = dataset(tmp_path)
        else:
            ind, dec = write_csv(tmp_path / "gen.csv", INDICATIE_COLUMNS, rows), None
        import_history(gemeente, ind, dec)
        db.session.commit()


def test_dashboard_shows_the_four_indicators_without_persons(app, as_role, tmp_path):
    _import(app, tmp_path)
    b = as_role("beleid")
    resp = b.get("/monitoring/?soort=jaar&periode=2025-01-01")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    for title in ("Bereik", "Beschikbaarheid", "Kwaliteit", "Budget"):
        assert f"<h3>{title}</h3>" in html
    assert "<svg" in html and "geheim" in html
    # Five clients: every number is secret; no client reference, birth date or person link appears.
    # (Random tokens — CSRF values, CSP nonces — are left out: they may contain "I1" by chance.)
    visible = re.sub(r'(value|nonce|content)="[^"]*"', "", html)
    for needle in ("c1", "1950-06-01", "/inwoners/", "/hulpvragen/", "I1"):
        assert needle not in visible


def test_dashboard_numbers_obey_the_disclosure_rule(app, as_role, tmp_path):
    _import(app, tmp_path, generated_rows(37, 3))
    b = as_role("beleid")
    html = b.get("/monitoring/?soort=jaar&periode=2025-01-01").get_data(as_text=True)
    kern = re.search(r'<p class="kern__waarde">(.*?)<span', html).group(1).strip()
    assert kern == "40"  # 40 clients on the peildatum
    table = html[html.index('id="tabel-bereik_per_wet"'):html.index('id="tabel-bereik_per_productcategorie"')]
    assert table.count("geheim") >= 2  # JW (3) and, complementary, Wmo (37)


def test_dashboard_filters_and_csv_download(app, as_role, tmp_path):
    _import(app, tmp_path, generated_rows(37, 3))
    b = as_role("beleid")
    assert b.get("/monitoring/?soort=jaar&periode=2025-01-01&wet=WMO&wijk=CEN").status_code == 200
    resp = b.get("/monitoring/download.csv?soort=jaar&periode=2025-01-01&tabel=bereik")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "Totaal;40;" in resp.get_data(as_text=True)
    full = b.get("/monitoring/download.csv?soort=jaar&periode=2025-01-01&tabel=alles").get_data(as_text=True)
    assert full.startswith("gemeente;periode;van;tot;tabel")
    assert b.get("/monitoring/download.csv?tabel=bestaat-niet").status_code == 404


def test_other_gemeente_is_out_of_reach(as_role):
    b = as_role("beleid")  # works for 9991 only
    assert b.get("/monitoring/?gemeente=9992").status_code == 404
    assert b.get("/monitoring/download.csv?gemeente=9992&tabel=bereik").status_code == 404


@pytest.mark.parametrize("endpoint", PERSON_PAGES)
def test_beleidsmedewerker_is_refused_on_every_person_page(as_role, target_ids, endpoint):
    method, url, allowed = MATRIX[endpoint]
    assert "beleid" not in allowed
    b = as_role("beleid")
    url = url.format(**target_ids)
    resp = b.get(url) if method == "GET" else b.client.post(url, data={"csrf_token": b.token("/")})
    assert resp.status_code == 403, f"{endpoint}: {resp.status_code}"


@pytest.fixture
def target_ids(app, make_user, gemeenten):
    from tests.test_access_matrix import target_ids as matrix_target_ids

    return matrix_target_ids.__wrapped__(app, make_user, gemeenten)


def test_native_cases_count_on_the_dashboard(app, as_role, target_ids):
    """The matrix fixture's native indicatie is beschikt today: it counts in bereik (still secret)."""
    from datetime import date

    import sqlalchemy as sa

    from toegang.monitoring import queries as q
    from toegang.monitoring.report import containing

    with app.app_context():
        p = containing(date.today(), "kwartaal")
        assert q.bereik(q.Bron((target_ids["gemeente_id"],)), p, None)[None].instroom == 1
        assert q.beschikkingen_per_soort(q.Bron((target_ids["gemeente_id"],)), p) == {"toekenning": 1}
        assert db.session.scalar(sa.text("SELECT 1")) == 1
    assert as_role("beleid").get("/monitoring/").status_code == 200
