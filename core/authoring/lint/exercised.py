"""``--cases DIR``: the rules, tiers and conditions no case exercises both ways.

The case files under DIR (``vnpolicy test``'s YAML) are run against the policy being linted (a case names it by
id), each case's reasons gathered: a condition (a tier's condition or system, an exclusion, a requirement or
priority, a dossier item, a cap) is exercised both ways when some case's person passes it and some case's
person fails it; a tier when someone meets all its conditions and someone fails one; a tiers rule when
someone gets a group from it and someone none; a requirements rule when someone is compliant and someone not.
Whether the cases' expectations hold is ``vnpolicy test``'s business, not lint's. Items that cannot be
checked from the data (``unchecked``) are never exercised and not listed.
"""

from pathlib import Path

from ...data.dataset import validate
from ...data.readers import tables_from_mapping
from ...errors import UsageError, VnpolicyError
from ...rules.engine import assess
from ...rules.policy import load_library
from ...rules.readings import check_choice, variant
from ..cases import load_cases
from .common import finding, name_of
from .finding import Finding, place, say

TEXTS = {
    "no_cases": (
        "không có ca kiểm thử nào cho chính sách này trong {folder}",
        "no test case in {folder} tests this policy",
        "thêm một tệp ca kiểm thử (policy: {policy}) vào {folder}",
        "add a case file (policy: {policy}) to {folder}",
    ),
    "never": (
        "không ca nào trong {folder} xét đến {what}",
        "no case in {folder} reaches {what_en}",
        "thêm một ca có người {yes} và một ca có người {no}",
        "add a case for people who {yes_en} and one for people who {no_en}",
    ),
    "one_way": (
        "các ca trong {folder} chỉ có người {yes}, chưa có ai {no}",
        "the cases in {folder} only have people who {yes_en}, none who {no_en}",
        "thêm một ca có người {no}",
        "add a case for people who {no_en}",
    ),
    "broken": (
        "ca không chạy được: {problem}",
        "the case does not run: {problem}",
        "sửa ca (vnpolicy test nói rõ hơn)",
        "fix the case (vnpolicy test says more)",
    ),
}
WAYS = {  # what -> (its name, who passes, who fails), each (Vietnamese, English)
    "condition": (
        ("điều kiện này", "this condition"),
        ("đạt điều kiện này", "meet this condition"),
        ("không đạt", "fail it"),
    ),
    "exclusion": (
        ("quy tắc loại trừ này", "this exclusion"),
        ("không bị loại trừ", "are not excluded"),
        ("bị loại trừ", "are excluded"),
    ),
    "tier": (
        ("bậc này", "this tier"),
        ("vào bậc này", "reach this tier"),
        ("được xét mà không vào", "are tried for it and miss it"),
    ),
    "tiers": (
        ("quy tắc này", "this rule"),
        ("được một nhóm của quy tắc này", "get a group from this rule"),
        ("không được nhóm nào", "get none"),
    ),
    "requirements": (
        ("quy tắc này", "this rule"),
        ("đáp ứng các yêu cầu này", "meet these requirements"),
        ("không đáp ứng", "fail them"),
    ),
}


def _say(key, **args):
    t = TEXTS[key]
    return say(t[:2], **args), say(t[2:], **args)


def check(policies, folder, registry):
    folder = Path(folder)
    if not folder.exists():
        raise UsageError(f"--cases {folder}: không tìm thấy / not found")
    files = sorted(folder.rglob("*.yaml")) if folder.is_dir() else [folder]
    out, cases = [], []
    for file in files:
        try:
            cases += load_cases(file)
        except VnpolicyError as exc:
            out += [Finding(place(file), 1, "error", file.name, say(("{p}", "{p}"), p=line)) for line in exc.lines]
    library = None
    shown_folder = place(folder)
    for policy in policies:
        mine = [c for c in cases if c.policy == policy.id]
        if not mine:
            out.append(
                finding(policy, (), "warning", policy.id, *_say("no_cases", folder=shown_folder, policy=policy.id))
            )
            continue
        if library is None and any(c.also for c in mine):
            try:
                library = load_library(registry)
            except VnpolicyError:
                library = {}
        seen, known = {}, {}
        for case in mine:
            try:
                _run(case, policy, library or {}, registry, seen, known)
            except VnpolicyError as exc:
                what, todo = _say("broken", problem=exc.lines[0])
                out.append(Finding(place(case.file), case.line, "warning", case.name, what, todo))
        out += _unexercised(policy, seen, known, shown_folder)
    return out


def _run(case, policy, library, registry, seen, known):
    for rid, alt in (case.readings or {}).items():
        check_choice(policy, rid, alt, f"readings: {rid}={alt}")
        policy = variant(policy, rid, alt)
    raw = tables_from_mapping(case.tables, f"{case.file.name} ({case.name})", "bản ghi", lambda table, i: i + 1)
    others = [library[p] for p in case.also if p in library]
    result = assess(validate(raw, registry), [policy] + others, case.on).outcomes[0]
    if not result.in_force:
        return
    for reason in result.state.reasons:
        if reason.kind != "unchecked":
            known.setdefault(reason.rule, "condition")
    tiers = [r for r in policy.data["rules"] if r["kind"] == "tiers"]
    requirements = [r["id"] for r in policy.data["rules"] if r["kind"] == "requirements"]
    for row in result.reasons_only().iter_rows(named=True):
        passed = {}
        for reason in row["reasons"]:
            if reason["passed"] is not None and reason["rule"] in known:
                passed.setdefault(reason["rule"], []).append(reason["passed"])
                seen.setdefault(reason["rule"], set()).add(reason["passed"])
        for rule in tiers:
            took = False
            for j in range(len(rule["tiers"])):
                prefix = name_of(rule, ("tiers", j))
                mine = [v for rid, vs in passed.items() if rid.startswith(prefix + ".") for v in vs]
                if mine:
                    seen.setdefault(prefix, set()).add(all(mine))
                    took = True
            if took:
                seen.setdefault(rule["id"], set()).add(row["group"] is not None)
        for rid in requirements:
            if any(r.startswith(rid + ".") for r in passed):
                seen.setdefault(rid, set()).add(row["outcome"] == "compliant")


def _places(policy):
    """Each reason, tier and rule id the policy's file names -> (path, what it is), in the file's order."""
    out = {}
    for i, rule in enumerate(policy.data["rules"]):
        at = ("rules", i)
        if rule["kind"] in ("tiers", "requirements", "exclusion"):
            out[rule["id"]] = (at, rule["kind"])
        elif rule["kind"] == "cap":
            out[rule["id"]] = (at, "condition")
        for j, tier in enumerate(rule.get("tiers", []) if rule["kind"] == "tiers" else []):
            out[name_of(rule, ("tiers", j))] = (at + ("tiers", j), "tier")
            if "system" in tier:
                out[name_of(rule, ("tiers", j, "system"))] = (at + ("tiers", j, "system"), "condition")
            for k, _ in enumerate(tier["conditions"]):
                out[name_of(rule, ("tiers", j, "conditions", k))] = (at + ("tiers", j, "conditions", k), "condition")
        for key in ("requirements", "priorities", "items"):
            for k, item in enumerate(rule.get(key, []) if isinstance(rule.get(key), list) else []):
                if key != "items" or "when" in item:
                    out[name_of(rule, (key, k))] = (at + (key, k), "condition")
    return out


def _unexercised(policy, seen, known, folder):
    places = _places(policy)
    for rid in known:  # reasons of kinds lint has no place for (a plugin's): the rule's line
        if rid not in places:
            rule_id = rid.split(".")[0]
            index = next((i for i, r in enumerate(policy.data["rules"]) if r["id"] == rule_id), None)
            places[rid] = ((("rules", index) if index is not None else ()), "condition")
    out = []
    for rid, (path, what) in places.items():
        ways = seen.get(rid, set())
        if ways == {True, False}:
            continue
        (name, name_en), (yes, yes_en), (no, no_en) = WAYS[what]
        if ways == {False}:
            (yes, yes_en), (no, no_en) = (no, no_en), (yes, yes_en)
        found = _say(
            "one_way" if ways else "never",
            folder=folder,
            what=name,
            what_en=name_en,
            yes=yes,
            yes_en=yes_en,
            no=no,
            no_en=no_en,
        )
        out.append(finding(policy, path, "warning", rid, *found))
    return out
