"""Migrations: `upgrade head` gives exactly the models' schema, and everything goes down again.

Runs against a private, empty database of the same kind as the suite (SQLite or PostgreSQL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from tests.dbutil import private_database
from toegang import create_app
from toegang.extensions import db


def test_upgrade_matches_models_and_downgrade_cleans_up(tmp_path):
    with private_database(tmp_path, "mig") as url:
        app = create_app(TestConfig(url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "render_as_batch": True})
                diff = compare_metadata(ctx, db.metadata)
            assert diff == [], f"models and migrations differ (forgotten migration?): {diff}"
            with db.engine.connect() as conn:
                head = conn.execute(sa.text("SELECT last_seq, last_hash FROM audit_chain_head")).one()
                assert head == (0, "0" * 64)

            downgrade(revision="base")
            remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert remaining == set()

            upgrade()  # and up again, cleanly
            assert "audit_event" in sa.inspect(db.engine).get_table_names()
            db.session.remove()
            db.engine.dispose()


def test_every_revision_steps_down_and_up(tmp_path):
    """Walk the chain one revision at a time, as the securedrop suite does."""
    from alembic.script import ScriptDirectory

    with private_database(tmp_path, "walk") as url:
        app = create_app(TestConfig(url))
        with app.app_context():
            config = app.extensions["migrate"].migrate.get_config()
            revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
            for rev in revisions:
                upgrade(revision=rev.revision)
            for rev in reversed(revisions):
                downgrade(revision=rev.down_revision or "base")
            db.session.remove()
            db.engine.dispose()
