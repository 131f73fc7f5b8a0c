"""``-o FILE.duckdb``: the tables of :mod:`vnpolicy.reports.tables` in a DuckDB database, the slices
gathered into batches and handed to DuckDB through the Arrow C stream interface (no pyarrow needed, no
file in between), each table's by a thread and connection of its own while polars builds the next. The
results are kept with their repeating texts as numbers (:class:`_Words`) and each result's reasons as a
list beside it (:func:`_nested`), behind views named ``results`` and ``reasons`` (README: at 1M staff,
compare to DuckDB about 0.8x the time it took with every text stored as text), with views that answer the
usual questions:

- ``cost_by_province_group``: per (scenario,) province, policy, group and period: people eligible, people
  paid and the money paid;
- ``changes`` (a comparison with a reform): who changes under the reform — outcome, group, amount and
  paid before and after, per province, policy and person."""

import errno
import queue
import threading
from pathlib import Path

import polars as pl

from ..data import libraries
from .tables import REASON_FIELD_TYPES, REASON_TYPES, RESULT_ROW, RESULT_TYPES

BATCH = 250_000  # rows of a table appended at a time (the slices gathered)
AHEAD = 1  # batches built ahead of DuckDB
SMALL = "small"  # the lane of the small tables (:func:`_insert_while_built`)
# DuckDB's cache while the batches come in: its default (80% of the machine's) adds 0.4 GB at 1M staff;
# 64 MB costs a third more system time (row groups written out early)
MEMORY = "256MB"
# the results (and their reasons) are stored as coded_results, their repeating texts as numbers into
# coded_words (:class:`_Words`), beside the views named results and reasons; not in a schema of their own,
# whose name a database named after the same word (coded.duckdb) would make ambiguous
CODED_PREFIX = "coded_"
# the large tables' texts that repeat (a few to tens of thousands of distinct texts at 1M staff); ids and
# names are left as texts: numbering a million distinct staff ids costs polars more than it saves DuckDB
# (numbered by their row in the dataset instead, at no cost, the command took no less time: DuckDB's time
# is not in them), and a view looking up one of a million words per row reads 8.6M reasons in 4 s, not
# 0.2 s; the units' 25,000 ids, numbered, made a query on the results twice as slow (0.04 s to 0.08 s)
CODED = ("rule", "outcome", "group", "amount_period", "decision", "message")
# which rules, province and policy a slice's rows are of (one of each, :meth:`Tables.chunks`): stored as one
# number, ``run``, the k-th of each of their lists of words (at 1M staff, compare to DuckDB 0.92x the time of
# the three stored apart: DuckDB pays for each column of each row)
RUN = ("scenario", "province", "policy")
RUN_COLUMN = "run"
# each result's reasons are kept beside it, a list in coded_results (:func:`_nested`), the view ``reasons``
# giving them one row each: not 8.6M rows each repeating its staff id and run (at 1M staff, compare: DuckDB
# stored results and reasons apart in 3.7 s alone, together in 2.6 s; the whole command 0.97x the time and
# 0.93x the CPU, its file 73 MB, not 100 MB)
REASONS = "reasons"
REASON_FIELDS = tuple(REASON_FIELD_TYPES)
# THREADS: each DuckDB connection works on its own thread only (SET threads = 1): with two, at 1M staff it
# took twice the CPU (its writing at the end compressed the row groups again) for the same time alone, and
# slowed polars beside it. The results are appended by a connection of their own, the small tables by
# another, at once (the file is renamed into place only whole, so the tables are created and filled in
# transactions of their own)
COST = """CREATE VIEW cost_by_province_group AS
SELECT {scenario}{province} AS province, r.policy, r."group", r.amount_period,
       count(*) FILTER (WHERE r.outcome = 'eligible') AS eligible,
       count(*) FILTER (WHERE r.paid) AS paid,
       coalesce(sum(r.amount_vnd) FILTER (WHERE r.paid), 0)::BIGINT AS amount_vnd
FROM ({results}) r LEFT JOIN policies p ON p.id = r.policy
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
FROM (SELECT * FROM ({results}) WHERE scenario = 'baseline') b
FULL JOIN (SELECT * FROM ({results}) WHERE scenario = 'reform') a
  ON a.province = b.province AND a.policy = b.policy AND a.staff_id = b.staff_id
WHERE b.outcome IS DISTINCT FROM a.outcome OR b."group" IS DISTINCT FROM a."group"
   OR b.amount_vnd IS DISTINCT FROM a.amount_vnd OR b.paid IS DISTINCT FROM a.paid
ORDER BY ALL"""


def write_database(tables, path):
    """Every table, and the views, into a new database at ``path`` (which does not exist; the caller renames
    it into place when whole). The results are created as ``coded_results`` with their declared types, their
    repeating texts as numbers (:class:`_Words`) and each one's reasons as a list (:func:`_nested`), and
    filled batch by batch on a connection of their own, the small tables on another; then, in one
    transaction, the views giving the results and the reasons back and the other tables and views."""
    log = Path(f"{path}.wal")  # DuckDB's log beside the file: the file is whole only once none is left
    try:
        _write(tables, path)
        if log.exists():
            raise OSError(errno.EIO, "DuckDB could not write its log into the database file", str(log))
    except BaseException:  # a disk's error is worded by the caller (files.disk_error)
        log.unlink(missing_ok=True)
        raise


def _write(tables, path):
    duckdb = libraries.duckdb()
    large = {"results": tables.schema(RESULT_TYPES)}
    if tables.reasons != "none":
        large["reasons"] = tables.schema(REASON_TYPES)
    stored = _stored(large["results"]) | ({REASONS: _reasons_stored()} if "reasons" in large else {})
    words = _Words()
    with duckdb.connect(str(path)) as db:
        db.execute(f"SET memory_limit = '{MEMORY}'")
        db.execute("SET threads = 1")  # see THREADS
        db.from_arrow(_Stream(pl.DataFrame(schema=stored))).create(CODED_PREFIX + "results")
        # the small tables on a lane of their own while polars builds the large ones' batches (at the end,
        # alone, they took 1.3 s at 1M staff)
        batches = _batches(tables.chunks(enums=True, at=True), words, "reasons" in large)
        # the words, views and citations, known once the batches are built, written while DuckDB takes the last
        _insert_while_built(db, batches, tables.small(), then=lambda: _views(db, tables, words, large))
        db.execute("CHECKPOINT")  # here, where a failure is an error: closing would fail without one


def _views(db, tables, words, large):
    """In one transaction: the words the large tables' numbers stand for, the views giving their texts back,
    the citations, and the views answering the usual questions."""
    db.execute("BEGIN")
    db.from_arrow(_Stream(words.frame())).create(CODED_PREFIX + "words")
    for name, types in large.items():
        db.execute(f'CREATE VIEW "{name}" AS {_decoded(name, types)}')
    db.from_arrow(_Stream(tables.cited())).create("citations")
    scenario = "r.scenario, " if tables.compared else ""
    province = "r.province" if tables.compared else "p.province"
    # on coded_results, not the view: a view over a view is not read back by IMPORT DATABASE (made first)
    results = _decoded("results", large["results"])
    db.execute(COST.format(scenario=scenario, province=province, results=results))
    if tables.reformed:  # without a reform nobody changes (not everyone: no "after" to compare with)
        db.execute(CHANGES.format(results=results))
    db.execute("COMMIT")


def _insert_while_built(db, batches, small=(), then=None):
    """Each (table, frame) of ``batches`` appended in order, each table by a thread and connection of its own
    (in one transaction) while polars builds the next frames (all let go of the GIL): at most ``AHEAD``
    batches wait for each. Before them, each (table, frame) of ``small`` created by a lane of its own,
    beside; after them, ``then()`` on ``db`` while the lanes take what is left. The first error of any side
    is raised here."""
    lanes, failed, closed = {}, [], set()

    def lane(key):
        waiting, con = queue.Queue(0 if key == SMALL else AHEAD), db.cursor()

        def insert():
            ended = False  # the builder's end taken: nothing more will come
            try:
                con.execute("BEGIN")
                while (item := waiting.get()) is not None:
                    table, frame = item
                    rows = con.from_arrow(_Stream(frame))
                    del item, frame
                    if key == SMALL:
                        rows.create(table)
                    else:
                        rows.insert_into(table)
                    del rows
                ended = True
                con.execute("COMMIT")  # can fail too (the disk full): then there is nothing left to take
            except BaseException as exc:  # noqa: BLE001 - handed to the builder, raised there
                failed.append(exc)
                while not ended and waiting.get() is not None:  # let the builder finish putting
                    pass

        thread = threading.Thread(target=insert, name=f"vnpolicy-duckdb-{key}", daemon=True)
        thread.start()
        return waiting, thread, con

    try:
        for table, frame in small:
            if SMALL not in lanes:
                lanes[SMALL] = lane(SMALL)
            lanes[SMALL][0].put((table, frame))
            del frame
        if SMALL in lanes:
            lanes[SMALL][0].put(None)  # those are all: its transaction ends once they are written
            closed.add(SMALL)
        for table, frame in batches:
            if failed:
                break
            if table not in lanes:
                lanes[table] = lane(table)
            lanes[table][0].put((table, frame))
            del frame
        if then is not None:
            if SMALL in lanes:  # what then() makes may read the small tables: committed first (done long before)
                lanes[SMALL][1].join()
            if not failed:
                then()
    finally:
        # polars meeting a Ctrl-C raises it, and Python's own is left pending: it comes as _finish starts,
        # before _finish can hold it (3 Ctrl-Cs of 40 sent while the tables were written left the lanes running:
        # "connection is busy" at closing)
        stopped = None
        while True:
            try:
                stopped = _finish(lanes, closed) or stopped
                break
            except KeyboardInterrupt as exc:  # again: it starts over, the lanes already told are not told again
                stopped = exc
        if stopped is not None:
            raise stopped
    if failed:
        raise failed[0]


def _finish(lanes, closed):
    """Each lane (``lanes``: key -> (queue, thread, connection); ``closed``: the keys already told, to which
    those it tells are added) told it has all, then waited for and its connection closed, even through a
    Ctrl-C, which is returned once they are (None without one): a lane left running outlives its database
    (DuckDB then aborts the process), one never told waits forever."""
    interrupted = []

    def tell(key, waiting):
        waiting.put(None)
        closed.add(key)

    steps = [lambda k=key, w=waiting: k in closed or tell(k, w) for key, (waiting, _, _) in lanes.items()]
    steps += [lambda t=thread, c=con: (t.join(), c.close()) for _, thread, con in lanes.values()]
    for step in steps:
        while True:
            try:
                step()
                break
            except KeyboardInterrupt as exc:  # again until done: each step is safe to repeat
                interrupted.append(exc)
    return interrupted[0] if interrupted else None


def _batches(chunks, words, reasons=True):
    """(table, frame) of ``coded_results`` of at least ``BATCH`` rows (the last: what is left), the slices of
    ``chunks`` (``Tables.chunks(at=True)``) in order, their repeating texts as numbers (``words``), each
    result with its reasons as a list (:func:`_nested`; ``reasons``: whether each slice's reasons follow its
    results): each insert costs DuckDB tens of milliseconds beyond its rows (at 1M staff, slices of 100,000
    cost about a third more CPU than batches of 250,000 or more). A batch is handed on once its last slice is
    whole, so that the last batch, which DuckDB takes after polars is done, is no more than what is left."""
    held = []
    for name, frame in chunks:
        frame = words.coded(frame)  # each slice's: the Enums of two slices are not the same type
        if name == "reasons":  # the reasons of the slice of results just before them
            held[-1] = _nested(held[-1], frame)
        else:
            held.append(frame)
        del frame
        # a slice is whole once its reasons are in (without reasons, its results)
        if sum(f.height for f in held) >= BATCH and (name == "reasons" or not reasons):
            yield CODED_PREFIX + "results", pl.concat(held, rechunk=False)
            held = []
    if held:
        yield CODED_PREFIX + "results", pl.concat(held, rechunk=False)


def _nested(results, reasons):
    """``results`` (coded) with the column :data:`REASONS`: each result's ``reasons`` rows (coded, keyed by the
    result's row among them, :data:`RESULT_ROW`), in their order, as a list; null for a result without one.
    DuckDB keeps a result's reasons beside it, not their 8.6M rows each with its staff id and run (at 1M
    staff, compare to DuckDB: see the README's speed section)."""
    lists = (
        reasons.with_columns(pl.col(RESULT_ROW).set_sorted())  # in the results' order: grouped without hashing
        if reasons[RESULT_ROW].is_sorted()
        else reasons
    )
    lists = lists.group_by(RESULT_ROW, maintain_order=True).agg(pl.struct(*REASON_FIELDS).alias(REASONS))
    rows = pl.int_range(0, results.height, dtype=pl.UInt32, eager=True).alias(RESULT_ROW).to_frame()
    return results.with_columns(rows.join(lists, on=RESULT_ROW, how="left", maintain_order="left")[REASONS])


class _Words:
    """The texts of the columns in :data:`CODED`, each column's numbered in the order first met (a polars
    ``Categories`` of its own): code k (from 1) stands for its k-th text; and the runs (:data:`RUN`).
    DuckDB stores a column of numbers several times faster than one of texts (at 1M staff the reasons'
    8.6M rows: 5.5 s for their texts, 2.3 s as numbers); the views give the texts back."""

    def __init__(self):
        self.kinds = {}
        self.held = []  # a series of each kind: polars keeps a Categories' texts while a series uses it
        self.runs = {}  # (scenario, province, policy) or (policy,) -> its number, from 1
        self.run_columns = ()  # the columns a run is of: (policy,) for an assessment, all three for a comparison

    def _kind(self, name):
        if name not in self.kinds:
            self.kinds[name] = pl.Categorical(pl.Categories.random())
            self.held.append(pl.Series([], dtype=self.kinds[name]))
        return self.kinds[name]

    def coded(self, frame):
        """``frame`` as it is stored (:func:`_stored`)."""
        if run := [c for c in RUN if c in frame.columns]:
            frame = frame.with_columns(
                pl.repeat(self._run(frame, run), frame.height, dtype=pl.UInt32).alias(RUN_COLUMN)
            )
            frame = frame.select(_stored(frame.schema).keys())
        names = [c for c, kind in frame.schema.items() if _coded(c, kind)]
        return frame.with_columns(self._codes(frame[c]) for c in names) if names else frame

    def _run(self, frame, columns):
        """The number of the slice's (scenario, province, policy), each an Enum of its one text."""
        kinds = [frame.schema[c] for c in columns]
        if not all(isinstance(k, pl.Enum) and k.categories.len() == 1 for k in kinds):
            raise ValueError(f"{', '.join(columns)}: one text each a slice, as an Enum, expected: {kinds}")
        self.run_columns = tuple(columns)
        return self.runs.setdefault(tuple(k.categories[0] for k in kinds), len(self.runs) + 1)

    def _codes(self, column):
        kind = self._kind(column.name)
        if isinstance(column.dtype, pl.Enum):  # its few texts numbered, each row's looked up by its Enum code
            known = column.dtype.categories.cast(kind).to_physical().cast(pl.UInt32) + 1
            return known.gather(column.to_physical()).alias(column.name)
        return column.cast(kind).to_physical().cast(pl.UInt32) + 1

    def frame(self):
        words = {name: kind.categories.to_series().to_list() for name, kind in self.kinds.items()}
        words |= {c: [run[k] for run in self.runs] for k, c in enumerate(self.run_columns)}  # in the runs' order
        return pl.DataFrame(
            {"name": list(words), "words": list(words.values())},
            schema={"name": pl.Utf8, "words": pl.List(pl.Utf8)},
        )


def _coded(column, kind):
    return column in CODED and (kind == pl.Utf8 or isinstance(kind, pl.Enum))


def _stored(types):
    """The columns of a large table as stored (``types``: the table's): the run's columns as one number at
    the place of the first, the repeating texts as numbers."""
    stored = {}
    for c, kind in types.items():
        if c in RUN:
            stored[RUN_COLUMN] = pl.UInt32
        elif c == RUN_COLUMN:
            continue  # the run's number itself (:meth:`_Words.coded`), put at its place above
        else:
            stored[c] = pl.UInt32 if _coded(c, kind) else kind
    return stored


def _reasons_stored():
    """The type of a result's list of reasons as stored: each reason's fields, its texts as numbers."""
    return pl.List(pl.Struct(_stored(REASON_FIELD_TYPES)))


def _decoded(name, types):
    """The query giving the table ``name`` (results, reasons) from ``coded_results``: its columns in their
    order, each coded one as its text (the code-th of the column's words, the run's of its run; NULL for a
    null code); the reasons one row each, from each result's list in order (``unnest`` in the select list
    keeps the order; a null list gives no row)."""
    words = CODED_PREFIX + "words"
    source = f'"{CODED_PREFIX}results"'
    if name == "reasons":
        source = f'(SELECT "{RUN_COLUMN}", staff_id, unnest("{REASONS}") AS r FROM {source})'

    def value(c):
        return f't.r."{c}"' if name == "reasons" and c in REASON_FIELD_TYPES else f't."{c}"'

    def column(c, kind):
        if c in RUN:
            return f'(SELECT words FROM {words} WHERE name = \'{c}\')[t."{RUN_COLUMN}"] AS "{c}"'
        if _coded(c, kind):
            return f"(SELECT words FROM {words} WHERE name = '{c}')[{value(c)}] AS \"{c}\""
        return f'{value(c)} AS "{c}"'

    columns = ", ".join(column(c, kind) for c, kind in types.items())
    return f"SELECT {columns} FROM {source} t"


class _Stream:
    """A frame as nothing but an Arrow C stream: DuckDB reads a polars frame itself only through pyarrow,
    but reads any object with ``__arrow_c_stream__`` without it."""

    def __init__(self, frame):
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema=None):
        return self.frame.__arrow_c_stream__(requested_schema)
