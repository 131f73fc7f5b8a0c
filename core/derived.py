"""Derived fields: values computed from the dataset for each staff member on the assessment date.

Each is computed with joins and group-bys over whole tables, once per (dataset, date), and only when
a loaded policy names it.
"""
import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from .expr import Type


@dataclass
class DerivedField:
    name: str
    type: Type
    compute: object            # compute(context) -> DataFrame[id, <name>]
    description: str = ""
    description_en: str = ""
    default: object = None     # the value for a person the computed frame has no row for


@dataclass
class Context:
    """The dataset seen on one date; caches what several policies or fields share."""
    dataset: object
    as_of: dt.date
    _cache: dict = field(default_factory=dict)

    def cached(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def active_assignments(self):
        """Assignments holding on the date, joined with their systems (system fields keep their names,
        ``name`` becomes ``system_name``)."""
        def build():
            d = self.as_of
            a = self.dataset.table("assignments")
            s = self.dataset.table("systems").rename({"id": "system_id", "name": "system_name"})
            a = a.filter((pl.col("start_date").is_null() | (pl.col("start_date") <= d))
                         & (pl.col("end_date").is_null() | (pl.col("end_date") >= d)))
            a = a.rename({"start_date": "assignment_start", "end_date": "assignment_end",
                          "decision": "assignment_decision"})
            return a.join(s, on="system_id", how="inner")
        return self.cached("active_assignments", build)

    def derived(self, name, spec):
        return self.cached(("derived", name), lambda: spec.compute(self))
