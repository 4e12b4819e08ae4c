"""code-list labels: categories and course types also in Arabic, Ukrainian, Persian, Russian and
Turkish (they had German and English only)

Revision ID: 0010_code_list_labels
Revises: 0009_search_synonyms
Create Date: 2026-11-29 20:10:00

Existing labels win: a label a deployment changed is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0010_code_list_labels"
down_revision: str | None = "0009_search_synonyms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADDED = ("ar", "uk", "fa", "ru", "tr")


def _add(table: str, labels: dict[str, dict[str, str]]) -> None:
    statement = sa.text(
        f"UPDATE {table} SET label = CAST(:labels AS jsonb) || label WHERE code = :code"
    ).bindparams(sa.bindparam("labels", type_=JSONB))
    for code, added in labels.items():
        op.get_bind().execute(statement, {"labels": added, "code": code})


def upgrade() -> None:
    from koko_offers.code_list.labels import CATEGORY_LABELS, COURSE_TYPE_LABELS

    _add("category", CATEGORY_LABELS)
    _add("course_type", COURSE_TYPE_LABELS)


def downgrade() -> None:
    for table in ("category", "course_type"):
        op.execute(f"UPDATE {table} SET label = label - ARRAY{list(_ADDED)!r}::text[]")
