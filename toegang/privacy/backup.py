"""Backups of an SQLite database with the sqlite3 online backup API.

``sqlite3.Connection.backup`` copies the database page by page while the application keeps
running; pages that change during the copy make it restart the affected steps, so the result is a
consistent snapshot (WAL included). The copy is written next to the target and renamed into place
only when complete, with mode 0600 (it holds every resident's data). PostgreSQL is backed up with
``pg_dump --format=custom`` (see docs/OPERATIONS.md).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValueError("flask backup maakt alleen back-ups van een SQLite-bestand; gebruik pg_dump voor PostgreSQL.")
    return Path(url.database)


def backup_sqlite(database_url: str, out: str | os.PathLike[str]) -> int:
    """Copy the live database to ``out``; returns the size in bytes."""
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise FileNotFoundError(f"database {source_path} bestaat niet")
    target = Path(out)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    dest = sqlite3.connect(tmp)
    try:
        # All pages in one step inside one read transaction: in WAL mode that is a snapshot, and
        # writers carry on meanwhile (stepwise copying would restart whenever they write).
        source.backup(dest, pages=-1)
        # A backup must not depend on a -wal file next to it.
        dest.execute("PRAGMA journal_mode=DELETE")
        ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise RuntimeError(f"integriteitscontrole van de back-up mislukt: {ok}")
    except BaseException:
        dest.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    dest.close()
    os.replace(tmp, target)
    return target.stat().st_size
