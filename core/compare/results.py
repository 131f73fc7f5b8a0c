"""A comparison as plain data: :func:`build` gathers once everything the reports show (the JSON of the
results contract, mode ``compare``: provinces, totals, the rules side by side, differences, costs, the
reform beside the baseline); the writers in :mod:`vnpolicy.reports` word it."""

import polars as pl

from ..i18n import text as tr
from ..rules import results as res
from . import scenarios as cmp
from .people import People
from .sidebyside import differences, province_names, rules_side_by_side


def build(comparison, registry):
    """Everything the reports show, as plain data (the JSON)."""
    lang = comparison.lang
    names = province_names(registry)
    base = comparison.baseline
    tabled = for_tables(comparison)  # its policies, provinces' totals and costs: what the tables take of it
    totals, rules = tabled["comparison"]["provinces"], rules_side_by_side(comparison)
    everyone = People(comparison, base)
    report = {
        "as_of": comparison.as_of.isoformat(),
        "mode": "compare",
        "lang": lang,
        "period": _period(comparison),
        "provinces": [
            {"code": p, "name": names.get(p, p), "policies": [x.id for x in comparison.policies[p]]}
            for p in comparison.provinces
        ],
        "policies": tabled["policies"],
        "targets": cmp.targets(comparison, base),
        "totals": [{"province": p, **t} for p in comparison.provinces for t in res.totals(base.runs[p])],
        "figures": [{"province": p, **f} for p in comparison.provinces for f in res.figures(base.runs[p])],
        # each province's per-person view, a frame (province first): the JSON writer writes it a slice at a time
        "people": [
            base.runs[p].people.select(pl.lit(p).alias("province"), pl.all())
            for p in comparison.provinces
            if base.runs[p].people is not None
        ],
        "comparison": Later(
            {"people": everyone.frame},  # a frame: each writer takes what it needs
            sliced={"people": everyone},  # ... or a slice of people at a time (Later.slices)
            provinces=totals,
            rules=rules,
            differences=differences(comparison, rules, registry, names),
            costs=tabled["comparison"]["costs"],
        ),
        "reform": _reform(comparison, totals, lang),
    }
    # every finding as a dict (a staff finding per person: many at national scale), for the writers that word them
    later = {
        "findings": lambda: [{"province": p, **f} for p in comparison.provinces for f in res.findings(base.runs[p])]
    }
    return Later(later, **report)


def for_tables(comparison):
    """What the results tables take from the report (:mod:`vnpolicy.reports.tables`) — its policies, and the
    comparison's provinces and costs — without the rest (:func:`build` takes them from here): a comparison
    written as Parquet or DuckDB only does not word the rules side by side, their differences, the reform or
    every finding."""
    policies = [x for p in comparison.provinces for x in comparison.policies[p]]
    return {
        "policies": res.policy_entries(comparison.baseline_assessment),
        "comparison": {
            "provinces": cmp.province_totals(comparison, comparison.baseline),
            "costs": costs(comparison.baseline, policies, comparison.lang),
        },
    }


class Later(dict):
    """A dict whose keys in ``later`` are worked out on first use: the per-person comparison (a frame as
    long as the people times the provinces) and every finding as a dict are not built for the writers that
    never read them (Parquet, DuckDB: they write the frames as tables)."""

    def __init__(self, later, sliced=None, **values):
        super().__init__(**values)
        self.later, self.sliced = later, sliced or {}

    def __missing__(self, key):
        if key not in self.later:
            raise KeyError(key)
        self[key] = value = self.later.pop(key)()
        return value

    def slices(self, key):
        """``key``'s frame a slice at a time, each built, handed on and dropped: an iterable of frames with
        ``len()`` (see :class:`vnpolicy.compare.people.People`); None once it is built whole, or when it
        cannot be built in slices."""
        return None if key in self else self.sliced.get(key)


def costs(scenario, policies=(), lang="vi"):
    """Money per province, policy and group: people paid and the sum, monthly and one-time apart; each
    group with its name in words (``group_name``: the tiers row's ``name``, else "Nhóm 1" ...)."""
    e = scenario.columns("province", "policy", "group", "amount_period", "amount_vnd", "paid")
    e = e.filter(pl.col("paid") & pl.col("amount_vnd").is_not_null())
    names = res.group_names(policies, lang)
    rows = (
        e.group_by("province", "policy", "group", "amount_period", maintain_order=True)
        .agg(pl.len().alias("people"), pl.col("amount_vnd").sum().alias("amount_vnd"))
        .sort("province", "policy", "group")
        .to_dicts()
    )
    return [{**r, "group_name": names.get((r["policy"], r["group"])) or res.group_name(r["group"], lang)} for r in rows]


def _period(comparison):
    if not comparison.months:
        return None
    return {
        "from": comparison.months[0].strftime("%Y-%m"),
        "to": comparison.months[-1].strftime("%Y-%m"),
        "months": len(comparison.months),
        "rule": tr(cmp.MONTH_RULE, comparison.lang),
    }


def _reform(comparison, before, lang):
    """The reform beside the baseline (``before``: the baseline's province totals)."""
    reform = comparison.reform
    if reform is None:
        return None
    after = cmp.province_totals(comparison, comparison.reformed)
    keys = (
        "monthly_vnd",
        "monthly_ceiling_vnd",
        "monthly_unapproved_vnd",
        "yearly_vnd",
        "one_time_vnd",
        "period_vnd",
        "period_one_time_vnd",
        "eligible",
        "paid",
        "compliant",
        "non_compliant",
        "targets_met",
    )
    changed = {p.province for p in reform.policies.values()}
    pairs = [(b, a) for b, a in zip(before, after) if a["province"] in changed]
    before, after = [b for b, _ in pairs], [a for _, a in pairs]
    delta = [{"province": a["province"], **{k: a[k] - b[k] for k in keys if k in a}} for b, a in pairs]
    changed = cmp.changes(comparison)
    rows = [
        {
            "province": r["province"],
            "policy": r["policy"],
            "staff_id": r["staff_id"],
            "full_name": r["full_name"],
            "before": cmp.describe_entry(r, lang),
            "after": cmp.describe_entry(r, lang, "_after"),
            "outcome": r["outcome"],
            "outcome_after": r["outcome_after"],
            "amount_vnd": r["amount_vnd"],
            "amount_vnd_after": r["amount_vnd_after"],
            "decision_after": r["decision_after"],
        }
        for r in changed.iter_rows(named=True)
    ]
    in_effect = reform.start is None or reform.start <= comparison.as_of
    return {
        **reform.summary(lang),
        "in_effect": in_effect,
        "baseline": before,
        "provinces": after,
        "difference": delta,
        "changes": rows,
    }
