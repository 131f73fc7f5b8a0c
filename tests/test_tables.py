"""``-f parquet -o DIR`` and ``-o FILE.duckdb``: the results as tables, checked against the JSON output of
the same run (sums and counts), read back with polars and DuckDB; ``-f jsonl`` and ``--reasons``."""

import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter

import duckdb
import polars as pl
import pytest

from conftest import ROOT, SAMPLE

ON = ["--on", "2025-12-01"]
REFORM = ["--on", "2026-07-01", "--reform", str(ROOT / "examples/reforms/nq12-nhom3-2026.yaml")]
TABLES = {"results", "reasons", "findings", "targets", "figures", "totals", "people", "policies", "citations"}


def _run(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    """One assessment of the sample as JSON, JSON Lines and CSV with every reason, then as DuckDB and
    Parquet with the deciding ones (their default)."""
    from typer.testing import CliRunner

    from vnpolicy.cli import app

    out = tmp_path_factory.mktemp("tables")
    runner = CliRunner()
    for args in (
        ["--reasons", "all", "-o", out / "a.json", "-o", out / "a.jsonl", "-o", out / "a.csv"],
        ["-o", out / "a.duckdb"],
        ["-f", "parquet", "-o", out / "pq"],
    ):
        result = runner.invoke(app, [str(a) for a in ["assess", SAMPLE, *ON, *args]])
        assert result.exit_code == 0, result.output
    return out, json.loads((out / "a.json").read_text(encoding="utf-8"))


def test_database_sums_equal_the_json_of_the_same_run(assessed):
    out, data = assessed
    db = duckdb.connect(str(out / "a.duckdb"), read_only=True)
    tables = {r[0] for r in db.execute("select table_name from information_schema.tables").fetchall()}
    assert TABLES | {"cost_by_province_group"} <= tables
    monthly = dict(
        db.execute(
            "select policy, sum(amount_vnd) from results where paid and amount_period = 'month' group by policy"
        ).fetchall()
    )
    for total in data["totals"]:
        if "monthly_vnd" in total:
            assert monthly.get(total["policy"], 0) == total["monthly_vnd"], total["policy"]
            assert db.execute(
                "select monthly_vnd, eligible, paid from totals where policy = ?", [total["policy"]]
            ).fetchone() == (
                total["monthly_vnd"],
                total["eligible"],
                total["paid"],
            )
    view = db.execute("select sum(amount_vnd) from cost_by_province_group where amount_period = 'month'").fetchone()
    assert view[0] == sum(t.get("monthly_vnd", 0) for t in data["totals"]) > 0
    assert db.execute("select count(*) from results").fetchone()[0] == len(data["results"])
    assert db.execute("select count(*) from people").fetchone()[0] == len(data["people"])
    assert db.execute("select count(*) from findings").fetchone()[0] == len(data["findings"])
    # the deciding reasons: the conditions not met of each result that is not positive, cited by key
    unmet = [
        (r["policy"], r["staff_id"], x["rule"])
        for r in data["results"]
        if not (r["outcome"] in ("eligible", "compliant") and r.get("paid") is not False)
        for x in r["reasons"]
        if not x["passed"]
    ]
    rows = db.execute(
        "select policy, staff_id, rule, c.citation from reasons join citations c using (citation_id)"
    ).fetchall()
    assert sorted(r[:3] for r in rows) == sorted(unmet) and unmet


def test_parquet_reads_back_as_the_json(assessed):
    out, data = assessed
    assert {p.stem for p in (out / "pq").iterdir()} == TABLES
    results = pl.read_parquet(out / "pq" / "results.parquet")
    assert results.columns == [c for c in data["results"][0] if c != "reasons"]
    assert results.to_dicts() == [{k: v for k, v in r.items() if k != "reasons"} for r in data["results"]]
    totals = pl.read_parquet(out / "pq" / "totals.parquet")
    assert totals["policy"].to_list() == [t["policy"] for t in data["totals"]]
    assert totals["monthly_vnd"].fill_null(0).sum() == sum(t.get("monthly_vnd", 0) for t in data["totals"])


def test_database_tables_equal_the_parquet_tables_of_the_same_run(assessed):
    """The database is filled slice by slice from the frames, the Parquet files from the same frames: every
    table has the same columns, types and rows in both."""
    out, _ = assessed
    db = duckdb.connect(str(out / "a.duckdb"), read_only=True)
    for name in sorted(TABLES):
        source = str(out / "pq" / f"{name}.parquet")
        assert (
            db.execute(f"describe {name}").fetchall()
            == db.execute(f"describe select * from read_parquet('{source}')").fetchall()
        ), name
        in_db = db.execute(f"select * from {name}").fetchall()
        assert in_db == db.execute(f"select * from read_parquet('{source}')").fetchall(), name
    assert db.execute("select count(*) from reasons").fetchone()[0] > 0


def test_every_reason_in_the_database_as_in_parquet(cli, tmp_path):
    """With ``--reasons all`` each result's list holds every condition it shows: the ``reasons`` view gives
    them one row each, in order, as the Parquet file of the same run; every result has its list."""
    for out in (["-o", tmp_path / "a.duckdb"], ["-f", "parquet", "-o", tmp_path / "pq"]):
        _run(cli, "compare", SAMPLE, *REFORM, "--reasons", "all", *out)
    db = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    rows = db.execute("select * from reasons").fetchall()
    assert rows == db.execute(f"select * from '{tmp_path / 'pq' / 'reasons.parquet'}'").fetchall()
    assert db.execute("select count(*) - count(reasons) from coded_results").fetchone()[0] == 0
    assert len(rows) > 4 * db.execute("select count(*) from results").fetchone()[0]


@pytest.mark.parametrize("command", ["assess", "compare"])
def test_database_batches_of_many_slices_keep_every_row_in_order(cli, tmp_path, monkeypatch, command):
    """Slices of 7 rows gathered into batches of at least 20: the tables hold the same rows, in the same
    order, as the Parquet files of the same run; and DuckDB is asked fewer times than there are slices. The
    texts that repeat are stored as numbers, each slice adding the texts it meets first (the rule comes as
    an Enum of the policy's rules, each slice's its own), a slice's scenario, province and policy as one
    number, each result's reasons as a list beside it, and the views of the tables' names give them back."""
    from vnpolicy.reports import duckdbfile
    from vnpolicy.rules import results as res

    args = [command, SAMPLE, *(ON if command == "assess" else REFORM)]
    monkeypatch.setattr(res, "CHUNK_FEW", 7)
    _run(cli, *args, "-f", "parquet", "-o", tmp_path / "pq")
    monkeypatch.setattr(duckdbfile, "BATCH", 20)
    real, inserted = duckdbfile._batches, []

    def counted(*args):
        for name, frame in real(*args):
            inserted.append((name, frame.height))
            yield name, frame

    monkeypatch.setattr(duckdbfile, "_batches", counted)
    _run(cli, *args, "-o", tmp_path / "b.duckdb")
    batched = duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True)
    for name in ("results", "reasons"):
        rows = batched.execute(f"select * from {name}").fetchall()
        assert rows == batched.execute(f"select * from '{tmp_path / 'pq' / name}.parquet'").fetchall(), name
    stored = dict(batched.execute("select column_name, column_type from (describe coded_results)").fetchall())
    assert stored["run"] == stored["outcome"] == "UINTEGER" and stored["staff_id"] == "VARCHAR", stored
    assert stored["reasons"] == 'STRUCT("rule" UINTEGER, passed BOOLEAN, citation_id INTEGER, message UINTEGER)[]'
    assert not {"scenario", "province", "policy"} & set(stored), stored
    tables = {t for (t,) in batched.execute("select table_name from duckdb_tables()").fetchall()}
    assert "coded_reasons" not in tables and "coded_results" in tables, tables
    results = batched.execute("select count(*) from results").fetchone()[0]
    lists = batched.execute("select count(*), count(reasons), sum(len(reasons)) from coded_results").fetchone()
    assert lists[0] == results and lists[2] == batched.execute("select count(*) from reasons").fetchone()[0]
    assert 0 < lists[1] < results  # a result without a reason to show has none (null), not an empty list
    sizes = [n for table, n in inserted if table == "coded_results"]
    assert len(sizes) > 1 and all(n >= 20 for n in sizes[:-1]) and sum(sizes) == results, sizes
    assert len(sizes) < -(-results // 7), sizes  # fewer than the slices
    if command == "compare":  # batches holding several policies and provinces, both scenarios
        found = batched.execute("select count(distinct policy), count(distinct scenario) from reasons").fetchall()
        assert found[0][0] > 3 and found[0][1] == 2, found


@pytest.mark.parametrize("target", ["a.duckdb", "pq"])
def test_tables_that_fail_midway_leave_the_old_ones(cli, tmp_path, monkeypatch, assessed, target):
    """An error while the slices come (here the disk full at the second) is one line, through DuckDB or the
    polars query that writes the Parquet files; the old output stays and nothing is left beside it."""
    from vnpolicy.reports import tables

    out = tmp_path / target
    (shutil.copytree if target == "pq" else shutil.copy)(assessed[0] / target, out)
    before = sorted((p.name, p.read_bytes()) for p in ([out] if out.is_file() else out.iterdir()))
    slices = tables.Tables.chunks

    def broken(self, **kwargs):
        for i, chunk in enumerate(slices(self, **kwargs)):
            if i == 1:
                raise OSError(28, "No space left on device")
            yield chunk

    monkeypatch.setattr(tables.Tables, "chunks", broken)
    args = ["-f", "parquet"] if target == "pq" else []
    result = cli("assess", SAMPLE, *ON, *args, "-o", out)
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert "No space left" in result.output or "28" in result.output, result.output
    assert sorted((p.name, p.read_bytes()) for p in ([out] if out.is_file() else out.iterdir())) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target]  # no temporary file, WAL or spill left


@pytest.mark.parametrize("lane", ["vnpolicy-duckdb-coded_results", "vnpolicy-duckdb-small"])
def test_a_database_insert_that_fails_is_one_line_and_leaves_nothing(cli, tmp_path, monkeypatch, lane):
    """The results' batches (each result with its reasons) go into DuckDB on a thread and connection of their
    own, the small tables on another: an error on either (here the disk full at its second frame) is the
    command's, said in one line, and nothing is left."""
    from vnpolicy.reports import duckdbfile

    real, calls = duckdbfile._Stream, []

    def full(frame):
        if threading.current_thread().name == lane:
            calls.append(lane)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real(frame)

    monkeypatch.setattr(duckdbfile, "_Stream", full)
    monkeypatch.setattr(duckdbfile, "BATCH", 20)  # several batches for each large table
    result = cli("compare", SAMPLE, *REFORM, "-o", tmp_path / "a.duckdb")
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert "No space left on device" in result.output and len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_views_that_fail_while_the_last_batch_goes_in_are_one_line_and_leave_nothing(cli, tmp_path, monkeypatch):
    """The words, views and citations are written once the batches are built, while DuckDB takes the last:
    an error there (here the disk full) is one line, the lanes are still waited for, and nothing is left."""
    from vnpolicy.reports import duckdbfile

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(duckdbfile, "_views", full)
    monkeypatch.setattr(duckdbfile, "BATCH", 20)
    result = cli("compare", SAMPLE, *REFORM, "-o", tmp_path / "a.duckdb")
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert "No space left on device" in result.output
    assert not [t for t in threading.enumerate() if t.name.startswith("vnpolicy-duckdb")]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("on", ["2010-01-01", "2026-07-01"])
def test_the_views_wait_for_the_small_tables_they_read(cli, tmp_path, monkeypatch, on):
    """The views are made once the results' batches are built, and read the small tables (``policies``),
    which their own lane writes: made before that lane had committed, a view could not be made — an internal
    error, seen with no result at all (no policy in force in 2010) and here with the small lane slowed."""
    from vnpolicy.reports import duckdbfile

    real = duckdbfile._Stream

    def slow(frame):
        if threading.current_thread().name == "vnpolicy-duckdb-small":
            time.sleep(0.15)
        return real(frame)

    monkeypatch.setattr(duckdbfile, "_Stream", slow)
    _run(cli, "assess", SAMPLE, "--on", on, "-o", tmp_path / "a.duckdb")
    _run(cli, "assess", SAMPLE, "--on", on, "-f", "parquet", "-o", tmp_path / "pq")
    db = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    for name in ("results", "reasons", "policies"):
        assert (
            db.execute(f"select * from {name}").fetchall()
            == db.execute(f"select * from '{tmp_path / 'pq' / name}.parquet'").fetchall()
        ), name
    assert db.execute("select count(*) from policies").fetchone()[0] == 8
    assert (db.execute("select count(*) from cost_by_province_group").fetchone()[0] > 0) == (on > "2020")


def _stopped_at_third_batch(real_batches, raised):
    """``_batches`` meeting a Ctrl-C as it builds the third batch (noted in ``raised`` as the builder's)."""

    def batches(*args):
        for i, pair in enumerate(real_batches(*args)):
            if i == 2:
                raised.append("builder")
                raise KeyboardInterrupt
            yield pair

    return batches


def test_a_ctrl_c_while_the_lanes_finish_waits_for_them_and_leaves_nothing(cli, tmp_path, monkeypatch):
    """A Ctrl-C in the builder, then again while the lanes are told they have all and waited for: every lane
    is still told and waited for (one left running outlives its database: DuckDB aborts the process; one
    never told waits forever), then the command stops as for any Ctrl-C, and nothing is left."""
    import queue

    from vnpolicy.reports import duckdbfile

    real_put, real_join, raised = queue.Queue.put, threading.Thread.join, []

    def put(self, item, *args, **kwargs):
        if item is None and "builder" in raised and "put" not in raised:
            raised.append("put")
            raise KeyboardInterrupt
        return real_put(self, item, *args, **kwargs)

    def join(self, *args, **kwargs):
        if self.name.startswith("vnpolicy-duckdb") and "builder" in raised and "join" not in raised:
            raised.append("join")
            raise KeyboardInterrupt
        return real_join(self, *args, **kwargs)

    monkeypatch.setattr(queue.Queue, "put", put)
    monkeypatch.setattr(threading.Thread, "join", join)
    monkeypatch.setattr(duckdbfile, "_batches", _stopped_at_third_batch(duckdbfile._batches, raised))
    monkeypatch.setattr(duckdbfile, "BATCH", 20)
    result = cli("compare", SAMPLE, *REFORM, "-o", tmp_path / "a.duckdb")
    monkeypatch.undo()
    assert result.exit_code == 130, result.output
    assert sorted(raised) == ["builder", "join", "put"], raised
    assert not [t for t in threading.enumerate() if t.name.startswith("vnpolicy-duckdb")]
    assert list(tmp_path.iterdir()) == []


def test_a_second_ctrl_c_as_the_lanes_start_to_finish_still_waits_for_them(cli, tmp_path, monkeypatch):
    """polars meeting a Ctrl-C raises it and leaves Python's own pending, which comes as the lanes start to be
    told they have all, before that can hold it: they are still told and waited for (before, 3 Ctrl-Cs of 40
    sent while the tables were written ended in an internal error, "connection is busy", the database closed
    under a lane still writing)."""
    from vnpolicy.reports import duckdbfile

    real_finish, raised = duckdbfile._finish, []

    def finish(lanes, closed):
        if "start" not in raised:  # the pending Ctrl-C, at the first instruction
            raised.append("start")
            raise KeyboardInterrupt
        return real_finish(lanes, closed)

    monkeypatch.setattr(duckdbfile, "_finish", finish)
    monkeypatch.setattr(duckdbfile, "_batches", _stopped_at_third_batch(duckdbfile._batches, raised))
    monkeypatch.setattr(duckdbfile, "BATCH", 20)
    result = cli("compare", SAMPLE, *REFORM, "-o", tmp_path / "a.duckdb")
    monkeypatch.undo()
    assert result.exit_code == 130, result.output
    assert raised == ["builder", "start"], raised
    assert not [t for t in threading.enumerate() if t.name.startswith("vnpolicy-duckdb")]
    assert list(tmp_path.iterdir()) == []


def test_a_ctrl_c_that_polars_meets_stops_as_a_ctrl_c(cli, tmp_path, monkeypatch):
    """polars meeting a Ctrl-C inside a query raises "Query interrupted": the command stops as for any Ctrl-C
    (exit 130, no line), not as an internal error; any other fault of that kind is still one. On the
    readings' thread the Ctrl-C is not printed as the thread's traceback: the caller works them out."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.reports import tables
    from vnpolicy.rules import engine

    for text, code in (("Query interrupted", 130), ("something else", 2)):

        def interrupted(self, *args, text=text, **kwargs):
            raise RuntimeError(text)
            yield

        monkeypatch.setattr(tables.Tables, "chunks", interrupted)
        result = cli("assess", SAMPLE, *ON, "-o", tmp_path / "a.duckdb")
        assert result.exit_code == code, result.output
        assert (result.output == "") == (code == 130), result.output
        assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()

    printed, real = [], engine.PolicyOutcome._with_readings
    monkeypatch.setattr(threading, "excepthook", lambda args: printed.append(args.exc_type))

    def once(self, outcomes, only=None):
        if not printed and self.policy.id == assessment.outcomes[0].policy.id and "ctrl-c" not in seen:
            seen.append("ctrl-c")
            raise KeyboardInterrupt
        return real(self, outcomes, only)

    seen = []
    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    monkeypatch.setattr(engine.PolicyOutcome, "_with_readings", once)
    engine.readings_ahead(assessment.outcomes).join()
    assert seen == ["ctrl-c"] and printed == []
    assert all(o.named is not None for o in assessment.outcomes if o.in_force)  # the caller works them out


def test_a_panic_in_polars_is_a_ctrl_c_or_one_line(cli, tmp_path, monkeypatch):
    """polars calling back into Python (a frame's Enum types made as Python objects) as a Ctrl-C comes
    panics (pyo3's PanicException, which is no Exception): the command stops as for any Ctrl-C (before: a
    traceback, exit 1); any other panic is an internal error in one line, exit 2, never a traceback."""
    import polars as pl

    from vnpolicy.reports import tables

    frame = pl.DataFrame({"a": ["x"]}, schema={"a": pl.Enum(["x"])})
    for raised, code in ((KeyboardInterrupt, 130), (ValueError, 2)):

        def made(self, *args, raised=raised, **kwargs):
            raise raised()

        def chunks(self, *args, made=made, **kwargs):
            with monkeypatch.context() as m:
                m.setattr(pl.Enum, "__init__", made)
                frame.schema  # noqa: B018 - polars makes the Enum type as a Python object: it panics
            yield

        monkeypatch.setattr(tables.Tables, "chunks", chunks)
        result = cli("assess", SAMPLE, *ON, "-o", tmp_path / "a.duckdb")
        assert result.exit_code == code, result.output
        lines = result.output.strip().splitlines()
        assert lines == [] if code == 130 else (len(lines) == 1 and "PanicException" in lines[0]), result.output
        assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()

    from vnpolicy.cli import base

    class PanicException(BaseException):  # pyo3's, as it reads when Python can no longer print the type
        pass

    unprintable = "called `Result::unwrap()` on an `Err` value: PyErr { type: <unprintable type object>, value: "
    assert base._interrupted(PanicException(unprintable + "KeyboardInterrupt(''), traceback: None }"))
    assert not base._interrupted(PanicException(unprintable + "ValueError('KeyboardInterrupt('), traceback: None }"))


def test_a_ctrl_c_that_duckdb_meets_stops_as_a_ctrl_c(cli, tmp_path, monkeypatch):
    """DuckDB reading a frame's Arrow stream on the main thread as a Ctrl-C comes words it "... failed:
    KeyboardInterrupt" (an InvalidInputException): the command stops as for any Ctrl-C (before: an internal
    error, exit 2), nothing left; and an error raised while a Ctrl-C is on its way out (closing a connection
    under the call it interrupted: "connection is busy") is that Ctrl-C too, not a fault."""
    from vnpolicy.cli import base
    from vnpolicy.reports import duckdbfile

    real, met = duckdbfile._Stream.__arrow_c_stream__, []

    def stream(self, requested_schema=None):
        if threading.current_thread() is threading.main_thread() and self.frame.height and not met:
            met.append(True)
            raise KeyboardInterrupt
        return real(self, requested_schema)

    monkeypatch.setattr(duckdbfile._Stream, "__arrow_c_stream__", stream)
    result = cli("assess", SAMPLE, *ON, "-o", tmp_path / "a.duckdb")
    assert met and result.exit_code == 130 and result.output == "", result.output
    assert list(tmp_path.iterdir()) == []

    def raised(first, then):
        try:
            try:
                raise first
            except BaseException:
                raise then  # noqa: B904 - as a library's cleanup raises it, the Ctrl-C its context
        except BaseException as exc:
            return exc

    busy = getattr(duckdb, "ResourceInUseException", duckdb.Error)("Resource In Use Error: connection is busy")
    assert base._interrupted(raised(KeyboardInterrupt(), busy))
    assert not base._interrupted(raised(ValueError("x"), busy))
    other = duckdb.InvalidInputException("Invalid Input Error: reading the Arrow source failed: ValueError: x")
    assert not base._interrupted(other)


def test_a_ctrl_c_while_duckdb_is_first_imported_is_held_until_it_is_in():
    """A Ctrl-C while DuckDB's extension module is imported aborted the whole process ("Critical nanobind
    error", exit -6): it is held until the import is done, then raised as any Ctrl-C."""
    script = """
import importlib, signal, sys
from vnpolicy.data import libraries
real = importlib.import_module
def module(name):
    signal.raise_signal(signal.SIGINT)  # as the import starts
    return real(name)
libraries.importlib = type(sys)("fake")
libraries.importlib.import_module = module
try:
    libraries.duckdb()
except KeyboardInterrupt:
    print("held", "duckdb" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "held True", (done.stdout, done.stderr)


def test_small_tables_that_fail_to_build_are_one_line_and_leave_nothing(cli, tmp_path, monkeypatch):
    """The small tables are built before the large ones' slices, and handed to their lane one by one: an
    error building one (after another was handed on) stops the command in one line, no thread left
    waiting."""
    from vnpolicy.reports import tables

    real = tables.Tables.small

    def broken(self):
        for i, pair in enumerate(real(self)):
            if i == 1:
                raise OSError(28, "No space left on device")
            yield pair

    monkeypatch.setattr(tables.Tables, "small", broken)
    result = cli("assess", SAMPLE, *ON, "-o", tmp_path / "a.duckdb")
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert "No space left on device" in result.output
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name.startswith("vnpolicy-duckdb")]


@pytest.mark.parametrize(
    ("target", "limit_kb", "why"),
    [
        ("a.duckdb", 16, ("File too large",)),  # DuckDB's log at a commit
        ("a.duckdb", 128, ("File too large",)),  # the file at the checkpoint
        ("a.xlsx", 16, ("File too large",)),  # xlsxwriter's FileCreateError
        # polars' Parquet writer: its errno, or (writing the large tables) its own words, the errno lost
        ("pq", 4, ("File too large", "parquet: File out of specification: Invalid thrift: transport error")),
    ],
)
def test_an_output_the_disk_cannot_hold_is_one_line_and_leaves_the_old_one(tmp_path, target, limit_kb, why):
    """Files limited to a size the output outgrows: one line saying the file cannot be written, exit 1,
    within bounded time — not a DuckDB thread waiting forever after its commit failed, nor "written" over a
    database without its tables, nor an internal error for a library's own words — the old output kept,
    nothing left beside it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / target).write_bytes(b"old") if target != "pq" else (out / target).mkdir()

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kb * 1024, limit_kb * 1024))

    fmt = ["-f", "parquet"] if target == "pq" else []
    main = "from vnpolicy.cli import main; main()"
    run = [sys.executable, "-c", main, "assess", SAMPLE, *ON, *fmt, "-o", out / target]
    env = {**os.environ, "VNPOLICY_CACHE": "off"}
    result = subprocess.run(run, capture_output=True, text=True, timeout=60, env=env, preexec_fn=limited)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"-o {out / target}: không ghi được: " in result.stderr, result.stderr
    assert any(f"cannot write: {w}" in result.stderr for w in why), result.stderr
    assert sorted(p.name for p in out.iterdir()) == [target]
    assert (out / target).read_bytes() == b"old" if target != "pq" else not any((out / target).iterdir())


def test_comparison_tables_carry_scenario_and_province(cli, tmp_path):
    outputs = [a for name in ("c.json", "c.duckdb", "c.jsonl") for a in ("-o", tmp_path / name)]
    _run(cli, "compare", SAMPLE, *REFORM, "--reasons", "none", *outputs)
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["results"] and all(r["reasons"] == [] and "decision" in r for r in data["results"])
    db = duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True)
    assert not db.execute("select * from information_schema.tables where table_name = 'reasons'").fetchall()
    assert "reasons" not in {c for (c,) in db.execute("select column_name from (describe coded_results)").fetchall()}
    paid = dict(
        db.execute(
            "select province || ' ' || policy, sum(amount_vnd) from results where scenario = 'baseline' and paid"
            " and amount_period = 'month' group by all"
        ).fetchall()
    )
    for total in data["totals"]:
        if total.get("monthly_vnd"):
            assert paid[f"{total['province']} {total['policy']}"] == total["monthly_vnd"]
    assert {r[0] for r in db.execute("select distinct scenario from results").fetchall()} == {"baseline", "reform"}
    assert db.execute("select count(*) from changes").fetchone()[0] > 0
    lines = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {tuple(x) for x in lines} == {("scenario", "province", *data["results"][0])}  # the same keys on each
    counts = db.execute("select scenario, province, count(*) from results group by all order by all").fetchall()
    assert sorted(Counter((x["scenario"], x["province"]) for x in lines).items()) == [(c[:2], c[2]) for c in counts]
    provinces = db.execute("select province, monthly_vnd from provinces order by province").fetchall()
    assert provinces == sorted((p["province"], p["monthly_vnd"]) for p in data["comparison"]["provinces"])


def test_a_comparison_without_a_reform_has_no_changes(cli, tmp_path):
    """``changes`` is who changes under a reform: without one there is no "after", and the view (which listed
    every result as changed) is not made; the rest is as with a reform."""
    _run(cli, "compare", SAMPLE, *ON, "--provinces", "laocai", "-o", tmp_path / "c.duckdb")
    db = duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True)
    views = {r[0] for r in db.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert views == {"results", "reasons", "cost_by_province_group"}, views
    assert db.execute("select distinct scenario from results").fetchall() == [("baseline",)]


def test_a_database_named_coded_and_its_export_read_back(cli, tmp_path):
    """A file named as the stored tables' prefix (DuckDB names the database after the file) is written and
    read; EXPORT DATABASE (as Parquet, as docs/results-tables.md says: DuckDB 1.1's CSV does not read its own
    lists of structs back) then IMPORT DATABASE gives every view the same rows (no view is made on another)."""
    _run(cli, "compare", SAMPLE, *REFORM, "-o", tmp_path / "coded.duckdb")
    db = duckdb.connect(str(tmp_path / "coded.duckdb"), read_only=True)
    names = ["results", "reasons", "cost_by_province_group", "changes", "totals"]
    before = {n: db.execute(f"select * from {n}").fetchall() for n in names}
    assert all(before.values()), {n: len(rows) for n, rows in before.items()}
    db.execute(f"EXPORT DATABASE '{tmp_path / 'export'}' (FORMAT parquet)")
    copy = duckdb.connect()
    copy.execute(f"IMPORT DATABASE '{tmp_path / 'export'}'")
    assert {n: copy.execute(f"select * from {n}").fetchall() for n in names} == before


def test_a_comparison_to_tables_alone_words_nothing_else_and_writes_the_same_tables(cli, tmp_path, monkeypatch):
    """Parquet and DuckDB alone: the rules side by side are not worded (a comparison's report is built for the
    other formats); the tables are those written beside a JSON file, which builds the whole report."""
    _run(cli, "compare", SAMPLE, *REFORM, "-o", tmp_path / "with.duckdb", "-o", tmp_path / "c.json")
    from vnpolicy.compare import results

    def worded(*args):
        raise AssertionError("the rules' differences were worded for tables alone")

    monkeypatch.setattr(results, "differences", worded)
    _run(cli, "compare", SAMPLE, *REFORM, "-o", tmp_path / "alone.duckdb")
    _run(cli, "compare", SAMPLE, *REFORM, "-f", "parquet", "-o", tmp_path / "alone")
    with_, alone = (duckdb.connect(str(tmp_path / f"{n}.duckdb"), read_only=True) for n in ("with", "alone"))
    names = [
        r[0]
        for r in with_.execute(
            "select table_name from information_schema.tables where table_name not like 'coded%' order by 1"
        ).fetchall()
    ]  # the views of results and reasons, not how they are kept (coded_*: numbered as texts come)
    assert {"provinces", "costs", "policies", "changes"} <= set(names)
    for name in names:
        query = f'select * from "{name}"'
        assert with_.execute(query).fetchall() == alone.execute(query).fetchall(), name
    for name in ("provinces", "costs", "policies"):
        assert pl.read_parquet(tmp_path / "alone" / f"{name}.parquet").to_dicts() == [
            dict(zip([d[0] for d in with_.description], row))
            for row in with_.execute(f'select * from "{name}"').fetchall()
        ], name
    result = cli("compare", SAMPLE, *REFORM, "-o", tmp_path / "c.html")
    assert result.exit_code != 0 and not (tmp_path / "c.html").exists()  # a report still words them


def test_json_lines_and_csv_with_every_reason(assessed):
    out, data = assessed
    lines = [json.loads(x) for x in (out / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == data["results"]
    csv_all = (out / "a.csv").read_text(encoding="utf-8")
    assert csv_all.splitlines()[0].endswith("decision,reasons,assumptions,readings")
    assert "✗ Điều 3.1" in csv_all


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-f", "parquet"], "parquet needs -o DIR"),
        (["-f", "duckdb"], "duckdb needs -o FILE.duckdb"),
        (["-f", "parquet", "-o", "{file}"], "needs a directory"),
        (["-f", "parquet", "-o", "{full}"], "files other than .parquet"),
        (["-o", "{full}/x.parquet"], "Parquet is written as a folder (a file per table): -f parquet -o "),
        (["-o", "{full}/x.parqet"], "Parquet is written as a folder (a file per table): -f parquet -o "),
        (["--reasons", "some"], "some"),
    ],
)
def test_table_errors_are_one_line(cli, tmp_path, args, expected):
    (tmp_path / "file").write_text("x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    args = [a.format(file=tmp_path / "file", full=tmp_path / "full") for a in args]
    result = cli("assess", SAMPLE, *ON, *args)
    assert result.exit_code != 0
    assert expected in result.output and "Traceback" not in result.output
    assert (tmp_path / "file").read_text() == "x" and (tmp_path / "full" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "full"]  # nothing half-written beside


def test_a_directory_of_tables_is_replaced_whole(cli, tmp_path, monkeypatch, assessed):
    out = tmp_path / "pq"
    shutil.copytree(assessed[0] / "pq", out)
    before = pl.read_parquet(out / "results.parquet")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken)
    result = cli("assess", SAMPLE, *ON, "-f", "parquet", "-o", out)
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    monkeypatch.undo()
    assert pl.read_parquet(out / "results.parquet").equals(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq"]


def test_deciding_reasons_built_alone_equal_every_reason_filtered():
    """``--reasons deciding`` words only the reasons it shows (``result_slices(7, "deciding")``); they are
    every reason's list filtered: the reasons not met of a result that is not positive, and the assumptions
    come from every reason."""
    import datetime as dt

    import polars as pl

    from vnpolicy import api

    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))  # its own: a shared one may hold every reason built
    compared = 0
    for o in assessment.outcomes:
        if not o.in_force or o.outcomes is None or not o.outcomes.height:
            continue
        alone = pl.concat(list(o.result_slices(7, "deciding")))
        every = pl.concat(list(o.result_slices(7)))
        positive = pl.col("outcome").cast(pl.Utf8).is_in(["eligible", "compliant"])
        if "paid" in every.columns:
            positive = positive & pl.col("paid").fill_null(True)
        unmet = pl.col("reasons").list.eval(pl.element().filter(~pl.element().struct.field("passed").fill_null(False)))
        filtered = every.with_columns(pl.when(positive).then(pl.col("reasons").list.head(0)).otherwise(unmet))
        assert alone.equals(filtered), o.policy.id
        compared += alone["reasons"].list.len().sum()
    assert compared > 20


def _whose(long, results, policy):
    """Reasons one row each (``long_reasons``) with the policy and the staff id of the result each names
    by its row among ``results`` (``result_row``), in its place."""
    staff = results["staff_id"].gather(long["result_row"])
    return long.select(pl.lit(policy).alias("policy"), staff.alias("staff_id"), pl.exclude("result_row"))


@pytest.mark.parametrize("which", ["all", "deciding", "none"])
def test_reasons_one_row_each_equal_the_lists_exploded(which):
    """The results tables take each result's reasons one row each, built without gathering them into lists
    (``table_slices``): the same rows, in the same order, as every list exploded, the scope's reason of
    someone outside a policy's scope too; the results beside them the same but for the list."""
    import datetime as dt

    from vnpolicy import api

    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    compared, scoped = 0, 0
    for o in assessment.outcomes:
        if not o.in_force or o.outcomes is None or not o.outcomes.height:
            continue
        lists = pl.concat(list(o.result_slices(5, which)))
        pairs = list(o.table_slices(5, which))
        assert pl.concat([r for r, _ in pairs]).equals(lists.drop("reasons")), o.policy.id
        if which == "none":
            assert all(long is None for _, long in pairs)
            continue
        long = pl.concat([_whose(x, r, o.policy.id) for r, x in pairs])
        exploded = lists.select("policy", "staff_id", "reasons").explode("reasons").drop_nulls("reasons")
        assert long.equals(exploded.unnest("reasons")), o.policy.id
        compared += long.height
        scoped += long.filter(pl.col("rule") == "applies_to").height
    assert which == "none" or (compared > 20 and scoped > 0)


def test_readings_worked_out_ahead_are_those_asked_for_and_an_error_is_the_callers(monkeypatch):
    """The tables' writer has each policy's readings worked out on a thread ahead of it
    (``readings_ahead``): the same readings as asked for one by one, each built once; an error there is
    raised where the writer asks for them, not lost on the thread."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.rules import engine, results

    alone, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    one_by_one = [o.named for o in alone.outcomes]
    ahead, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    calls = Counter()
    built = engine.PolicyOutcome._with_readings

    def counted(self, outcomes, only=None):
        calls[self.policy.id] += 1
        return built(self, outcomes, only)

    monkeypatch.setattr(engine.PolicyOutcome, "_with_readings", counted)
    thread = results.readings_ahead(ahead.outcomes)
    named = [o.named for o in ahead.outcomes]  # asked for while the thread works: waits, never builds twice
    thread.join()
    for mine, theirs in zip(named, one_by_one):
        assert (mine is None and theirs is None) or mine.equals(theirs)
    assert calls and set(calls.values()) == {1}

    def broken(self, outcomes, only=None):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(engine.PolicyOutcome, "_with_readings", broken)
    again, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    results.readings_ahead(again.outcomes).join()
    with pytest.raises(RuntimeError, match="hỏng"):
        _ = [o.named for o in again.outcomes]


@pytest.mark.parametrize("which", ["all", "deciding"])
def test_reasons_one_row_each_of_any_results_are_theirs(which):
    """``long_reasons`` of any of a policy's results (every third, the last, all but the first in scope),
    the state's rows given whole: each result's own reasons, as its list has them — not another's, nor an
    error (the state's rows of people not among them are left out)."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.rules.reasons import long_reasons, with_reasons

    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    compared = 0
    for o in assessment.outcomes:
        if not o.in_force or o.outcomes is None or o.outcomes.height < 3:
            continue
        named = o.named
        every_but_one = named.filter(pl.col("__i") != 0)  # as many as the state's rows, or more, but one
        for part in (named.gather_every(3), named.tail(1), named.gather_every(2, offset=1), every_but_one):
            _, long = long_reasons(o.state, part, None, which)
            long = _whose(long, part, o.policy.id)
            lists = with_reasons(o.state, part, None, which)
            exploded = lists.select("policy", "staff_id", "reasons").explode("reasons").drop_nulls("reasons")
            assert long["citation"].dtype == pl.Enum, o.policy.id  # its codes the tables' key
            assert long.with_columns(pl.col("citation").cast(pl.Utf8)).equals(exploded.unnest("reasons")), o.policy.id
            compared += long.height
    assert compared > 20


def test_a_comparison_works_out_each_provinces_readings_as_it_is_assessed(monkeypatch):
    """``api.compare`` has each province's readings worked out on a thread as soon as its rules are assessed
    (beside the next province's assessment), one province after another, never two at once: every result's
    readings are built once, on those threads, and equal those asked for afterwards."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.compare import results as compare_results
    from vnpolicy.rules import engine

    plain = api.compare(SAMPLE, on=dt.date(2025, 12, 1), reform_file=REFORM[3])[0]
    built, calls, running, most = engine.PolicyOutcome._with_readings, [], [], []
    lock = threading.Lock()

    def watched(self, outcomes, only=None):
        with lock:
            running.append(1)
            most.append(len(running))
        calls.append((self.policy.id, threading.current_thread().name))
        try:
            return built(self, outcomes, only)
        finally:
            with lock:
                running.pop()

    monkeypatch.setattr(engine.PolicyOutcome, "_with_readings", watched)
    monkeypatch.setattr(compare_results, "build", lambda comparison, registry: {})  # nothing else asks for them
    comparison = api.compare(SAMPLE, on=dt.date(2025, 12, 1), reform_file=REFORM[3])[0]
    for thread in threading.enumerate():
        if thread.name == "vnpolicy readings":
            thread.join()
    outcomes = [o for s in comparison.scenarios for run in s.runs.values() for o in run.outcomes if o.in_force]
    before = [o for s in plain.scenarios for run in s.runs.values() for o in run.outcomes if o.in_force]
    assert len(calls) == len({id(o) for o in outcomes}) > 3, calls  # each once (a run shared by both scenarios too)
    assert {name for _, name in calls} == {"vnpolicy readings"} and max(most) == 1
    for mine, theirs in zip(outcomes, before):
        assert mine.named.equals(theirs.named), mine.policy.id


@pytest.mark.parametrize("masked", [8, 0])
def test_each_results_assumptions_are_those_of_the_reasons_speaking_about_it(monkeypatch, masked):
    """A result's assumptions, worked out row by row here: the policy's dates when they are a reading, then
    the assumed text of every reason (not a priority) whose rows include the person, each text once, in the
    reasons' order. The same whether looked up among every combination or built item by item (``masked=0``),
    on every result of the sample, in every policy (``compare``: everywhere)."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.rules import reasons
    from vnpolicy.rules.wording import assumed_text

    monkeypatch.setattr(reasons, "MASKED", masked)
    comparison = api.compare(SAMPLE, on=dt.date(2025, 12, 1))[0]
    checked = 0
    for run in comparison.baseline.runs.values():
        for o in run.outcomes:
            if not o.in_force or o.outcomes is None or not o.outcomes.height:
                continue
            state, found = o.state, o.reasons_only()
            rows = {row["__i"]: row for row in state.frame.iter_rows(named=True)}
            first = [reasons.in_force_note(o.policy, state.lang)] if o.policy.in_force_unknown else []
            assumed = [(r.include, t) for r in state.reasons if (t := assumed_text(r, state)) and r.kind != "priority"]
            for i, got in zip(o.outcomes["__i"], found["assumptions"]):
                row = rows.get(i)
                texts = [t for include, t in assumed if row is not None and (not include or row[include])]
                assert got.to_list() == first + list(dict.fromkeys(texts)), (o.policy.id, i)
                checked += bool(texts)
    assert checked > 5


def test_a_figure_without_its_baseline_goes_into_the_database(cli, tmp_path):
    """Lào Cai's figures beside Đắk Nông's: one without a baseline (a null struct, whose note no row fills) —
    DuckDB took it as a broken Arrow column before; now the same figures as the JSON of the same run."""
    args = ("compare", SAMPLE, "--on", "2026-03-01", "--provinces", "laocai,daknong")
    _run(cli, *args, "-o", tmp_path / "c.duckdb", "-o", tmp_path / "c.json")
    figures = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["figures"]
    db = duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True)
    rows = db.execute("select province, policy, id, baseline from figures order by all").fetchall()
    assert any(b is None for *_, b in rows) and any(b is not None for *_, b in rows)
    wanted = sorted((f["province"], f["policy"], f["id"], f.get("baseline")) for f in figures)
    assert [(p, q, i, b and b["value"]) for p, q, i, b in rows] == [
        (p, q, i, b and b["value"]) for p, q, i, b in wanted
    ]


@pytest.mark.parametrize("whole", ["whole_or_nothing", "whole_directory"])
def test_a_ctrl_c_pending_while_a_half_written_output_is_removed_waits_for_the_removal(tmp_path, monkeypatch, whole):
    """A library that stops on a Ctrl-C first raises its own error; Python's KeyboardInterrupt then comes at the
    next line run, which may be the removal's first: the output's temporary file (or folder) is still removed
    whole, then the run stops."""
    import shutil
    from pathlib import Path

    from vnpolicy.reports import files

    calls = []

    def once(real):
        def removal(*args, **kwargs):
            calls.append(args)
            if len(calls) == 1:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        return removal

    monkeypatch.setattr(Path, "unlink", once(Path.unlink))
    monkeypatch.setattr(shutil, "rmtree", once(shutil.rmtree))
    with pytest.raises(KeyboardInterrupt):
        with getattr(files, whole)(tmp_path / "out") as tmp:
            (Path(tmp) / "t.parquet" if Path(tmp).is_dir() else Path(tmp)).write_text("half")
            raise RuntimeError("a library's own")
    assert len(calls) == 2 and list(tmp_path.iterdir()) == []
