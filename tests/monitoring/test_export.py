"""flask export-monitoring: the documented schema, metadata, and numbers through disclosure control."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from tests.monitoring.helpers import dataset, generated_rows, write_csv
from toegang.extensions import db
from toegang.monitoring.importer import INDICATIE_COLUMNS

OPEN_RULES = {"MONITORING_AFRONDING": 1, "MONITORING_GEHEIM_TOT_EN_MET": -1, "MONITORING_BEDRAG_MIN_CLIENTEN": 0,
              "MONITORING_BEDRAG_MAX_AANDEEL": 1.0, "MONITORING_MIN_NOEMER": 1}


def _import(app, path, dec=None):
    from toegang.catalogus.seed import seed_catalogus

    with app.app_context():
        seed_catalogus()
        db.session.commit()
    args = ["import-history", "--gemeente", "9991", "--indicaties", str(path)]
    if dec:
        args += ["--declaraties", str(dec)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output


def _export(app, out, *extra, period="quarter", fmt="json"):
    result = app.test_cli_runner().invoke(args=[
        "export-monitoring", "--from", "2025-01-01", "--to", "2025-12-31", "--period", period, "--format", fmt,
        "--out", str(out), "--gemeente", "9991", *extra])
    assert result.exit_code == 0, result.output
    return result


def _cells(doc):
    for periode in doc["perioden"]:
        for t in periode["tabellen"]:
            kinds = {k["id"]: k["soort"] for k in t["kolommen"]}
            for row in [*t["rijen"], *([t["totaal"]] if t["totaal"] else [])]:
                for kol, cell in row["waarden"].items():
                    yield t["id"], row["sleutel"], kol, kinds[kol], cell


def test_json_export_schema_and_metadata(app, tmp_path):
    ind, dec = dataset(tmp_path)
    _import(app, ind, dec)
    _export(app, tmp_path / "out")
    doc = json.loads((tmp_path / "out" / "monitoring-9991-kwartaal-2025-01-01-2025-12-31.json").read_text("utf-8"))
    meta = doc["metadata"]
    assert meta["schema_versie"] == "1.0"
    assert meta["gemeente"] == {"code": "9991", "naam": "Gemeente Voorbeeld"}
    assert meta["periode"]["perioden"] == ["2025-K1", "2025-K2", "2025-K3", "2025-K4"]
    assert meta["onthullingscontrole"]["aantallen_afgerond_op"] == 5
    assert meta["onthullingscontrole"]["geheim_van_0_tot_en_met"] == 7
    assert meta["bronnen"]["historie_imports"][0]["bestand"] == "indicaties.csv"
    assert "gegenereerd_op" in meta
    periode = doc["perioden"][0]
    assert set(periode) == {"periode", "van", "tot", "peildatum", "richting", "tabellen"}
    ids = {t["id"] for t in periode["tabellen"]}
    assert {"bereik", "bereik_per_wet", "bereik_per_leeftijdsklasse", "bereik_per_wijk", "bereik_per_aanbieder",
            "verwijzingen", "verwijzingen_huisarts", "doorlooptijd_onderzoek", "doorlooptijd_beschikking",
            "tevredenheid", "beeindiging", "beeindiging_per_aanbieder", "beschikkingen", "afsluitredenen",
            "zonder_maatwerk", "kosten_verwacht", "kosten_gerealiseerd_per_wet", "uitnutting", "hoge_kosten",
            "stapeling", "cohorten"} <= ids
    for r in periode["richting"]:
        assert set(r) == {"id", "titel", "soort", "waarde", "vorige", "verschil", "richting"}
        assert r["richting"] in (None, "op", "neer", "gelijk")
    for _tid, _row, _kol, soort, cell in _cells(doc):
        assert set(cell) <= {"waarde", "geheim", "reden"}
        if cell["geheim"]:
            assert cell["waarde"] is None and cell["reden"]
        elif soort == "aantal":
            assert cell["waarde"] % 5 == 0 and not 1 <= cell["waarde"] <= 7


def test_small_dataset_is_all_secret_under_the_cbs_rule(app, tmp_path):
    ind, dec = dataset(tmp_path)
    _import(app, ind, dec)
    _export(app, tmp_path / "out")
    doc = json.loads(next((tmp_path / "out").glob("*.json")).read_text("utf-8"))
    published = [(t, s, k, c["waarde"]) for t, s, k, soort, c in _cells(doc)
                 if not c["geheim"] and soort in ("aantal", "bedrag", "dagen", "cijfer", "percentage") and k != "doel"]
    assert published == []  # five clients: nothing may leave the app


def test_export_of_imported_history_matches_hand_computed_totals(app, tmp_path, monkeypatch):
    for key, value in OPEN_RULES.items():
        monkeypatch.setitem(app.config, key, value)
    ind, dec = dataset(tmp_path)
    _import(app, ind, dec)
    _export(app, tmp_path / "out")
    doc = json.loads(next((tmp_path / "out").glob("*.json")).read_text("utf-8"))
    k1 = {t["id"]: t for t in doc["perioden"][0]["tabellen"]}
    tot = k1["bereik"]["totaal"]["waarden"]
    assert (tot["stand"]["waarde"], tot["instroom"]["waarde"], tot["uitstroom"]["waarde"]) == (3, 3, 1)
    assert k1["kosten_gerealiseerd"]["totaal"]["waarden"]["bedrag"]["waarde"] == 910  # €310 + €170 + €430
    assert k1["uitnutting"]["totaal"]["waarden"]["uitnutting"]["waarde"] == 50.0  # 2 of 4 clients
    k2 = {t["id"]: t for t in doc["perioden"][1]["tabellen"]}
    assert k2["kosten_gerealiseerd"]["totaal"]["waarden"]["bedrag"]["waarde"] == 130  # the rest of I3's €300
    assert k1["doorlooptijd_beschikking"]["totaal"]["waarden"]["mediaan"]["waarde"] == 25.5
    richting = {r["id"]: r for r in doc["perioden"][1]["richting"]}
    assert richting["bereik_stand"]["waarde"]["waarde"] == 3  # on 30-6: c1 (I1, I3), c3 (I4), c5
    assert richting["bereik_stand"]["richting"] == "gelijk" and richting["bereik_stand"]["verschil"] == 0


def test_complementary_suppression_in_the_report(app, tmp_path):
    _import(app, write_csv(tmp_path / "gen.csv", INDICATIE_COLUMNS, generated_rows(37, 3)))
    _export(app, tmp_path / "out", period="year")
    doc = json.loads(next((tmp_path / "out").glob("*.json")).read_text("utf-8"))
    tables = {t["id"]: t for t in doc["perioden"][0]["tabellen"]}
    per_wet = {r["sleutel"]: r["waarden"]["stand"] for r in tables["bereik_per_wet"]["rijen"]}
    assert per_wet["JW"] == {"waarde": None, "geheim": True, "reden": "klein_aantal"}
    # 37 Wmo clients would give the 3 away by subtraction from the total of 40: suppressed as well.
    assert per_wet["WMO"] == {"waarde": None, "geheim": True, "reden": "complementair"}
    assert tables["bereik_per_wet"]["totaal"]["waarden"]["stand"] == {"waarde": 40, "geheim": False}
    # 40 clients of €1.200 each: the amount may be published (no client above 30%).
    assert tables["kosten_verwacht"]["totaal"]["waarden"]["bedrag"] == {"waarde": 48000, "geheim": False}
    per_wet_cost = {r["sleutel"]: r["waarden"]["bedrag"] for r in tables["kosten_verwacht_per_wet"]["rijen"]}
    assert per_wet_cost["JW"]["reden"] == "te_weinig_clienten" and per_wet_cost["WMO"]["waarde"] == 44400


def test_csv_export_with_metadata(app, tmp_path):
    _import(app, write_csv(tmp_path / "gen.csv", INDICATIE_COLUMNS, generated_rows(37, 3)))
    _export(app, tmp_path / "out", period="half-year", fmt="csv")
    data = (tmp_path / "out" / "monitoring-9991-halfjaar-2025-01-01-2025-12-31.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert list(rows[0]) == ["gemeente", "periode", "van", "tot", "tabel", "indicator", "dimensie", "sleutel",
                             "label", "kolom", "soort", "waarde", "geheim", "reden"]
    stand = next(r for r in rows if r["periode"] == "2025-H1" and r["tabel"] == "bereik" and r["kolom"] == "stand")
    assert (stand["waarde"], stand["geheim"]) == ("40", "nee")
    secret = next(r for r in rows if r["tabel"] == "bereik_per_wet" and r["sleutel"] == "JW" and r["kolom"] == "stand")
    assert (secret["waarde"], secret["geheim"], secret["reden"]) == ("", "ja", "klein_aantal")
    meta = json.loads((tmp_path / "out" / "monitoring-9991-halfjaar-2025-01-01-2025-12-31.metadata.json")
                      .read_text("utf-8"))
    assert meta["periode"]["perioden"] == ["2025-H1", "2025-H2"] and "csv_kolommen" in meta


def test_export_is_audited_and_rejects_bad_arguments(app, tmp_path):
    from toegang.audit.models import AuditEvent

    _export(app, tmp_path / "out", period="month")
    assert len(list((tmp_path / "out").glob("*.json"))) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "export_monitoring")) == 1
    result = app.test_cli_runner().invoke(args=["export-monitoring", "--from", "2025-12-31", "--to", "2025-01-01",
                                                "--out", str(tmp_path / "x")])
    assert result.exit_code != 0


@pytest.mark.parametrize("soort,labels", [("maand", 12), ("kwartaal", 4), ("halfjaar", 2), ("jaar", 1)])
def test_periods(soort, labels):
    from datetime import date

    from toegang.monitoring.report import periods, previous

    ps = periods(date(2025, 1, 1), date(2025, 12, 31), soort)
    assert len(ps) == labels and ps[-1].end == date(2025, 12, 31)
    assert previous(ps[0]).end == date(2024, 12, 31)
