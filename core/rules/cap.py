"""``kind: cap``: at most ``max`` people paid per system meeting ``systems``.

Counted among the people eligible for ``groups`` whose group came from that system. Beyond the cap a
person stays eligible but is not paid; the system is reported, with who was paid, who was not, and
the order that chose them (``choose_by``).
"""
import polars as pl

from ..i18n import word
from .base import Reason, RuleKind
from .common import EXPRESSION, rule_schema
from .tiers import AMOUNT, GROUP, PAID, SYSTEM, TIER

ORDER_KEYS = {"group": pl.col(TIER), "assignment_start": pl.col("assignment_start"),
              "start_date": pl.col("start_date"), "staff_id": pl.col("id")}


class Cap(RuleKind):
    name = "cap"
    phase = 30
    schema = rule_schema(["groups", "systems", "max", "message"], {
        "groups": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "systems": EXPRESSION,
        "max": {"type": "string", "description": "a parameter: the number of people"},
        "choose_by": {"type": "array", "items": {"enum": list(ORDER_KEYS)}, "minItems": 1},
    })

    def expressions(self, rule):
        yield ("systems",), rule["systems"], "system"

    def parameter_refs(self, rule):
        yield ("max",), rule["max"], "count"

    def apply(self, rule, state):
        compiled = state.compile(rule["systems"], "system")
        limit = state.policy.value(rule["max"], state.as_of)
        order = rule.get("choose_by", ["assignment_start", "staff_id"])
        systems = state.context.dataset.table("systems").rename({"id": "system_id", "name": "system_name"})
        capped = systems.filter(compiled.expr.fill_null(False))["system_id"]

        frame = state.frame
        scope = pl.col(PAID) & pl.col(GROUP).is_in(rule["groups"]) & pl.col(SYSTEM).is_in(capped.implode())
        ranked = (frame.filter(scope)
                  .sort([ORDER_KEYS[k] for k in order], nulls_last=True)
                  .select("id", SYSTEM,
                          pl.int_range(1, pl.len() + 1).over(SYSTEM).alias("__rank"),
                          pl.len().over(SYSTEM).alias("__count")))
        frame = frame.join(ranked.drop(SYSTEM), on="id", how="left", maintain_order="left")
        in_scope = state.column_name("i")
        passed = state.column_name("r")
        detail = state.column_name("d")
        frame = frame.with_columns(
            pl.col("__rank").is_not_null().alias(in_scope),
            (pl.col("__rank") <= limit).alias(passed),
            pl.format("{}: " + word("cap_rank", state.lang, rank="{}", count="{}", max=limit),
                      pl.col(SYSTEM), pl.col("__rank"), pl.col("__count")).alias(detail))
        over = pl.col(in_scope) & ~pl.col(passed)
        state.frame = frame.with_columns(
            (pl.col(PAID) & ~over).alias(PAID),
            pl.when(over).then(pl.lit(0, dtype=pl.Int64)).otherwise(pl.col(AMOUNT)).alias(AMOUNT),
        ).drop("__rank", "__count")
        state.reasons.append(Reason(rule["id"], rule["citation"], rule["message"], passed, include=in_scope,
                                    detail=detail, kind="cap"))
        self._report(rule, state, ranked, systems, limit, order)

    @staticmethod
    def _report(rule, state, ranked, systems, limit, order):
        lang = state.lang
        over = ranked.filter(pl.col("__count") > limit).sort([SYSTEM, "__rank"])
        if not over.height:
            return
        info = {r["system_id"]: r for r in systems.iter_rows(named=True)}
        order_text = word("then", lang).join(word(f"order_{k}", lang) for k in order)
        rows = []
        for (system_id,), people in over.group_by(SYSTEM, maintain_order=True):
            ids = people["id"].to_list()
            message = word("cap_exceeded", lang, system=system_id, name=info[system_id]["system_name"],
                           level=info[system_id]["security_level"], count=len(ids),
                           groups=", ".join(rule["groups"]), max=limit, paid=", ".join(ids[:limit]) or "—",
                           unpaid=", ".join(ids[limit:]), order=order_text)
            rows.append({"subject": "system", "id": system_id, "code": "cap_exceeded", "message": message,
                         "citation": rule["citation"], "staff_ids": ids[limit:]})
        state.findings.append(pl.DataFrame(rows, schema=FINDING_SCHEMA))


FINDING_SCHEMA = {"subject": pl.Utf8, "id": pl.Utf8, "code": pl.Utf8, "message": pl.Utf8, "citation": pl.Utf8,
                  "staff_ids": pl.List(pl.Utf8)}
