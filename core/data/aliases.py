"""The one table of what offices type for a code: every closed code list of the dataset, each code with
the Vietnamese words accepted for it, and the Vietnamese names of the tables (DATA.md).

A value is folded first (``schema.fold``: lower case, no diacritics, spaces as ``_``), so ``LÀO CAI``,
``Lào Cai`` and ``lao cai`` are one word, and the code itself (``laocai``) is always accepted. Anything
else is an error naming the codes. docs/dataset.md prints this table; a test holds the two together.
"""

import re

from .schema import fold

# Vietnam's 63 provinces and centrally-run cities before the merger of 01/07/2025 (Nghị quyết 202/2025/QH15);
# the 34 after it kept the name, and so the code, of one of them. A code is the name folded without spaces.
PROVINCE_NAMES = {
    "angiang": "An Giang",
    "bariavungtau": "Bà Rịa - Vũng Tàu",
    "baclieu": "Bạc Liêu",
    "bacgiang": "Bắc Giang",
    "backan": "Bắc Kạn",
    "bacninh": "Bắc Ninh",
    "bentre": "Bến Tre",
    "binhduong": "Bình Dương",
    "binhdinh": "Bình Định",
    "binhphuoc": "Bình Phước",
    "binhthuan": "Bình Thuận",
    "camau": "Cà Mau",
    "caobang": "Cao Bằng",
    "cantho": "Cần Thơ",
    "danang": "Đà Nẵng",
    "daklak": "Đắk Lắk",
    "daknong": "Đắk Nông",
    "dienbien": "Điện Biên",
    "dongnai": "Đồng Nai",
    "dongthap": "Đồng Tháp",
    "gialai": "Gia Lai",
    "hagiang": "Hà Giang",
    "hanam": "Hà Nam",
    "hanoi": "Hà Nội",
    "hatinh": "Hà Tĩnh",
    "haiduong": "Hải Dương",
    "haiphong": "Hải Phòng",
    "haugiang": "Hậu Giang",
    "hoabinh": "Hòa Bình",
    "hochiminh": "Hồ Chí Minh",
    "hue": "Huế",
    "hungyen": "Hưng Yên",
    "khanhhoa": "Khánh Hòa",
    "kiengiang": "Kiên Giang",
    "kontum": "Kon Tum",
    "laichau": "Lai Châu",
    "lamdong": "Lâm Đồng",
    "langson": "Lạng Sơn",
    "laocai": "Lào Cai",
    "longan": "Long An",
    "namdinh": "Nam Định",
    "nghean": "Nghệ An",
    "ninhbinh": "Ninh Bình",
    "ninhthuan": "Ninh Thuận",
    "phutho": "Phú Thọ",
    "phuyen": "Phú Yên",
    "quangbinh": "Quảng Bình",
    "quangnam": "Quảng Nam",
    "quangngai": "Quảng Ngãi",
    "quangninh": "Quảng Ninh",
    "quangtri": "Quảng Trị",
    "soctrang": "Sóc Trăng",
    "sonla": "Sơn La",
    "tayninh": "Tây Ninh",
    "thaibinh": "Thái Bình",
    "thainguyen": "Thái Nguyên",
    "thanhhoa": "Thanh Hóa",
    "tiengiang": "Tiền Giang",
    "travinh": "Trà Vinh",
    "tuyenquang": "Tuyên Quang",
    "vinhlong": "Vĩnh Long",
    "vinhphuc": "Vĩnh Phúc",
    "yenbai": "Yên Bái",
}
CITIES = ("hanoi", "hochiminh", "haiphong", "danang", "cantho", "hue")
PROVINCE_EXTRA = {
    "bariavungtau": ("Bà Rịa Vũng Tàu", "Vũng Tàu"),
    "daklak": ("Đắk Lắc", "Đắc Lắk"),
    "daknong": ("Đắc Nông",),
    "hochiminh": ("TP HCM", "TP.HCM", "TPHCM", "HCM", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"),
    "hue": ("Thừa Thiên Huế", "Thừa Thiên - Huế"),
    "hanoi": ("TP. Hà Nội", "TP Hà Nội"),
}


def _province_words():
    words = {}
    for code, name in PROVINCE_NAMES.items():
        prefix = "Thành phố" if code in CITIES else "Tỉnh"
        words[code] = (name, f"{prefix} {name}", *PROVINCE_EXTRA.get(code, ()))
    return words


# code list -> {code: accepted words}; the codes in their order (an ordered list keeps it: education, ratings)
CODE_LISTS = {
    "province": _province_words(),
    "level": {
        "tinh": ("Tỉnh", "Cấp tỉnh"),
        "huyen": ("Huyện", "Cấp huyện", "Quận", "Thị xã"),
        "xa": ("Xã", "Cấp xã", "Phường", "Thị trấn", "Đặc khu"),
    },
    "kind": {
        "dang": ("Đảng", "Cơ quan Đảng", "Cơ quan của Đảng"),
        "nha_nuoc": ("Cơ quan nhà nước", "Cơ quan hành chính", "Sở", "Ban", "Ngành", "Sở, ban, ngành"),
        "ubnd": ("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân"),
        "mat_tran": ("Mặt trận", "Mặt trận Tổ quốc", "Đoàn thể", "Tổ chức chính trị - xã hội"),
        "su_nghiep": ("Sự nghiệp", "Đơn vị sự nghiệp", "Đơn vị sự nghiệp công lập"),
    },
    "sector": {
        "giao_duc": ("Giáo dục", "Giáo dục và đào tạo", "Giáo dục - đào tạo"),
        "y_te": ("Y tế",),
        "khac": ("Khác",),
    },
    "employment": {
        "can_bo": ("Cán bộ",),
        "cong_chuc": ("Công chức",),
        "vien_chuc": ("Viên chức",),
        "hop_dong": ("Hợp đồng", "Hợp đồng lao động", "Lao động hợp đồng", "HĐLĐ"),
    },
    "it_role": {
        "chuyen_trach": ("Chuyên trách",),
        "kiem_nhiem": ("Kiêm nhiệm",),
        "khong": ("Không",),
    },
    "education": {
        "so_cap": ("Sơ cấp",),
        "trung_cap": ("Trung cấp", "TC"),
        "cao_dang": ("Cao đẳng", "CĐ"),
        "dai_hoc": ("Đại học", "ĐH", "Kỹ sư", "Kĩ sư", "Cử nhân"),
        "thac_si": ("Thạc sĩ", "Thạc sỹ", "ThS"),
        "tien_si": ("Tiến sĩ", "Tiến sỹ", "TS"),
    },
    "major": {
        "cntt": ("Công nghệ thông tin", "IT"),
        "tin_hoc": ("Tin học",),
        "attt": ("An toàn thông tin", "An toàn thông tin mạng"),
        "dtvt": ("Điện tử viễn thông", "Điện tử - viễn thông", "Điện tử và viễn thông", "ĐTVT"),
        "khac": ("Khác",),
    },
    "english": {
        "a": ("Trình độ A",),
        "b": ("Trình độ B",),
        "c": ("Trình độ C",),
        "a1": ("Bậc 1",),
        "a2": ("Bậc 2",),
        "b1": ("Bậc 3",),
        "b2": ("Bậc 4",),
        "c1": ("Bậc 5",),
        "c2": ("Bậc 6",),
    },
    "rating": {
        "khong_hoan_thanh": ("Không hoàn thành", "Không hoàn thành nhiệm vụ", "KHTNV"),
        "hoan_thanh": ("Hoàn thành", "Hoàn thành nhiệm vụ", "HTNV"),
        "tot": ("Tốt", "Hoàn thành tốt", "Hoàn thành tốt nhiệm vụ", "HTTNV"),
        "xuat_sac": ("Xuất sắc", "Hoàn thành xuất sắc", "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
    },
    "topic": {
        "cntt_co_ban": ("CNTT cơ bản", "Công nghệ thông tin cơ bản", "Ứng dụng CNTT cơ bản"),
        "cntt_nang_cao": ("CNTT nâng cao", "Công nghệ thông tin nâng cao", "Ứng dụng CNTT nâng cao"),
        "attt": ("An toàn thông tin",),
        "dien_tap": ("Diễn tập", "Diễn tập thực chiến"),
        "khac": ("Khác",),
    },
}

# The fields that read each code list (table, field); docs/dataset.md lists them.
FIELDS = {
    "province": ("units.province", "units.former_province", "trainings.province", "indicators.province"),
    "level": ("units.level",),
    "kind": ("units.kind",),
    "sector": ("units.sector",),
    "employment": ("staff.employment",),
    "it_role": ("staff.it_role",),
    "education": ("staff.education",),
    "major": ("staff.major",),
    "english": ("staff.english",),
    "rating": ("staff.rating_YYYY",),
    "topic": ("trainings.topic",),
}

# DATA.md's Vietnamese names of the tables, for a sheet, a CSV file or a YAML/JSON key.
TABLE_NAMES = {
    "units": ("Đơn vị",),
    "staff": ("Cán bộ", "Nhân sự", "Cán bộ, công chức, viên chức"),
    "systems": ("Hệ thống", "Hệ thống thông tin"),
    "assignments": ("Phân công", "Phân công quản lý, vận hành"),
    "trainings": ("Đào tạo", "Đào tạo, bồi dưỡng"),
    "indicators": ("Chỉ số", "Chỉ số tổng hợp"),
}


def codes(name):
    """The codes of a list, in order."""
    return tuple(CODE_LISTS[name])


def aliases(name):
    """Folded word -> code, for FieldSpec.aliases: every accepted word of a list that is not its code."""
    out = {}
    for code, words in CODE_LISTS[name].items():
        for word in words:
            folded = fold(word)
            if out.get(folded, code) != code:
                raise ValueError(f"alias {word!r} of {name} names both {out[folded]!r} and {code!r}")
            if folded != code:
                out[folded] = code
    return out


def _compact(name):
    return re.sub(r"[^0-9a-z]", "", fold(name))


_TABLE_OF = {_compact(word): table for table, words in TABLE_NAMES.items() for word in (table, *words)}


def table_of(name):
    """The table a sheet, a CSV file's stem or a YAML/JSON key names (``Hệ thống`` -> systems), or None."""
    return _TABLE_OF.get(_compact(name))


def table_words():
    """Every accepted table name, for suggestions."""
    return [word for table, words in TABLE_NAMES.items() for word in (table, *words)]


# What offices write above a column, per table and field (docs/dataset.md lists them). A header is compared
# folded and without punctuation (``Họ và tên`` = ``HO VA TEN`` = ``ho va ten``); the field's own name is
# always accepted. Every field of the contract has an entry, so that a row of headers is recognised as one.
HEADER_WORDS = {
    "units": {
        "id": ("Mã đơn vị", "Mã ĐV", "Mã"),
        "name": ("Tên đơn vị", "Tên cơ quan, đơn vị", "Tên cơ quan", "Tên"),
        "province": ("Tỉnh", "Tỉnh, thành phố", "Tỉnh/thành phố"),
        "former_province": ("Tỉnh cũ", "Tỉnh trước sáp nhập", "Tỉnh trước hợp nhất"),
        "level": ("Cấp", "Cấp hành chính", "Cấp đơn vị"),
        "kind": ("Loại", "Loại đơn vị", "Loại hình", "Loại cơ quan"),
        "sector": ("Lĩnh vực", "Ngành"),
        "is_it_unit": ("Đơn vị chuyên trách CNTT", "Đơn vị CNTT"),
        "it_centre": ("Trung tâm CNTT", "Trung tâm Công nghệ thông tin"),
        "locality": ("Địa bàn", "Địa bàn làm việc", "Huyện, thị xã, thành phố"),
        "parent_id": ("Đơn vị cấp trên", "Mã đơn vị cấp trên", "Đơn vị chủ quản", "Trực thuộc"),
        "start_date": ("Ngày thành lập", "Từ ngày"),
        "end_date": ("Ngày giải thể", "Đến ngày"),
    },
    "staff": {
        "id": ("Mã cán bộ", "Mã CB", "Mã nhân sự", "Mã số", "Mã"),
        "full_name": ("Họ và tên", "Họ tên", "Họ, tên", "Tên cán bộ"),
        "unit_id": ("Đơn vị", "Mã đơn vị", "Cơ quan, đơn vị", "Đơn vị công tác"),
        "employment": ("Loại cán bộ", "Đối tượng", "Ngạch", "Loại hình"),
        "is_leader": ("Lãnh đạo", "Lãnh đạo quản lý", "Là lãnh đạo"),
        "it_leader": ("Lãnh đạo phụ trách CNTT", "Phụ trách CNTT", "CIO"),
        "it_role": ("Vị trí CNTT", "Chuyên trách/kiêm nhiệm", "Chuyên trách, kiêm nhiệm", "Làm CNTT"),
        "other_titles": ("Kiêm chức danh khác", "Chức danh khác"),
        "infosec_duty": ("Phụ trách an toàn thông tin", "An toàn thông tin", "ATTT"),
        "job_position_ok": ("Vị trí việc làm", "Có vị trí việc làm", "Quyết định phân công"),
        "it_trainer": ("Giảng dạy CNTT", "Đào tạo CNTT"),
        "education": ("Trình độ", "Trình độ chuyên môn", "Trình độ đào tạo", "Học vị"),
        "major": ("Chuyên ngành", "Ngành đào tạo", "Chuyên ngành đào tạo"),
        "english": ("Tiếng Anh", "Trình độ tiếng Anh", "Ngoại ngữ"),
        "certificates": ("Chứng chỉ", "Chứng chỉ quốc tế"),
        "receives_nd179": ("Hưởng NĐ 179", "Hưởng Nghị định 179", "Đã hưởng NĐ179"),
        "it_upskilled": ("Đã bồi dưỡng CNTT", "Bồi dưỡng CNTT", "Đã bồi dưỡng"),
        "start_date": ("Ngày bắt đầu", "Ngày nhận nhiệm vụ", "Ngày vào làm", "Từ ngày"),
        "end_date": ("Ngày kết thúc", "Ngày thôi việc", "Đến ngày"),
        "years_experience": ("Số năm kinh nghiệm", "Số năm công tác", "Thâm niên"),
        "hired_expert": ("Chuyên gia thu hút", "Chuyên gia"),
    },
    "systems": {
        "id": ("Mã hệ thống", "Mã HTTT", "Mã"),
        "name": ("Tên hệ thống", "Tên hệ thống thông tin", "Tên"),
        "owner_unit_id": ("Đơn vị chủ quản", "Chủ quản", "Đơn vị"),
        "security_level": ("Cấp độ", "Cấp độ an toàn", "Cấp độ ATTT"),
        "level_approved": ("Đã phê duyệt cấp độ", "Đã phê duyệt"),
    },
    "assignments": {
        "staff_id": ("Mã cán bộ", "Cán bộ"),
        "system_id": ("Mã hệ thống", "Hệ thống"),
        "start_date": ("Từ ngày", "Ngày bắt đầu"),
        "end_date": ("Đến ngày", "Ngày kết thúc"),
        "decision": ("Quyết định", "Số quyết định"),
    },
    "trainings": {
        "id": ("Mã lớp", "Mã"),
        "province": ("Tỉnh",),
        "year": ("Năm",),
        "topic": ("Chủ đề", "Nội dung"),
        "classes": ("Số lớp",),
        "participants": ("Số học viên", "Số lượt người", "Số người"),
    },
    "indicators": {
        "province": ("Tỉnh",),
        "year": ("Năm",),
        "indicator": ("Chỉ số", "Chỉ tiêu"),
        "value": ("Giá trị", "Số liệu"),
    },
}
# A column of row numbers an office puts first; read and ignored.
ROW_NUMBER_WORDS = ("STT", "TT", "Số thứ tự", "Số TT", "No")
# A year's rating: ``Xếp loại năm 2024``, ``Đánh giá, xếp loại 2024``, ``Xếp loại chất lượng năm 2024``.
RATING_HEADER = re.compile(r"^(?:danhgia)?(?:xeploai|danhgia)(?:chatluong)?(?:nam)?(\d{4})$")


def _headers():
    out = {}
    for table, fields in HEADER_WORDS.items():
        words = out.setdefault(table, {})
        for name, said in fields.items():
            for word in (name, *said):
                if words.get(_compact(word), name) != name:
                    raise ValueError(f"header {word!r} of {table} names both {words[_compact(word)]!r} and {name!r}")
                words[_compact(word)] = name
    return out


_HEADERS = _headers()
_ROW_NUMBERS = {_compact(w) for w in ROW_NUMBER_WORDS}


def header_field(table, header):
    """The field an office's column header names (``Họ và tên`` -> full_name, ``Xếp loại năm 2024`` ->
    rating_2024), ``""`` for a column of row numbers (STT), or None."""
    word = _compact(header)
    if word in _ROW_NUMBERS:
        return ""
    rating = RATING_HEADER.match(word)
    if rating and table == "staff":
        return f"rating_{rating.group(1)}"
    return _HEADERS.get(table, {}).get(word)
