"""The SQLite file: its schema (``runs``, ``run_policies``, ``results``; ``meta`` names it and its version),
one transaction per run (``BEGIN IMMEDIATE``, WAL, a busy timeout: writers at the same time wait for each
other), and reading runs back. Dates and times are ISO text; lists and objects are JSON text."""

import datetime as dt
import json
import sqlite3
import time
from importlib import metadata
from pathlib import Path

from ..errors import UsageError, unwritable
from .inputs import CHANGE_FIELDS, RESULT_FIELDS

NAME = "vnpolicy-record"
VERSION = 1
BUSY_MS = 60_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    vnpolicy_version TEXT NOT NULL,
    command TEXT NOT NULL,
    arguments TEXT NOT NULL,
    as_of TEXT,
    period_from TEXT,
    period_to TEXT,
    dataset_path TEXT NOT NULL,
    dataset_sha256 TEXT,
    readings TEXT NOT NULL,
    overrides TEXT NOT NULL,
    reform_path TEXT,
    reform_sha256 TEXT,
    lang TEXT NOT NULL,
    policy_count INTEGER NOT NULL,
    result_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS run_policies (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    policy TEXT NOT NULL,
    province TEXT,
    path TEXT NOT NULL,
    sha256 TEXT,
    in_force INTEGER,
    readings TEXT NOT NULL,
    totals TEXT,
    PRIMARY KEY (run_id, policy)
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    policy TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    outcome TEXT,
    "group" TEXT,
    amount_vnd INTEGER,
    paid INTEGER,
    decision TEXT,
    readings TEXT,
    assumptions TEXT,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS changes (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    policy TEXT,
    staff_id TEXT NOT NULL,
    status TEXT,
    before TEXT,
    after TEXT,
    detail TEXT,
    PRIMARY KEY (run_id, seq)
);
"""


def _not_ours(path):
    return UsageError(f"{path}: không phải cơ sở dữ liệu của vnpolicy / not a vnpolicy database")


def _connect(path):
    connection = sqlite3.connect(str(path), timeout=BUSY_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return connection


def _tables(connection, path):
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        connection.close()
        raise _not_ours(path) from None


def _check(connection, path):
    """Ours, in a version this vnpolicy reads."""
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        meta = {}
    if meta.get("schema") != NAME:
        connection.close()
        raise _not_ours(path)
    if int(meta.get("version", 0)) > VERSION:
        connection.close()
        raise UsageError(
            f"{path}: phiên bản lược đồ {meta['version']} mới hơn bản vnpolicy này đọc ({VERSION}) "
            f"/ schema version {meta['version']} is newer than this vnpolicy reads"
        )


def open_for_writing(path):
    """The database at ``path``, created when it does not exist or is empty; one that is not ours, or a
    place that cannot be written, is one line."""
    path = Path(path)
    try:
        connection = _connect(path)
        tables = _tables(connection, path)
        if not tables:
            connection.execute("BEGIN IMMEDIATE")
            if not _tables(connection, path):  # another writer may have created it meanwhile
                for statement in filter(str.strip, SCHEMA.split(";")):
                    connection.execute(statement)
                connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?), ('version', ?)", (NAME, VERSION))
            connection.execute("COMMIT")
        _check(connection, path)
        if "changes" not in _tables(connection, path):  # a file written before changes were recorded
            connection.execute(SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS changes") :].rstrip().rstrip(";"))
        _wal(connection)
    except sqlite3.OperationalError as exc:
        raise _cannot_write(path, exc) from None
    return connection


def _wal(connection):
    """WAL mode (kept in the file): readers never block the writer."""
    for _ in range(100):
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(0.05)


def _cannot_write(path, exc):
    if isinstance(exc, OSError):
        return unwritable(f"--record {path}", exc)
    return UsageError(f"--record {path}: không ghi được ({exc}) / cannot write: {exc}")


def open_for_reading(path):
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: không tìm thấy / not found")
    try:
        connection = _connect(path)
    except sqlite3.OperationalError as exc:
        raise UsageError(f"{path}: không mở được ({exc}) / cannot open: {exc}") from None
    _tables(connection, path)
    _check(connection, path)
    return connection


def write(connection, run, policies, rows, changes=()):
    """One run in one transaction: ``run`` the runs row (without id, time, version, counts), ``policies``
    its run_policies rows, ``rows`` its results (``changes``: a changes run's rows; its result count).
    Returns the new run's id."""
    run = {
        **run,
        "recorded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vnpolicy_version": _version(),
        "policy_count": len(policies),
        "result_count": len(rows) + len(changes),
    }
    columns = list(run)
    connection.execute("BEGIN IMMEDIATE")
    try:
        cursor = connection.execute(
            f"INSERT INTO runs ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [run[c] for c in columns],
        )
        run_id = cursor.lastrowid
        connection.executemany(
            "INSERT INTO run_policies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (run_id, p["policy"], p["province"], p["path"], p["sha256"], p["in_force"], p["readings"], p["totals"])
                for p in policies
            ],
        )
        connection.executemany(
            'INSERT INTO results (run_id, seq, policy, staff_id, outcome, "group", amount_vnd, paid, decision, '
            "readings, assumptions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, i, *(r[k] for k in RESULT_FIELDS)) for i, r in enumerate(rows)],
        )
        connection.executemany(
            f"INSERT INTO changes (run_id, seq, {', '.join(CHANGE_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, i, *(r[k] for k in CHANGE_FIELDS)) for i, r in enumerate(changes)],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return run_id


def _version():
    try:
        return metadata.version("vnpolicy")
    except metadata.PackageNotFoundError:
        return "unknown"


def runs(connection):
    """Every run, oldest first, as dicts."""
    return _dicts(connection.execute("SELECT * FROM runs ORDER BY id"))


def run(connection, run_id, path):
    """One run: its row, its policies, its results (dicts); an unknown id is one line."""
    found = _dicts(connection.execute("SELECT * FROM runs WHERE id = ?", (_id(run_id, path),)))
    if not found:
        raise UsageError(f"{path}: không có lần chạy {run_id!r} / no run {run_id!r}")
    entry = found[0]
    entry["arguments"] = json.loads(entry["arguments"])
    policies = _dicts(connection.execute("SELECT * FROM run_policies WHERE run_id = ? ORDER BY policy", (entry["id"],)))
    return entry, policies


def results(connection, run_id):
    """A run's results, in their order, as tuples of :data:`RESULT_FIELDS`."""
    fields = ", ".join(f'"{f}"' for f in RESULT_FIELDS)
    return connection.execute(f"SELECT {fields} FROM results WHERE run_id = ? ORDER BY seq", (run_id,)).fetchall()


def changes(connection, run_id):
    """A changes run's rows, in their order, as tuples of :data:`CHANGE_FIELDS`."""
    fields = ", ".join(f'"{f}"' for f in CHANGE_FIELDS)
    return connection.execute(f"SELECT {fields} FROM changes WHERE run_id = ? ORDER BY seq", (run_id,)).fetchall()


def _id(run_id, path):
    try:
        return int(run_id)
    except (TypeError, ValueError):
        raise UsageError(f"{path}: không có lần chạy {run_id!r} / no run {run_id!r}") from None


def _dicts(cursor):
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
