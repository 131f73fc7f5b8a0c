"""CSV: an assessment's results (a row per policy and person) and a comparison's entries (a row per
scenario, province, policy and person), written a slice of rows at a time. The reasons: the deciding one
in words (``decision``, the default ``--reasons deciding`` and ``none``), or every condition too
(``--reasons all``: a ``reasons`` column, ``✓``/``✗``/``?`` and the condition, ``; `` between them). Text a
spreadsheet would read as a formula starts with ``'`` (:mod:`vnpolicy.reports.safe`)."""

import polars as pl

from ..compare.scenarios import ENTRY_SCHEMA
from ..rules import results as res
from .safe import csv_frame


def write_assessment(assessment, out, reasons="deciding"):
    columns = [c for c in res.result_columns(assessment) if c != "reasons" or reasons == "all"]
    header = True
    for outcome in assessment.outcomes:
        for chunk in res.result_chunks(outcome, "all" if reasons == "all" else "none"):  # no column of them else
            if chunk.height:
                out.write(_csv(res.aligned(chunk, columns), header))
                header = False
    if header:  # nobody: the header alone
        out.write(",".join(c for c in res.RESULT_COLUMNS if c != "reasons") + "\n")


def _csv(chunk, header):
    lists = [pl.col(c).list.join("; ") for c in ("assumptions", "readings") if c in chunk.columns]
    if "reasons" in chunk.columns:
        mark = pl.element().struct.field("passed").replace_strict([True, False], ["✓", "✗"], default="?")
        line = pl.concat_str([mark, pl.element().struct.field("message")], separator=" ")
        lists.append(pl.col("reasons").list.eval(line.fill_null("?")).list.join("; "))
    return csv_frame(chunk.with_columns(lists)).write_csv(include_header=header)


def write_comparison(comparison, out, reasons="deciding"):
    """The outcome, group, amount and deciding reason of every entry of every scenario (``--reasons``:
    ``none`` leaves the decision out; the per-condition reasons are in JSON, JSON Lines and the tables)."""
    columns = [c for c in ENTRY_SCHEMA if c != "decision" or reasons != "none"]
    header = True
    for s in comparison.scenarios:
        for frame in s.entries.iter_slices(res.CHUNK):
            frame = frame.with_columns(pl.lit(s.name).alias("scenario")).select("scenario", *columns)
            out.write(csv_frame(frame).write_csv(include_header=header))
            header = False
    if header:
        out.write(",".join(["scenario", *columns]) + "\n")
