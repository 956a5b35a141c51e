"""The words for the domain's keys (statuses, award forms, lanes, documents, events...), in
the request's language: one home for every label, used by pages, refusals and exports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..domain.rounds import annual_year

STATUS_LABELS = {
    "draft": _l("Nháp"),
    "in_progress": _l("Đang xét"),
    "on_hold": _l("Tạm dừng xét"),
    "returned": _l("Bị trả lại"),
    "approved": _l("Đã khen thưởng"),
    "rejected": _l("Không đề nghị"),
    "not_selected": _l("Không được chọn trong chỉ tiêu"),
    "excluded": _l("Ra khỏi đợt"),
    "withdrawn": _l("Đã rút"),
}
AWARD_LABELS = {
    "giay-khen-so": _l("Giấy khen của Giám đốc Sở GDĐT"),
    "bang-khen-ubnd": _l("Bằng khen của UBND"),
    "bang-khen-bo": _l("Bằng khen của Bộ"),
    "co-thi-dua-bo": _l("Cờ thi đua của Bộ"),
    "bang-khen-thu-tuong": _l("Bằng khen của Thủ tướng Chính phủ"),
    "huan-chuong-lao-dong": _l("Huân chương Lao động"),
}
LANE_LABELS = {
    "unit": _l("Đơn vị"),
    "so_gddt": _l("Sở GDĐT"),
    "so_noi_vu": _l("Sở Nội vụ"),
    "ubnd": _l("UBND"),
    "central": _l("Trung ương"),
    "president": _l("Chủ tịch nước"),
    "system": _l("Hệ thống"),
}
# E3: the classes of the Huân chương Lao động a dossier may propose.
LABOUR_ORDER_CLASS_LABELS = {1: _l("Hạng Nhất"), 2: _l("Hạng Nhì"), 3: _l("Hạng Ba")}
SEX_LABELS = {"female": _l("Nữ"), "male": _l("Nam")}
KIND_LABELS = {
    "individual": _l("Cá nhân"),
    "collective": _l("Tập thể"),
    "household": _l("Hộ gia đình"),
    "clan": _l("Dòng họ"),
}
# A collective's kind of body (Đồng Nai plan III.1), read by eligibility tables.
CATEGORY_LABELS = {
    "party-body": _l("Ban đảng, Văn phòng Tỉnh ủy"),
    "department": _l("Sở, ban, ngành"),
    "fatherland-front": _l("Mặt trận Tổ quốc, tổ chức chính trị - xã hội"),
    "district": _l("Cấp huyện (trước 01/7/2025)"),
    "commune": _l("Cấp xã"),
    "school": _l("Cơ sở giáo dục"),
    "enterprise": _l("Doanh nghiệp, hợp tác xã"),
}
DOCUMENT_LABELS = {
    "to-trinh": _l("Tờ trình đề nghị khen thưởng"),
    "bien-ban": _l("Biên bản họp xét của Hội đồng TĐKT"),
    "bao-cao-thanh-tich": _l("Báo cáo thành tích"),
    "xac-nhan-sang-kien": _l("Xác nhận của cơ quan có thẩm quyền về sáng kiến"),
}
EVENT_LABELS = {
    "dossier_created": _l("Lập hồ sơ"),
    "dossier_edited": _l("Đơn vị sửa hồ sơ nháp"),
    "document_added": _l("Đính kèm tài liệu"),
    "dossier_submitted": _l("Nộp hồ sơ"),
    "workflow_started": _l("Khởi động quy trình"),
    "task_created": _l("Chuyển đến bước"),
    "task_claimed": _l("Nhận xử lý"),
    "task_unclaimed": _l("Trả lại nhóm"),
    "task_assigned": _l("Giao việc"),
    "task_commented": _l("Trao đổi"),
    "follow_up_set": _l("Đặt ngày theo dõi"),
    "task_completed": _l("Hoàn thành bước"),
    "dossier_approved": _l("Hồ sơ được khen thưởng"),
    "dossier_rejected": _l("Hồ sơ không được đề nghị"),
    "dossier_returned": _l("Hồ sơ bị trả lại"),
    "dossier_withdrawn": _l("Đơn vị rút hồ sơ"),
    "hold_placed": _l("Đặt vướng mắc"),
    "hold_cleared": _l("Gỡ vướng mắc"),
    "dossier_held": _l("Hồ sơ tạm dừng xét"),
    "dossier_resumed": _l("Hồ sơ được xét tiếp"),
    "dossier_excluded": _l("Hồ sơ ra khỏi đợt"),
    "quota_slot_reserved": _l("Giữ một chỉ tiêu"),
    "quota_slot_released": _l("Trả lại chỉ tiêu"),
    "dossier_proposed": _l("Đề nghị vào phiên xét chọn"),
    "selection_held": _l("Phiên xét chọn"),
    "dossier_selected": _l("Được chọn trong chỉ tiêu"),
    "dossier_not_selected": _l("Không được chọn trong chỉ tiêu"),
    "lower_award_given": _l("Được tặng hình thức thấp hơn thay thế"),
    "posting_requested": _l("Chờ công khai lấy ý kiến"),
    "posting_opened": _l("Công khai lấy ý kiến"),
    "posting_comment_logged": _l("Nhận ý kiến góp ý"),
    "posting_comment_resolved": _l("Xử lý ý kiến góp ý"),
    "posting_closed": _l("Kết thúc công khai"),
    "central_return_late": _l("Trả lại hồ sơ quá hạn 5 ngày làm việc"),
}
# S2-S4: why a candidate of a sitting was or was not selected.
SELECTION_REASON_LABELS = {
    "within_quota": _l("Được chọn trong chỉ tiêu"),
    "outside_quota": _l("Không được chọn trong chỉ tiêu"),
    "below_threshold": _l("Dưới tỷ lệ phiếu tối thiểu"),
    "no_cap": _l("Không áp dụng chỉ tiêu"),
    "slot_held": _l("Đã giữ suất của cấp này"),
}
HOLD_LABELS = {
    "disciplinary-review": _l("Đang xem xét kỷ luật"),
    "administrative-violation": _l("Đang xử lý vi phạm hành chính"),
    "criminal-proceedings": _l("Đang điều tra, truy tố, xét xử"),
    "inspection": _l("Đang thanh tra, kiểm tra có dấu hiệu vi phạm"),
    "complaint": _l("Đơn thư khiếu nại, tố cáo đang xác minh"),
    "press-allegation": _l("Báo chí phản ánh đang xác minh"),
}
DECISION_LABELS = {
    "approve": _l("Đồng ý"),
    "return": _l("Trả lại"),
    "reject": _l("Không đề nghị"),
    "consult": _l("Lấy ý kiến cơ quan liên quan"),
}
ROUND_FIXED = {"so-ket-2025": _l("Sơ kết 2023-2025"), "tong-ket-2030": _l("Tổng kết 2023-2030")}


def round_label(value: str | None) -> str:
    if not value:
        return ""
    year = annual_year(value)
    if year is not None:
        return str(_l("Năm %(year)s", year=year))
    return str(ROUND_FIXED.get(value, value))
