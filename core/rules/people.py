"""What each person receives in all, across the policies assessed together, and who must choose.

A policy says how it combines with another under ``combines``: ``rule: not_together`` means a person is
paid under one or the other, never both (Lào Cai's Nghị quyết 12 and Nghị định 179/2025). A person the
assessment finds eligible under both must choose: the per-person view lists both, counts the higher in
the person's monthly total, and each such person is a finding of the policy that declares the rule.
"""

import polars as pl

from ..i18n import amount, word
from ..i18n import text as tr
from .readings import readings

ENTRY = ("policy", "outcome", "group", "amount_vnd", "amount_period", "paid", "note")
EMPTY = {
    "staff_id": pl.Utf8,
    "full_name": pl.Utf8,
    "unit_id": pl.Utf8,
    "policy": pl.Utf8,
    "outcome": pl.Utf8,
    "group": pl.Utf8,
    "amount_vnd": pl.Int64,
    "amount_period": pl.Utf8,
    "paid": pl.Boolean,
    "note": pl.Utf8,
}


def paying(outcomes):
    """The policies assessed that give support (a tiers rule decided): the ones the per-person view joins."""
    return [o for o in outcomes if o.in_force and o.outcomes is not None and "paid" in o.outcomes.columns]


def receipts(outcomes):
    """One row per person and policy that gives them something (eligible, or unknown amount)."""
    frames = [
        o.outcomes.filter(pl.col("outcome").cast(pl.Utf8).is_in(["eligible", "unknown"]))
        .with_columns(pl.when(pl.col("amount_vnd").is_null()).then(pl.col("decision")).alias("note"))
        .select([pl.col(c).cast(t) for c, t in EMPTY.items()])
        for o in paying(outcomes)
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=EMPTY)


def exclusive_pairs(outcomes):
    """(declaring policy, other policy, citation, message) for every ``not_together`` rule between two
    policies that were both assessed."""
    assessed = {o.policy.id for o in outcomes if o.in_force}
    return [
        (o.policy.id, c["policy"], c["citation"], c.get("message"))
        for o in outcomes
        if o.in_force
        for c in o.policy.data.get("combines", [])
        if c["rule"] == "not_together" and c["policy"] in assessed
    ]


def precedence(outcomes, lang="vi"):
    """``rule: precedence``: the other policy comes first — someone eligible under both is eligible but not
    paid under the declaring policy, and the decision says why. Applied to the declaring policy's outcomes
    before anything reads them."""
    assessed = {o.policy.id: o for o in outcomes if o.in_force and o.outcomes is not None}
    for o in assessed.values():
        for c in o.policy.data.get("combines", []):
            other = assessed.get(c["policy"])
            if c["rule"] != "precedence" or other is None or "paid" not in o.outcomes.columns:
                continue
            first = other.outcomes.filter(pl.col("outcome").cast(pl.Utf8) == "eligible")["staff_id"]
            hit = (pl.col("outcome").cast(pl.Utf8) == "eligible") & pl.col("staff_id").is_in(first.implode())
            text = tr(c.get("message"), lang) or word("precedence", lang, other=c["policy"])
            if o.uncombined is None:
                o.uncombined = o.outcomes  # what the policy says alone: the other readings compare with it
            o.outcomes = o.outcomes.with_columns(
                (pl.col("paid") & ~hit).alias("paid"),
                pl.when(hit & pl.col("amount_vnd").is_not_null())
                .then(0)
                .otherwise(pl.col("amount_vnd"))
                .alias("amount_vnd"),
                pl.when(hit).then(pl.lit(f"{text} ({c['citation']})")).otherwise(pl.col("decision")).alias("decision"),
            )


def _eligible(outcome):
    return outcome.outcomes.filter(pl.col("outcome").cast(pl.Utf8) == "eligible")["staff_id"]


def name_combine_readings(outcomes):
    """Someone eligible under two policies that combine depends on a reading of how they combine (both
    shown, the person chooses — or the other first): each reading that replaces ``combines`` is named for the
    people eligible under the policy and under another it names there (in the file or an alternative).
    Named before the combination is applied."""
    assessed = {o.policy.id: o for o in outcomes if o.in_force and o.outcomes is not None}
    for o in assessed.values():
        frames = []
        for rid, reading in readings(o.policy).items():
            if not reading.varies_combines():
                continue
            named = [c["policy"] for c in o.policy.data.get("combines", [])]
            named += [c["policy"] for a in reading.alternatives.values() for c in a.combines or []]
            mine = _eligible(o)
            tag = f"{rid}={o.policy.in_effect.get(rid, reading.chosen)}"
            for other in (assessed[p] for p in dict.fromkeys(named) if p in assessed):
                both = mine.filter(mine.is_in(_eligible(other).implode()))
                frames.append(pl.DataFrame({"staff_id": both, "reading": [tag] * both.len()}))
        if frames:
            o.combined = pl.concat(frames).unique(maintain_order=True)


def combine(outcomes, lang="vi"):
    """The per-person view (a frame, one row per person who receives anything) and the must-choose
    findings, added to the declaring policy's findings."""
    name_combine_readings(outcomes)
    precedence(outcomes, lang)
    rows = receipts(outcomes)
    pairs = exclusive_pairs(outcomes)
    choose = []
    for declaring, other, citation, message in pairs:
        a = rows.filter((pl.col("policy") == declaring) & (pl.col("outcome") == "eligible"))
        b = rows.filter((pl.col("policy") == other) & (pl.col("outcome") == "eligible"))
        both = a.join(b, on="staff_id", suffix="_other").select(
            "staff_id",
            "full_name",
            pl.lit(declaring).alias("policy"),
            pl.lit(other).alias("other"),
            # the monthly total keeps the higher of the two monthly amounts
            pl.when((pl.col("amount_period") == "month") & (pl.col("amount_period_other") == "month"))
            .then(pl.min_horizontal(pl.col("amount_vnd").fill_null(0), pl.col("amount_vnd_other").fill_null(0)))
            .otherwise(0)
            .alias("lower"),
            pl.lit(citation).alias("citation"),
        )
        choose.append(both)
        _add_findings(outcomes, declaring, both, other, citation, message, lang)
    choose = (
        pl.concat(choose)
        if choose
        else pl.DataFrame(schema={"staff_id": pl.Utf8, "policy": pl.Utf8, "other": pl.Utf8, "lower": pl.Int64})
    )
    monthly = pl.when((pl.col("amount_period") == "month") & pl.col("paid")).then(pl.col("amount_vnd"))
    once = pl.when((pl.col("amount_period") == "once") & pl.col("paid")).then(pl.col("amount_vnd"))
    people = (
        rows.sort("policy")
        .group_by("staff_id", maintain_order=True)
        .agg(
            pl.col("full_name").first(),
            pl.col("unit_id").first(),
            pl.struct(ENTRY).alias("receives"),
            monthly.sum().alias("monthly_vnd"),
            once.sum().alias("one_time_vnd"),
            (pl.col("outcome") == "unknown").any().alias("unknown"),
        )
    )
    lower = choose.group_by("staff_id").agg(
        pl.col("lower").sum(), pl.concat_list("policy", "other").alias("must_choose")
    )
    people = (
        people.join(lower, on="staff_id", how="left", maintain_order="left")
        .with_columns(
            (pl.col("monthly_vnd") - pl.col("lower").fill_null(0)).alias("monthly_vnd"),
            pl.col("must_choose").fill_null(pl.lit([], dtype=pl.List(pl.List(pl.Utf8)))),
        )
        .drop("lower")
    )
    return people.sort("staff_id")


def _add_findings(outcomes, declaring, both, other, citation, message, lang):
    if not both.height:
        return
    outcome = next(o for o in outcomes if o.policy.id == declaring)
    text = tr(message, lang) or word("must_choose", lang, other=other)
    found = both.select(
        pl.lit("staff").alias("subject"),
        pl.col("staff_id").alias("id"),
        pl.lit("phai_chon_mot").alias("code"),
        pl.concat_str([pl.col("full_name"), pl.lit(f": {text}")]).alias("message"),
        pl.lit(citation).alias("citation"),
        pl.concat_list("staff_id").alias("staff_ids"),
    )
    outcome.findings = pl.concat(
        [outcome.findings, found.select(pl.lit(declaring).alias("policy"), pl.all()).cast(outcome.findings.schema)]
    )


def describe(person, lang):
    """What one person receives, in words: ``policy: group amount``, joined by '; '."""
    parts = []
    for r in person["receives"]:
        if r["outcome"] == "unknown":
            what = word("amount_unknown_short", lang)
        elif r["amount_vnd"] is None:
            what = f"({word('support_in_kind', lang)})"  # what the support is: in the JSON's note
        elif not r["paid"]:
            what = f"({word('not_paid', lang)})"
        else:
            what = amount(r["amount_vnd"], r["amount_period"], lang)
        parts.append(f"{r['policy']}: {r['group'] or ''} {what}".replace("  ", " "))
    return "; ".join(parts)
