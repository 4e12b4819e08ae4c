"""actor network: fields of action (dated code list), actors, working groups, ties, meetings and
follow-ups

Revision ID: 0014_actor_network
Revises: 0013_offer_id_filters
Create Date: 2026-12-06 04:30:00

The fields of action of the programme's documents are the code list's first entries.
"""

from collections.abc import Sequence
from uuid import uuid5, UUID

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014_actor_network"
down_revision: str | None = "0013_offer_id_filters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Fixed ids, so that every deployment names an entry alike.
_NAMESPACE = UUID("2f6a6f1e-7a51-5d7e-9c35-0b5d0c7a4e11")


def upgrade() -> None:
    op.create_table('field_of_action',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_field_of_action_validity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_of_action')),
    sa.UniqueConstraint('code', 'valid_from', name=op.f('uq_field_of_action_code_valid_from'))
    )
    op.create_index(op.f('ix_field_of_action_code'), 'field_of_action', ['code'], unique=False)
    op.create_table('actor',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('provider_id', sa.Uuid(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('fields_of_action', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('target_groups', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('area_codes', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('municipality_ars', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('contact_role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('contact_person', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('contact_consent_date', sa.Date(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(provider_id IS NULL) = (name IS NOT NULL)', name=op.f('ck_actor_name_or_provider')),
    sa.CheckConstraint('contact_person IS NULL OR contact_consent_date IS NOT NULL', name=op.f('ck_actor_contact_consent')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_actor_validity')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_actor_provider_id_provider')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_actor_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_actor_provider_id'))
    )
    op.create_index(op.f('ix_actor_region_ars'), 'actor', ['region_ars'], unique=False)
    op.create_table('working_group',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('fields_of_action', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('parent_group_id', sa.Uuid(), nullable=True),
    sa.Column('convenor_actor_id', sa.Uuid(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('parent_group_id IS NULL OR parent_group_id <> id', name=op.f('ck_working_group_parent')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_working_group_validity')),
    sa.ForeignKeyConstraint(['convenor_actor_id'], ['actor.id'], name=op.f('fk_working_group_convenor_actor_id_actor')),
    sa.ForeignKeyConstraint(['parent_group_id'], ['working_group.id'], name=op.f('fk_working_group_parent_group_id_working_group')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_working_group_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_group'))
    )
    op.create_index(op.f('ix_working_group_region_ars'), 'working_group', ['region_ars'], unique=False)
    op.create_table('meeting',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('working_group_id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('participant_actor_ids', postgresql.ARRAY(postgresql.UUID(as_uuid=True)), server_default='{}', nullable=False),
    sa.Column('topics', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('decisions', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('minutes', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_meeting_region_ars_region')),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_group.id'], name=op.f('fk_meeting_working_group_id_working_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    op.create_index(op.f('ix_meeting_working_group_id'), 'meeting', ['working_group_id'], unique=False)
    op.create_table('tie',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('source_actor_id', sa.Uuid(), nullable=False),
    sa.Column('target_actor_id', sa.Uuid(), nullable=True),
    sa.Column('working_group_id', sa.Uuid(), nullable=True),
    sa.Column('membership_role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'membership' AND working_group_id IS NOT NULL AND target_actor_id IS NULL) OR (kind <> 'membership' AND working_group_id IS NULL AND target_actor_id IS NOT NULL)", name=op.f('ck_tie_endpoint')),
    sa.CheckConstraint("(kind = 'membership') = (membership_role IS NOT NULL)", name=op.f('ck_tie_membership_role')),
    sa.CheckConstraint('target_actor_id IS NULL OR target_actor_id <> source_actor_id', name=op.f('ck_tie_not_self')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_tie_validity')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_tie_region_ars_region')),
    sa.ForeignKeyConstraint(['source_actor_id'], ['actor.id'], name=op.f('fk_tie_source_actor_id_actor')),
    sa.ForeignKeyConstraint(['target_actor_id'], ['actor.id'], name=op.f('fk_tie_target_actor_id_actor')),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_group.id'], name=op.f('fk_tie_working_group_id_working_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tie'))
    )
    op.create_index(op.f('ix_tie_region_ars'), 'tie', ['region_ars'], unique=False)
    op.create_index(op.f('ix_tie_source_actor_id'), 'tie', ['source_actor_id'], unique=False)
    op.create_index(op.f('ix_tie_target_actor_id'), 'tie', ['target_actor_id'], unique=False)
    op.create_index(op.f('ix_tie_working_group_id'), 'tie', ['working_group_id'], unique=False)
    op.create_table('follow_up',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('owner_actor_id', sa.Uuid(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_follow_up_status')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_follow_up_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['owner_actor_id'], ['actor.id'], name=op.f('fk_follow_up_owner_actor_id_actor')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_follow_up_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    op.create_index(op.f('ix_follow_up_meeting_id'), 'follow_up', ['meeting_id'], unique=False)
    op.create_index(op.f('ix_follow_up_owner_actor_id'), 'follow_up', ['owner_actor_id'], unique=False)

    from koko_offers.field_of_action.labels import FIELDS_OF_ACTION

    table = sa.table(
        "field_of_action",
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("label", postgresql.JSONB()),
        sa.column("valid_from", sa.Date()),
        sa.column("valid_to", sa.Date()),
    )
    op.bulk_insert(
        table,
        [
            {
                "id": uuid5(_NAMESPACE, f"{entry.code}:{entry.valid_from}"),
                "code": entry.code,
                "position": position,
                "label": entry.labels,
                "valid_from": entry.valid_from,
                "valid_to": entry.valid_to,
            }
            for position, entry in enumerate(FIELDS_OF_ACTION, start=1)
        ],
    )


def downgrade() -> None:
    for table in ("follow_up", "tie", "meeting", "working_group", "actor", "field_of_action"):
        op.drop_table(table)
