"""Reading a dataset kept as tables rather than text: a folder of Parquet files (a file per table, named
as the CSV files are), or a DuckDB or SQLite database file holding the contract's tables.

Each table comes out as the CSV form's does (:mod:`.readers`): every cell as text, so that validation
and its messages are the same for every form. A typed column keeps its meaning as text (a date as
``2024-01-05``, a yes/no as ``true``, a list of codes as ``a;b``). Tables and columns are named as in
the CSV form (English or Vietnamese, office headers); anything else is an error with a suggestion.
A database's rows are numbered by its ``rowid`` (``SELECT * FROM staff WHERE rowid = 3``), a Parquet
file's from 1. Reading is columnar: a DuckDB table is copied out as Parquet by DuckDB itself and read by
polars; SQLite, whose cells each carry their own type, is read as text by SQL (``CAST(... AS TEXT)``), a
slice of rows at a time, each column written by SQLite as one JSON array that polars reads.
"""

import sqlite3
import tempfile
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from . import libraries
from .aliases import table_of
from .headers import map_columns
from .rawtable import RawTable, check_rows, is_note, shown, twice, unknown_table

DATABASES = (".duckdb", ".sqlite", ".sqlite3", ".db")
SQLITE_MAGIC = b"SQLite format 3\x00"
DUCKDB_MAGIC = b"DUCK"  # at byte 8 of a DuckDB file
KEPT = (pl.Date, pl.Boolean)  # kept typed, with the whole numbers
ROW = "__vnpolicy_row"  # a DuckDB row's number as copied out
ROWID = "rowid"  # the word before a database row's number in a message (also in English)
ROWIDS = ("rowid", "_rowid_", "oid")  # SQLite's names for a row's number (a column may take any)


def _quoted(name):
    return '"' + str(name).replace('"', '""') + '"'


def as_text(frame):
    """Every column of a typed frame as text, as the CSV form would hold it; except dates, yes/no and whole
    numbers, kept typed: validation takes a column already of its field's type as it is (:mod:`.columns`)."""
    columns = []
    for name, kind in frame.schema.items():
        column = pl.col(name)
        if kind in KEPT or kind.is_integer():
            columns.append(column)
            continue
        if isinstance(kind, pl.List):
            column = column.list.eval(pl.element().cast(pl.Utf8, strict=False)).list.join(";")
        elif isinstance(kind, pl.Datetime):
            columns.append(column.dt.date().alias(name))
            continue
        elif kind.is_nested() or kind == pl.Object:
            raise DatasetError(f"cột {shown(name)}: gặp kiểu {kind}, cần một giá trị / found {kind}, expected a value")
        columns.append(column.cast(pl.Utf8, strict=False).alias(name))
    return frame.select(columns)


def _table(name, frame, rows, source, row_word, where):
    """A RawTable from a typed frame and its row numbers; columns named as the CSV form names them."""
    try:
        frame = as_text(frame.drop("_row", strict=False))  # a note column of that name would clash with ours
    except DatasetError as exc:
        raise DatasetError(f"{where}, {exc.args[0]}") from None
    names, keep, notes = map_columns(name, frame.columns, where, None)
    kept = [frame.columns[i] for i in keep]
    frame = frame.select(kept).rename(dict(zip(kept, names)))
    frame = frame.with_columns(pl.Series("_row", rows, dtype=pl.Int64)).select("_row", *names)
    return RawTable(name, frame, source, row_word, None, notes)


def _named(found, source, what_vi, what_en):
    """{table: (its name in the source, where)} of found names; unknown names and tables twice are errors."""
    tables, problems = {}, []
    for name, where in found:
        table = table_of(name)
        if table is None:
            if not is_note(name):
                problems.append(unknown_table(where, name, what_vi, what_en))
        elif table in tables:
            problems.append(twice(where, table, tables[table][1]))
        else:
            tables[table] = (name, where)
    if problems:
        raise DatasetError(problems)
    return tables


def read_parquet_folder(folder, limits):
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() == ".parquet")
    named = _named([(f.stem, shown(f.name)) for f in files], folder, "tệp", "file")
    tables = {}
    for table, (stem, where) in named.items():
        file = folder / f"{stem}{next(f.suffix for f in files if f.stem == stem)}"
        try:
            count = pl.scan_parquet(file).select(pl.len()).collect().item()
            check_rows(where, count, limits)
            frame = pl.read_parquet(file)
        except DatasetError:
            raise
        except Exception as exc:  # polars raises several kinds for a file that is not Parquet
            raise DatasetError(
                f"{where}: không đọc được Parquet: {_first(exc)} / not a readable Parquet file"
            ) from None
        tables[table] = _table(table, frame, range(1, frame.height + 1), where, "dòng", where)
    return tables


def database_kind(path):
    """ "sqlite" or "duckdb", from the file's first bytes, whatever its name; else an error."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise DatasetError(f"{path.name}: không đọc được tệp: {exc.strerror} / cannot read the file") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == DUCKDB_MAGIC:
        return "duckdb"
    raise DatasetError(
        f"{path.name}: không phải cơ sở dữ liệu SQLite hay DuckDB / not a SQLite or DuckDB database file"
    )


def read_database(path, limits):
    kind = database_kind(path)
    return (_read_sqlite if kind == "sqlite" else _read_duckdb)(path, limits)


def _read_sqlite(path, limits):
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatasetError(f"{path.name}: không mở được SQLite: {exc} / cannot open the SQLite database") from None
    db.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    try:
        found = db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            " ORDER BY name"
        ).fetchall()
        named = _named([(n, f"{path.name}:{shown(n)}") for (n,) in found], path.name, "bảng", "table")
        return {table: _sqlite_table(db, table, name, where, limits) for table, (name, where) in named.items()}
    except sqlite3.Error as exc:
        raise DatasetError(f"{path.name}: không đọc được SQLite: {exc} / cannot read the SQLite database") from None
    finally:
        db.close()


def _sqlite_table(db, table, name, where, limits):
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({_quoted(name)})")]
    count = db.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0]
    check_rows(where, count, limits)
    rowid = _rowid(columns)
    frame = _sqlite_columns(db, name, columns, count, rowid) if rowid else None
    if frame is not None:
        return _table(table, frame.drop(ROW), frame[ROW], where, ROWID, where)
    rows, row_word = _sqlite_rows(db, name, columns, rowid)
    data = list(zip(*rows)) if rows else [()] * (len(columns) + 1)
    frame = pl.DataFrame({c: pl.Series(c, data[i + 1], dtype=pl.Utf8) for i, c in enumerate(columns)})
    return _table(table, frame, data[0], where, row_word, where)


def _rowid(columns):
    """The name that reads a SQLite table's row numbers: the first of SQLite's three that no column takes
    (a column named ``rowid`` reads as itself); None when the columns take all three."""
    taken = {c.lower() for c in columns}
    return next((n for n in ROWIDS if n not in taken), None)


def _sqlite_rows(db, name, columns, rowid):
    """(each row as (its rowid, its cells as text), the word for the numbers): a view, a table WITHOUT ROWID
    or one whose columns take every name of its rowid has none: its rows are counted from 1."""
    cells = ", ".join(f"CAST({_quoted(c)} AS TEXT)" for c in columns)
    if rowid is not None:
        try:
            return db.execute(f"SELECT {rowid}, {cells} FROM {_quoted(name)} ORDER BY {rowid}").fetchall(), ROWID
        except sqlite3.OperationalError:
            pass
    rows = db.execute(f"SELECT {cells} FROM {_quoted(name)}").fetchall()
    return [(i, *r) for i, r in enumerate(rows, 1)], "dòng"


SLICE = 100_000  # rows of a SQLite table put into columns at a time
JSON_BYTES = 8_000_000  # the longest JSON array of a column's slice; a longer one: the table is read row by row


def _sqlite_columns(db, name, columns, count, rowid):
    """A table with a rowid as columns of text (and its rowid as ``ROW``), ``SLICE`` rows at a time: SQLite
    writes each column of a slice as one JSON array of its cells (``CAST(... AS TEXT)``, as the rows are read
    otherwise) and polars reads the arrays — no Python object per cell (a million staff: 3.6 s against 9 s).
    None where that does not apply (a view, a table without rowid, a UTF-16 file, a column named as ``ROW``; a
    slice SQLite or polars cannot put into JSON, a column's JSON over ``JSON_BYTES``, or a slice that does not
    come out whole): the rows are then read one by one."""
    names = [ROW, *columns]
    if len(set(names)) < len(names):  # a column named as ours (or twice): row by row, as the names are read
        return None
    if db.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":  # SQLite's JSON words a UTF-16 fault otherwise
        return None
    longest = db.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, JSON_BYTES)  # memory bounded: long or escaped cells go row by row
    try:
        return _json_slices(db, name, columns, count, names, rowid)
    finally:
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, longest)


def _json_slices(db, name, columns, count, names, rowid):
    arrays = ", ".join(
        f"json_group_array(CAST({_quoted(c)} AS TEXT))" for c in (rowid, *(f"c{i}" for i in range(len(columns))))
    )
    inner = ", ".join(f"{_quoted(c)} AS c{i}" for i, c in enumerate(columns))
    query = (
        f"SELECT max({rowid}), count(*), {arrays} FROM"
        f" (SELECT {rowid}, {inner} FROM {_quoted(name)} WHERE {rowid} > ? ORDER BY {rowid} LIMIT {SLICE})"
    )
    parts, last, seen = [], None, 0
    try:
        while seen < count:
            last, rows, *cells = db.execute(query, (-(2**63) if last is None else last,)).fetchone()
            if not rows:
                break
            part = pl.DataFrame({n: [c] for n, c in zip(names, cells)}, schema=dict.fromkeys(names, pl.Utf8))
            part = part.select(pl.all().str.json_decode(pl.List(pl.Utf8)).explode())
            parts.append(part.with_columns(pl.col(ROW).cast(pl.Int64)).sort(ROW))  # a slice's cells in rowid order
            seen += rows
    except (sqlite3.Error, pl.exceptions.PolarsError, MemoryError):
        return None
    frame = pl.concat(parts) if parts else pl.DataFrame(schema={ROW: pl.Int64, **dict.fromkeys(columns, pl.Utf8)})
    return frame if frame.height == count == seen and frame[ROW].null_count() == 0 else None


def _read_duckdb(path, limits):
    duckdb = libraries.duckdb()

    try:
        db = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(
            f"{path.name}: không mở được DuckDB: {_first(exc)} / cannot open the DuckDB database"
        ) from None
    try:
        db.execute("SET enable_progress_bar = false")  # nothing on the terminal but what vnpolicy says
        found = db.execute(
            "SELECT table_name, table_type FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name"
        ).fetchall()
        kinds = dict(found)
        named = _named([(n, f"{path.name}:{shown(n)}") for n, _ in found], path.name, "bảng", "table")
        with tempfile.TemporaryDirectory(prefix="vnpolicy-duckdb-") as parts:
            return {
                table: _duckdb_table(db, table, name, where, kinds[name] == "BASE TABLE", Path(parts), limits)
                for table, (name, where) in named.items()
            }
    except duckdb.Error as exc:
        raise DatasetError(
            f"{path.name}: không đọc được DuckDB: {_first(exc)} / cannot read the DuckDB database"
        ) from None
    finally:
        db.close()


def _duckdb_table(db, table, name, where, has_rowid, parts, limits):
    check_rows(where, db.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0], limits)
    columns = db.sql(f"SELECT * FROM {_quoted(name)} LIMIT 0").columns
    has_rowid = has_rowid and "rowid" not in {c.lower() for c in columns}  # a column named rowid reads as itself
    row = "rowid" if has_rowid else "row_number() OVER ()"
    order = " ORDER BY rowid" if has_rowid else ""
    file = parts / f"{table}.parquet"
    target = str(file).replace("'", "''")
    db.execute(f"COPY (SELECT {row} AS {_quoted(ROW)}, * FROM {_quoted(name)}{order}) TO '{target}' (FORMAT parquet)")
    frame = pl.read_parquet(file)
    rows = frame[ROW].cast(pl.Int64)
    return _table(table, frame.drop(ROW), rows, where, ROWID if has_rowid else "dòng", where)


def _first(exc):
    text = str(exc).strip()
    return shown(text.splitlines()[0] if text else type(exc).__name__)
