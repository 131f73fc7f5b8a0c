"""JSON: the results contract (``schemas/results.schema.json``), for an assessment and for a comparison
(mode ``compare``). The large lists (``results``, the comparison's ``people``) are written by polars."""

import json

from ..rules import results as res


def write_assessment(assessment, out, provenance=None):
    """The assessment, and what produced it (``provenance``) as a top-level object when given."""
    head = {
        "as_of": assessment.as_of.isoformat(),
        "mode": assessment.mode,
        "lang": assessment.lang,
        "policies": res.policy_entries(assessment),
    }
    tail = {
        "findings": res.findings(assessment),
        "targets": res.targets(assessment),
        "figures": res.figures(assessment),
        "people": res.people(assessment),
        "totals": res.totals(assessment),
    }
    if provenance is not None:
        tail["provenance"] = provenance
    results = res.results(assessment)
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(', "results": ')
    out.write(results.write_json() if results.height else "[]")
    out.write(", " + json.dumps(tail, ensure_ascii=False)[1:])
    out.write("\n")


def write_comparison(comparison, report, out):
    """``results`` (the baseline's, every province's policies applied to everyone) and
    ``comparison.people`` written by polars, the rest from :func:`vnpolicy.compare.results.build`."""
    results = res.results(comparison.baseline_assessment)
    head = {k: report[k] for k in ("as_of", "mode", "lang", "period", "provinces", "policies")}
    middle = {k: report[k] for k in ("findings", "targets", "figures", "people", "totals")}
    compared = {k: v for k, v in report["comparison"].items() if k != "people"}
    people = report["comparison"]["people"]
    out.write(json.dumps(head, ensure_ascii=False, default=str)[:-1])
    out.write(', "results": ' + (results.write_json() if results.height else "[]"))
    out.write(", " + json.dumps(middle, ensure_ascii=False, default=str)[1:-1])
    out.write(', "comparison": ' + json.dumps(compared, ensure_ascii=False, default=str)[:-1])
    out.write(', "people": ' + (people.write_json() if people.height else "[]") + "}")
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
