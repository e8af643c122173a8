"""Database triggers that make an issued beschikking unchangeable on both backends.

Created with the table (``create_all`` in tests) and by the migrations in production, from the
same DDL strings, so what is tested is what runs.

There is exactly one permitted change to an issued beschikking: its *destruction* after the
bewaartermijn (``toegang.privacy.retention``). In one UPDATE the PDF is emptied to zero bytes,
the motivering (free text about the resident) is replaced, and ``pdf_vernietigd_at`` and
``pdf_vernietigd_door_id`` are set for the first time. Every other column — the SHA-256, the
kenmerk, the dates, the version — must stay exactly as it was, and a destroyed beschikking can
never change again.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

#: The columns destruction may change; every other column of ``beschikking`` is frozen.
DESTRUCTION_COLUMNS = ("pdf", "motivering", "pdf_vernietigd_at", "pdf_vernietigd_door_id")
#: Every other column (a test checks this list against the model, so a new column is not missed).
FROZEN_COLUMNS = (
    "id", "hulpvraag_id", "gemeente_id", "inwoner_id", "soort", "status", "kenmerk", "onderwerp",
    "intrekkingsgrond", "ingangsdatum_wijziging", "verzenddatum", "corrigeert_id", "sha256",
    "created_by_id", "vastgelegd_by_id", "vastgelegd_at", "version", "created_at", "updated_at",
)

_SQLITE_DESTRUCTION = (
    "OLD.pdf_vernietigd_at IS NULL AND NEW.pdf_vernietigd_at IS NOT NULL "
    "AND NEW.pdf_vernietigd_door_id IS NOT NULL AND length(NEW.pdf) = 0 AND NEW.motivering <> '' AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FROZEN_COLUMNS)
)

SQLITE_DDL = [
    f"""CREATE TRIGGER beschikking_immutable_update BEFORE UPDATE ON beschikking
       WHEN OLD.status = 'vastgelegd' AND NOT ({_SQLITE_DESTRUCTION})
       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden gewijzigd'); END""",
    """CREATE TRIGGER beschikking_immutable_delete BEFORE DELETE ON beschikking
       WHEN OLD.status = 'vastgelegd'
       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden verwijderd'); END""",
]

_PG_DESTRUCTION_KEYS = "ARRAY[" + ", ".join(f"'{c}'" for c in DESTRUCTION_COLUMNS) + "]"

POSTGRES_DDL = [
    f"""CREATE OR REPLACE FUNCTION beschikking_immutable() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'vastgelegd' THEN
           IF TG_OP = 'UPDATE' AND OLD.pdf_vernietigd_at IS NULL AND NEW.pdf_vernietigd_at IS NOT NULL
              AND NEW.pdf_vernietigd_door_id IS NOT NULL AND length(NEW.pdf) = 0
              AND (to_jsonb(NEW) - {_PG_DESTRUCTION_KEYS}) = (to_jsonb(OLD) - {_PG_DESTRUCTION_KEYS}) THEN
             RETURN NEW;  -- the one permitted change: destruction after the bewaartermijn
           END IF;
           RAISE EXCEPTION 'een vastgelegde beschikking kan niet worden gewijzigd of verwijderd';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER beschikking_immutable BEFORE UPDATE OR DELETE ON beschikking
       FOR EACH ROW EXECUTE FUNCTION beschikking_immutable()""",
]

DROP_SQLITE = ["DROP TRIGGER IF EXISTS beschikking_immutable_update",
               "DROP TRIGGER IF EXISTS beschikking_immutable_delete"]
DROP_POSTGRES = ["DROP TRIGGER IF EXISTS beschikking_immutable ON beschikking",
                 "DROP FUNCTION IF EXISTS beschikking_immutable()"]


def ddl_for(dialect: str) -> list[str]:
    return POSTGRES_DDL if dialect == "postgresql" else SQLITE_DDL


def drop_for(dialect: str) -> list[str]:
    return DROP_POSTGRES if dialect == "postgresql" else DROP_SQLITE


def install(table: sa.Table) -> None:
    """Attach the triggers to ``create_all`` of the table."""

    @sa.event.listens_for(table, "after_create")
    def _create(target: Any, connection: sa.Connection, **kw: Any) -> None:
        for statement in ddl_for(connection.dialect.name):
            connection.exec_driver_sql(statement)
