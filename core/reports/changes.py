"""``vnpolicy changes`` written: a terminal table (the cost per policy before and after, people added and
removed, parameters changed, then each person who changes with why), JSON (the plain data of
:mod:`vnpolicy.compare.changes`, each person with the why in words) and CSV (a row per person and policy).
Text from the data goes through :mod:`vnpolicy.reports.safe`."""

import json

import polars as pl

from ..compare.scenarios import describe_entry
from ..i18n import money
from .safe import csv_frame, line_text

PASSED = {True: ("đạt", "met"), False: ("không đạt", "not met"), None: ("—", "—")}
STATUS = {"added": ("người mới", "new person"), "removed": ("không còn", "no longer there")}


def _say(pair, lang):
    return pair[0] if lang == "vi" else pair[1]


def _date(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _shown(value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return _date(value) if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" else str(value)


def why(person, lang="vi"):
    """Why a person's outcome changed, in words: each part one string."""
    out = []
    if person["status"]:
        out.append(_say(STATUS[person["status"]], lang))
    if person.get("in_force"):
        force = person["in_force"]
        said = ("có hiệu lực", "in force") if force["new"] else ("hết hiệu lực", "no longer in force")
        out.append(_say(("chính sách ", "policy "), lang) + _say(said, lang))
    for r in person["reasons"]:
        out.append(f"{r['rule']}: {_say(PASSED[r['before']], lang)} → {_say(PASSED[r['after']], lang)}")
    for f in person["fields"]:
        out.append(f"{f['field']}: {_shown(f['before'])} → {_shown(f['after'])}")
    for p in person["parameters"]:
        out.append(_parameter(p, lang))
    return out


def _parameter(p, lang):
    head = _say(("tham số", "parameter"), lang)
    if p.get("unit") in ("vnd_per_month", "vnd", "vnd_once") and all(
        isinstance(v, int | None) for v in (p["before"], p["after"])
    ):
        return f"{head} {p['name']}: {money(p['before'], lang)} → {money(p['after'], lang)}"
    return f"{head} {p['name']}: {_shown(p['before'])} → {_shown(p['after'])}"


def _signed(value, lang):
    return ("+" if value > 0 else "") + money(value, lang)


def changes_table(data, lang="vi"):
    vi = lang == "vi"
    old, new = data["old"], data["new"]
    if data["mode"] == "dates":
        head = f"{line_text(old['dataset'])}: {_date(old['on'])} → {_date(new['on'])}"
    else:
        head = f"{line_text(old['dataset'])} → {line_text(new['dataset'])}, {_date(new['on'])}"
    out = [f"== {'Thay đổi' if vi else 'Changes'}: {head}", ""]
    cols = ("Chính sách", "Tháng trước", "Tháng này", "Chênh lệch", "Người thay đổi")
    cols = cols if vi else ("Policy", "Last month", "This month", "Difference", "People changing")
    rows = []
    for p in [*data["policies"], {**data["total"], "policy": "Tổng cộng" if vi else "Total", "people": None}]:
        b, a, c = p["before"]["monthly_vnd"], p["after"]["monthly_vnd"], p["cost"]["monthly_vnd"]
        people = "" if p["people"] is None else str(p["people"])
        rows.append((p["policy"], money(b, lang), money(a, lang), _signed(c, lang), people))
    widths = [max(len(r[i]) for r in [cols, *rows]) for i in range(len(cols))]
    for r in [cols, *rows]:
        out.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    once = data["total"]
    out.append(
        f"{'Một lần' if vi else 'One-time'}: {money(once['before']['one_time_vnd'], lang)} → "
        f"{money(once['after']['one_time_vnd'], lang)} ({_signed(once['cost']['one_time_vnd'], lang)})"
    )
    for key, label in (("added", ("Người mới", "People added")), ("removed", ("Không còn", "People removed"))):
        if data[key]:
            out.append(f"{_say(label, lang)} ({len(data[key])}):")
            out += [f"  {_person(r)}" for r in data[key]]
    for p in data["policies"]:
        if p["in_force"]["old"] != p["in_force"]["new"]:
            said = ("có hiệu lực", "comes into force") if p["in_force"]["new"] else ("hết hiệu lực", "ends")
            out.append(f"{p['policy']}: {_say(said, lang)}")
        for param in p["parameters"]:
            out.append(f"{p['policy']}: {_parameter(param, lang)}")
    people = data["changes"]
    out.append(f"{len(people)} {'thay đổi theo người và chính sách' if vi else 'changes by person and policy'}:")
    for p in people:
        before, after = describe_entry(p["before"], lang), describe_entry(p["after"], lang)
        out.append(f"  {_person(p)} · {p['policy']}: {before} → {after}")
        reasons = why(p, lang)
        if reasons:
            out.append(f"    {'vì' if vi else 'because'}: {line_text('; '.join(reasons))}")
        decided = p["before"]["decision"], p["after"]["decision"]
        if decided[0] != decided[1]:
            said = " → ".join(line_text(d) if d else "—" for d in decided)
            out.append(f"    {'lý do quyết định' if vi else 'deciding reason'}: {said}")
    if data.get("provenance"):
        from .rows import provenance_footer

        out += ["", *(line_text(x) for x in provenance_footer(data["provenance"], lang))]
    return "\n".join(out) + "\n"


def _person(row):
    unit = f" ({line_text(row['unit_id'])})" if row.get("unit_id") else ""
    return f"{line_text(row['staff_id'])} {line_text(row.get('full_name') or '')}{unit}"


def changes_json(data, lang="vi"):
    out = dict(data)
    out["changes"] = [{**p, "why": why(p, lang)} for p in data["changes"]]
    return json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n"


CSV_COLUMNS = ["policy", "staff_id", "full_name", "unit_id", "status"]
SIDES = ["outcome", "group", "amount_vnd", "amount_period", "paid", "decision"]


def changes_csv(data, lang="vi"):
    """A row per person and policy that changes: each result before and after, and why."""
    schema = {c: pl.Utf8 for c in CSV_COLUMNS}
    for side in ("before", "after"):
        schema.update({f"{c}_{side}": pl.Int64 if c == "amount_vnd" else pl.Utf8 for c in SIDES})
    schema["paid_before"] = schema["paid_after"] = pl.Boolean
    schema["why"] = pl.Utf8
    rows = []
    for p in data["changes"]:
        row = {c: p[c] for c in CSV_COLUMNS}
        for side in ("before", "after"):
            row.update({f"{c}_{side}": p[side][c] for c in SIDES})
        row["why"] = "; ".join(why(p, lang))
        rows.append(row)
    return csv_frame(pl.DataFrame(rows, schema=schema, orient="row")).write_csv()
