"""webhook boundary: signing secrets encrypted at rest, delivery outcomes as classes

Revision ID: 0008_webhook_boundary
Revises: 0007_distance_pages
Create Date: 2026-11-29 19:30:00

Existing secrets are encrypted with the first key of OFFERS_WEBHOOK_SECRET_KEY (the development
key outside production). Raw error texts of past deliveries are replaced by their class.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_webhook_boundary"
down_revision: str | None = "0007_distance_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = (
    "TIMEOUT", "CONNECTION_REFUSED", "CONNECTION_FAILED", "DNS_FAILURE", "TLS", "HTTP_STATUS",
    "BLOCKED_DESTINATION",
)


def _box():  # type: ignore[no-untyped-def]
    from koko_offers.settings import OffersSettings
    from koko_offers.webhook.signing import SecretBox

    return SecretBox(OffersSettings().webhook_secret_key)


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("webhook_subscription", sa.Column("secret_encrypted", sa.Text(), nullable=True))
    rows = bind.execute(sa.text("SELECT id, secret FROM webhook_subscription")).all()
    if rows:
        box = _box()
        for row in rows:
            bind.execute(
                sa.text("UPDATE webhook_subscription SET secret_encrypted = :s WHERE id = :id"),
                {"s": box.encrypt(row.secret), "id": row.id},
            )
    op.alter_column("webhook_subscription", "secret_encrypted", nullable=False)
    op.drop_column("webhook_subscription", "secret")

    op.add_column("webhook_delivery", sa.Column("last_outcome", sa.String(length=40), nullable=True))
    op.execute(
        """
        UPDATE webhook_delivery SET last_outcome = CASE
            WHEN last_status_code IS NOT NULL AND status <> 'delivered' THEN 'HTTP_STATUS'
            WHEN last_error IS NOT NULL THEN 'CONNECTION_FAILED'
        END
        """
    )
    op.drop_column("webhook_delivery", "last_error")
    op.create_check_constraint(
        op.f("ck_webhook_delivery_last_outcome"),
        "webhook_delivery",
        "last_outcome IS NULL OR last_outcome IN (" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_webhook_delivery_last_outcome"), "webhook_delivery", type_="check")
    op.add_column("webhook_delivery", sa.Column("last_error", sa.String(length=500), nullable=True))
    op.execute("UPDATE webhook_delivery SET last_error = last_outcome")
    op.drop_column("webhook_delivery", "last_outcome")
    bind = op.get_bind()
    op.add_column("webhook_subscription", sa.Column("secret", sa.String(length=100), nullable=True))
    rows = bind.execute(sa.text("SELECT id, secret_encrypted FROM webhook_subscription")).all()
    if rows:
        box = _box()
        for row in rows:
            bind.execute(
                sa.text("UPDATE webhook_subscription SET secret = :s WHERE id = :id"),
                {"s": box.decrypt(row.secret_encrypted), "id": row.id},
            )
    op.alter_column("webhook_subscription", "secret", nullable=False)
    op.drop_column("webhook_subscription", "secret_encrypted")
