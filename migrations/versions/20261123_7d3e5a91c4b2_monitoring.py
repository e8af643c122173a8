"""Monitoring: imported history (clients, indicaties, declaraties, import runs) and API tokens.

The resident's satisfaction score (hulpvraag.tevredenheid) already exists since the intake migration.

Revision ID: 7d3e5a91c4b2
Revises: 33e4e6b442df
Create Date: 2026-11-23 11:44:54.366900

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d3e5a91c4b2'
down_revision = '33e4e6b442df'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("scope IN ('monitoring')", name=op.f('ck_api_token_scope_bekend')),
    sa.CheckConstraint('(revoked_at IS NULL) = (revoked_by_id IS NULL)', name=op.f('ck_api_token_intrekking_volledig')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_token_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_api_token_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_api_token_revoked_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('historie_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('client_ref', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_historie_client_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historie_client')),
    sa.UniqueConstraint('gemeente_id', 'client_ref', name=op.f('uq_historie_client_gemeente_id_client_ref'))
    )
    op.create_table('historie_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('bestand', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('declaraties_bestand', sa.String(length=255), nullable=True),
    sa.Column('declaraties_sha256', sa.String(length=64), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('indicaties_nieuw', sa.Integer(), nullable=False),
    sa.Column('indicaties_overgeslagen', sa.Integer(), nullable=False),
    sa.Column('declaraties_nieuw', sa.Integer(), nullable=False),
    sa.Column('declaraties_overgeslagen', sa.Integer(), nullable=False),
    sa.Column('ongeldig', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_historie_import_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historie_import'))
    )
    with op.batch_alter_table('historie_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_historie_import_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('historie_indicatie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('indicatie_ref', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('geboortedatum', sa.Date(), nullable=False),
    sa.Column('geslacht', sa.String(length=1), nullable=True),
    sa.Column('wijk_id', sa.Integer(), nullable=True),
    sa.Column('wet', sa.String(length=3), nullable=False),
    sa.Column('productcategorie', sa.String(length=2), nullable=False),
    sa.Column('productcode', sa.String(length=5), nullable=False),
    sa.Column('leveringsvorm', sa.String(length=3), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=True),
    sa.Column('verwijzer_code', sa.String(length=2), nullable=True),
    sa.Column('melddatum', sa.Date(), nullable=True),
    sa.Column('aanvraagdatum', sa.Date(), nullable=True),
    sa.Column('beschikkingsdatum', sa.Date(), nullable=True),
    sa.Column('ingangsdatum', sa.Date(), nullable=False),
    sa.Column('einddatum', sa.Date(), nullable=True),
    sa.Column('volume', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('eenheid', sa.String(length=2), nullable=True),
    sa.Column('frequentie', sa.String(length=1), nullable=True),
    sa.Column('kosten_toegekend_cents', sa.BigInteger(), nullable=False),
    sa.Column('kosten_12m_cents', sa.BigInteger(), nullable=False),
    sa.Column('reden_beeindiging', sa.String(length=2), nullable=True),
    sa.CheckConstraint("leveringsvorm IN ('ZIN', 'PGB')", name=op.f('ck_historie_indicatie_leveringsvorm_bekend')),
    sa.CheckConstraint("wet IN ('WMO', 'JW', 'PW')", name=op.f('ck_historie_indicatie_wet_bekend')),
    sa.CheckConstraint('einddatum IS NULL OR einddatum >= ingangsdatum', name=op.f('ck_historie_indicatie_einde_na_begin')),
    sa.CheckConstraint('kosten_toegekend_cents >= 0', name=op.f('ck_historie_indicatie_kosten_niet_negatief')),
    sa.ForeignKeyConstraint(['aanbieder_id'], ['aanbieder.id'], name=op.f('fk_historie_indicatie_aanbieder_id_aanbieder')),
    sa.ForeignKeyConstraint(['client_id'], ['historie_client.id'], name=op.f('fk_historie_indicatie_client_id_historie_client')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_historie_indicatie_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['import_id'], ['historie_import.id'], name=op.f('fk_historie_indicatie_import_id_historie_import')),
    sa.ForeignKeyConstraint(['wijk_id'], ['wijk.id'], name=op.f('fk_historie_indicatie_wijk_id_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historie_indicatie')),
    sa.UniqueConstraint('gemeente_id', 'indicatie_ref', name=op.f('uq_historie_indicatie_gemeente_id_indicatie_ref'))
    )
    with op.batch_alter_table('historie_indicatie', schema=None) as batch_op:
        batch_op.create_index('ix_historie_indicatie_beschikking', ['gemeente_id', 'beschikkingsdatum'], unique=False)
        batch_op.create_index('ix_historie_indicatie_client', ['gemeente_id', 'client_id', 'ingangsdatum', 'einddatum'], unique=False)
        batch_op.create_index('ix_historie_indicatie_eind', ['gemeente_id', 'einddatum', 'ingangsdatum'], unique=False)
        batch_op.create_index(batch_op.f('ix_historie_indicatie_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_historie_indicatie_melding', ['gemeente_id', 'melddatum'], unique=False)

    op.create_table('historie_declaratie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('indicatie_id', sa.Integer(), nullable=False),
    sa.Column('periode_start', sa.Date(), nullable=False),
    sa.Column('periode_eind', sa.Date(), nullable=False),
    sa.Column('bedrag_cents', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('periode_eind >= periode_start', name=op.f('ck_historie_declaratie_eind_na_start')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_historie_declaratie_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['import_id'], ['historie_import.id'], name=op.f('fk_historie_declaratie_import_id_historie_import')),
    sa.ForeignKeyConstraint(['indicatie_id'], ['historie_indicatie.id'], name=op.f('fk_historie_declaratie_indicatie_id_historie_indicatie')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historie_declaratie')),
    sa.UniqueConstraint('indicatie_id', 'periode_start', 'periode_eind', name=op.f('uq_historie_declaratie_indicatie_id_periode_start_periode_eind'))
    )
    with op.batch_alter_table('historie_declaratie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_historie_declaratie_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_historie_declaratie_periode', ['gemeente_id', 'periode_eind', 'periode_start'], unique=False)



def downgrade():
    with op.batch_alter_table('historie_declaratie', schema=None) as batch_op:
        batch_op.drop_index('ix_historie_declaratie_periode')
        batch_op.drop_index(batch_op.f('ix_historie_declaratie_import_id'))

    op.drop_table('historie_declaratie')
    with op.batch_alter_table('historie_indicatie', schema=None) as batch_op:
        batch_op.drop_index('ix_historie_indicatie_melding')
        batch_op.drop_index(batch_op.f('ix_historie_indicatie_import_id'))
        batch_op.drop_index('ix_historie_indicatie_eind')
        batch_op.drop_index('ix_historie_indicatie_client')
        batch_op.drop_index('ix_historie_indicatie_beschikking')

    op.drop_table('historie_indicatie')
    with op.batch_alter_table('historie_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_historie_import_gemeente_id'))

    op.drop_table('historie_import')
    op.drop_table('historie_client')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_gemeente_id'))

    op.drop_table('api_token')
