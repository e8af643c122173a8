"""Benchmark: a full yearly monitoring export over 1,000,000 imported indicaties and their
declaraties, on PostgreSQL (floor 5 s) and SQLite (floor 15 s), beside one hand-written GROUP BY
over the same data.

    .venv/bin/python bench/bench_monitoring.py [--rows 1000000] [--only sqlite|postgresql]

Data is generated deterministically and bulk-loaded (COPY on PostgreSQL, executemany in one
transaction on SQLite) into a private database that is removed afterwards. PostgreSQL comes from
BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FLOORS = {"postgresql": 5.0, "sqlite": 15.0}
START = date(2016, 1, 1)
SPAN_DAYS = (date(2025, 12, 31) - START).days
YEAR = (date(2025, 1, 1), date(2025, 12, 31))

WMO = [("01", "01A01"), ("02", "02A16"), ("03", "03A01"), ("07", "07A05"), ("15", "15A01"), ("12", "12A01")]
JW = [("45", "45A48"), ("43", "43A01"), ("35", "35A01"), ("54", "54A01"), ("41", "41A01")]
PW = [("02", "PW002")]
REDENEN = ["19", "19", "19", "21", "22", "23", "", "", "31", "02"]
VERWIJZERS = ["", "", "01", "02", "02", "03", "04", "06"]


def generate(n: int, gemeente_id: int, wijk_ids: list[int], aanbieder_ids: list[int]):
    """Yield (clients, indicaties, declaraties) rows as tuples, deterministic."""
    rnd = random.Random(20261123)
    n_clients = max(1, n // 4)
    clients = [(i + 1, gemeente_id, f"oud-{i + 1:08d}") for i in range(n_clients)]
    birth = [START - timedelta(days=rnd.randint(0, 95 * 365)) for _ in range(n_clients)]
    wijk = [rnd.choice(wijk_ids) for _ in range(n_clients)]
    indicaties, declaraties = [], []
    for i in range(n):
        c = rnd.randrange(n_clients)
        wet = rnd.choices(["WMO", "JW", "PW"], weights=[6, 3, 1])[0]
        cat, code = rnd.choice(WMO if wet == "WMO" else JW if wet == "JW" else PW)
        start = START + timedelta(days=rnd.randint(0, SPAN_DAYS))
        open_ended = rnd.random() < 0.03
        days = rnd.randint(30, 730)
        end = None if open_ended else start + timedelta(days=days - 1)
        pgb = rnd.random() < 0.12
        kosten = rnd.randint(20_000, 2_500_000) * (30 if rnd.random() < 0.002 else 1)
        k12 = kosten if end is None else round(kosten * 365 / days)
        melding = start - timedelta(days=rnd.randint(20, 120))
        aanvraag = melding + timedelta(days=rnd.randint(0, 42))
        besluit = aanvraag + timedelta(days=rnd.randint(1, 70))
        reden = rnd.choice(REDENEN) if end is not None else ""
        indicaties.append((
            i + 1, gemeente_id, 1, f"ref-{i + 1:08d}", c + 1, birth[c], None, wijk[c], wet, cat, code,
            "PGB" if pgb else "ZIN", None if pgb else rnd.choice(aanbieder_ids), rnd.choice(VERWIJZERS) or None,
            melding, aanvraag, besluit, start, end, None, None, None, kosten, k12, reden or None))
        if rnd.random() < 0.85:  # uitnutting about 85%
            d_end = (end or start + timedelta(days=364))
            declaraties.append((len(declaraties) + 1, gemeente_id, 1, i + 1, start, d_end,
                                round(kosten * rnd.uniform(0.6, 1.0))))
    return clients, indicaties, declaraties


INDICATIE_COLS = ["id", "gemeente_id", "import_id", "indicatie_ref", "client_id", "geboortedatum", "geslacht",
                  "wijk_id", "wet", "productcategorie", "productcode", "leveringsvorm", "aanbieder_id",
                  "verwijzer_code", "melddatum", "aanvraagdatum", "beschikkingsdatum", "ingangsdatum", "einddatum",
                  "volume", "eenheid", "frequentie", "kosten_toegekend_cents", "kosten_12m_cents",
                  "reden_beeindiging"]
DECLARATIE_COLS = ["id", "gemeente_id", "import_id", "indicatie_id", "periode_start", "periode_eind", "bedrag_cents"]


def _copy(cur, table: str, cols: list[str], rows) -> None:
    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(db, dialect: str, clients, indicaties, declaraties) -> None:
    import sqlalchemy as sa

    from toegang.db import utcnow
    from toegang.monitoring.models import HistorieImport

    db.session.add(HistorieImport(id=1, gemeente_id=clients[0][1], bestand="bench.csv", sha256="0" * 64,
                                  imported_at=utcnow()))
    db.session.commit()
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if dialect == "postgresql":
            _copy(cur, "historie_client", ["id", "gemeente_id", "client_ref"], clients)
            _copy(cur, "historie_indicatie", INDICATIE_COLS, indicaties)
            _copy(cur, "historie_declaratie", DECLARATIE_COLS, declaraties)
            cur.execute("SELECT setval('historie_client_id_seq', (SELECT max(id) FROM historie_client))")
            raw.commit()
            # What autovacuum does to a freshly loaded table in production: statistics and the
            # visibility map (so index-only scans work).
            raw.driver_connection.autocommit = True
            for table in ("historie_client", "historie_indicatie", "historie_declaratie"):
                cur.execute(f"VACUUM ANALYZE {table}")
            raw.driver_connection.autocommit = False
        else:
            def iso(row):
                return tuple(v.isoformat() if isinstance(v, date) else v for v in row)
            cur.execute("BEGIN")
            cur.executemany("INSERT INTO historie_client (id, gemeente_id, client_ref) VALUES (?, ?, ?)", clients)
            cur.executemany(f"INSERT INTO historie_indicatie ({', '.join(INDICATIE_COLS)}) VALUES "
                            f"({', '.join('?' * len(INDICATIE_COLS))})", (iso(r) for r in indicaties))
            cur.executemany(f"INSERT INTO historie_declaratie ({', '.join(DECLARATIE_COLS)}) VALUES "
                            f"({', '.join('?' * len(DECLARATIE_COLS))})", (iso(r) for r in declaraties))
            cur.execute("COMMIT")
            cur.execute("ANALYZE")
        cur.close()
    finally:
        raw.close()
    db.session.execute(sa.text("SELECT 1"))
    db.session.commit()


HAND_WRITTEN = """
SELECT wet, productcategorie, COUNT(DISTINCT client_id), SUM(kosten_12m_cents)
FROM historie_indicatie
WHERE gemeente_id = :g AND ingangsdatum <= :tot AND (einddatum IS NULL OR einddatum >= :van)
GROUP BY wet, productcategorie
"""


def run(dialect: str, url: str, n: int, out: dict) -> None:
    import sqlalchemy as sa

    from config import TestConfig
    from toegang import create_app
    from toegang.catalogus.models import Aanbieder, Wijk
    from toegang.catalogus.operations import load_reference_data
    from toegang.catalogus.seed import seed_catalogus
    from toegang.extensions import db
    from toegang.monitoring import export, report
    from toegang.seed import seed_gemeenten

    app = create_app(TestConfig(url))
    with app.app_context():
        db.create_all()
        load_reference_data()
        gemeente = seed_gemeenten()["9991"]
        seed_catalogus()
        db.session.commit()
        wijk_ids = list(db.session.scalars(sa.select(Wijk.id).where(Wijk.gemeente_id == gemeente.id)))
        aanbieder_ids = list(db.session.scalars(sa.select(Aanbieder.id)))
        t0 = time.perf_counter()
        clients, indicaties, declaraties = generate(n, gemeente.id, wijk_ids, aanbieder_ids)
        t_gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        load(db, dialect, clients, indicaties, declaraties)
        t_load = time.perf_counter() - t0
        del clients, indicaties, declaraties
        print(f"[{dialect}] generated {n:,} indicaties in {t_gen:.1f} s, loaded in {t_load:.1f} s", flush=True)

        def timed(fn, repeat: int = 3) -> float:
            best = float("inf")
            for _ in range(repeat):
                t = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - t)
                db.session.rollback()
            return best

        with tempfile.TemporaryDirectory() as tmp:
            def yearly() -> None:
                r = report.build(gemeente, YEAR[0], YEAR[1], "jaar", app.config)
                export.write(r, Path(tmp), "json")

            def quarterly() -> None:
                r = report.build(gemeente, YEAR[0], YEAR[1], "kwartaal", app.config)
                export.write(r, Path(tmp), "json")

            t_year = timed(yearly)
            t_quarter = timed(quarterly, repeat=1)
        t_hand = timed(lambda: db.session.execute(sa.text(HAND_WRITTEN),
                                                  {"g": gemeente.id, "van": YEAR[0], "tot": YEAR[1]}).all(), 5)
        out[dialect] = {"year": t_year, "quarter": t_quarter, "hand": t_hand, "load": t_load}
        print(f"[{dialect}] yearly export {t_year:.2f} s (floor {FLOORS[dialect]:.0f} s), "
              f"by quarter {t_quarter:.2f} s, hand-written GROUP BY {t_hand:.3f} s, "
              f"ratio {t_year / t_hand:.0f}x", flush=True)
        db.session.remove()
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    os.environ.setdefault("TEST_DATABASE_URL", os.environ.get("BENCH_DATABASE_URL",
                                                              "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    from tests.dbutil import private_database

    results: dict = {}
    failed = False
    for dialect in ("postgresql", "sqlite"):
        if args.only and args.only != dialect:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            saved = os.environ.get("TEST_DATABASE_URL")
            if dialect == "sqlite":
                os.environ["TEST_DATABASE_URL"] = ""
            try:
                with private_database(Path(tmp), "bench") as url:
                    run(dialect, url, args.rows, results)
            finally:
                if saved is not None:
                    os.environ["TEST_DATABASE_URL"] = saved
        if results[dialect]["year"] > FLOORS[dialect]:
            print(f"!! {dialect}: yearly export slower than its floor", file=sys.stderr)
            failed = True
    print("\n| database | yearly export | by quarter (4 periods) | hand-written GROUP BY | ratio |")
    print("|---|---|---|---|---|")
    for dialect, r in results.items():
        print(f"| {dialect} | {r['year']:.2f} s | {r['quarter']:.2f} s | {r['hand']:.3f} s | "
              f"{r['year'] / r['hand']:.0f}× |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
