"""``-o FILE.duckdb``: the tables of :mod:`vnpolicy.reports.tables` in a DuckDB database, read by DuckDB
from the Parquet files :mod:`vnpolicy.reports.parquetfile` writes beside it (no pyarrow needed), with
views that answer the usual questions:

- ``cost_by_province_group``: per (scenario,) province, policy, group and period: people eligible, people
  paid and the money paid;
- ``changes`` (a comparison with a reform): who changes under the reform — outcome, group, amount and
  paid before and after, per province, policy and person."""

import tempfile
from pathlib import Path

from .parquetfile import write_tables

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
    """Every table, and the views, into a new database at ``path`` (which does not exist)."""
    import duckdb

    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as parts:
        names = write_tables(tables, parts)
        with duckdb.connect(str(path)) as db:
            for name in names:
                source = str(Path(parts) / f"{name}.parquet").replace("'", "''")
                db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{source}')")
            scenario = "r.scenario, " if tables.compared else ""
            province = "r.province" if tables.compared else "p.province"
            db.execute(COST.format(scenario=scenario, province=province))
            if tables.compared:
                db.execute(CHANGES)
