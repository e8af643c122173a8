"""Load test: 20 users working for 5 minutes against gunicorn and PostgreSQL holding a realistic volume.

What it does, in order:
1. (re)creates the PostgreSQL database ``toegang_load`` and migrates it with ``flask db upgrade``;
2. generates 100,000 residents, 150,000 hulpvragen and 300,000 indicaties in bulk (history, mostly
   closed), plus a few hundred live cases through the real operations, among them high-impact
   indicaties waiting for a teamleider;
3. starts gunicorn (production configuration) on 127.0.0.1 and lets 16 consulenten and 4 teamleiders
   work: werkvoorraad, resident search (POST), case pages, a form save (adding a betrokkene), and the
   review queue with approvals. Each user thinks 0.25-1 s between actions;
4. measures, separately, how many case pages per second the server delivers on this machine with
   8 clients that do not think — compared with the public anchor of 222 requests/s for an
   ORM-plus-template Flask page on 2 vCPUs.

Run with ``make bench`` (or directly). Environment: ``BENCH_PG_URL`` (server, default the local
PostgreSQL), ``BENCH_LOAD_SECONDS`` (default 300), ``BENCH_INWONERS`` (default 100000).
Results go into docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DB_NAME = "toegang_load"
N_INWONERS = int(os.environ.get("BENCH_INWONERS", "100000"))
N_HULPVRAGEN = N_INWONERS * 3 // 2
N_OPEN = 1600  # open hulpvragen in the werkvoorraden (80 per consulent)
N_LIVE_REVIEWS = 240  # high-impact indicaties waiting for a teamleider
DURATION_S = int(os.environ.get("BENCH_LOAD_SECONDS", "300"))
N_CONSULENTEN, N_TEAMLEIDERS = 16, 4
PORT = int(os.environ.get("BENCH_PORT", "5077"))
PASSWORD = secrets.token_urlsafe(16)
CSRF = re.compile(r'name="([\w-]*csrf_token)"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="([\w-]*csrf_token)"')


def db_url() -> str:
    return PG_SERVER.rsplit("/", 1)[0] + f"/{DB_NAME}"


def elfproef_bsns(start: int = 100_000_000):
    """Valid BSNs in ascending order (the elfproef), far from the demo range."""
    n = start
    while True:
        digits = f"{n:09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
        if total % 11 == 0:
            yield digits
        n += 1


# ----------------------------------------------------------------------------- data

def create_database() -> None:
    import psycopg

    admin = PG_SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def server_env() -> dict[str, str]:
    return {**os.environ, "TOEGANG_ENV": "production", "DATABASE_URL": db_url(), "FLASK_APP": "wsgi",
            "SECRET_KEY": "load-" + secrets.token_urlsafe(40), "TOEGANG_LOG_LEVEL": "WARNING"}


def generate() -> dict[str, list]:
    """Fill the database; return the ids the simulated users work on."""
    import sqlalchemy as sa

    from config import ProductionConfig
    from toegang import create_app
    from toegang.accounts.operations import create_user
    from toegang.accounts.roles import Role
    from toegang.audit.operations import acting_as
    from toegang.catalogus.models import Aanbieder, Product, Wijk
    from toegang.catalogus.operations import load_reference_data
    from toegang.catalogus.seed import seed_catalogus
    from toegang.extensions import db
    from toegang.hulpvragen import operations as hv_ops
    from toegang.hulpvragen.models import Afsluitreden, Hulpvraag, HulpvraagStatus, Kanaal, Melder
    from toegang.indicaties import operations as ind_ops
    from toegang.indicaties.models import Indicatie, IndicatieStatus, Leveringsvorm
    from toegang.inwoners import operations as inw_ops
    from toegang.inwoners.models import Inwoner
    from toegang.inwoners.operations import today
    from toegang.seed import seed_gemeenten

    os.environ.update({k: v for k, v in server_env().items() if k in ("DATABASE_URL", "SECRET_KEY")})
    app = create_app(ProductionConfig())
    rng = random.Random(7)
    with app.app_context():
        load_reference_data()
        gemeenten = seed_gemeenten()
        seed_catalogus()
        gids = [g.id for g in gemeenten.values()]
        consulenten = [create_user(None, username=f"c{i:02d}", full_name=f"Consulent {i}", email="",
                                   password=PASSWORD, roles=[Role.CONSULENT], gemeente_ids=gids, via_cli=True)
                       for i in range(N_CONSULENTEN)]
        for i in range(N_TEAMLEIDERS):
            create_user(None, username=f"t{i:02d}", full_name=f"Teamleider {i}", email="",
                        password=PASSWORD, roles=[Role.TEAMLEIDER], gemeente_ids=gids, via_cli=True)
        db.session.commit()
        wijken = {g: list(db.session.scalars(sa.select(Wijk.id).where(Wijk.gemeente_id == g))) for g in gids}
        products = list(db.session.scalars(sa.select(Product).where(Product.wet == "WMO")))
        aanbieders = list(db.session.scalars(sa.select(Aanbieder.id)))
        cids = [u.id for u in consulenten]

        t0 = time.perf_counter()
        bsns = elfproef_bsns()
        achternamen = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
                       "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker"]
        rows = []
        for i in range(N_INWONERS):
            g = gids[i % len(gids)]
            rows.append({"gemeente_id": g, "bsn": next(bsns), "voornamen": rng.choice(["Anna", "Jan", "Fatima",
                         "Mohamed", "Sanne", "Piet", "Emma", "Daan"]), "achternaam": rng.choice(achternamen) + f"-{i}",
                         "geboortedatum": date(1925, 1, 1) + timedelta(days=rng.randrange(0, 365 * 98)),
                         "straat": "Dorpsstraat", "huisnummer": i % 300 + 1, "postcode": f"{1000 + i // 300 % 8999} AB",
                         "woonplaats": "Voorbeeld", "wijk_id": rng.choice(wijken[g]) if wijken[g] else None})
            if len(rows) == 10_000:
                db.session.execute(sa.insert(Inwoner), rows)
                rows = []
        if rows:
            db.session.execute(sa.insert(Inwoner), rows)
        db.session.commit()
        inwoners = list(db.session.execute(sa.select(Inwoner.id, Inwoner.gemeente_id).order_by(Inwoner.id)))
        print(f"  {len(inwoners)} inwoners in {time.perf_counter() - t0:.0f} s", flush=True)

        t0 = time.perf_counter()
        rows = []
        for i in range(N_HULPVRAGEN):
            inw_id, g = inwoners[i % len(inwoners)]
            open_case = i < N_OPEN
            melding = today() - timedelta(days=rng.randrange(1, 40) if open_case else rng.randrange(60, 2500))
            row = {"gemeente_id": g, "inwoner_id": inw_id, "consulent_id": cids[i % len(cids)],
                   "melddatum": melding, "kanaal": Kanaal.LOKET, "melder": Melder.INWONER, "wet_wmo": True,
                   "omschrijving": "Hulp bij het huishouden en begeleiding nodig.",
                   "onderzoek_gestart_op": melding + timedelta(days=2)}
            if open_case:
                row |= {"status": HulpvraagStatus.IN_ONDERZOEK, "termijn_datum": melding + timedelta(days=42),
                        "termijn_soort": "onderzoek"}
            else:
                row |= {"status": HulpvraagStatus.AFGESLOTEN, "afsluitreden": Afsluitreden.TOEGEKEND,
                        "aanvraag_datum": melding + timedelta(days=30), "besluit_datum": melding + timedelta(days=50),
                        "afgesloten_op": melding + timedelta(days=51), "tevredenheid": rng.randint(5, 10)}
            rows.append(row)
            if len(rows) == 10_000:
                db.session.execute(sa.insert(Hulpvraag), rows)
                rows = []
        if rows:
            db.session.execute(sa.insert(Hulpvraag), rows)
        db.session.commit()
        hulpvragen = list(db.session.execute(sa.select(Hulpvraag.id, Hulpvraag.inwoner_id, Hulpvraag.gemeente_id,
                                                       Hulpvraag.besluit_datum, Hulpvraag.consulent_id)
                                             .where(Hulpvraag.status == HulpvraagStatus.AFGESLOTEN)))
        print(f"  {N_HULPVRAGEN} hulpvragen in {time.perf_counter() - t0:.0f} s", flush=True)

        t0 = time.perf_counter()
        rows, n = [], 0
        target = N_INWONERS * 3
        while n < target:
            hv_id, inw_id, g, besluit, cid = hulpvragen[n // 2 % len(hulpvragen)]
            p = rng.choice(products)
            start = besluit + timedelta(days=7)
            end = start + timedelta(days=rng.choice([182, 365, 730]))
            rows.append({"hulpvraag_id": hv_id, "gemeente_id": g, "inwoner_id": inw_id,
                         "status": IndicatieStatus.BESCHIKT,
                         "wet": "WMO", "productcategorie": p.productcategorie, "product_id": p.id,
                         "volume": Decimal(rng.randint(1, 6)), "eenheid": p.eenheid, "frequentie": "2",
                         "ingangsdatum": start, "einddatum": end, "leveringsvorm": Leveringsvorm.ZIN,
                         "aanbieder_id": rng.choice(aanbieders), "doelen": "Zelfstandig blijven wonen.",
                         "kosten_totaal_cents": rng.randint(50_000, 2_000_000), "created_by_id": cid})
            n += 1
            if len(rows) == 10_000:
                db.session.execute(sa.insert(Indicatie), rows)
                rows = []
        if rows:
            db.session.execute(sa.insert(Indicatie), rows)
        db.session.commit()
        print(f"  {target} indicaties in {time.perf_counter() - t0:.0f} s", flush=True)

        # Live work through the real operations: high-impact proposals waiting for review.
        t0 = time.perf_counter()
        bw = db.session.scalar(sa.select(Product).where(Product.productcode == "15A01"))
        bw_aanbieder = db.session.scalar(sa.select(Aanbieder.id).where(Aanbieder.naam == "Stichting Beschermd Thuis"))
        live_bsns = elfproef_bsns(300_000_000)
        for i in range(N_LIVE_REVIEWS):
            author = consulenten[i % len(consulenten)]
            with acting_as(author):
                inw = inw_ops.create_inwoner(author, gids[i % len(gids)], next(live_bsns), inw_ops.InwonerGegevens(
                    voornamen="Kees", achternaam=f"Live-{i}", geboortedatum=date(1970, 5, 5), straat="Laan",
                    huisnummer=i + 1, postcode="9999 ZZ", woonplaats="Voorbeeld"))
                hv = hv_ops.create_hulpvraag(author, inw, hv_ops.Melding(
                    melddatum=today() - timedelta(days=60), kanaal=Kanaal.LOKET, melder=Melder.INWONER,
                    omschrijving="Kan niet meer zelfstandig wonen.", wetten=["WMO"]))
                hv_ops.start_onderzoek(author, hv, today() - timedelta(days=59))
                hv_ops.record_aanvraag(author, hv, today())
                ind = ind_ops.create(author, hv, ind_ops.Voorstel(
                    product_id=bw.id, volume=Decimal(1), frequentie="1", ingangsdatum=today(),
                    einddatum=today() + timedelta(days=364), leveringsvorm=Leveringsvorm.ZIN,
                    aanbieder_id=bw_aanbieder, doelen="Veilig wonen met begeleiding."))
                ind_ops.submit(author, ind, ind.version)
                db.session.commit()
        print(f"  {N_LIVE_REVIEWS} live high-impact proposals in {time.perf_counter() - t0:.0f} s", flush=True)
        open_ids = list(db.session.scalars(sa.select(Hulpvraag.id)
                                           .where(Hulpvraag.status != HulpvraagStatus.AFGESLOTEN)))
        closed_ids = [h[0] for h in hulpvragen[:: max(1, len(hulpvragen) // 5000)]]
        searches = [(r.achternaam, r.geboortedatum.isoformat(), r.postcode, r.huisnummer) for r in db.session.execute(
            sa.select(Inwoner.achternaam, Inwoner.geboortedatum, Inwoner.postcode, Inwoner.huisnummer)
            .where(Inwoner.id.in_([inwoners[k][0] for k in range(0, len(inwoners), len(inwoners) // 2000)])))]
    with app.app_context():
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return {"open": open_ids, "closed": closed_ids, "searches": searches}


# ----------------------------------------------------------------------------- the client

class Client:
    """A browser-like HTTP client: keeps the session cookie and reads CSRF tokens from pages."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, float]:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, text, elapsed


def csrf_fields(html: str) -> dict[str, str]:
    found = {}
    for m in CSRF.finditer(html):
        name, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found[name] = value
    return found


def login(client: Client, username: str) -> None:
    _, html, _ = client.request("GET", "/inloggen")
    token = csrf_fields(html)["csrf_token"]
    status, _, _ = client.request("POST", "/inloggen", {"csrf_token": token, "username": username,
                                                        "password": PASSWORD})
    assert status == 302, f"login {username} failed: {status}"


def consulent_loop(username: str, work: dict, deadline: float, out: dict, lock: threading.Lock) -> None:
    rng = random.Random(username)
    client = Client()
    login(client, username)
    samples: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    token = ""
    while time.time() < deadline:
        action = rng.choices(["werkvoorraad", "search", "case", "save"], weights=[25, 20, 40, 15])[0]
        if action == "werkvoorraad":
            status, html, t = client.request("GET", "/hulpvragen/werkvoorraad")
        elif action == "search":
            if not token:
                _, page, _ = client.request("GET", "/inwoners/zoeken")
                token = csrf_fields(page)["csrf_token"]
            naam, geboren, postcode, nummer = rng.choice(work["searches"])
            form = ({"achternaam": naam, "geboortedatum": geboren} if rng.random() < 0.5
                    else {"postcode": postcode, "huisnummer": str(nummer)})
            status, html, t = client.request("POST", "/inwoners/zoeken", {"csrf_token": token, **form})
        elif action == "case":
            case = rng.choice(work["open"] if rng.random() < 0.7 else work["closed"])
            status, html, t = client.request("GET", f"/hulpvragen/{case}")
            token = csrf_fields(html).get("betrokkene-csrf_token", token)
        else:
            case = rng.choice(work["open"])
            status, html, t = client.request("GET", f"/hulpvragen/{case}")
            samples["case"].append(t)
            fields = csrf_fields(html)
            status, html, t = client.request("POST", f"/hulpvragen/{case}/betrokkenen", {
                "betrokkene-csrf_token": fields.get("betrokkene-csrf_token", token), "betrokkene-soort": "huisarts",
                "betrokkene-naam": "Dr. A. Bakker", "betrokkene-organisatie": "Huisartsenpraktijk Centrum",
                "betrokkene-telefoon": "0201234567", "betrokkene-email": "", "betrokkene-rol": "Huisarts"})
            if status not in (302, 200):
                errors.append(f"save {status}")
        if status >= 500 or (action != "save" and status != 200):
            errors.append(f"{action} {status}")
        samples[action].append(t)
        time.sleep(rng.uniform(0.25, 1.0))
    with lock:
        for k, v in samples.items():
            out["samples"][k].extend(v)
        out["errors"].extend(errors)


def teamleider_loop(username: str, deadline: float, out: dict, lock: threading.Lock) -> None:
    rng = random.Random(username)
    client = Client()
    login(client, username)
    samples: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    approved = conflicts = 0
    while time.time() < deadline:
        status, html, t = client.request("GET", "/indicaties/beoordelen")
        samples["beoordelen"].append(t)
        if status != 200:
            errors.append(f"beoordelen {status}")
        ids = re.findall(r'href="/indicaties/(\d+)"', html)
        if ids:
            iid = rng.choice(ids[:10])
            status, page, t = client.request("GET", f"/indicaties/{iid}")
            samples["indicatie"].append(t)
            fields = csrf_fields(page)
            version = re.search(r'name="goedkeuren-version"[^>]*value="(\d+)"'
                                r'|value="(\d+)"[^>]*name="goedkeuren-version"', page)
            if "goedkeuren-csrf_token" in fields and version:
                status, _, t = client.request("POST", f"/indicaties/{iid}/goedkeuren", {
                    "goedkeuren-csrf_token": fields["goedkeuren-csrf_token"],
                    "goedkeuren-version": version.group(1) or version.group(2)})
                samples["goedkeuren"].append(t)
                if status == 302:
                    approved += 1
                elif status == 409:
                    conflicts += 1  # another teamleider was first: the expected refusal
                else:
                    errors.append(f"goedkeuren {status}")
        time.sleep(rng.uniform(0.5, 2.0))
    with lock:
        for k, v in samples.items():
            out["samples"][k].extend(v)
        out["errors"].extend(errors)
        out["approved"] += approved
        out["conflicts"] += conflicts


def throughput_worker(args: tuple[str, list[int], float]) -> int:
    cookie, cases, seconds = args
    client = Client()
    name, _, value = cookie.partition("=")
    client.cookies[name] = value
    rng = random.Random()
    done = 0
    end = time.time() + seconds
    while time.time() < end:
        status, _, _ = client.request("GET", f"/hulpvragen/{rng.choice(cases)}")
        assert status == 200, status
        done += 1
    return done


def warm_up(work: dict, workers: int) -> None:
    """Steady state, not start-up: let every worker render each page type once before measuring."""
    client = Client()
    login(client, "c00")
    for _ in range(workers * 3):
        for path in ("/hulpvragen/werkvoorraad", f"/hulpvragen/{work['open'][0]}", "/inwoners/zoeken",
                     "/indicaties/beoordelen"):
            client.request("GET", path)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    print(f"==> database {DB_NAME}: create, migrate, generate", flush=True)
    create_database()
    subprocess.run([str(ROOT / ".venv/bin/flask"), "db", "upgrade"], cwd=ROOT, env=server_env(), check=True,
                   stdout=subprocess.DEVNULL)
    work = generate()
    workers = 2 * (os.cpu_count() or 2)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind",
                               f"127.0.0.1:{PORT}", "--log-level", "warning", "wsgi:app"],
                              cwd=ROOT, env=server_env(), start_new_session=True)
    try:
        for _ in range(100):
            try:
                Client().request("GET", "/inloggen")
                break
            except OSError:
                time.sleep(0.2)
        warm_up(work, workers)
        print(f"==> {N_CONSULENTEN} consulenten + {N_TEAMLEIDERS} teamleiders for {DURATION_S} s, "
              f"gunicorn {workers} sync workers", flush=True)
        out: dict = {"samples": defaultdict(list), "errors": [], "approved": 0, "conflicts": 0}
        lock = threading.Lock()
        deadline = time.time() + DURATION_S
        threads = [threading.Thread(target=consulent_loop, args=(f"c{i:02d}", work, deadline, out, lock))
                   for i in range(N_CONSULENTEN)]
        threads += [threading.Thread(target=teamleider_loop, args=(f"t{i:02d}", deadline, out, lock))
                    for i in range(N_TEAMLEIDERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        all_samples = [v for vs in out["samples"].values() for v in vs]
        print(f"requests: {len(all_samples)}  errors: {len(out['errors'])}  "
              f"approvals: {out['approved']}  expected 409 conflicts: {out['conflicts']}")
        if out["errors"]:
            print("  first errors:", out["errors"][:10])
        print(f"{'page':<14}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for name, values in sorted(out["samples"].items()):
            print(f"{name:<14}{len(values):>7}{pct(values, .5):>9.0f}{pct(values, .95):>9.0f}{pct(values, .99):>9.0f}")
        print(f"{'all':<14}{len(all_samples):>7}{pct(all_samples, .5):>9.0f}{pct(all_samples, .95):>9.0f}"
              f"{pct(all_samples, .99):>9.0f}")

        # Throughput of the case page: 8 clients without think time, in 2 processes.
        client = Client()
        login(client, "c00")
        cookie = next(f"{k}={v}" for k, v in client.cookies.items())
        seconds = 30.0
        with multiprocessing.get_context("spawn").Pool(8) as pool:
            counts = pool.map(throughput_worker, [(cookie, work["open"], seconds)] * 8)
        rate = sum(counts) / seconds
        print(f"case page throughput, 8 clients, {workers} gunicorn workers on {os.cpu_count()} cores: "
              f"{rate:.0f} requests/s (anchor: 222 requests/s)")
        print(f"median of all pages: {statistics.median(all_samples) * 1000:.0f} ms")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
