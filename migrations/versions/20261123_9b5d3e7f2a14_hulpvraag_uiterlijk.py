"""Each case's effective onderzoek and beslistermijn deadlines, for monitoring.

``hulpvraag.onderzoek_uiterlijk`` and ``hulpvraag.beslis_uiterlijk``: the last day of each term
after opschorting, verdaging and the Algemene termijnenwet, kept by the application whenever the
case changes, so monitoring counts "past the legal term" in SQL with the werkvoorraad's rules.
Existing rows stay NULL until their case next changes; monitoring then uses the bare statutory term.

Revision ID: 9b5d3e7f2a14
Revises: 8f4b2c6d1e09
Create Date: 2026-11-23 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9b5d3e7f2a14'
down_revision = '8f4b2c6d1e09'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hulpvraag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('onderzoek_uiterlijk', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('beslis_uiterlijk', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('hulpvraag', schema=None) as batch_op:
        batch_op.drop_column('beslis_uiterlijk')
        batch_op.drop_column('onderzoek_uiterlijk')
