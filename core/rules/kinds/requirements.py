"""``kind: requirements``: the standards each person the policy speaks about must meet.

A person who meets every requirement that concerns them is ``compliant``, anyone else
``non_compliant``; every requirement is a reason with its own article, so a result lists each one that
failed. ``if`` limits a requirement to the people it concerns (the education a commune needs is not the
education a department needs). A requirement with ``finding`` is also reported as a finding on each person
who fails it. ``priorities`` are shown in every result and never decide the outcome; ``unchecked`` lists
what the standard requires but the dataset cannot show (a reason with ``passed: null`` in every result).
"""

import polars as pl

from ...i18n import text as tr
from ...i18n import word
from .base import OUTCOME, RuleKind
from .common import CITATION, EXPRESSION, TEXT, UNCHECKED, rule_schema

COMPLIANT = "__compliant"
WORDED_BY_CODE = 32  # up to this many requirements, each person's list of unmet ones is a number, worded once

ITEM = {
    "type": "object",
    "required": ["id", "when", "message"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "when": EXPRESSION,
        "if": EXPRESSION,
        "message": TEXT,
        "citation": CITATION,
        "finding": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9_]*$",
            "description": "also report each person who fails it, with this code",
        },
        "comment": {"type": "string"},
    },
}
PRIORITY = {**ITEM, "properties": {k: v for k, v in ITEM["properties"].items() if k != "finding"}}


class Requirements(RuleKind):
    name = "requirements"
    phase = 25
    rows = "own"
    schema = rule_schema(
        ["requirements"],
        {
            "requirements": {"type": "array", "minItems": 1, "items": ITEM},
            "priorities": {"type": "array", "items": PRIORITY},
            "unchecked": {"type": "array", "items": UNCHECKED},
        },
    )
    decides = True

    def expressions(self, rule):
        for key in ("requirements", "priorities"):
            for i, item in enumerate(rule.get(key, [])):
                for part in ("if", "when"):
                    if part in item:
                        yield (key, i, part), item[part], "staff"

    def apply(self, rule, state):
        failures = []
        for item in rule["requirements"]:
            reason, include = self._reason(rule, item, state, "requirement")
            failed = ~pl.col(reason.passed).fill_null(False)
            if include:
                failed = failed & pl.col(include)
            failed_column = state.add(failed, "f")
            failures.append((reason, failed_column))
            if item.get("finding") and state.worded:  # add_findings would drop them: not even filtered
                self._findings(rule, item, state, failed_column)
        for item in rule.get("priorities", []):
            self._reason(rule, item, state, "priority")
        state.unchecked(rule)  # in every result as not checkable, never decided on

        compliant = ~pl.any_horizontal([pl.col(f) for _, f in failures])
        if COMPLIANT in state.frame.columns:  # a second requirements rule: both must hold
            compliant = compliant & pl.col(COMPLIANT)
        state.frame = state.frame.with_columns(compliant.alias(COMPLIANT)).with_columns(
            pl.when(pl.col(COMPLIANT)).then(pl.lit("compliant")).otherwise(pl.lit("non_compliant")).alias(OUTCOME)
        )
        if not state.worded:  # outcomes only: the requirements not met are not put in words
            return
        text = _unmet(failures, state)
        if state.decision:
            text = pl.concat_str([pl.col(state.decision), text], separator="; ", ignore_nulls=True)
        state.decision = state.column_name("decision")
        state.frame = state.frame.with_columns(pl.when(text != "").then(text).alias(state.decision))

    def totals(self, outcomes):
        counts = outcomes["outcome"].value_counts()
        by = dict(zip(counts["outcome"].to_list(), counts["count"].to_list()))
        return {k: int(by.get(k, 0)) for k in ("compliant", "non_compliant", "not_applicable")}

    @staticmethod
    def _reason(rule, item, state, kind):
        include = None
        if "if" in item:
            include = state.add(state.compile(item["if"]).expr.fill_null(False), "i")
        reason = state.condition(
            f"{rule['id']}.{item['id']}",
            item["when"],
            item.get("citation", rule["citation"]),
            item["message"],
            kind=kind,
            include=include,
        )
        return reason, include

    @staticmethod
    def _findings(rule, item, state, failed_column):
        citation = item.get("citation", rule["citation"])
        message = word("requirement_finding", state.lang, item=tr(item["message"], state.lang))
        state.add_findings(
            state.frame.filter(pl.col(failed_column)),
            "staff",
            item["finding"],
            pl.concat_str([pl.col("full_name"), pl.lit(f": {message}")]),
            citation,
        )


def _unmet(failures, state):
    """Each person's requirements not met, in one line ("Không đạt: ...", each with "(thiếu dữ liệu)" when
    for missing data); null when all are met. Up to :data:`WORDED_BY_CODE` requirements, which failed (and
    for missing data) is a number per person, and each number met is worded once (a few dozen, not a
    million lines put together string by string)."""
    lang = state.lang
    missing = f" ({word('missing_data', lang)})"
    said = [(r.label_text(lang), r.label_text(lang) + missing) for r, _ in failures]
    head = word("requirements_unmet", lang) + ": "
    if len(failures) > WORDED_BY_CODE:
        unmet = pl.concat_str(
            [
                pl.when(pl.col(f)).then(pl.when(pl.col(r.passed).is_null()).then(pl.lit(m)).otherwise(pl.lit(t)))
                for (r, f), (t, m) in zip(failures, said)
            ],
            separator="; ",
            ignore_nulls=True,
        )
        return pl.when(unmet != "").then(pl.concat_str([pl.lit(head), unmet]))
    bits = [(pl.col(f), pl.col(f) & pl.col(r.passed).is_null()) for r, f in failures]  # failed; for missing data
    code = pl.sum_horizontal(
        failed.cast(pl.UInt64) * (1 << 2 * k) + blank.cast(pl.UInt64) * (2 << 2 * k)
        for k, (failed, blank) in enumerate(bits)
    )
    codes = state.frame.select(code.alias("code"))["code"]
    met = codes.unique().sort().to_list()
    if not met:  # nobody (polars leaves a column as it is for an empty mapping)
        return pl.lit(pl.Series("code", [], dtype=pl.Utf8))
    lines = [_line(code, said, head) for code in met]
    return pl.lit(codes.replace_strict(met, lines, return_dtype=pl.Utf8))


def _line(code, said, head):
    """The line of one number of :func:`_unmet`: the requirements whose bit is set, in order; None for 0."""
    unmet = "; ".join(said[k][code >> (2 * k + 1) & 1] for k in range(len(said)) if code >> 2 * k & 1)
    return head + unmet if unmet else None  # nothing to say (a requirement whose message is empty): no line
