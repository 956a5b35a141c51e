"""The official Vietnamese wording of the papers (Decree 30/2020 layout, Decree 152/2025 forms).
Papers are filed in Vietnamese whatever the reader's language, so these are not translated."""

from __future__ import annotations

from datetime import date

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

AWARD_TITLES = {
    "giay-khen-so": "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo",
    "bang-khen-ubnd": "Bằng khen của Chủ tịch Ủy ban nhân dân",
    "bang-khen-bo": "Bằng khen của Bộ trưởng",
    "co-thi-dua-bo": "Cờ thi đua của Bộ",
    "bang-khen-thu-tuong": "Bằng khen của Thủ tướng Chính phủ",
    "huan-chuong-lao-dong": "Huân chương Lao động",
}
LABOUR_ORDER_CLASSES = {1: "hạng Nhất", 2: "hạng Nhì", 3: "hạng Ba"}
NOMINEE_KINDS = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
    "clan": "Dòng họ",
}
# The body each deciding level speaks for; a province's own levels add its name.
LEVEL_AUTHORITIES = {
    "so_gddt": "Sở Giáo dục và Đào tạo",
    "so_noi_vu": "Sở Nội vụ",
    "ubnd": "Ủy ban nhân dân",
    "central": "Thủ tướng Chính phủ",
    "president": "Chủ tịch nước",
}
NATIONAL_AUTHORITIES = ("central", "president")
PLACES = {"bo-y-te": "Hà Nội"}
LEGAL_BASES = {
    "nd-98-2023": "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ "
    "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
    "nd-152-2025": "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi "
    "hành một số điều của Luật Thi đua, khen thưởng;",
}
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
MOVEMENT = (
    "phong trào thi đua “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời "
    "giai đoạn 2023-2030”"
)


def award_title(award_form: str, award_class: int | None = None) -> str:
    title = AWARD_TITLES.get(award_form, award_form)
    return f"{title} {LABOUR_ORDER_CLASSES[award_class]}" if award_class else title


def authority_name(level: str, jurisdiction_name: str, jurisdiction_kind: str) -> str:
    """`Ủy ban nhân dân Thành phố Hồ Chí Minh`, `Bộ Y tế`, `Thủ tướng Chính phủ`."""
    if level in NATIONAL_AUTHORITIES:
        return LEVEL_AUTHORITIES[level]
    if jurisdiction_kind == "ministry":
        return jurisdiction_name
    return f"{LEVEL_AUTHORITIES.get(level, level)} {_province(jurisdiction_name)}"


def _province(name: str) -> str:
    return name.split(" (")[0]


def place(jurisdiction_id: str, jurisdiction_name: str) -> str:
    """Where the paper is signed, as printed before its date."""
    name = PLACES.get(jurisdiction_id, _province(jurisdiction_name))
    return name.removeprefix("Tỉnh ")


def date_text(day: date) -> str:
    """`ngày 05 tháng 11 năm 2026` (days and months under 10 with a leading zero, as filed)."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def money(amount: int | None) -> str:
    """`2.340.000` (Vietnamese thousands separator); blank where no money applies."""
    return "" if amount is None else f"{amount:,}".replace(",", ".")
