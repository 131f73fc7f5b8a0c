"""``-o FILE.duckdb``: the tables of :mod:`vnpolicy.reports.tables` in a DuckDB database, each slice
handed to DuckDB as it comes through the Arrow C stream interface (no pyarrow needed, no file in between:
about twice as fast as writing Parquet files and reading them in), with views that answer the usual
questions:

- ``cost_by_province_group``: per (scenario,) province, policy, group and period: people eligible, people
  paid and the money paid;
- ``changes`` (a comparison with a reform): who changes under the reform — outcome, group, amount and
  paid before and after, per province, policy and person."""

import polars as pl

from .tables import LARGE, REASON_TYPES, RESULT_TYPES

MEMORY = "128MB"  # DuckDB's cache while the slices come in (its default, 80% of the machine's, adds 0.4 GB at 1M)
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
        for name, frame in tables.chunks():
            db.from_arrow(_Stream(frame)).insert_into(name)
        for name, frame in tables.small():
            db.from_arrow(_Stream(frame)).create(name)
        scenario = "r.scenario, " if tables.compared else ""
        province = "r.province" if tables.compared else "p.province"
        db.execute(COST.format(scenario=scenario, province=province))
        if tables.compared:
            db.execute(CHANGES)
        db.execute("COMMIT")


class _Stream:
    """A frame as nothing but an Arrow C stream: DuckDB reads a polars frame itself only through pyarrow,
    but reads any object with ``__arrow_c_stream__`` without it."""

    def __init__(self, frame):
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema=None):
        return self.frame.__arrow_c_stream__(requested_schema)
