"""One person's part of a CSV folder, read without reading every cell: for ``vnpolicy explain`` of one person
of a million.

The staff file and the assignments file are first read for the columns that link people (``id``, ``unit_id``;
``staff_id``, ``system_id``); :func:`.focus.kept_ids` says whose rows the person's results depend on; those
rows alone are then cut from the file's lines and read as the whole file would read them, with the same row
numbers. The other tables are read whole. The tables come out as :func:`.readers.read_raw` followed by
:func:`.focus.focus` gives them, so they are checked and assessed alike.

This is a shortcut, taken only where a line is a row: a file with a line break within a cell (more lines than
rows), or whose lines cut do not hold the linking cells of the rows meant, is read whole, as is the dataset
when the person is not in it, when what they depend on is a large part of it, or when it is not a folder of
CSV files only. A fault of the file on a row
the person's results do not depend on is not read, as a value of such a row is not checked.
"""

import io
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from .focus import ASSIGNMENTS, STAFF, kept_ids, link_frame
from .headers import map_columns
from .rawtable import RawTable, check_rows, check_size
from .readers import csv_table, header_checked, read_csv_folder, required, sniff, table_notes

LINKS = {STAFF: ("id", "unit_id"), ASSIGNMENTS: ("staff_id", "system_id")}
LINE = "\x1f"  # a separator no CSV file of a dataset holds: each line read as one cell


class _Whole(Exception):
    """The shortcut does not apply: the dataset is read whole."""


def read_part(path, limits, staff_id):
    """The raw tables of ``staff_id``'s part of the CSV folder ``path``; None where the shortcut does not apply."""
    path = Path(path)
    if not path.is_dir() or any(f.suffix.lower() == ".parquet" for f in path.iterdir() if f.is_file()):
        return None
    try:
        tables = read_csv_folder(path, limits, _linked)
        staff, assignments = tables.get(STAFF), tables.get(ASSIGNMENTS)
        if not isinstance(staff, _Linked) or (assignments is not None and not isinstance(assignments, _Linked)):
            return None
        links = None if assignments is None else link_frame(assignments.links)
        ids = staff.links.select(pl.col("id", "unit_id").str.strip_chars())  # once, for both steps below
        kept = kept_ids(ids, links, staff_id, stripped=True)
        if kept is None:
            return None
        tables[STAFF] = staff.rows(ids["id"].is_in(kept))
        if assignments is not None:
            tables[ASSIGNMENTS] = assignments.rows(pl.col("staff_id").str.strip_chars().is_in(kept))
    except _Whole:
        return None
    required(path, tables)
    return tables


class _Linked:
    """A CSV file of which only the linking columns are read yet."""

    def __init__(self, file, name, where, separator, skip, columns, raw, links):
        self.file, self.name, self.source, self.separator, self.skip = file, name, where, separator, skip
        self.columns, self.raw, self.links = columns, raw, links  # raw: a linking field's column as written

    def rows(self, which):
        """The table of the rows where ``which`` (on the linking columns, or a boolean Series beside them)
        holds, as a whole read gives them."""
        chosen = self.links.with_row_index("_at").filter(which)
        at = chosen["_at"]
        try:
            lines = pl.read_csv(
                self.file, has_header=False, separator=LINE, quote_char=None, infer_schema=False, encoding="utf8"
            ).to_series()
        except Exception:  # noqa: BLE001 - the whole read says what is wrong
            raise _Whole from None
        if lines.len() != self.skip + 1 + self.links.height or lines[self.skip] is None:
            raise _Whole  # a line break within a cell, or lines counted otherwise than rows
        cut = lines.gather(at + self.skip + 1)
        if cut.null_count():
            raise _Whole
        text = "\n".join([lines[self.skip], *cut.to_list()])
        try:
            frame = pl.read_csv(io.BytesIO(text.encode()), infer_schema=False, separator=self.separator)
            frame = header_checked(frame, self.source, self.skip)
        except Exception:  # noqa: BLE001
            raise _Whole from None
        if frame.columns != self.columns or not self._same_links(frame, chosen.drop("_at")):
            raise _Whole  # the lines cut are not the rows meant
        names, keep, notes = map_columns(self.name, frame.columns, self.source, self.skip + 1)
        kept = [frame.columns[i] for i in keep]
        frame = frame.select(kept).rename(dict(zip(kept, names)))
        frame = frame.with_columns((at + self.skip + 2).cast(pl.UInt32).alias("_row")).select("_row", *names)
        notes = table_notes(notes, self.separator, self.skip)
        return RawTable(self.name, frame, self.source, "dòng", self.skip + 1, notes)

    def _same_links(self, frame, chosen):
        """Whether the rows read from the lines cut hold the linking cells of the rows ``chosen``."""
        if frame.height != chosen.height:
            return False
        return frame.select(pl.col(self.raw[f]).alias(f) for f in LINKS[self.name]).equals(chosen)


def _linked(file, name, where, limits):
    """A staff or assignments file by its linking columns (checked as a whole read checks them); others whole."""
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
    try:
        links = pl.read_csv(file, n_rows=limits.rows + 1, columns=[at[f] for f in LINKS[name]], **options)
    except Exception:  # noqa: BLE001
        raise _Whole from None
    check_rows(where, links.height, limits)
    links = links.rename({at[f]: f for f in LINKS[name]})
    raw = {f: columns[raw_names.index(at[f])] for f in LINKS[name]}
    return _Linked(file, name, where, separator, skip, columns, raw, links)
