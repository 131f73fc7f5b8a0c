"""The rules side by side, derived from the policies' YAML (never written by hand), and the differences
between provinces in words, each with the number of people in the dataset it concerns.

Rows: the documents and their dates in force; the amounts of every tier; every parameter that names a
``compare.topic`` (lined up across provinces: majors counted as IT, education, English ...); each target;
then the parameters no other province shares. Every cell carries its citation.
"""

import datetime as dt
from itertools import combinations, product
from pathlib import Path

import polars as pl
import yaml

from ..data.territory import in_post
from ..i18n import TOPICS, amount, code_label, number, word
from ..i18n import text as tr
from ..rules.policy import staff_columns
from ..rules.results import describe_target

FIXED_ROWS = ("in_force", "amounts", "targets")


def province_names(registry):
    """Province code -> its name, from the ``index.yaml`` of each policy folder (the code if none)."""
    names = {}
    for path, _ in registry.policy_files:
        for index in (
            ([Path(path) / "index.yaml"] + sorted(Path(path).glob("*/index.yaml"))) if Path(path).is_dir() else []
        ):
            if index.exists():
                data = yaml.safe_load(index.read_text(encoding="utf-8")) or {}
                if data.get("province"):
                    names[data["province"]] = str(data.get("title") or data["province"])
    return names


def show_value(param, value, unknown, lang):
    """A parameter's value in words, by its unit."""
    if value is None:
        return word("unknown_value", lang)
    if param.unit in ("vnd_per_month", "vnd_once"):
        shown = amount(value, "month" if param.unit == "vnd_per_month" else "once", lang)
    elif isinstance(value, list):
        shown = ", ".join(code_label(v, lang) for v in value)
    elif isinstance(value, bool):
        shown = word("priority_has" if value else "priority_has_not", lang)
    elif isinstance(value, (int, float)):
        shown = number(value, lang) + ("%" if param.unit == "percent" else "")
    elif isinstance(value, dt.date):
        shown = value.strftime("%d/%m/%Y")
    else:
        shown = code_label(value, lang)
    return shown + (f" ({word('assumed', lang)})" if unknown else "")


def _cell(policy, param, on, lang):
    entry = param.entry(on)
    value, unknown = (entry[1], entry[2]) if entry else (None, True)
    return {
        "policy": policy.id,
        "parameter": param.name,
        "label": tr(param.description, lang),
        "value": value.isoformat() if isinstance(value, dt.date) else value,
        "text": show_value(param, value, unknown, lang),
        "unknown": unknown,
        "citation": param.citation or policy.citation,
        "reading": param.reading or None,
        "field": (param.compare or {}).get("field"),
    }


def _in_force(policy, lang):
    d = policy.data["document"]
    since = policy.in_force_from.strftime("%d/%m/%Y")
    if policy.in_force_unknown:
        since += f" ({word('unknown_date', lang)})"
    to = policy.in_force_to.strftime("%d/%m/%Y") if policy.in_force_to else word("now", lang)
    return {
        "policy": policy.id,
        "label": tr(policy.data["title"], lang),
        "text": f"{d.get('number') or word('no_number', lang)}, {since} → {to}",
        "citation": policy.citation,
        "value": None,
        "unknown": policy.in_force_unknown,
        "reading": None,
    }


def _amounts(policy, on, lang):
    cells = []
    for rule in policy.data["rules"]:
        if rule["kind"] != "tiers":
            continue
        for tier in rule["tiers"]:
            name = tier.get("amount")
            if name and name in policy.parameters:
                cell = _cell(policy, policy.parameters[name], on, lang)
            else:
                cell = {
                    "policy": policy.id,
                    "parameter": None,
                    "value": None,
                    "unknown": False,
                    "reading": None,
                    "text": tr(tier.get("support"), lang) or word("support_in_kind", lang),
                }
            cell.update(label=tier["group"], citation=tier.get("citation", rule["citation"]))
            if not any(c["label"] == cell["label"] and c["text"] == cell["text"] for c in cells):
                cells.append(cell)
    return cells


def rules_side_by_side(comparison):
    """Rows ``{key, label, cells: {province: [cell]}}``; a cell has the policy, the value in words and
    its citation."""
    lang, on = comparison.lang, comparison.as_of
    rows = [
        {"key": "in_force", "label": "Văn bản, hiệu lực" if lang == "vi" else "Documents in force", "cells": {}},
        {"key": "amounts", "label": "Mức hỗ trợ" if lang == "vi" else "Amounts", "cells": {}},
    ]
    topics, others = {}, []
    for province in comparison.provinces:
        for policy in comparison.policies[province]:
            rows[0]["cells"].setdefault(province, []).append(_in_force(policy, lang))
            rows[1]["cells"].setdefault(province, []).extend(_amounts(policy, on, lang))
            for param in policy.parameters.values():
                if param.unit in ("vnd_per_month", "vnd_once"):
                    continue  # shown with their tier
                topic = (param.compare or {}).get("topic")
                if topic:
                    label = tr((param.compare or {}).get("label"), lang) or tr(TOPICS.get(topic), lang) or topic
                    row = topics.setdefault(topic, {"key": topic, "label": label, "cells": {}})
                    row["cells"].setdefault(province, []).append(_cell(policy, param, on, lang))
                else:
                    others.append(
                        {
                            "key": f"{policy.id}.{param.name}",
                            "label": tr(param.description, lang),
                            "cells": {province: [_cell(policy, param, on, lang)]},
                        }
                    )
    targets = {"key": "targets", "label": "Mục tiêu" if lang == "vi" else "Targets", "cells": {}}
    for province in comparison.provinces:
        for o in comparison.baseline.runs[province].outcomes:
            for t in o.targets if o.in_force else []:
                targets["cells"].setdefault(province, []).append(
                    {
                        "policy": t["policy"],
                        "label": t["label"],
                        "text": describe_target(t, lang)["goal"],
                        "citation": t["citation"],
                        "value": t["target"],
                        "unknown": False,
                        "reading": None,
                    }
                )
    out = rows + list(topics.values())
    return out + ([targets] if targets["cells"] else []) + others


def differences(comparison, rules, registry, names):
    """The rules' differences between provinces in words, from the topics of ``rules`` (the rules side by
    side) two provinces share: what one counts and the other does not, or a different threshold; each
    naming the policies on either side, with the people of the dataset concerned."""
    staff = comparison.dataset.staff_view().filter(in_post(comparison.as_of))
    fields = staff_columns(registry)
    found = {}
    for row in (r for r in rules if r["key"] not in FIXED_ROWS and "." not in r["key"]):
        provinces = [p for p in comparison.provinces if p in row["cells"]]
        for a, b in combinations(provinces, 2):
            for ca, cb in product(row["cells"][a], row["cells"][b]):
                for key, fact in _differ(row, ca, cb, a, b, fields):
                    entry = found.setdefault(key, {**fact, "sides": ({}, {})})
                    for side, cell in zip(entry["sides"], fact["cells"]):
                        side[cell["policy"]] = cell["citation"]
    return [_worded(fact, names, staff, comparison.lang) for fact in found.values()]


def _differ(row, ca, cb, a, b, fields):
    """(key, fact) for each way two cells of a topic differ: codes one side counts and the other does
    not (``yes``/``no`` provinces), or two thresholds of an ordered code."""
    va, vb = ca["value"], cb["value"]
    if va is None or vb is None or va == vb:
        return []
    field = ca.get("field")
    if isinstance(va, list) and isinstance(vb, list):
        out = []
        for x, y, yes, no, cells in ((va, vb, a, b, (ca, cb)), (vb, va, b, a, (cb, ca))):
            extra = tuple(v for v in x if v not in y)
            if extra:
                out.append(
                    (
                        (row["key"], "codes", extra, yes, no),
                        {
                            "kind": "codes",
                            "row": row,
                            "codes": extra,
                            "yes": yes,
                            "no": no,
                            "field": field,
                            "cells": cells,
                        },
                    )
                )
        return out
    ordered = fields[field].allowed if field in fields and fields[field].ordered else None
    if not (ordered and va in ordered and vb in ordered):
        return [
            (
                (row["key"], "values", a, b, ca["text"], cb["text"]),
                {
                    "kind": "values",
                    "row": row,
                    "yes": a,
                    "no": b,
                    "texts": (ca["text"], cb["text"]),
                    "codes": (),
                    "field": None,
                    "cells": (ca, cb),
                },
            )
        ]
    low, high = sorted((ordered.index(va), ordered.index(vb)))
    lower, higher, cells = (a, b, (ca, cb)) if ordered.index(va) < ordered.index(vb) else (b, a, (cb, ca))
    return [
        (
            (row["key"], "threshold", lower, higher, va, vb),
            {
                "kind": "threshold",
                "row": row,
                "codes": tuple(ordered[low:high]),
                "yes": lower,
                "no": higher,
                "field": field,
                "cells": cells,
                "texts": (cells[0]["text"], cells[1]["text"]),
            },
        )
    ]


def _worded(fact, names, staff, lang):
    vi = lang == "vi"

    def short(side):
        return ", ".join(p.split("/", 1)[1] for p in side)

    yes = f"{names.get(fact['yes'], fact['yes'])} ({short(fact['sides'][0])})"
    no = f"{names.get(fact['no'], fact['no'])} ({short(fact['sides'][1])})"
    label = fact["row"]["label"]
    shown = ", ".join(code_label(v, lang) for v in fact["codes"])
    if fact["kind"] == "codes":
        text = (
            f"{label}: {shown} được tính ở {yes}, không ở {no}"
            if vi
            else f"{label}: {shown} counts in {yes}, not in {no}"
        )
    elif fact["kind"] == "threshold":
        text = (
            (
                f"{label}: {yes} {fact['texts'][0]}, {no} {fact['texts'][1]} — {shown} đạt ở {yes.split(' (')[0]}, "
                f"không đạt ở {no.split(' (')[0]}"
            )
            if vi
            else (
                f"{label}: {yes} {fact['texts'][0]}, {no} {fact['texts'][1]} — {shown} passes in "
                f"{yes.split(' (')[0]}, not in {no.split(' (')[0]}"
            )
        )
    else:
        text = f"{label}: {yes} {fact['texts'][0]}, {no} {fact['texts'][1]}"
    out = {
        "topic": fact["row"]["key"],
        "text": text,
        "people": None,
        "policies": sorted({*fact["sides"][0], *fact["sides"][1]}),
        "citations": sorted({*fact["sides"][0].values(), *fact["sides"][1].values()}),
    }
    field = fact["field"]
    if field and field in staff.columns and fact["codes"]:
        n = staff.filter(pl.col(field).cast(pl.Utf8).is_in([str(c) for c in fact["codes"]])).height
        out["people"] = n
        out["text"] = text + (f" ({n} người trong bộ dữ liệu)" if vi else f" ({n} people in the dataset)")
    return out
