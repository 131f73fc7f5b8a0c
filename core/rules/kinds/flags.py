"""``kind: flags``: people to look at, as staff findings: each item an expression over the staff of the
territory (which may read ``outcome``, what this policy decided for each person) and the finding's code.
Nghị định 179's check of the dataset: recorded as receiving it but not qualifying, or the reverse.
"""

import polars as pl

from ...i18n import text as tr
from .base import RuleKind
from .common import CITATION, EXPRESSION, TEXT, rule_schema

FLAG = {
    "type": "object",
    "required": ["code", "when", "message"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "when": EXPRESSION,
        "message": TEXT,
        "citation": CITATION,
        "comment": {"type": "string"},
    },
}


class Flags(RuleKind):
    name = "flags"
    phase = 55
    reports_only = True  # findings, targets or figures: never a person's outcome
    rows = "own"  # its findings about a person read their own row (vnpolicy explain shows them)
    schema = rule_schema(["flags"], {"flags": {"type": "array", "minItems": 1, "items": FLAG}})

    def expressions(self, rule):
        for i, flag in enumerate(rule["flags"]):
            yield ("flags", i, "when"), flag["when"], "outcome"

    def apply(self, rule, state):
        for flag in rule["flags"]:
            compiled = state.evaluate(flag["when"])
            rows = state.population().filter(compiled.expr.fill_null(False))
            message = pl.concat_str([pl.col("full_name"), pl.lit(f": {tr(flag['message'], state.lang)}")])
            state.add_findings(rows, "staff", flag["code"], message, flag.get("citation", rule["citation"]))
