"""disclosure control: record keys, releases, floors

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 19:40:00

Every submission gets its random record key of the cell key method (existing rows too: a volatile
default is evaluated per row). Rounding gives way to the cell key method, so `rounding_base`
goes. Studies below the new floors are raised to them (minCellCount 3, k 5, rate denominator 10,
release minimum 10) before the floors become constraints. Releases are append-only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'submission',
        sa.Column(
            'record_key',
            sa.BigInteger(),
            server_default=sa.text('floor(random() * 4294967296)::bigint'),
            nullable=False,
        ),
    )
    op.drop_constraint(op.f('ck_study_rounding_base_covers_threshold'), 'study', type_='check')
    op.drop_constraint(op.f('ck_study_min_cell_count_positive'), 'study', type_='check')
    op.drop_column('study', 'rounding_base')
    op.add_column(
        'study',
        sa.Column('release_min_submissions', sa.Integer(), server_default='10', nullable=False),
    )
    op.add_column(
        'study',
        sa.Column(
            'reviewed_free_text', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False
        ),
    )
    op.execute(
        "UPDATE study SET min_cell_count = greatest(min_cell_count, 3), "
        "k_anonymity = greatest(k_anonymity, 5), "
        "min_rate_denominator = greatest(min_rate_denominator, 10)"
    )
    op.create_check_constraint(op.f('ck_study_min_cell_count_floor'), 'study', 'min_cell_count >= 3')
    op.create_check_constraint(op.f('ck_study_k_anonymity_floor'), 'study', 'k_anonymity >= 5')
    op.create_check_constraint(
        op.f('ck_study_min_rate_denominator_floor'), 'study', 'min_rate_denominator >= 10'
    )
    op.create_check_constraint(
        op.f('ck_study_release_min_submissions_floor'), 'study', 'release_min_submissions >= 10'
    )
    op.create_table(
        'study_release',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('study_id', sa.Uuid(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('cut_off_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            'wave_ids', postgresql.ARRAY(sa.Uuid()), server_default='{}', nullable=False
        ),
        sa.Column('submission_count', sa.Integer(), nullable=False),
        sa.Column('new_submission_count', sa.Integer(), nullable=False),
        sa.Column('published_by', sa.String(length=255), nullable=False),
        sa.Column(
            'published_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ['study_id'], ['study.id'], name=op.f('fk_study_release_study_id_study'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_study_release')),
        sa.UniqueConstraint('study_id', 'number', name=op.f('uq_study_release_study_id_number')),
    )
    op.create_index(op.f('ix_study_release_study_id'), 'study_release', ['study_id'])
    op.create_table(
        'study_release_submission',
        sa.Column('release_id', sa.Uuid(), nullable=False),
        sa.Column('submission_row_id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ['release_id'], ['study_release.id'],
            name=op.f('fk_study_release_submission_release_id_study_release'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['submission_row_id'], ['submission.id'],
            name=op.f('fk_study_release_submission_submission_row_id_submission'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'release_id', 'submission_row_id', name=op.f('pk_study_release_submission')
        ),
    )
    op.create_index(
        op.f('ix_study_release_submission_submission_row_id'),
        'study_release_submission',
        ['submission_row_id'],
    )
    # A release never changes; rows leave only with their study or an erased subject (cascade).
    op.execute(
        """
        CREATE FUNCTION study_release_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is immutable: UPDATE refused', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    for table in ('study_release', 'study_release_submission'):
        op.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION study_release_refuse_update()"
        )


def downgrade() -> None:
    op.drop_table('study_release_submission')
    op.drop_table('study_release')
    op.execute("DROP FUNCTION study_release_refuse_update()")
    op.drop_constraint(op.f('ck_study_release_min_submissions_floor'), 'study', type_='check')
    op.drop_constraint(op.f('ck_study_min_rate_denominator_floor'), 'study', type_='check')
    op.drop_constraint(op.f('ck_study_k_anonymity_floor'), 'study', type_='check')
    op.drop_constraint(op.f('ck_study_min_cell_count_floor'), 'study', type_='check')
    op.drop_column('study', 'reviewed_free_text')
    op.drop_column('study', 'release_min_submissions')
    op.add_column(
        'study', sa.Column('rounding_base', sa.Integer(), server_default='5', nullable=False)
    )
    op.create_check_constraint(
        op.f('ck_study_min_cell_count_positive'), 'study', 'min_cell_count >= 1'
    )
    op.create_check_constraint(
        op.f('ck_study_rounding_base_covers_threshold'), 'study', 'rounding_base >= min_cell_count'
    )
    op.drop_column('submission', 'record_key')
