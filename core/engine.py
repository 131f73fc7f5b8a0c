"""Assessment: every policy in force on a date, applied on whole columns to the staff of its territory.

The engine knows nothing about the terminal: it returns :class:`Assessment`, which the report
module turns into JSON, tables or CSV.
"""
import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from .derived import Context
from .i18n import word
from .rules.base import State
from .rules.cap import FINDING_SCHEMA
from .rules.tiers import AMOUNT, ELIGIBLE, GROUP, OUTCOME, PAID

MERGER = dt.date(2025, 7, 1)   # Nghị quyết 202/2025/QH15: provinces merged, district level ended
REASON_FIELDS = ("rule", "passed", "citation", "message")


@dataclass
class PolicyOutcome:
    policy: object
    in_force: bool
    results: pl.DataFrame = None        # one row per staff member the policy speaks about
    findings: pl.DataFrame = None
    notes: list = field(default_factory=list)
    state: State = None                 # the evaluation frame, kept for explain

    def totals(self):
        r = self.results
        if r is None or "paid" not in r.columns:
            return None
        return {"policy": self.policy.id,
                "monthly_vnd": int(r.filter(pl.col("paid"))["amount_vnd"].sum() or 0),
                "eligible": int((r["outcome"] == "eligible").sum()),
                "paid": int(r["paid"].sum())}


@dataclass
class Assessment:
    as_of: dt.date
    mode: str
    lang: str
    outcomes: list


def territory(policy, on):
    """Units a policy covers on a date (DATA.md, Jurisdictions)."""
    if policy.former_territory and on >= MERGER:
        return pl.col("unit_former_province") == policy.province
    return pl.col("unit_province") == policy.province


def in_post(on):
    return (pl.col("start_date").is_null() | (pl.col("start_date") <= on)) & \
           (pl.col("end_date").is_null() | (pl.col("end_date") >= on))


def assess(dataset, policies, on, lang="vi"):
    context = Context(dataset, on)
    outcomes = [assess_policy(policy, context, lang) for policy in policies]
    return Assessment(on, "jurisdiction", lang, outcomes)


def assess_policy(policy, context, lang="vi"):
    on = context.as_of
    if not policy.in_force(on):
        return PolicyOutcome(policy, False)
    frame = context.dataset.staff_view().filter(territory(policy, on) & in_post(on))
    state = State(policy, context, lang, frame)
    if "applies_to" in policy.data:
        applies = state.compile(policy.data["applies_to"]["when"])
        state.frame = state.frame.filter(applies.expr.fill_null(False))
    state.frame = state.frame.with_columns(pl.lit("not_applicable").alias(OUTCOME))
    for kind, rule in policy.rules():
        kind.apply(rule, state)
    findings = [f for f in state.findings if f.height]
    findings = pl.concat(findings) if findings else pl.DataFrame(schema=FINDING_SCHEMA)
    findings = findings.select(pl.lit(policy.id).alias("policy"), *FINDING_SCHEMA)
    return PolicyOutcome(policy, True, _results(state), findings, state.notes, state)


def _message(reason, state):
    lang, policy = state.lang, state.policy
    passed = pl.col(reason.passed)
    label = reason.label_text(lang)
    if reason.kind == "exclusion":
        message = pl.when(passed.fill_null(True)).then(pl.lit(f"{word('not_excluded', lang)}: {label}")) \
            .otherwise(pl.lit(f"{word('excluded', lang)}: {label}"))
    else:
        message = pl.when(passed).then(pl.lit(f"{label}: {word('passed', lang)}")) \
            .when(passed.is_null()).then(pl.lit(f"{label}: {word('failed', lang)} ({word('missing_data', lang)})")) \
            .otherwise(pl.lit(f"{label}: {word('failed', lang)}"))
    if reason.detail:
        message = pl.when(pl.col(reason.detail).is_not_null()) \
            .then(pl.concat_str([message, pl.lit(" — "), pl.col(reason.detail)])).otherwise(message)
    if reason.assumed:
        notes = "; ".join(_assumption(policy, p, state.as_of, lang) for p in reason.assumed)
        message = pl.concat_str([message, pl.lit(f" [{notes}]")])
    return message


def _failed(reason, shown_only=False):
    failed = ~pl.col(reason.passed).fill_null(reason.kind == "exclusion")
    if shown_only and reason.include:
        failed = failed & pl.col(reason.include).fill_null(False)
    return failed


def _first_failed(reasons, messages, shown_only=False):
    if not reasons:
        return pl.lit(None, dtype=pl.Utf8)
    return pl.coalesce([pl.when(_failed(r, shown_only)).then(messages[i]) for i, r in reasons])


def _decision(state, messages):
    """The deciding reason in one line: for someone not eligible, a global exclusion that hit, else the
    first unmet condition of the group they came closest to (fewest unmet conditions; on a tie the lower
    group, whose conditions are the easier to reach); for someone
    eligible but not paid, the cap; for someone paid, nothing."""
    indexed = list(enumerate(state.reasons))
    exclusions = [(i, r) for i, r in indexed if r.kind == "exclusion" and not r.include]
    caps = [(i, r) for i, r in indexed if r.kind == "cap"]
    position = {id(r): i for i, r in indexed}
    rows = {key: [(position[id(r)], r) for r in members] for key, members in state.alternatives.items()}
    closest = pl.lit(None, dtype=pl.Utf8)
    if rows:
        ordered = list(rows.values())[::-1]
        counts = [pl.sum_horizontal([_failed(r).cast(pl.Int32) for _, r in members]) for members in ordered]
        best = pl.concat_list(counts).list.arg_min()
        closest = pl.coalesce([pl.when(best == k).then(_first_failed(members, messages))
                               for k, members in enumerate(ordered)])
    frame = state.frame
    if ELIGIBLE not in frame.columns:
        return pl.coalesce([_first_failed(exclusions, messages), closest])
    return (pl.when(pl.col(ELIGIBLE) & pl.col(PAID)).then(pl.lit(None, dtype=pl.Utf8))
            .when(pl.col(ELIGIBLE)).then(_first_failed(caps, messages, shown_only=True))
            .otherwise(pl.coalesce([_first_failed(exclusions, messages), closest])))


def _assumption(policy, name, on, lang):
    value = policy.value(name, on)
    shown = ", ".join(value) if isinstance(value, list) else value
    return f"{name} = {shown}: {word('assumed', lang)}"


def _results(state):
    frame = state.frame
    messages = [_message(r, state) for r in state.reasons]
    reasons = [pl.struct(rule=pl.lit(r.rule), passed=pl.col(r.passed).fill_null(False),
                         citation=pl.lit(r.citation), message=messages[i],
                         _include=(pl.col(r.include) if r.include else pl.lit(True)).fill_null(False),
                         _assumed=pl.lit(r.assumed[0] if r.assumed else None, dtype=pl.Utf8))
               for i, r in enumerate(state.reasons)]
    reasons_col = pl.concat_list(reasons) if reasons else pl.lit([], dtype=pl.List(pl.Struct({f: pl.Utf8 for f in REASON_FIELDS})))
    keep = pl.element().struct.field("_include")
    assumed = {r.assumed[0]: "; ".join(_assumption(state.policy, p, state.as_of, state.lang) for p in r.assumed)
               for r in state.reasons if r.assumed}
    has_tiers = ELIGIBLE in frame.columns
    out = frame.select(
        pl.lit(state.policy.id).alias("policy"),
        pl.col("id").alias("staff_id"),
        "full_name", "unit_id", "unit_name",
        pl.col(OUTCOME).alias("outcome"),
        (pl.col(GROUP) if has_tiers else pl.lit(None, dtype=pl.Utf8)).alias("group"),
        (pl.col(AMOUNT) if has_tiers else pl.lit(None, dtype=pl.Int64)).alias("amount_vnd"),
        *([pl.col(PAID).alias("paid")] if has_tiers else []),
        _decision(state, messages).alias("decision"),
        reasons_col.alias("__all"),
    )
    out = out.with_columns(
        pl.col("__all").list.eval(pl.struct([pl.element().struct.field(f) for f in REASON_FIELDS]).filter(keep))
        .alias("reasons"),
        pl.col("__all").list.eval(pl.element().struct.field("_assumed").filter(keep).drop_nulls().unique(maintain_order=True))
        .alias("__assumed_keys"),
    )
    out = out.with_columns(
        pl.col("__assumed_keys").list.eval(pl.element().replace_strict(assumed, default=None, return_dtype=pl.Utf8)
                                           if assumed else pl.element()).alias("assumptions")
    ).drop("__all", "__assumed_keys")
    return out

