"""A table as read, before any checking: every cell as text with the row a person sees, and what every
reader shares: naming a table (English or Vietnamese, :mod:`.aliases`) and stopping at a limit (:mod:`.limits`)."""

import datetime as dt
import difflib
from dataclasses import dataclass, field

import polars as pl

from ..errors import DatasetError
from .aliases import TABLE_NAMES, table_words
from .limits import MB, over, size_mb
from .schema import NOTE_COLUMNS, fold


@dataclass
class RawTable:
    name: str
    frame: pl.DataFrame  # all columns text (unless ``typed``), plus _row
    source: str  # file name (or workbook:sheet) for messages
    row_word: str  # "dòng" for spreadsheets and YAML lines, "bản ghi" for JSON records
    header_row: int = 1  # the row of the column names (a title may stand above them)
    notes: list = field(default_factory=list)  # (vi, en) of each mapping made: header row, columns, separator
    typed: bool = False  # some columns read typed (:mod:`.typedcsv`), not as text


def shown(text):
    """A name as a message can print it on one line: control characters written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def is_note(name):
    return bool(NOTE_COLUMNS.match(fold(name)))


def unknown_table(where, name, what_vi, what_en):
    words = table_words()
    close = difflib.get_close_matches(fold(name), [fold(w) for w in words], n=1, cutoff=0.5)
    word = next(w for w in words if fold(w) == close[0]) if close else None
    known = "; ".join(f"{t} ({', '.join(w)})" for t, w in TABLE_NAMES.items())
    return (
        f"{where}: {what_vi} {name!r} không có trong hợp đồng dữ liệu; các bảng: {known}"
        + (f"; có phải {word!r}?" if word else "")
        + f" / {what_en} {name!r} is not a table of the data contract"
        + (f"; did you mean {word!r}?" if word else "")
    )


def twice(where, table, first):
    return f"{where}: bảng {table} đã có ở {first} / table {table} is given twice (also {first})"


def check_size(file, key, limits, where=None):
    size = file.stat().st_size
    if size > getattr(limits, key) * MB:
        raise DatasetError(f"{where or file.name}: " + over(key, limits, f"{size_mb(size)} MB", f"{size_mb(size)} MB"))


def check_rows(where, count, limits):
    if count > limits.rows:
        raise DatasetError(
            f"{where}: " + over("rows", limits, f"hơn {limits.rows} dòng", f"more than {limits.rows} rows")
        )


def cell_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    text = str(value)
    return text if text.strip() else None


def text_frame(columns, rows, row_numbers):
    data = {"_row": pl.Series("_row", row_numbers, dtype=pl.UInt32)}  # first: a record of no fields is a row too
    data.update({c: [cell_text(r[i]) if i < len(r) else None for r in rows] for i, c in enumerate(columns)})
    return pl.DataFrame(data, schema={"_row": pl.UInt32, **{c: pl.Utf8 for c in columns}})
