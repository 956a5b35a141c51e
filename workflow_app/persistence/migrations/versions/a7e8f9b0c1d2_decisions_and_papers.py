"""Award decisions, award money and paper templates

K1: `decisions` (số, ký hiệu, date, issuing authority, signer, award form, round; numbers unique
per issuing authority and year) and `decision_awardees` (a dossier in one decision at most,
with the award money fixed when recorded); `award_coefficients` (per rule set, award form,
nominee kind and class) and `base_salaries` (by effective date), seeded with Decree 98/2023's
table (kept by Decree 152/2025) and the base salaries of Decrees 24/2023 and 73/2024.
K2: `paper_templates`, the .docx templates an administrator uploads per jurisdiction.
K3: `documents.signature` (an uploaded PDF's checked signature), `trusted_roots` and
`signing_credentials` per jurisdiction, and a decision's signed PDF.

Revision ID: a7e8f9b0c1d2
Revises: f6d7e8f9a0c1
Create Date: 2026-11-25 19:30:00
"""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "a7e8f9b0c1d2"
down_revision = "f6d7e8f9a0c1"
branch_labels = None
depends_on = None

# A literal snapshot of the seed (migrations never import the application).
COEFFICIENTS = {
    ("giay-khen-so", "individual", 0): "0.3",
    ("giay-khen-so", "household", 0): "0.3",
    ("giay-khen-so", "collective", 0): "0.6",
    ("bang-khen-ubnd", "individual", 0): "1.0",
    ("bang-khen-ubnd", "household", 0): "1.0",
    ("bang-khen-ubnd", "collective", 0): "2.0",
    ("bang-khen-bo", "individual", 0): "1.0",
    ("bang-khen-bo", "household", 0): "1.0",
    ("bang-khen-bo", "collective", 0): "2.0",
    ("co-thi-dua-bo", "collective", 0): "8.0",
    ("bang-khen-thu-tuong", "individual", 0): "1.5",
    ("bang-khen-thu-tuong", "household", 0): "1.5",
    ("bang-khen-thu-tuong", "collective", 0): "3.0",
    ("huan-chuong-lao-dong", "individual", 1): "9.0",
    ("huan-chuong-lao-dong", "collective", 1): "18.0",
    ("huan-chuong-lao-dong", "individual", 2): "7.5",
    ("huan-chuong-lao-dong", "collective", 2): "15.0",
    ("huan-chuong-lao-dong", "individual", 3): "4.5",
    ("huan-chuong-lao-dong", "collective", 3): "9.0",
}
RULE_SETS = ("nd-98-2023", "nd-152-2025")
BASE_SALARIES = ((date(2023, 7, 1), 1_800_000), (date(2024, 7, 1), 2_340_000))


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=50), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_title", sa.String(length=200), nullable=False),
        sa.Column("award_form", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=32), nullable=False),
        sa.Column("rule_set", sa.String(length=64), nullable=False),
        sa.Column("base_salary", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("signed_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "year", "number", name="uq_decisions_issuer_year_number"),
    )
    op.create_index("ix_decisions_jurisdiction_round", "decisions", ["jurisdiction_id", "round"])
    op.create_table(
        "decision_awardees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("coefficient", sa.Numeric(6, 2), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"]),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["nominee_id"], ["nominees.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", name="uq_decision_awardees_dossier_id"),
    )
    op.create_index("ix_decision_awardees_decision_id", "decision_awardees", ["decision_id"])
    op.create_index("ix_decision_awardees_nominee_id", "decision_awardees", ["nominee_id"])
    coefficients = op.create_table(
        "award_coefficients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_set", sa.String(length=64), nullable=False),
        sa.Column("award_form", sa.String(length=64), nullable=False),
        sa.Column("nominee_kind", sa.String(length=32), nullable=False),
        sa.Column("award_class", sa.Integer(), nullable=False),
        sa.Column("coefficient", sa.Numeric(6, 2), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "rule_set", "award_form", "nominee_kind", "award_class", name="uq_award_coefficients"
        ),
    )
    salaries = op.create_table(
        "base_salaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("effective_from", name="uq_base_salaries_effective_from"),
    )
    op.create_table(
        "paper_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_paper_templates_kind", "paper_templates", ["jurisdiction_id", "kind"])
    _signatures()
    op.bulk_insert(
        coefficients,
        [
            {
                "rule_set": rule_set,
                "award_form": form,
                "nominee_kind": kind,
                "award_class": award_class,
                "coefficient": Decimal(value),
            }
            for rule_set in RULE_SETS
            for (form, kind, award_class), value in COEFFICIENTS.items()
        ],
    )
    op.bulk_insert(
        salaries, [{"effective_from": day, "amount": amount} for day, amount in BASE_SALARIES]
    )


def _signatures() -> None:
    """K3: checked signatures on documents, trusted roots and the signing certificate."""
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("signature", sa.JSON(), nullable=True))
    op.create_table(
        "trusted_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("jurisdiction_id", "sha256", name="uq_trusted_roots"),
    )
    op.create_table(
        "signing_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_signing_credentials_jurisdiction_id", "signing_credentials", ["jurisdiction_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_signing_credentials_jurisdiction_id", table_name="signing_credentials")
    op.drop_table("signing_credentials")
    op.drop_table("trusted_roots")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("signature")
    op.drop_index("ix_paper_templates_kind", table_name="paper_templates")
    op.drop_table("paper_templates")
    op.drop_table("base_salaries")
    op.drop_table("award_coefficients")
    op.drop_index("ix_decision_awardees_nominee_id", table_name="decision_awardees")
    op.drop_index("ix_decision_awardees_decision_id", table_name="decision_awardees")
    op.drop_table("decision_awardees")
    op.drop_index("ix_decisions_jurisdiction_round", table_name="decisions")
    op.drop_table("decisions")
