"""Holiday calendar for working-day limits

Appraisal limits (20 working days for a province, 30 for the central level) are counted
on a calendar of holidays. `holidays` holds them per jurisdiction; a row without a
jurisdiction is a national public holiday. Seeded with Vietnam's public holidays 2024-2030
as the `holidays` package (holidays.VN, Vietnamese names) lists them, written out here so the
migration gives the same rows whatever version of the package is installed.

Revision ID: d5b2e3f4a6c7
Revises: b7e1c0a4d3f2
Create Date: 2026-11-23 15:10:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "d5b2e3f4a6c7"
down_revision = "b7e1c0a4d3f2"
branch_labels = None
depends_on = None

VIETNAM_2024_2030 = [
    ("2024-01-01", "Tết Dương lịch"),
    ("2024-02-08", "29 Tết"),
    ("2024-02-09", "Giao thừa Tết Nguyên Đán"),
    ("2024-02-10", "Tết Nguyên Đán"),
    ("2024-02-11", "Mùng hai Tết Nguyên Đán"),
    ("2024-02-12", "Mùng ba Tết Nguyên Đán"),
    ("2024-02-13", "Mùng bốn Tết Nguyên Đán"),
    ("2024-02-14", "Mùng năm Tết Nguyên Đán"),
    ("2024-04-18", "Ngày Giỗ Tổ Hùng Vương"),
    ("2024-04-29", "Ngày nghỉ (thay cho ngày 04/05/2024)"),
    ("2024-04-30", "Ngày Chiến thắng"),
    ("2024-05-01", "Ngày Quốc tế Lao động"),
    ("2024-09-02", "Quốc khánh"),
    ("2024-09-03", "Quốc khánh"),
    ("2025-01-01", "Tết Dương lịch"),
    ("2025-01-27", "29 Tết"),
    ("2025-01-28", "Giao thừa Tết Nguyên Đán"),
    ("2025-01-29", "Tết Nguyên Đán"),
    ("2025-01-30", "Mùng hai Tết Nguyên Đán"),
    ("2025-01-31", "Mùng ba Tết Nguyên Đán"),
    ("2025-02-01", "Mùng bốn Tết Nguyên Đán"),
    ("2025-04-07", "Ngày Giỗ Tổ Hùng Vương"),
    ("2025-04-30", "Ngày Chiến thắng"),
    ("2025-05-01", "Ngày Quốc tế Lao động"),
    ("2025-05-02", "Ngày nghỉ (thay cho ngày 26/04/2025)"),
    ("2025-09-01", "Quốc khánh"),
    ("2025-09-02", "Quốc khánh"),
    ("2026-01-01", "Tết Dương lịch"),
    ("2026-02-16", "Giao thừa Tết Nguyên Đán"),
    ("2026-02-17", "Tết Nguyên Đán"),
    ("2026-02-18", "Mùng hai Tết Nguyên Đán"),
    ("2026-02-19", "Mùng ba Tết Nguyên Đán"),
    ("2026-02-20", "Mùng bốn Tết Nguyên Đán"),
    ("2026-04-26", "Ngày Giỗ Tổ Hùng Vương"),
    ("2026-04-27", "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Chiến thắng"),
    ("2026-05-01", "Ngày Quốc tế Lao động"),
    ("2026-08-31", "Ngày nghỉ (thay cho ngày 22/08/2026)"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
    ("2026-11-24", "Ngày Văn hóa Việt Nam"),
    ("2027-01-01", "Tết Dương lịch"),
    ("2027-02-04", "29 Tết"),
    ("2027-02-05", "Giao thừa Tết Nguyên Đán"),
    ("2027-02-06", "Tết Nguyên Đán"),
    ("2027-02-07", "Mùng hai Tết Nguyên Đán"),
    ("2027-02-08", "Mùng ba Tết Nguyên Đán"),
    ("2027-02-09", "Mùng bốn Tết Nguyên Đán"),
    ("2027-02-10", "Mùng năm Tết Nguyên Đán"),
    ("2027-04-16", "Ngày Giỗ Tổ Hùng Vương"),
    ("2027-04-30", "Ngày Chiến thắng"),
    ("2027-05-01", "Ngày Quốc tế Lao động"),
    ("2027-05-03", "Ngày Quốc tế Lao động (nghỉ bù)"),
    ("2027-09-02", "Quốc khánh"),
    ("2027-09-03", "Quốc khánh"),
    ("2027-11-24", "Ngày Văn hóa Việt Nam"),
    ("2028-01-01", "Tết Dương lịch"),
    ("2028-01-03", "Tết Dương lịch (nghỉ bù)"),
    ("2028-01-24", "29 Tết"),
    ("2028-01-25", "Giao thừa Tết Nguyên Đán"),
    ("2028-01-26", "Tết Nguyên Đán"),
    ("2028-01-27", "Mùng hai Tết Nguyên Đán"),
    ("2028-01-28", "Mùng ba Tết Nguyên Đán"),
    ("2028-01-29", "Mùng bốn Tết Nguyên Đán"),
    ("2028-04-04", "Ngày Giỗ Tổ Hùng Vương"),
    ("2028-04-30", "Ngày Chiến thắng"),
    ("2028-05-01", "Ngày Quốc tế Lao động"),
    ("2028-05-02", "Ngày Chiến thắng (nghỉ bù)"),
    ("2028-09-01", "Quốc khánh"),
    ("2028-09-02", "Quốc khánh"),
    ("2028-09-04", "Quốc khánh (nghỉ bù)"),
    ("2028-11-24", "Ngày Văn hóa Việt Nam"),
    ("2029-01-01", "Tết Dương lịch"),
    ("2029-02-12", "Giao thừa Tết Nguyên Đán"),
    ("2029-02-13", "Tết Nguyên Đán"),
    ("2029-02-14", "Mùng hai Tết Nguyên Đán"),
    ("2029-02-15", "Mùng ba Tết Nguyên Đán"),
    ("2029-02-16", "Mùng bốn Tết Nguyên Đán"),
    ("2029-04-23", "Ngày Giỗ Tổ Hùng Vương"),
    ("2029-04-30", "Ngày Chiến thắng"),
    ("2029-05-01", "Ngày Quốc tế Lao động"),
    ("2029-09-02", "Quốc khánh"),
    ("2029-09-03", "Quốc khánh"),
    ("2029-09-04", "Quốc khánh (nghỉ bù)"),
    ("2029-11-24", "Ngày Văn hóa Việt Nam"),
    ("2029-11-26", "Ngày Văn hóa Việt Nam (nghỉ bù)"),
    ("2030-01-01", "Tết Dương lịch"),
    ("2030-01-31", "29 Tết"),
    ("2030-02-01", "Giao thừa Tết Nguyên Đán"),
    ("2030-02-02", "Tết Nguyên Đán"),
    ("2030-02-03", "Mùng hai Tết Nguyên Đán"),
    ("2030-02-04", "Mùng ba Tết Nguyên Đán"),
    ("2030-02-05", "Mùng bốn Tết Nguyên Đán"),
    ("2030-02-06", "Mùng năm Tết Nguyên Đán"),
    ("2030-04-12", "Ngày Giỗ Tổ Hùng Vương"),
    ("2030-04-30", "Ngày Chiến thắng"),
    ("2030-05-01", "Ngày Quốc tế Lao động"),
    ("2030-09-02", "Quốc khánh"),
    ("2030-09-03", "Quốc khánh"),
    ("2030-11-24", "Ngày Văn hóa Việt Nam"),
    ("2030-11-25", "Ngày Văn hóa Việt Nam (nghỉ bù)"),
]


def upgrade() -> None:
    holidays = op.create_table(
        "holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"],
            ["jurisdictions.id"],
            name=op.f("fk_holidays_jurisdiction_id_jurisdictions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holidays")),
        sa.UniqueConstraint("jurisdiction_id", "day", name=op.f("uq_holidays_jurisdiction_id")),
    )
    op.create_index("ix_holidays_day", "holidays", ["day"], unique=False)
    op.bulk_insert(
        holidays,
        [
            {"jurisdiction_id": None, "day": date.fromisoformat(day), "name": name}
            for day, name in VIETNAM_2024_2030
        ],
    )


def downgrade() -> None:
    op.drop_table("holidays")
