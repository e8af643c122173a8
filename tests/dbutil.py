"""Test databases: a private database per test run, on SQLite or PostgreSQL.

``TEST_DATABASE_URL`` picks the server. For PostgreSQL we create a fresh database with a unique
name next to the one named (and drop it afterwards), so parallel runs never share tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def base_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


@contextmanager
def private_database(tmp_dir: Path, label: str = "run") -> Iterator[str]:
    """Yield the URL of a new, empty database; remove it afterwards."""
    url = base_url()
    if not is_postgres(url):
        path = tmp_dir / f"toegang-{label}-{uuid.uuid4().hex[:8]}.db"
        yield f"sqlite:///{path}"
        return
    assert url is not None
    name = f"toegang_test_{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()
