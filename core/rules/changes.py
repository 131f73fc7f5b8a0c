"""Who changes, and what it costs: one function over two sets of results — a policy's outcomes under
one reading and another, a comparison's baseline and its reform, two versions of a policy, two months.

Each set is a frame with one row per (keys..., person): ``outcome``, ``group``, ``amount_vnd``,
``amount_period`` and ``paid`` (the engine's outcomes, or a comparison's entries)."""

import polars as pl

COMPARED = ("outcome", "group", "amount_vnd", "paid")
AFTER = "_after"


def who_changes(before, after, keys=("policy", "staff_id")):
    """Everyone whose outcome, group, amount or payment differs, with each column before and after
    (``outcome`` and ``outcome_after`` ...); someone in one set only is a change too."""
    keys = list(keys)
    # a column one set has and the other has not (an alternative that adds a money tier) is null there
    before, after = (
        frame.with_columns(pl.lit(None).alias(c) for c in COMPARED if c not in frame.columns and c in other.columns)
        for frame, other in ((before, after), (after, before))
    )
    joined = before.join(after, on=keys, how="full", suffix=AFTER, coalesce=True)
    differs = pl.lit(False)
    for c in COMPARED:
        if c in before.columns and c in after.columns:
            differs = differs | pl.col(c).ne_missing(pl.col(c + AFTER))
    changed = joined.filter(differs)
    if "full_name" in before.columns and "full_name" + AFTER in changed.columns:
        changed = changed.with_columns(pl.coalesce("full_name", "full_name" + AFTER).alias("full_name"))
    return changed.sort(keys)


def changed_ids(before, after):
    """The staff ids whose outcome, group, amount or payment differs (:func:`who_changes`), compared row by
    row when both sets hold the same people in the same order (an alternative assessed on the same frame:
    no join over a million ids), else through :func:`who_changes`."""
    same = before.height == after.height and before["staff_id"].equals(after["staff_id"])
    compared = [c for c in COMPARED if c in before.columns or c in after.columns]
    if same and all(c in before.columns and c in after.columns for c in compared):
        same = all(before[c].dtype == after[c].dtype for c in compared)
    else:
        same = False
    if not same:
        return who_changes(before, after).select("staff_id")
    differs = pl.repeat(False, before.height, eager=True)
    for c in compared:
        differs = differs | before[c].ne_missing(after[c])
    return before.filter(differs).select("staff_id")


def paid_sums(frame):
    """Monthly and one-time money paid in a set: ``{"monthly_vnd": ..., "one_time_vnd": ...}``."""
    if "paid" not in frame.columns or not frame.height:
        return {"monthly_vnd": 0, "one_time_vnd": 0}
    paid = frame.filter(pl.col("paid").fill_null(False) & pl.col("amount_vnd").is_not_null())
    month = paid.filter(pl.col("amount_period") == "month")["amount_vnd"].sum()
    once = paid.filter(pl.col("amount_period") == "once")["amount_vnd"].sum()
    return {"monthly_vnd": int(month or 0), "one_time_vnd": int(once or 0)}


def cost_difference(before, after):
    """What the second set costs more (or less) than the first, monthly and one-time, in whole đồng."""
    b, a = paid_sums(before), paid_sums(after)
    return {k: a[k] - b[k] for k in b}


def reasons_changed(before, after):
    """The reasons whose passed value differs between two results of one person (each a list of the
    engine's ``{rule, passed, message, ...}``, or None): ``[{"rule", "before", "after", "message"}]``,
    ``before``/``after`` True, False or None (the rule did not speak), in the order the rules ran. The rules
    that spoke both times come first and alone when there are any (a rule the engine reached only once, a
    later tier after an earlier one stopped matching, follows from them); otherwise the rules that spoke
    once and did not pass."""
    old = {r["rule"]: r for r in before or ()}
    new = {r["rule"]: r for r in after or ()}
    both, once = [], []
    for rule in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(rule, {}).get("passed"), new.get(rule, {}).get("passed")
        if a != b:
            entry = {"rule": rule, "before": a, "after": b, "message": (new.get(rule) or old.get(rule))["message"]}
            if a is not None and b is not None:
                both.append(entry)
            elif a is False or b is False:
                once.append(entry)
    return both or once
