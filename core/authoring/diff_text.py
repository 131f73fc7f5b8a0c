"""``vnpolicy diff`` in words (Vietnamese, or English) and as JSON: each change of the policy on one line —
"tham số amount_nhom_3: từ 01/01/2026 900.000 đ → 1.500.000 đ/tháng", "quy tắc nhom_ho_tro, nhóm nhom_3,
điều kiện trinh_do: `...` → `...`", "thêm quy tắc X" — then, with a dataset, who changes and the cost."""

import json
import re

import polars as pl

from ..compare.scenarios import describe_entry
from ..i18n import amount, money
from ..i18n import text as tr
from ..rules.kinds.tiers import PERIODS

# an element of a list, by the list's name: how it is called
ELEMENTS = {
    "rules": ("quy tắc", "rule"),
    "tiers": ("nhóm", "tier"),
    "conditions": ("điều kiện", "condition"),
    "requirements": ("yêu cầu", "requirement"),
    "priorities": ("ưu tiên", "priority"),
    "items": ("mục hồ sơ", "dossier item"),
    "having": ("cần có", "must have"),
    "targets": ("mục tiêu", "target"),
    "milestones": ("mốc", "milestone"),
    "figures": ("số liệu", "figure"),
    "flags": ("cờ", "flag"),
    "unchecked": ("mục không kiểm tra được", "item not checkable"),
    "combines": ("kết hợp với", "combines with"),
}
# a key: how it is called (None: the expression itself, said without a name)
KEYS = {
    "when": None,
    "values": None,
    "chosen": None,
    "message": ("lời văn", "wording"),
    "citation": ("trích dẫn", "citation"),
    "amount": ("mức (tham số)", "amount (parameter)"),
    "system": ("hệ thống", "system"),
    "system_message": ("lời văn về hệ thống", "system wording"),
    "support": ("hỗ trợ", "support"),
    "groups": ("nhóm", "groups"),
    "systems": ("hệ thống được tính", "systems counted"),
    "max": ("số tối đa (tham số)", "maximum (parameter)"),
    "choose_by": ("chọn theo", "chosen by"),
    "over_cap": ("người vượt số tối đa", "beyond the cap"),
    "if": ("chỉ xét khi", "only when"),
    "finding": ("mã phát hiện", "finding code"),
    "code": ("mã phát hiện", "finding code"),
    "units": ("đơn vị", "units"),
    "min": ("tối thiểu", "at least"),
    "measure": ("cách đo", "measure"),
    "at_least": ("ít nhất (%)", "at least (%)"),
    "above": ("trên (%)", "above (%)"),
    "from": ("áp dụng từ", "applies from"),
    "kind": ("loại", "kind"),
    "ceiling": ("là mức tối đa", "ceiling"),
    "title": ("tên", "title"),
    "document": ("văn bản", "document"),
    "number": ("số hiệu", "number"),
    "issuer": ("cơ quan ban hành", "issuer"),
    "date": ("ngày", "date"),
    "source": ("nguồn", "source"),
    "jurisdiction": ("địa bàn", "jurisdiction"),
    "province": ("tỉnh", "province"),
    "former_territory": ("địa bàn cũ", "former territory"),
    "in_force": ("hiệu lực", "in force"),
    "to": ("đến", "to"),
    "notes": ("ghi chú", "notes"),
    "applies_to": ("đối tượng áp dụng", "applies to"),
    "others": ("người ngoài đối tượng", "the others"),
    "description": ("mô tả", "description"),
    "unit": ("đơn vị tính", "unit"),
    "reading": ("cách hiểu (ghi chú)", "reading (note)"),
    "question": ("câu hỏi", "question"),
    "why": ("vì sao chọn", "why chosen"),
    "label": ("tên phương án", "label"),
    "parameters": ("tham số", "parameters"),
    "rule": ("cách kết hợp", "how"),
}
ORDER = {"rules": ("thứ tự các quy tắc", "order of the rules"), "tiers": ("thứ tự các nhóm", "order of the tiers")}
EXPRESSIONS = {"when", "system", "systems", "if", "units", "staff", "counts", "of", "per_staff", "per_units"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _say(pair, lang):
    return pair[0] if lang == "vi" else pair[1]


def _date(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def shown(value, lang, key=None):
    """A value of the files in words: an expression in backticks, a date dd/mm/yyyy, a text in the language."""
    if value is None:
        return "—"
    if key in EXPRESSIONS and isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, str):
        return _date(value) if DATE.match(value) else value
    if isinstance(value, dict) and set(value) <= {"vi", "en"}:
        return tr(value, lang)
    if isinstance(value, list):
        return "[" + ", ".join(shown(v, lang) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v, lang, k)}" for k, v in value.items()) + "}"
    return str(value)


def _where(change, lang):
    """Where a change is, in words: "quy tắc nhom_ho_tro, nhóm nhom_3, điều kiện trinh_do"."""
    parts, path = [], change["path"]
    section = change["section"]
    if section == "parameters":
        parts.append(f"{_say(('tham số', 'parameter'), lang)} {path[0]}")
        path = path[1:]
    elif section == "readings" and path:
        parts.append(f"{_say(('cách hiểu', 'reading'), lang)} {path[0]}")
        path = path[1:]
        if len(path) >= 2 and path[0] == "alternatives":
            parts.append(f"{_say(('phương án', 'alternative'), lang)} {path[1]}")
            path = path[2:]
            if len(path) >= 2 and path[0] == "parameters":
                parts.append(f"{_say(('tham số', 'parameter'), lang)} {path[1]}")
                path = path[2:]
    for step in path:
        if isinstance(step, list):
            name, key = step
            label = _say(ELEMENTS.get(name, (name, name)), lang)
            parts.append(f"{label} {_date(key) if name == 'milestones' else key}")
        elif KEYS.get(step, ()) is not None:
            parts.append(_say(KEYS.get(step, (step, step)), lang))
    return ", ".join(parts)


def change_text(change, lang="vi"):
    """One change on one line."""
    where = _where(change, lang)
    last = change["path"][-1] if change["path"] else None
    key = last if isinstance(last, str) else None
    if change["what"] == "order":
        head = _where({**change, "path": change["path"][:-1]}, lang)
        said = _say(ORDER[last], lang)
        return (f"{head}, " if head else "") + f"{said}: {shown(change['old'], lang)} → {shown(change['new'], lang)}"
    if "since" in change:
        return _value_text(change, where, lang)
    if change["what"] in ("added", "removed"):
        verb = _say(("thêm", "added") if change["what"] == "added" else ("bỏ", "removed"), lang)
        value = change["new"] if change["what"] == "added" else change["old"]
        if isinstance(last, list):  # an element: a rule, a tier row, a condition ...
            kind = f" ({value['kind']})" if last[0] == "rules" and isinstance(value, dict) else ""
            head, _, tail = where.rpartition(", ")
            return (f"{head}: " if head else "") + f"{verb} {tail}{kind}"
        if change["section"] == "readings" and len(change["path"]) == 3 and change["path"][1] == "alternatives":
            label = f" ({tr(value.get('label'), lang)})" if isinstance(value, dict) and value.get("label") else ""
            head = _where({**change, "path": change["path"][:1]}, lang)
            return f"{head}: {verb} {_say(('phương án', 'alternative'), lang)} {change['path'][2]}{label}"
        if change["section"] == "readings" and len(change["path"]) == 1:
            chosen = value.get("chosen") if isinstance(value, dict) else None
            said = f" ({_say(('phương án đã chọn', 'chosen'), lang)}: {chosen})" if chosen else ""
            return f"{verb} {where}{said}"
        if change["section"] == "parameters" and len(change["path"]) == 1:
            return f"{verb} {where}" + (f": {_parameter_values(value, lang)}" if change["what"] == "added" else "")
        head = _where({**change, "path": change["path"][:-1]}, lang)
        label = _say(KEYS.get(key) or (key, key), lang)
        return (f"{head}: " if head else "") + f"{verb} {label}: {shown(value, lang, key)}"
    if change["section"] == "readings" and key == "chosen":
        label = f" ({tr(change['label'], lang)})" if change.get("label") else ""
        said = _say(("phương án đã chọn", "chosen alternative"), lang)
        return f"{where}: {said} {change['old']} → {change['new']}{label}"
    return f"{where}: {shown(change['old'], lang, key)} → {shown(change['new'], lang, key)}"


def _value_text(change, where, lang):
    """A parameter's value in force from a date: "từ 01/01/2026 900.000 đ → 1.500.000 đ/tháng"."""
    unit, since = change["unit"], _date(change["since"])
    old, new = (_param_value(e, unit, lang, tail=False) for e in (change["old"], change["new"]))
    period = PERIODS.get(unit)
    if period and change["new"] and change["new"]["value"] is not None:
        new = amount(change["new"]["value"], period, lang) + _assumed(change["new"], lang)
    return f"{where}: {_say(('từ', 'from'), lang)} {since} {old} → {new}"


def _param_value(entry, unit, lang, tail=True):
    if entry is None:
        return _say(("chưa có giá trị", "no value"), lang)
    value = entry["value"]
    if value is None:
        return _say(("chưa biết, nguồn không cho", "unknown, not given by the source"), lang)
    if unit in PERIODS:
        said = amount(value, PERIODS[unit], lang) if tail else money(value, lang)
    else:
        said = shown(value, lang)
    return said + _assumed(entry, lang)


def _assumed(entry, lang):
    return f" ({_say(('giả định', 'assumed'), lang)})" if entry and entry.get("unknown") else ""


def _parameter_values(spec, lang):
    values = spec.get("values", {}) if isinstance(spec, dict) else {}
    out = []
    for day, raw in values.items():
        entry = {"value": None, "unknown": True} if raw == "unknown" else None
        if entry is None:
            entry = raw if isinstance(raw, dict) else {"value": raw, "unknown": False}
        out.append(f"{_say(('từ', 'from'), lang)} {_date(day)} {_param_value(entry, spec.get('unit'), lang)}")
    return "; ".join(out)


# --- the whole output ---------------------------------------------------------------------------------------


def diff_text(result, lang="vi"):
    vi = lang == "vi"
    out = [
        f"== {result['policy']}: {result['old']['source']} → {result['new']['source']}",
    ]
    changes = result["changes"]
    if not changes:
        out.append("không có khác biệt" if vi else "no differences")
    out += [change_text(c, lang) for c in changes]
    data = result.get("data")
    if data:
        out.append("")
        out += _months_text(data, lang) if "months" in data else _date_text(data, lang)
    return "\n".join(out) + "\n"


def _signed(value, lang):
    return ("+" if value > 0 else "") + money(value, lang)


def _date_text(data, lang):
    vi = lang == "vi"
    on = _date(data["on"])
    out = [f"{'Trên bộ dữ liệu' if vi else 'On the dataset'} {data['dataset']}, {'ngày' if vi else 'on'} {on}:"]
    for side in ("old", "new"):
        if not data["in_force"][side]:
            name = ("bản cũ", "the old version") if side == "old" else ("bản mới", "the new version")
            out.append(f"   {_say(name, lang)}: {_say(('chưa có hiệu lực vào ngày này', 'not in force'), lang)}")
    b, a, c = data["before"], data["after"], data["cost"]
    out.append(
        f"   {'chi phí' if vi else 'cost'}: {money(b['monthly_vnd'], lang)} → {money(a['monthly_vnd'], lang)}"
        f"{'/tháng' if vi else ' a month'} ({_signed(c['monthly_vnd'], lang)}); "
        f"{'một lần' if vi else 'once'}: {money(b['one_time_vnd'], lang)} → {money(a['one_time_vnd'], lang)}"
        f" ({_signed(c['one_time_vnd'], lang)})"
    )
    out.append(f"   {data['changes'].height} {'người thay đổi' if vi else 'people change'}:")
    for row in data["changes"].iter_rows(named=True):
        out.append(f"     {_person(row, lang)}")
    for key, sign in (("findings_added", "+"), ("findings_removed", "−")):
        for f in data[key]:
            out.append(f"   {sign} {'phát hiện' if vi else 'finding'} [{f['code']}] {f['id']}: {f['message']}")
    return out


def _person(row, lang):
    return f"{row['staff_id']} {row['full_name']}: {describe_entry(row, lang)} → {describe_entry(row, lang, '_after')}"


def _month(iso):
    return f"{iso[5:7]}/{iso[:4]}"


def _months_text(data, lang):
    vi = lang == "vi"
    span = f"{_month(data['from'])}–{_month(data['to'])}"
    out = [
        f"{'Trên bộ dữ liệu' if vi else 'On the dataset'} {data['dataset']}, {span}"
        + (" (mỗi tháng theo ngày đầu tháng):" if vi else " (each month on its first day):")
    ]
    head = ("Tháng", "Trước", "Sau", "Chênh lệch", "Người thay đổi")
    head = head if vi else ("Month", "Before", "After", "Difference", "People changing")

    def row(label, sums, key, people=""):
        before, after, cost = (money(sums[s][key], lang) for s in ("before", "after", "cost"))
        return (label, before, after, ("+" if sums["cost"][key] > 0 else "") + cost, str(people))

    rows = [row(_month(m["month"]), m, "monthly_vnd", m["people"]) for m in data["months"]]
    rows.append(row("Cả kỳ" if vi else "Period", data["period"], "period_vnd"))
    rows.append(row("Một lần" if vi else "Once", data["period"], "one_time_vnd"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        out.append("   " + "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    changes = data["changes"]
    if changes.height:
        out.append(f"   {'Người thay đổi' if vi else 'People who change'}:")
        for person, months in _by_person(changes):
            out.append(f"     {_person(person, lang)} ({months})")
    return out


def _by_person(changes):
    """Each person's changes, one line per (before, after) with the months it holds, as ranges."""
    keys = [c for c in changes.columns if c not in ("month",)]
    grouped = changes.sort("staff_id", "month").group_by(keys, maintain_order=True).agg(pl.col("month"))
    for row in grouped.iter_rows(named=True):
        yield row, _ranges(row["month"])


def _ranges(months):
    """[2026-01-01, 2026-02-01, 2026-04-01] -> '01/2026–02/2026, 04/2026'."""
    out, start, prev = [], None, None
    for m in sorted(months):
        if prev is not None and (m.year * 12 + m.month) == (prev.year * 12 + prev.month) + 1:
            prev = m
            continue
        if start is not None:
            out.append(_span(start, prev))
        start = prev = m
    if start is not None:
        out.append(_span(start, prev))
    return ", ".join(out)


def _span(a, b):
    first = f"{a.month:02d}/{a.year}"
    return first if a == b else f"{first}–{b.month:02d}/{b.year}"


def diff_json(result, lang="vi"):
    """The changes (each with its line in words) and the data part, as JSON."""
    out = {k: v for k, v in result.items() if k not in ("changes", "data")}
    out["changes"] = [{**c, "text": change_text(c, lang)} for c in result["changes"]]
    if result.get("data"):
        data = dict(result["data"])
        data["changes"] = data["changes"].to_dicts() if data["changes"].height else []
        out["data"] = data
    return json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n"
