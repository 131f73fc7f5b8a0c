"""``kind: cap``: at most ``max`` people paid per system meeting ``systems``.

Counted among the people eligible for ``groups`` whose group came from that system. Beyond the cap a
person stays eligible but is not paid; the system is reported, with who was paid, who was not, and
the order that chose them (``choose_by``).
"""

import polars as pl

from ...data.dataset import ROW, SYSTEM_ROW
from ...i18n import word
from .base import OUTCOME, Reason, RuleKind
from .common import EXPRESSION, rule_schema
from .tiers import AMOUNT, DECIDED_COLUMNS, ELIGIBLE, GROUP, PAID, PERIOD, SYSTEM, TIER, group_names

ORDER_KEYS = {
    "group": pl.col(TIER),
    "assignment_start": pl.col("assignment_start"),
    "start_date": pl.col("start_date"),
    "staff_id": pl.col("id"),
}


def _to_lower_group(state, over):
    """Everyone beyond the cap who qualifies for a lower row of the tiers through another system takes the
    first such row: its group, amount and system, paid (a later cap rule counts them there). A row whose
    amount the source does not give makes them ``unknown``, as it does anyone the tiers put there."""
    t = state.tiers
    rows = [(j, ok, prefix) for j, (ok, prefix) in enumerate(zip(t["ok"], t["systems"])) if prefix]
    lower = pl.coalesce(
        [
            pl.when(over & (pl.col(TIER) < j) & ok & pl.col(f"{p}_system_id").ne_missing(pl.col(SYSTEM))).then(
                pl.lit(j, dtype=pl.Int32)
            )
            for j, ok, p in rows
        ]
        or [pl.lit(None, dtype=pl.Int32)]
    )
    frame = state.frame.with_columns(lower.alias("__lower"))
    moved = pl.col("__lower").is_not_null()
    unknown = pl.col("__lower").is_in(t["unknown"])
    index = list(range(len(t["tiers"])))
    systems = {j: p for j, _, p in rows}
    frame = frame.with_columns(
        pl.when(moved).then(pl.col("__lower")).otherwise(pl.col(TIER)).alias(TIER),
        pl.when(moved)
        .then(pl.col("__lower").replace_strict(index, [r["group"] for r in t["tiers"]], return_dtype=pl.Utf8))
        .otherwise(pl.col(GROUP))
        .alias(GROUP),
        pl.when(moved)
        .then(pl.col("__lower").replace_strict(index, t["amounts"], default=None, return_dtype=pl.Int64))
        .otherwise(pl.col(AMOUNT))
        .alias(AMOUNT),
        pl.when(moved & ~unknown)
        .then(pl.col("__lower").replace_strict(index, t["periods"], default=None, return_dtype=pl.Utf8))
        .when(moved)
        .then(pl.lit(None, dtype=pl.Utf8))
        .otherwise(pl.col(PERIOD))
        .alias(PERIOD),
        (pl.col(PAID) | (moved & ~unknown)).alias(PAID),
        pl.when(moved).then(~unknown).otherwise(pl.col(ELIGIBLE)).alias(ELIGIBLE),
        pl.when(moved)
        .then(pl.when(unknown).then(pl.lit("unknown")).otherwise(pl.lit("eligible")))
        .otherwise(pl.col(OUTCOME))
        .alias(OUTCOME),
        *[
            pl.when(moved)
            .then(pl.coalesce([pl.when(pl.col("__lower") == j).then(pl.col(f"{p}_{src}")) for j, p in systems.items()]))
            .otherwise(pl.col(dst))
            .alias(dst)
            for src, dst in DECIDED_COLUMNS.items()
        ],
    )
    # each row's conditions are shown for the person's row and those above it: again, with the row moved
    frame = frame.with_columns(
        (pl.col(TIER).is_null() | (pl.col(TIER) >= i)).alias(f"__inc_tier_{t['rule']}_{i}") for i in index
    )
    # moved into a row whose amount is unknown: its reason and the decision say so
    frame = frame.with_columns(
        (pl.col(name) | (moved & (pl.col("__lower") == j))).alias(name) for j, name in t["unknown_includes"].items()
    )
    if t["said"] and state.decision:
        said = t["said"]
        text = pl.col("__lower").replace_strict(list(said), list(said.values()), default=None, return_dtype=pl.Utf8)
        frame = frame.with_columns(pl.when(moved).then(text).otherwise(pl.col(state.decision)).alias(state.decision))
    state.frame = frame.drop("__lower")


class Cap(RuleKind):
    name = "cap"
    phase = 30
    rows = "system"
    schema = rule_schema(
        ["groups", "systems", "max", "message"],
        {
            "groups": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "systems": EXPRESSION,
            "max": {"type": "string", "description": "a parameter: the number of people"},
            "choose_by": {"type": "array", "items": {"enum": list(ORDER_KEYS)}, "minItems": 1},
            "over_cap": {
                "enum": ["unpaid", "lower_group"],
                "description": "someone beyond the cap: stays eligible, unpaid (default); or is tried in the next "
                "lower group they qualify for through another system (whose own cap then counts them)",
            },
        },
    )

    def expressions(self, rule):
        yield ("systems",), rule["systems"], "system"

    def parameter_refs(self, rule):
        yield ("max",), rule["max"], "count"

    def replaced(self, rule, other, state):
        """Only what happens beyond the cap changed (``over_cap``): it reaches the people beyond it (the
        ranking before is the same); their systems then carry it on (:meth:`links`)."""
        same = {k: v for k, v in rule.items() if k != "over_cap"} == {k: v for k, v in other.items() if k != "over_cap"}
        reason = next((r for r in state.reasons if r.rule == rule["id"] and r.kind == "cap"), None)
        if not same or reason is None:
            return None
        return state.frame.filter(pl.col(reason.include) & ~pl.col(reason.passed).fill_null(False))[ROW]

    def links(self, state):
        """A person is counted on the system of the tiers row they are in, or moved to a lower row they
        qualify for (``over_cap: lower_group``): every row with a system whose conditions they meet."""
        t = state.tiers
        if t is None:
            return None
        pairs = [
            state.frame.filter(ok).select(ROW, pl.col(f"{prefix}_system_id").alias("system_id"))
            for ok, prefix in zip(t["ok"], t["systems"])
            if prefix
        ]
        schema = {ROW: state.frame.schema[ROW], "system_id": pl.Utf8}
        return pl.concat(pairs).drop_nulls() if pairs else pl.DataFrame(schema=schema)

    def apply(self, rule, state):
        compiled = state.compile(rule["systems"], "system")
        limit = state.policy.value(rule["max"], state.as_of)
        order = rule.get("choose_by", ["assignment_start", "staff_id"])
        systems = (
            state.context.dataset.table("systems")
            .with_row_index(SYSTEM_ROW)
            .rename({"id": "system_id", "name": "system_name"})
        )
        capped = systems.filter(compiled.expr.fill_null(False))[SYSTEM_ROW]

        scope = pl.col(PAID) & pl.col(GROUP).is_in(rule["groups"]) & pl.col(SYSTEM_ROW).is_in(capped.implode())
        in_scope, passed, detail = state.column_name("i"), state.column_name("r"), state.column_name("d")
        ranked = (
            state.frame.select(ROW, "id", SYSTEM, SYSTEM_ROW, TIER, "assignment_start", "start_date", PAID, GROUP)
            .filter(scope)
            .sort([ORDER_KEYS[k] for k in order], nulls_last=True)
            .select(
                ROW,
                "id",
                SYSTEM,
                pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over(SYSTEM_ROW).alias("__rank"),
                pl.len().over(SYSTEM_ROW).cast(pl.UInt32).alias("__count"),
            )
        )
        # the detail is worded for the people in scope only, then joined: not for every row (nor at all where
        # only outcomes matter)
        worded = pl.format(
            "{}: " + word("cap_rank", state.lang, rank="{}", count="{}", max=limit),
            pl.col(SYSTEM),
            pl.col("__rank"),
            pl.col("__count"),
        )
        detail = detail if state.worded else None
        marks = ranked.select(
            ROW,
            pl.lit(True).alias(in_scope),
            (pl.col("__rank") <= limit).alias(passed),
            *([worded.alias(detail)] if detail else []),
        )
        frame = state.frame.join(marks, on=ROW, how="left", maintain_order="left").with_columns(
            pl.col(in_scope).fill_null(False)
        )
        over = pl.col(in_scope) & ~pl.col(passed)
        state.frame = frame.with_columns(
            (pl.col(PAID) & ~over).alias(PAID),
            pl.when(over).then(pl.lit(0, dtype=pl.Int64)).otherwise(pl.col(AMOUNT)).alias(AMOUNT),
        )
        if rule.get("over_cap") == "lower_group" and state.tiers:
            _to_lower_group(state, over)
        state.reasons.append(
            Reason(rule["id"], rule["citation"], rule["message"], passed, include=in_scope, detail=detail, kind="cap")
        )
        if state.worded:
            self._report(rule, state, ranked, systems, limit, order)

    @staticmethod
    def _report(rule, state, ranked, systems, limit, order):
        """One finding per system over its cap, built on columns (a province has thousands of systems)."""
        lang = state.lang
        order_text = word("then", lang).join(word(f"order_{k}", lang) for k in order)
        template = word(
            "cap_exceeded",
            lang,
            system="{}",
            name="{}",
            level="{}",
            count="{}",
            groups=", ".join(group_names(state.policy, lang).get(g, g) for g in rule["groups"]),
            max=limit,
            paid="{}",
            unpaid="{}",
            order=order_text,
        )
        over = (
            ranked.filter(pl.col("__count") > limit)
            .sort(SYSTEM, "__rank")
            .group_by(SYSTEM, maintain_order=True)
            .agg(pl.col("id"))
            .join(systems, on=SYSTEM, how="left", maintain_order="left")
        )
        message = pl.format(
            template,
            pl.col(SYSTEM),
            pl.col("system_name"),
            pl.col("security_level"),
            pl.col("id").list.len(),
            pl.col("id").list.head(limit).list.join(", "),
            pl.col("id").list.slice(limit).list.join(", "),
        )
        state.add_findings(
            over,
            "system",
            "cap_exceeded",
            message,
            rule["citation"],
            id_column=SYSTEM,
            staff_ids=pl.col("id").list.slice(limit),
        )
