"""Each result's reasons, from the policy's evaluation state (:class:`vnpolicy.rules.kinds.base.State`):
one row per result and condition shown (``long``: the results tables), or gathered into each result's list
(JSON, CSV with every reason, explain); and the assumptions behind each result, from every reason.

Which reasons: ``all`` (every condition the result shows), ``deciding`` (only the conditions not met, or not
checkable, of a result that is not positive: only those are built and worded), ``none`` (an empty list; the
assumptions are still found). The work is one polars query on the columns the reasons read, not on the
state's whole frame."""

import polars as pl

from ..i18n import text as tr
from ..i18n import word
from .wording import REASON_FIELDS, REASON_TYPE, UNMET, assumption, texts

WHICH = ("all", "deciding", "none")


def with_reasons(state, outcomes, frame=None, which="all"):
    """``outcomes`` with ``reasons`` (each result's list) and ``assumptions``. ``frame``: the state's rows
    that hold ``outcomes``' (a slice of them), when known."""
    shown, assumed = _parts(state, outcomes, frame, which)
    out = outcomes.lazy()
    if shown:
        rows = _worded(state, pl.concat(shown).sort(_key(state, "__i")).collect())
        listed = rows.lazy().group_by("__i", maintain_order=True)
        out = out.join(
            listed.agg(pl.struct(REASON_FIELDS).alias("reasons")), on="__i", how="left", maintain_order="left"
        )
    else:
        out = out.with_columns(pl.lit(None, dtype=REASON_TYPE).alias("reasons"))
    out = _with_assumptions(state, out, assumed).with_columns(
        pl.col("reasons").fill_null(pl.lit([], dtype=REASON_TYPE))
    )
    if _scoped(state) and which != "none":  # people outside the scope (rows after the inside ones): the scope alone
        scope = pl.lit(pl.Series([[_scope(state)]], dtype=REASON_TYPE))
        out = out.with_columns(pl.when(_outside(state)).then(scope).otherwise(pl.col("reasons")).alias("reasons"))
    return out.drop("__i").collect()


def long_reasons(state, outcomes, frame=None, which="deciding"):
    """(``outcomes`` with ``assumptions`` and no reasons list, their reasons one row each: ``policy``,
    ``staff_id``, ``rule``, ``passed``, ``citation``, ``message``, in the results' order and each result's
    reasons in order; None with ``which="none"``)."""
    shown, assumed = _parts(state, outcomes, frame, which)
    results = _with_assumptions(state, outcomes.lazy(), assumed)
    if which == "none":
        return results.drop("__i").collect(), None
    if _scoped(state):  # people outside the scope: the scope alone, worded as the reason after the last
        outside = outcomes.lazy().filter(_outside(state))
        shown = [*shown, outside.select("__i", *_row(len(state.reasons), pl.lit(False), pl.lit(UNMET, pl.Int8)))]
    if not shown:
        rows = outcomes.lazy().head(0).select("__i", *_row(0, pl.lit(False), pl.lit(UNMET, pl.Int8)))
    else:
        rows = pl.concat(shown)
    # in the results' order, each result's reasons in theirs: sorted on one integer, the texts looked up after
    rows = rows.with_columns(_position(outcomes)).sort(_key(state, "__at"))
    results, rows = pl.collect_all([results.drop("__i"), rows])
    who = pl.lit(state.policy.id).alias("policy"), outcomes["staff_id"].gather(rows["__at"]).alias("staff_id")
    rows = _worded(state, rows).select(*who, *REASON_FIELDS)
    return results, rows


def only(results, which):
    """Results with every reason (``results``) keeping only ``which`` of them."""
    if which == "none":
        return results.with_columns(pl.col("reasons").list.head(0))
    if which == "deciding":
        unmet = pl.col("reasons").list.eval(pl.element().filter(~pl.element().struct.field("passed").fill_null(False)))
        return results.with_columns(pl.when(_positive(results)).then(pl.col("reasons").list.head(0)).otherwise(unmet))
    return results


def _positive(results):
    """A result that is positive: eligible or compliant (and paid, where payment is decided)."""
    positive = pl.col("outcome").cast(pl.Utf8).is_in(["eligible", "compliant"])
    if "paid" in results.columns:
        positive = positive & pl.col("paid").fill_null(True)
    return positive


def _parts(state, outcomes, frame, which):
    """(the reasons shown, the assumptions found), each a list of lazy frames keyed by ``__i`` and ``__k``
    (the reason's position)."""
    if which not in WHICH:
        raise ValueError(f"reasons: {which!r}, expected one of {WHICH}")
    frame = state.frame if frame is None else frame
    read = dict.fromkeys(c for r in state.reasons for c in (r.passed, r.include, r.detail) if c)
    source = frame.lazy().select("__i", *read)
    if which != "deciding":  # only the rows of these results (deciding's join below keeps only those)
        source = source.join(outcomes.lazy().select("__i"), on="__i", how="semi")
    if which == "deciding":
        positive = _positive(outcomes)
        source = source.join(outcomes.lazy().select("__i", positive.fill_null(False).alias("__positive")), on="__i")
    shown, assumed = [], []
    for k, r in enumerate(state.reasons):
        # the rows the reason speaks about (a literal predicate is not a filter polars takes: none then)
        included = source.filter(pl.col(r.include).fill_null(False)) if r.include else source
        # an unchecked item stays null (not checkable); any other missing value did not pass
        passed = pl.col(r.passed) if r.kind == "unchecked" else pl.col(r.passed).fill_null(False)
        if which != "none":
            kept = (
                included.filter(~passed.fill_null(False) & ~pl.col("__positive")) if which == "deciding" else included
            )
            _, text, _ = texts(r, state)
            shown.append(kept.select("__i", *_row(k, passed, text, pl.col(r.detail) if r.detail else None)))
        if r.assumed and r.kind != "priority":  # a priority never decides: its message says what it assumes
            text = "; ".join(assumption(state.policy, p, state.as_of, state.lang) for p in r.assumed)
            assumed.append(
                included.select(
                    "__i", pl.lit(k, dtype=pl.Int32).alias("__k"), pl.lit(text, dtype=pl.Utf8).alias("__assumed")
                )
            )
    return shown, assumed


def _position(outcomes):
    """``__at``: the position in ``outcomes`` of the result a row of ``__i`` belongs to, looked up in a table
    indexed by ``__i`` (a join would hash every row)."""
    index = outcomes["__i"]
    low = index.min() or 0
    at = pl.zeros(index.max() - low + 1 if index.len() else 0, pl.UInt32, eager=True)
    at = at.scatter(index - low, pl.int_range(0, index.len(), dtype=pl.UInt32, eager=True))
    return pl.lit(at).gather(pl.col("__i") - low).alias("__at")


def _row(k, passed, text, detail=None):
    """A reason's row before it is worded: its position ``__k``, ``passed``, which of its texts
    (``__text``) and the row's detail (``__detail``). Sorting these few columns, not the texts, is what
    puts each result's reasons in order; the words come after (:func:`_worded`)."""
    return (
        pl.lit(k, dtype=pl.Int32).alias("__k"),
        passed.alias("passed"),
        text.alias("__text"),
        (pl.lit(None, dtype=pl.Utf8) if detail is None else detail.cast(pl.Utf8)).alias("__detail"),
    )


def _worded(state, rows):
    """``rows`` of :func:`_row` (a frame) with each reason's ``rule``, ``citation`` and ``message`` (its
    text, the row's detail after " — ", its assumptions), looked up by position: every reason, then the
    scope. Only the rows with a detail are put together piece by piece."""
    rules, citations, plain, after = [], [], [], []
    for r in state.reasons:
        three, _, tail = texts(r, state)
        rules.append(r.rule), citations.append(r.citation), plain.extend(three), after.append(tail or "")
    if _scoped(state):
        scope = _scope(state)
        rules.append(scope["rule"]), citations.append(scope["citation"]), after.append("")
        plain.extend([scope["message"]] * 3)
    k = rows["__k"]
    which = k * 3 + rows["__text"].cast(pl.Int32)
    message = _strings([t + after[i // 3] for i, t in enumerate(plain)]).gather(which)
    detailed = rows["__detail"].is_not_null()
    if detailed.any():
        some = rows.filter(detailed)
        text = _strings(plain).gather(some["__k"] * 3 + some["__text"].cast(pl.Int32)) + " — " + some["__detail"]
        message = message.scatter(detailed.arg_true(), text + _strings(after).gather(some["__k"]))
    return rows.with_columns(
        _strings(rules).gather(k).alias("rule"),
        _strings(citations).gather(k).alias("citation"),
        message.alias("message"),
    )


def _strings(values):
    return pl.Series(values, dtype=pl.Utf8)


def _key(state, position):
    """One integer to sort a result's reasons by: the result's position, then the reason's."""
    return pl.col(position).cast(pl.UInt64) * (len(state.reasons) + 1) + pl.col("__k").cast(pl.UInt64)


def _with_assumptions(state, out, assumed):
    """The lazy results ``out`` with each one's ``assumptions`` (the policy's dates first, when they are a
    reading)."""
    if assumed:
        found = pl.concat(assumed).sort("__i", "__k").group_by("__i", maintain_order=True)
        found = found.agg(pl.col("__assumed").unique(maintain_order=True).alias("assumptions"))
        out = out.join(found, on="__i", how="left", maintain_order="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.List(pl.Utf8)).alias("assumptions"))
    out = out.with_columns(pl.col("assumptions").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))))
    if state.policy.in_force_unknown:  # every result says the policy's dates are a reading
        note = pl.lit(in_force_note(state.policy, state.lang))
        out = out.with_columns(pl.concat_list([note, pl.col("assumptions")]).alias("assumptions"))
    return out


def _scoped(state):
    return "applies_to" in state.policy.data


def _outside(state):
    return pl.col("__i") >= state.frame.height


def _scope(state):
    return {
        "rule": "applies_to",
        "passed": False,
        "citation": state.policy.data["applies_to"]["citation"],
        "message": outside_text(state),
    }


def outside_text(state):
    applies = state.policy.data["applies_to"]
    return f"{word('outside_scope', state.lang)}: {tr(applies.get('message'), state.lang) or applies['when']}"


def in_force_note(policy, lang):
    return word("in_force_unknown", lang, date=policy.in_force_from.strftime("%d/%m/%Y"))
