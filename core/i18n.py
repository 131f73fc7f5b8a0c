"""Words the engine itself says, in Vietnamese (the default) and English.

Policy texts (titles, rule messages) come from the YAML, with ``vi`` and optionally ``en``.
"""

import contextvars
from contextlib import contextmanager

LANGS = ("vi", "en")

# The language of the run, for messages made where no language is passed (an expression's error, deep in
# loading a policy): the CLI sets it from --lang; Vietnamese otherwise.
_RUN_LANG = contextvars.ContextVar("vnpolicy_lang", default="vi")


def run_lang():
    return _RUN_LANG.get()


@contextmanager
def speaking(lang):
    """Within the block, messages that follow the run's language are said in ``lang``."""
    token = _RUN_LANG.set(lang if lang in LANGS else "vi")
    try:
        yield
    finally:
        _RUN_LANG.reset(token)


WORDS = {
    "passed": {"vi": "đạt", "en": "met"},
    "failed": {"vi": "không đạt", "en": "not met"},
    "missing_data": {"vi": "thiếu dữ liệu", "en": "missing data"},
    "excluded": {"vi": "Thuộc trường hợp loại trừ", "en": "Excluded"},
    "not_excluded": {"vi": "Không thuộc trường hợp loại trừ", "en": "Not excluded"},
    "assumed": {"vi": "giả định, nguồn chưa quy định", "en": "assumed, not given by the source"},
    "unknown_value": {"vi": "chưa biết, nguồn không cho giá trị", "en": "unknown, the source gives no value"},
    "operates": {"vi": "Trực tiếp quản lý, vận hành hệ thống", "en": "Directly manages or operates a system"},
    "cap_rank": {"vi": "thứ {rank}/{count}, tối đa {max}", "en": "rank {rank} of {count}, at most {max}"},
    "dossier": {"vi": "Hồ sơ", "en": "Dossier"},
    "dossier_missing": {"vi": "Hồ sơ thiếu: {item}", "en": "Dossier lacks: {item}"},
    "dossier_unverifiable": {
        "vi": "Hồ sơ: không kiểm tra được từ bộ dữ liệu: {item}",
        "en": "Dossier: cannot be checked from the dataset: {item}",
    },
    "cap_exceeded": {
        "vi": (
            "Hệ thống {system} ({name}, cấp độ {level}) có {count} người đủ điều kiện {groups}, tối đa {max} "
            "người được hưởng; được hưởng: {paid}; không được hưởng: {unpaid} (chọn theo {order})"
        ),
        "en": (
            "System {system} ({name}, level {level}) has {count} people eligible for {groups}, at most {max} are "
            "paid; paid: {paid}; not paid: {unpaid} (chosen by {order})"
        ),
    },
    "order_assignment_start": {"vi": "ngày được phân công sớm hơn", "en": "earlier assignment date"},
    "order_start_date": {"vi": "ngày nhận vị trí sớm hơn", "en": "earlier start in post"},
    "order_staff_id": {"vi": "mã cán bộ", "en": "staff id"},
    "order_group": {"vi": "nhóm cao hơn", "en": "higher group"},
    "then": {"vi": ", rồi ", "en": ", then "},
    "outcome_eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "outcome_not_eligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "outcome_compliant": {"vi": "đáp ứng", "en": "compliant"},
    "outcome_non_compliant": {"vi": "không đáp ứng", "en": "non-compliant"},
    "outcome_not_applicable": {"vi": "không áp dụng", "en": "not applicable"},
    "outcome_unknown": {"vi": "chưa xác định", "en": "unknown"},
    "amount_unknown": {
        "vi": "Chưa xác định được mức chi trả, nguồn không nêu",
        "en": "Amount unknown, not given by the source",
    },
    "in_force_unknown": {
        "vi": "nguồn không nêu ngày hiệu lực; tạm coi áp dụng từ {date}",
        "en": "the source gives no date in force; taken as from {date}",
    },
    "year": {"vi": "năm", "en": "year"},
    "figure_per": {"vi": "{value} trên mỗi {what} ({count})", "en": "{value} per {what} ({count})"},
    "figure_baseline": {"vi": "nguồn báo cáo", "en": "the source reports"},
    "must_choose": {
        "vi": "đủ điều kiện hưởng cả hai chính sách không được hưởng đồng thời, phải chọn một (cùng {other})",
        "en": "eligible under two policies that are not paid together: must choose one (with {other})",
    },
    "amount_unknown_short": {"vi": "mức chưa xác định", "en": "amount unknown"},
    "period_month": {"vi": "/tháng", "en": " a month"},
    "period_once": {"vi": " một lần", "en": " once"},
    "support_in_kind": {
        "vi": "hỗ trợ theo chi phí, không phải khoản tiền cố định",
        "en": "support at cost, not a fixed sum",
    },
    "must_choose_between": {"vi": "phải chọn một: {policies}", "en": "must choose one: {policies}"},
    "total_eligible": {"vi": "{count} người đủ điều kiện", "en": "{count} eligible"},
    "total_paid": {"vi": "{count} người được chi trả", "en": "{count} paid"},
    "total_unknown": {"vi": "{count} người chưa xác định được mức", "en": "{count} with an unknown amount"},
    "unknown_date": {"vi": "ngày chưa rõ, tạm coi", "en": "date unknown, taken as"},
    "no_date": {"vi": "không rõ ngày", "en": "no date"},
    "no_number": {"vi": "(không có số hiệu)", "en": "(no number)"},
    "support": {"vi": "Được hỗ trợ", "en": "Supported"},
    "not_paid": {"vi": "không được chi trả", "en": "not paid"},
    "not_in_post_on_date": {
        "vi": "không còn ở vị trí vào ngày đánh giá (đã được chi trả trong kỳ)",
        "en": "no longer in post on the assessment date (paid during the period)",
    },
    "in_all": {"vi": "Tất cả những gì người này được hưởng", "en": "Everything this person receives"},
    "in_all_total": {"vi": "Tổng", "en": "In all"},
    "unchecked": {"vi": "Chưa kiểm tra được", "en": "Not checked"},
    "outside_scope": {"vi": "Không thuộc đối tượng", "en": "Outside the policy's scope"},
    "requirements_unmet": {"vi": "Không đạt", "en": "Not met"},
    "requirement_finding": {"vi": "{item}: không đạt", "en": "{item}: not met"},
    "priority": {"vi": "Ưu tiên", "en": "Priority"},
    "priority_has": {"vi": "có", "en": "yes"},
    "priority_has_not": {"vi": "không có (không bắt buộc)", "en": "no (not required)"},
    "unit_lacks": {"vi": "{unit}: chưa có {items}", "en": "{unit}: has no {items}"},
    "target_above": {"vi": "trên {pct} đến {date}", "en": "over {pct} by {date}"},
    "target_at_least": {"vi": "ít nhất {pct} đến {date}", "en": "at least {pct} by {date}"},
    "target_goal": {"vi": "chỉ tiêu", "en": "target"},
    "target_all": {"vi": "{pct} đến {date}", "en": "{pct} by {date}"},
    "target_no_data_short": {"vi": "không có số liệu", "en": "no data"},
    "target_overdue": {"vi": "mốc đã qua", "en": "deadline passed"},
    "target_no_data_indicator": {"vi": "không có số liệu chỉ số {code}", "en": "no data for indicator {code}"},
    "indicator": {"vi": "chỉ số", "en": "indicator"},
    "target_no_data": {
        "vi": "không có số liệu (không có ai, đơn vị nào thuộc phạm vi đo)",
        "en": "no data (nobody and no unit in the measure's scope)",
    },
    "target_indicator_value": {"vi": "{pct} (năm {year})", "en": "{pct} ({year})"},
    "people": {"vi": "người", "en": "people"},
    "units": {"vi": "đơn vị", "en": "units"},
    "target_met": {"vi": "đạt", "en": "met"},
    "target_not_met": {"vi": "chưa đạt", "en": "not met"},
    "target_missing_people": {"vi": "cần thêm {count} người", "en": "{count} more needed"},
    "target_missing_units": {"vi": "cần thêm {count} đơn vị", "en": "{count} more needed"},
    "and_more": {"vi": "và {count} đơn vị khác", "en": "and {count} more"},
    # the comparison's reports
    "cmp_title": {
        "vi": "So sánh chính sách nhân lực CNTT giữa các tỉnh",
        "en": "Comparing provinces' IT-workforce policies",
    },
    "cmp_as_if": {
        "vi": (
            "Mỗi tỉnh: chính sách của tỉnh áp dụng cho toàn bộ những người trong bộ dữ liệu, "
            "như thể họ làm việc ở tỉnh đó."
        ),
        "en": "Each province: its policies applied to everyone in the dataset, as if they worked there.",
    },
    "cmp_on": {"vi": "Ngày đánh giá", "en": "Assessed on"},
    "cmp_period": {"vi": "Kỳ", "en": "Period"},
    "cmp_summary": {"vi": "Tổng hợp theo tỉnh", "en": "By province"},
    "cmp_differences": {"vi": "Khác biệt giữa các tỉnh", "en": "How the provinces differ"},
    "cmp_rules": {"vi": "Quy định đặt cạnh nhau (lấy từ các tệp YAML)", "en": "The rules side by side (from the YAML)"},
    "cmp_targets": {"vi": "Mục tiêu", "en": "Targets"},
    "cmp_people": {"vi": "Từng người", "en": "Per person"},
    "cmp_reform": {"vi": "Giả định thay đổi (what-if)", "en": "What-if"},
    "cmp_changes": {"vi": "Những người có kết quả thay đổi", "en": "People whose outcome changes"},
    "cmp_no_changes": {"vi": "Không ai thay đổi kết quả.", "en": "Nobody's outcome changes."},
    "more_people": {"vi": "… còn {count} người nữa", "en": "… {count} more people"},
    "more_findings": {"vi": "… còn {count} phát hiện nữa", "en": "… {count} more findings"},
    "more_rows": {"vi": "… còn {count} dòng nữa", "en": "… {count} more rows"},
    "more_where": {"vi": "; -f {formats} hoặc --all để xem hết", "en": "; use -f {formats} or --all to see them all"},
    "cmp_baseline": {"vi": "Hiện hành", "en": "Baseline"},
    "cmp_reformed": {"vi": "Thay đổi", "en": "Reform"},
    "cmp_delta": {"vi": "Chênh lệch", "en": "Difference"},
    "cmp_province": {"vi": "Tỉnh", "en": "Province"},
    "col_id": {"vi": "Mã", "en": "Id"},
    "col_name": {"vi": "Họ tên", "en": "Name"},
    "col_policy": {"vi": "Chính sách", "en": "Policy"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_goal": {"vi": "Chỉ tiêu", "en": "Goal"},
    "col_result": {"vi": "Kết quả", "en": "Result"},
    "col_missing": {"vi": "Còn thiếu", "en": "Missing"},
    "col_citation": {"vi": "Trích dẫn", "en": "Citation"},
    "now": {"vi": "nay", "en": "now"},
    "month_count": {"vi": "{count} tháng", "en": "{count} months"},
    "whole_period": {"vi": "cả kỳ", "en": "period"},
    "finding": {"vi": "phát hiện", "en": "finding"},
    "ceiling": {"vi": "tối đa", "en": "at most"},
    "precedence": {
        "vi": "đủ điều kiện theo {other}, được ưu tiên: không chi trả theo chính sách này",
        "en": "eligible under {other}, which comes first: not paid under this policy",
    },
    "reading_short": {"vi": "cách hiểu", "en": "reading"},
    "readings_count": {"vi": "{count} cách hiểu", "en": "{count} readings"},
    "readings_none": {"vi": "không khai báo cách hiểu nào", "en": "declares no reading"},
    "reading_chosen": {"vi": "đã chọn", "en": "chosen"},
    "reading_in_effect": {"vi": "đang áp dụng (--reading)", "en": "in effect (--reading)"},
    "reading_why": {"vi": "Vì sao chọn", "en": "Why chosen"},
    "reading_on_data": {"vi": "Trên bộ dữ liệu, ngày {date}", "en": "On the dataset, on {date}"},
    "reading_changes": {"vi": "{count} người thay đổi", "en": "{count} people change"},
    "reading_cost": {"vi": "chi phí {monthly}/tháng, {once} một lần", "en": "cost {monthly} a month, {once} once"},
    "reading_not_in_force": {"vi": "chính sách chưa có hiệu lực vào ngày này", "en": "not in force on that date"},
    "not_paid_cap": {
        "vi": "đủ điều kiện nhưng vượt số người tối đa của hệ thống, không được chi trả",
        "en": "eligible but over the system's cap, not paid",
    },
}

# Codes of the dataset contract in words (rules side by side, differences).
CODES = {
    "cntt": {"vi": "công nghệ thông tin", "en": "information technology"},
    "tin_hoc": {"vi": "tin học", "en": "informatics"},
    "attt": {"vi": "an toàn thông tin", "en": "information security"},
    "dtvt": {"vi": "điện tử viễn thông", "en": "electronics and telecommunications"},
    "khac": {"vi": "khác", "en": "other"},
    "so_cap": {"vi": "sơ cấp", "en": "elementary"},
    "trung_cap": {"vi": "trung cấp", "en": "intermediate vocational"},
    "cao_dang": {"vi": "cao đẳng", "en": "college"},
    "dai_hoc": {"vi": "đại học", "en": "university"},
    "thac_si": {"vi": "thạc sĩ", "en": "master's"},
    "tien_si": {"vi": "tiến sĩ", "en": "doctorate"},
    "can_bo": {"vi": "cán bộ", "en": "elected official"},
    "cong_chuc": {"vi": "công chức", "en": "civil servant"},
    "vien_chuc": {"vi": "viên chức", "en": "public employee"},
    "hop_dong": {"vi": "hợp đồng", "en": "contract worker"},
    "dang": {"vi": "cơ quan Đảng", "en": "Party body"},
    "nha_nuoc": {"vi": "cơ quan nhà nước", "en": "state agency"},
    "ubnd": {"vi": "UBND", "en": "People's Committee"},
    "mat_tran": {"vi": "Mặt trận, đoàn thể", "en": "Fatherland Front"},
    "su_nghiep": {"vi": "đơn vị sự nghiệp", "en": "public service unit"},
    "giao_duc": {"vi": "giáo dục", "en": "education"},
    "y_te": {"vi": "y tế", "en": "health"},
    **{c: {"vi": c.upper(), "en": c.upper()} for c in ("a1", "a2", "b1", "b2", "c1", "c2")},
    **{c: {"vi": f"trình độ {c.upper()} (cũ)", "en": f"old level {c.upper()}"} for c in ("a", "b", "c")},
    "hoan_thanh": {"vi": "hoàn thành nhiệm vụ", "en": "completed duties"},
    "tot": {"vi": "hoàn thành tốt nhiệm vụ", "en": "completed duties well"},
    "xuat_sac": {"vi": "hoàn thành xuất sắc nhiệm vụ", "en": "excellent"},
    "khong_hoan_thanh": {"vi": "không hoàn thành nhiệm vụ", "en": "did not complete duties"},
}

# Topics that line up parameters of different provinces (a parameter's ``compare.topic``).
TOPICS = {
    "it_majors": {"vi": "Chuyên ngành được tính là CNTT", "en": "Majors counted as IT"},
    "min_education": {"vi": "Trình độ tối thiểu", "en": "Minimum education"},
    "min_education_commune": {"vi": "Trình độ tối thiểu ở cấp xã", "en": "Minimum education at commune level"},
    "english": {"vi": "Tiếng Anh tối thiểu", "en": "Minimum English"},
    "min_rating": {"vi": "Xếp loại năm trước tối thiểu", "en": "Minimum rating of the year before"},
    "employment": {"vi": "Loại cán bộ thuộc đối tượng", "en": "Kinds of staff covered"},
    "unit_kinds": {"vi": "Loại đơn vị thuộc phạm vi", "en": "Kinds of unit covered"},
    "cap_per_system": {"vi": "Số người được hưởng tối đa mỗi hệ thống", "en": "People paid per system at most"},
}


def code_label(code, lang="vi"):
    """A code in words ('dtvt' -> 'điện tử viễn thông'); an unknown code as it is."""
    entry = CODES.get(str(code))
    return entry.get(lang, entry["vi"]) if entry else str(code)


def group_name(code, lang="vi", named=None):
    """A group as people read it: ``named`` (the ``name`` its tiers row gives), else ``nhom_1`` -> "Nhóm 1",
    ``muc_2`` -> "Mức 2" (as ``vnpolicy render`` words them); any other code as it is."""
    import re

    if named:
        return text(named, lang)
    found = re.fullmatch(r"(nhom|muc)_(\d+)", code or "")
    if not found:
        return code or ""
    words = {"nhom": ("Nhóm", "Group"), "muc": ("Mức", "Level")}[found.group(1)]
    return words[lang != "vi"] + " " + found.group(2)


def word(key, lang="vi", **values):
    entry = WORDS[key]
    return entry.get(lang, entry["vi"]).format(**values)


def text(value, lang="vi"):
    """A YAML text: a plain string (Vietnamese) or {vi: ..., en: ...}."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("vi", "")


def money(amount, lang="vi"):
    """5400000 -> '5.400.000 đ' (Vietnamese) or '5,400,000 VND'."""
    if amount is None:
        return "—"
    digits = f"{int(amount):,}"
    return digits.replace(",", ".") + " đ" if lang == "vi" else digits + " VND"


def amount(value, period, lang="vi"):
    """5400000, 'month' -> '5.400.000 đ/tháng'; 'once' -> '... một lần'; no period: the sum alone."""
    return money(value, lang) + (word(f"period_{period}", lang) if period else "")


def number(value, lang="vi"):
    """3100 -> '3.100'; 2.5 -> '2,5' (Vietnamese) or '3,100' / '2.5'."""
    if value is None:
        return "—"
    if float(value).is_integer():
        shown = f"{int(value):,}"
        return shown.replace(",", ".") if lang == "vi" else shown
    shown = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return shown.replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi" else shown


def percent(fraction, lang="vi"):
    """0.8333 -> '83,3%' (Vietnamese) or '83.3%'; None -> '—'."""
    if fraction is None:
        return "—"
    shown = f"{float(fraction) * 100:.1f}".removesuffix(".0")
    if shown == "100" and fraction < 1:  # never say 100% of a target that is not reached
        shown = "99.9"
    return (shown.replace(".", ",") if lang == "vi" else shown) + "%"
