"""What each alternative of a policy's readings changes on a dataset: the people whose outcome, group,
amount or payment would differ, the money and the findings, against the policy as it is (``vnpolicy
readings POLICY --data DATASET --on DATE``); and, for each result, the readings it depends on."""

import polars as pl

from ..data.dataset import ROW
from .changes import changed_ids, cost_difference, who_changes
from .derived import Context
from .engine import assess_in, assess_policy
from .reach import Reach
from .readings import readings, variant


def alternatives_on(policy, dataset, on, lang="vi", companions=()):
    """For every reading of ``policy`` and every alternative not in effect: a dict with the reading, the
    alternative, the people who change (a frame, before and after) and the cost difference. ``companions``:
    the policies it combines with, assessed beside it (a reading of how they combine changes nothing alone)."""
    if not policy.in_force(on):
        return []

    context = Context(dataset, on)  # derived fields computed once for the policy and every alternative

    def run(p):
        return assess_in(context, [p, *companions], lang).outcomes[0]

    base = run(policy)
    out = []
    for rid, reading in readings(policy).items():
        current = policy.in_effect.get(rid, reading.chosen)
        for aid in reading.alternatives:
            if aid == current:
                continue
            other = run(variant(policy, rid, aid))
            out.append(
                {
                    "reading": rid,
                    "in_effect": current,
                    "alternative": aid,
                    "changes": who_changes(base.outcomes, other.outcomes),
                    "cost": cost_difference(base.outcomes, other.outcomes),
                    "findings_added": _findings(other).join(_findings(base), on=KEYS, how="anti").to_dicts(),
                    "findings_removed": _findings(base).join(_findings(other), on=KEYS, how="anti").to_dicts(),
                }
            )
    return out


def reading_names(policy, state, lang, outcomes, only=None):
    """For each person whose result depends on a reading, ``reading=alternative in effect`` for every
    reading whose other alternatives would change their outcome, group, amount or payment — found by
    assessing those alternatives on the same date (``state``: the policy's own assessment), on the people
    each can reach (:mod:`vnpolicy.rules.reach`), never guessed. A frame: staff_id, readings. ``only``: one
    person's (an alternative that cannot reach them is not assessed)."""
    tags, reach = [], Reach(policy, state)
    row = state.everyone.filter(pl.col("id") == only)[ROW] if only is not None else None
    if not outcomes.height:  # a policy of findings and targets only: no result to name a reading
        return pl.DataFrame(schema={"staff_id": pl.Utf8, "readings": pl.List(pl.Utf8)})
    for rid, reading in readings(policy).items():
        current = policy.in_effect.get(rid, reading.chosen)
        for alt in reading.alternatives:
            if alt == current:
                continue
            other = variant(policy, rid, alt)
            rows = reach.rows(other)
            if row is not None and rows is not None and not _among(row, rows):
                continue  # the one person asked about is not among the people it reaches
            changed = _changed(reach, other, lang, outcomes, rows)
            if only is not None:
                changed = changed.filter(pl.col("staff_id") == only)
            tags.append(changed.with_columns(pl.lit(f"{rid}={current}").alias("reading"), pl.lit(len(tags)).alias("k")))
    schema = {"staff_id": pl.Utf8, "readings": pl.List(pl.Utf8)}
    if not tags:
        return pl.DataFrame(schema=schema)
    return (
        pl.concat(tags)
        .sort("k")
        .group_by("staff_id", maintain_order=True)
        .agg(pl.col("reading").unique(maintain_order=True).alias("readings"))
        .cast(schema)
    )


def _among(row, rows):
    """Whether the one person's staff row (``row``: none or one) is among ``rows`` (:meth:`Reach.rows`, in
    ascending order): a search, not a query for each alternative."""
    rows = rows if rows.is_sorted() else rows.sort()
    return any((at := rows.search_sorted(r)) < rows.len() and rows[at] == r for r in row.to_list())


def _changed(reach, other, lang, outcomes, rows):
    """The staff ids whose result differs under ``other``: assessed on the people it can reach alone
    (``rows``: :meth:`Reach.rows`; None: everyone)."""
    state = reach.state
    if rows is None:
        return changed_ids(outcomes, assess_policy(other, state.context, lang, outcomes_only=True).outcomes)
    if not rows.len():
        return outcomes.head(0).select("staff_id")
    ids = state.context.dataset.staff_view()["id"].gather(rows)
    after = assess_policy(other, state.context, lang, outcomes_only=True, rows=rows).outcomes
    return changed_ids(outcomes.filter(pl.col("staff_id").is_in(ids.implode())), after)


KEYS = ["code", "id"]


def _findings(outcome):
    return outcome.findings.select("code", "id", "message")
