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
