"""Parameters: a value missing on a day the policy is in force and a rule needs it (the outage OpenFisca had
when a parameter ran out of dates), a value that ends (``unknown`` after a value), a parameter no rule uses, a
value outside its unit; and, as information, every value the source does not give and every reading, so that
a reviewer sees every interpretation in one place (a ``reading:`` note no declared reading covers: warning).

A parameter read by an expression must have a value on the policy's first day or the policy does not load
(lint reports the loader's line); an amount or a count named by a rule (``amount``, ``max``) is not read by an
expression, so lint is what says it has no value yet.
"""

import ast
import datetime as dt
import re
from pathlib import Path

from ...data.yamlsrc import YamlError, line_of, load_with_lines
from ...i18n import text as tr
from ...rules.expr import parse
from ...rules.readings import openness, readings
from .common import expressions, finding, name_of
from .finding import Finding, day, place, say, shown

NUMERIC = (int, float)
UNITS = {  # unit -> (is the value fine, why not in Vietnamese, in English)
    "vnd_per_month": (lambda v: isinstance(v, NUMERIC) and v >= 0, "số tiền âm", "a negative amount"),
    "vnd_once": (lambda v: isinstance(v, NUMERIC) and v >= 0, "số tiền âm", "a negative amount"),
    "count": (lambda v: isinstance(v, int) and v >= 0, "cần số nguyên không âm", "expected a whole number, 0 or more"),
    "years": (lambda v: isinstance(v, NUMERIC) and v >= 0, "cần số năm không âm", "expected years, 0 or more"),
    "percent": (lambda v: isinstance(v, NUMERIC) and 0 <= v <= 100, "cần từ 0 đến 100", "expected 0 to 100"),
    "level": (lambda v: isinstance(v, int) and 1 <= v <= 5, "cấp độ cần từ 1 đến 5", "a level is 1 to 5"),
    "bool": (lambda v: isinstance(v, bool), "cần true hoặc false", "expected true or false"),
    "date": (lambda v: isinstance(v, dt.date), "cần một ngày yyyy-mm-dd", "expected a date yyyy-mm-dd"),
    "code": (lambda v: isinstance(v, str), "cần một mã", "expected a code"),
    "codes": (lambda v: isinstance(v, list), "cần một danh sách mã", "expected a list of codes"),
}
TEXTS = {
    "gap": (
        "chưa có giá trị từ {start} đến {end}, trong khi chính sách có hiệu lực và quy tắc {rule} cần nó",
        "has no value from {start} to {end}, while the policy is in force and rule {rule} needs it",
        "thêm giá trị từ ngày {iso}",
        "add a value from {iso}",
    ),
    "gap_unloaded": (
        "chưa có giá trị từ {start} đến {end}, trong khi chính sách có hiệu lực: biểu thức đọc nó trước ngày có "
        "giá trị, nên chính sách không nạp được",
        "has no value from {start} to {end}, while the policy is in force: an expression reads it before it has one, "
        "so the policy does not load",
        "thêm giá trị từ ngày {iso}",
        "add a value from {iso}",
    ),
    "ends": (
        "giá trị dừng sau {end}: từ {start} không có giá trị (unknown) trong khi chính sách còn hiệu lực",
        "its value stops after {end}: from {start} it has none (unknown) while the policy is still in force",
        "thêm giá trị từ {iso} nếu văn bản đã cho; để unknown nếu nguồn thật sự không cho",
        "add the value from {iso} if a text gives it; keep unknown only if the source really gives none",
    ),
    "unused": (
        "không quy tắc nào dùng tham số này",
        "no rule uses this parameter",
        "bỏ nó, hoặc dùng nó trong điều kiện mà nó mô tả",
        "remove it, or use it in the condition it describes",
    ),
    "unit": (
        "giá trị {value} từ {start} không hợp với đơn vị {unit}: {why}",
        "value {value} from {start} does not fit unit {unit}: {why_en}",
        "sửa giá trị hoặc đơn vị",
        "fix the value or the unit",
    ),
    "unknown": (
        "nguồn không cho giá trị từ {start} (unknown){note}: điều kiện cần nó không đạt, bậc dùng nó cho kết quả chưa "
        "xác định",
        "the source gives no value from {start} (unknown){note}: a condition that needs it is not met, a tier that "
        "uses it gives the outcome unknown",
        "điền giá trị khi có văn bản",
        "fill in the value when a text gives it",
    ),
    "assumed": (
        "= {value} từ {start} là giả định (unknown: true){note}; mọi kết quả dùng nó nêu giả định này",
        "= {value} from {start} is an assumption (unknown: true){note}; every result that uses it says so",
        "thay bằng giá trị của văn bản khi có",
        "replace it with the text's value when there is one",
    ),
    "reading": (
        "cách hiểu: {question} — đã chọn {chosen} ({label}); phương án khác: {others}",
        "reading: {question} — chosen {chosen} ({label}); other alternatives: {others}",
        "xem ai thay đổi và chi phí từng phương án: vnpolicy readings {policy} --data BỘ_DỮ_LIỆU",
        "see who changes and what each alternative costs: vnpolicy readings {policy} --data DATASET",
    ),
    "undeclared": (
        "ghi cách hiểu nhưng chưa khai báo phương án (readings): {note}",
        "has a reading note but no declared alternatives (readings): {note}",
        "khai báo một cách hiểu trong readings: câu hỏi, các phương án, phương án đã chọn và lý do",
        "declare a reading under readings: the question, the alternatives, the one chosen and why",
    ),
    "in_force": (
        "ngày hiệu lực {start} là giả định (in_force.unknown){note}",
        "the date in force {start} is an assumption (in_force.unknown){note}",
        "sửa khi có văn bản nêu ngày hiệu lực",
        "fix it when a text gives the date",
    ),
    "note": (
        "cách hiểu ghi trong quy tắc: {note}",
        "a reading noted in the rule: {note}",
        "khai báo thành readings nếu có phương án khác",
        "declare it under readings if there is another way to read it",
    ),
}


def _say(key, **args):
    t = TEXTS[key]
    return say(t[:2], **args), say(t[2:], **args)


def _text(value):
    return {lang: tr(value, lang) for lang in ("vi", "en")}


def _note(text):
    return f": {text.strip().rstrip('.')}" if text else ""


def used(policy):
    """The parameters the policy's rules use: named in an expression, or by a rule's key (amount, max); the
    rules of every reading's alternatives count too."""
    alternatives = [r for reading in readings(policy).values() for a in reading.alternatives.values() for r in a.rules]
    names = set()
    for _, _, _, text, _ in expressions(policy) + expressions(policy, alternatives):
        names |= {n.id for n in ast.walk(parse(text)) if isinstance(n, ast.Name)}
    for rule in policy.data["rules"] + alternatives:
        kind = policy.registry.rule_kinds.get(rule.get("kind"))
        if kind is not None:
            names |= {name for _, name, _ in kind.parameter_refs(rule)}
    return names & set(policy.parameters)


def check(policy):
    out = []
    use = used(policy)
    start, end = policy.in_force_from, policy.in_force_to
    for rule in policy.data["rules"]:
        kind = policy.registry.rule_kinds.get(rule["kind"])
        begins = max(start, dt.date.fromisoformat(rule["from"])) if "from" in rule else start
        for path, name, _ in kind.parameter_refs(rule) if kind else ():
            first = policy.parameters[name].values[0][0]
            if first > begins and (end is None or begins <= end):
                what, todo = _say(
                    "gap",
                    start=day(begins),
                    end=day(first - dt.timedelta(days=1)),
                    rule=name_of(rule, path),
                    iso=begins.isoformat(),
                )
                out.append(finding(policy, ("parameters", name, "values"), "error", name, what, todo))
    undeclared = set(openness(policy)["undeclared"])  # as vnpolicy validate says it
    for name, param in policy.parameters.items():
        at = ("parameters", name)
        if name not in use:
            out.append(finding(policy, at, "warning", name, *_say("unused")))
        check_unit = UNITS.get(param.unit)
        previous = None
        for on, value, unknown, note in param.values:
            where = at + ("values", on.isoformat())
            if value is not None and check_unit and not check_unit[0](value):
                what, todo = _say(
                    "unit", value=shown(value), start=day(on), unit=param.unit, why=check_unit[1], why_en=check_unit[2]
                )
                out.append(finding(policy, where, "error", name, what, todo))
            live = on >= start and (end is None or on <= end)
            said = _note(param.reading or (note and tr(note, "vi")))
            said_en = _note(param.reading or (note and tr(note, "en")))
            if value is None and previous is not None and name in use and live:
                what, todo = _say("ends", end=day(on - dt.timedelta(days=1)), start=day(on), iso=on.isoformat())
                out.append(finding(policy, where, "warning", name, what, todo))
            elif value is None and unknown:
                what, todo = _say("unknown", start=day(on), note={"vi": said, "en": said_en})
                out.append(finding(policy, where, "info", name, what, todo))
            elif unknown:
                what, todo = _say("assumed", value=shown(value), start=day(on), note={"vi": said, "en": said_en})
                out.append(finding(policy, where, "info", name, what, todo))
            previous = value
        if name in undeclared:
            what, todo = _say("undeclared", note=param.reading)
            out.append(finding(policy, at + ("reading",), "warning", name, what, todo))
    return out + _readings(policy)


def _readings(policy):
    out = []
    for rid, reading in readings(policy).items():
        chosen = reading.alternatives.get(reading.chosen)
        others = [
            {lang: f"{a.id} ({tr(a.label, lang)})" for lang in ("vi", "en")}
            for a in reading.alternatives.values()
            if a.id != reading.chosen
        ]
        what, todo = _say(
            "reading",
            question=_text(reading.question),
            chosen=reading.chosen,
            label=_text(chosen.label) if chosen else "",
            others={lang: ", ".join(o[lang] for o in others) for lang in ("vi", "en")},
            policy=policy.id,
        )
        out.append(finding(policy, ("readings", rid), "info", f"readings.{rid}", what, todo))
    in_force = policy.data["in_force"]
    if in_force.get("unknown"):
        what, todo = _say("in_force", start=day(policy.in_force_from), note=_note(in_force.get("reading", "")))
        out.append(finding(policy, ("in_force", "from"), "info", "in_force", what, todo))
    for i, rule in enumerate(policy.data["rules"]):
        for path, note in _notes(rule, ()):
            what, todo = _say("note", note=note)
            out.append(finding(policy, ("rules", i) + path, "info", name_of(rule, path[:-1]), what, todo))
    return out


def _notes(node, path):
    """Every ``reading:`` note inside a rule (a target's), with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reading" and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _notes(value, path + (key,))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _notes(value, path + (k,))


def gaps_in_file(path):
    """For a policy that does not load: parameters whose first value comes after the policy's first day, read
    from the file as written (the loader's own line names an undeclared name, which hides why)."""
    try:
        data, lines = load_with_lines(Path(path).read_text(encoding="utf-8-sig"))
        start = _date(data["in_force"]["from"])
        params = data.get("parameters") or {}
        texts = " ".join(str(e) for e in _expression_texts(data.get("rules") or []))
        out = []
        for name, spec in params.items():
            first = min(_date(d) for d in spec["values"])
            if first > start and re.search(rf"\b{re.escape(name)}\b", texts):
                what, todo = _say(
                    "gap_unloaded",
                    start=day(start),
                    end=day(first - dt.timedelta(days=1)),
                    iso=start.isoformat(),
                )
                at = line_of(lines, ("parameters", name, "values")) or 1
                out.append(Finding(place(path), at, "error", name, what, todo))
        return out
    except (YamlError, OSError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError):
        # a file too broken to read this way: the loader's line says enough
        return []


def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _expression_texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("when", "if", "system", "systems", "units", "staff", "counts", "of", "having", "per_staff"):
                if isinstance(value, str):
                    yield value
            yield from _expression_texts(value) if isinstance(value, (dict, list)) else ()
    elif isinstance(node, list):
        for value in node:
            yield from _expression_texts(value)
