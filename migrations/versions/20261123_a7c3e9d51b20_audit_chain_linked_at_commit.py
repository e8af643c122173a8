"""Audit events join the hash chain when their transaction commits: seq, prev_hash and hash may be
NULL inside the writing transaction (never in a committed row).

Revision ID: a7c3e9d51b20
Revises: 2c51f916bfa1
Create Date: 2026-11-23 11:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e9d51b20'
down_revision = '2c51f916bfa1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=True)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=True)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
