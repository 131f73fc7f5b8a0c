"""Words the engine itself says, in Vietnamese (the default) and English.

Policy texts (titles, rule messages) come from the YAML, with ``vi`` and optionally ``en``.
"""
LANGS = ("vi", "en")

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
    "dossier_unverifiable": {"vi": "Hồ sơ: không kiểm tra được từ bộ dữ liệu: {item}",
                             "en": "Dossier: cannot be checked from the dataset: {item}"},
    "cap_exceeded": {
        "vi": "Hệ thống {system} ({name}, cấp độ {level}) có {count} người đủ điều kiện nhóm {groups}, tối đa {max} "
              "người được hưởng; được hưởng: {paid}; không được hưởng: {unpaid} (chọn theo {order})",
        "en": "System {system} ({name}, level {level}) has {count} people eligible for {groups}, at most {max} are "
              "paid; paid: {paid}; not paid: {unpaid} (chosen by {order})"},
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
    "not_paid_cap": {"vi": "đủ điều kiện nhưng vượt số người tối đa của hệ thống, không được chi trả",
                     "en": "eligible but over the system's cap, not paid"},
}


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
