"""``vnpolicy changes``: what changed since last month, for the office that pays monthly — two datasets on
one date, or one dataset on two dates — assessed with the engine and compared through the one "who changes,
and what it costs" of :mod:`vnpolicy.rules.changes` (``who_changes``, ``cost_difference``).

Each person whose outcome, group, amount or payment differs under a policy is named with why: the reasons
whose passed value changed (``xep_loai: đạt → không đạt``), and for two datasets the person's own fields that
differ (``rating_2025``, ``unit_id``, an assignment added or removed), for two dates each parameter whose
value in force differs and a policy coming into or going out of force. People present on one side only are
added or removed. The result is plain data (dicts, lists, text and numbers) for the writers."""

import datetime as dt

import polars as pl

from ..rules.changes import cost_difference, paid_sums, reasons_changed, who_changes
from ..rules.engine import assess
from ..rules.policy import plain
from ..rules.results import results

SIDE = ("outcome", "group", "amount_vnd", "amount_period", "paid", "decision")
AFTER = "_after"


def changes(old, new, policies, on_old, on_new, lang="vi"):
    """What changed from (``old`` dataset, ``on_old``) to (``new`` dataset, ``on_new``) under ``policies``.
    ``old is new``: one dataset on two dates; otherwise two datasets (``on_old == on_new``)."""
    one = old is new
    before = results(assess(old, policies, on_old, lang))
    after = results(assess(new, policies, on_new, lang))
    before, after = _aligned(before, after)
    who = who_changes(before, after)
    added, removed = _in_post(new, on_new, old, on_old) if one else _present(new, old)
    fields = {} if one else person_fields(old, new)
    in_force = {p.id: {"old": p.in_force(on_old), "new": p.in_force(on_new)} for p in policies}
    # a policy coming into (or out of) force changes everyone it speaks about: that is the reason then
    steady = [p for p in policies if in_force[p.id]["old"] and in_force[p.id]["new"]]
    params = {p.id: parameters_changed(p, on_old, on_new) for p in steady} if one else {}
    status = {**{r["staff_id"]: "removed" for r in removed}, **{r["staff_id"]: "added" for r in added}}
    people = []
    for row in who.iter_rows(named=True):
        pid, sid = row["policy"], row["staff_id"]
        force = in_force.get(pid, {})
        moved = bool(force) and force["old"] != force["new"]
        people.append(
            {
                "policy": pid,
                "staff_id": sid,
                "full_name": row.get("full_name"),
                "unit_id": row.get("unit_id") if row.get("unit_id") is not None else row.get("unit_id" + AFTER),
                "status": status.get(sid),
                "before": {c: row.get(c) for c in SIDE},
                "after": {c: row.get(c + AFTER) for c in SIDE},
                "reasons": reasons_changed(row.get("reasons"), row.get("reasons" + AFTER)) if not moved else [],
                "fields": fields.get(sid, []),
                "parameters": params.get(pid, []),
                "in_force": force if moved else None,
            }
        )
    ids = sorted({p.id for p in policies})
    per_policy = []
    for pid in ids:
        b, a = before.filter(pl.col("policy") == pid), after.filter(pl.col("policy") == pid)
        per_policy.append(
            {
                "policy": pid,
                "in_force": in_force[pid],
                "parameters": params.get(pid, []),
                "people": sum(1 for p in people if p["policy"] == pid),
                "before": paid_sums(b),
                "after": paid_sums(a),
                "cost": cost_difference(b, a),
            }
        )
    return {
        "mode": "dates" if one else "datasets",
        "old": {"dataset": old.source, "on": on_old.isoformat()},
        "new": {"dataset": new.source, "on": on_new.isoformat()},
        "policies": per_policy,
        "total": {"before": paid_sums(before), "after": paid_sums(after), "cost": cost_difference(before, after)},
        "added": added,
        "removed": removed,
        "changes": people,
    }


def _aligned(before, after):
    """Two result frames with the same key columns, an empty side (nothing in force) typed like the other."""
    if not before.width and not after.width:
        empty = pl.DataFrame(schema={"policy": pl.Utf8, "staff_id": pl.Utf8, "full_name": pl.Utf8})
        return empty, empty
    return (after.head(0) if not before.width else before), (before.head(0) if not after.width else after)


def parameters_changed(policy, d1, d2):
    """Each parameter of ``policy`` whose value in force on ``d2`` differs from ``d1``'s:
    ``[{"name", "before", "after", "unit"}]``."""
    out = []
    for name, param in policy.parameters.items():
        a, b = policy.value(name, d1), policy.value(name, d2)
        if plain(a) != plain(b):
            out.append({"name": name, "before": _value(plain(a)), "after": _value(plain(b)), "unit": param.unit})
    return out


def person_fields(old, new):
    """Per staff id present in both datasets, their own fields that differ and the assignments added,
    removed or changed: ``{staff_id: [{"field", "before", "after"}]}``."""
    a, b = old.table("staff"), new.table("staff")
    columns = [c for c in a.columns if c in b.columns and c != "id"]
    joined = a.join(b, on="id", how="inner", suffix=AFTER)
    differs = pl.lit(False)
    for c in columns:
        differs = differs | pl.col(c).ne_missing(pl.col(c + AFTER))
    out = {}
    for row in joined.filter(differs).iter_rows(named=True):
        out[row["id"]] = [
            {"field": c, "before": _value(row[c]), "after": _value(row[c + AFTER])}
            for c in columns
            if row[c] != row[c + AFTER]
        ]
    both = set(joined["id"])
    olds, news = _assignments(old), _assignments(new)
    for sid in sorted(both & (set(olds) | set(news))):
        x, y = olds.get(sid, {}), news.get(sid, {})
        for system in sorted(set(x) | set(y)):
            if x.get(system) != y.get(system):
                entry = {"field": f"assignment {system}", "before": x.get(system), "after": y.get(system)}
                out.setdefault(sid, []).append(entry)
    return out


def _assignments(dataset):
    """{staff_id: {system_id: "from – to (decision)"}} of a dataset."""
    if "assignments" not in dataset.tables:
        return {}
    out = {}
    for row in dataset.table("assignments").iter_rows(named=True):
        since, until = _value(row.get("start_date")) or "", _value(row.get("end_date")) or ""
        said = f"{since}–{until}" + (f" ({row['decision']})" if row.get("decision") else "")
        out.setdefault(row["staff_id"], {})[row["system_id"]] = said
    return out


def _present(new, old):
    """(added, removed): staff in one dataset only."""
    a, b = old.table("staff"), new.table("staff")
    added = b.filter(~pl.col("id").is_in(a["id"].implode()))
    removed = a.filter(~pl.col("id").is_in(b["id"].implode()))
    return _people(added), _people(removed)


def _in_post(dataset, on_new, _old, on_old):
    """(added, removed) on one dataset: staff in post on the later date only, or on the earlier only."""
    staff = dataset.table("staff")

    def in_post(day):
        start = pl.col("start_date").is_null() | (pl.col("start_date") <= day)
        return start & (pl.col("end_date").is_null() | (pl.col("end_date") >= day))

    added = staff.filter(in_post(on_new) & ~in_post(on_old))
    removed = staff.filter(in_post(on_old) & ~in_post(on_new))
    return _people(added), _people(removed)


def _people(frame):
    return [
        {"staff_id": r["id"], "full_name": r["full_name"], "unit_id": r["unit_id"]} for r in frame.iter_rows(named=True)
    ]


def _value(value):
    """A value as plain data: a date as yyyy-mm-dd, a list as a list of plain values."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value
