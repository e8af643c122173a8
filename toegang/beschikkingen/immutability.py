"""Database triggers that make an issued beschikking unchangeable on both backends.

Created with the table (``create_all`` in tests) and by the migration in production, from the
same DDL strings, so what is tested is what runs.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

SQLITE_DDL = [
    """CREATE TRIGGER beschikking_immutable_update BEFORE UPDATE ON beschikking
       WHEN OLD.status = 'vastgelegd'
       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden gewijzigd'); END""",
    """CREATE TRIGGER beschikking_immutable_delete BEFORE DELETE ON beschikking
       WHEN OLD.status = 'vastgelegd'
       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden verwijderd'); END""",
]

POSTGRES_DDL = [
    """CREATE OR REPLACE FUNCTION beschikking_immutable() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'vastgelegd' THEN
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
