"""Indexes for the pages everyone opens all day: werkvoorraad, its signals, the review queue count.

A partial index on ``hulpvraag (consulent_id, termijn_datum, melddatum, id)`` for the rows that are
not closed: the werkvoorraad's page and count read it directly instead of sorting all of a
consultant's cases (closed cases, most of them over the years, are not in it). And
``indicatie (wet, status, hulpvraag_id)`` for the werkvoorraad's signals (Jeugdwet indicaties that
are beschikt, per case), which otherwise scan every indicatie. And ``indicatie (nacontrole)``: the
teamleider's queue count on every page (awaiting review or nacontrole open) became a scan of all
indicaties because of the OR; with both indexes PostgreSQL combines two index scans.

Revision ID: 8f4b2c6d1e09
Revises: 7e3a9c1d5b20
Create Date: 2026-11-23 15:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8f4b2c6d1e09'
down_revision = '7e3a9c1d5b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hulpvraag_werkvoorraad', 'hulpvraag', ['consulent_id', 'termijn_datum', 'melddatum', 'id'],
                    unique=False, postgresql_where=sa.text("status <> 'afgesloten'"),
                    sqlite_where=sa.text("status <> 'afgesloten'"))
    op.create_index('ix_indicatie_wet_status_hulpvraag', 'indicatie', ['wet', 'status', 'hulpvraag_id'], unique=False)
    op.create_index('ix_indicatie_nacontrole', 'indicatie', ['nacontrole'], unique=False)


def downgrade():
    op.drop_index('ix_indicatie_nacontrole', table_name='indicatie')
    op.drop_index('ix_indicatie_wet_status_hulpvraag', table_name='indicatie')
    op.drop_index('ix_hulpvraag_werkvoorraad', table_name='hulpvraag',
                  postgresql_where=sa.text("status <> 'afgesloten'"), sqlite_where=sa.text("status <> 'afgesloten'"))
