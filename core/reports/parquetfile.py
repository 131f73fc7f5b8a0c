"""``-f parquet -o DIR``: each table of :mod:`vnpolicy.reports.tables` as ``DIR/<table>.parquet``. The
large tables are written a slice at a time into parts, then streamed by polars into one file each."""

import shutil
from pathlib import Path

import polars as pl

LARGE = ("results", "reasons")


def write_tables(tables, directory):
    """Every table into ``directory`` (which exists and is empty); returns the tables' names."""
    directory = Path(directory)
    parts = directory / ".parts"
    parts.mkdir()
    written = {name: [] for name in LARGE}
    for name, frame in tables.chunks():
        path = parts / f"{name}-{len(written[name]):06d}.parquet"
        frame.write_parquet(path)
        written[name].append(path)
    names = []
    for name in LARGE:
        if name == "reasons" and tables.reasons == "none":
            continue
        target = directory / f"{name}.parquet"
        if written[name]:
            pl.scan_parquet(written[name]).sink_parquet(target)
        else:
            types = tables.schema(_types(name))
            pl.DataFrame(schema=types).write_parquet(target)
        names.append(name)
    shutil.rmtree(parts)
    for name, frame in tables.small():
        frame.write_parquet(directory / f"{name}.parquet")
        names.append(name)
    return names


def _types(name):
    from .tables import REASON_TYPES, RESULT_TYPES

    return RESULT_TYPES if name == "results" else REASON_TYPES
