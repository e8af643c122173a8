"""Privacy: bewaartermijn (anonymised residents, destroyed PDFs) and afgeschermde gespreksnotities.

Adds the columns only (no recreated tables): ``inwoner.geanonimiseerd_at``; the audit chain
head's anchor (for pruning the audit log after its own bewaartermijn); ``verslag`` and
``beschikking`` get who destroyed the PDF and when; ``gesprek`` gets ``afgeschermd`` and its reason.
The beschikking triggers are replaced by ones that permit exactly one change to an issued
beschikking: its destruction after the bewaartermijn (the same DDL as
``toegang/beschikkingen/immutability.py``, frozen here).

Revision ID: 7e3a9c1d5b20
Revises: 7d3e5a91c4b2
Create Date: 2026-11-23 11:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7e3a9c1d5b20'
down_revision = '7d3e5a91c4b2'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER beschikking_immutable_update BEFORE UPDATE ON beschikking\n       WHEN OLD.status = 'vastgelegd' AND NOT (OLD.pdf_vernietigd_at IS NULL AND NEW.pdf_vernietigd_at IS NOT NULL AND NEW.pdf_vernietigd_door_id IS NOT NULL AND length(NEW.pdf) = 0 AND NEW.motivering <> '' AND NEW.id IS OLD.id AND NEW.hulpvraag_id IS OLD.hulpvraag_id AND NEW.gemeente_id IS OLD.gemeente_id AND NEW.inwoner_id IS OLD.inwoner_id AND NEW.soort IS OLD.soort AND NEW.status IS OLD.status AND NEW.kenmerk IS OLD.kenmerk AND NEW.onderwerp IS OLD.onderwerp AND NEW.intrekkingsgrond IS OLD.intrekkingsgrond AND NEW.ingangsdatum_wijziging IS OLD.ingangsdatum_wijziging AND NEW.verzenddatum IS OLD.verzenddatum AND NEW.corrigeert_id IS OLD.corrigeert_id AND NEW.sha256 IS OLD.sha256 AND NEW.created_by_id IS OLD.created_by_id AND NEW.vastgelegd_by_id IS OLD.vastgelegd_by_id AND NEW.vastgelegd_at IS OLD.vastgelegd_at AND NEW.version IS OLD.version AND NEW.created_at IS OLD.created_at AND NEW.updated_at IS OLD.updated_at)\n       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden gewijzigd'); END",
    "CREATE TRIGGER beschikking_immutable_delete BEFORE DELETE ON beschikking\n       WHEN OLD.status = 'vastgelegd'\n       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden verwijderd'); END",
]

POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION beschikking_immutable() RETURNS trigger AS $$\n       BEGIN\n         IF OLD.status = 'vastgelegd' THEN\n           IF TG_OP = 'UPDATE' AND OLD.pdf_vernietigd_at IS NULL AND NEW.pdf_vernietigd_at IS NOT NULL\n              AND NEW.pdf_vernietigd_door_id IS NOT NULL AND length(NEW.pdf) = 0\n              AND (to_jsonb(NEW) - ARRAY['pdf', 'motivering', 'pdf_vernietigd_at', 'pdf_vernietigd_door_id']) = (to_jsonb(OLD) - ARRAY['pdf', 'motivering', 'pdf_vernietigd_at', 'pdf_vernietigd_door_id']) THEN\n             RETURN NEW;  -- the one permitted change: destruction after the bewaartermijn\n           END IF;\n           RAISE EXCEPTION 'een vastgelegde beschikking kan niet worden gewijzigd of verwijderd';\n         END IF;\n         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n         RETURN NEW;\n       END $$ LANGUAGE plpgsql",
    'CREATE TRIGGER beschikking_immutable BEFORE UPDATE OR DELETE ON beschikking\n       FOR EACH ROW EXECUTE FUNCTION beschikking_immutable()',
]

OLD_SQLITE_TRIGGERS = [
    "CREATE TRIGGER beschikking_immutable_update BEFORE UPDATE ON beschikking\n       WHEN OLD.status = 'vastgelegd'\n       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden gewijzigd'); END",
    "CREATE TRIGGER beschikking_immutable_delete BEFORE DELETE ON beschikking\n       WHEN OLD.status = 'vastgelegd'\n       BEGIN SELECT RAISE(ABORT, 'een vastgelegde beschikking kan niet worden verwijderd'); END",
]

OLD_POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION beschikking_immutable() RETURNS trigger AS $$\n       BEGIN\n         IF OLD.status = 'vastgelegd' THEN\n           RAISE EXCEPTION 'een vastgelegde beschikking kan niet worden gewijzigd of verwijderd';\n         END IF;\n         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n         RETURN NEW;\n       END $$ LANGUAGE plpgsql",
    'CREATE TRIGGER beschikking_immutable BEFORE UPDATE OR DELETE ON beschikking\n       FOR EACH ROW EXECUTE FUNCTION beschikking_immutable()',
]

DROP_SQLITE = [
    'DROP TRIGGER IF EXISTS beschikking_immutable_update',
    'DROP TRIGGER IF EXISTS beschikking_immutable_delete',
]

DROP_POSTGRES = [
    'DROP TRIGGER IF EXISTS beschikking_immutable ON beschikking',
    'DROP FUNCTION IF EXISTS beschikking_immutable()',
]


def _replace_triggers(new_sqlite, new_postgres):
    pg = op.get_bind().dialect.name == "postgresql"
    for statement in (DROP_POSTGRES if pg else DROP_SQLITE):
        op.execute(statement)
    for statement in (new_postgres if pg else new_sqlite):
        op.execute(statement)


def upgrade():
    with op.batch_alter_table('inwoner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geanonimiseerd_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('verslag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vernietigd_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('vernietigd_door_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('gesprek', schema=None) as batch_op:
        batch_op.add_column(sa.Column('afgeschermd', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('afscherming_reden', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('beschikking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_vernietigd_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('pdf_vernietigd_door_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('audit_chain_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor_seq', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('anchor_hash', sa.String(length=64), server_default='0' * 64,
                                      nullable=False))
    _replace_triggers(SQLITE_TRIGGERS, POSTGRES_TRIGGERS)


def _drop_columns(table, *columns):
    # Native DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch "move and copy" of beschikking would
    # DROP the old table, and with foreign keys on that cascades into beschikking_indicatie.
    for column in columns:
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')


def downgrade():
    _replace_triggers(OLD_SQLITE_TRIGGERS, OLD_POSTGRES_TRIGGERS)
    _drop_columns('beschikking', 'pdf_vernietigd_door_id', 'pdf_vernietigd_at')
    _drop_columns('gesprek', 'afscherming_reden', 'afgeschermd')
    _drop_columns('verslag', 'vernietigd_door_id', 'vernietigd_at')
    _drop_columns('inwoner', 'geanonimiseerd_at')
    _drop_columns('audit_chain_head', 'anchor_hash', 'anchor_seq')
