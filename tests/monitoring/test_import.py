"""flask import-history: validation with line numbers, all-or-nothing, idempotence, read-only."""

from __future__ import annotations

import sqlalchemy as sa

from tests.monitoring.helpers import DECLARATIES, INDICATIES, dataset, write_csv
from toegang.extensions import db
from toegang.monitoring.importer import DECLARATIE_COLUMNS, INDICATIE_COLUMNS
from toegang.monitoring.models import HistorieClient, HistorieDeclaratie, HistorieImport, HistorieIndicatie


def _run(app, *args):
    from toegang.catalogus.seed import seed_catalogus

    with app.app_context():
        seed_catalogus()
        db.session.commit()
    return app.test_cli_runner().invoke(args=["import-history", "--gemeente", "9991", *args])


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(t))
                     for t in (HistorieIndicatie, HistorieDeclaratie, HistorieClient))


def _with(row_index: int, column: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in INDICATIES]
    rows[row_index][INDICATIE_COLUMNS.index(column)] = value
    return rows


def test_import_semicolon_and_comma_files(app, tmp_path):
    ind, dec = dataset(tmp_path)
    result = _run(app, "--indicaties", str(ind), "--declaraties", str(dec))
    assert result.exit_code == 0, result.output
    assert "Indicaties: 6 nieuw" in result.output and "Declaraties: 3 nieuw" in result.output
    assert _counts(app) == (6, 3, 5)
    comma = tmp_path / "comma"
    comma.mkdir()
    ind2, _ = dataset(comma, sep=",")
    result = _run(app, "--indicaties", str(ind2))
    assert result.exit_code == 0, result.output  # same rows with ',' — recognised, nothing doubled
    assert "Indicaties: 0 nieuw, 6 al aanwezig" in result.output
    assert _counts(app) == (6, 3, 5)


def test_importing_twice_duplicates_nothing(app, tmp_path):
    ind, dec = dataset(tmp_path)
    assert _run(app, "--indicaties", str(ind), "--declaraties", str(dec)).exit_code == 0
    result = _run(app, "--indicaties", str(ind), "--declaraties", str(dec))
    assert result.exit_code == 0, result.output
    assert "0 nieuw, 6 al aanwezig" in result.output and "Declaraties: 0 nieuw, 3 al aanwezig" in result.output
    assert _counts(app) == (6, 3, 5)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(HistorieImport)) == 2


def test_bad_code_bad_date_unknown_reference_report_line_and_import_nothing(app, tmp_path):
    rows = [list(r) for r in INDICATIES]
    rows[0][INDICATIE_COLUMNS.index("wet")] = "WLZ"              # line 2: bad code
    rows[1][INDICATIE_COLUMNS.index("ingangsdatum")] = "2025-02-30"  # line 3: bad date
    rows[2][INDICATIE_COLUMNS.index("wijk")] = "XYZ"             # line 4: unknown wijk
    rows[3][INDICATIE_COLUMNS.index("aanbieder")] = "Onbekende BV"  # line 5: unknown aanbieder
    rows[4][INDICATIE_COLUMNS.index("productcategorie")] = "99"  # line 6: not a Jeugd category
    rows[5][INDICATIE_COLUMNS.index("kosten_toegekend")] = "veel"  # line 7: not an amount
    ind = write_csv(tmp_path / "ind.csv", INDICATIE_COLUMNS, rows)
    dec = write_csv(tmp_path / "dec.csv", DECLARATIE_COLUMNS, [["ONBEKEND", "2025-01-01", "2025-01-31", "10,00"]])
    result = _run(app, "--indicaties", str(ind), "--declaraties", str(dec))
    assert result.exit_code == 1
    out = result.output
    assert "ind.csv regel 2: wet 'WLZ' is geen WMO, JW of PW" in out
    assert "ind.csv regel 3: ingangsdatum '2025-02-30' is geen geldige datum" in out
    assert "ind.csv regel 4: onbekende wijk 'XYZ'" in out
    assert "ind.csv regel 5: onbekende aanbieder 'Onbekende BV'" in out
    assert "ind.csv regel 6: productcategorie '99' is geen geldige code" in out
    assert "ind.csv regel 7: kosten_toegekend 'veel' is geen bedrag" in out
    assert "dec.csv regel 2: onbekende indicatie_ref 'ONBEKEND'" in out
    assert "er is niets geïmporteerd" in out
    assert _counts(app) == (0, 0, 0)


def test_skip_invalid_imports_valid_rows_and_writes_a_report(app, tmp_path):
    ind = write_csv(tmp_path / "ind.csv", INDICATIE_COLUMNS, _with(0, "leveringsvorm", "XXX"))
    dec = write_csv(tmp_path / "dec.csv", DECLARATIE_COLUMNS, DECLARATIES)
    report = tmp_path / "verslag.csv"
    result = _run(app, "--indicaties", str(ind), "--declaraties", str(dec), "--skip-invalid", "--report", str(report))
    assert result.exit_code == 0, result.output
    # I1 is invalid, so its declaratie refers to an unknown indicatie as well.
    assert _counts(app) == (5, 2, 5)
    text = report.read_text(encoding="utf-8")
    assert "ind.csv;2;leveringsvorm 'XXX' is geen ZIN of PGB" in text
    assert "dec.csv;2;onbekende indicatie_ref 'I1'" in text


def test_duplicate_rows_in_a_file_and_changed_history_are_refused(app, tmp_path):
    ind = write_csv(tmp_path / "ind.csv", INDICATIE_COLUMNS, [*INDICATIES, INDICATIES[0]])
    result = _run(app, "--indicaties", str(ind))
    assert result.exit_code == 1 and "regel 8: indicatie_ref 'I1' staat meer dan eens in het bestand" in result.output
    ok = write_csv(tmp_path / "ok.csv", INDICATIE_COLUMNS, INDICATIES)
    assert _run(app, "--indicaties", str(ok)).exit_code == 0
    changed = write_csv(tmp_path / "changed.csv", INDICATIE_COLUMNS, _with(0, "kosten_toegekend", "9999,00"))
    result = _run(app, "--indicaties", str(changed))
    assert result.exit_code == 1 and "al geïmporteerd met andere gegevens" in result.output
    with app.app_context():
        kosten = db.session.scalar(sa.select(HistorieIndicatie.kosten_toegekend_cents).where(
            HistorieIndicatie.indicatie_ref == "I1"))
        assert kosten == 365000  # read-only: unchanged


def test_missing_column_and_reden_without_einddatum(app, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicatie_ref;client_ref\nX;Y\n", encoding="utf-8")
    result = _run(app, "--indicaties", str(bad))
    assert result.exit_code == 1 and "regel 1: kolom(men) ontbreken: geboortedatum" in result.output
    ind = write_csv(tmp_path / "ind.csv", INDICATIE_COLUMNS, _with(0, "reden_beeindiging", "19"))
    result = _run(app, "--indicaties", str(ind))
    assert "regel 2: reden_beeindiging zonder einddatum" in result.output


def test_import_is_audited_without_personal_data(app, tmp_path):
    from toegang.audit.models import AuditEvent

    ind, dec = dataset(tmp_path)
    assert _run(app, "--indicaties", str(ind), "--declaraties", str(dec)).exit_code == 0
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "import_history")).one()
        assert event.details["indicaties_nieuw"] == 6 and "c1" not in str(event.details)
