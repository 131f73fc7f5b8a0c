"""The columns of the fill-in workbook (:mod:`.template`): per table, each registered field as a column an office
types into, with its Vietnamese label and meaning (:mod:`.schema_words_data`), the words it accepts
(:mod:`vnpolicy.data.aliases`) and the policies that read it (their expressions' names, :attr:`Policy.names`,
and the trainings and indicators their figures and targets count)."""

from dataclasses import dataclass, field

from ..data.aliases import CODE_LISTS, FIELDS, HEADER_WORDS, TABLE_NAMES, header_field
from ..data.schema import RATING_COLUMN
from .schema_words_data import DATASET

YES, NO = "có", "không"
EVERY = "mọi chính sách"  # what every assessment reads: who is in post, in which territory

# fields every assessment reads, whatever the policy's expressions say
ALWAYS = {
    ("units", "id"),
    ("units", "province"),
    ("units", "former_province"),
    ("units", "start_date"),
    ("units", "end_date"),
    ("staff", "id"),
    ("staff", "unit_id"),
    ("staff", "start_date"),
    ("staff", "end_date"),
}
_ASSIGNED = [("assignments", f) for f in ("staff_id", "system_id", "start_date", "end_date")]
# a name an expression reads that is not a staff field or a unit_<field>: the columns it comes from
FROM_NAMES = {
    "max_security_level": [*_ASSIGNED, ("systems", "security_level")],
    "operates_system": _ASSIGNED,
    "english_cefr": [("staff", "english")],
    "rating_prev_year": [("staff", "ratings")],
    "rating_last_known": [("staff", "ratings")],
    "unit_has_it_subunit": [("units", "is_it_unit"), ("units", "parent_id")],
    "unit_id": [("staff", "unit_id")],
    "unit_name": [("units", "name")],
    "system_id": [*_ASSIGNED, ("systems", "id")],
    "system_name": [*_ASSIGNED, ("systems", "name")],
    "security_level": [*_ASSIGNED, ("systems", "security_level")],
    "system_security_level": [*_ASSIGNED, ("systems", "security_level")],
    "level_approved": [*_ASSIGNED, ("systems", "level_approved")],
    "system_level_approved": [*_ASSIGNED, ("systems", "level_approved")],
    "assignment_decision": [*_ASSIGNED, ("assignments", "decision")],
    "assignment_start": [*_ASSIGNED],
}
TRAININGS = ("province", "year", "topic")
INDICATORS = ("province", "year", "indicator", "value")


@dataclass
class Column:
    table: str
    name: str  # the header, as the loader reads it
    spec: object  # the FieldSpec
    label: str = ""
    meaning: str = ""
    words: dict = field(default_factory=dict)  # code -> accepted words, the first one offered (closed lists)
    list_name: str = ""  # the code list (aliases.CODE_LISTS key), or table.field for a plugin's closed list
    read_by: tuple = ()

    @property
    def header(self):
        """What row 1 says: the first office header the loader maps back to this field (``Họ và tên``), else
        the field's code — so what the template writes loads with no mapping left to guess."""
        rating = RATING_COLUMN.match(self.name)
        if rating:
            return f"Xếp loại năm {rating.group(1)}"
        said = HEADER_WORDS.get(self.table, {}).get(self.name, ())
        return next((w for w in said if header_field(self.table, w) == self.name), self.name)

    @property
    def required(self):
        return self.spec.required

    def offered(self):
        """The word a dropdown offers for each code, in order."""
        return [words[0] for words in self.words.values()]


def _list_of(table, name):
    key = f"{table}.{'rating_YYYY' if RATING_COLUMN.match(name) else name}"
    return next((lst for lst, fields in FIELDS.items() if key in fields), None)


def _label(meaning, name):
    """A short label: the meaning up to its first ``:``, ``;``, ``(`` or full stop."""
    cut = len(meaning)
    for mark in (":", ";", "(", ". "):
        at = meaning.find(mark)
        if 0 < at < cut:
            cut = at
    return meaning[:cut].strip().rstrip(".") or name


def column(table, name, spec, readers):
    rating = RATING_COLUMN.match(name)
    key = f"{table}.{'ratings' if rating else name}"
    meaning = DATASET.get(key) or spec.description or name
    label = f"Xếp loại năm {rating.group(1)}" if rating else _label(meaning, name)
    if rating:
        meaning = f"Xếp loại chất lượng năm {rating.group(1)}."
    words, list_name = {}, ""
    if spec.allowed is not None and spec.kind == "code":
        list_name = _list_of(table, name)
        if list_name:
            words = {code: tuple(dict.fromkeys(ws)) for code, ws in CODE_LISTS[list_name].items()}
        else:
            list_name, words = key, {code: (code,) for code in spec.allowed}
    read_by = readers.get((table, "ratings" if rating else name), ())
    return Column(table, name, spec, label, meaning, words, list_name, tuple(read_by))


def columns(registry, table, readers, rating_years):
    """The table's columns in registration order; ``ratings`` as one ``rating_YYYY`` column per year."""
    out = []
    for name, spec in registry.table_fields(table).items():
        names = [f"rating_{y}" for y in rating_years] if (table, name) == ("staff", "ratings") else [name]
        out += [column(table, n, spec, readers) for n in names]
    return out


def readers(registry, policies):
    """(table, field) -> the ids of the policies (of ``policies``) that read it, or (EVERY,)."""
    staff, units = registry.table_fields("staff"), registry.table_fields("units")
    out = {key: [EVERY] for key in ALWAYS}
    for policy in policies:
        read = set()
        for name in policy.names:
            if name in FROM_NAMES:
                read.update(FROM_NAMES[name])
            elif name in staff:
                read.add(("staff", name))
            elif name.startswith("unit_") and name[5:] in units:
                read.add(("units", name[5:]))
        read |= _counted(policy.data.get("rules", []))
        for key in sorted(read - ALWAYS):
            out.setdefault(key, []).append(policy.id)
    return out


def _counted(data):
    """The trainings and indicators columns a policy's figures and targets count."""
    read, stack = set(), [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack += value
        elif isinstance(value, dict):
            if isinstance(value.get("trainings"), str):
                read |= {("trainings", f) for f in (*TRAININGS, value["trainings"])}
            if isinstance(value.get("indicator"), str):
                read |= {("indicators", f) for f in INDICATORS}
            stack += value.values()
    return read


def allowed_text(col):
    """What a column accepts, in words, for the instructions sheet and the header's note."""
    spec = col.spec
    if col.words:
        text = "; ".join(
            ws[0] + (f" (cũng nhận: {', '.join([*ws[1:], code])})" if [*ws[1:], code] != [ws[0]] else "")
            for code, ws in col.words.items()
        )
    elif spec.kind == "bool":
        text = f"{YES} / {NO} (để trống: {NO}; cũng nhận x, 1/0, true/false)"
    elif spec.kind == "date":
        text = "ngày dd/mm/yyyy (ô ngày của Excel, hoặc gõ 15/01/2024)"
    elif spec.kind in ("int", "number"):
        text = "số nguyên" if spec.kind == "int" else "số"
        lo, hi = spec.rules.get("min"), spec.rules.get("max")
        text += f" từ {lo} đến {hi}" if lo is not None and hi is not None else f" ≥ {lo}" if lo is not None else ""
    elif spec.kind == "codes":
        text = "các mã cách nhau bởi dấu ; (ví dụ ccna;mcsa)"
    else:
        text = "chữ"
    if spec.references:
        table, key = spec.references.split(".")
        text += f"; một giá trị của cột {key} ở trang {TABLE_NAMES[table][0]}"
    if spec.default is not None and spec.kind == "code":
        shown = col.words.get(spec.default, (spec.default,))[0]
        text += f"; để trống: {shown}"
    return text


def prefilled(col, value):
    """A dataset's value as an office would type it: a code as its first Vietnamese word, yes/no as có/không."""
    if value is None:
        return None
    if col.words:
        return col.words.get(str(value), (str(value),))[0]
    if col.spec.kind == "bool":
        return YES if value else NO
    if isinstance(value, (list, tuple)) or col.spec.kind == "codes":
        return ";".join(map(str, value))
    return value
