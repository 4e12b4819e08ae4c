"""microdata exports checked against what each analyst received

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00

Exports are stored per recipient (which person in which equivalence class, the released rows
while their pages may be read); admins grant the panel view per study and analyst; a study can
mark questions non-identifying.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'study',
        sa.Column(
            'non_identifying_questions',
            postgresql.ARRAY(sa.TEXT()),
            server_default='{}',
            nullable=False,
        ),
    )
    op.create_table(
        'microdata_export',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('study_id', sa.Uuid(), nullable=False),
        sa.Column('recipient', sa.String(length=255), nullable=False),
        sa.Column('wave_ids', postgresql.ARRAY(sa.Uuid()), server_default='{}', nullable=False),
        sa.Column('linked', sa.Boolean(), nullable=False),
        sa.Column('key_columns', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
        sa.Column('generalisation', sa.String(length=32), nullable=False),
        sa.Column('record_count', sa.Integer(), nullable=False),
        sa.Column('report', postgresql.JSONB(), server_default='{}', nullable=False),
        sa.Column(
            'created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ['study_id'], ['study.id'], name=op.f('fk_microdata_export_study_id_study'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_microdata_export')),
    )
    op.create_index(
        'ix_microdata_export_recipient',
        'microdata_export',
        ['study_id', 'recipient', 'created_at'],
        unique=False,
    )
    op.create_table(
        'microdata_export_record',
        sa.Column('export_id', sa.Uuid(), nullable=False),
        sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('subject_id', sa.Uuid(), nullable=False),
        sa.Column('class_number', sa.Integer(), nullable=False),
        sa.Column('suppressed', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
        sa.Column('row', postgresql.JSONB(), nullable=True),
        sa.ForeignKeyConstraint(
            ['export_id'], ['microdata_export.id'],
            name=op.f('fk_microdata_export_record_export_id_microdata_export'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['subject_id'], ['subject.id'],
            name=op.f('fk_microdata_export_record_subject_id_subject'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('export_id', 'position', name=op.f('pk_microdata_export_record')),
    )
    op.create_index(
        op.f('ix_microdata_export_record_subject_id'),
        'microdata_export_record',
        ['subject_id'],
        unique=False,
    )
    op.create_table(
        'study_panel_access',
        sa.Column('study_id', sa.Uuid(), nullable=False),
        sa.Column('analyst', sa.String(length=255), nullable=False),
        sa.Column('granted_by', sa.String(length=255), nullable=False),
        sa.Column(
            'granted_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ['study_id'], ['study.id'], name=op.f('fk_study_panel_access_study_id_study'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('study_id', 'analyst', name=op.f('pk_study_panel_access')),
    )


def downgrade() -> None:
    op.drop_table('study_panel_access')
    op.drop_index(op.f('ix_microdata_export_record_subject_id'), table_name='microdata_export_record')
    op.drop_table('microdata_export_record')
    op.drop_index('ix_microdata_export_recipient', table_name='microdata_export')
    op.drop_table('microdata_export')
    op.drop_column('study', 'non_identifying_questions')
