"""What the checks share: a policy's expressions and the dates they are judged on, the name and line of a
place in the file, examples in words, and findings gathered over several dates."""

import datetime as dt
import re

from ...data.yamlsrc import line_of
from .finding import Finding, day, place, say, shown


def dates(policy):
    """The dates on which the policy's expressions can differ: it comes into force, a parameter changes, a
    rule starts (``from``)."""
    start, end = policy.in_force_from, policy.in_force_to
    days = {start}
    days |= {
        v[0] for p in policy.parameters.values() for v in p.values if v[0] > start and (end is None or v[0] <= end)
    }
    for rule in policy.data["rules"]:
        if "from" in rule:
            d = _iso(rule["from"])
            if d > start and (end is None or d <= end):
                days.add(d)
    return sorted(days)


def _iso(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def expressions(policy, rules=None):
    """Every expression of the policy: (rule index or None, rule or None, path within the rule, text, scope);
    ``applies_to`` first, with index None."""
    out = []
    if "applies_to" in policy.data:
        out.append((None, None, ("applies_to", "when"), policy.data["applies_to"]["when"], "staff"))
    for i, rule in enumerate(policy.data["rules"] if rules is None else rules):
        kind = policy.registry.rule_kinds.get(rule.get("kind"))
        if kind is not None:
            out += [(i, rule, path, text, scope) for path, text, scope in kind.expressions(rule)]
    return out


def name_of(rule, path):
    """A place in a rule as its reasons name it: ``nhom_ho_tro.nhom_1.trinh_do`` (a tier by its id, or by its
    group when it has none), ``nhom_ho_tro.nhom_1.he_thong``, ``tieu_chuan.trinh_do_dai_hoc (if)``."""
    parts, node, suffix = [rule["id"]], rule, None
    for k, key in enumerate(path):
        last = k == len(path) - 1
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
            label = (node.get("id") or node.get("group") or node.get("code")) if isinstance(node, dict) else None
            if label:
                parts.append(str(label))
            continue
        if last and key == "system":
            parts.append("he_thong")
        elif last and key != "when":
            suffix = key
        node = node.get(key) if isinstance(node, dict) else None
    name = ".".join(parts)
    return f"{name} ({suffix})" if suffix else name


def line(policy, path):
    return line_of(policy.lines, path) or 1


def finding(policy, path, severity, ident, what, todo=None):
    return Finding(place(policy.path), line(policy, path), severity, ident, what, todo)


def in_text_order(names, text):
    """Field names in the order the text first reads them."""

    def at(name):
        m = re.search(rf"\b{re.escape(name)}\b", text)
        return m.start() if m else len(text)

    return sorted(names, key=lambda n: (at(n), n))


def example(row, names):
    """``it_role=chuyen_trach, education=dai_hoc`` ({vi, en}) for the named fields of a row."""
    items = [(n, shown(row[n])) for n in names if n in row]
    return {lang: ", ".join(f"{n}={v[lang] if isinstance(v, dict) else v}" for n, v in items) for lang in ("vi", "en")}


def systems_said(points):
    """The systems of an example person, in words."""
    if not points:
        return {"vi": "không vận hành hệ thống nào", "en": "operates no system"}
    each = [example(p, list(p)) for p in points]
    return {
        "vi": "hệ thống " + " và ".join(f"[{e['vi']}]" for e in each),
        "en": "systems " + " and ".join(f"[{e['en']}]" for e in each),
    }


def joined(*texts):
    """{vi, en} texts joined with "; ", empty ones left out."""
    return {lang: "; ".join(t[lang] for t in texts if t and t[lang]) for lang in ("vi", "en")}


class Verdicts:
    """Findings judged on several dates, said once: a finding that holds on every date its place was judged
    on is said without a date; one that holds on some only names the first."""

    NOTE = ("(với giá trị tham số từ {day})", "(with the parameter values from {day})")

    def __init__(self):
        self.judged = {}  # place -> [day]
        self.found = {}  # (place, code) -> [days, build]

    def judge(self, where, on):
        self.judged.setdefault(where, []).append(on)

    def hit(self, where, code, on, found):
        """``found`` (a :class:`Finding`) holds on ``on``; the first date's is the one said."""
        key = (where, code)
        if key not in self.found:
            self.found[key] = [[], found]
        self.found[key][0].append(on)

    def findings(self):
        out = []
        for (where, _), (days, found) in self.found.items():
            if days != self.judged.get(where, days):
                note = say(self.NOTE, day=day(days[0]))
                found = Finding(
                    found.file,
                    found.line,
                    found.severity,
                    found.id,
                    {lang: f"{found.what[lang]} {note[lang]}" for lang in ("vi", "en")},
                    found.todo,
                )
            out.append(found)
        return out
