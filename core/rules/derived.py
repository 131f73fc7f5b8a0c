"""Derived fields: values computed from the dataset for each staff member on the assessment date.

Each is computed with joins and group-bys over whole tables, once per (dataset, date), and only when
a loaded policy names it.
"""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from ..data.dataset import ROW
from ..data.territory import exists, in_post, territory
from ..errors import PluginError, VnpolicyError
from .expr import Type


@dataclass
class DerivedField:
    """A field computed for each staff member. The core's read the person's own rows (and the units and systems
    tables): ``vnpolicy explain`` relies on it, reading one person's part of a dataset; a plugin's may read
    anyone's, and a policy reading one is explained over the whole dataset (:mod:`vnpolicy.rules.part`)."""

    name: str
    type: Type
    compute: object  # compute(context) -> DataFrame[id, <name>], or an expression on the staff
    description: str = ""
    description_en: str = ""
    default: object = None  # the value for a person the computed frame has no row for


@dataclass
class Context:
    """The dataset seen on one date; caches what several policies or fields share."""

    dataset: object
    as_of: dt.date
    everywhere: bool = False  # comparison: every policy applied to every unit, as if it were its own
    _cache: dict = field(default_factory=dict)
    parent: "Context" = None  # a narrowed context's whole one (:meth:`narrowed`)

    def covers(self, policy):
        """The units the policy covers on the date (an expression over ``unit_<field>``)."""
        return pl.lit(True) if self.everywhere else territory(policy, self.as_of)

    def cached(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def active_assignments(self):
        """The dataset's assignment view (:meth:`Dataset.assignment_view`) holding on the date."""

        def build():
            d = self.as_of
            return self.dataset.assignment_view().filter(
                (pl.col("assignment_start").is_null() | (pl.col("assignment_start") <= d))
                & (pl.col("assignment_end").is_null() | (pl.col("assignment_end") >= d))
            )

        return self.cached("active_assignments", build)

    def in_post(self):
        """The dataset's staff view (:meth:`Dataset.staff_view`): those in post on the date, in a unit that
        exists on it; filtered once, its columns shared by every policy (each selects the ones it reads)."""
        if self.parent is not None:
            return self.parent.in_post()
        return self.cached("in_post", lambda: self.dataset.staff_view().filter(in_post(self.as_of)))

    def units_view(self):
        """The dataset's :meth:`Dataset.units_view`, the units that exist on the date."""
        if self.parent is not None:
            return self.parent.units_view()
        return self.cached("units_view", lambda: self.dataset.units_view().filter(exists(self.as_of)))

    def derived(self, name, spec):
        if self.parent is not None:  # computed over everyone: a field may count other people
            return self.parent.derived(name, spec)
        return self.cached(("derived", name), lambda: spec.compute(self))

    def derived_column(self, name, expr):
        """A derived field that is an expression over the staff row, evaluated on the whole staff view
        once (with_columns, not select: a literal — a field the dataset lacks — fills every row)."""
        if self.parent is not None:
            return self.parent.derived_column(name, expr)

        def build():
            return self.dataset.staff_view().with_columns(expr.alias(name)).get_column(name)

        return self.cached(("derived column", name), build)

    def narrowed(self, rows):
        """The same dataset on the same date, for the staff ``rows`` alone (an alternative reading assessed
        on the people it can reach, :mod:`vnpolicy.rules.reach`): the assignments in force are theirs;
        derived fields and units are the whole dataset's."""
        narrow = Context(self.dataset, self.as_of, self.everywhere, parent=self)
        narrow._cache["active_assignments"] = self.active_assignments().filter(pl.col(ROW).is_in(rows.implode()))
        return narrow


CORE = {"vnpolicy.builtin", "vnpolicy.rules.builtin"}  # the core plugins: their failures are vnpolicy's bugs


def outside_code(registry, what, name, call):
    """``call()``; if a plugin's own code (a rule kind, a derived field) fails inside it, one line naming
    the plugin instead of a traceback."""
    owner = registry.owners.get((what, name))
    if owner is None or owner in CORE:
        return call()
    try:
        return call()
    except VnpolicyError:
        raise
    except Exception as exc:
        text = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise PluginError(
            f"plugin {owner!r}: {what} {name!r} lỗi khi chạy: {text} / plugin {owner!r}: {what} {name!r} failed: "
            f"{type(exc).__name__}",
            plugin=owner,
        ) from None
