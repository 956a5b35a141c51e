"""What kind of body a collective nominee is, for the eligibility tables (issue 17)

Đồng Nai's plan (III.1) names its nominees by kind of body: party bodies, departments, the
Fatherland Front and mass organisations, districts, communes, schools, enterprises. The
nominee records it (optional, collectives only) so an eligibility table can read it as
`nominee_category`; existing rows have none.

Revision ID: dd1e2f3a4b5c
Revises: c9a0b1d2e3f4
Create Date: 2026-12-08 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "dd1e2f3a4b5c"
down_revision = "c9a0b1d2e3f4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.drop_column("category")
