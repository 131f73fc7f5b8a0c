"""``kind: coverage``: every unit of a kind must have people of a kind (a leader in charge of IT, a
full-time IT staff member who meets the standards, ...).

``units`` chooses the units (an expression over ``unit_<field>``, on the units of the policy's territory
that exist on the date); each item of ``having`` is an expression over the staff of the unit, which may
read ``outcome`` (what this policy decided for each person), and needs at least ``min`` of them (1).
A unit that lacks any item is a finding naming what it lacks. Targets measure the same thing as a share
of units (``measure: {units: ..., having: ...}``).
"""

import polars as pl

from ...i18n import text as tr
from ...i18n import word
from .base import RuleKind
from .common import CITATION, EXPRESSION, TEXT, rule_schema

HAVING = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["id", "when", "message"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
            "when": EXPRESSION,
            "message": TEXT,
            "min": {"type": "integer", "minimum": 1},
            "citation": CITATION,
            "comment": {"type": "string"},
        },
    },
}


def having_items(having):
    """``having`` as written (an expression, or a list of items) as a list of items."""
    if isinstance(having, str):
        return [{"id": "co", "when": having, "message": having}]
    return having


def chosen_units(state, units):
    """The units of the policy's territory that exist on the date and meet ``units`` (a unit expression)."""
    policy, on = state.policy, state.as_of
    chosen = state.context.units_view().filter(state.context.covers(policy))
    return chosen.filter(policy.compile(units, on, "unit").expr.fill_null(False))


def unit_coverage(state, units, having):
    """One row per chosen unit of the territory: ``unit_id``, ``unit_name``, per item ``<id>`` (has
    enough people), and ``covered`` (has every item). Counted on whole columns: a group-by, a join."""
    chosen = chosen_units(state, units).select("unit_id", "unit_name")
    counts = [
        state.evaluate(item["when"]).expr.fill_null(False).cast(pl.UInt32).sum().alias(item["id"]) for item in having
    ]
    frame = chosen.join(
        state.population().group_by("unit_id").agg(counts), on="unit_id", how="left", maintain_order="left"
    )
    frame = frame.with_columns([(pl.col(i["id"]).fill_null(0) >= i.get("min", 1)).alias(i["id"]) for i in having])
    return frame.with_columns(pl.all_horizontal([pl.col(i["id"]) for i in having]).alias("covered"))


class Coverage(RuleKind):
    name = "coverage"
    phase = 50
    reports_only = True  # findings, targets or figures: never a person's outcome
    about_units = True  # ... nor a finding about a person (vnpolicy explain skips it)
    schema = rule_schema(
        ["units", "having", "code"],
        {
            "units": EXPRESSION,
            "having": HAVING,
            "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "the findings' code"},
        },
    )

    def expressions(self, rule):
        yield ("units",), rule["units"], "unit"
        for i, item in enumerate(rule["having"]):
            yield ("having", i, "when"), item["when"], "outcome"

    def apply(self, rule, state):
        lang = state.lang
        having = rule["having"]
        frame = unit_coverage(state, rule["units"], having)
        lacking = frame.filter(~pl.col("covered"))
        missing = pl.concat_str(
            [pl.when(~pl.col(i["id"])).then(pl.lit(tr(i["message"], lang))) for i in having],
            separator="; ",
            ignore_nulls=True,
        )
        suffix = f" — {tr(rule['message'], lang)}" if rule.get("message") else ""
        message = pl.format(word("unit_lacks", lang, unit="{}", items="{}") + suffix, pl.col("unit_name"), missing)
        state.add_findings(lacking, "unit", rule["code"], message, rule["citation"], id_column="unit_id")
