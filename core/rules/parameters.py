"""Parameters: a policy's named values, each dated (a value per effective date), with a unit and a
citation; a value may be marked unknown (the source does not give it), with or without an assumed value.
Every error names the place in the file."""

import datetime as dt
from dataclasses import dataclass, field

from .expr import ExprError, type_of_value
from .kinds.tiers import PERIODS

MONEY_UNITS = tuple(PERIODS)  # the units an amount parameter may have


@dataclass
class Parameter:
    name: str
    description: object
    unit: str
    citation: str = ""
    reading: str = ""
    values: list = field(default_factory=list)  # [(date, value or None, unknown, note)], sorted
    compare: dict = None  # {topic, field, label}: lined up across provinces

    def entry(self, on):
        current = None
        for entry in self.values:
            if entry[0] <= on:
                current = entry
        return current


def parameters(raw, fail, fields):
    """The ``parameters:`` block read and checked: name -> :class:`Parameter`."""
    params = {}
    for name, spec in raw.items():
        if name in fields:
            fail(
                ("parameters", name),
                f"parameters.{name}: trùng tên với trường dữ liệu {name!r}; đặt tên khác / shadows a dataset field",
            )
        field = spec.get("compare", {}).get("field")
        if field and field not in fields:
            fail(
                ("parameters", name, "compare", "field"),
                f"parameters.{name}.compare.field: gặp {field!r}, cần "
                f"một trường dữ liệu của cán bộ (major, education, unit_kind ...)",
            )
        values = []
        kinds = set()
        for day, entry in spec["values"].items():
            unknown, note, value = False, None, entry
            if entry == "unknown":
                unknown, value = True, None
            elif isinstance(entry, dict):
                unknown, note, value = entry.get("unknown", False), entry.get("note"), entry.get("value")
            where = ("parameters", name, "values", day)
            if spec["unit"] == "date" and isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    fail(where, f"parameters.{name}: gặp {value!r}, cần ngày yyyy-mm-dd / expected a date")
            if value is not None:
                try:
                    kinds.add(type_of_value(value).kind)
                except ExprError as exc:
                    fail(where, f"parameters.{name}: {exc.message}")
                if spec["unit"] in MONEY_UNITS and (not isinstance(value, int) or isinstance(value, bool)):
                    fail(
                        where,
                        f"parameters.{name}: gặp {value!r}, cần số đồng nguyên (không có phần thập phân)"
                        f" / expected whole đồng",
                    )
            try:
                day_value = dt.date.fromisoformat(day)
            except ValueError:
                fail(where, f"parameters.{name}: {day!r} không phải ngày thật / not a real date")
            values.append((day_value, value, bool(unknown), note))
        if len(kinds) > 1:
            fail(
                ("parameters", name),
                f"parameters.{name}: các giá trị có kiểu khác nhau / values of different types: {sorted(kinds)}",
            )
        params[name] = Parameter(
            name,
            spec["description"],
            spec["unit"],
            spec.get("citation", ""),
            spec.get("reading", ""),
            sorted(values, key=lambda v: v[0]),
            spec.get("compare"),
        )
    return params
