"""``kind: dossier``: the documents a person's file must hold, checked for everyone eligible.

An item with ``when`` is checked against the dataset (``if`` limits it to the people it concerns);
a missing piece is a finding on that person, never a silent pass. An item without ``when`` cannot be
checked from the dataset, and the policy's notes say so.
"""

import polars as pl

from ...i18n import text as tr
from ...i18n import word
from .base import RuleKind
from .common import CITATION, EXPRESSION, TEXT, rule_schema
from .tiers import ELIGIBLE

ITEM = {
    "type": "object",
    "required": ["id", "message"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "message": TEXT,
        "when": EXPRESSION,
        "if": EXPRESSION,
        "citation": CITATION,
        "comment": {"type": "string"},
    },
}


class Dossier(RuleKind):
    name = "dossier"
    phase = 40
    reports_only = True  # findings, targets or figures: never a person's outcome
    rows = "own"  # its findings about a person read their own row (vnpolicy explain shows them)
    schema = rule_schema(["items"], {"items": {"type": "array", "minItems": 1, "items": ITEM}})

    def expressions(self, rule):
        for i, item in enumerate(rule["items"]):
            for key in ("when", "if"):
                if key in item:
                    yield ("items", i, key), item[key], "decided"

    def apply(self, rule, state):
        lang = state.lang
        for item in rule["items"]:
            citation = item.get("citation", rule["citation"])
            label = tr(item["message"], lang)
            if "when" not in item:
                state.notes.append(
                    {
                        "rule": f"{rule['id']}.{item['id']}",
                        "citation": citation,
                        "message": word("dossier_unverifiable", lang, item=label),
                    }
                )
                continue
            scope = pl.col(ELIGIBLE)
            if "if" in item:
                scope = scope & state.compile(item["if"], "decided").expr.fill_null(False)
            include = state.add(scope, "i")
            reason = state.condition(
                f"{rule['id']}.{item['id']}",
                item["when"],
                citation,
                item["message"],
                kind="dossier",
                scope="decided",
                include=include,
            )
            missing = state.frame.filter(pl.col(include) & ~pl.col(reason.passed).fill_null(False))
            state.add_findings(missing, "staff", "dossier_missing", word("dossier_missing", lang, item=label), citation)
