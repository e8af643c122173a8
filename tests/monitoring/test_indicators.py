"""Each indicator on a small dataset, with the answer worked out by hand in the test."""

from __future__ import annotations

from datetime import date

import pytest

from tests.monitoring.helpers import import_dataset
from toegang.monitoring import queries as q

K1 = q.Periode(date(2025, 1, 1), date(2025, 3, 31))  # 90 days
K2 = q.Periode(date(2025, 4, 1), date(2025, 6, 30))


@pytest.fixture
def bron(app_ctx, tmp_path, gemeenten):
    import_dataset(tmp_path)
    return q.Bron((gemeenten["9991"],))


def test_bereik_stand_instroom_uitstroom(bron):
    # Active on 31-3: c1 (I1, I3), c3 (I4), c5 (I6). Started in K1: I2 c2, I3 c1, I4 c3. Ended: I2 c2.
    assert q.bereik(bron, K1, None)[None] == q.Bereik(stand=3, instroom=3, uitstroom=1)


def test_bereik_per_wet_and_leeftijdsklasse(bron):
    per_wet = q.bereik(bron, K1, "wet")
    assert per_wet["WMO"] == q.Bereik(3, 1, 0)  # c1 (I1), c3, c5 on 31-3; only I4 started
    assert per_wet["JW"] == q.Bereik(0, 1, 1)
    assert per_wet["PW"] == q.Bereik(1, 1, 0)
    per_age = q.bereik(bron, K1, "leeftijdsklasse")
    assert per_age == {"volw_65_74": q.Bereik(1, 1, 0), "volw_75_plus": q.Bereik(1, 1, 0),
                       "volw_18_64": q.Bereik(1, 0, 0), "jeugd_4_11": q.Bereik(0, 1, 1)}


def test_bereik_other_dimensions(bron):
    assert q.bereik(bron, K1, "leveringsvorm") == {"ZIN": q.Bereik(3, 2, 1), "PGB": q.Bereik(1, 1, 0)}
    assert q.bereik(bron, K1, "productcategorie")["WMO-01"] == q.Bereik(2, 1, 0)  # c1 (I1), c3 (I4)
    per_wijk = q.bereik(bron, K1, "wijk")
    # CEN: c1 and c3 (both started something in K1); NRD: c5 on 31-3 and c2 started.
    assert sorted((v.stand, v.instroom) for v in per_wijk.values()) == [(1, 1), (2, 2)]
    per_aanbieder = q.bereik(bron, K1, "aanbieder")
    assert per_aanbieder[None] == q.Bereik(1, 1, 0)  # the pgb has no aanbieder


def test_doorlooptijd_aanvraag_beschikking_median_p90_and_late(bron):
    # Decided in K1: I2 after 30 days (JW, term 56), I4 after 21 days (Wmo, term 14: late).
    d = q.doorlooptijd_beschikking(bron, K1)
    assert d[None].n == 2 and d[None].mediaan == pytest.approx(25.5)
    assert d[None].p90 == pytest.approx(21 + 0.9 * (30 - 21))
    assert d[None].te_laat == 1
    assert (d["WMO"].n, d["WMO"].mediaan, d["WMO"].te_laat) == (1, 21, 1)
    assert (d["JW"].mediaan, d["JW"].te_laat) == (30, 0)


def test_beeindiging_verwijzingen_beschikkingen(bron):
    assert q.beeindigingen(bron, K1) == {"volgens_plan": 1}
    assert q.verwijzingen(bron, K1) == {"03": 1, "geen": 1}
    assert q.beschikkingen_per_soort(bron, K1) == {"toekenning": 2}


def test_expected_costs_pro_rata(bron):
    # Yearly cost × days in K1 / 365. I2: 73000 cents over 43 days → per year round(73000·365/43).
    i2_year = round(73000 * 365 / 43)
    i4_year = round(100000 * 365 / 136)
    i1, i2, i3 = 365000 * 90 / 365, i2_year * 43 / 365, 365000 * 90 / 365
    i4, i6 = i4_year * 45 / 365, 12_000_000 * 90 / 365
    total = q.kosten_verwacht(bron, K1, None)[None]
    assert total.cents == pytest.approx(i1 + i2 + i3 + i4 + i6)
    assert total.clients == 4 and total.max_client_cents == pytest.approx(i6)
    per_wet = q.kosten_verwacht(bron, K1, "wet")
    assert per_wet["WMO"].cents == pytest.approx(i1 + i4 + i6) and per_wet["WMO"].clients == 3
    assert per_wet["PW"].cents == pytest.approx(i3)


def test_realised_costs_are_spread_pro_rata_by_days(bron):
    k1 = q.kosten_gerealiseerd(bron, K1, None)[None]
    # I1: 31 of 62 days of €620; I3: 17 of 30 days of €300; I2: all of €430.
    assert k1.cents == pytest.approx(31000 + 17000 + 43000)
    assert k1.clients == 2 and k1.max_client_cents == pytest.approx(48000)  # c1: 31000 + 17000
    k2 = q.kosten_gerealiseerd(bron, K2, None)[None]
    assert k2.cents == pytest.approx(13000)  # the other 13 days of I3
    assert q.kosten_gerealiseerd(bron, K1, "wet")["JW"].cents == pytest.approx(43000)
    assert q.kosten_gerealiseerd(bron, K1, "productcategorie")["PW-02"].cents == pytest.approx(17000)


def test_uitnutting(bron):
    # Clients with an imported indicatie in K1: c1, c2, c3, c5; paid in K1: c1, c2.
    assert q.uitnutting(bron, K1)[None] == (2, 4)
    assert q.uitnutting(bron, K1)["JW"] == (1, 1)


def test_high_cost_tail(bron):
    hk = q.hoge_kosten(bron, date(2025, 3, 31))
    assert (hk.clients, hk.boven_50k, hk.boven_100k) == (5, 1, 1)  # c5: €120.000 a year
    assert hk.top10_cents == pytest.approx(hk.totaal_cents)  # fewer than ten clients: all of it


def test_cohorts(bron):
    coh = q.cohorten(bron, 2016, 2025)
    assert {k: v for k, v in coh.items() if k[0] == 2020} == {(2020, y): 1 for y in range(2020, 2026)}
    assert (coh[(2023, 2023)], coh[(2023, 2024)], coh[(2023, 2025)]) == (1, 1, 0)
    assert (coh[(2024, 2024)], coh[(2024, 2025)]) == (1, 1)  # c1 started December 2024
    assert coh[(2025, 2025)] == 2  # c2, c3


def test_stapeling(bron):
    # On 31-3-2025: c1 has I1 (Wmo) and I3 (PW); c3 and c5 one each.
    assert q.stapeling(bron, date(2025, 3, 31)) == q.Stapeling(clients=3, meerdere=1, meerdere_wetten=1)


def test_filters_by_wet_and_wijk(bron, gemeenten):
    from toegang.catalogus.models import Wijk
    from toegang.extensions import db

    cen = db.session.query(Wijk).filter_by(gemeente_id=gemeenten["9991"], code="CEN").one()
    assert q.bereik(q.Bron(bron.gemeente_ids, wet="WMO"), K1, None)[None] == q.Bereik(3, 1, 0)
    assert q.bereik(q.Bron(bron.gemeente_ids, wijk_id=cen.id), K1, None)[None] == q.Bereik(2, 2, 0)


def test_other_gemeente_sees_nothing(bron, gemeenten):
    assert q.bereik(q.Bron((gemeenten["9992"],)), K1, None)[None] == q.Bereik(0, 0, 0)


def test_onderzoek_late_against_the_cases_own_deadline(app_ctx, make_user, gemeenten):
    """"Past the legal term" uses the case's effective deadline (the werkvoorraad's rules): an
    opschorting moves it, so of two onderzoeken finished on the same day after 46 days only the one
    without opschorting is late (six weeks = 42 days)."""
    from datetime import timedelta

    from tests.intake_helpers import make_hulpvraag, make_inwoner, user
    from toegang.accounts.roles import Role
    from toegang.extensions import db
    from toegang.hulpvragen import operations as hv_ops

    make_user("consulent", Role.CONSULENT)
    c = user("consulent")
    meld = date(2025, 2, 3)  # a Monday; six weeks later is Monday 17 March, no Atw shift
    gereed = meld + timedelta(days=46)
    cases = {}
    for naam, opschorting in (("met", True), ("zonder", False)):
        hv = make_hulpvraag(c, make_inwoner(c, gemeenten["9991"], achternaam=naam), meld)
        hv_ops.start_onderzoek(c, hv, meld + timedelta(days=1))
        if opschorting:
            hv_ops.add_opschorting(c, hv, meld + timedelta(days=7), meld + timedelta(days=16), "Huisartsgegevens")
        hv.onderzoek.behoeften, hv.onderzoek.conclusie = "Hulp in het huishouden", "Maatwerk nodig"
        hv_ops.complete_onderzoek(c, hv, gereed)
        cases[naam] = hv
    db.session.commit()
    assert cases["zonder"].onderzoek_uiterlijk == meld + timedelta(days=42)
    assert cases["met"].onderzoek_uiterlijk > gereed
    d = q.doorlooptijd_onderzoek(q.Bron((gemeenten["9991"],)), q.Periode(date(2025, 3, 1), date(2025, 3, 31)))
    assert (d[None].n, d[None].te_laat) == (2, 1)
    assert d[None].mediaan == 46
    # A case from before the deadline was stored falls back to the bare six weeks: late too …
    cases["met"].onderzoek_uiterlijk = None
    db.session.commit()
    d = q.doorlooptijd_onderzoek(q.Bron((gemeenten["9991"],)), q.Periode(date(2025, 3, 1), date(2025, 3, 31)))
    assert d[None].te_laat == 2
    # … until `flask refresh-termijnen` fills in the stored deadlines after an upgrade.
    from flask import current_app

    result = current_app.test_cli_runner().invoke(args=["refresh-termijnen"])
    assert result.exit_code == 0 and "2 hulpvragen" in result.output
    db.session.expire_all()
    d = q.doorlooptijd_onderzoek(q.Bron((gemeenten["9991"],)), q.Periode(date(2025, 3, 1), date(2025, 3, 31)))
    assert d[None].te_laat == 1
