"""A comparison person by person: one row per person and province whose rules speak about them, each
policy's outcome gathered (:func:`people`), and what one province's rules say of one person in a few words
(:func:`verdict`)."""

import polars as pl

from ..i18n import amount, word


def people(comparison, scenario):
    """One row per person and province whose rules speak about them (or pay them during the period): what
    they would receive (monthly, one-time, over the period) and each policy's outcome with its deciding
    reason; sorted by person, provinces in the comparison's order."""
    entries, period = scenario.entries, scenario.period
    totals = []
    for province in comparison.provinces:
        p = scenario.runs[province].people.select("staff_id", "monthly_vnd", "one_time_vnd", "must_choose")
        totals.append(p.with_columns(pl.lit(province).alias("province")))
    totals = pl.concat(totals, how="diagonal_relaxed")
    # the texts each outcome repeats (policy, outcome, decision ...) held once each, as categories: the
    # gathered lists are then of integers (at 1M staff ~0.3 GB less)
    repeated = [
        c for c in ("policy", "outcome", "group", "amount_period", "decision", "readings") if c in entries.columns
    ]
    entries = entries.with_columns(pl.col(c).cast(pl.Categorical) for c in repeated)
    per = entries.group_by("staff_id", "province", maintain_order=True).agg(
        pl.col("full_name").first(),
        pl.col("unit_id").first(),
        pl.struct("policy", "outcome", "group", "amount_vnd", "amount_period", "paid", "decision", "readings").alias(
            "outcomes"
        ),
    )
    per = per.join(totals, on=["staff_id", "province"], how="left").with_columns(
        pl.col("monthly_vnd").fill_null(0).cast(pl.Int64), pl.col("one_time_vnd").fill_null(0).cast(pl.Int64)
    )
    if period is not None:  # everyone paid in some month, in post on the last day or not
        names = comparison.dataset.table("staff").select(
            pl.col("id").alias("staff_id"), pl.col("full_name").alias("__name"), pl.col("unit_id").alias("__unit")
        )
        per = (
            per.join(
                period.rename({"one_time_vnd": "period_one_time_vnd"}),
                on=["province", "staff_id"],
                how="full",
                coalesce=True,
            )
            .join(names, on="staff_id", how="left")
            .with_columns(
                pl.coalesce("full_name", "__name").alias("full_name"),
                pl.coalesce("unit_id", "__unit").alias("unit_id"),
                pl.col("outcomes").fill_null(pl.lit([], dtype=per.schema["outcomes"])),
                *[
                    pl.col(c).fill_null(0)
                    for c in ("monthly_vnd", "one_time_vnd", "months_paid", "period_vnd", "period_one_time_vnd")
                ],
            )
            .drop("__name", "__unit")
        )
    per = per.with_columns(pl.col("must_choose").fill_null(pl.lit([], dtype=pl.List(pl.List(pl.Utf8)))))
    order = {p: i for i, p in enumerate(comparison.provinces)}
    per = per.with_columns(pl.col("province").replace_strict(order, return_dtype=pl.Int32).alias("__order"))
    return per.sort("staff_id", "__order").drop("__order")


RANK = {"eligible": 0, "unknown": 1, "compliant": 2, "non_compliant": 3, "not_eligible": 4, "not_applicable": 5}


def verdict(outcomes, lang):
    """What one province's rules say of one person, in a few words, policy by policy: what they would be
    paid, whether they meet the standards, and if not, the deciding reason."""
    parts = []
    for o in sorted(outcomes, key=lambda o: (RANK.get(o["outcome"], 9), o["policy"])):
        name = o["policy"].split("/", 1)[1]
        if o["outcome"] == "eligible" and o["amount_vnd"] is not None and not o["paid"]:
            parts.append(f"{name}: {o['group'] or ''} ({word('not_paid', lang)}: {o['decision']})".replace("  ", " "))
        elif o["outcome"] == "eligible" and o["amount_vnd"] is not None:
            parts.append(
                f"{name}: {o['group'] or ''} {amount(o['amount_vnd'], o['amount_period'], lang)}".replace("  ", " ")
            )
        elif o["outcome"] in ("eligible", "unknown", "compliant"):
            parts.append(f"{name}: {word('outcome_' + o['outcome'], lang)}" + (f" {o['group']}" if o["group"] else ""))
        elif o["outcome"] in ("non_compliant", "not_eligible"):
            parts.append(f"{name}: {word('outcome_' + o['outcome'], lang)} — {o['decision']}")
        elif o.get("readings"):  # not applicable, but only because of how a clause is read: say so
            parts.append(f"{name}: {word('outcome_' + o['outcome'], lang)}")
        if o.get("readings"):
            parts[-1] += f" [{word('reading_short', lang)}: {o['readings']}]"
    if not outcomes:
        return word("not_in_post_on_date", lang)
    return "; ".join(parts) or word("outcome_not_applicable", lang)
