"""``kind: figures``: the size and mix of a workforce, training and indicators, counted from the dataset
and shown beside the figures the source reports (its baselines). Figures decide nothing.

A figure is one of:

* ``staff``: how many people of the territory in post on the date meet an expression (which may read
  ``outcome``); with ``of``, the share of those meeting ``of`` who meet ``staff``;
* ``trainings``: the sum of a column of the trainings table (``classes`` or ``participants``) for the
  policy's province, the latest year not after the date, with each year and topic in ``rows``;
* ``indicator``: a value of the indicators table for the province, the latest year not after the date.

``per_staff`` (an expression over staff) or ``per_units`` (over units) divides the value by how many
people or units meet it: trainees per full-time IT staff member, teams per commune. ``baseline`` is the
source's own figure, with its citation; a figure the dataset cannot give is ``no_data``, never 0.
"""

from fractions import Fraction

import polars as pl

from ...i18n import number, percent, word
from ...i18n import text as tr
from .base import RuleKind
from .common import CITATION, EXPRESSION, TEXT, rule_schema
from .coverage import chosen_units
from .targets import latest_indicator, province_rows, staff_share

BASELINE = {
    "type": "object",
    "required": ["value", "citation"],
    "additionalProperties": False,
    "properties": {"value": {"type": "number"}, "year": {"type": "integer"}, "citation": CITATION, "note": TEXT},
}
MEASURES = ("staff", "trainings", "indicator")
FIGURE = {
    "type": "object",
    "description": "id, message và đúng một trong staff, trainings, indicator",
    "required": ["id", "message"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "message": TEXT,
        "citation": CITATION,
        "staff": EXPRESSION,
        "of": EXPRESSION,
        "trainings": {"enum": ["classes", "participants"]},
        "topics": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
            "description": "trainings of these topics only (compare like with like: the source's own figure's topics)",
        },
        "indicator": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "per_staff": EXPRESSION,
        "per_units": EXPRESSION,
        "per_label": TEXT,
        "baseline": BASELINE,
        "comment": {"type": "string"},
    },
    "oneOf": [{"required": [m], "not": {"anyOf": [{"required": [o]} for o in MEASURES if o != m]}} for m in MEASURES],
    "not": {"required": ["per_staff", "per_units"]},
}


class Figures(RuleKind):
    name = "figures"
    phase = 70
    reports_only = True  # findings, targets or figures: never a person's outcome
    about_units = True  # ... nor a finding about a person (vnpolicy explain skips it)
    schema = rule_schema(["figures"], {"figures": {"type": "array", "minItems": 1, "items": FIGURE}})

    def expressions(self, rule):
        for i, figure in enumerate(rule["figures"]):
            for key in ("staff", "of", "per_staff"):
                if key in figure:
                    yield ("figures", i, key), figure[key], "outcome"
            if "per_units" in figure:
                yield ("figures", i, "per_units"), figure["per_units"], "unit"

    def apply(self, rule, state):
        for figure in rule["figures"]:
            state.figures.append(_figure(rule, figure, state))


def _figure(rule, figure, state):
    lang = state.lang
    if "staff" in figure:
        got = _staff(state, figure)
    elif "trainings" in figure:
        got = _trainings(state, figure["trainings"], figure.get("topics"))
    else:
        got = _indicator(state, figure["indicator"])
    value = got["value"]
    result = {
        "policy": state.policy.id,
        "id": f"{rule['id']}.{figure['id']}",
        "label": tr(figure["message"], lang),
        "measure": got["measure"],
        "value": None if value is None else _json_number(value),
        "numerator": got.get("numerator"),
        "denominator": got.get("denominator"),
        "year": got.get("year"),
        "rows": got.get("rows", []),
        "status": "no_data" if value is None else "ok",
        "per": None,
        "per_count": None,
        "baseline": None,
        "citation": figure.get("citation", rule["citation"]),
    }
    if ("per_staff" in figure or "per_units" in figure) and value is not None:
        count = (
            _count_staff(state, figure["per_staff"])
            if "per_staff" in figure
            else _count_units(state, figure["per_units"])
        )
        result["per_count"] = count
        result["per"] = round(float(Fraction(value) / count), 4) if count else None
        result["per_label"] = tr(figure.get("per_label"), lang) or None
    if "baseline" in figure:
        b = figure["baseline"]
        result["baseline"] = {
            "value": b["value"],
            "year": b.get("year"),
            "citation": b["citation"],
            "note": tr(b.get("note"), lang) or None,
        }
    result["message"] = describe(result, lang)["line"]
    return result


def _json_number(value):
    """A whole number stays an integer; a share or mean is a float to 4 places."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else round(float(value), 4)
    return value


def _count_staff(state, text):
    compiled = state.evaluate(text)
    return int(state.population().select(compiled.expr.fill_null(False).sum()).item())


def _count_units(state, text):
    return chosen_units(state, text).height


def _staff(state, figure):
    if "of" not in figure:
        return {"measure": "count", "value": _count_staff(state, figure["staff"])}
    share = staff_share(state, {"staff": figure["of"], "counts": figure["staff"]})
    return {"measure": "share", **{k: share[k] for k in ("numerator", "denominator", "value")}}


def _trainings(state, column, topics=None):
    rows = province_rows(state, "trainings")
    if topics:
        rows = rows.filter(pl.col("topic").cast(pl.Utf8).is_in(topics))
    if not rows.height:
        return {"measure": "trainings", "value": None}
    by = (
        rows.group_by("year", pl.col("topic").cast(pl.Utf8))
        .agg(pl.col(column).sum().alias("value"))
        .sort("year", "topic")
    )
    year = by["year"].max()
    return {
        "measure": "trainings",
        "value": int(by.filter(pl.col("year") == year)["value"].sum()),
        "year": year,
        "rows": by.to_dicts(),
    }


def _indicator(state, code):
    last = latest_indicator(state, code)
    if last is None:
        return {"measure": "indicator", "value": None}
    value = last["value"]
    return {"measure": "indicator", "value": int(value) if float(value).is_integer() else value, "year": last["year"]}


def describe(result, lang):
    """A figure's value, what it is per person or unit, and the source's baseline, in words."""
    value = result["value"]
    if value is None:
        shown = word("target_no_data_short", lang)
    elif result["measure"] == "share":
        shown = f"{result['numerator']}/{result['denominator']} ({percent(value, lang)})"
    else:
        shown = number(value, lang)
    if result["year"] is not None and value is not None:
        shown += f" ({word('year', lang)} {result['year']})"
    per = ""
    if result["per_count"] is not None:
        each = number(result["per"], lang) if result["per"] is not None else "—"
        per = word("figure_per", lang, value=each, count=result["per_count"], what=result.get("per_label") or "")
    baseline = ""
    if result["baseline"]:
        b = result["baseline"]
        baseline = (b.get("note") or number(b["value"], lang)) + (f" ({b['year']})" if b.get("year") else "")
    line = (
        f"{shown}"
        + (f"; {per}" if per else "")
        + (f"; {word('figure_baseline', lang)}: {baseline}" if baseline else "")
    )
    return {"value": shown, "per": per, "baseline": baseline, "line": line}
