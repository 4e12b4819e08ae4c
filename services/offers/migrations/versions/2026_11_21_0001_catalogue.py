"""catalogue

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 19:30:00.426259
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Full-text search helpers: unaccent for umlaut-insensitive matching, trigrams for parts of
    # German compound words ("kurs" in "Integrationskurs"), earthdistance for distance search.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS cube")
    op.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    # unaccent() is only STABLE; an IMMUTABLE wrapper with an explicit dictionary can be indexed.
    op.execute(
        """
        CREATE OR REPLACE FUNCTION koko_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
        """
    )
    op.create_table('category',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('parent_code', sa.String(length=60), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['category.code'], name=op.f('fk_category_parent_code_category')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_category'))
    )
    op.create_table('change_log',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor_subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('changes', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log'))
    )
    op.create_index('ix_change_log_entity', 'change_log', ['entity', 'entity_id', 'id'], unique=False)
    op.create_index(op.f('ix_change_log_region_ars'), 'change_log', ['region_ars'], unique=False)
    op.create_table('course_type',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('family', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('kursnet_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('label', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('entry_level', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('target_level', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('teaching_units', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_course_type_validity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_type')),
    sa.UniqueConstraint('code', 'valid_from', name=op.f('uq_course_type_code_valid_from'))
    )
    op.create_index(op.f('ix_course_type_code'), 'course_type', ['code'], unique=False)
    op.create_table('region',
    sa.Column('ars', sa.String(length=12), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('parent_ars', sa.String(length=12), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.CheckConstraint("ars ~ '^[0-9]{12}$'", name=op.f('ck_region_ars_format')),
    sa.CheckConstraint("level IN ('state', 'district', 'municipality')", name=op.f('ck_region_level')),
    sa.ForeignKeyConstraint(['parent_ars'], ['region.ars'], name=op.f('fk_region_parent_ars_region')),
    sa.PrimaryKeyConstraint('ars', name=op.f('pk_region'))
    )
    op.create_table('translation',
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('source_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('translated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('up_to_date', 'outdated', 'machine_translated')", name=op.f('ck_translation_state')),
    sa.PrimaryKeyConstraint('entity', 'entity_id', 'field', 'language', name=op.f('pk_translation'))
    )
    op.create_index('ix_translation_language', 'translation', ['language', 'entity'], unique=False)
    op.create_table('area',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geojson', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_area_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('region_ars', 'code', name=op.f('uq_area_region_ars_code'))
    )
    op.create_table('pathway',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('goal', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f('ck_pathway_status')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_pathway_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway'))
    )
    op.create_index(op.f('ix_pathway_region_ars'), 'pathway', ['region_ars'], unique=False)
    op.create_table('provider',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=True),
    sa.Column('bamf_provider_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('kursnet_provider_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_provider_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider'))
    )
    op.create_index(op.f('ix_provider_region_ars'), 'provider', ['region_ars'], unique=False)
    op.create_table('location',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('area_id', sa.Uuid(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('barrier_free', sa.Boolean(), nullable=True),
    sa.Column('transit_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('opening_hours', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('appointment_only', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_location_area_id_area')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_location_provider_id_provider')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_location_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location'))
    )
    op.create_index(op.f('ix_location_provider_id'), 'location', ['provider_id'], unique=False)
    op.create_index(op.f('ix_location_region_ars'), 'location', ['region_ars'], unique=False)
    op.create_table('pathway_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('pathway_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=True),
    sa.Column('conditions', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('category_codes', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('offer_ids', postgresql.ARRAY(sa.UUID()), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['pathway_id'], ['pathway.id'], name=op.f('fk_pathway_step_pathway_id_pathway'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_step')),
    sa.UniqueConstraint('pathway_id', 'position', name=op.f('uq_pathway_step_pathway_id_position'))
    )
    op.create_index(op.f('ix_pathway_step_pathway_id'), 'pathway_step', ['pathway_id'], unique=False)
    op.create_table('offer',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('location_id', sa.Uuid(), nullable=True),
    sa.Column('category_code', sa.String(length=60), nullable=False),
    sa.Column('course_type_id', sa.Uuid(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('target_groups', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('residence_statuses', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('eligibility_note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('instruction_languages', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('support_languages', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('cost_options', postgresql.ARRAY(sa.TEXT()), server_default='{}', nullable=False),
    sa.Column('fee_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('childcare', sa.Boolean(), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('last_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('search_vector', postgresql.TSVECTOR(), nullable=True),
    sa.CheckConstraint("format IN ('in_person', 'online', 'hybrid')", name=op.f('ck_offer_format')),
    sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f('ck_offer_status')),
    sa.CheckConstraint('min_age IS NULL OR max_age IS NULL OR min_age <= max_age', name=op.f('ck_offer_ages')),
    sa.ForeignKeyConstraint(['category_code'], ['category.code'], name=op.f('fk_offer_category_code_category')),
    sa.ForeignKeyConstraint(['course_type_id'], ['course_type.id'], name=op.f('fk_offer_course_type_id_course_type')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_offer_location_id_location')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_offer_provider_id_provider')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_offer_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer'))
    )
    op.create_index(op.f('ix_offer_category_code'), 'offer', ['category_code'], unique=False)
    op.create_index(op.f('ix_offer_course_type_id'), 'offer', ['course_type_id'], unique=False)
    op.create_index(op.f('ix_offer_location_id'), 'offer', ['location_id'], unique=False)
    op.create_index(op.f('ix_offer_provider_id'), 'offer', ['provider_id'], unique=False)
    op.create_index('ix_offer_region_status_updated', 'offer', ['region_ars', 'status', 'updated_at'], unique=False)
    op.create_index('ix_offer_search_vector', 'offer', ['search_vector'], unique=False, postgresql_using='gin')
    op.create_table('course_run',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('region_ars', sa.String(length=12), nullable=False),
    sa.Column('location_id', sa.Uuid(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('registration_deadline', sa.Date(), nullable=True),
    sa.Column('rolling_entry', sa.Boolean(), nullable=False),
    sa.Column('schedule_rrule', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('weekly_slots', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('time_of_day', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('capacity_max', sa.Integer(), nullable=True),
    sa.Column('seats_booked', sa.Integer(), nullable=False),
    sa.Column('free_seats', sa.Integer(), sa.Computed('GREATEST(capacity_max - seats_booked, 0)', persisted=True), nullable=True),
    sa.Column('capacity_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waitlist_length', sa.Integer(), nullable=False),
    sa.Column('childcare', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'open', 'full', 'running', 'finished', 'cancelled')", name=op.f('ck_course_run_status')),
    sa.CheckConstraint('capacity_max IS NULL OR capacity_max >= 0', name=op.f('ck_course_run_capacity_max')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_course_run_dates')),
    sa.CheckConstraint('registration_deadline IS NULL OR registration_deadline <= start_date OR rolling_entry', name=op.f('ck_course_run_deadline')),
    sa.CheckConstraint('seats_booked >= 0', name=op.f('ck_course_run_seats_booked')),
    sa.CheckConstraint('waitlist_length >= 0', name=op.f('ck_course_run_waitlist')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_course_run_location_id_location')),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_course_run_offer_id_offer')),
    sa.ForeignKeyConstraint(['region_ars'], ['region.ars'], name=op.f('fk_course_run_region_ars_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_run'))
    )
    op.create_index('ix_course_run_offer_start', 'course_run', ['offer_id', 'start_date'], unique=False)
    op.create_index('ix_course_run_region_start', 'course_run', ['region_ars', 'start_date'], unique=False)
    op.execute(
        """
        CREATE FUNCTION koko_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
        "FOR EACH ROW EXECUTE FUNCTION koko_refuse_change()"
    )
    op.create_index(
        "ix_offer_title_trgm",
        "offer",
        [sa.text("koko_unaccent(lower(title)) gin_trgm_ops")],
        postgresql_using="gin",
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS change_log_append_only ON change_log")
    op.execute("DROP FUNCTION IF EXISTS koko_refuse_change()")
    op.drop_index('ix_course_run_region_start', table_name='course_run')
    op.drop_index('ix_course_run_offer_start', table_name='course_run')
    op.drop_table('course_run')
    op.drop_index('ix_offer_title_trgm', table_name='offer')
    op.drop_index('ix_offer_search_vector', table_name='offer', postgresql_using='gin')
    op.drop_index('ix_offer_region_status_updated', table_name='offer')
    op.drop_index(op.f('ix_offer_provider_id'), table_name='offer')
    op.drop_index(op.f('ix_offer_location_id'), table_name='offer')
    op.drop_index(op.f('ix_offer_course_type_id'), table_name='offer')
    op.drop_index(op.f('ix_offer_category_code'), table_name='offer')
    op.drop_table('offer')
    op.drop_index(op.f('ix_pathway_step_pathway_id'), table_name='pathway_step')
    op.drop_table('pathway_step')
    op.drop_index(op.f('ix_location_region_ars'), table_name='location')
    op.drop_index(op.f('ix_location_provider_id'), table_name='location')
    op.drop_table('location')
    op.drop_index(op.f('ix_provider_region_ars'), table_name='provider')
    op.drop_table('provider')
    op.drop_index(op.f('ix_pathway_region_ars'), table_name='pathway')
    op.drop_table('pathway')
    op.drop_table('area')
    op.drop_index('ix_translation_language', table_name='translation')
    op.drop_table('translation')
    op.drop_table('region')
    op.drop_index(op.f('ix_course_type_code'), table_name='course_type')
    op.drop_table('course_type')
    op.drop_index(op.f('ix_change_log_region_ars'), table_name='change_log')
    op.drop_index('ix_change_log_entity', table_name='change_log')
    op.drop_table('change_log')
    op.drop_table('category')
    # ### end Alembic commands ###
    op.execute("DROP FUNCTION IF EXISTS koko_unaccent(text)")
