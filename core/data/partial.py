"""One person's part of a CSV folder, read without reading every cell: for ``vnpolicy explain`` of one person
of a million.

The assignments file is first read for the columns that link people to systems (``staff_id``,
``system_id``): everyone within so many shared systems of the person (:func:`.focus.sharing`). The staff
file is read as lines, each line one text: the lines holding one of those people's ids are read as CSV
(:func:`.focus.kept_ids` over the whole file says the same people). Each table's rows are cut from its lines
and read as the whole file would read them, with the same row numbers; a line holding an id among other
text is a candidate, the cells read from it decide. The other tables are read whole. The tables come out as
:func:`.readers.read_raw` followed by :func:`.focus.focus` gives them, so they are checked and assessed alike.

This is a shortcut, taken only where a line is a row: a file with a line break within a cell (a line with an
odd number of quotes; more lines than rows), a line cut that ends otherwise for a whole read (a CR left before
its end) or holds the separator lines are read by, an id searched for that holds a quote (written doubled),
or lines cut that do not hold the linking cells of the rows meant: read whole; so is the dataset when it is
not a folder of CSV files only, and when the person is not in it or what they depend on is a large part of it
(:data:`WHOLE`). A fault of the file on a row the person's results do not depend on is not read, as a value
of such a row is not checked — nor is a row CSV cannot read (more cells than the header; quotes inside an
unquoted cell, a"b) that a whole read would stop at. A quote left open is seen: its line's quotes are odd.
"""

import io
import re
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from .focus import ASSIGNMENTS, AT_LEAST, STAFF, link_frame, most, sharing
from .headers import map_columns
from .rawtable import RawTable, check_rows, check_size
from .readers import csv_table, header_checked, read_csv_folder, required, sniff, table_notes

LINKS = {STAFF: ("id",), ASSIGNMENTS: ("staff_id", "system_id")}  # the fields a part is found by
LINE = "\x1f"  # a separator no CSV file of a dataset holds: each line read as one cell (else read whole)
QUOTE = '"'  # odd in a line: a cell of two lines (read whole); in an id: written doubled, not found as text
CR = "\r"  # left in a line cut, it ends otherwise for a whole read (\r\r\n, kept in a cell): read whole


class _Whole(Exception):
    """The shortcut does not apply: the dataset is read whole."""


WHOLE = object()  # what read_part gives where the person's part is the whole dataset (or they are not in it)


def read_part(path, limits, staff_id, depth=None):
    """The raw tables of ``staff_id``'s part of the CSV folder ``path``, up to ``depth`` shared systems away
    (None: any number); :data:`WHOLE` where that part is the whole dataset, as :func:`.focus.focus` would find
    (the dataset is then read as without a person); None where the shortcut does not apply."""
    path = Path(path)
    if not path.is_dir() or any(f.suffix.lower() == ".parquet" for f in path.iterdir() if f.is_file()):
        return None
    try:
        tables = read_csv_folder(path, limits, _opened)
        staff, assignments = tables.get(STAFF), tables.get(ASSIGNMENTS)
        if not isinstance(staff, _Lines) or (assignments is not None and not isinstance(assignments, _Linked)):
            return None
        links = None if assignments is None else link_frame(assignments.links)
        found = _people(staff, links, staff_id, depth)
        if found is None:
            return WHOLE
        people, rows = found
        tables[STAFF] = staff.table(rows)
        if assignments is not None:
            tables[ASSIGNMENTS] = assignments.rows(pl.col("staff_id").str.strip_chars().is_in(people.implode()))
    except _Whole:
        return None
    required(path, tables)
    return tables


def _people(staff, links, staff_id, depth):
    """(the ids of the people ``staff_id``'s results depend on, their staff rows as read with their line ``_at``),
    as :func:`.focus.kept_ids` finds them over the whole file; None when that is the whole dataset."""
    # the lines below the header are at least the rows: beyond most(lines), beyond most(rows) too
    people = sharing(links, staff_id, most(staff.below), depth)
    if people is None:
        return None
    people = people["id"]
    if people.len() > AT_LEAST and people.len() > most(staff.row_count()):  # rows counted where they decide
        return None
    own = staff.find("id", people, first=True)
    if not own.filter(_stripped(staff, "id") == staff_id).height:
        return None  # no such person: the whole read says so
    return people, own.sort("_at")


def _stripped(file, field):
    """A linking field's cells as read, without surrounding spaces."""
    return pl.col(file.raw[field]).str.strip_chars()


class _File:
    """A staff or assignments CSV file whose header is read and checked as a whole read checks it."""

    def __init__(self, file, name, where, separator, skip, columns, raw):
        self.file, self.name, self.source, self.separator, self.skip = file, name, where, separator, skip
        self.columns, self.raw = columns, raw  # raw: a linking field's column as written

    def lines(self, n_rows=None):
        """The file's lines, each one text (a blank line null), the lines above its header too."""
        try:
            lines = pl.read_csv(
                self.file,
                has_header=False,
                separator=LINE,
                quote_char=None,
                infer_schema=False,
                encoding="utf8",
                n_rows=n_rows,
            )
        except Exception:  # noqa: BLE001 - the whole read says what is wrong (a LINE in a line but the first)
            raise _Whole from None
        if lines.width != 1:  # a LINE in the first line
            raise _Whole
        return lines.to_series()

    def read(self, header, lines, at):
        """The rows of ``lines`` (the file's lines at ``at``), each line one row, read as the whole file reads
        them, with their line ``_at``."""
        if lines.null_count() or lines.str.contains(CR, literal=True).any():
            raise _Whole
        text = "\n".join([header, *lines.to_list()])
        try:
            frame = pl.read_csv(io.BytesIO(text.encode()), infer_schema=False, separator=self.separator)
            frame = header_checked(frame, self.source, self.skip)
        except Exception:  # noqa: BLE001
            raise _Whole from None
        if frame.columns != self.columns or frame.height != at.len():
            raise _Whole  # the lines are not rows as the header has them
        return frame.with_columns(at.cast(pl.UInt32).alias("_at"))

    def table(self, rows):
        """The table of ``rows`` (:meth:`read`), as a whole read gives them: fields named, row numbers."""
        names, keep, notes = map_columns(self.name, self.columns, self.source, self.skip + 1)
        kept = [self.columns[i] for i in keep]
        frame = rows.select((pl.col("_at") + 1).alias("_row"), *kept).rename(dict(zip(kept, names)))
        notes = table_notes(notes, self.separator, self.skip)
        return RawTable(self.name, frame, self.source, "dòng", self.skip + 1, notes)


class _Lines(_File):
    """The staff file, read as lines: the rows asked for are found by the text they hold."""

    def __init__(self, lines, *args):
        super().__init__(*args)
        self.header, self.below = lines[self.skip], lines.len() - self.skip - 1  # below: lines under the header
        self.all = lines.to_frame("line").with_row_index("_at")  # the lines' chunks searched side by side

    def row_count(self):
        """The rows a whole read counts: the lines below the header but blank ones (empty, or separators only:
        a row of empty cells is no row). A column the whole read drops (row numbers) could make a line blank
        that is not so here: then the whole folder is read."""
        if len(map_columns(self.name, self.columns, self.source, self.skip + 1)[1]) < len(self.columns):
            raise _Whole
        blank = pl.col("line").is_null() | pl.col("line").str.contains(f"^{re.escape(self.separator)}*$")
        return self.below - self.all.lazy().filter(pl.col("_at") > self.skip, blank).select(pl.len()).collect().item()

    def find(self, field, values, first=False):
        """The rows (:meth:`_File.read`) whose ``field``, stripped, is one of ``values``: read from the lines
        holding one of them as text. ``first``: the file's first search, which also finds every line with a
        quote, so that a cell of two lines (a line with an odd number of quotes) sends the whole folder to the
        whole read."""
        values = values.cast(pl.Utf8)
        if values.str.contains(QUOTE, literal=True).any():
            raise _Whole  # written as "a""b" in the file: not found as text
        patterns = values.to_list() + ([QUOTE] if first else [])
        held = pl.col("line").str.contains_any(patterns) if patterns else False
        hits = self.all.lazy().filter(pl.col("_at") > self.skip, held).collect()
        quoted = hits.filter(pl.col("line").str.contains(QUOTE, literal=True)) if first else hits.head(0)
        if quoted.height:
            if quoted.select((pl.col("line").str.count_matches(QUOTE, literal=True) % 2 == 1).any()).item():
                raise _Whole
            hits = hits.filter(pl.col("line").str.contains_any(values.to_list()))
        rows = self.read(self.header, hits["line"], hits["_at"])
        return rows.filter(_stripped(self, field).is_in(values.implode()))


class _Linked(_File):
    """The assignments file, of which only the linking columns are read yet."""

    def __init__(self, links, *args):
        super().__init__(*args)
        self.links = links

    def rows(self, which):
        """The table of the rows where ``which`` (on the linking columns) holds, as a whole read gives them."""
        chosen = self.links.with_row_index("_at").filter(which)
        lines = self.lines()
        if lines.len() != self.skip + 1 + self.links.height or lines[self.skip] is None:
            raise _Whole  # a line break within a cell, or lines counted otherwise than rows
        at = chosen["_at"] + self.skip + 1
        rows = self.read(lines[self.skip], lines.gather(at), at)
        links = rows.select(pl.col(self.raw[f]).alias(f) for f in LINKS[self.name])
        if not links.equals(chosen.drop("_at")):
            raise _Whole  # the lines cut are not the rows meant
        return self.table(rows)


def _opened(file, name, where, limits):
    """The staff file as lines, the assignments file by its linking columns (each header checked as a whole
    read checks it); the others whole."""
    if name not in LINKS:
        return csv_table(file, name, where, limits)
    check_size(file, "csv_mb", limits, where)
    separator, skip = sniff(file, name)
    options = {"infer_schema": False, "encoding": "utf8", "separator": separator, "skip_rows": skip}
    try:
        head = pl.read_csv(file, n_rows=0, **options)
    except Exception:  # noqa: BLE001 - an empty or unreadable file: the whole read says what it is
        raise _Whole from None
    raw_names = head.columns
    try:  # a header at fault is said by the whole read, in its order
        columns = header_checked(head, where, skip).columns
        names, keep, _ = map_columns(name, columns, where, skip + 1)
    except DatasetError:
        raise _Whole from None
    at = {field: raw_names[i] for field, i in zip(names, keep)}
    if not set(LINKS[name]) <= set(at):
        raise _Whole
    raw = {f: columns[raw_names.index(at[f])] for f in LINKS[name]}
    opened = (file, name, where, separator, skip, columns, raw)
    if name == STAFF:
        lines = _File(*opened).lines(skip + limits.rows + 2)
        if lines.len() <= skip or lines[skip] is None:
            raise _Whole
        if lines.len() - skip - 1 > limits.rows:  # lines, not rows (a cell of two lines): the whole read says
            raise _Whole
        return _Lines(lines, *opened)
    try:
        links = pl.read_csv(file, n_rows=limits.rows + 1, columns=[at[f] for f in LINKS[name]], **options)
    except Exception:  # noqa: BLE001
        raise _Whole from None
    check_rows(where, links.height, limits)
    return _Linked(links.rename({at[f]: f for f in LINKS[name]}), *opened)
