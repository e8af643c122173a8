"""A small history dataset whose indicators are computed by hand in the tests."""

from __future__ import annotations

from pathlib import Path

from toegang.monitoring.importer import DECLARATIE_COLUMNS, INDICATIE_COLUMNS

#: indicatie_ref, client_ref, geboortedatum, geslacht, wijk, wet, productcategorie, productcode,
#: leveringsvorm, aanbieder, verwijzer, melddatum, aanvraagdatum, beschikkingsdatum, ingangsdatum,
#: einddatum, volume, eenheid, frequentie, kosten_toegekend, reden_beeindiging
INDICATIES = [
    # c1 (74 on 31-3-2025): open-ended HbH since December 2024, €3.650 a year
    ["I1", "c1", "1950-06-01", "V", "CEN", "WMO", "01", "01A01", "ZIN", "75750001", "02", "2024-11-01",
     "2024-11-10", "2024-11-20", "2024-12-01", "", "3", "04", "2", "3650,00", ""],
    # c2 (10): jeugdhulp 1-2 to 15-3-2025, ended volgens plan; €730 for 43 days
    ["I2", "c2", "2015-01-15", "M", "NRD", "JW", "45", "45A48", "ZIN", "Jeugdzorg Horizon", "03", "2025-01-02",
     "2025-01-05", "2025-02-04", "2025-02-01", "2025-03-15", "2", "04", "2", "730.00", "19"],
    # c1 again: a participation pgb for the whole of 2025 (€3.650), so c1 has two laws at once
    ["I3", "c1", "1950-06-01", "V", "CEN", "PW", "02", "PW002", "PGB", "", "", "2024-12-01", "2024-12-10",
     "2024-12-31", "2025-01-01", "2025-12-31", "", "", "", "3650", ""],
    # c3 (85): HbH 15-2 to 30-6-2025, €1.000 over 136 days; decided 21 days after the aanvraag (late)
    ["I4", "c3", "1940-01-01", "X", "CEN", "WMO", "01", "01A01", "ZIN", "thuiszorg de linde", "", "2025-01-10",
     "2025-01-20", "2025-02-10", "2025-02-15", "2025-06-30", "2", "04", "2", "1000,00", ""],
    # c4 (14): 2023-2024 only, €730 over 731 days
    ["I5", "c4", "2010-05-05", "", "ZUI", "JW", "45", "45A48", "ZIN", "75750004", "", "2022-12-01", "2022-12-05",
     "2022-12-20", "2023-01-01", "2024-12-31", "", "", "", "730,00", "21"],
    # c5 (45): beschermd wonen since 2020, open-ended, €120.000 a year
    ["I6", "c5", "1980-01-01", "", "NRD", "WMO", "15", "15A01", "ZIN", "Stichting Beschermd Thuis", "01",
     "2019-11-01", "2019-12-01", "2019-12-15", "2020-01-01", "", "1", "14", "1", "120000,00", ""],
]

DECLARATIES = [
    ["I1", "2024-12-01", "2025-01-31", "620,00"],   # 62 days, €10 a day: 31 days in 2025-K1
    ["I3", "2025-03-15", "2025-04-13", "300.00"],   # 30 days: 17 in K1, 13 in K2
    ["I2", "2025-02-01", "2025-03-15", "430,00"],   # 43 days, all in K1
]


def write_csv(path: Path, columns: list[str], rows: list[list[str]], sep: str = ";") -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def dataset(tmp_path: Path, sep: str = ";") -> tuple[Path, Path]:
    return (write_csv(tmp_path / "indicaties.csv", INDICATIE_COLUMNS, INDICATIES, sep),
            write_csv(tmp_path / "declaraties.csv", DECLARATIE_COLUMNS, DECLARATIES, sep))


def import_dataset(tmp_path: Path, gemeente_code: str = "9991") -> None:
    import sqlalchemy as sa

    from toegang.catalogus.seed import seed_catalogus
    from toegang.extensions import db
    from toegang.gemeenten.models import Gemeente
    from toegang.monitoring.importer import import_history

    seed_catalogus()
    gemeente = db.session.scalar(sa.select(Gemeente).where(Gemeente.code == gemeente_code))
    ind, dec = dataset(tmp_path)
    import_history(gemeente, ind, dec)
    db.session.commit()


def generated_rows(wmo: int = 37, jeugd: int = 3) -> list[list[str]]:
    """``wmo`` Wmo clients with HbH for all of 2025 (€1.200 each) and ``jeugd`` youth clients."""
    rows = []
    for i in range(wmo):
        rows.append([f"G{i}", f"w{i}", "1950-01-01", "", "CEN", "WMO", "01", "01A01", "ZIN", "75750001", "02",
                     "2024-11-01", "2024-11-15", "2024-12-01", "2025-01-01", "2025-12-31", "", "", "", "1200,00", ""])
    for i in range(jeugd):
        rows.append([f"J{i}", f"j{i}", "2015-01-01", "", "NRD", "JW", "45", "45A48", "ZIN", "75750004", "03",
                     "2024-11-01", "2024-11-15", "2024-12-01", "2025-01-01", "2025-12-31", "", "", "", "1200,00", ""])
    return rows
