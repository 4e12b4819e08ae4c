"""record keys per person; table plans; releases per wave with their published values stored

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 08:00:00

Issue 16. Record keys are derived per person and study (HMAC of the stored pseudonym under a
new per-study salt) instead of drawn per row: existing subjects get theirs here and every
existing submission takes its subject's key. Table plans are versioned per study and pinned by
waves. A release belongs to one wave and stores its published values (`release_cell`); releases
made before (per study, without stored values) stay but publish nothing. Downgrading drops the
stored values and plans, and gives every submission a random key again.
"""

import hashlib
import hmac
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RANDOM_SALT = "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')"
RANDOM_KEY = "('x' || left(gen_random_uuid()::text, 8))::bit(32)::bigint"


def _record_key(salt: bytes, pseudonym: str) -> int:
    digest = hmac.new(salt, bytes.fromhex(pseudonym), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], 'big')


def upgrade() -> None:
    op.add_column(
        'study',
        sa.Column(
            'record_key_salt', postgresql.BYTEA(), nullable=False, server_default=sa.text(RANDOM_SALT)
        ),
    )
    op.alter_column('study', 'record_key_salt', server_default=None)
    op.add_column('subject', sa.Column('record_key', sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            'SELECT k.id, k.pseudonym, s.record_key_salt FROM subject k '
            'JOIN study s ON s.id = k.study_id'
        )
    ).all()
    if rows:
        bind.execute(
            sa.text('UPDATE subject SET record_key = :key WHERE id = :id'),
            [{'id': r.id, 'key': _record_key(bytes(r.record_key_salt), r.pseudonym)} for r in rows],
        )
    op.alter_column('subject', 'record_key', nullable=False)
    op.alter_column('submission', 'record_key', server_default=None)
    op.execute(
        'UPDATE submission s SET record_key = k.record_key FROM subject k WHERE k.id = s.subject_id'
    )
    op.add_column('wave', sa.Column('table_plan_version', sa.Integer(), nullable=True))
    op.create_table(
        'table_plan',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('study_id', sa.Uuid(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('indicators', postgresql.JSONB(), server_default='[]', nullable=False),
        sa.Column('breakdowns', postgresql.JSONB(), server_default='[]', nullable=False),
        sa.Column('code_lists', postgresql.JSONB(), server_default='{}', nullable=False),
        sa.Column('defined_by', sa.String(length=255), nullable=False),
        sa.Column(
            'created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False
        ),
        sa.ForeignKeyConstraint(['study_id'], ['study.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('study_id', 'version'),
    )
    op.create_index('ix_table_plan_study_id', 'table_plan', ['study_id'])
    op.add_column('study_release', sa.Column('wave_id', sa.Uuid(), nullable=True))
    op.create_foreign_key(
        'study_release_wave_id_fkey', 'study_release', 'wave', ['wave_id'], ['id'],
        ondelete='CASCADE',
    )
    op.create_index('ix_study_release_wave_id', 'study_release', ['wave_id'])
    op.add_column(
        'study_release', sa.Column('revision', sa.Integer(), server_default='0', nullable=False)
    )
    op.add_column('study_release', sa.Column('plan_version', sa.Integer(), nullable=True))
    op.create_table(
        'release_cell',
        sa.Column('release_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('dims', sa.String(length=128), nullable=False),
        sa.Column('key', postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column('category', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('sign', sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(['release_id'], ['study_release.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('release_id', 'kind', 'name', 'dims', 'key', 'category'),
    )
    # A published value never changes (erasure included); only deleting the study removes it.
    op.execute(
        "CREATE TRIGGER release_cell_immutable BEFORE UPDATE ON release_cell "
        "FOR EACH ROW EXECUTE FUNCTION study_release_refuse_update()"
    )


def downgrade() -> None:
    op.drop_table('release_cell')
    op.drop_column('study_release', 'plan_version')
    op.drop_column('study_release', 'revision')
    op.drop_index('ix_study_release_wave_id', table_name='study_release')
    op.drop_constraint('study_release_wave_id_fkey', 'study_release', type_='foreignkey')
    op.drop_column('study_release', 'wave_id')
    op.drop_index('ix_table_plan_study_id', table_name='table_plan')
    op.drop_table('table_plan')
    op.drop_column('wave', 'table_plan_version')
    op.execute(f'UPDATE submission SET record_key = {RANDOM_KEY}')
    op.alter_column('submission', 'record_key', server_default=sa.text(RANDOM_KEY))
    op.drop_column('subject', 'record_key')
    op.drop_column('study', 'record_key_salt')
