"""``vnpolicy diff OLD NEW``: two versions of one policy — files, or a file and an installed policy id — and
what changed between them: parameters and their dated values, readings and the alternative chosen, rules
added, removed or changed down to a tier row's condition; with a dataset, who changes and what it costs, on a
date or month by month, through the one "who changes, and what it costs" of :mod:`vnpolicy.rules.changes`
that readings and reforms use.

Each change is a dict: ``section`` (policy, parameters, readings, rules), ``what`` (added, removed, changed,
order), ``path`` (the keys down to it: a ``[list, id]`` pair for an element of a list matched by its id),
``old`` and ``new`` (as in the files), and for a parameter's dated values ``since`` (the date from which the
value in force differs). :mod:`vnpolicy.authoring.diff_text` says them in words."""

import datetime as dt
from pathlib import Path

import polars as pl

from ..compare.scenarios import Scenario, months_between
from ..data.dataset import load_dataset
from ..errors import UsageError
from ..hooks.manager import registry
from ..rules.changes import cost_difference, paid_sums, who_changes
from ..rules.derived import Context
from ..rules.engine import assess_in
from ..rules.policy import load_library, load_policy, plain

# lists whose elements are matched by an id, not by their place: list name -> the element's id
KEYED = {
    "rules": lambda e: e["id"],
    "tiers": lambda e: e.get("id", e["group"]),
    "conditions": lambda e: e["id"],
    "requirements": lambda e: e["id"],
    "priorities": lambda e: e["id"],
    "items": lambda e: e["id"],
    "having": lambda e: e["id"],
    "targets": lambda e: e["id"],
    "figures": lambda e: e["id"],
    "flags": lambda e: e["code"],
    "unchecked": lambda e: e["id"],
    "milestones": lambda e: e["by"],
    "combines": lambda e: e["policy"],
}
ORDERED = {"rules", "tiers"}  # lists whose order decides something (the first row met, rules of one kind)
GENERAL = ("title", "document", "jurisdiction", "in_force", "notes", "combines", "applies_to")


def resolve(arg, library, reg):
    """A policy from a command-line argument: a YAML file, or the id of an installed policy."""
    path = Path(arg)
    if path.is_file():
        return load_policy(path, reg, "(command line)")
    if arg in library:
        return library[arg]
    raise UsageError(
        f"{arg}: không có tệp này, cũng không có chính sách đã cài mã này; có: {', '.join(sorted(library))}"
        f" / neither a file nor an installed policy id"
    )


def structural(old, new):
    """Every change from ``old`` to ``new`` (two versions of one policy, as written), in the order a reader
    wants them: the policy's own entries, parameters, readings, rules."""
    a, b = plain(old.data), plain(new.data)
    out = []
    for key in GENERAL:
        out += _walk("policy", a.get(key, ABSENT), b.get(key, ABSENT), [key])
    out += _parameters(old, new)
    for change in _walk("readings", a.get("readings", {}), b.get("readings", {}), []):
        if change["path"][1:] == ["chosen"]:  # the new choice's label, to say it in words
            alternatives = b["readings"][change["path"][0]]["alternatives"]
            change["label"] = alternatives.get(change["new"], {}).get("label")
        out.append(change)
    out += _walk("rules", a["rules"], b["rules"], [], "rules")
    return out


ABSENT = object()  # a key or an element one version does not have (not the same as a null value)


def _walk(section, old, new, path, listed=None):
    """The changes between two values of the files: dicts key by key, keyed lists element by element."""
    if old == new:
        return []
    if old is ABSENT or new is ABSENT:
        what = "added" if old is ABSENT else "removed"
        return [{"section": section, "what": what, "path": path, "old": _value(old), "new": _value(new)}]
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += _walk(section, old.get(key, ABSENT), new.get(key, ABSENT), path + [key])
        return out
    key_of = KEYED.get(listed if listed else (path[-1] if path and isinstance(path[-1], str) else None))
    if key_of and isinstance(old, list) and isinstance(new, list) and all(isinstance(e, dict) for e in old + new):
        name = listed or path[-1]
        base = path if listed else path[:-1]
        olds, news = {key_of(e): e for e in old}, {key_of(e): e for e in new}
        out = []
        for k in [*olds, *(k for k in news if k not in olds)]:
            out += _walk(section, olds.get(k, ABSENT), news.get(k, ABSENT), base + [[name, k]])
        kept_old = [k for k in olds if k in news]
        kept_new = [k for k in news if k in olds]
        if name in ORDERED and kept_old != kept_new:
            out.append({"section": section, "what": "order", "path": base + [name], "old": kept_old, "new": kept_new})
        return out
    return [{"section": section, "what": "changed", "path": path, "old": old, "new": new}]


def _value(value):
    return None if value is ABSENT else value


def _parameters(old, new):
    """Parameters added or removed; for the others, the value in force wherever it differs (from which date,
    before → after), then what else their entries say (description, unit, citation, reading ...)."""
    a, b = plain(old.data.get("parameters", {})), plain(new.data.get("parameters", {}))
    out = []
    for name in [*a, *(n for n in b if n not in a)]:
        if name not in a or name not in b:
            out += _walk("parameters", a.get(name, ABSENT), b.get(name, ABSENT), [name])
            continue
        out += _timeline(name, old.parameters[name], new.parameters[name])
        rest_a = {k: v for k, v in a[name].items() if k != "values"}
        rest_b = {k: v for k, v in b[name].items() if k != "values"}
        out += _walk("parameters", rest_a, rest_b, [name])
    return out


def _timeline(name, old, new):
    """The value in force under each version on every date either version gives a value; a change is said
    from the first date the pair (before, after) takes a new form."""
    days = sorted({v[0] for v in old.values} | {v[0] for v in new.values})
    out, last = [], None
    for day in days:
        pair = (_entry(old, day), _entry(new, day))
        if pair[0] != pair[1] and pair != last:
            out.append(
                {
                    "section": "parameters",
                    "what": "changed",
                    "path": [name, "values"],
                    "since": day.isoformat(),
                    "unit": new.unit,
                    "old": pair[0],
                    "new": pair[1],
                }
            )
        last = pair
    return out


def _entry(param, day):
    """(value, assumed) in force on a day; ``None`` when the parameter has no value yet."""
    entry = param.entry(day)
    if entry is None:
        return None
    return {"value": plain(entry[1]), "unknown": bool(entry[2])}


# --- on a dataset -------------------------------------------------------------------------------------------


def diff_policies(old_arg, new_arg, data_path=None, on=None, months=None, lang="vi"):
    """The whole ``vnpolicy diff``: both versions read (the same id, or a one-line error), what changed, and
    with a dataset who changes and what it costs, on ``on`` or over ``months`` (first, last as yyyy-mm)."""
    reg = registry()
    library = load_library(reg)
    old, new = resolve(old_arg, library, reg), resolve(new_arg, library, reg)
    if old.id != new.id:
        raise UsageError(
            f"hai chính sách khác mã: {old.id} ({old_arg}) và {new.id} ({new_arg}); diff so hai bản của cùng một"
            f" chính sách / different policy ids"
        )
    out = {
        "policy": old.id,
        "old": _source(old_arg, old),
        "new": _source(new_arg, new),
        "changes": structural(old, new),
    }
    if data_path is None:
        return out
    period = months_between(*months) if months else ()
    dataset = load_dataset(data_path, reg, lang)
    companions = _companions(old, new, library)
    out["data"] = {"dataset": str(data_path)}
    if period:
        out["data"].update(over_months(old, new, dataset, period, companions, lang))
    else:
        out["data"].update(on_date(old, new, dataset, on or dt.date.today(), companions, lang))
    return out


def _source(arg, policy):
    return {"source": arg, "path": str(policy.path), "in_force_from": policy.in_force_from.isoformat()}


def _companions(old, new, library):
    """The installed policies either version combines with: assessed beside it, as readings do."""
    named = [c["policy"] for p in (old, new) for c in p.data.get("combines", [])]
    return [library[i] for i in dict.fromkeys(named) if i in library and i != old.id]


def _outcomes(policy, context, companions, lang):
    """The policy's outcomes on the context's date (an empty frame when it is not in force), its findings."""
    outcome = assess_in(context, [policy, *companions], lang).outcomes[0]
    if not outcome.in_force or outcome.outcomes is None:
        return None, []
    return outcome.outcomes, outcome.findings.select("code", "id", "message").to_dicts()


def _pair(a, b):
    """Two outcome frames, either possibly missing (not in force): an empty frame of the other's columns."""
    if a is None and b is None:
        empty = pl.DataFrame(schema={"policy": pl.Utf8, "staff_id": pl.Utf8, "full_name": pl.Utf8})
        return empty, empty
    return (b.head(0) if a is None else a), (a.head(0) if b is None else b)


def on_date(old, new, dataset, on, companions=(), lang="vi"):
    """Who changes on one date (before and after) and the difference in cost, with the findings each
    version adds or removes."""
    context = Context(dataset, on)  # derived fields computed once for both versions
    before, found_before = _outcomes(old, context, companions, lang)
    after, found_after = _outcomes(new, context, companions, lang)
    before, after = _pair(before, after)
    key = lambda f: (f["code"], f["id"])  # noqa: E731
    return {
        "on": on.isoformat(),
        "in_force": {"old": old.in_force(on), "new": new.in_force(on)},
        "changes": _shown(who_changes(before, after)),
        "before": paid_sums(before),
        "after": paid_sums(after),
        "cost": cost_difference(before, after),
        "findings_added": [f for f in found_after if key(f) not in {key(g) for g in found_before}],
        "findings_removed": [f for f in found_before if key(f) not in {key(g) for g in found_after}],
    }


def over_months(old, new, dataset, months, companions=(), lang="vi"):
    """Month by month, as ``compare`` counts a period: a month counts when the policy pays the person on its
    first day; one-time support counts once, in the first month it is due (not when it was due the month
    before the period). Per month the cost before and after and who changes; over the period the sums."""
    days = [(months[0] - dt.timedelta(days=1)).replace(day=1), *months]
    rows, changed, paid = [], [], {"old": [], "new": []}
    for day in days:
        context = Context(dataset, day)
        before, _ = _outcomes(old, context, companions, lang)
        after, _ = _outcomes(new, context, companions, lang)
        before, after = _pair(before, after)
        for side, frame in (("old", before), ("new", after)):
            paid[side].append(_paid(frame, day))
        if day < months[0]:
            continue  # the month before: only to know what one-time support was due already
        who = _shown(who_changes(before, after))
        changed.append(who.with_columns(pl.lit(day).alias("month")))
        b, a = paid_sums(before), paid_sums(after)
        rows.append({"month": day.isoformat(), "before": b, "after": a, "cost": cost_difference(before, after)})
        rows[-1]["people"] = who.height
    period = {side: Scenario(side, {}, pl.concat(frames), months[0]).period for side, frames in paid.items()}
    sums = {side: _period_sums(p) for side, p in period.items()}
    people = pl.concat(changed, how="diagonal_relaxed") if changed else pl.DataFrame()
    return {
        "from": months[0].isoformat(),
        "to": months[-1].isoformat(),
        "months": rows,
        "period": {
            "before": sums["old"],
            "after": sums["new"],
            "cost": {k: sums["new"][k] - sums["old"][k] for k in sums["old"]},
        },
        "changes": people,
    }


SHOWN = ("staff_id", "full_name", "unit_id")
COMPARED = ("outcome", "group", "amount_vnd", "amount_period", "paid", "decision")


def _shown(changes):
    """Who changes, with what a reader needs: the person, and each result before and after (``_after``)."""
    wanted = [*SHOWN, *COMPARED, *(c + "_after" for c in COMPARED)]
    return changes.select([c for c in wanted if c in changes.columns])


def _paid(frame, day):
    """Who the policy pays in a month, in the frame ``compare`` reads a period from (a pseudo province)."""
    has = frame.columns
    money = pl.col("amount_vnd").fill_null(0).cast(pl.Int64) if "amount_vnd" in has else pl.lit(0, dtype=pl.Int64)
    paid = pl.col("paid").fill_null(False) if "paid" in has else pl.lit(False)
    period = pl.col("amount_period") if "amount_period" in has else pl.lit(None, dtype=pl.Utf8)
    return frame.select(
        pl.lit("policy").alias("province"),
        "staff_id",
        pl.lit(day).alias("month"),
        pl.when(paid & (period == "month")).then(money).otherwise(0).cast(pl.Int64).alias("monthly_vnd"),
        pl.when(paid & (period == "once")).then(money).otherwise(0).cast(pl.Int64).alias("one_time_vnd"),
    ).filter((pl.col("monthly_vnd") > 0) | (pl.col("one_time_vnd") > 0))


def _period_sums(period):
    return {
        "period_vnd": int(period["period_vnd"].sum() or 0),
        "one_time_vnd": int(period["one_time_vnd"].sum() or 0),
        "person_months": int(period["months_paid"].sum() or 0),
    }
