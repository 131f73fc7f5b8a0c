"""How one reason reads: its words when met and when not, the message column, whether it failed."""

import polars as pl

from ..i18n import word


def wording(reason, lang):
    """(text when met, text when not met) of a reason."""
    label = reason.label_text(lang)
    if reason.kind == "exclusion":
        return f"{word('not_excluded', lang)}: {label}", f"{word('excluded', lang)}: {label}"
    if reason.kind == "unchecked":
        text = f"{word('unchecked', lang)}: {label}"
        return text, text
    if reason.kind == "priority":
        head = f"{word('priority', lang)}: {label}"
        return f"{head}: {word('priority_has', lang)}", f"{head}: {word('priority_has_not', lang)}"
    return f"{label}: {word('passed', lang)}", f"{label}: {word('failed', lang)}"


def message_column(reason, state):
    lang, policy = state.lang, state.policy
    passed = pl.col(reason.passed)
    met, unmet = wording(reason, lang)
    if reason.kind == "unchecked":
        message = pl.lit(met)
    elif reason.kind in ("exclusion", "priority"):  # no data: not excluded; no certificate listed
        message = pl.when(passed.fill_null(reason.kind == "exclusion")).then(pl.lit(met)).otherwise(pl.lit(unmet))
    else:
        message = (
            pl.when(passed)
            .then(pl.lit(met))
            .when(passed.is_null())
            .then(pl.lit(f"{unmet} ({word('missing_data', lang)})"))
            .otherwise(pl.lit(unmet))
        )
    if reason.detail:
        message = (
            pl.when(pl.col(reason.detail).is_not_null())
            .then(pl.concat_str([message, pl.lit(" — "), pl.col(reason.detail)]))
            .otherwise(message)
        )
    if reason.assumed:
        notes = "; ".join(assumption(policy, p, state.as_of, lang) for p in reason.assumed)
        message = pl.concat_str([message, pl.lit(f" [{notes}]")])
    return message


def has_failed(reason, shown_only=False):
    if reason.kind == "unchecked":  # shown, never decided on
        return pl.lit(False)
    failed = ~pl.col(reason.passed).fill_null(reason.kind == "exclusion")
    if shown_only and reason.include:
        failed = failed & pl.col(reason.include).fill_null(False)
    return failed


def first_failed(reasons, shown_only=False):
    """The index of the first reason that failed (null if none): integers, cheap on any size."""
    if not reasons:
        return pl.lit(None, dtype=pl.Int32)
    return pl.coalesce([pl.when(has_failed(r, shown_only)).then(pl.lit(i, dtype=pl.Int32)) for i, r in reasons])


def assumption(policy, name, on, lang):
    value = policy.value(name, on)
    if value is None:
        return f"{name}: {word('unknown_value', lang)}"
    shown = ", ".join(value) if isinstance(value, list) else value
    return f"{name} = {shown}: {word('assumed', lang)}"


REASON_FIELDS = ("rule", "passed", "citation", "message")
REASON_TYPE = pl.List(pl.Struct({"rule": pl.Utf8, "passed": pl.Boolean, "citation": pl.Utf8, "message": pl.Utf8}))


def unmet_reasons(state, outcomes, frame):
    """Each result's reasons (``__i``, ``reasons``, ``assumptions``) worded only where ``--reasons deciding``
    shows them: the reasons not met (or not checkable) of a result that is not positive — the wording of every
    other reason is not built; the assumptions still from every reason included (the engine's
    ``_with_reasons`` builds them all)."""
    positive = pl.col("outcome").cast(pl.Utf8).is_in(["eligible", "compliant"])
    if "paid" in outcomes.columns:
        positive = positive & pl.col("paid").fill_null(True)
    frame = frame.join(outcomes.select("__i", positive.fill_null(False).alias("__positive")), on="__i", how="left")
    shown, assumed = [], []
    for k, r in enumerate(state.reasons):
        include = (pl.col(r.include) if r.include else pl.lit(True)).fill_null(False)
        passed = pl.col(r.passed) if r.kind == "unchecked" else pl.col(r.passed).fill_null(False)
        unmet = frame.filter(include & ~passed.fill_null(False) & ~pl.col("__positive").fill_null(False))
        key = pl.lit(k, dtype=pl.Int32).alias("__k")
        message = message_column(r, state).alias("message")
        shown.append(
            unmet.select(
                "__i",
                key,
                pl.lit(r.rule).alias("rule"),
                passed.alias("passed"),
                pl.lit(r.citation).alias("citation"),
                message,
            )
        )
        if r.assumed and r.kind != "priority":
            text = "; ".join(assumption(state.policy, p, state.as_of, state.lang) for p in r.assumed)
            assumed.append(frame.filter(include).select("__i", key, pl.lit(text, dtype=pl.Utf8).alias("__assumed")))
    gathered = outcomes.select("__i")
    if shown:
        reasons = pl.concat(shown).sort("__i", "__k").group_by("__i", maintain_order=True)
        gathered = gathered.join(reasons.agg(pl.struct(REASON_FIELDS).alias("reasons")), on="__i", how="left")
    else:
        gathered = gathered.with_columns(pl.lit(None, dtype=REASON_TYPE).alias("reasons"))
    if assumed:
        found = pl.concat(assumed).sort("__i", "__k").group_by("__i", maintain_order=True)
        found = found.agg(pl.col("__assumed").unique(maintain_order=True).alias("assumptions"))
        gathered = gathered.join(found, on="__i", how="left")
    else:
        gathered = gathered.with_columns(pl.lit(None, dtype=pl.List(pl.Utf8)).alias("assumptions"))
    return gathered
