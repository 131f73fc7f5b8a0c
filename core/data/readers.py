"""Reading a dataset in any of its three forms into raw tables: every cell as text, with its row.

The forms (DATA.md): a folder of CSV files, one .xlsx workbook with a sheet per table, or one YAML or
JSON file with a key per table. Whatever the form, a table comes out as a polars DataFrame of text
columns plus ``_row``, the number a person sees (the spreadsheet row, or the YAML line, or the JSON
record), so that validation and its messages are the same for all three.

A table is named in English or by its Vietnamese name (``Hệ thống`` is systems, :mod:`.aliases`); any
other CSV file, sheet or key is an error, except an office's notes (``Ghi chú``, ``note…``, ``_…``).
Reading is bounded (:mod:`.limits`): a file's size, a workbook's unpacked size, rows per table, and
YAML's nodes and JSON's and YAML's depth are checked before or while reading, never after.
"""

import csv
import json
import re
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from .aliases import table_of
from .headers import SEARCH, find_header, header_note, map_columns
from .limits import DEFAULT, MB, over
from .rawtable import RawTable, check_rows, check_size, is_note, shown, text_frame, twice, unknown_table
from .schema import REQUIRED_TABLES
from .tabular import DATABASES, read_database, read_parquet_folder
from .typedcsv import read_typed
from .workbook import read_calamine, read_xlsx
from .yamlsrc import YamlError, load_with_lines, top_keys

SNIFF_BYTES = 64 * 1024  # a CSV file's first bytes, where its separator and header are found
DUPLICATED = re.compile(r"^(.*)_duplicated_\d+$")  # how polars renames a column named twice
CALAMINE = (".xls", ".ods")  # read by python-calamine
TOP_KEY = re.compile(r"^([^\s#:'\"\-{\[][^:\n]*):", re.M)


def read_raw(path, limits=None, fields=None):
    """The tables of a dataset as text; with ``fields`` ({table: {field: FieldSpec}}), a CSV file's columns
    that polars reads as the schema does are read typed (:mod:`.typedcsv`) and the table marked ``typed``."""
    path = Path(path)
    limits = limits or DEFAULT
    if not path.exists():
        raise DatasetError(f"{path}: không tìm thấy tệp hay thư mục dữ liệu / dataset not found")
    if path.is_dir():
        tables = _read_folder(path, limits, fields)
    elif path.suffix.lower() in DATABASES:
        tables = read_database(path, limits)
    elif path.suffix.lower() == ".xlsx":
        tables = read_xlsx(path, limits)
    elif path.suffix.lower() in CALAMINE:
        tables = read_calamine(path, limits)
    elif path.suffix.lower() in (".yaml", ".yml"):
        tables = _read_yaml(path, limits)
    elif path.suffix.lower() == ".json":
        tables = _read_json(path, limits)
    else:
        raise DatasetError(
            f"{path}: không nhận dạng được dạng dữ liệu; cần thư mục CSV hay Parquet, .xlsx, .xls, .ods, .yaml, .json,"
            f" .duckdb, .sqlite hay .db / expected a CSV or Parquet folder, .xlsx, .xls, .ods, .yaml, .json,"
            f" .duckdb, .sqlite or .db"
        )
    required(path, tables)
    return tables


def required(path, tables):
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise DatasetError(
            f"{path}: thiếu bảng {', '.join(missing)} (bắt buộc: units, staff) / missing table(s) {', '.join(missing)}"
        )


def looks_like_dataset(path, limits=None):
    """Whether ``vnpolicy validate`` should read a path as a dataset (else as policies): a folder holding
    a CSV file, a workbook, a JSON file, or a YAML file whose top-level keys name a table and not rules."""
    path, limits = Path(path), limits or DEFAULT
    if path.is_dir():
        return any(f.is_file() and f.suffix.lower() in (".csv", ".parquet") for f in path.iterdir())
    if path.suffix.lower() in (".xlsx", ".json", *CALAMINE, *DATABASES):
        return True
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    if path.stat().st_size > limits.yaml_mb * MB:
        return True  # reading it as a dataset says which limit it is over
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # the policy loader says what is wrong
    try:
        keys = top_keys(text)
    except YamlError:  # unreadable: its keys as written at the start of a line say what it was meant to be
        keys = TOP_KEY.findall(text)
    return any(table_of(str(k)) for k in keys) and "rules" not in keys


def _read_folder(folder, limits, fields=None):
    """A folder's CSV files and Parquet files, a table in one form or the other."""
    typed = (lambda file, name, where, limits: csv_table(file, name, where, limits, fields)) if fields else None
    tables = read_csv_folder(folder, limits, typed)
    if any(f.suffix.lower() == ".parquet" for f in folder.iterdir()):
        parquet = read_parquet_folder(folder, limits)
        both = [twice(t.source, n, tables[n].source) for n, t in parquet.items() if n in tables]
        if both:
            raise DatasetError(both)
        tables.update(parquet)
    return tables


def read_csv_folder(folder, limits, read=None):
    """A folder's CSV files as tables; ``read(file, name, where, limits)`` reads one (default: every row)."""
    tables, problems = {}, []
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() == ".csv")
    for file in files:
        name, where = table_of(file.stem), shown(file.name)
        if name is None:
            if not (file.name.startswith(".") or is_note(file.stem)):
                problems.append(unknown_table(where, file.stem, "tệp", "file"))
            continue
        if name in tables:
            problems.append(twice(where, name, tables[name].source))
            continue
        tables[name] = (read or csv_table)(file, name, where, limits)
    if problems:
        raise DatasetError(problems)
    return tables


def csv_table(file, name, where, limits, fields=None):
    """One CSV file as a table, every row; with ``fields`` (the schema's, by table), typed where
    :mod:`.typedcsv` can (the table is then ``typed``)."""
    check_size(file, "csv_mb", limits, where)
    separator, skip = sniff(file, name)
    frame = None
    if fields and name in fields:
        options = {"n_rows": limits.rows + 1, "separator": separator, "skip_rows": skip}
        frame = read_typed(file, name, fields[name], options)
    typed = frame is not None
    frame = _read_csv(file, where, limits, separator, skip) if frame is None else header_checked(frame, where, skip)
    check_rows(where, frame.height, limits)
    names, keep, notes = map_columns(name, frame.columns, where, skip + 1)
    kept = [frame.columns[i] for i in keep]
    frame = frame.select(kept).rename(dict(zip(kept, names)))
    frame = frame.with_row_index("_row", offset=skip + 2)
    if frame.width > 1:  # a blank line is no row, as an empty row of a sheet is none
        blank = pl.all_horizontal(pl.exclude("_row").is_null())
        if typed and frame.select(blank.any()).item():  # or a line of "" cells, which only the text tells
            return csv_table(file, name, where, limits)
        frame = frame.filter(~blank)
    return RawTable(name, frame, where, "dòng", skip + 1, table_notes(notes, separator, skip), typed)


def table_notes(notes, separator, skip):
    """What reading a CSV file mapped: its header row, its columns (``notes``), its separator."""
    notes = ([header_note(skip + 1)] if skip else []) + notes
    if separator != ",":
        notes.append((f"{separator!r} là dấu phân cách", f"{separator!r} is the separator"))
    return notes


def sniff(file, table):
    """The separator (``,`` or ``;``, whichever finds more column names) and the lines above the header."""
    with open(file, "rb") as f:
        head = f.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace").splitlines()[:SEARCH]
    found = {}
    for sep in (",", ";"):
        try:
            found[sep] = find_header(table, list(csv.reader(head, delimiter=sep)))
        except csv.Error:  # what polars makes of it is said when it reads the file
            found[sep] = (0, 0)
    separator = ";" if found[";"][1] > found[","][1] else ","
    return separator, found[separator][0]


def _read_csv(file, where, limits, separator=",", skip=0):
    try:
        frame = pl.read_csv(
            file, infer_schema=False, encoding="utf8", n_rows=limits.rows + 1, separator=separator, skip_rows=skip
        )
    except pl.exceptions.NoDataError:
        return pl.DataFrame()  # an empty file: a table with nothing in it yet
    except Exception as exc:  # polars raises several kinds for bad bytes or ragged rows
        first = shown(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        said = "cần UTF-8, phân cách bằng dấu phẩy hay chấm phẩy"
        raise DatasetError(f"{where}: không đọc được CSV ({said}): {first}") from None
    return header_checked(frame, where, skip)


def header_checked(frame, where, skip):
    """``frame`` with its column names stripped; a name polars saw twice is an error."""
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    for column in frame.columns:
        twice = DUPLICATED.match(column)
        if twice and twice.group(1) in frame.columns:
            said = f"cột {shown(twice.group(1))} viết hai lần / column written twice"
            raise DatasetError(f"{where}, dòng {skip + 1}: {said}")
    return frame


def _records_to_table(name, records, source, row_word, numbers):
    if not isinstance(records, list):
        raise DatasetError(f"{source}: bảng {name} phải là một danh sách bản ghi / table {name} must be a list")
    columns, rows = [], []
    for record, number in zip(records, numbers):
        if not isinstance(record, dict):
            raise DatasetError(
                f"{source}, {row_word} {number}: bản ghi của bảng {name} phải là một ánh xạ trường: giá trị"
                f" / a record must be a mapping field: value"
            )
        flat = {}
        for key, value in record.items():
            key = str(key)
            if key == "ratings" and isinstance(value, dict):
                for year, rating in value.items():
                    flat[f"rating_{year}"] = rating
            elif isinstance(value, dict):
                raise DatasetError(
                    f"{source}, {row_word} {number}, cột {key}: gặp một ánh xạ, cần một giá trị"
                    f" / found a mapping, expected a value"
                )
            else:
                flat[key] = value
        for key in flat:
            if key not in columns:
                columns.append(key)
        rows.append(flat)
    return RawTable(name, text_frame(columns, [[r.get(c) for c in columns] for r in rows], numbers), source, row_word)


def _read_yaml(path, limits):
    check_size(path, "yaml_mb", limits)
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8-sig"), limits)
    except YamlError as exc:
        raise DatasetError(f"{path.name}{f', dòng {exc.line}' if exc.line else ''}: {exc.message}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: tệp không phải UTF-8 / not UTF-8") from None
    return tables_from_mapping(data, path.name, "dòng", lambda key, i: lines.get((key, i), i + 1), limits)


class _Twice(Exception):
    pass


def _no_key_twice(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            record = f" (bản ghi có id {seen['id']!r})" if "id" in seen else ""
            raise _Twice(f"khoá {key!r} viết hai lần trong một ánh xạ{record} / key {key!r} written twice")
        seen[key] = value
    return seen


def _read_json(path, limits):
    check_size(path, "json_mb", limits)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), object_pairs_hook=_no_key_twice)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path.name}, dòng {exc.lineno}: JSON không đọc được: {exc.msg}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: tệp không phải UTF-8 / not UTF-8") from None
    except RecursionError:
        raise DatasetError(f"{path.name}: " + over("depth", limits, "lồng quá sâu", "nested too deep")) from None
    except (_Twice, ValueError) as exc:  # ValueError: a number of more digits than Python converts
        raise DatasetError(f"{path.name}: JSON không đọc được: {str(exc).splitlines()[0]}") from None
    depth = _depth(data, limits.depth)
    if depth > limits.depth:
        found = f"lồng sâu hơn {limits.depth} mức", f"nested deeper than {limits.depth}"
        raise DatasetError(f"{path.name}: " + over("depth", limits, *found))
    return tables_from_mapping(data, path.name, "bản ghi", lambda key, i: i + 1, limits)


def _depth(data, limit):
    """How deep lists and mappings nest (stops counting past ``limit``)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            depth += 1
            deepest = max(deepest, depth)
            if depth <= limit:
                stack += [(v, depth) for v in (value.values() if isinstance(value, dict) else value)]
    return deepest


def tables_from_mapping(data, source, row_word, number_of, limits=None):
    """The tables of a YAML/JSON mapping (or a test case's): ``number_of(key, index)`` gives a record's row."""
    limits = limits or DEFAULT
    if not isinstance(data, dict):
        raise DatasetError(
            f"{source}: cần một ánh xạ với mỗi bảng là một khoá (units, staff, ...)"
            f" / expected a mapping with a key per table"
        )
    keys, problems = {}, []
    for key in data:
        name = table_of(str(key))
        if name is None:
            if not is_note(str(key)):
                problems.append(unknown_table(source, str(key), "bảng", "key"))
        elif name in keys:
            problems.append(twice(source, name, f"khoá {keys[name]!r}"))
        else:
            keys[name] = key
    if problems:
        raise DatasetError(problems)
    for name, key in keys.items():
        records = data[key]
        if records is not None and not isinstance(records, list):
            raise DatasetError(
                f"{source}: bảng {name} phải là một danh sách bản ghi, gặp {type(records).__name__}"
                f" / table {name} must be a list of records"
            )
        check_rows(f"{source}:{shown(key)}", len(records or []), limits)
    return {
        name: _records_to_table(
            name,
            data[key] or [],
            f"{source}:{shown(key)}",
            row_word,
            [number_of(key, i) for i in range(len(data[key] or []))],
        )
        for name, key in keys.items()
    }
