"""writers own their submissions, consents and idempotent answers; held interviews

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:00:00

Submissions, consents and stored idempotent answers belong to the writer who sent them (the
subject of their credential; '' for rows stored before, which every writer may act on), so a
writer's answers no longer depend on what other writers stored. A second interview of a subject
in a wave by another writer is kept but held (not current). Downgrading fails when two writers
used the same submission id in a study.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'submission',
        sa.Column('writer', sa.String(length=255), server_default='', nullable=False),
    )
    op.add_column('submission', sa.Column('held_at', sa.DateTime(timezone=True), nullable=True))
    op.drop_constraint(
        op.f('uq_submission_study_id_submission_id'), 'submission', type_='unique'
    )
    op.create_unique_constraint(
        op.f('uq_submission_study_id_writer_submission_id'),
        'submission',
        ['study_id', 'writer', 'submission_id'],
    )
    op.add_column(
        'consent', sa.Column('writer', sa.String(length=255), server_default='', nullable=False)
    )
    op.drop_constraint(
        op.f('uq_consent_subject_id_scope_text_version'), 'consent', type_='unique'
    )
    op.create_unique_constraint(
        op.f('uq_consent_subject_id_scope_text_version_writer'),
        'consent',
        ['subject_id', 'scope', 'text_version', 'writer'],
    )
    op.add_column(
        'idempotency_record',
        sa.Column('writer', sa.String(length=255), server_default='', nullable=False),
    )
    op.drop_constraint(op.f('pk_idempotency_record'), 'idempotency_record', type_='primary')
    op.create_primary_key(
        op.f('pk_idempotency_record'), 'idempotency_record', ['study_id', 'writer', 'key']
    )


def downgrade() -> None:
    op.drop_constraint(op.f('pk_idempotency_record'), 'idempotency_record', type_='primary')
    op.drop_column('idempotency_record', 'writer')
    op.create_primary_key(op.f('pk_idempotency_record'), 'idempotency_record', ['study_id', 'key'])
    op.drop_constraint(
        op.f('uq_consent_subject_id_scope_text_version_writer'), 'consent', type_='unique'
    )
    op.drop_column('consent', 'writer')
    op.create_unique_constraint(
        op.f('uq_consent_subject_id_scope_text_version'),
        'consent',
        ['subject_id', 'scope', 'text_version'],
    )
    op.drop_constraint(
        op.f('uq_submission_study_id_writer_submission_id'), 'submission', type_='unique'
    )
    op.drop_column('submission', 'held_at')
    op.drop_column('submission', 'writer')
    op.create_unique_constraint(
        op.f('uq_submission_study_id_submission_id'), 'submission', ['study_id', 'submission_id']
    )
