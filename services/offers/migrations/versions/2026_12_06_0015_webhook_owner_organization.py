"""webhook subscriptions record the partner organisation of their owner (quota per
organisation and region as well as per subject); deliveries the request id of the change

Revision ID: 0015_webhook_owner_organization
Revises: 0014_actor_network
Create Date: 2026-12-06 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_webhook_owner_organization"
down_revision: str | None = "0014_actor_network"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("webhook_delivery", sa.Column("request_id", sa.String(length=64), nullable=True))
    op.add_column(
        "webhook_subscription",
        sa.Column("owner_organization", sa.String(length=200), nullable=True),
    )
    op.create_index(
        "ix_webhook_subscription_owner_organization_region_ars",
        "webhook_subscription",
        ["owner_organization", "region_ars"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_webhook_subscription_owner_organization_region_ars",
        table_name="webhook_subscription",
    )
    op.drop_column("webhook_subscription", "owner_organization")
    op.drop_column("webhook_delivery", "request_id")
