"""Writing a dataset in any of its forms (CSV or Parquet folder, .xlsx, YAML/JSON), whole or not at all; text a
spreadsheet would read as a formula is kept inert (:mod:`vnpolicy.data.cells`)."""

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import polars as pl
import yaml

from ..errors import unwritable
from .cells import csv_frame, save_workbook, sheet_value


def _frames(data):
    tables = data.tables if hasattr(data, "tables") else data
    return {name: frame for name, frame in tables.items() if frame.height}


def _records(frame):
    out = []
    for record in frame.iter_rows(named=True):
        out.append({k: v for k, v in record.items() if v is not None and v != []})
    return out


def write_dataset(data, path, form):
    """Write ``data`` at ``path``; a path that cannot be written is one line naming it."""
    try:
        _write(data, Path(path), form)
    except OSError as exc:
        raise unwritable(path, exc) from None


def _write(data, path, form):
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = _frames(data)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        target = tmp / "out"
        if form == "csv":
            target.mkdir()
            for name, frame in frames.items():
                flat = frame.with_columns(
                    [pl.col(c).list.join(";") for c, t in frame.schema.items() if isinstance(t, pl.List)]
                )
                csv_frame(flat).write_csv(target / f"{name}.csv")
        elif form == "parquet":  # a folder of a file per table, typed as loaded
            target.mkdir()
            for name, frame in frames.items():
                frame.write_parquet(target / f"{name}.parquet")
        elif form == "xlsx":
            _write_xlsx(frames, target)
        elif form in ("yaml", "json"):
            content = {name: _records(frame) for name, frame in frames.items()}
            with open(target, "w", encoding="utf-8") as f:
                if form == "yaml":
                    yaml.safe_dump(content, f, allow_unicode=True, sort_keys=False)
                else:
                    json.dump(content, f, ensure_ascii=False, default=_iso)
        else:
            raise ValueError(f"unknown form {form!r}")
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        os.replace(target, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _iso(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def _write_xlsx(frames, target):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append([sheet_value(sheet, ";".join(v) if isinstance(v, list) else v) for v in row])
    save_workbook(book, target)
