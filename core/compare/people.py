"""A comparison person by person: one row per person and province whose rules speak about them, each
policy's outcome gathered (:func:`people`), and what one province's rules say of one person in a few words
(:func:`verdict`)."""

from functools import cached_property

import polars as pl

from ..i18n import amount, word

SLICE = 100_000  # people built at a time when written slice by slice (JSON, the text of everyone)


class People:
    """The per-person comparison of a scenario (:func:`people`), built when asked: whole
    (:meth:`frame`), or a slice of people at a time (iterating it), in the same order and with the same
    rows, so that the writers of every row (JSON, the table of everyone) never hold the whole frame —
    at the country's size its build is the run's peak of memory. ``len()``: how many people."""

    def __init__(self, comparison, scenario):
        self.comparison, self.scenario = comparison, scenario

    def frame(self):
        return people(self.comparison, self.scenario)

    @cached_property
    def ids(self):
        """Everyone the comparison lists, sorted: the people any policy speaks about, and over a period
        everyone paid in some month."""
        ids = self.scenario.columns("staff_id")["staff_id"]
        if self.scenario.period is not None:
            ids = pl.concat([ids, self.scenario.period["staff_id"]])
        return ids.unique().sort()

    def __len__(self):
        return self.ids.len()

    def __iter__(self):
        """:meth:`frame` in slices of :data:`SLICE` people: the sorted ids cut into ranges, each range's
        rows built, handed on and dropped; one slice (the whole) when there are no more people."""
        ids, size = self.ids, SLICE
        if ids.len() <= size:
            yield self.frame()
            return
        for start in range(0, ids.len(), size):
            first, last = ids[start], ids[min(start + size, ids.len()) - 1]
            yield people(self.comparison, self.scenario, pl.col("staff_id").is_between(pl.lit(first), pl.lit(last)))


def people(comparison, scenario, where=None):
    """One row per person and province whose rules speak about them (or pay them during the period): what
    they would receive (monthly, one-time, over the period) and each policy's outcome with its deciding
    reason; sorted by person, provinces in the comparison's order. ``where``: only the people it keeps (a
    filter on ``staff_id``)."""
    entries = scenario.entries if where is None else scenario.entries_where(where)
    period = scenario.period if where is None or scenario.period is None else scenario.period.filter(where)
    totals = []
    for province in comparison.provinces:
        p = scenario.runs[province].people.select("staff_id", "monthly_vnd", "one_time_vnd", "must_choose")
        p = p if where is None else p.filter(where)
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
        names = names if where is None else names.filter(where)
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
