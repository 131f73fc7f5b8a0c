"""``kind: targets``: a programme's targets, each with its measure, its milestones and its citation.

A measure is one of:

* a share of staff — ``staff`` (who is counted in) and ``counts`` (who meets it), over everyone of the
  territory in post on the date (``outcome`` reads what this policy decided for each person);
* a share of units — ``units`` (which units) and ``having`` (what each must have, as in ``coverage``);
* an ``indicator`` of the dataset's indicators table (a percentage, 0–100), the latest year not after the
  assessment date; a dataset without it gives "no data", never 0%.

A milestone is ``{by: date, at_least: percent}`` or ``{by: date, above: percent}`` (strictly over). The
milestone that applies on a date is the first whose deadline has not passed, else the last one (overdue).
Each target reports its value, the milestone, met or not, and what is missing: how many more people or
units, and which units.
"""

import datetime as dt
import math
from fractions import Fraction

import polars as pl

from ...i18n import percent, word
from ...i18n import text as tr
from .base import RuleKind
from .common import CITATION, EXPRESSION, TEXT, rule_schema
from .coverage import HAVING, having_items, unit_coverage

MILESTONE = {
    "type": "object",
    "description": "by (ngày) và đúng một trong at_least, above (phần trăm 0–100)",
    "required": ["by"],
    "additionalProperties": False,
    "minProperties": 2,
    "maxProperties": 2,
    "properties": {
        "by": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "at_least": {"type": "number", "minimum": 0, "maximum": 100},
        "above": {"type": "number", "minimum": 0, "maximum": 100},
    },
}
MEASURES = {"staff": ("staff", "counts"), "units": ("units", "having"), "indicator": ("indicator",)}
MEASURE = {
    "type": "object",
    "description": "một trong ba cách đo: staff và counts; units và having; indicator",
    "additionalProperties": False,
    "properties": {
        "staff": EXPRESSION,
        "counts": EXPRESSION,
        "units": EXPRESSION,
        "having": {"oneOf": [EXPRESSION, HAVING]},
        "indicator": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
    },
    # exactly the keys of one measure: each branch requires its keys and forbids the others'
    "oneOf": [
        {
            "required": list(keys),
            "not": {"anyOf": [{"required": [k]} for other in MEASURES.values() if other != keys for k in other]},
        }
        for keys in MEASURES.values()
    ],
}
TARGET = {
    "type": "object",
    "required": ["id", "message", "measure", "milestones"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "message": TEXT,
        "citation": CITATION,
        "reading": {"type": "string"},
        "measure": MEASURE,
        "milestones": {"type": "array", "minItems": 1, "items": MILESTONE},
        "comment": {"type": "string"},
    },
}
SHOWN_UNITS = 5


class Targets(RuleKind):
    name = "targets"
    phase = 60
    reports_only = True  # findings, targets or figures: never a person's outcome
    about_units = True  # ... nor a finding about a person (vnpolicy explain skips it)
    schema = rule_schema(["targets"], {"targets": {"type": "array", "minItems": 1, "items": TARGET}})

    def expressions(self, rule):
        for i, target in enumerate(rule["targets"]):
            m = target["measure"]
            for key in ("staff", "counts"):
                if key in m:
                    yield ("targets", i, "measure", key), m[key], "outcome"
            if "units" in m:
                yield ("targets", i, "measure", "units"), m["units"], "unit"
            if "having" in m:
                items = having_items(m["having"])
                for j, item in enumerate(items):
                    path = ("having",) if isinstance(m["having"], str) else ("having", j, "when")
                    yield ("targets", i, "measure") + path, item["when"], "outcome"

    def apply(self, rule, state):
        for target in rule["targets"]:
            state.targets.append(self._assess(rule, target, state))

    def _assess(self, rule, target, state):
        lang, on = state.lang, state.as_of
        milestones = sorted((_milestone(m) for m in target["milestones"]), key=lambda m: m["deadline"])
        milestone = next((m for m in milestones if m["deadline"] >= on), milestones[-1])
        measure = target["measure"]
        if "indicator" in measure:
            got = _indicator(state, measure["indicator"])
        elif "staff" in measure:
            got = staff_share(state, measure)
        else:
            got = _unit_share(state, measure)
        value, threshold, above = got["value"], milestone["threshold"], milestone["above"]
        met = None if value is None else (value > threshold if above else value >= threshold)
        missing = None
        if got.get("denominator") and not met:
            needed = (
                math.floor(threshold * got["denominator"]) + 1 if above else math.ceil(threshold * got["denominator"])
            )
            missing = max(needed - got["numerator"], 0)
        result = {
            "policy": state.policy.id,
            "id": f"{rule['id']}.{target['id']}",
            "label": tr(target["message"], lang),
            "measure": got["measure"],
            "value": None if value is None else round(float(value), 4),
            "numerator": got.get("numerator"),
            "denominator": got.get("denominator"),
            "target": float(threshold),
            "comparison": ">" if above else ">=",
            "deadline": milestone["deadline"].isoformat(),
            "overdue": milestone["deadline"] < on,
            "met": met,
            "status": "no_data" if met is None else "met" if met else "not_met",
            "missing": missing,
            "missing_units": got.get("missing_units", []),
            "indicator": measure.get("indicator"),
            "year": got.get("year"),
            "milestones": [
                {
                    "deadline": m["deadline"].isoformat(),
                    "target": float(m["threshold"]),
                    "comparison": ">" if m["above"] else ">=",
                }
                for m in milestones
            ],
            "citation": target.get("citation", rule["citation"]),
        }
        if target.get("reading"):
            result["reading"] = target["reading"]
        if "missing_by_unit" in got:
            result["missing_by_unit"] = got["missing_by_unit"]
        result["message"] = _words(result, lang)
        return result


def _milestone(m):
    above = "above" in m
    pct = m["above"] if above else m["at_least"]
    return {"deadline": dt.date.fromisoformat(m["by"]), "threshold": Fraction(str(pct)) / 100, "above": above}


def staff_share(state, measure):
    population, counts = state.evaluate(measure["staff"]), state.evaluate(measure["counts"])
    counted = (
        state.population()
        .filter(population.expr.fill_null(False))
        .select("unit_id", counts.expr.fill_null(False).alias("__counts"))
    )
    n, d = int(counted["__counts"].sum()), counted.height
    by_unit = (
        counted.filter(~pl.col("__counts"))
        .group_by("unit_id")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort(["count", "unit_id"], descending=[True, False])
    )
    return {
        "measure": "staff",
        "numerator": n,
        "denominator": d,
        "value": Fraction(n, d) if d else None,
        "missing_units": by_unit["unit_id"].to_list(),
        "missing_by_unit": by_unit.to_dicts(),
    }


def _unit_share(state, measure):
    frame = unit_coverage(state, measure["units"], having_items(measure["having"]))
    n, d = int(frame["covered"].sum()), frame.height
    return {
        "measure": "units",
        "numerator": n,
        "denominator": d,
        "value": Fraction(n, d) if d else None,
        "missing_units": frame.filter(~pl.col("covered"))["unit_id"].to_list(),
    }


def province_rows(state, table):
    """The rows of a province-level table (trainings, indicators) for the policy's province, years up to
    the assessment date's."""
    rows = state.context.dataset.table(table)
    if not rows.height:
        return rows
    return rows.filter(
        (pl.col("province").cast(pl.Utf8) == state.policy.province) & (pl.col("year") <= state.as_of.year)
    )


def latest_indicator(state, code):
    """The indicator's row of the latest year not after the date (None: the dataset lacks it)."""
    rows = province_rows(state, "indicators")
    rows = rows.filter(pl.col("indicator").cast(pl.Utf8) == code).sort("year") if rows.height else rows
    return rows.row(-1, named=True) if rows.height else None


def _indicator(state, code):
    last = latest_indicator(state, code)
    if last is None:
        return {"measure": "indicator", "value": None}
    return {"measure": "indicator", "value": Fraction(str(last["value"])) / 100, "year": last["year"]}


def describe(result, lang):
    """A target's value, goal, status and what is missing, each in words (for a table's columns)."""
    date = dt.date.fromisoformat(result["deadline"]).strftime("%d/%m/%Y")
    pct = percent(result["target"], lang)
    key = (
        "target_above" if result["comparison"] == ">" else "target_all" if result["target"] == 1 else "target_at_least"
    )
    goal = word(key, lang, pct=pct, date=date)
    if result["overdue"]:
        goal += f" ({word('target_overdue', lang)})"
    if result["status"] == "no_data":
        value = f"— ({word('indicator', lang)} {result['indicator']})" if result["indicator"] else "—"
        return {"value": value, "goal": goal, "status": word("target_no_data_short", lang), "missing": ""}
    if result["measure"] == "indicator":
        value = word("target_indicator_value", lang, pct=percent(result["value"], lang), year=result["year"])
    else:
        unit = word("people" if result["measure"] == "staff" else "units", lang)
        value = f"{result['numerator']}/{result['denominator']} {unit} ({percent(result['value'], lang)})"
    missing = ""
    if not result["met"] and result["missing"] is not None:
        if result["measure"] == "staff":
            where = [f"{u['unit_id']}: {u['count']}" for u in result["missing_by_unit"]]
            missing = word("target_missing_people", lang, count=result["missing"])
        else:
            where = result["missing_units"]
            missing = word("target_missing_units", lang, count=result["missing"])
        if where:
            more = len(where) - SHOWN_UNITS
            missing += (
                " ("
                + ", ".join(where[:SHOWN_UNITS])
                + (f", {word('and_more', lang, count=more)}" if more > 0 else "")
                + ")"
            )
    return {
        "value": value,
        "goal": goal,
        "missing": missing,
        "status": word("target_met" if result["met"] else "target_not_met", lang),
    }


def _words(result, lang):
    """The target in one line: value, goal, met or not, what is missing."""
    d = describe(result, lang)
    goal = f"{word('target_goal', lang)} {d['goal']}"
    if result["status"] == "no_data":
        what = (
            word("target_no_data_indicator", lang, code=result["indicator"])
            if result["indicator"]
            else word("target_no_data", lang)
        )
        return f"{what}; {goal}"
    return f"{d['value']}; {goal} — {d['status']}" + (f": {d['missing']}" if d["missing"] else "")
