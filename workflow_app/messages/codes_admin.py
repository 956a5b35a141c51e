"""Codes of the administrators' and auditors' use cases: settings, users and grants, process
models and versions, form and decision-table editors, dry runs, audit pages.

`MODEL_PROBLEMS` are not refusals but the findings a version is stored with (a draft may have
them, publishing refuses them): each is `{code, params, file, element}` and is rendered with
the same catalogue, so it also has a status (422: the content breaks a rule)."""

from __future__ import annotations

from .entry import N_, Message

REFUSALS: dict[str, Message] = {
    # Settings of a jurisdiction (caps, deadlines, hold kinds, holidays) and their history.
    "not_settings_admin": Message(
        403, N_("Chỉ quản trị viên của địa phương mới sửa được thiết lập này.")
    ),
    "jurisdiction_required": Message(422, N_("Cần chọn địa phương.")),
    "not_in_jurisdiction": Message(403, N_("Bạn không làm việc ở địa phương này.")),
    "history_admins_auditors_only": Message(
        403, N_("Chỉ quản trị viên và thanh tra xem được lịch sử thay đổi.")
    ),
    "invalid_setting_subject": Message(422, N_("Loại thiết lập không hợp lệ.")),
    "invalid_hold_kind_key": Message(422, N_("Mã loại vướng mắc không hợp lệ.")),
    "hold_kind_key_taken": Message(422, N_("Mã loại vướng mắc «%(key)s» đã được dùng.")),
    "national_hold_kind_read_only": Message(
        403, N_("Loại vướng mắc toàn quốc không sửa được ở địa phương.")
    ),
    "invalid_day": Message(422, N_("Ngày không hợp lệ.")),
    "holiday_taken_national": Message(
        422, N_("Ngày %(day)s đã là ngày nghỉ toàn quốc (%(name)s).")
    ),
    "holiday_taken_local": Message(
        422, N_("Ngày %(day)s đã là ngày nghỉ của địa phương (%(name)s).")
    ),
    "national_holiday_read_only": Message(
        403, N_("Ngày nghỉ lễ toàn quốc không xoá được ở địa phương.")
    ),
    # Users and role grants.
    "not_users_admin": Message(403, N_("Chỉ quản trị viên của địa phương mới quản lý người dùng.")),
    "national_grant_refused": Message(
        403, N_("Quản trị viên địa phương không cấp hoặc thu hồi quyền cấp trung ương.")
    ),
    "not_jurisdiction_admin": Message(403, N_("Bạn không quản trị địa phương '%(jurisdiction)s'.")),
    "account_held_elsewhere": Message(
        403,
        N_(
            "Tài khoản này còn có quyền ở địa phương khác hoặc cấp trung ương; "
            "chỉ thu hồi được các quyền thuộc địa phương của bạn."
        ),
    ),
    "cannot_revoke_own_last_admin": Message(
        403, N_("Không thể tự thu hồi quyền quản trị cuối cùng của mình.")
    ),
    "cannot_deactivate_self": Message(403, N_("Không thể tự khóa tài khoản của mình.")),
    "national_role_refused": Message(
        403,
        N_("Vai trò Trung ương là quyền cấp trung ương; quản trị viên địa phương không cấp."),
    ),
    "unit_not_administered": Message(403, N_("Đơn vị này không thuộc địa phương bạn quản trị.")),
    "grant_not_administered": Message(403, N_("Quyền này không thuộc địa phương bạn quản trị.")),
    "username_taken": Message(409, N_("Tên đăng nhập '%(username)s' đã có.")),
    "role_already_granted": Message(409, N_("Người dùng đã có vai trò này.")),
    # Process models, versions and their files.
    "model_admins_only": Message(
        403, N_("Chỉ quản trị viên của địa phương sở hữu quy trình mới được thay đổi.")
    ),
    "no_files_uploaded": Message(422, N_("Chưa có tệp nào được tải lên (phần 'files').")),
    "unreadable_uploads": Message(422, N_("Có tệp không đọc được.")),
    "version_already_published": Message(409, N_("Phiên bản %(version)s đã được phát hành.")),
    "version_has_problems": Message(409, N_("Phiên bản còn lỗi, chưa thể phát hành.")),
    "no_published_model": Message(
        409, N_("Địa phương '%(jurisdiction)s' chưa có quy trình được phát hành.")
    ),
    "clone_needs_published": Message(409, N_("Chỉ sao chép được từ một phiên bản đã phát hành.")),
    "clone_outside_jurisdiction": Message(
        403, N_("Chỉ được sao chép quy trình vào địa phương mình quản trị.")
    ),
    "invalid_model_key": Message(422, N_("Mã quy trình chỉ gồm chữ thường, số và dấu '-'.")),
    "model_key_taken": Message(409, N_("Mã quy trình '%(new_key)s' đã tồn tại.")),
    "compare_needs_two_versions": Message(422, N_("Hãy chọn hai phiên bản để so sánh.")),
    "version_without_bpmn": Message(422, N_("Phiên bản này không có tệp BPMN.")),
    "modeler_saves_bpmn_only": Message(422, N_("Chỉ lưu được tệp BPMN từ trình vẽ.")),
    # The form (JSON Schema) and decision-table (DMN) editors.
    "invalid_json": Message(
        422, N_("JSON không hợp lệ ở dòng %(line)s, cột %(column)s: %(reason)s.")
    ),
    "schema_not_object": Message(
        422, N_("'%(name)s' không phải JSON Schema hợp lệ: phải là một đối tượng {...}.")
    ),
    "ui_schema_not_object": Message(422, N_("'%(name)s' phải là một đối tượng JSON {...}.")),
    "preview_form_missing": Message(
        422, N_("Không tìm thấy biểu mẫu '%(name)s' đi kèm để xem trước.")
    ),
    "form_missing": Message(422, N_("Không tìm thấy tệp biểu mẫu '%(form)s'.")),
    "form_invalid": Message(
        422, N_("Biểu mẫu '%(form)s' không phải JSON Schema hợp lệ: %(reason)s.")
    ),
    "dmn_unreadable": Message(422, N_("Tệp DMN không đọc được: %(xml)s")),
    "decision_row_shape": Message(
        422,
        N_("Bảng '%(table)s': mỗi dòng phải có %(inputs)s ô điều kiện và %(outputs)s ô kết quả."),
    ),
    "unknown_decision": Message(422, N_("Tệp DMN không có bảng quyết định '%(decision)s'.")),
    # Dry runs.
    "invalid_dry_run_decisions": Message(422, N_("Ý kiến chạy thử chưa hợp lệ.")),
    "dry_run_nothing_chosen": Message(
        422, N_("Hãy chọn ít nhất một hồ sơ mẫu hoặc nhập số hồ sơ.")
    ),
}

MODEL_PROBLEMS: dict[str, Message] = {
    "model_unbuildable": Message(422, N_("Quy trình không dựng được: %(reason)s")),
    "model_file_unreadable": Message(422, N_("Tệp không đọc được: %(reason)s")),
    "model_missing_hold_handling": Message(
        422,
        N_(
            "Quy trình thiếu xử lý tạm dừng xét khi có vướng mắc: cần sự kiện "
            "nhận thông điệp %(messages)s."
        ),
    ),
    "level_without_reservation": Message(
        422,
        N_(
            "Cấp %(level)s có chỉ tiêu nhưng quy trình không có bước giữ chỉ tiêu "
            '(reserve_quota_slot("%(level_key)s")).'
        ),
    ),
    "level_without_selection_wait": Message(
        422,
        N_(
            "Cấp %(levels)s có chỉ tiêu nhưng quy trình không chờ phiên xét chọn: sau bước "
            "giữ chỉ tiêu cần một sự kiện chờ thông điệp %(message)s."
        ),
    ),
    "task_without_lane": Message(
        422, N_("Công việc '%(task)s' không nằm trong lane nào (cần lane mang tên vai trò).")
    ),
    "lane_not_a_role": Message(
        422,
        N_("Lane '%(lane)s' của công việc '%(task)s' không phải vai trò đã biết (%(roles)s)."),
    ),
    "task_without_form": Message(
        422, N_("Công việc '%(task)s' chưa khai báo biểu mẫu (JSON Schema).")
    ),
    "task_form_missing": Message(
        422, N_("Công việc '%(task)s': không tìm thấy tệp biểu mẫu '%(form)s'.")
    ),
    "task_form_invalid": Message(
        422,
        N_("Công việc '%(task)s': biểu mẫu '%(form)s' không phải JSON Schema hợp lệ: %(reason)s."),
    ),
    "task_ui_form_missing": Message(
        422, N_("Công việc '%(task)s': không tìm thấy tệp '%(ui_form)s'.")
    ),
    "gateway_without_default": Message(
        422,
        N_(
            "Cổng rẽ nhánh '%(gateway)s' có %(count)s nhánh nhưng không có nhánh mặc định, "
            "và nhánh %(flows)s không có điều kiện."
        ),
    ),
    "script_refused": Message(422, N_("Mã lệnh bị từ chối: %(reason)s")),
    "condition_refused": Message(422, N_("Điều kiện bị từ chối: %(reason)s")),
    # Issue 16: what a version's forms, decision tables and scripts may hold.
    "form_too_deep": Message(422, N_("Biểu mẫu '%(form)s' lồng nhau quá %(limit)s cấp.")),
    "form_ref_outside_version": Message(
        422,
        N_(
            "Biểu mẫu '%(form)s' tham chiếu '%(ref)s' ra ngoài các tệp biểu mẫu của phiên bản "
            "này; chỉ được tham chiếu trong cùng tệp (#/...) hoặc tới một tệp biểu mẫu khác "
            "của phiên bản."
        ),
    ),
    "form_pattern_unsafe": Message(
        422,
        N_(
            "Biểu mẫu '%(form)s': mẫu '%(pattern)s' có lượng từ lồng nhau (như (a+)+) nên có "
            "thể chạy rất lâu; hãy viết lại mẫu."
        ),
    ),
    "decision_input_refused": Message(
        422,
        N_(
            "Bảng quyết định '%(decision)s', đầu vào '%(column)s': biểu thức bị từ chối: %(reason)s"
        ),
    ),
    "decision_rule_refused": Message(
        422,
        N_(
            "Bảng quyết định '%(decision)s', dòng %(row)s, cột '%(column)s': biểu thức bị "
            "từ chối: %(reason)s"
        ),
    ),
    "script_leaves_unstorable_value": Message(
        422,
        N_(
            "Mã lệnh để lại biến '%(variable)s' (dòng %(line)s) là %(kind)s, không lưu được "
            "vào hồ sơ; hãy đổi thành danh sách, chuỗi hoặc số, hoặc xoá biến (del)."
        ),
    ),
    # E1: the eligibility table beside the routing table.
    "eligibility_table_missing": Message(
        422,
        N_(
            "Quy trình thiếu bảng đối tượng được đề nghị: cần một tệp DMN có bảng quyết "
            "định 'eligibility' (hình thức, loại đối tượng, loại đợt -> allowed, rule)."
        ),
    ),
    "eligibility_rows_missing": Message(
        422,
        N_(
            "Bảng định tuyến biết hình thức %(award_form)s nhưng bảng đối tượng được đề nghị "
            "không có dòng nào cho hình thức này."
        ),
    ),
    "eligible_form_not_routed": Message(
        422,
        N_(
            "Bảng đối tượng được đề nghị cho phép hình thức %(award_form)s nhưng bảng định "
            "tuyến không biết hình thức này: hồ sơ sẽ dừng khi nộp."
        ),
    ),
    "step_dead_end": Message(422, N_("Bước '%(step)s' không có luồng đi tiếp (ngõ cụt).")),
    "step_unreachable": Message(422, N_("Bước '%(step)s' không thể tới được từ sự kiện bắt đầu.")),
    "chain_goes_down": Message(
        422,
        N_(
            "Bước '%(task)s' (lane %(lane)s) chuyển hồ sơ xuống bước '%(next_task)s' của cấp "
            "dưới (lane %(next_lane)s); hồ sơ chỉ đi lên theo chuỗi, trừ khi bị trả lại."
        ),
    ),
}

MESSAGES: dict[str, Message] = {**REFUSALS, **MODEL_PROBLEMS}

# Problems with one field of an administrator's form (`details` values of a refusal).
FIELD_PROBLEMS: dict[str, str] = {
    "hold_kind_key_format": N_("2-40 ký tự: chữ thường không dấu, số và dấu gạch ngang."),
    "choose_another": N_("Chọn mã khác."),
    "holiday_exists": N_("Ngày nghỉ đã có."),
    "username_format": N_(
        "Tên đăng nhập gồm 3-100 ký tự: chữ thường không dấu, số và dấu '-', "
        "bắt đầu bằng chữ hoặc số."
    ),
    "password_length_range": N_("Mật khẩu cần từ %(min)s đến %(max)s ký tự."),
    "unit_only_for_unit_role": N_("Chỉ vai trò Đơn vị mới gắn với một đơn vị."),
    "unit_required": N_("Hãy chọn đơn vị của vai trò Đơn vị."),
    "unit_outside_jurisdiction": N_("Đơn vị không thuộc địa phương đã chọn."),
    "grant_required": N_("Cần ít nhất một vai trò trong địa phương của bạn."),
    "model_file_name": N_("Tên tệp phải kết thúc bằng .bpmn, .dmn hoặc .json (không có thư mục)."),
    "not_utf8": N_("Tệp không phải văn bản UTF-8."),
    "dry_run_decision": N_("Ý kiến phải là một trong %(choices)s (hoặc danh sách)."),
}
