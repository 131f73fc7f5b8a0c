"""Reading a dataset in any of its three forms into raw tables: every cell as text, with its row.

The forms (DATA.md): a folder of CSV files, one .xlsx workbook with a sheet per table, or one YAML or
JSON file with a key per table. Whatever the form, a table comes out as a polars DataFrame of text
columns plus ``_row``, the number a person sees (the spreadsheet row, or the YAML line, or the JSON
record), so that validation and its messages are the same for all three.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import DatasetError
from .schema import REQUIRED_TABLES, TABLES
from .yamlsrc import YamlError, load_with_lines


@dataclass
class RawTable:
    name: str
    frame: pl.DataFrame  # all columns text, plus _row
    source: str  # file name (or workbook:sheet) for messages
    row_word: str  # "dòng" for spreadsheets and YAML lines, "bản ghi" for JSON records


def read_raw(path):
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: không tìm thấy tệp hay thư mục dữ liệu / dataset not found")
    if path.is_dir():
        tables = _read_csv_folder(path)
    elif path.suffix.lower() == ".xlsx":
        tables = _read_xlsx(path)
    elif path.suffix.lower() in (".yaml", ".yml"):
        tables = _read_yaml(path)
    elif path.suffix.lower() == ".json":
        tables = _read_json(path)
    else:
        raise DatasetError(
            f"{path}: không nhận dạng được dạng dữ liệu; cần thư mục CSV, .xlsx, .yaml hay .json"
            f" / expected a CSV folder, .xlsx, .yaml or .json"
        )
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise DatasetError(
            f"{path}: thiếu bảng {', '.join(missing)} (bắt buộc: units, staff) / missing table(s) {', '.join(missing)}"
        )
    return tables


def _read_csv_folder(folder):
    tables = {}
    for name in TABLES:
        file = folder / f"{name}.csv"
        if not file.exists():
            continue
        try:
            frame = pl.read_csv(file, infer_schema=False, encoding="utf8")
        except Exception as exc:  # polars raises several kinds for bad bytes or ragged rows
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DatasetError(f"{file}: không đọc được CSV (cần UTF-8, phân cách bằng dấu phẩy): {first}") from None
        frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
        tables[name] = RawTable(name, frame.with_row_index("_row", offset=2), file.name, "dòng")
    return tables


def _cell_text(value):
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


def _frame(columns, rows, row_numbers):
    data = {c: [_cell_text(r[i]) if i < len(r) else None for r in rows] for i, c in enumerate(columns)}
    frame = pl.DataFrame(data, schema={c: pl.Utf8 for c in columns})
    return frame.with_columns(pl.Series("_row", row_numbers, dtype=pl.UInt32)).select(["_row", *columns])


def _read_xlsx(path):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DatasetError(f"{path}: không mở được tệp Excel: {exc}") from None
    tables = {}
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if name not in TABLES:
                continue
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None) or ()
            columns = [str(h).strip() if h is not None else "" for h in header]
            while columns and columns[-1] == "":
                columns.pop()
            body, numbers = [], []
            for number, row in enumerate(rows, start=2):
                if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                    continue
                body.append(row)
                numbers.append(number)
            blank = [i + 1 for i, c in enumerate(columns) if not c]
            if blank:
                raise DatasetError(f"{path.name}:{sheet.title}, dòng 1: cột thứ {blank[0]} không có tên")
            tables[name] = RawTable(name, _frame(columns, body, numbers), f"{path.name}:{sheet.title}", "dòng")
    finally:
        book.close()
    return tables


def _records_to_table(name, records, source, row_word, numbers):
    if not isinstance(records, list):
        raise DatasetError(f"{source}: bảng {name} phải là một danh sách bản ghi / table {name} must be a list")
    columns, rows = [], []
    for record, number in zip(records, numbers):
        if not isinstance(record, dict):
            raise DatasetError(
                f"{source}, {row_word} {number}: bản ghi của bảng {name} phải là một ánh xạ trường: giá trị"
            )
        flat = {}
        for key, value in record.items():
            key = str(key)
            if key == "ratings" and isinstance(value, dict):
                for year, rating in value.items():
                    flat[f"rating_{year}"] = rating
            else:
                flat[key] = value
        for key in flat:
            if key not in columns:
                columns.append(key)
        rows.append(flat)
    return RawTable(name, _frame(columns, [[r.get(c) for c in columns] for r in rows], numbers), source, row_word)


def _read_yaml(path):
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8-sig"))
    except YamlError as exc:
        raise DatasetError(f"{path.name}, dòng {exc.line}: {exc.message}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: tệp không phải UTF-8") from None
    return tables_from_mapping(data, path.name, "dòng", lambda table, i: lines.get((table, i), i + 1))


def _read_json(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path.name}, dòng {exc.lineno}: JSON không đọc được: {exc.msg}") from None
    return tables_from_mapping(data, path.name, "bản ghi", lambda table, i: i + 1)


def tables_from_mapping(data, source, row_word, number_of):
    if not isinstance(data, dict):
        raise DatasetError(f"{source}: cần một ánh xạ với mỗi bảng là một khoá (units, staff, ...)")
    unknown = [k for k in data if k not in TABLES]
    if unknown:
        raise DatasetError(
            f"{source}: bảng {unknown[0]!r} không có trong hợp đồng dữ liệu; các bảng: {', '.join(TABLES)}"
        )
    for name, records in data.items():
        if records is not None and not isinstance(records, list):
            raise DatasetError(
                f"{source}: bảng {name} phải là một danh sách bản ghi, gặp {type(records).__name__}"
                f" / table {name} must be a list of records"
            )
    return {
        name: _records_to_table(
            name, records or [], f"{source}:{name}", row_word, [number_of(name, i) for i in range(len(records or []))]
        )
        for name, records in data.items()
    }
