"""Backup and restore round trip: back up a migrated database with real data, restore it into a
new database, run the migrations, and check the audit chain and a beschikking's PDF hash.

SQLite uses ``flask backup`` (the online backup API) while another connection keeps writing;
PostgreSQL uses ``pg_dump --format=custom`` and ``pg_restore`` as docs/OPERATIONS.md describes.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from config import TestConfig
from tests.dbutil import is_postgres, private_database
from tests.intake_helpers import user
from tests.privacy.helpers import full_case
from toegang import create_app
from toegang.accounts.operations import create_user
from toegang.accounts.roles import Role
from toegang.audit.operations import record, verify_chain
from toegang.beschikkingen.models import Beschikking
from toegang.catalogus.operations import load_reference_data
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.letters.render import sha256_hex
from toegang.seed import seed_gemeenten


def _populate(url: str) -> dict[str, object]:
    """Migrate a fresh database and put a complete case with an issued beschikking in it."""
    app = create_app(TestConfig(url))
    with app.app_context():
        upgrade()
        load_reference_data()
        seed_gemeenten()
        seed_catalogus()
        gid = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == "9991"))
        create_user(None, username="consulent", full_name="Consulent", email="",
                    password="correct-horse-battery-staple", roles=[Role.CONSULENT], gemeente_ids=[gid], via_cli=True)
        db.session.commit()
        ids = full_case(user("consulent"), gid)
        db.session.commit()
        b = db.session.get(Beschikking, ids["beschikking_id"])
        assert verify_chain() is None
        facts = {"beschikking_id": b.id, "sha256": b.sha256, "app": app}
        db.session.remove()
    return facts


def _check_restored(url: str, facts: dict[str, object], min_events: int = 0) -> None:
    app = create_app(TestConfig(url))
    with app.app_context():
        upgrade()  # a restored database is brought to the code's schema before use
        assert verify_chain() is None
        b = db.session.get(Beschikking, facts["beschikking_id"])
        assert b is not None and b.sha256 == facts["sha256"] and sha256_hex(b.pdf) == b.sha256
        db.session.remove()
        db.engine.dispose()


ON_POSTGRES = is_postgres(TestConfig().SQLALCHEMY_DATABASE_URI)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite-back-up; PostgreSQL gebruikt pg_dump")
def test_sqlite_backup_while_writing_and_restore(tmp_path: Path):
    with private_database(tmp_path, "bron") as url:
        facts = _populate(url)
        app = facts["app"]
        out = tmp_path / "backup.db"
        stop = threading.Event()
        written = []

        def writer() -> None:
            with app.app_context():
                while not stop.is_set():
                    record("test_schrijver")
                    db.session.commit()
                    written.append(1)
                db.session.remove()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
        finally:
            stop.set()
            thread.join(10)
        assert result.exit_code == 0, result.output
        assert written, "the writer never ran"
        assert out.stat().st_mode & 0o077 == 0  # only the owner may read a backup
        # Restore = copy the file into place as the new database.
        restored = tmp_path / "hersteld.db"
        shutil.copyfile(out, restored)
        _check_restored(f"sqlite:///{restored}", facts)
        with app.app_context():
            db.engine.dispose()


def test_backup_command_refuses_postgresql(tmp_path: Path):
    app = create_app(TestConfig("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "pg_dump" in result.output


@pytest.mark.skipif(not ON_POSTGRES, reason="alleen met PostgreSQL")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump/pg_restore niet geïnstalleerd")
def test_postgres_pg_dump_and_restore(tmp_path: Path):
    def libpq(url: str) -> str:
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    with private_database(tmp_path, "bron") as source_url:
        facts = _populate(source_url)
        with facts["app"].app_context():
            db.engine.dispose()
        dump = tmp_path / "toegang.dump"
        pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
        subprocess.run([pg_dump, "--format=custom", f"--file={dump}", libpq(source_url)], check=True)  # noqa: S603
        with private_database(tmp_path, "hersteld") as target_url:
            subprocess.run([pg_restore, "--clean", "--if-exists", "--no-owner",  # noqa: S603
                            f"--dbname={libpq(target_url)}", str(dump)], check=True)
            _check_restored(target_url, facts)
