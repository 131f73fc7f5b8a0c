"""The inputs of a run as hashes, and its results as the rows stored and compared."""

import json
from pathlib import Path

from ..data.hashing import sha256
from ..rules import results as res

RESULT_FIELDS = ("policy", "staff_id", "outcome", "group", "amount_vnd", "paid", "decision", "readings", "assumptions")
__all__ = ["sha256", "policy_rows", "result_rows", "change_rows", "totals", "as_json"]


def policy_rows(policies):
    """One row per policy used: id, province, path, sha256, readings in effect (JSON)."""
    return [
        {
            "policy": p.id,
            "province": p.province,
            "path": str(Path(p.path).resolve()),
            "sha256": sha256(p.path),
            "readings": as_json(dict(p.in_effect)),
        }
        for p in policies
    ]


def result_rows(assessment):
    """Every result of an assessment in the contract's order: the fields stored, lists as JSON text."""
    frame = res.results(assessment)
    if not frame.height:
        return []
    rows = []
    for r in frame.iter_rows(named=True):
        row = {k: r.get(k) for k in RESULT_FIELDS}
        row["paid"] = None if row["paid"] is None else int(row["paid"])
        row["readings"] = as_json(list(row["readings"] or []))
        row["assumptions"] = as_json(list(row["assumptions"] or []))
        rows.append(row)
    return rows


def totals(assessment):
    """The totals per policy (``{policy: {...}}``)."""
    return {t["policy"]: t for t in res.totals(assessment)}


def as_json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


CHANGE_FIELDS = ("policy", "staff_id", "status", "before", "after", "detail")


def change_rows(found):
    """A ``changes`` run's rows as stored (:data:`CHANGE_FIELDS`, sides and details as JSON text): each person
    whose result changed under a policy, then the people added and removed (no policy)."""
    rows = [
        {
            "policy": c["policy"],
            "staff_id": c["staff_id"],
            "status": c["status"],
            "before": as_json(c["before"]),
            "after": as_json(c["after"]),
            "detail": as_json({k: c.get(k) for k in ("reasons", "fields", "parameters", "in_force")}),
        }
        for c in found["changes"]
    ]
    for status in ("added", "removed"):
        rows += [
            {
                "policy": None,
                "staff_id": p["staff_id"],
                "status": status,
                "before": None,
                "after": None,
                "detail": as_json(p),
            }
            for p in found[status]
        ]
    return rows
