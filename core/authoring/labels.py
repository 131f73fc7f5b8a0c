"""Words for what a policy file names: the dataset's fields (a noun, or for a yes/no field what it says and
its negation), codes beyond :data:`vnpolicy.i18n.CODES`, units of parameters, kinds of document, provinces and
the 2025 merger, and a parameter's values in words. What :mod:`.words` and :mod:`.render` say things with.

A field or code missing here is said with the plugin's own description when it has one, else as written."""

import datetime as dt

from ..i18n import CODES, amount, number, word
from ..i18n import text as tr

# a noun: (vi, en); a yes/no field: (vi, vi when not, en, en when not)
FIELDS = {
    "id": ("mã cán bộ", "staff id"),
    "full_name": ("họ tên", "full name"),
    "unit_id": ("mã đơn vị", "unit id"),
    "unit_name": ("tên đơn vị", "unit name"),
    "employment": ("loại cán bộ", "employment"),
    "it_role": ("vai trò CNTT", "IT role"),
    "education": ("trình độ", "education"),
    "major": ("chuyên ngành", "major"),
    "english": ("trình độ tiếng Anh", "English level"),
    "certificates": ("chứng chỉ", "certificates"),
    "start_date": ("ngày bắt đầu ở vị trí", "start date in post"),
    "end_date": ("ngày thôi ở vị trí", "end date in post"),
    "years_experience": ("số năm kinh nghiệm", "years of experience"),
    "rating_prev_year": ("xếp loại năm trước liền kề", "rating of the year before"),
    "rating_last_known": ("xếp loại gần nhất đã có", "latest rating given"),
    "max_security_level": ("cấp độ an toàn cao nhất của hệ thống người đó vận hành", "highest level of their systems"),
    "english_cefr": ("trình độ tiếng Anh (khung 6 bậc)", "English (six-level framework)"),
    "outcome": ("kết quả theo chính sách này", "this policy's outcome"),
    "unit_province": ("tỉnh của đơn vị", "the unit's province"),
    "unit_former_province": ("tỉnh cũ của đơn vị (trước sáp nhập)", "the unit's former province"),
    "unit_level": ("cấp của đơn vị", "the unit's level"),
    "unit_kind": ("loại đơn vị", "the unit's kind"),
    "unit_sector": ("lĩnh vực của đơn vị", "the unit's sector"),
    "unit_locality": ("địa bàn của đơn vị", "the unit's locality"),
    "unit_parent_id": ("đơn vị cấp trên", "the parent unit"),
    "unit_start_date": ("ngày thành lập đơn vị", "the unit's start date"),
    "unit_end_date": ("ngày đơn vị chấm dứt", "the unit's end date"),
    "security_level": ("cấp độ an toàn của hệ thống", "the system's security level"),
    "system_security_level": ("cấp độ an toàn của hệ thống", "the system's security level"),
    "owner_unit_id": ("đơn vị chủ quản của hệ thống", "the system's owner unit"),
    "system_id": ("hệ thống mà nhóm của người đó được xét theo", "the system the person's group came from"),
    "system_name": ("tên hệ thống", "the system's name"),
    "assignment_decision": ("quyết định phân công vận hành hệ thống", "the assignment decision"),
    "assignment_start": ("ngày được phân công", "the assignment date"),
    "is_leader": ("là lãnh đạo, quản lý", "không là lãnh đạo, quản lý", "is a leader", "is not a leader"),
    "it_leader": (
        "là lãnh đạo phụ trách CNTT",
        "không là lãnh đạo phụ trách CNTT",
        "is the leader in charge of IT",
        "is not the leader in charge of IT",
    ),
    "other_titles": (
        "kiêm nhiệm chức danh khác",
        "không kiêm nhiệm chức danh nào khác",
        "holds another title",
        "holds no other title",
    ),
    "infosec_duty": (
        "làm nhiệm vụ an toàn thông tin",
        "không làm nhiệm vụ an toàn thông tin",
        "has an information-security duty",
        "has no information-security duty",
    ),
    "job_position_ok": (
        "có vị trí việc làm hoặc quyết định giao nhiệm vụ CNTT được phê duyệt",
        "không có vị trí việc làm hoặc quyết định giao nhiệm vụ CNTT được phê duyệt",
        "holds an approved IT job position or task assignment",
        "holds no approved IT job position or task assignment",
    ),
    "it_trainer": (
        "làm nhiệm vụ đào tạo, bồi dưỡng CNTT",
        "không làm nhiệm vụ đào tạo, bồi dưỡng CNTT",
        "trains staff in IT",
        "does not train staff in IT",
    ),
    "receives_nd179": (
        "đang hưởng hỗ trợ theo Nghị định 179/2025/NĐ-CP",
        "chưa hưởng hỗ trợ theo Nghị định 179/2025/NĐ-CP",
        "receives support under Nghị định 179/2025/NĐ-CP",
        "does not receive support under Nghị định 179/2025/NĐ-CP",
    ),
    "it_upskilled": (
        "đã được nâng cao trình độ ứng dụng CNTT",
        "chưa được nâng cao trình độ ứng dụng CNTT",
        "has raised IT-application skills",
        "has not raised IT-application skills",
    ),
    "hired_expert": (
        "là chuyên gia, nhân lực CNTT được thuê",
        "không là chuyên gia, nhân lực CNTT được thuê",
        "is a hired IT expert",
        "is not a hired IT expert",
    ),
    "operates_system": (
        "trực tiếp quản lý, vận hành ít nhất một hệ thống",
        "không vận hành hệ thống nào",
        "operates at least one system",
        "operates no system",
    ),
    "unit_is_it_unit": (
        "đơn vị là đơn vị chuyên trách CNTT",
        "đơn vị không phải đơn vị chuyên trách CNTT",
        "the unit is a specialised IT unit",
        "the unit is not a specialised IT unit",
    ),
    "unit_it_centre": (
        "đơn vị là Trung tâm CNTT của tỉnh",
        "đơn vị không phải Trung tâm CNTT của tỉnh",
        "the unit is the province's IT centre",
        "the unit is not the province's IT centre",
    ),
    "unit_has_it_subunit": (
        "đơn vị có đơn vị chuyên trách CNTT trực thuộc",
        "đơn vị không có đơn vị chuyên trách CNTT trực thuộc",
        "the unit has an IT unit under it",
        "the unit has no IT unit under it",
    ),
    "level_approved": (
        "cấp độ của hệ thống đã được phê duyệt",
        "cấp độ của hệ thống chưa được phê duyệt",
        "the system's level is approved",
        "the system's level is not approved",
    ),
}
FIELDS["system_level_approved"] = FIELDS["level_approved"]

PROVINCES = {
    "laocai": "Lào Cai",
    "yenbai": "Yên Bái",
    "lamdong": "Lâm Đồng",
    "daknong": "Đắk Nông",
    "binhthuan": "Bình Thuận",
    "phutho": "Phú Thọ",
    "vinhphuc": "Vĩnh Phúc",
    "hoabinh": "Hòa Bình",
}
MERGED_INTO = {
    "yenbai": "laocai",
    "daknong": "lamdong",
    "binhthuan": "lamdong",
    "vinhphuc": "phutho",
    "hoabinh": "phutho",
}

_CODES = {
    "chuyen_trach": ("chuyên trách", "full-time"),
    "kiem_nhiem": ("kiêm nhiệm", "concurrent"),
    "khong": ("không làm CNTT", "none"),
    "tinh": ("cấp tỉnh", "provincial"),
    "huyen": ("cấp huyện", "district"),
    "xa": ("cấp xã", "commune"),
    "tp_laocai": ("thành phố Lào Cai", "Lào Cai city"),
    "tx_sapa": ("thị xã Sa Pa", "Sa Pa town"),
    "ccna": ("CCNA", "CCNA"),
    "mcsa": ("MCSA", "MCSA"),
    "cntt_co_ban": ("CNTT cơ bản", "basic IT"),
    "cntt_nang_cao": ("CNTT nâng cao", "advanced IT"),
    "dien_tap": ("diễn tập", "drills"),
    **{code: (name, name) for code, name in PROVINCES.items()},
}
DOCUMENT_TYPES = {
    "nghi_quyet": ("Nghị quyết", "Resolution"),
    "quyet_dinh": ("Quyết định", "Decision"),
    "nghi_dinh": ("Nghị định", "Decree"),
    "ke_hoach": ("Kế hoạch", "Plan"),
    "huong_dan": ("Hướng dẫn", "Guidance"),
    "thong_tu": ("Thông tư", "Circular"),
    "bai_bao": ("Bài báo", "Newspaper article"),
    "khac": ("Khác", "Other"),
}
UNITS = {
    "vnd_per_month": ("đồng mỗi tháng", "đồng a month"),
    "vnd_once": ("đồng, một lần", "đồng, once"),
    "date": ("ngày", "date"),
    "code": ("mã", "code"),
    "codes": ("danh sách mã", "list of codes"),
    "level": ("cấp độ", "level"),
    "count": ("số lượng", "count"),
    "percent": ("phần trăm", "percent"),
    "years": ("năm", "years"),
    "bool": ("có/không", "yes/no"),
}


def pick(pair, lang):
    return pair[1] if lang == "en" else pair[0]


def code_words(code, lang="vi", field=None):
    """A code in words: an outcome, a code of the dataset contract, a province; else as written."""
    if field == "outcome" and f"outcome_{code}" in _OUTCOME_KEYS:
        return word(f"outcome_{code}", lang)
    if str(code) in _CODES:
        return pick(_CODES[str(code)], lang)
    entry = CODES.get(str(code))
    return entry.get(lang, entry["vi"]) if entry else str(code)


_OUTCOME_KEYS = {f"outcome_{o}" for o in ("eligible", "not_eligible", "compliant", "non_compliant", "not_applicable")}
_OUTCOME_KEYS.add("outcome_unknown")


def field_words(name, lang="vi", registry=None, negated=False):
    """A field's noun (``trình độ``), or for a yes/no field what it says (``negated``: its negation); else the
    description a plugin gave it (a derived field's, a dataset field's); None for a name nobody describes."""
    entry = FIELDS.get(name)
    if entry and len(entry) == 4:
        return entry[(2 if lang == "en" else 0) + (1 if negated else 0)]
    if entry:
        return pick(entry, lang)
    derived = getattr(registry, "derived", {}).get(name) if registry is not None else None
    said = derived and ((derived.description_en if lang == "en" else "") or derived.description)
    fields = getattr(registry, "fields", {}) if registry is not None else {}
    spec = fields.get(("staff", name)) or (fields.get(("units", name[5:])) if name.startswith("unit_") else None)
    said = said or (spec.description if spec is not None else None)
    if said:
        return f"{'not: ' if lang == 'en' else 'không: '}{said}" if negated else said
    return None


def is_predicate(name):
    """A yes/no field that says something of the person (``is_leader``), rather than naming a value."""
    return len(FIELDS.get(name, ())) == 4


def province_name(code):
    return PROVINCES.get(code, code)


def date_words(value):
    """2025-07-01 -> '01/07/2025'."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def value_words(value, unit, lang="vi", field=None):
    """One value of a parameter (or a literal) in words, by its unit."""
    if unit in ("vnd_per_month", "vnd_once") and isinstance(value, int):
        return amount(value, "month" if unit == "vnd_per_month" else "once", lang)
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("có" if value else "không")
    if isinstance(value, (list, tuple)):
        return ", ".join(code_words(v, lang, field) for v in value) or ("(trống)" if lang == "vi" else "(empty)")
    if isinstance(value, dt.date):
        return date_words(value)
    if isinstance(value, (int, float)):
        suffix = {"percent": "%", "years": " năm" if lang == "vi" else " years"}.get(unit, "")
        return number(value, lang) + suffix
    if unit == "date" and isinstance(value, str):
        try:
            return date_words(value)
        except ValueError:
            return value
    return code_words(value, lang, field)


def dated_values(param, lang="vi", field=None, since=True):
    """A parameter's values in words, each ``(words, unknown)``: '5.400.000 đ/tháng từ 01/07/2025'; a value the
    source does not give, or one that is only assumed, is ``unknown`` and says so."""
    out = []
    for day, value, unknown, note in param.values:
        if value is None:
            said, open_ = word("unknown_value", lang), True
        else:
            said = value_words(value, param.unit, lang, field)
            said += f" ({word('assumed', lang)})" if unknown else ""
            open_ = unknown
        if since:
            said += f" {'from' if lang == 'en' else 'từ'} {date_words(day)}"
        if note:
            said += f" — {tr(note, lang)}"
        out.append((said, open_))
    return out
