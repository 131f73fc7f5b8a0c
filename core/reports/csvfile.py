"""CSV: an assessment's results (a row per policy and person, without the list of reasons) and a
comparison's entries (a row per scenario, province, policy and person). Text a spreadsheet would read as a
formula starts with ``'`` (:mod:`vnpolicy.reports.safe`)."""

import polars as pl

from ..compare.scenarios import ENTRY_SCHEMA
from ..rules.results import RESULT_COLUMNS, results
from .safe import csv_frame


def write_assessment(assessment, out):
    frame = results(assessment)
    if not frame.height:
        out.write(",".join(c for c in RESULT_COLUMNS if c != "reasons") + "\n")
        return
    table = frame.drop("reasons")
    table = table.with_columns(pl.col("assumptions").list.join("; "), pl.col("readings").list.join("; "))
    out.write(csv_frame(table).write_csv())


def write_comparison(comparison, out):
    """The outcome, group, amount and deciding reason of every entry of every scenario."""
    frames = [s.entries.with_columns(pl.lit(s.name).alias("scenario")) for s in comparison.scenarios]
    frame = pl.concat(frames).select("scenario", *ENTRY_SCHEMA)
    out.write(csv_frame(frame).write_csv())
