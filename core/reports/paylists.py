"""The lists of people of :mod:`vnpolicy.reports.payments`, made column by column from one policy's results:
its rows without reason lists (the texts the lists word from reasons made from the reasons one row each),
the payment list with its subtotals, the chart's sums. A list's ``rows`` is then a polars frame, read by the
writers a slice at a time (:func:`table_rows`): at the country's size, the results as Python dicts with their
reasons were 10 GB."""

import polars as pl

from ..rules import results as res

SUBTOTAL, TOTAL = "subtotal", "total"  # a row's kind besides a person's
SLICE = 10_000  # results read at a time with their every reason, one row each (the reasons' text held)


def codes(frame, column):
    """The codes ``column`` holds (as text; none for an empty frame)."""
    return frame[column].cast(pl.Utf8).unique().to_list() if frame.height else []


def table_rows(table):
    """A table's rows as (values, kind): from its list and ``kinds``, or from its frame a slice at a time
    (the last column the kind)."""
    rows = table["rows"]
    if isinstance(rows, pl.DataFrame):
        for part in rows.iter_slices(10_000):
            for *values, kind in part.iter_rows():
                yield values, kind
        return
    yield from zip(rows, table.get("kinds") or [None] * len(rows))


_KEEP = ["staff_id", "full_name", "unit_id", "outcome", "group", "amount_vnd", "amount_period", "paid", "decision"]


def policy_rows(outcome, details):
    """One policy's results as the lists read them, without their reasons lists: built a slice at a time
    with every reason one row each (:func:`vnpolicy.rules.results.table_chunks`), from which the two texts
    the lists word from the reasons are made column by column — ``deciding`` (why someone paid is paid: the
    decision, else the conditions of their group they meet, all those met when none names the group) and
    ``failing`` (the articles a non-compliant person fails; a preference not met is not a failure; the first
    with :func:`deciding`, from the conditions met, ``__met_mine``, only where needed); with
    each person's unit and system names. None when the policy has no results. The lists name no reading
    a result depends on (their source part names the readings in effect): none is worked out."""
    parts, preferences = [], res.preferences(outcome)
    for frame, reasons in res.table_chunks(outcome, reasons="all", size=SLICE, readings=False):
        frame = frame.select([c for c in _KEEP if c in frame.columns]).with_row_index(_AT)
        worded = _worded(frame, reasons, preferences)
        parts.append(frame.join(worded, on=_AT, how="left", maintain_order="left").drop(_AT))
    if not parts:
        return None
    rows = pl.concat(parts, how="diagonal_relaxed")
    rows = rows.with_columns(pl.lit(None).alias(c) for c in _KEEP if c not in rows.columns)  # as a list reads them
    rows = rows.join(details.drop("policy"), on="staff_id", how="left", maintain_order="left")
    unit = pl.coalesce(pl.col("unit_name").replace("", None), pl.col("unit_id").replace("", None), pl.lit(""))
    system = pl.coalesce(pl.col("system_name").replace("", None), pl.col("system_id").replace("", None), pl.lit(""))
    return rows.with_columns(
        unit.alias("__unit_name"), system.alias("__system"), pl.col("unit_id").fill_null("").alias("__unit")
    ).drop("unit_id", "unit_name", "system_id", "system_name", strict=False)


def deciding():
    """Why someone paid (a row of :func:`policy_rows`) is paid: the decision when there is one, else the
    conditions met (``__met_mine``)."""
    decision = pl.col("decision").cast(pl.Utf8)
    return pl.when(decision.fill_null("") != "").then(decision).otherwise(pl.col("__met_mine")).alias("deciding")


_AT = "__at"


def _worded(frame, reasons, preferences):
    """Per result (by its place ``__at``), only where a list shows it: for someone paid without a decision,
    the messages of the conditions they meet — those of their group, or all when none names it
    (``__met_mine``); for someone non-compliant, those of the articles they fail (``failing``); each
    "; "-joined in the reasons' order."""
    decision = pl.col("decision").cast(pl.Utf8).fill_null("") if "decision" in frame.columns else pl.lit("")
    paid = pl.col("paid").fill_null(False) if "paid" in frame.columns else pl.lit(False)
    wanted = frame.select(
        _AT,
        pl.col("group").cast(pl.Utf8) if "group" in frame.columns else pl.lit(None, pl.Utf8).alias("group"),
        (paid & (decision == "")).alias("__paid"),
        (pl.col("outcome").cast(pl.Utf8) == "non_compliant").alias("__fails"),
    ).filter(pl.col("__paid") | pl.col("__fails"))
    long = reasons.select(pl.col(res.RESULT_ROW).alias(_AT), pl.col("rule").cast(pl.Utf8), "passed", "message")
    long = long.join(wanted, on=_AT, how="inner", maintain_order="left")
    named = ("." + pl.col("rule") + ".").str.contains("." + pl.col("group") + ".", literal=True).fill_null(False)
    met = long.filter(pl.col("__paid") & pl.col("passed").eq(True)).with_columns(named.alias("__named"))
    mine = (
        met.group_by(_AT, maintain_order=True)
        .agg(
            pl.col("message").filter(pl.col("__named")).str.join("; ").alias("__named_text"),
            pl.col("__named").any().alias("__any"),
            pl.col("message").str.join("; ").alias("__all"),
        )
        .select(_AT, pl.when("__any").then("__named_text").otherwise("__all").alias("__met_mine"))
    )
    fails = pl.col("__fails") & pl.col("passed").eq(False)
    fails = fails & ~pl.col("rule").is_in(preferences)  # a preference not met is no failure
    failing = long.filter(fails).group_by(_AT, maintain_order=True).agg(pl.col("message").str.join("; "))
    failing = failing.rename({"message": "failing"})
    return frame.select(_AT).join(mine, on=_AT, how="left").join(failing, on=_AT, how="left")


def listing(paid, group_name, from_systems, money, w):
    """The payment list's rows: a row per person paid (``paid``, sorted by unit and person), numbered, each
    unit's subtotal after its people, the total last; the kind of each row last (None, :data:`SUBTOTAL`,
    :data:`TOTAL`). ``group_name``: the group in words."""
    people = paid.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("n"),
        pl.col("full_name").cast(pl.Utf8),
        pl.col("staff_id").cast(pl.Utf8),
        pl.col("__unit_name").alias("unit"),
        group_name.alias("group"),
        *([pl.col("__system").alias("system")] if from_systems else []),
        pl.col("amount_vnd").cast(pl.Int64).alias("amount"),
        pl.col("deciding").fill_null(""),
        pl.lit(None, pl.Utf8).alias("kind"),
        "__unit",
        pl.lit(0).alias("__order"),
    )
    units = paid.group_by("__unit", maintain_order=True).agg(
        pl.col("__unit_name").first(), pl.col("amount_vnd").fill_null(0).sum().cast(pl.Int64).alias("__sum")
    )
    subtotals = units.select(
        pl.lit(None, pl.Int64).alias("n"),
        (pl.lit(w["subtotal"] + " ") + pl.col("__unit_name")).alias("full_name"),
        pl.lit("").alias("staff_id"),
        pl.col("__unit_name").alias("unit"),
        pl.lit("").alias("group"),
        *([pl.lit("").alias("system")] if from_systems else []),
        (pl.col("__sum") if money else pl.lit(None, pl.Int64)).alias("amount"),
        pl.lit("").alias("deciding"),
        pl.lit(SUBTOTAL).alias("kind"),
        "__unit",
        pl.lit(1).alias("__order"),
    )
    grand = int(units["__sum"].sum()) if units.height else 0
    total_row = {"n": None, "full_name": w["total"], "staff_id": "", "unit": "", "group": ""}
    total_row |= {"system": ""} if from_systems else {}
    total_row |= {"amount": grand if money else None, "deciding": "", "kind": TOTAL}
    rows = pl.concat([people, subtotals]).sort("__unit", "__order", maintain_order=True).drop("__unit", "__order")
    return pl.concat([rows, pl.DataFrame([total_row], schema=rows.schema)])


def per_unit(paid, group_name, groups, w):
    """For the page's chart: each unit's money per group (in words), the groups in the policy's order."""
    named = paid.select(pl.col("__unit_name"), group_name.alias("__group"), pl.col("amount_vnd").fill_null(0))
    sums = named.group_by("__unit_name", "__group", maintain_order=True).agg(pl.col("amount_vnd").sum())
    seen = named["__group"].unique(maintain_order=True).to_list()
    order = list(dict.fromkeys([*groups.values(), *seen]))
    units = {}
    for unit, group, value in sums.iter_rows():  # a row a unit and group
        units.setdefault(unit, {})[group] = value
    return {
        "title": w["chart"],
        "groups": [g for g in order if g in seen],
        "units": [(u, [(g, per[g]) for g in order if g in per]) for u, per in units.items()],
    }
