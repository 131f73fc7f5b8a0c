"""A record of what was decided (:mod:`vnpolicy.record`): a run of ``assess``, ``compare`` or ``changes``
stored with its inputs' hashes and its results, the runs listed and shown, and a run verified (do its
files still have their hashes; does running it again give what was stored)."""

import datetime as dt
from pathlib import Path


def record_open(db):
    """The record database at ``db`` opened for writing (created when missing): check it before any work."""
    from ..record.store import open_for_writing

    return open_for_writing(db)


def record(db, command, outcome, arguments):
    """Store a run in the record database ``db`` (a path, or what :func:`record_open` returned): ``command``
    ``assess`` (``outcome`` the Assessment), ``compare`` (the Comparison) or ``changes`` (what
    :func:`vnpolicy.api.changes` returned), ``arguments`` the command's arguments as
    :func:`assess_arguments` / :func:`compare_arguments` / :func:`changes_arguments` give them. Returns the
    run's id."""
    from ..record import inputs, store

    connection = db if hasattr(db, "execute") else store.open_for_writing(db)
    if command == "changes":
        return _record_changes(connection, outcome, arguments)
    assessment = outcome if command == "assess" else outcome.baseline_assessment
    used = {o.policy.id: o for o in assessment.outcomes}
    totals = inputs.totals(assessment)
    policies = [
        {**row, "in_force": int(used[row["policy"]].in_force), "totals": inputs.as_json(totals.get(row["policy"]))}
        for row in inputs.policy_rows([o.policy for o in assessment.outcomes])
    ]
    months = arguments.get("months") or (None, None)
    reform = arguments.get("reform")
    run = {
        **_run_row(command, arguments, arguments["dataset"]),
        "as_of": arguments.get("on"),
        "period_from": months[0],
        "period_to": months[1],
        "overrides": inputs.as_json(arguments.get("sets", [])),
        "reform_path": reform,
        "reform_sha256": inputs.sha256(reform) if reform else None,
    }
    return store.write(connection, run, policies, inputs.result_rows(assessment))


def _run_row(command, arguments, dataset):
    from ..record import inputs

    return {
        "command": command,
        "arguments": inputs.as_json(arguments),
        "dataset_path": dataset,
        "dataset_sha256": inputs.sha256(dataset),
        "readings": inputs.as_json(arguments.get("reading", [])),
        "overrides": "[]",
        "lang": arguments.get("lang", "vi"),
    }


def _record_changes(connection, found, arguments):
    """A ``changes`` run: its datasets' hashes (in ``arguments``), each policy's totals before, after and the
    difference, and every change (people added and removed too) in the ``changes`` table."""
    from ..record import inputs, store
    from . import policies as installed

    chosen = installed(arguments["policy"], arguments["policy_file"], arguments["reading"])
    summary = {p["policy"]: p for p in found["policies"]}
    policies = [
        {
            **row,
            "in_force": int(summary[row["policy"]]["in_force"]["new"]),
            "totals": inputs.as_json({k: summary[row["policy"]][k] for k in ("before", "after", "cost")}),
        }
        for row in inputs.policy_rows(chosen)
    ]
    run = {**_run_row("changes", arguments, arguments["datasets"][-1]), "as_of": arguments["on"]}
    return store.write(connection, run, policies, [], inputs.change_rows(found))


def assess_arguments(assessment, dataset_path, policy_ids=(), extra_files=(), lang="vi", readings=(), limits=()):
    """What re-running an ``assess`` needs, as stored: paths absolute, the date the assessment was on."""
    return {
        "dataset": str(Path(dataset_path).resolve()),
        "on": assessment.as_of.isoformat(),
        "policy": list(policy_ids),
        "policy_file": [str(Path(p).resolve()) for p in extra_files],
        "reading": list(readings),
        "limit": list(limits),
        "lang": lang,
    }


def compare_arguments(
    comparison, dataset_path, provinces=(), months=None, reform_file=None, sets=(), lang="vi", readings=(), limits=()
):
    """What re-running a ``compare`` needs, as stored."""
    return {
        "dataset": str(Path(dataset_path).resolve()),
        "provinces": list(provinces),
        "on": None if months else comparison.as_of.isoformat(),
        "months": list(months) if months else None,
        "reform": str(Path(reform_file).resolve()) if reform_file else None,
        "sets": list(sets),
        "reading": list(readings),
        "limit": list(limits),
        "lang": lang,
    }


def changes_arguments(datasets, on, vs=None, policy_ids=(), extra_files=(), lang="vi", readings=(), limits=()):
    """What re-running a ``changes`` needs, as stored, with each dataset's hash (a run has one
    ``dataset_sha256``: this month's; last month's is kept here)."""
    from ..record import inputs

    paths = [str(Path(d).resolve()) for d in datasets]
    return {
        "datasets": paths,
        "datasets_sha256": [inputs.sha256(p) for p in paths],
        "on": on.isoformat(),
        "vs": vs.isoformat() if vs else None,
        "policy": list(policy_ids),
        "policy_file": [str(Path(p).resolve()) for p in extra_files],
        "reading": list(readings),
        "limit": list(limits),
        "lang": lang,
    }


def recorded_runs(db):
    """The runs of a record database, oldest first (dicts of the ``runs`` table)."""
    from ..record import store

    return store.runs(store.open_for_reading(db))


def recorded_run(db, run_id):
    """One run: (its ``runs`` row with ``arguments`` parsed, its ``run_policies`` rows)."""
    from ..record import store

    return store.run(store.open_for_reading(db), run_id, db)


def verify_run(db, run_id):
    """Whether a recorded run still stands: [(what, ok, recorded hash, hash now)] for every policy file, the
    dataset(s) and the reform, then — when every input is as recorded — the run re-run with the same
    arguments against what was stored: (stored, now, how many differ)."""
    from ..record import inputs, store

    connection = store.open_for_reading(db)
    entry, used = store.run(connection, run_id, db)
    a = entry["arguments"]
    checks = [(f"{p['policy']} ({p['path']})", p["sha256"], inputs.sha256(p["path"])) for p in used]
    if entry["command"] == "changes":
        checks += [(f"dataset {d}", h, inputs.sha256(d)) for d, h in zip(a["datasets"], a["datasets_sha256"])]
    else:
        checks.append(
            (f"dataset {entry['dataset_path']}", entry["dataset_sha256"], inputs.sha256(entry["dataset_path"]))
        )
    if entry["reform_path"]:
        checks.append((f"reform {entry['reform_path']}", entry["reform_sha256"], inputs.sha256(entry["reform_path"])))
    lines = [(what, then == now, then, now) for what, then, now in checks]
    if not all(ok for _, ok, _, _ in lines):
        return lines, None
    if entry["command"] == "changes":
        now = [tuple(r.values()) for r in inputs.change_rows(_rerun(entry))]
        stored = store.changes(connection, entry["id"])
    else:
        now = [tuple(r[k] for k in inputs.RESULT_FIELDS) for r in inputs.result_rows(_rerun(entry))]
        stored = store.results(connection, entry["id"])
    differ = sum(1 for x, y in zip(now, stored) if x != y) + abs(len(now) - len(stored))
    return lines, (len(stored), len(now), differ)


def _rerun(entry):
    """The recorded run's command again with its stored arguments: the Assessment (assess, compare's
    baseline) or the changes."""
    from . import changes, compare, run

    a = entry["arguments"]
    on = dt.date.fromisoformat(a["on"]) if a.get("on") else None
    if entry["command"] == "assess":
        return run(a["dataset"], on, a["policy"], a["policy_file"], a["lang"], a["reading"], a["limit"])[0]
    if entry["command"] == "changes":
        vs = dt.date.fromisoformat(a["vs"]) if a.get("vs") else None
        return changes(a["datasets"], on, vs, a["policy"], a["policy_file"], a["lang"], a["reading"], a["limit"])
    args = (a["dataset"], a["provinces"], on, a["months"], a["reform"], a["sets"], a["lang"], None, a["reading"])
    return compare(*args, a["limit"])[0].baseline_assessment
