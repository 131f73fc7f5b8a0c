"""Conditions always true or always false: every expression of the policy evaluated, with the policy's own
compiled polars expression, on every combination of the values of the fields it reads (:mod:`.domains`).

A condition of a rule that decides about the people the policy speaks about (tiers, exclusions,
requirements, dossier) is judged among them: the combinations ``applies_to`` lets in. What coverage, targets,
figures and flags count is judged over everyone. A condition whose parameter has no value (``unknown``) is
never met by design and is listed with the unknown values, not here.

Severities: a condition that gates an outcome (a tier's condition or system, a requirement, a dossier item)
and is never met, an exclusion that excludes everyone, an ``applies_to`` that lets nobody in: error. An
exclusion that excludes nobody, a gating condition or an ``if`` that always holds, any other expression never
met: warning.
"""

import polars as pl

from .common import Verdicts, example, expressions, finding, in_text_order, name_of
from .domains import TooMany, columns, product, uses
from .finding import count, say

AMONG = {"vi": " trong phạm vi chính sách (applies_to)", "en": " the policy speaks about (applies_to)"}
CHECKED = ("đã xét cả {n} tổ hợp giá trị của {fields}", "all {n} combinations of the values of {fields} checked")
TEXTS = {
    "never": (
        ("không bao giờ đúng: không ai{among} đáp ứng ({checked}; ví dụ không đạt: {example})"),
        ("is never met: nobody{among} meets it ({checked}; e.g. not met by {example})"),
        (
            "sửa điều kiện (hằng số, tham số hay phép so sánh) hoặc bỏ nó",
            "fix it (its constant, parameter or comparison) or remove it",
        ),
    ),
    "always": (
        ("luôn đúng: ai{among} cũng đáp ứng, nên nó không quyết định gì ({checked}; ví dụ: {example})"),
        ("always holds: everyone{among} meets it, so it decides nothing ({checked}; e.g. {example})"),
        ("bỏ điều kiện hoặc sửa giá trị so sánh", "remove it or fix what it compares with"),
    ),
    "excludes_all": (
        ("loại trừ mọi người{among} ({checked}; ví dụ: {example})"),
        ("excludes everyone{among} ({checked}; e.g. {example})"),
        ("sửa điều kiện loại trừ", "fix the exclusion's condition"),
    ),
    "excludes_none": (
        ("không loại trừ ai{among} ({checked}; ví dụ không bị loại trừ: {example})"),
        ("excludes nobody{among} ({checked}; e.g. not excluded: {example})"),
        ("sửa điều kiện loại trừ hoặc bỏ quy tắc", "fix the exclusion's condition or remove the rule"),
    ),
    "nobody": (
        ("chính sách không nói đến ai: applies_to không bao giờ đúng ({checked}; ví dụ: {example})"),
        ("the policy speaks about nobody: applies_to never holds ({checked}; e.g. {example})"),
        ("sửa applies_to", "fix applies_to"),
    ),
    "everybody": (
        ("applies_to luôn đúng: không giới hạn ai ({checked}; ví dụ: {example})"),
        ("applies_to always holds: it narrows nothing ({checked}; e.g. {example})"),
        ("bỏ applies_to hoặc sửa nó", "remove applies_to or fix it"),
    ),
    "too_many": (
        ("không phân tích: {n} tổ hợp giá trị của {fields} (quá {limit})"),
        ("not analysed: {n} combinations of the values of {fields} (over {limit})"),
        ("tách biểu thức thành các điều kiện nhỏ hơn", "split the expression into smaller conditions"),
    ),
}


def judge(kind, path, holds):
    """(severity, text key) for an expression of ``kind`` at ``path`` that always holds (``holds``) or never
    does; None when that is no finding (a cap counting every system, a figure counting everyone)."""
    last = path[-1]
    if kind == "applies_to":
        return ("warning", "everybody") if holds else ("error", "nobody")
    if kind == "exclusion" and path == ("when",):
        return ("error", "excludes_all") if holds else ("warning", "excludes_none")
    gating = (
        (kind == "tiers" and last in ("when", "system"))
        or (kind == "requirements" and path[0] == "requirements" and last == "when")
        or (kind == "dossier" and last == "when")
    )
    if not holds:
        return ("error" if gating else "warning", "never")
    if gating or last == "if":
        return ("warning", "always")
    return None


def check(policy, days):
    verdicts = Verdicts()
    applies_text = policy.data.get("applies_to", {}).get("when")
    every = expressions(policy)
    for on in days:
        applies = policy.compile(applies_text, on, "staff") if applies_text else None
        unknown = {n for n, v in policy.params_at(on).items() if v is None}
        for i, rule, path, text, scope in every:
            if rule is not None and not policy.rule_in_force(rule, on):
                continue
            compiled = policy.compile(text, on, scope)
            if compiled.params & unknown:
                continue
            among = applies is not None and rule is not None and scope in ("staff", "decided")
            where = ("applies_to", "when") if rule is None else ("rules", i) + path
            ident = "applies_to" if rule is None else name_of(rule, path)
            own = in_text_order(compiled.names, text)
            names = own + ([n for n in in_text_order(applies.names, applies_text) if n not in own] if among else [])
            verdicts.judge(where, on)
            fields = ", ".join(names) or "-"
            try:
                frame = product(
                    columns(policy, names, scope, on, uses(policy, [text] + ([applies_text] if among else [])))
                )
            except TooMany as exc:
                t = TEXTS["too_many"]
                what = say(t[:2], n=count(exc.size), fields=fields, limit=count(exc.limit))
                verdicts.hit(where, "too_many", on, finding(policy, where, "info", ident, what, say(t[2])))
                continue
            if among:
                frame = frame.filter(applies.expr.fill_null(False))
            frame = frame.with_columns(compiled.expr.alias("__r"))
            result = frame["__r"]
            holds, fails = bool(result.any()), bool((~result).any())
            if holds == fails:  # both ways, or never decided (nobody in scope, or only missing values)
                continue
            verdict = judge("applies_to" if rule is None else rule["kind"], path, holds)
            if verdict is None:
                continue
            severity, key = verdict
            row = frame.filter(pl.col("__r") == holds).row(0, named=True)
            checked = say(CHECKED, n=count(frame.height), fields=fields)
            t = TEXTS[key]
            what = say(t[:2], among=AMONG if among else "", checked=checked, example=example(row, own or names))
            verdicts.hit(where, key, on, finding(policy, where, severity, ident, what, say(t[2])))
    return verdicts.findings()
