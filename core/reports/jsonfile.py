"""JSON: the results contract (``schemas/results.schema.json``), for an assessment and for a comparison
(mode ``compare``), and JSON Lines (one result a line). Written as it is built: the large lists
(``results``, ``people``, ``findings``, the comparison's ``people``) a slice of rows at a time, so that
memory does not grow with the output; the bytes are those of the whole document written at once."""

import json

import polars as pl

from ..rules import results as res
from .rows import people_slices


def write_assessment(assessment, out, provenance=None, reasons="all"):
    """The assessment, and what produced it (``provenance``) as a top-level object when given."""
    head = {
        "as_of": assessment.as_of.isoformat(),
        "mode": assessment.mode,
        "lang": assessment.lang,
        "policies": res.policy_entries(assessment),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(', "results": ')
    write_results(assessment, out, reasons)
    out.write(', "findings": ')
    _write_dicts(_slices(res.findings_frame(assessment)), out)
    out.write(', "targets": ' + json.dumps(res.targets(assessment), ensure_ascii=False))
    out.write(', "figures": ' + json.dumps(res.figures(assessment), ensure_ascii=False))
    out.write(', "people": ')
    _write_dicts(_slices(assessment.people), out)
    out.write(', "totals": ' + json.dumps(res.totals(assessment), ensure_ascii=False))
    if provenance is not None:
        out.write(', "provenance": ' + json.dumps(provenance, ensure_ascii=False))
    out.write("}\n")


def write_results(assessment, out, reasons="all"):
    """``results``: every policy's, written by polars a slice at a time (``[]`` when there is none)."""
    columns = res.result_columns(assessment)
    out.write("[")
    first = True
    for outcome in assessment.outcomes:
        for chunk in res.result_chunks(outcome, reasons):
            if chunk.height:
                out.write(("" if first else ",") + res.aligned(chunk, columns).write_json()[1:-1])
                first = False
    out.write("]")


def write_lines(assessment, out, reasons="deciding"):
    """JSON Lines: one object a line per (policy, person) result, with the keys of JSON's ``results``."""
    columns = res.result_columns(assessment)
    for outcome in assessment.outcomes:
        for chunk in res.result_chunks(outcome, reasons):
            if chunk.height:
                out.write(res.aligned(chunk, columns).write_ndjson())


def write_comparison_lines(comparison, out, reasons="deciding"):
    """JSON Lines of a comparison: each scenario's and province's results, with ``scenario`` and
    ``province`` first."""
    runs = scenario_runs(comparison)
    found = {c for _, _, assessment in runs for c in res.result_columns(assessment)}
    columns = [c for c in res.RESULT_COLUMNS if c in found]  # the same keys on every line
    for name, province, assessment in runs:
        for outcome in assessment.outcomes:
            for chunk in res.result_chunks(outcome, reasons):
                if chunk.height:
                    where = [pl.lit(name).alias("scenario"), pl.lit(province).alias("province")]
                    out.write(res.aligned(chunk, columns).select(*where, pl.all()).write_ndjson())


def scenario_runs(comparison):
    """(scenario, province, assessment) of every scenario of a comparison, on its date."""
    return [(s.name, p, run) for s in comparison.scenarios for p, run in s.runs.items()]


def _slices(frame, size=res.CHUNK):
    return () if frame is None else frame.iter_slices(size)


def _write_dicts(frames, out):
    """A JSON list of every row of ``frames`` as :func:`json.dumps` writes it, a slice at a time."""
    out.write("[")
    first = True
    for frame in frames:
        if frame.height:
            out.write(("" if first else ", ") + json.dumps(frame.to_dicts(), ensure_ascii=False)[1:-1])
            first = False
    out.write("]")


def _write_rows(frames, out):
    """``pl.concat(frames).write_json()`` (a list of row objects, as polars writes them) a slice at a
    time: a comparison's people times provinces are never one string, nor one frame."""
    out.write("[")
    first = True
    for frame in frames:
        for part in frame.iter_slices(res.CHUNK):
            if part.height:
                out.write(("" if first else ",") + part.write_json()[1:-1])
                first = False
    out.write("]")


def write_comparison(comparison, report, out, reasons="all"):
    """``results`` (the baseline's, every province's policies applied to everyone) and
    ``comparison.people`` written by polars, the rest from :func:`vnpolicy.compare.results.build`."""
    head = {k: report[k] for k in ("as_of", "mode", "lang", "period", "provinces", "policies")}
    middle = {k: report[k] for k in ("findings", "targets", "figures", "people", "totals")}
    compared = {k: v for k, v in report["comparison"].items() if k != "people"}
    out.write(json.dumps(head, ensure_ascii=False, default=str)[:-1])
    out.write(', "results": ')
    write_results(comparison.baseline_assessment, out, reasons)
    for key, value in middle.items():
        if key == "people":  # frames, one per province (vnpolicy.compare.results.build)
            out.write(', "people": ')
            _write_dicts((s for frame in value for s in _slices(frame)), out)
        else:
            out.write(", " + json.dumps({key: value}, ensure_ascii=False, default=str)[1:-1])
    out.write(', "comparison": ' + json.dumps(compared, ensure_ascii=False, default=str)[:-1])
    out.write(', "people": ')
    _write_rows(people_slices(report), out)  # built once the results' slices are gone, a slice at a time
    out.write("}")
    out.write(', "reform": ' + json.dumps(report["reform"], ensure_ascii=False, default=str))
    if report.get("provenance") is not None:
        out.write(', "provenance": ' + json.dumps(report["provenance"], ensure_ascii=False))
    out.write("}\n")


def readings_json(found):
    """``vnpolicy readings -f json``: per policy, its readings, and with a dataset each other alternative's
    people who change (before and after) and cost difference."""
    out = []
    for policy, declared, on_data in found:
        entry = {"policy": policy.id, "readings": declared}
        if on_data is not None:
            entry["alternatives"] = [
                {**{k: v for k, v in alt.items() if k != "changes"}, "changes": alt["changes"].to_dicts()}
                for alt in on_data
            ]
        out.append(entry)
    return json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n"
