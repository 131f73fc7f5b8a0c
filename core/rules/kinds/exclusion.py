"""``kind: exclusion``: a case the policy does not apply to.

``when`` describes the excluded case. Without ``groups`` it excludes the person from the whole
policy; with ``groups`` only from those groups of the tiers rule (it then shows among that group's
conditions).
"""

import polars as pl

from .base import RuleKind
from .common import EXPRESSION, rule_schema

EXCLUDED = "__excluded"


class Exclusion(RuleKind):
    name = "exclusion"
    phase = 10
    rows = "own"
    schema = rule_schema(
        ["when", "message"],
        {
            "when": EXPRESSION,
            "groups": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
    )

    def expressions(self, rule):
        yield ("when",), rule["when"], "staff"

    def matters(self, rule, path, state, unchanged=None):
        """Excluded from the whole policy or not, someone no tiers row speaks of is not eligible, not paid:
        it matters where a tiers row was reached (a requirements policy shows it as a reason only)."""
        from .tiers import TIER, read_alone

        if rule.get("groups") or not read_alone(state):
            return None
        return pl.col(TIER).is_not_null()

    def apply(self, rule, state):
        reason = state.condition(
            rule["id"], rule["when"], rule["citation"], rule["message"], kind="exclusion", negate=True
        )
        if rule.get("groups"):  # shown with its groups' conditions (the tiers rule sets when)
            for group in rule["groups"]:
                state.group_exclusions.setdefault(group, []).append(reason)
            return
        hit = ~pl.col(reason.passed).fill_null(True)
        current = pl.col(EXCLUDED) if EXCLUDED in state.frame.columns else pl.lit(False)
        state.frame = state.frame.with_columns((current | hit).alias(EXCLUDED))
