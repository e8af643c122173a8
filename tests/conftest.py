"""Fixtures: the app on a private database, a clean slate per test, users per role, and clients
that log in through the real login form with real CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from config import TestConfig
from tests.dbutil import private_database
from toegang import create_app
from toegang.accounts.models import User
from toegang.accounts.operations import create_user
from toegang.accounts.roles import Role
from toegang.audit.models import GENESIS_HASH, AuditChainHead
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.seed import seed_gemeenten

PASSWORD = "correct-horse-battery-staple"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with private_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(TestConfig(database_url))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _clean(app: Flask) -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            # Issued beschikkingen are protected by triggers; a test database is the one place
            # where they may go, so lift the triggers for the clean-up and put them back.
            from toegang.beschikkingen import immutability

            for statement in immutability.DROP_SQLITE:
                conn.exec_driver_sql(statement)
            for t in tables:
                conn.execute(t.delete())
            for statement in immutability.SQLITE_DDL:
                conn.exec_driver_sql(statement)
        conn.execute(sa.insert(AuditChainHead).values(id=1, last_seq=0, last_hash=GENESIS_HASH))


@pytest.fixture(autouse=True)
def _fresh_database(app: Flask) -> Iterator[None]:
    """Every test starts with an empty database plus the shipped reference data and gemeenten."""
    from toegang.catalogus.operations import load_reference_data

    with app.app_context():
        _clean(app)
        load_reference_data()
        seed_gemeenten()
        db.session.commit()
        db.session.remove()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def gemeenten(app: Flask) -> dict[str, int]:
    """Gemeente code -> id: 9991 Voorbeeld, 9992 Zuiderveen."""
    with app.app_context():
        return {g.code: g.id for g in db.session.scalars(sa.select(Gemeente))}


@pytest.fixture
def make_user(app: Flask, gemeenten: dict[str, int]) -> Callable[..., int]:
    def make(username: str, *roles: Role, codes: tuple[str, ...] = ("9991",), password: str = PASSWORD) -> int:
        with app.app_context():
            user = create_user(None, username=username, full_name=username.title(), email="",
                               password=password, roles=list(roles) or [Role.CONSULENT],
                               gemeente_ids=[gemeenten[c] for c in codes], via_cli=True)
            db.session.commit()
            return user.id

    return make


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in page"
    return match.group(1)


class Browser:
    """A test client that behaves like a user: it reads CSRF tokens from the pages it loads."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def token(self, url: str) -> str:
        resp = self.client.get(url)
        return csrf_token_from(resp.get_data(as_text=True))

    def post(self, url: str, data: dict[str, Any] | None = None, *, token_from: str | None = None,
             **kw: Any) -> Any:
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_from or url))
        return self.client.post(url, data=data, **kw)

    def login(self, username: str, password: str = PASSWORD) -> Any:
        return self.post("/inloggen", {"username": username, "password": password})

    def logout(self) -> Any:
        return self.post("/uitloggen", token_from="/")


@pytest.fixture
def web(app: Flask) -> Browser:
    return Browser(app.test_client())


ROLE_USERS: dict[str, tuple[Role, ...]] = {
    "consulent": (Role.CONSULENT,),
    "teamleider": (Role.TEAMLEIDER, Role.CONSULENT),
    "beleid": (Role.BELEIDSMEDEWERKER,),
    "beheer": (Role.FUNCTIONEEL_BEHEERDER,),
    "auditor": (Role.AUDITOR,),
}


@pytest.fixture
def as_role(app: Flask, make_user: Callable[..., int]) -> Callable[[str], Browser]:
    """as_role("consulent") -> a Browser logged in as a fresh user with that role (gemeente 9991)."""

    def login_as(name: str) -> Browser:
        make_user(name, *ROLE_USERS[name])
        b = Browser(app.test_client())
        resp = b.login(name)
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return b

    return login_as


def get_user(username: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    assert user is not None
    return user
