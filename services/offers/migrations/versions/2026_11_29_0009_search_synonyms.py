"""search synonyms: what people type and the catalogue words it also means, seeded per language

Revision ID: 0009_search_synonyms
Revises: 0008_webhook_boundary
Create Date: 2026-11-29 20:00:00

A newcomer searches "Deutschkurs", "German course", "курс німецької" or "دورة لغة ألمانية";
the catalogue says "Integrationskurs" and "Sprachkurs". Coordinators extend the list through
`searchSynonymCreate`.
"""

import re
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_search_synonyms"
down_revision: str | None = "0008_webhook_boundary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INTEGRATION = ("integrationskurs", 3.0)
LANGUAGE = ("sprachkurs", 2.0)
# Phrases meaning "a German course": integration courses first, then every language course.
GERMAN_COURSE = {
    "de": ["deutschkurs", "deutschkurse", "deutsch kurs", "deutsch lernen", "deutschunterricht"],
    "en": [
        "german course", "german courses", "german class", "german classes", "german lessons",
        "learn german", "language course", "language courses",
    ],
    "uk": [
        "курс німецької", "курси німецької", "курс німецької мови", "курси німецької мови",
        "німецька мова", "вивчення німецької", "мовний курс", "мовні курси",
    ],
    "ru": [
        "курс немецкого", "курсы немецкого", "курс немецкого языка", "курсы немецкого языка",
        "немецкий язык", "языковой курс", "языковые курсы",
    ],
    "ar": [
        "دورة لغة ألمانية", "دورة لغة المانية", "دورة اللغة الألمانية", "دورة اللغة المانية",
        "دورة ألمانية", "تعلم الألمانية", "تعلم اللغة الألمانية", "دورة لغة",
    ],
    "fa": [
        "کلاس زبان آلمانی", "دوره زبان آلمانی", "کلاس آلمانی", "یادگیری زبان آلمانی",
        "زبان آلمانی", "کلاس زبان",
    ],
    "tr": ["almanca kursu", "almanca kurs", "almanca dil kursu", "dil kursu", "almanca öğrenmek"],
}  # fmt: skip
# Phrases whose most likely meaning is an integration course.
INTEGRATION_COURSE = {
    "de": ["sprachkurs", "sprachkurse"],
    "en": ["integration course", "integration courses"],
    "uk": ["інтеграційний курс", "інтеграційні курси"],
    "ru": ["интеграционный курс", "интеграционные курсы"],
    "ar": ["دورة الاندماج", "دورة اندماج", "دورات الاندماج"],
    "fa": ["دوره ادغام", "کلاس ادغام"],
    "tr": ["uyum kursu", "entegrasyon kursu"],
}
_WORD = re.compile(r"\w+", re.UNICODE)
_NAMESPACE = uuid.UUID("0d5f3c1e-4c55-4f0b-9d4e-5e4e1a9c2b11")


def _normalized(phrase: str) -> str:
    # As koko_offers.offer.text_search.normalized_words splits a search.
    return " ".join(_WORD.findall(phrase.lower()))


def _seed() -> list[dict[str, object]]:
    rows = []
    for meanings, phrases_of in (
        ((INTEGRATION, LANGUAGE), GERMAN_COURSE),
        ((INTEGRATION,), INTEGRATION_COURSE),
    ):
        for language, phrases in phrases_of.items():
            for phrase in phrases:
                for expansion, weight in meanings:
                    key = _normalized(phrase)
                    rows.append(
                        {
                            "id": uuid.uuid5(_NAMESPACE, f"{key}->{expansion}"),
                            "language": language,
                            "phrase": key,
                            "expansion": expansion,
                            "weight": weight,
                            "created_by": "migration 0009",
                        }
                    )
    return rows


def upgrade() -> None:
    table = op.create_table(
        "search_synonym",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.Column("expansion", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym")),
        sa.UniqueConstraint(
            "phrase", "expansion", name=op.f("uq_search_synonym_phrase_expansion")
        ),
    )
    op.create_index(op.f("ix_search_synonym_phrase"), "search_synonym", ["phrase"])
    op.bulk_insert(table, _seed())


def downgrade() -> None:
    op.drop_index(op.f("ix_search_synonym_phrase"), table_name="search_synonym")
    op.drop_table("search_synonym")
