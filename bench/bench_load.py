"""Load test: gunicorn on 127.0.0.1 against PostgreSQL with a realistic volume.

    .venv/bin/python bench/bench_load.py            # run by `make bench`, never by `make test`

1. Creates a fresh PostgreSQL database (``BENCH_DATABASE_URL``, default
   ``postgresql+psycopg://postgres@127.0.0.1:5432/toegang_bench`` — its name must start with
   ``toegang_bench``; it is dropped and re-created), runs the migrations and the reference data,
   and bulk-loads (COPY) ``BENCH_INWONERS`` residents (100,000), one hulpvraag each plus a second for
   one in five, and ``BENCH_INDICATIES`` indicaties (300,000). A pool of high-impact indicaties
   awaiting review is created through the real operations, so approvals are genuine.
2. Starts gunicorn (``BENCH_WORKERS``, default 4 sync workers) on a free port on 127.0.0.1.
3. ``BENCH_USERS`` (20) simulated users — 16 consulenten and 4 teamleiders, each with their own
   login — run for ``BENCH_SECONDS`` (300) a mix of werkvoorraad, resident search (POST), case pages,
   form saves (a gesprek on one of their open cases) and, for teamleiders, approvals (GET the
   indicatie, POST goedkeuren). Think time 0-200 ms between actions.
   ``BENCH_REUSE=1`` skips the generation and reuses the database of the previous run.
4. Then measures the case page alone: ``BENCH_CLIENTS`` (8) clients as fast as they can for
   ``BENCH_CASE_SECONDS`` (30) → requests per second, against the published anchor of 222 req/s
   (an ORM-plus-template Flask page on 2 vCPUs).

Prints a Markdown summary (errors, p50/p95/p99 per action, throughput) for docs/PERFORMANCE.md.
The clients run on the same machine and compete with the server for the two cores.
"""

from __future__ import annotations

import http.cookiejar
import multiprocessing
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

PASSWORD = "bench-wachtwoord-lang-genoeg"  # noqa: S105 - a throw-away bench database
ANCHOR_RPS = 222
SURNAMES = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
            "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen", "van Dijk", "Yilmaz", "El Amrani"]
FIRST = ["Anna", "Jan", "Fatima", "Piet", "Sanne", "Mohamed", "Emma", "Daan", "Lotte", "Noah", "Sara", "Bram"]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


N_INWONERS = env_int("BENCH_INWONERS", 100_000)
N_INDICATIES = env_int("BENCH_INDICATIES", 300_000)
N_USERS = env_int("BENCH_USERS", 20)
SECONDS = env_int("BENCH_SECONDS", 300)
CASE_SECONDS = env_int("BENCH_CASE_SECONDS", 30)
CLIENTS = env_int("BENCH_CLIENTS", 8)
#: Think time between a user's requests: uniformly 0..THINK_MAX seconds (a real consultant thinks
#: for many seconds; this is a stress test).
THINK_MAX = env_int("BENCH_THINK_MS", 200) / 1000
WORKERS = env_int("BENCH_WORKERS", 4)
REVIEW_POOL = env_int("BENCH_REVIEW_POOL", 1500)


# ----------------------------------------------------------------------------- data

def fresh_database(url: str) -> None:
    name = make_url(url).database or ""
    if not name.startswith("toegang_bench"):
        raise SystemExit(f"BENCH_DATABASE_URL must name a database starting with toegang_bench, not {name!r}")
    admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()


def invalid_bsns():
    """Nine digits that fail the elfproef: can never be a real person's BSN."""
    from toegang.validation import bsn_is_valid

    n = 0
    while True:
        candidate = f"8{n:08d}"
        n += 1
        if not bsn_is_valid(candidate):
            yield candidate


def generate(url: str) -> dict[str, object]:
    from flask_migrate import upgrade

    from config import TestConfig
    from toegang import create_app
    from toegang.accounts.operations import create_user
    from toegang.accounts.roles import Role
    from toegang.catalogus.models import Aanbieder, Product, Wijk
    from toegang.catalogus.operations import load_reference_data
    from toegang.catalogus.seed import seed_catalogus
    from toegang.extensions import db
    from toegang.gemeenten.models import Gemeente
    from toegang.seed import seed_gemeenten

    app = create_app(TestConfig(url))
    t0 = time.perf_counter()
    with app.app_context():
        upgrade()
        load_reference_data()
        seed_gemeenten()
        seed_catalogus()
        db.session.commit()
        gids = list(db.session.scalars(sa.select(Gemeente.id).order_by(Gemeente.id)))
        users: dict[str, list[tuple[str, int]]] = {"consulent": [], "teamleider": []}
        n_tl = max(1, N_USERS // 5)
        for i in range(N_USERS):
            kind = "teamleider" if i < n_tl else "consulent"
            roles = [Role.TEAMLEIDER, Role.CONSULENT] if kind == "teamleider" else [Role.CONSULENT]
            u = create_user(None, username=f"{kind}{i:02d}", full_name=f"Bench {kind} {i}", email="",
                            password=PASSWORD, roles=roles, gemeente_ids=gids, via_cli=True)
            users[kind].append((u.username, u.id))
        db.session.commit()
        wijken = {g: list(db.session.scalars(sa.select(Wijk.id).where(Wijk.gemeente_id == g))) for g in gids}
        products = [(p.id, p.wet, p.productcategorie, p.eenheid) for p in db.session.scalars(
            sa.select(Product).where(Product.productcode.in_(["01A01", "02A16", "03A01", "07A05"])))]
        aanbieder_id = db.session.scalar(sa.select(Aanbieder.id).order_by(Aanbieder.id))
        consulent_ids = [uid for _, uid in users["consulent"]]
        raw = db.engine.raw_connection()
        try:
            _copy_all(raw.driver_connection, gids, wijken, products, aanbieder_id, consulent_ids)
        finally:
            raw.close()
        load_s = time.perf_counter() - t0
        open_cases = _open_cases_per_consulent(db)
        review_ids = _review_pool(app, users, gids)
        counts = {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}"))
                  for t in ("inwoner", "hulpvraag", "indicatie", "audit_event")}
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"users": users, "open_cases": open_cases, "review_ids": review_ids, "counts": counts,
            "load_seconds": load_s, "n_hulpvragen": counts["hulpvraag"]}


def _copy_all(conn, gids, wijken, products, aanbieder_id, consulent_ids) -> None:
    rng = random.Random(2026)
    now = datetime.now(UTC).replace(tzinfo=None)
    today = date.today()
    bsns = invalid_bsns()
    with conn.cursor() as cur:
        with cur.copy("COPY inwoner (id, created_at, updated_at, gemeente_id, bsn, voornamen, tussenvoegsel, "
                      "achternaam, geboortedatum, geslacht, straat, huisnummer, huisnummer_toevoeging, postcode, "
                      "woonplaats, wijk_id, telefoon, email, wlz_indicatie, wlz_bron) FROM STDIN") as cp:
            for i in range(1, N_INWONERS + 1):
                g = gids[i % len(gids)]
                born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 90))
                cp.write_row((i, now, now, g, next(bsns), rng.choice(FIRST), "", rng.choice(SURNAMES), born,
                              rng.choice("MVXO"), "Dorpsstraat", rng.randrange(1, 300), "",
                              f"{rng.randrange(1000, 9999)} AB", "Voorbeeld", rng.choice(wijken[g]), "", "", False,
                              ""))
        hv_id = 0
        hulpvragen: list[tuple[int, int, int, date, bool]] = []  # id, inwoner, gemeente, melddatum, open
        with cur.copy("COPY hulpvraag (id, created_at, updated_at, gemeente_id, inwoner_id, consulent_id, status, "
                      "afsluitreden, afgesloten_op, melddatum, kanaal, melder, melder_naam, wet_wmo, wet_jeugd, "
                      "wet_participatie, omschrijving, spoed, onderzoek_gestart_op, aanvraag_datum, besluit_datum, "
                      "termijn_datum, termijn_soort, tevredenheid, version) FROM STDIN") as cp:
            for i in range(1, N_INWONERS + 1):
                for _ in range(2 if i % 5 == 0 else 1):
                    hv_id += 1
                    g = gids[i % len(gids)]
                    meld = today - timedelta(days=rng.randrange(0, 3 * 365))
                    is_open = rng.random() < 0.15
                    if is_open:
                        meld = today - timedelta(days=rng.randrange(0, 40))
                        row = (hv_id, now, now, g, i, rng.choice(consulent_ids), "gemeld", None, None, meld, "loket",
                               "inwoner", "", True, False, False, "Hulp bij het huishouden gevraagd", False, None,
                               None, None, meld + timedelta(days=42), "WMO-onderzoek", None, 1)
                    else:
                        aanvraag = meld + timedelta(days=rng.randrange(5, 40))
                        besluit = aanvraag + timedelta(days=rng.randrange(1, 14))
                        row = (hv_id, now, now, g, i, rng.choice(consulent_ids), "afgesloten", "toegekend",
                               besluit, meld, "loket", "inwoner", "", True, False, False,
                               "Hulp bij het huishouden gevraagd", False, meld + timedelta(days=2), aanvraag, besluit,
                               None, None, rng.randrange(5, 11), 1)
                    cp.write_row(row)
                    hulpvragen.append((hv_id, i, g, meld, is_open))
        closed = [h for h in hulpvragen if not h[4]]
        with cur.copy("COPY indicatie (id, created_at, updated_at, hulpvraag_id, gemeente_id, inwoner_id, status, wet, "
                      "productcategorie, product_id, maatwerk_omschrijving, maatwerk_rechtvaardiging, volume, "
                      "eenheid, frequentie, ingangsdatum, einddatum, leveringsvorm, aanbieder_id, pgb_motivering, "
                      "doelen, resultaat, kosten_totaal_cents, kosten_12m_cents, afwijking_reden, spoed, nacontrole, "
                      "hoog_impact, impact_redenen, created_by_id, version) FROM STDIN") as cp:
            for n in range(1, N_INDICATIES + 1):
                hv = closed[(n - 1) % len(closed)]
                pid, wet, cat, eenheid = products[n % len(products)]
                begin = hv[3] + timedelta(days=30)
                volume = rng.randrange(1, 8)
                cost = volume * 3250 * 26
                cp.write_row((n, now, now, hv[0], hv[2], hv[1], "beschikt", wet, cat, pid, "", "", volume, eenheid,
                              "2", begin, begin + timedelta(days=181), "ZIN", aanbieder_id, "",
                              "Zelfstandig blijven wonen", "", cost, cost, "", False, "geen", False, "[]",
                              consulent_ids[n % len(consulent_ids)], 1))
        for table in ("inwoner", "hulpvraag", "indicatie"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    conn.commit()


def _open_cases_per_consulent(db) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for hid, cid in db.session.execute(sa.text("SELECT id, consulent_id FROM hulpvraag WHERE status = 'gemeld'")):
        result[cid].append(hid)
    return result


def _review_pool(app, users, gids) -> list[int]:
    """High-impact indicaties awaiting review, made through the real operations."""
    from decimal import Decimal

    from toegang.accounts.models import User
    from toegang.catalogus.models import Aanbieder, Product
    from toegang.extensions import db
    from toegang.hulpvragen import operations as hv_ops
    from toegang.hulpvragen.models import Hulpvraag
    from toegang.indicaties import operations as ind_ops
    from toegang.indicaties.models import Leveringsvorm

    author = db.session.get(User, users["consulent"][0][1])
    product = db.session.scalar(sa.select(Product).where(Product.productcode == "15A01"))
    aanbieder = db.session.scalar(sa.select(Aanbieder).where(Aanbieder.naam == "Stichting Beschermd Thuis"))
    today = date.today()
    hv_ids = list(db.session.scalars(sa.select(Hulpvraag.id).where(Hulpvraag.status == "gemeld")
                                     .order_by(Hulpvraag.id).limit(REVIEW_POOL)))
    # Melded seven weeks ago: past the six-week onderzoek term, so the aanvraag may follow at once.
    db.session.execute(sa.update(Hulpvraag).where(Hulpvraag.id.in_(hv_ids))
                       .values(melddatum=today - timedelta(days=49)))
    db.session.commit()
    ids = []
    from tests.intake_helpers import ensure_afweging
    from toegang.audit.operations import acting_as

    with acting_as(author):
        for n, hid in enumerate(hv_ids):
            hv = db.session.get(Hulpvraag, hid)
            hv_ops.start_onderzoek(author, hv, hv.melddatum + timedelta(days=1))
            hv_ops.record_aanvraag(author, hv, today)
            ensure_afweging(author, hv, product.productcode)  # the afwegingskader path: a hard rule
            v = ind_ops.Voorstel(product_id=product.id, volume=Decimal("1"), frequentie="1", ingangsdatum=today,
                                 einddatum=today + timedelta(days=364), leveringsvorm=Leveringsvorm.ZIN,
                                 aanbieder_id=aanbieder.id, doelen="Veilig wonen met begeleiding")
            ind = ind_ops.create(author, hv, v)
            ind_ops.submit(author, ind, ind.version)
            ids.append(ind.id)
            if n % 100 == 0:
                db.session.commit()
        db.session.commit()
    return ids


def load_existing(url: str) -> dict[str, object]:
    from config import TestConfig
    from toegang import create_app
    from toegang.extensions import db

    app = create_app(TestConfig(url))
    with app.app_context():
        users: dict[str, list[tuple[str, int]]] = {"consulent": [], "teamleider": []}
        for username, uid in db.session.execute(sa.text(
                "SELECT username, id FROM user_account WHERE username LIKE 'consulent%' OR username LIKE "
                "'teamleider%' ORDER BY username")):
            users["teamleider" if username.startswith("teamleider") else "consulent"].append((username, uid))
        review_ids = list(db.session.scalars(sa.text("SELECT id FROM indicatie WHERE status = 'ter_beoordeling'")))
        counts = {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}"))
                  for t in ("inwoner", "hulpvraag", "indicatie", "audit_event")}
        open_cases = _open_cases_per_consulent(db)
        db.session.remove()
        db.engine.dispose()
    return {"users": users, "open_cases": open_cases, "review_ids": review_ids, "counts": counts,
            "load_seconds": 0.0, "n_hulpvragen": counts["hulpvraag"]}


# ----------------------------------------------------------------------------- HTTP


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())
        self.token = ""

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as resp:
                text = resp.read().decode()
                status = resp.status
        except urllib.error.HTTPError as err:
            text, status = err.read().decode(), err.code
        except OSError as err:
            text, status = str(err), 599
        return status, text, time.perf_counter() - t0

    def login(self, username: str) -> None:
        _, page, _ = self.request("/inloggen")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _, _ = self.request("/inloggen", {"csrf_token": token, "username": username, "password": PASSWORD})
        assert status == 302, status
        _, home, _ = self.request("/")
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', home).group(1)


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_examples: list[str] = []

    def add(self, action: str, status: int, seconds: float, ok: set[int]) -> None:
        with self.lock:
            self.samples[action].append(seconds)
            if status not in ok:
                self.errors[action] += 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(f"{action}: {status}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def simulated_user(base: str, username: str, is_tl: bool, mine: list[int], n_hv: int, review_ids: list[int],
                   seconds: float) -> tuple[dict[str, list[float]], dict[str, int], list[str]]:
    """One user's session for ``seconds``; runs in its own process and returns its samples.

    A process per user (not a thread): twenty client threads in one interpreter would queue for its
    GIL, and that wait would be counted as the server's latency.
    """
    stats = Stats()
    rng = random.Random(username)
    c = Client(base)
    c.login(username)
    review_queue = list(review_ids)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        r = rng.random()
        if is_tl and r < 0.15 and review_queue:
            iid = review_queue.pop()
            status, page, dt = c.request(f"/indicaties/{iid}")
            stats.add("indicatie (GET)", status, dt, {200})
            tok = re.search(r'name="goedkeuren-csrf_token"[^>]*value="([^"]+)"', page)
            ver = re.search(r'name="goedkeuren-version" type="hidden" value="(\d+)"', page)
            if tok and ver:
                status, _, dt = c.request(f"/indicaties/{iid}/goedkeuren", {
                    "goedkeuren-csrf_token": tok.group(1), "goedkeuren-version": ver.group(1)})
                stats.add("goedkeuren (POST)", status, dt, {302})
        elif r < 0.30:
            status, _, dt = c.request("/hulpvragen/werkvoorraad")
            stats.add("werkvoorraad", status, dt, {200})
        elif r < 0.50:
            status, _, dt = c.request("/inwoners/zoeken", {
                "csrf_token": c.token, "achternaam": rng.choice(SURNAMES),
                "geboortedatum": (date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 90))).isoformat()})
            stats.add("zoeken (POST)", status, dt, {200})
        elif r < 0.85:
            status, _, dt = c.request(f"/hulpvragen/{rng.randrange(1, n_hv + 1)}")
            stats.add("zaakpagina", status, dt, {200})
        else:
            hid = rng.choice(mine)
            status, _, dt = c.request(f"/hulpvragen/{hid}/gesprek", {
                "csrf_token": c.token, "datum": date.today().isoformat(), "locatie": "thuis",
                "deelnemers": "De inwoner en de consulent", "notities": "Bench-gesprek"})
            stats.add("gesprek opslaan (POST)", status, dt, {302})
        time.sleep(rng.random() * THINK_MAX)
    return dict(stats.samples), dict(stats.errors), stats.error_examples


def run_users(base: str, data: dict) -> tuple[Stats, float]:
    """All simulated users at once, each in its own process; their samples merged."""
    users = [(name, True) for name, _ in data["users"]["teamleider"]] + \
            [(name, False) for name, _ in data["users"]["consulent"]]
    tls = [name for name, is_tl in users if is_tl]
    # Each teamleider approves from her own share of the review pool: no two try the same one.
    shares = {name: data["review_ids"][i::len(tls)] for i, name in enumerate(tls)}
    ids = {name: uid for kind in ("teamleider", "consulent") for name, uid in data["users"][kind]}
    stats = Stats()
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=len(users), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(simulated_user, base, name, is_tl,
                               # Teamleiders have no cases of their own; they save on any open case.
                               data["open_cases"].get(ids[name]) or data["all_open_cases"],
                               data["n_hulpvragen"], shares.get(name, []), SECONDS) for name, is_tl in users]
        for f in futures:
            samples, errors, examples = f.result()
            for action, values in samples.items():
                stats.samples[action].extend(values)
            for action, n in errors.items():
                stats.errors[action] += n
            stats.error_examples.extend(examples[:10 - len(stats.error_examples)])
    return stats, time.perf_counter() - t0


def case_page_throughput(base: str, data: dict) -> tuple[float, float, int, str]:
    """Requests per second of the case page alone: wrk if installed (a C client that leaves the cores
    to the server, as in the published benchmark), else Python clients in their own processes."""
    c = Client(base)
    c.login(data["users"]["consulent"][0][0])
    wrk = shutil.which("wrk")
    if wrk:
        cookie = "; ".join(f"{k.name}={k.value}" for k in c.cookies)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f"math.randomseed(7)\nrequest = function()\n  return wrk.format(nil, '/hulpvragen/' .. "
                         f"math.random(1, {data['n_hulpvragen']}))\nend\n")
        try:
            out = subprocess.run([wrk, "-t2", f"-c{CLIENTS}", f"-d{CASE_SECONDS}s", "--latency",
                                  "-H", f"Cookie: {cookie}", "-s", script.name, base],
                                 capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(script.name)
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rps, float(p99.group(1)) * scale[p99.group(2)], int(errors.group(1)) if errors else 0, "wrk, p99"
    stats = Stats()
    users = [name for name, _ in data["users"]["consulent"][:CLIENTS]]
    with ProcessPoolExecutor(max_workers=len(users), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_hammer, base, name, data["n_hulpvragen"], CASE_SECONDS) for name in users]
        for f in futures:
            values, errors = f.result()
            stats.samples["zaakpagina"].extend(values)
            stats.errors["zaakpagina"] += errors
    values = stats.samples["zaakpagina"]
    return len(values) / CASE_SECONDS, pct(values, 95), stats.errors["zaakpagina"], "Python clients, p95"


def _hammer(base: str, username: str, n_hv: int, seconds: float) -> tuple[list[float], int]:
    rng = random.Random(username + "x")
    c = Client(base)
    c.login(username)
    values, errors = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        status, _, dt = c.request(f"/hulpvragen/{rng.randrange(1, n_hv + 1)}")
        values.append(dt)
        errors += status != 200
    return values, errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/toegang_bench")
    print(f"Database {make_url(url).render_as_string(hide_password=True)}: {N_INWONERS} inwoners, "
          f"{N_INDICATIES} indicaties …", flush=True)
    if os.environ.get("BENCH_REUSE") == "1":
        data = load_existing(url)  # the database of the previous run (approved indicaties stay approved)
    else:
        fresh_database(url)
        data = generate(url)
    data["all_open_cases"] = [h for ids in data["open_cases"].values() for h in ids]
    print(f"Geladen in {data['load_seconds']:.0f} s: {data['counts']}", flush=True)
    port = free_port()
    env = {**os.environ, "TOEGANG_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(48)}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    proc = subprocess.Popen([gunicorn, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/gezondheid", timeout=1).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        stats, elapsed = run_users(base, data)
        rps, case_pxx, case_errors, how = case_page_throughput(base, data)
    finally:
        proc.terminate()
        proc.wait(20)

    total = sum(len(v) for v in stats.samples.values())
    all_pages = [s for v in stats.samples.values() for s in v]
    print()
    print(f"### Load: {N_USERS} users, {elapsed:.0f} s, gunicorn {WORKERS} sync workers, "
          f"{data['counts']['inwoner']:,} inwoners / {data['counts']['indicatie']:,} indicaties")
    print()
    print("| action | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for action in sorted(stats.samples):
        v = stats.samples[action]
        print(f"| {action} | {len(v)} | {stats.errors.get(action, 0)} | {pct(v, 50):.0f} | {pct(v, 95):.0f} | "
              f"{pct(v, 99):.0f} |")
    print(f"| **all** | {total} | {sum(stats.errors.values())} | {pct(all_pages, 50):.0f} | "
          f"{pct(all_pages, 95):.0f} | {pct(all_pages, 99):.0f} |")
    print()
    print(f"Throughput of the mix: {total / elapsed:.1f} req/s. Errors: {stats.error_examples or 'none'}")
    print(f"Case page alone, {CLIENTS} clients, {CASE_SECONDS} s ({how} {case_pxx:.0f} ms): **{rps:.0f} req/s** ("
          f"{case_errors} errors) against the anchor of {ANCHOR_RPS} req/s "
          f"({'beaten' if rps > ANCHOR_RPS else 'not beaten'}).")
    print(f"Load average (1/5/15 min) at the end: {os.getloadavg()} on {os.cpu_count()} CPUs "
          "(other processes on the machine included).")
    print(f"p95 over all pages {pct(all_pages, 95):.0f} ms: "
          f"{'within' if pct(all_pages, 95) <= 200 else 'ABOVE'} the 200 ms floor.")
    return 0 if not stats.errors else 1


if __name__ == "__main__":
    sys.exit(main())
