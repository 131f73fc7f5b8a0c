"""``-o FILE.duckdb``: the tables of :mod:`vnpolicy.reports.tables` in a DuckDB database, the slices
gathered into batches and handed to DuckDB through the Arrow C stream interface (no pyarrow needed, no
file in between) by a thread of its own while polars builds the next (at 1M staff 1.1x the CPU of writing
the Parquet files for assess, 1.6x for compare; writing them and reading them in costs more), with views that
answer the usual questions:

- ``cost_by_province_group``: per (scenario,) province, policy, group and period: people eligible, people
  paid and the money paid;
- ``changes`` (a comparison with a reform): who changes under the reform — outcome, group, amount and
  paid before and after, per province, policy and person."""

import queue
import threading

import polars as pl

from .tables import LARGE, REASON_TYPES, RESULT_TYPES

BATCH = 250_000  # rows of a table appended at a time (the slices gathered)
AHEAD = 1  # batches built ahead of DuckDB
# DuckDB's cache while the batches come in: its default (80% of the machine's) adds 0.4 GB at 1M staff;
# 64 MB costs a third more system time (row groups written out early)
MEMORY = "256MB"
COST = """CREATE VIEW cost_by_province_group AS
SELECT {scenario}{province} AS province, r.policy, r."group", r.amount_period,
       count(*) FILTER (WHERE r.outcome = 'eligible') AS eligible,
       count(*) FILTER (WHERE r.paid) AS paid,
       coalesce(sum(r.amount_vnd) FILTER (WHERE r.paid), 0)::BIGINT AS amount_vnd
FROM results r LEFT JOIN policies p ON p.id = r.policy
WHERE r.outcome IN ('eligible', 'unknown')
GROUP BY ALL ORDER BY ALL"""
CHANGES = """CREATE VIEW changes AS
SELECT coalesce(b.province, a.province) AS province, coalesce(b.policy, a.policy) AS policy,
       coalesce(b.staff_id, a.staff_id) AS staff_id, coalesce(b.full_name, a.full_name) AS full_name,
       b.outcome AS outcome_before, a.outcome AS outcome_after, b."group" AS group_before,
       a."group" AS group_after, b.amount_vnd AS amount_before_vnd, a.amount_vnd AS amount_after_vnd,
       b.paid AS paid_before, a.paid AS paid_after,
       coalesce(CASE WHEN a.paid THEN a.amount_vnd END, 0) - coalesce(CASE WHEN b.paid THEN b.amount_vnd END, 0)
         AS difference_vnd
FROM (SELECT * FROM results WHERE scenario = 'baseline') b
FULL JOIN (SELECT * FROM results WHERE scenario = 'reform') a
  ON a.province = b.province AND a.policy = b.policy AND a.staff_id = b.staff_id
WHERE b.outcome IS DISTINCT FROM a.outcome OR b."group" IS DISTINCT FROM a."group"
   OR b.amount_vnd IS DISTINCT FROM a.amount_vnd OR b.paid IS DISTINCT FROM a.paid
ORDER BY ALL"""


def write_database(tables, path):
    """Every table, and the views, into a new database at ``path`` (which does not exist), in one
    transaction. The large tables are created with their declared types, then each slice is appended."""
    import duckdb

    with duckdb.connect(str(path)) as db:
        db.execute(f"SET memory_limit = '{MEMORY}'")
        db.execute("BEGIN")
        for name in LARGE:
            if name != "reasons" or tables.reasons != "none":
                types = tables.schema(RESULT_TYPES if name == "results" else REASON_TYPES)
                db.from_arrow(_Stream(pl.DataFrame(schema=types))).create(name)
        _insert_while_built(db, tables.chunks())
        for name, frame in tables.small():
            db.from_arrow(_Stream(frame)).create(name)
        scenario = "r.scenario, " if tables.compared else ""
        province = "r.province" if tables.compared else "p.province"
        db.execute(COST.format(scenario=scenario, province=province))
        if tables.compared:
            db.execute(CHANGES)
        db.execute("COMMIT")


def _insert_while_built(db, chunks):
    """Each table's slices appended in order, gathered into batches (:func:`_batches`), by a thread of its
    own while polars builds the next slice (both let go of the GIL): at most ``AHEAD`` batches wait. The
    first error of either side is raised here."""
    waiting, failed = queue.Queue(AHEAD), []

    def insert():
        try:
            while (item := waiting.get()) is not None:
                db.from_arrow(_Stream(item[1])).insert_into(item[0])
                del item
        except BaseException as exc:  # noqa: BLE001 - handed to the builder, raised there
            failed.append(exc)
            while waiting.get() is not None:  # let the builder finish putting
                pass

    inserter = threading.Thread(target=insert, name="vnpolicy-duckdb", daemon=True)
    inserter.start()
    try:
        for batch in _batches(chunks):
            if failed:
                break
            waiting.put(batch)
            del batch
    finally:
        waiting.put(None)
        inserter.join()
    if failed:
        raise failed[0]


def _batches(chunks):
    """(table, frame) of at least ``BATCH`` rows (each table's last: what is left), the slices of ``chunks``
    in order: each insert costs DuckDB tens of milliseconds beyond its rows (at 1M staff, slices of 100,000
    cost about a third more CPU than batches of 250,000 or more)."""
    held = {}
    for name, frame in chunks:
        mine = held.setdefault(name, [])
        mine.append(frame)
        del frame
        if sum(f.height for f in mine) >= BATCH:
            yield name, pl.concat(held.pop(name), rechunk=False)
    for name in list(held):
        yield name, pl.concat(held.pop(name), rechunk=False)


class _Stream:
    """A frame as nothing but an Arrow C stream: DuckDB reads a polars frame itself only through pyarrow,
    but reads any object with ``__arrow_c_stream__`` without it."""

    def __init__(self, frame):
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema=None):
        return self.frame.__arrow_c_stream__(requested_schema)
