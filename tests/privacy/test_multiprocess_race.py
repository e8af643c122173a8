"""Two processes, one database: the four-eyes race and the double submit repeated against
gunicorn with two workers on PostgreSQL. Whatever the interleaving, exactly one approval.

SQLite is skipped: the deployment target for more than one process is PostgreSQL, and the
single-process race is already covered in tests/indicaties/test_four_eyes.py.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestConfig
from tests.conftest import PASSWORD
from tests.dbutil import is_postgres
from tests.indicaties.test_four_eyes import _high_impact, _ind
from tests.intake_helpers import user
from toegang.accounts.roles import Role
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.indicaties import operations as ops
from toegang.indicaties.models import IndicatieReview, IndicatieStatus, ReviewActie

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not is_postgres(TestConfig().SQLALCHEMY_DATABASE_URI),
                                reason="twee processen op één database: alleen PostgreSQL (SQLite is één schrijver)")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A minimal browser over HTTP: cookies, CSRF tokens from pages, no redirect following."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def login(self, username: str) -> None:
        _, page = self.request("/inloggen")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _ = self.request("/inloggen", {"csrf_token": token, "username": username, "password": PASSWORD})
        assert status == 302

    def form_fields(self, path: str, prefix: str) -> dict[str, str]:
        _, page = self.request(path)
        token = re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', page).group(1)
        version = re.search(rf'name="{prefix}-version" type="hidden" value="(\d+)"', page).group(1)
        return {f"{prefix}-csrf_token": token, f"{prefix}-version": version}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(database_url):
    port = _free_port()
    env = {**os.environ, "TOEGANG_ENV": "development", "DATABASE_URL": database_url,
           "SECRET_KEY": secrets.token_urlsafe(48)}
    proc = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/gezondheid", timeout=1):  # noqa: S310
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn kwam niet op")
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def submitted(app, make_user, gemeenten):
    make_user("consulent", Role.CONSULENT)
    make_user("tl2", Role.TEAMLEIDER)
    make_user("tl3", Role.TEAMLEIDER)
    with app.app_context():
        seed_catalogus()
        db.session.commit()
        iid = _high_impact(gemeenten["9991"])
        ind = _ind(iid)
        ops.submit(user("consulent"), ind, ind.version)
        db.session.commit()
        return iid


def _fire(requests: list[tuple[Client, str, dict[str, str]]]) -> list[int]:
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def go(client: Client, path: str, data: dict[str, str]) -> None:
        barrier.wait(10)
        statuses.append(client.request(path, data)[0])

    threads = [threading.Thread(target=go, args=r) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return statuses


def _approvals(app, iid: int) -> int:
    with app.app_context():
        n = db.session.scalar(sa.select(sa.func.count()).select_from(IndicatieReview).where(
            IndicatieReview.indicatie_id == iid, IndicatieReview.actie == ReviewActie.GOEDGEKEURD))
        assert _ind(iid).status is IndicatieStatus.GOEDGEKEURD
        db.session.remove()
        return n


def test_two_teamleiders_in_two_workers_exactly_one_approval(app, gunicorn, submitted):
    url = f"/indicaties/{submitted}"
    clients = []
    for name in ("tl2", "tl3"):
        c = Client(gunicorn)
        c.login(name)
        clients.append((c, c.form_fields(url, "goedkeuren")))
    statuses = _fire([(c, f"{url}/goedkeuren", fields) for c, fields in clients])
    assert sorted(statuses)[0] == 302 and Counter(statuses)[302] == 1, statuses
    assert all(s < 500 for s in statuses), statuses
    assert _approvals(app, submitted) == 1


def test_double_submit_across_workers_exactly_one_approval(app, gunicorn, submitted):
    url = f"/indicaties/{submitted}"
    c = Client(gunicorn)
    c.login("tl2")
    fields = c.form_fields(url, "goedkeuren")
    statuses = _fire([(c, f"{url}/goedkeuren", fields) for _ in range(4)])
    assert Counter(statuses)[302] == 1 and all(s < 500 for s in statuses), statuses
    assert _approvals(app, submitted) == 1
