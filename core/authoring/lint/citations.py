"""Citations and documents: a citation naming another document than the policy's, a policy still in force
whose document has been replaced (``document.replaced_by``), ids used twice within a rule.

A citation names documents by their numbers (``12/NQ-HĐND``, ``179/2025/NĐ-CP``, ``204-QĐ/TW``). The policy's
own documents are those its ``document`` block names (the number, and any named in its note or source: a plan
that carries out another decision names it there). A citation that names numbers, none of them the policy's,
is a warning; one that names none (an article, "Nguồn 001") is not judged. Rule ids used twice are refused by
the loader (lint reports its line); within a rule, two tiers, conditions or items of one name would give two
reasons of one id, which results and explanations would mix up.
"""

import datetime as dt
import re

from .common import finding, line, name_of
from .finding import day, say

NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐ]+)+|\b\d+-[A-ZĐ]+/[A-ZĐ]+")
TEXTS = {
    "other": (
        "trích dẫn nêu văn bản {found}, không phải văn bản của chính sách ({own})",
        "the citation names {found}, not the policy's document ({own_en})",
        "sửa trích dẫn; nếu quy tắc theo một văn bản khác, nêu văn bản đó trong document (note) hoặc tách thành "
        "chính sách riêng",
        "fix the citation; if the rule follows another document, name it in document (note) or make it a policy "
        "of its own",
    ),
    "replaced": (
        "văn bản đã được thay thế bởi {number}{since} nhưng chính sách chưa có in_force.to, nên vẫn được áp dụng",
        "the document was replaced by {number}{since_en} but the policy has no in_force.to, so it still applies",
        "đặt in_force.to: {to}",
        "set in_force.to: {to_en}",
    ),
    "after": (
        "văn bản đã được thay thế bởi {number} từ {since} nhưng in_force.to là {to}",
        "the document was replaced by {number} from {since} but in_force.to is {to}",
        "đặt in_force.to: {iso}",
        "set in_force.to: {iso}",
    ),
    "twice": (
        "mã {name} đã dùng ở dòng {first} trong cùng quy tắc: hai lý do cùng tên, kết quả và giải thích lẫn nhau",
        "{name} is already used on line {first} in the same rule: two reasons of one id, which results and "
        "explanations mix up",
        "đặt một mã khác (một bậc: thêm id)",
        "give it another id (a tier: add an id)",
    ),
}


def _say(key, **args):
    t = TEXTS[key]
    return say(t[:2], **args), say(t[2:], **args)


def numbers(text):
    """The document numbers a text names, normalised (upper case, no leading zero)."""
    return {re.sub(r"^0+(?=\d)", "", n.upper()) for n in NUMBER.findall(str(text or ""))}


def check(policy):
    document = policy.data["document"]
    own = set().union(*(numbers(document.get(k)) for k in ("number", "note", "source")))
    out = []

    def judge(path, citation, ident):
        named = numbers(citation)
        if named and not named & own:
            found = ", ".join(sorted(named))
            what, todo = _say(
                "other",
                found=found,
                own=document.get("number") or "văn bản không có số",
                own_en=document.get("number") or "a document without a number",
            )
            out.append(finding(policy, path, "warning", ident, what, todo))

    if "applies_to" in policy.data:
        judge(("applies_to", "citation"), policy.data["applies_to"].get("citation"), "applies_to")
    for name, param in policy.parameters.items():
        judge(("parameters", name, "citation"), param.citation, name)
    for i, rule in enumerate(policy.data["rules"]):
        for path, citation in _citations(rule, ()):
            judge(("rules", i) + path, citation, name_of(rule, path[:-1]))
    return out + _replaced(policy, document) + _twice(policy)


def _citations(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "citation" and isinstance(value, str):
                yield path + (key,), value
            elif key != "baseline":  # a figure's baseline cites where the figure was read, not a rule
                yield from _citations(value, path + (key,))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _citations(value, path + (k,))


def _replaced(policy, document):
    replaced = document.get("replaced_by")
    if not replaced:
        return []
    since = replaced.get("from")
    since = since if isinstance(since, dt.date) or since is None else dt.date.fromisoformat(since)
    to = policy.in_force_to
    where = ("document", "replaced_by")
    if to is None:
        last = since - dt.timedelta(days=1) if since else None
        what, todo = _say(
            "replaced",
            number=replaced["number"],
            since=f" từ {day(since)['vi']}" if since else "",
            since_en=f" from {day(since)['en']}" if since else "",
            to=last.isoformat() if last else "ngày cuối cùng văn bản còn hiệu lực",
            to_en=last.isoformat() if last else "the last day the document applies",
        )
        return [finding(policy, where, "error", policy.id, what, todo)]
    if since and to >= since:
        iso = (since - dt.timedelta(days=1)).isoformat()
        what, todo = _say("after", number=replaced["number"], since=day(since), to=day(to), iso=iso)
        return [finding(policy, ("in_force", "to"), "warning", policy.id, what, todo)]
    return []


def _twice(policy):
    """Ids used twice within one rule: among its lists' items (tiers by id or group), and within each list
    inside them (a tier's conditions)."""
    out = []
    for i, rule in enumerate(policy.data["rules"]):
        top = {}
        for key, items in rule.items():
            if _items(items):
                out += _repeated(policy, rule, ("rules", i), (key,), items, top)
                for j, item in enumerate(items):
                    for inner, sub in item.items():
                        if _items(sub):
                            out += _repeated(policy, rule, ("rules", i), (key, j, inner), sub, {})
    return out


def _items(value):
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


def _repeated(policy, rule, base, path, items, seen):
    out = []
    for j, item in enumerate(items):
        name = item.get("id") or (item.get("group") if path[-1] == "tiers" else None)
        if name is None:
            continue
        at = base + path + (j, "id") if "id" in item else base + path + (j,)
        if name in seen:
            what, todo = _say("twice", name=name, first=seen[name])
            out.append(finding(policy, at, "error", name_of(rule, path + (j,)), what, todo))
        else:
            seen[name] = line(policy, at)
    return out
