"""The dataset: read, normalised and validated once, then held as typed polars tables.

Validation runs cerberus on each column's distinct values (a column of 100,000 cells typically has a
handful of distinct codes or dates), then maps the normalised values back onto the whole column.
Uniqueness, required cells and references are checked on whole columns. Every problem is reported
with table, row, column, what was found and what was expected; any problem and nothing is assessed.
"""

import difflib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from .columns import normalise as _normalise
from .columns import where as _where
from .columns import whole_columns
from .headers import note_line
from .limits import DEFAULT
from .lookup import beside, positions
from .rawtable import cell_text as _cell
from .rawtable import shown
from .readers import read_raw
from .references import check_references, look_up
from .schema import NOTE_COLUMNS, RATING_COLUMN, TABLES

MAX_ERRORS = 20
ROW = "__row"  # a staff member's row: the integer key the engine joins on (joins on text are slow)
SYSTEM_ROW = "__sys"  # a system's row, likewise
UNIT_FIELDS_IN_STAFF = (
    "province",
    "former_province",
    "level",
    "kind",
    "sector",
    "is_it_unit",
    "it_centre",
    "locality",
    "start_date",
    "end_date",
)


class Dataset:
    """Typed tables. ``table(name)`` always returns a frame with every registered column."""

    def __init__(self, tables, specs, source="", rows=None, pool=None):
        self.tables = tables
        self.specs = specs
        self.source = str(source)
        self._rows = rows or {}  # (table, field) -> the row of each reference in its table (or its Future)
        self.notes = []  # what reading mapped, a line per table (an office's header row, headers, separator)
        self._staff_view = None
        self._assignment_view = None
        # part of loading: every assessment reads staff with their unit, and assignments with their system;
        # polars lets go of Python while it works: the two side by side (in ``pool``: beside the checks)
        if pool is not None:
            self._making = [pool.submit(self.staff_view), pool.submit(self.assignment_view)]
            return
        with ThreadPoolExecutor(2) as both:
            views = [both.submit(self.staff_view), both.submit(self.assignment_view)]
        for view in views:
            view.result()

    def table(self, name):
        return self.tables[name]

    def _at(self, key):
        """The rows of a reference (:data:`_rows`), waited for while references are still being looked up."""
        at = self._rows.get(key)
        return at.result() if isinstance(at, Future) else at

    def units_view(self):
        """Units with their fields named as expressions read them: ``unit_id``, ``unit_name``, ``unit_<field>``,
        and ``unit_has_it_subunit``: a specialised IT unit (``is_it_unit``) has this unit as its parent."""
        units = self.table("units")
        it_parents = units.filter(pl.col("is_it_unit").fill_null(False))["parent_id"].drop_nulls()
        return units.select(
            pl.col("id").alias("unit_id"),
            pl.col("name").alias("unit_name"),
            *[pl.col(f).alias(f"unit_{f}") for f in UNIT_FIELDS_IN_STAFF],
            pl.col("id").is_in(it_parents.implode()).alias("unit_has_it_subunit"),
        )

    def staff_view(self):
        """Staff with their unit's fields as ``unit_<field>``: what staff expressions can read."""
        if self._staff_view is None:
            staff = self.table("staff").with_row_index(ROW)
            units = self.units_view()
            self._staff_view = beside(staff, units, "unit_id", self._at(("staff", "unit_id")))
            if self._staff_view is None:
                self._staff_view = staff.join(units, on="unit_id", how="left", maintain_order="left")
        return self._staff_view

    def assignment_view(self):
        """Assignments with their system's fields (``name`` as ``system_name``), the staff row and the
        system row (integer join keys), sorted by staff row and then in the order a person's system is
        chosen: highest level, earliest assignment, lowest system id. The date filter keeps this order."""
        if self._assignment_view is None:
            systems = (
                self.table("systems").with_row_index(SYSTEM_ROW).rename({"id": "system_id", "name": "system_name"})
            )
            assignments = self.table("assignments").rename(
                {"start_date": "assignment_start", "end_date": "assignment_end", "decision": "assignment_decision"}
            )
            at = self._at(("assignments", "staff_id"))  # a staff row is its position
            joined = beside(assignments, systems, "system_id", self._at(("assignments", "system_id")))
            if joined is None or at is None:
                assignments = assignments.join(systems, on="system_id", how="inner")
                at = positions(assignments["staff_id"], self.table("staff")["id"])
            else:
                kept = joined[SYSTEM_ROW].is_not_null()
                assignments, at = joined.filter(kept), at.filter(kept)
            if at is None:
                rows = self.staff_view().select(pl.col("id").alias("staff_id"), ROW)
                assignments = assignments.join(rows, on="staff_id", how="inner")
            else:
                assignments = assignments.with_columns(at.alias(ROW)).filter(pl.col(ROW).is_not_null())
            ids = self.table("systems")["id"]  # unique: in ascending order, a system's row orders as its id does
            last = SYSTEM_ROW if ids.null_count() == 0 and ids.is_sorted() else "system_id"
            self._assignment_view = assignments.sort(
                [ROW, "security_level", "assignment_start", last],
                descending=[False, True, False, False],
                nulls_last=True,
            )
        return self._assignment_view


def load_dataset(path, registry, lang="vi", limits=None, person=None, depth=None):
    """Read (bounded by ``limits``, :mod:`vnpolicy.data.limits`), check and type a dataset; with ``person`` (a
    staff id), only the rows that person's results depend on are checked and kept (:mod:`.focus`): up to
    ``depth`` shared systems away (None: any number)."""
    raw = None
    if person is not None:  # a CSV folder: only the person's rows are read (:mod:`.partial`)
        from .partial import WHOLE, read_part

        raw = read_part(path, limits or DEFAULT, person, depth)
        if raw is WHOLE:  # their part is the whole dataset: read as such
            raw = person = None
    if raw is None and person is None:  # CSV columns read typed where polars reads them as the schema does
        raw = read_raw(path, limits, {t: registry.table_fields(t) for t in TABLES})
        try:
            return _checked(raw, registry, path, lang)
        except DatasetError:  # something is wrong: read again as text, so that it is named as ever
            if not any(t.typed for t in raw.values()):
                raise
            raw = None
    if raw is None:
        raw = read_raw(path, limits)
        if person is not None:
            from .focus import focus

            raw = focus(raw, person, depth)
    return _checked(raw, registry, path, lang)


def _checked(raw, registry, path, lang):
    data = validate(raw, registry, source=Path(path), lang=lang)
    data.notes = [line for line in (note_line(t, lang) for t in raw.values()) if line]
    return data


def validate(raw, registry, source="", lang="vi"):
    problems = []
    tables = {}
    specs = {t: registry.table_fields(t) for t in TABLES}
    for name in TABLES:
        if name in raw:
            tables[name] = _validate_table(raw[name], specs[name], problems, lang)
        else:
            tables[name] = _empty(specs[name])
        if len(problems) >= MAX_ERRORS:
            break
    if not problems:
        with ThreadPoolExecutor(2) as pool:  # references looked up side by side, the views made as they come
            found = look_up(raw, tables, specs, pool)
            data = Dataset(tables, specs, source, found, pool)
            rows = check_references(raw, tables, specs, found, problems, lang)
    if problems:
        raise DatasetError(
            problems[:MAX_ERRORS]
            + (
                [
                    f"... và {len(problems) - MAX_ERRORS} lỗi khác"
                    if lang == "vi"
                    else f"... and {len(problems) - MAX_ERRORS} more"
                ]
                if len(problems) > MAX_ERRORS
                else []
            )
        )
    for view in data._making:
        view.result()
    data._rows = rows
    return data


def _empty(table_specs):
    return pl.DataFrame(schema={n: s.dtype for n, s in table_specs.items() if n != "ratings"})


def _validate_table(raw, table_specs, problems, lang):
    frame = raw.frame
    vi = lang == "vi"
    columns = [c for c in frame.columns if c != "_row"]
    ratings = table_specs.get("ratings")
    for column in columns:
        known = column in table_specs and column != "ratings"
        if known or NOTE_COLUMNS.match(column) or (ratings and RATING_COLUMN.match(column)):
            continue
        close = difflib.get_close_matches(column, [n for n in table_specs if n != "ratings"], n=1)
        hint = (f"; có phải {close[0]!r}?" if vi else f"; did you mean {close[0]!r}?") if close else ""
        problems.append(
            f"{raw.source}{_header_row(raw, vi)}, {'cột' if vi else 'column'} {shown(column)}: "
            + (
                f"cột không có trong hợp đồng dữ liệu của bảng {raw.name}{hint}"
                if vi
                else f"not a column of table {raw.name} in the data contract{hint}"
            )
        )
    out = {"_row": frame["_row"]}
    fields = {c: table_specs["ratings"] for c in columns if ratings and RATING_COLUMN.match(c)}
    fields.update({n: s for n, s in table_specs.items() if n != "ratings" and n in frame.columns})
    whole = whole_columns(frame, fields)
    for name, spec in table_specs.items():
        if name == "ratings":
            for column in columns:
                if RATING_COLUMN.match(column):
                    out[column] = _normalise(
                        raw, frame[column], spec, column, problems, lang, whole.get(column), column in whole
                    )
            continue
        if name not in frame.columns:
            if spec.required and frame.height:
                problems.append(
                    f"{raw.source}: " + (f"thiếu cột bắt buộc {name}" if vi else f"missing required column {name}")
                )
            out[name] = pl.repeat(spec.default, frame.height, dtype=spec.dtype, eager=True).alias(name)
            continue
        out[name] = _normalise(raw, frame[name], spec, name, problems, lang, whole.get(name), name in whole)
    typed = pl.DataFrame(out)
    _check_order(raw, typed, table_specs, problems, lang)
    for name, spec in table_specs.items():
        if spec.unique and name in frame.columns and _repeats(typed[name]):
            dup = typed.filter(~pl.col(name).is_first_distinct() & pl.col(name).is_not_null())
            if dup.height:
                again = dup.row(0, named=True)
                first = typed.filter(pl.col(name) == again[name])["_row"][0]
                problems.append(
                    f"{_where(raw, again['_row'], name, lang)}: "
                    + (
                        f"mã {again[name]!r} bị trùng với dòng {first}; cần mỗi dòng một mã riêng"
                        if vi
                        else f"{again[name]!r} repeats row {first}; expected a unique id"
                    )
                )
        if spec.unique_with and name in frame.columns:
            _check_unique_with(raw, typed, name, spec.unique_with, problems, lang)
    return typed.drop("_row")


def _header_row(raw, vi):
    """``, dòng 3`` where the column names stand on a row (a sheet, a CSV file); nothing for a database's table."""
    return "" if raw.header_row is None else f", {'dòng' if vi else 'row'} {raw.header_row}"


def _repeats(column):
    """Whether a value is given twice: neighbours compared when the column is sorted (ids often are), else counted."""
    column = column.drop_nulls()
    if column.is_sorted():
        return bool((column.slice(1) == column.slice(0, column.len() - 1)).any()) if column.len() > 1 else False
    return column.n_unique() < column.len()


def _check_unique_with(raw, typed, name, others, problems, lang):
    """A value given twice for the same other fields (an indicator twice for one province and year)."""
    keys = [name, *others]
    known = pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    dup = typed.filter(~pl.struct(keys).is_first_distinct() & known)
    if not dup.height:
        return
    again = dup.row(0, named=True)
    first = typed.filter(pl.all_horizontal(pl.col(k) == again[k] for k in keys))["_row"][0]
    of = ", ".join(f"{k} {again[k]}" for k in others)
    problems.append(
        f"{_where(raw, again['_row'], name, lang)}: "
        + (
            f"{again[name]!r} của {of} đã có ở dòng {first}; cần mỗi ({', '.join(keys)}) một dòng"
            if lang == "vi"
            else f"{again[name]!r} for {of} repeats row {first}; expected one row per ({', '.join(keys)})"
        )
    )


def _check_order(raw, typed, table_specs, problems, lang):
    """A date that may not precede another of the same row (an end before its start) is an error."""
    for name, spec in table_specs.items():
        other = spec.not_before
        if not other or name not in raw.frame.columns or other not in raw.frame.columns:
            continue
        wrong = typed.filter(pl.col(name) < pl.col(other))
        if wrong.height:
            row = wrong["_row"][0]
            found = raw.frame.filter(pl.col("_row") == row).row(0, named=True)
            problems.append(
                f"{_where(raw, row, name, lang)}: "
                + (
                    f"gặp {_cell(found[name])!r}, trước {other} {_cell(found[other])!r} của cùng dòng;"
                    f" cần {name} không trước {other}"
                    if lang == "vi"
                    else f"found {_cell(found[name])!r}, before {other} {_cell(found[other])!r} of the same row;"
                    f" expected {name} on or after {other}"
                )
            )
