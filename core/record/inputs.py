"""The inputs of a run as hashes, and its results as the rows stored and compared."""

import json
from pathlib import Path

from ..data.hashing import sha256
from ..rules import results as res

RESULT_FIELDS = ("policy", "staff_id", "outcome", "group", "amount_vnd", "paid", "decision", "readings", "assumptions")
__all__ = ["sha256", "policy_rows", "result_rows", "totals", "as_json"]


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
