"""Tiers decided exhaustively: on every combination of the values of the fields a tiers rule reads (its
conditions and systems, the exclusions of its groups, the global exclusions and ``applies_to``; see
:mod:`.domains`), each tier's "all its conditions hold" is computed as the engine computes it (a group's
exclusions among its conditions, missing data unmet), then:

* a tier nobody can reach: its conditions never hold together (error), or everyone they take an earlier
  tier takes first — shadowed, by meaning, not by text (error), or everyone it takes is excluded (error);
* two tiers whose conditions overlap, where only the order decides (information; not for two rows of the same
  group and amount, several ways into one group);
* a rule that names a group no tier gives (``groups`` of a cap or an exclusion): error.

Every finding shows one example person from the space.
"""

import difflib

import polars as pl

from .common import Verdicts, example, finding, in_text_order, joined, name_of, systems_said
from .domains import TooMany, columns, product, profiles, uses
from .finding import count, say

TEXTS = {
    "shadowed": (
        "không ai đến được bậc này: mọi người đáp ứng các điều kiện của nó đều đã vào {earlier} ở trên "
        "(ví dụ: {example})",
        "nobody reaches this tier: everyone who meets its conditions is taken first by {earlier} above "
        "(e.g. {example})",
        "sửa điều kiện để bậc này nhận người bậc trên không nhận, đưa nó lên trước, hoặc bỏ nó",
        "change its conditions so that it takes people the tier above does not, move it up, or remove it",
    ),
    "impossible": (
        "không ai đến được bậc này: các điều kiện của nó không bao giờ cùng đúng (đã xét cả {n} tổ hợp giá trị của "
        "{fields}; ví dụ không đạt: {example})",
        "nobody reaches this tier: its conditions never hold together (all {n} combinations of the values of {fields} "
        "checked; e.g. not met by {example})",
        "sửa các điều kiện mâu thuẫn nhau",
        "fix the conditions that contradict each other",
    ),
    "excluded": (
        "mọi người vào bậc này đều bị loại trừ ({rules}), nên không ai được hưởng theo bậc này (ví dụ: {example})",
        "everyone this tier takes is excluded ({rules}), so nobody receives it (e.g. {example})",
        "sửa điều kiện của bậc hoặc của quy tắc loại trừ",
        "fix the tier's conditions or the exclusion's",
    ),
    "overlap": (
        "bậc này và {earlier} cùng nhận một số người; chỉ thứ tự quyết định: họ vào {earlier} (ví dụ: {example})",
        "this tier and {earlier} both take some people; only the order decides: they go to {earlier} (e.g. {example})",
        "đúng ý thì không cần làm gì; nếu không, thêm điều kiện để hai bậc tách nhau",
        "nothing to do if that is meant; otherwise add a condition that sets them apart",
    ),
    "too_many": (
        "không phân tích các bậc: {n} tổ hợp giá trị của {fields} (quá {limit})",
        "tiers not analysed: {n} combinations of the values of {fields} (over {limit})",
        "tách quy tắc thành các quy tắc nhỏ hơn hoặc bớt trường so sánh",
        "split the rule or compare fewer fields",
    ),
    "no_group": (
        "quy tắc nêu nhóm {group} mà không bậc nào cho, nên nó không áp dụng cho ai",
        "the rule names group {group}, which no tier gives, so it applies to nobody",
        "sửa tên nhóm{hint} (các nhóm: {groups})",
        "fix the group's name{hint_en} (groups: {groups})",
    ),
}


def _say(key, **args):
    t = TEXTS[key]
    return say(t[:2], **args), say(t[2:], **args)


def groups(policy):
    """Rules naming a group no tier of the policy gives."""
    given = {t["group"] for r in policy.data["rules"] if r["kind"] == "tiers" for t in r["tiers"]}
    out = []
    for i, rule in enumerate(policy.data["rules"]):
        for j, group in enumerate(rule.get("groups") or []):
            if group in given:
                continue
            close = difflib.get_close_matches(group, sorted(given), n=1)
            what, todo = _say(
                "no_group",
                group=group,
                groups=", ".join(sorted(given)) or "-",
                hint=f", có phải {close[0]!r}?" if close else "",
                hint_en=f", did you mean {close[0]!r}?" if close else "",
            )
            out.append(finding(policy, ("rules", i, "groups", j), "error", rule["id"], what, todo))
    return out


def check(policy, days):
    verdicts = Verdicts()
    rules = policy.data["rules"]
    applies_text = policy.data.get("applies_to", {}).get("when")
    for on in days:
        live = [(i, r) for i, r in enumerate(rules) if policy.rule_in_force(r, on)]
        applies = policy.compile(applies_text, on, "staff") if applies_text else None
        exclusions = [(r, policy.compile(r["when"], on)) for _, r in live if r["kind"] == "exclusion"]
        unknown = {n for n, v in policy.params_at(on).items() if v is None}
        for i, rule in live:
            if rule["kind"] == "tiers":
                _rule(policy, on, i, rule, applies, applies_text, exclusions, unknown, verdicts)
    return verdicts.findings()


def _rule(policy, on, i, rule, applies, applies_text, exclusions, unknown, verdicts):
    tiers = rule["tiers"]
    conds = [[(c["when"], policy.compile(c["when"], on)) for c in t["conditions"]] for t in tiers]
    grouped = [[(r["when"], c) for r, c in exclusions if t["group"] in (r.get("groups") or ())] for t in tiers]
    overall = [(r, c) for r, c in exclusions if not r.get("groups")]
    systems = {j: policy.compile(t["system"], on, "system") for j, t in enumerate(tiers) if "system" in t}
    texts = [(w, c) for row in conds + grouped for w, c in row] + [(r["when"], c) for r, c in overall]
    if applies is not None:
        texts.append((applies_text, applies))
    found = uses(policy, [t for t, _ in texts] + [tiers[j]["system"] for j in systems])
    names = []
    for text, compiled in texts:
        names += [n for n in in_text_order(compiled.names, text) if n not in names]
    own = [
        [n for n in names if any(n in c.names for _, c in conds[j] + grouped[j])]
        + (["__systems"] if j in systems else [])
        for j in range(len(tiers))
    ]
    shown_applies = [n for n in names if applies is not None and n in applies.names]
    where = ("rules", i)
    verdicts.judge(where, on)
    for j in range(len(tiers)):
        verdicts.judge(where + ("tiers", j), on)
    order = list(systems)
    system_names = []
    for j, compiled in systems.items():
        system_names += [n for n in in_text_order(compiled.names, tiers[j]["system"]) if n not in system_names]
    try:
        if systems:
            points, made = profiles(
                [systems[j].expr for j in order], columns(policy, system_names, "system", on, found)
            )
        else:
            points, made = pl.DataFrame({"__systems": [0]}), [[]]
        cols = columns(policy, names, "staff", on, found)
        frame = product(cols, points.height).join(points, how="cross")
    except TooMany as exc:
        what, todo = _say("too_many", n=count(exc.size), fields=", ".join(names), limit=count(exc.limit))
        verdicts.hit(where, "too_many", on, finding(policy, where, "info", rule["id"], what, todo))
        return
    sys_col = {j: pl.col(f"__sys_{k}") for k, j in enumerate(order)}
    oks = []
    for j in range(len(tiers)):
        parts = [c.expr.fill_null(False) for _, c in conds[j]] + [(~c.expr).fill_null(False) for _, c in grouped[j]]
        parts += [sys_col[j]] if j in systems else []
        oks.append((pl.all_horizontal(parts) if parts else pl.lit(True)).alias(f"__ok{j}"))
    excluded = pl.any_horizontal([c.expr.fill_null(False) for _, c in overall]) if overall else pl.lit(False)
    frame = frame.with_columns(*oks, excluded.alias("__excluded"))
    if applies is not None:
        frame = frame.filter(applies.expr.fill_null(False))
    if not frame.height:  # nobody in scope: the conditions check says applies_to never holds
        return
    label = [name_of(rule, ("tiers", j)) for j in range(len(tiers))]

    def person(row, tiers_involved):
        fields = [n for j in tiers_involved for n in own[j] if n != "__systems"] + shown_applies
        text = example(row, list(dict.fromkeys(fields)))
        if any(j in systems for j in tiers_involved):
            return joined(text, systems_said(made[row["__systems"]]))
        return text

    def report(at, code, severity, j, what, todo):
        verdicts.hit(at, code, on, finding(policy, at, severity, label[j], what, todo))

    reached = []
    for j, tier in enumerate(tiers):
        at = where + ("tiers", j)
        ok = pl.col(f"__ok{j}")
        if not frame.select(ok.any()).item():
            alone = [c.expr.fill_null(False) for _, c in conds[j]] + ([sys_col[j]] if j in systems else [])
            never_alone = any(not frame.select(e.any()).item() for e in alone)  # the conditions check says it
            reads_unknown = any(c.params & unknown for _, c in conds[j] + grouped[j])  # listed with unknown values
            if not (never_alone or reads_unknown):
                fields = ", ".join(n for n in own[j] if n != "__systems")
                example_ = person(frame.row(0, named=True), [j])
                report(
                    at,
                    "impossible",
                    "error",
                    j,
                    *_say("impossible", n=count(frame.height), fields=fields, example=example_),
                )
            continue
        earlier = pl.any_horizontal([pl.col(f"__ok{k}") for k in range(j)]) if j else pl.lit(False)
        kept = frame.filter(ok & ~earlier)
        if kept.height == 0:
            takers = frame.filter(ok)
            by = [k for k in range(j) if takers.select(pl.col(f"__ok{k}").any()).item()]
            row = takers.row(0, named=True)
            first = next(k for k in by if row[f"__ok{k}"])
            what, todo = _say("shadowed", earlier=", ".join(label[k] for k in by), example=person(row, [j, first]))
            report(at, "shadowed", "error", j, what, todo)
            continue
        if overall and kept.filter(~pl.col("__excluded")).height == 0:
            hit = [r["id"] for r, c in overall if kept.select(c.expr.fill_null(False).any()).item()]
            what, todo = _say("excluded", rules=", ".join(hit), example=person(kept.row(0, named=True), [j]))
            report(at, "excluded", "error", j, what, todo)
        for k in reached:
            if (tiers[k]["group"], tiers[k].get("amount")) == (tier["group"], tier.get("amount")):
                continue  # two ways into one group: the order changes nothing a person receives
            both = frame.filter(ok & pl.col(f"__ok{k}"))
            if both.height:
                what, todo = _say("overlap", earlier=label[k], example=person(both.row(0, named=True), [j, k]))
                report(at, ("overlap", k), "info", j, what, todo)
        reached.append(j)
