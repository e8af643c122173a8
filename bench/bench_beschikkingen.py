"""Benchmark: beschikking letters — one letter through the app's whole path, the bare WeasyPrint render
of the same HTML, a batch of 1,000, and memory growth over 1,000 renders.

Run with ``make bench``. Uses a scratch SQLite database in a temporary folder; prints a table that
goes into docs/PERFORMANCE.md by hand, with the machine.
"""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N_LETTERS = int(os.environ.get("BENCH_LETTERS", "1000"))
N_SINGLE = 50


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    from config import TestConfig
    from tests.intake_helpers import ensure_afweging
    from toegang import create_app
    from toegang.accounts.operations import create_user
    from toegang.accounts.roles import Role
    from toegang.audit.operations import acting_as
    from toegang.beschikkingen import batch
    from toegang.beschikkingen import operations as ops
    from toegang.beschikkingen.letter import letter_context, render_beschikking
    from toegang.beschikkingen.models import Beschikking, BeschikkingSoort
    from toegang.catalogus.models import Aanbieder, Product
    from toegang.catalogus.operations import load_reference_data
    from toegang.catalogus.seed import seed_catalogus
    from toegang.extensions import db
    from toegang.hulpvragen import operations as hv_ops
    from toegang.hulpvragen.models import Kanaal, Melder
    from toegang.indicaties import operations as ind_ops
    from toegang.indicaties.models import Leveringsvorm
    from toegang.inwoners import operations as inw_ops
    from toegang.inwoners.operations import today
    from toegang.letters.fonts import subsetting_backend
    from toegang.seed import seed_gemeenten
    from toegang.validation import demo_bsns

    tmp = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    config = TestConfig(f"sqlite:///{tmp / 'bench.db'}")
    config.TESTING = False
    app = create_app(config)
    import sqlalchemy as sa

    with app.app_context():
        db.create_all()
        from toegang.audit.models import GENESIS_HASH, AuditChainHead

        db.session.execute(sa.insert(AuditChainHead).values(id=1, last_seq=0, last_hash=GENESIS_HASH))
        load_reference_data()
        gemeenten = seed_gemeenten()
        seed_catalogus()
        user = create_user(None, username="bench", full_name="Bench Consulent", email="",
                           password=secrets.token_urlsafe(16),
                           roles=[Role.CONSULENT], gemeente_ids=[gemeenten["9991"].id], via_cli=True)
        db.session.commit()
        product = db.session.scalar(sa.select(Product).where(Product.productcode == "01A01"))
        aanbieder = db.session.scalar(sa.select(Aanbieder).where(Aanbieder.naam == "Thuiszorg De Linde"))
        bsns = demo_bsns()
        t0 = time.perf_counter()
        with acting_as(user):
            for i in range(N_LETTERS + N_SINGLE):
                inw = inw_ops.create_inwoner(user, gemeenten["9991"].id, next(bsns), inw_ops.InwonerGegevens(
                    voornamen="Johanna", achternaam=f"Jansen-{i}", geboortedatum=date(1944, 2, 1), straat="Kerkstraat",
                    huisnummer=i % 200 + 1, postcode="1234 AB", woonplaats="Voorbeeld"))
                hv = hv_ops.create_hulpvraag(user, inw, hv_ops.Melding(
                    melddatum=today() - timedelta(days=60), kanaal=Kanaal.LOKET, melder=Melder.INWONER,
                    omschrijving="Hulp bij het huishouden nodig na een heupoperatie.", wetten=["WMO"]))
                hv_ops.start_onderzoek(user, hv, today() - timedelta(days=59))
                hv_ops.record_aanvraag(user, hv, today())
                ensure_afweging(user, hv, "01A01")  # the afwegingskader path: a hard rule
                ind = ind_ops.create(user, hv, ind_ops.Voorstel(
                    product_id=product.id, volume=Decimal(3), frequentie="2", ingangsdatum=today(),
                    einddatum=today() + timedelta(days=364), leveringsvorm=Leveringsvorm.ZIN,
                    aanbieder_id=aanbieder.id, doelen="Een schoon en leefbaar huis."))
                ops.create_concept(user, hv, ops.Concept(
                    BeschikkingSoort.TOEKENNING, [ind.id],
                    "U kunt het huishouden door uw heupoperatie niet meer zelf doen. Uw dochter woont ver weg."))
                if i % 100 == 99:
                    db.session.commit()
            db.session.commit()
        setup_s = time.perf_counter() - t0
        ids = list(db.session.scalars(sa.select(Beschikking.id).order_by(Beschikking.id)))
        single_ids, batch_ids = ids[:N_SINGLE], ids[N_SINGLE:]

        # Warm up fonts, stylesheet and templates.
        render_beschikking(db.session.get(Beschikking, single_ids[0]), concept=True)

        # 1. One letter through the whole app path: data, template, PDF, hash, store, commit.
        app_times = []
        with acting_as(user):
            for bid in single_ids:
                start = time.perf_counter()
                b = db.session.get(Beschikking, bid)
                ops.vastleggen(user, b, today(), None)
                db.session.commit()
                app_times.append(time.perf_counter() - start)
        # 2. The same letter's HTML through a bare WeasyPrint call with default settings.
        import weasyprint
        from flask import render_template

        from toegang.letters.render import BASE_URL, LetterMeta

        b = db.session.get(Beschikking, single_ids[0])
        ctx = letter_context(b, concept=False)
        css = (Path(app.template_folder) / "letters" / "letter.css").read_text()
        meta = LetterMeta(title="Beschikking", author="Gemeente Voorbeeld", subject="", created="", concept=False)
        html = render_template("letters/beschikking.html", **ctx, letter=meta)
        html = html.replace("</head>", f"<style>{css}</style></head>")
        bare_times = []
        for _ in range(N_SINGLE):
            start = time.perf_counter()
            weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf()
            bare_times.append(time.perf_counter() - start)

        # 3. Memory growth over N renders in this process.
        rss_before = rss_mb()
        b = db.session.get(Beschikking, batch_ids[0])
        for _ in range(N_LETTERS):
            render_beschikking(b, concept=True)
        rss_growth = rss_mb() - rss_before
        db.session.rollback()

        # 4. The batch: N letters on all cores.
        start = time.perf_counter()
        with acting_as(user):
            result = batch.issue_ready(user, today(), workers=os.cpu_count() or 2)
        batch_s = time.perf_counter() - start

    app_ms = statistics.median(app_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, WeasyPrint {weasyprint.__version__}, subsetting: {subsetting_backend()}")
    print(f"setup of {N_LETTERS + N_SINGLE} cases through the operations: {setup_s:.1f} s")
    print(f"one toekenning, app path (data+template+PDF/A-3a+hash+store): median {app_ms:.1f} ms")
    print(f"same HTML, bare weasyprint.HTML().write_pdf(): median {bare_ms:.1f} ms")
    print(f"ratio app/bare: {app_ms / bare_ms:.2f}")
    print(f"batch of {result.total} letters, {os.cpu_count()} workers: {batch_s:.1f} s "
          f"({len(result.issued)} issued, {len(result.failed)} failed)")
    print(f"RSS growth over {N_LETTERS} renders in one process: {rss_growth:.1f} MB")


if __name__ == "__main__":
    main()
