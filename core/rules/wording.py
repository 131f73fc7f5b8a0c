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


MET, UNMET, MISSING = 0, 1, 2  # which of a reason's texts a row reads (:func:`text_index`)


def texts(reason, lang):
    """A reason's three texts: met, not met, not met for missing data (which one a row reads:
    :func:`text_index`)."""
    met, unmet = wording(reason, lang)
    return met, unmet, f"{unmet} ({word('missing_data', lang)})"


def text_index(reason):
    """Which of a reason's :func:`texts` each row reads, a column."""
    passed, which = pl.col(reason.passed), pl.lit(MET, dtype=pl.Int8)
    if reason.kind in ("exclusion", "priority"):  # no data: not excluded; no certificate listed
        return pl.when(passed.fill_null(reason.kind == "exclusion")).then(which).otherwise(pl.lit(UNMET, pl.Int8))
    if reason.kind == "unchecked":
        return which
    return (
        pl.when(passed)
        .then(which)
        .when(passed.is_null())
        .then(pl.lit(MISSING, pl.Int8))
        .otherwise(pl.lit(UNMET, pl.Int8))
    )


def assumed_text(reason, state):
    """What a reason assumes, the parameters whose value the source does not give; None when nothing. A
    message ends with it in brackets (after the row's detail: ``text — detail [assumptions]``)."""
    if not reason.assumed:
        return None
    return "; ".join(assumption(state.policy, p, state.as_of, state.lang) for p in reason.assumed)


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
