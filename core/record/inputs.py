"""The inputs of a run as hashes, and its results as the rows stored and compared."""

import hashlib
import json
from pathlib import Path

from ..rules import results as res

RESULT_FIELDS = ("policy", "staff_id", "outcome", "group", "amount_vnd", "paid", "decision", "readings", "assumptions")
_CHUNK = 1 << 20


def sha256(path):
    """The sha256 of a file's bytes; of a folder, of its files' names (relative, ``/``) and bytes in sorted
    order; None when it is not there."""
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_file():
        _feed(digest, path)
    elif path.is_dir():
        for name, file in sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*") if p.is_file()):
            digest.update(name.encode("utf-8") + b"\0")
            _feed(digest, file)
            digest.update(b"\0")
    else:
        return None
    return digest.hexdigest()


def _feed(digest, file):
    with open(file, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)


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
