"""``kind: tiers``: an ordered table of groups; the first (highest) group whose conditions all hold
is the person's group and amount, once.

A tier may require that the person directly manages or operates, on the date, a system meeting
``system`` (an expression over the system's fields); the system chosen for the person is the one
with the highest security level, then the earliest assignment, then the lowest id. Rows may repeat a
group to give it several ways in (Lào Cai's nhom_2: a level-2 system, or training at the IT centre).
"""
import polars as pl

from ..i18n import word
from .base import Reason
from .base import RuleKind
from .common import CITATION, CONDITION, EXPRESSION, TEXT, rule_schema
from .exclusion import EXCLUDED

GROUP, AMOUNT, SYSTEM, TIER, ELIGIBLE, PAID, OUTCOME = (
    "__group", "__amount", "__system_id", "__tier", "__eligible", "__paid", "__outcome")
DECIDED_COLUMNS = {"system_id": "system_id", "security_level": "system_security_level",
                   "level_approved": "system_level_approved", "system_name": "system_name",
                   "assignment_decision": "assignment_decision", "assignment_start": "assignment_start"}

TIER_ROW = {
    "type": "object",
    "required": ["group", "amount", "conditions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "needed when a group has several rows"},
        "group": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "amount": {"type": "string", "description": "a parameter in đồng"},
        "citation": CITATION,
        "message": TEXT,
        "system": EXPRESSION,
        "system_message": TEXT,
        "conditions": {"type": "array", "items": CONDITION},
        "comment": {"type": "string"},
    },
}


class Tiers(RuleKind):
    name = "tiers"
    phase = 20
    schema = rule_schema(["tiers"], {"tiers": {"type": "array", "minItems": 1, "items": TIER_ROW}})

    def expressions(self, rule):
        for i, tier in enumerate(rule["tiers"]):
            if "system" in tier:
                yield ("tiers", i, "system"), tier["system"], "system"
            for j, cond in enumerate(tier["conditions"]):
                yield ("tiers", i, "conditions", j, "when"), cond["when"], "staff"

    def parameter_refs(self, rule):
        for i, tier in enumerate(rule["tiers"]):
            yield ("tiers", i, "amount"), tier["amount"], "money"

    def apply(self, rule, state):
        row_ok, row_reasons, systems = [], [], []
        for index, tier in enumerate(rule["tiers"]):
            citation = tier.get("citation", rule["citation"])
            prefix = f"{rule['id']}.{tier.get('id', tier['group'])}"
            reasons = []
            system_col = None
            if "system" in tier:
                system_col = self._choose_system(tier["system"], state)
                label = tier.get("system_message") or {"vi": word("operates", "vi"), "en": word("operates", "en")}
                passed = state.add(pl.col(system_col).is_not_null(), "r")
                compiled = state.compile(tier["system"], "system")
                reasons.append(Reason(f"{prefix}.he_thong", citation, label, passed, detail=system_col,
                                      assumed=self._assumed(compiled, state)))
                state.reasons.append(reasons[-1])
            for cond in tier["conditions"]:
                reasons.append(state.condition(f"{prefix}.{cond['id']}", cond["when"],
                                               cond.get("citation", citation), cond["message"]))
            reasons += state.group_exclusions.get(tier["group"], [])
            state.alternatives[prefix] = reasons
            ok = pl.all_horizontal([pl.col(r.passed).fill_null(False) for r in reasons]) if reasons else pl.lit(True)
            row_ok.append(ok)
            row_reasons.append(reasons)
            systems.append(system_col)

        frame = state.frame.with_columns(
            pl.coalesce([pl.when(ok).then(pl.lit(i, dtype=pl.Int32)) for i, ok in enumerate(row_ok)]).alias(TIER))
        tiers = rule["tiers"]
        amounts = [state.policy.value(t["amount"], state.as_of) for t in tiers]
        excluded = pl.col(EXCLUDED).fill_null(False) if EXCLUDED in frame.columns else pl.lit(False)
        frame = frame.with_columns(
            pl.col(TIER).replace_strict(list(range(len(tiers))), [t["group"] for t in tiers], default=None,
                                        return_dtype=pl.Utf8).alias(GROUP),
            pl.col(TIER).replace_strict(list(range(len(tiers))), amounts, default=None,
                                        return_dtype=pl.Int64).alias(AMOUNT),
            pl.coalesce([pl.when(pl.col(TIER) == i).then(pl.col(s)) for i, s in enumerate(systems) if s]
                        or [pl.lit(None, dtype=pl.Utf8)]).alias(SYSTEM),
        )
        eligible = pl.col(TIER).is_not_null() & ~excluded
        frame = frame.with_columns(
            eligible.alias(ELIGIBLE), eligible.alias(PAID),
            pl.when(eligible).then(pl.lit("eligible")).otherwise(pl.lit("not_eligible")).alias(OUTCOME))
        frame = frame.with_columns(
            pl.when(pl.col(ELIGIBLE)).then(pl.col(GROUP)).alias(GROUP),
            pl.when(pl.col(ELIGIBLE)).then(pl.col(AMOUNT)).alias(AMOUNT))
        # Show each row's conditions for the winning row and those above it (why this group, why not
        # a higher one); all rows for a person who reaches none.
        for index, reasons in enumerate(row_reasons):
            include = pl.col(TIER).is_null() | (pl.col(TIER) >= index)
            name = f"__inc_tier_{rule['id']}_{index}"
            frame = frame.with_columns(include.alias(name))
            for reason in reasons:
                reason.include = name
        state.frame = self._join_decided(frame, state)

    @staticmethod
    def _assumed(compiled, state):
        unknown = state.policy.unknown_params(state.as_of)
        return tuple(sorted(p for p in compiled.params if p in unknown))

    @staticmethod
    def _choose_system(text, state):
        compiled = state.compile(text, "system")
        assignments = state.context.active_assignments()
        chosen = (assignments.filter(compiled.expr.fill_null(False))
                  .sort(["staff_id", "security_level", "assignment_start", "system_id"],
                        descending=[False, True, False, False], nulls_last=True)
                  .group_by("staff_id", maintain_order=True).first()
                  .select(pl.col("staff_id").alias("id"), pl.col("system_id")))
        name = state.column_name("sys")
        state.frame = state.frame.join(chosen.rename({"system_id": name}), on="id", how="left",
                                       maintain_order="left")
        return name

    @staticmethod
    def _join_decided(frame, state):
        """The system and assignment a person's group came from, as ``system_*`` / ``assignment_*``."""
        assignments = (state.context.active_assignments()
                       .sort(["staff_id", "system_id", "assignment_start"], nulls_last=True)
                       .unique(["staff_id", "system_id"], keep="first", maintain_order=True)
                       .select(pl.col("staff_id").alias("id"), pl.col("system_id").alias(SYSTEM),
                               *[pl.col(src).alias(dst) for src, dst in DECIDED_COLUMNS.items()]))
        frame = frame.drop([c for c in DECIDED_COLUMNS.values() if c in frame.columns])
        return frame.join(assignments, on=["id", SYSTEM], how="left", maintain_order="left")
