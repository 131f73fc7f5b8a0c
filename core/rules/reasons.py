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
from .wording import REASON_FIELDS, REASON_TYPE, UNMET, assumed_text, text_index, texts

WHICH = ("all", "deciding", "none")
RESULT_ROW = "result_row"  # a reason's result, by its place among the results it came with (``long_reasons``)
MASKED = 8  # reasons with assumptions up to which a row's list is looked up (2**8 lists at most)


def with_reasons(state, outcomes, frame=None, which="all"):
    """``outcomes`` with ``reasons`` (each result's list) and ``assumptions``. ``frame``: the state's rows
    that hold ``outcomes``' (a slice of them), when known."""
    shown, assumed = _parts(state, outcomes, frame, which)
    out = _with_assumptions(state, outcomes.lazy(), assumed)
    if shown is not None:
        rows = _worded(state, shown.sort(_key(state, "__i")).collect()).lazy()
        listed = rows.group_by("__i", maintain_order=True).agg(pl.struct(REASON_FIELDS).alias("reasons"))
        out = out.join(listed, on="__i", how="left", maintain_order="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=REASON_TYPE).alias("reasons"))
    empty = pl.lit([], dtype=REASON_TYPE)
    shown_columns = [c for c in outcomes.columns if c != "__i"]
    return (
        out.with_columns(pl.col("reasons").fill_null(empty)).select(*shown_columns, "reasons", "assumptions").collect()
    )


def long_reasons(state, outcomes, frame=None, which="deciding"):
    """(``outcomes`` with ``assumptions`` and no reasons list, their reasons one row each: ``result_row``
    (:data:`RESULT_ROW`: the place of the reason's result in ``outcomes``, from 0), ``rule``, ``passed``,
    ``citation``, ``message``, in the results' order and each result's reasons in order; None with
    ``which="none"``). ``rule`` and ``citation`` are Enums of the policy's rules and citations: their codes
    key the rows without a string read per row (:class:`vnpolicy.reports.tables.Tables`, which gives each
    row its result's staff id where a table needs it)."""
    shown, assumed = _parts(state, outcomes, frame, which)
    results = _with_assumptions(state, outcomes.lazy(), assumed).drop("__i")
    if shown is None:
        return results.collect(), None
    # in the results' order, each result's reasons in theirs: sorted on one integer, the texts looked up after
    rows = shown.with_columns(_position(outcomes)).sort(_key(state, "__at"))
    results, rows = pl.collect_all([results, rows])
    return results, _worded(state, rows, keyed=True).select(pl.col("__at").alias(RESULT_ROW), *REASON_FIELDS)


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
    """(the reasons shown, one lazy frame of :func:`_row` keyed by ``__i``, or None with ``which="none"``;
    the assumptions found, a lazy frame of ``__i`` and ``assumptions``, or None when no reason assumes
    anything). Someone outside the policy's scope is shown the scope alone, as the reason after the last."""
    if which not in WHICH:
        raise ValueError(f"reasons: {which!r}, expected one of {WHICH}")
    frame = state.frame if frame is None else frame
    read = dict.fromkeys(c for r in state.reasons for c in (r.passed, r.include, r.detail) if c)
    source = frame.lazy().select("__i", *read)
    if which == "deciding":  # only the rows of these results, with whether each is positive
        positive = _positive(outcomes).fill_null(False).alias("__positive")
        source = source.join(outcomes.lazy().select("__i", positive), on="__i")
    else:  # only the rows of these results
        source = source.join(outcomes.lazy().select("__i"), on="__i", how="semi")
    shown, assumed = [], []
    for k, r in enumerate(state.reasons):
        # the rows the reason speaks about (a literal predicate is not a filter polars takes: none then)
        included = source.filter(pl.col(r.include).fill_null(False)) if r.include else source
        # an unchecked item stays null (not checkable); any other missing value did not pass
        passed = pl.col(r.passed) if r.kind == "unchecked" else pl.col(r.passed).fill_null(False)
        if which == "deciding":
            kept = included.filter(~passed.fill_null(False) & ~pl.col("__positive"))
        else:
            kept = included
        shown.append(kept.select("__i", *_row(k, passed, text_index(r), pl.col(r.detail) if r.detail else None)))
        if (text := assumed_text(r, state)) and r.kind != "priority":  # a priority's message says what it assumes
            assumed.append((r.include, text))
    assumed = _assumed(source, assumed, _first(state))
    if which == "none":
        return None, assumed
    if _scoped(state):
        outside = outcomes.lazy().filter(pl.col("__i") >= state.frame.height)
        shown.append(outside.select("__i", *_row(len(state.reasons), pl.lit(False), pl.lit(UNMET, pl.Int8))))
    if not shown:
        return outcomes.lazy().head(0).select("__i", *_row(0, pl.lit(False), pl.lit(UNMET, pl.Int8))), assumed
    return pl.concat(shown), assumed


def _assumed(source, assumed, first=()):
    """Each row's assumptions: ``first`` (the policy's dates, when they are a reading), then the texts of
    the reasons ``assumed`` ((include, text), in the reasons' order) that speak about the row, each text
    once, in the order of its first reason. Up to ``MASKED`` reasons, which of them speak about a row is a
    number, and its list is looked up among every combination (a list built item by item cost 100x more)."""
    if not assumed:
        return None
    speaks = [pl.col(include).fill_null(False) if include else pl.lit(True) for include, _ in assumed]
    if len(assumed) > MASKED:
        found = pl.concat_list(pl.when(s).then(pl.lit(t, dtype=pl.Utf8)) for s, (_, t) in zip(speaks, assumed))
        found = found.list.drop_nulls()
        if len({text for _, text in assumed}) < len(assumed):  # a text that two reasons share: once
            found = found.list.unique(maintain_order=True)
        if first:
            found = pl.concat_list([_one(first), found])
    else:
        which = pl.sum_horizontal(s.cast(pl.UInt32) * (1 << k) for k, s in enumerate(speaks))
        lists = [
            [*first, *dict.fromkeys(text for k, (_, text) in enumerate(assumed) if mask >> k & 1)]
            for mask in range(1 << len(assumed))
        ]
        found = pl.lit(pl.Series(lists, dtype=pl.List(pl.Utf8))).gather(which)
    return source.select("__i", found.alias("assumptions"))


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


def _worded(state, rows, keyed=False):
    """``rows`` of :func:`_row` (a frame) with each reason's ``rule``, ``citation`` and ``message`` (its
    text, the row's detail after " — ", its assumptions), looked up by position: every reason, then the
    scope. Only the rows with a detail are put together piece by piece. ``keyed``: the rule and citation
    Enums of the policy's (the citation's codes a key, the rule's numbered without reading the texts), not
    strings."""
    rules, citations, plain, after = [], [], [], []
    for r in state.reasons:
        rules.append(r.rule), citations.append(r.citation), plain.extend(texts(r, state.lang))
        after.append(f" [{text}]" if (text := assumed_text(r, state)) else "")
    if _scoped(state):
        rules.append("applies_to"), citations.append(state.policy.data["applies_to"]["citation"]), after.append("")
        plain.extend([outside_text(state)] * 3)
    k = rows["__k"]
    which = k * 3 + rows["__text"].cast(pl.Int32)
    message = _strings([t + after[i // 3] for i, t in enumerate(plain)]).gather(which)
    detailed = rows["__detail"].is_not_null()
    if detailed.any():
        some = rows.filter(detailed)
        text = _strings(plain).gather(some["__k"] * 3 + some["__text"].cast(pl.Int32)) + " — " + some["__detail"]
        message = message.scatter(detailed.arg_true(), text + _strings(after).gather(some["__k"]))
    return rows.with_columns(
        (_enum(rules) if keyed else _strings(rules)).gather(k).alias("rule"),
        (_enum(citations) if keyed else _strings(citations)).gather(k).alias("citation"),
        message.alias("message"),
    )


def _strings(values):
    return pl.Series(values, dtype=pl.Utf8)


def _enum(values):
    """``values`` (texts or None) as an Enum of the distinct texts, in their order."""
    return pl.Series(values, dtype=pl.Enum(list(dict.fromkeys(v for v in values if v is not None))))


def _key(state, position):
    """One integer to sort a result's reasons by: the result's position, then the reason's."""
    return pl.col(position).cast(pl.UInt64) * (len(state.reasons) + 1) + pl.col("__k").cast(pl.UInt64)


def _with_assumptions(state, out, assumed):
    """The lazy results ``out`` with each one's ``assumptions`` (``assumed``: of :func:`_assumed`, or None;
    the policy's dates first, when they are a reading)."""
    alone = _one(_first(state))  # a result no reason assumes anything for
    if assumed is None:
        return out.with_columns(alone.alias("assumptions"))
    out = out.join(assumed, on="__i", how="left", maintain_order="left")
    return out.with_columns(pl.col("assumptions").fill_null(alone))


def _one(texts):
    """One list of texts, for every row."""
    return pl.lit(pl.Series([texts], dtype=pl.List(pl.Utf8))).first()


def _first(state):
    """What every result of the policy assumes: its dates, when they are a reading."""
    return [in_force_note(state.policy, state.lang)] if state.policy.in_force_unknown else []


def _scoped(state):
    return "applies_to" in state.policy.data


def outside_text(state):
    applies = state.policy.data["applies_to"]
    return f"{word('outside_scope', state.lang)}: {tr(applies.get('message'), state.lang) or applies['when']}"


def in_force_note(policy, lang):
    return word("in_force_unknown", lang, date=policy.in_force_from.strftime("%d/%m/%Y"))
