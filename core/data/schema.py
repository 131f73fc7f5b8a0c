"""The dataset schema: one FieldSpec per (table, field), turned into cerberus rules and expression types.

The contract of DATA.md is registered by the core plugin (:mod:`vnpolicy.hooks.builtin`); plugins add fields through the
``vnpolicy_dataset_fields`` hook.
"""

import datetime as dt
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field

import polars as pl

TABLES = ("units", "staff", "systems", "assignments", "trainings", "indicators")
REQUIRED_TABLES = ("units", "staff")
KINDS = ("text", "code", "bool", "int", "number", "date", "codes")
RATING_COLUMN = re.compile(r"^rating_(\d{4})$")
# Columns an office may add for its own notes; they are read and ignored.
NOTE_COLUMNS = re.compile(r"^(_.*|ghi_chu.*|note.*)$")

TRUE_WORDS = {"true", "1", "co", "x", "yes", "dung", "y", "t"}
FALSE_WORDS = {"false", "0", "khong", "no", "sai", "n", "f"}


def fold(text):
    """What a person typed, as a code: 'Đại học' -> 'dai_hoc', 'Chuyên trách' -> 'chuyen_trach'."""
    text = str(text).strip().lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s\-]+", "_", text)


# An Excel serial day (1900 date system): a whole number of days, 45658 is 01/01/2025. Serials from 10000
# (18/05/1927) up are read as dates; a smaller number in a date column (a year, 2020) stays an error.
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 as Excel counts from day 61 (it counts a 29/02/1900 that never was)
SERIAL = re.compile(r"^\d{5,7}(\.\d+)?$")
SERIAL_RANGE = (10_000, 2_958_465)  # 18/05/1927 .. 31/12/9999
# dd/mm/yy: a two-digit year below PIVOT is 20yy, from it 19yy (05/03/24 is 2024, 05/03/85 is 1985).
SHORT_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$")
PIVOT = 50


def parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    text = text.split(" ")[0].split("T")[0]
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    short = SHORT_YEAR.match(text)
    if short:
        day, month, yy = map(int, short.groups())
        return dt.date((2000 if yy < PIVOT else 1900) + yy, month, day)
    if SERIAL.match(text) and SERIAL_RANGE[0] <= float(text) < SERIAL_RANGE[1] + 1:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    raise ValueError(f"not a date: {value!r}")


def parse_bool(value):
    if isinstance(value, bool):
        return value
    word = fold(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or word == "":
        return False
    raise ValueError(f"not a yes/no: {value!r}")


INT64 = 2**63 - 1


def parse_int(value):
    if isinstance(value, bool):
        raise ValueError("a yes/no is not a number")
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        number = parse_number(text)
        if number != int(number):
            raise ValueError(f"not a whole number: {value!r}") from None
        number = int(number)
    if abs(number) > INT64:
        raise ValueError(f"too large: {value!r}")
    return number


def parse_number(value):
    number = float(str(value).strip().replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def split_codes(value):
    if isinstance(value, (list, tuple)):
        return [fold(v) for v in value if str(v).strip()]
    return [fold(v) for v in re.split(r"[;,]", str(value)) if v.strip()]


POLARS_TYPES = {
    "text": pl.Utf8,
    "code": pl.Utf8,
    "bool": pl.Boolean,
    "int": pl.Int64,
    "number": pl.Float64,
    "date": pl.Date,
    "codes": pl.List(pl.Utf8),
}


@dataclass
class FieldSpec:
    table: str
    name: str
    kind: str
    allowed: tuple = None
    ordered: bool = False
    required: bool = False
    default: object = None
    aliases: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)
    description: str = ""
    unique: bool = False
    references: str = None  # "units.id"
    not_before: str = None  # a date field of the same table this one may not precede: end_date, "start_date"
    unique_with: tuple = ()  # unique together with these fields: an indicator, ("province", "year")

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"field {self.table}.{self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.allowed is not None:
            self.allowed = tuple(self.allowed)
        if self.kind == "bool" and self.default is None:
            self.default = False  # an empty cell in a yes/no column means no (DATA.md: x/empty)

    @property
    def dtype(self):
        """Codes with a closed list are polars Enums: compared as small integers, in their order."""
        if self.allowed is not None and self.kind == "code":
            return pl.Enum(list(self.allowed))
        if self.allowed is not None and self.kind == "codes":
            return pl.List(pl.Enum(list(self.allowed)))
        return POLARS_TYPES[self.kind]

    def coerce(self, value):
        """What cerberus calls on each distinct raw value before checking it."""
        if self.kind == "code":
            code = fold(value)
            return self.aliases.get(code, code)
        if self.kind == "codes":
            return [self.aliases.get(c, c) for c in split_codes(value)]
        return {
            "text": lambda v: str(v).strip(),
            "bool": parse_bool,
            "int": parse_int,
            "number": parse_number,
            "date": parse_date,
        }[self.kind](value)

    def suggest(self, value):
        """The code a bad value is closest to (what a person meant by 'laokai'), or None."""
        if self.allowed is None:
            return None
        typed = fold(value)
        close = difflib.get_close_matches(typed, [*self.allowed, *self.aliases], n=1, cutoff=0.6)
        return self.aliases.get(close[0], close[0]) if close else None

    def cerberus_rules(self):
        cerberus_type = {
            "text": "string",
            "code": "string",
            "bool": "boolean",
            "int": "integer",
            "number": "number",
            "date": "date",
            "codes": "list",
        }[self.kind]
        rules = {"type": cerberus_type, "coerce": self.coerce, "nullable": False}
        if self.allowed is not None and self.kind in ("code", "codes"):
            rules["allowed"] = list(self.allowed)
        rules.update(self.rules)
        return rules

    def expected(self, lang="vi"):
        """What a value of this field should look like, for error messages."""
        vi = lang == "vi"
        if self.allowed is not None:
            return ("một trong: " if vi else "one of: ") + ", ".join(self.allowed)
        return {
            "text": "chữ" if vi else "text",
            "code": "một mã" if vi else "a code",
            "bool": "có/không, true/false, 1/0, x/để trống" if vi else "có/không, true/false, 1/0, x/empty",
            "int": "số nguyên" if vi else "a whole number",
            "number": "số" if vi else "a number",
            "date": "ngày dd/mm/yyyy hoặc yyyy-mm-dd" if vi else "a date dd/mm/yyyy or yyyy-mm-dd",
            "codes": "danh sách mã cách nhau bởi ;" if vi else "codes separated by ;",
        }[self.kind] + self._bounds(vi)

    def _bounds(self, vi):
        lo, hi = self.rules.get("min"), self.rules.get("max")
        if lo is not None and hi is not None:
            return f" từ {lo} đến {hi}" if vi else f" from {lo} to {hi}"
        return ""
