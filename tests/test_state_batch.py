"""The core rule kinds add their columns in a batch (``State.batch``): computed together when the frame is
next read, in as few queries as the columns' dependencies allow. What the frame holds is what adding them
one by one gives."""

import polars as pl
import pytest

from vnpolicy.rules.kinds.base import State


def _steps(state):
    a = state.add(pl.col("x") > 1)
    b = state.add(pl.col(a).fill_null(False) & (pl.col("x") < 3))  # reads a column added just before
    state.put("x", pl.col("x") * 10)  # replaces a column the next one reads
    c = state.add(pl.col("x") + pl.col(b).cast(pl.Int64))
    state.add(pl.sum_horizontal(pl.all().is_null().cast(pl.Int32)))  # any column, those added included
    before = state.frame
    state.add(pl.lit(1))
    state.frame = before.with_columns(pl.col(c).alias("again"))  # built from an earlier read: no lit(1)
    state.add(pl.col("again") * 2)
    return state.frame


@pytest.fixture
def frame():
    return pl.DataFrame({"x": [1, 2, None, 3]})


def test_a_batch_gives_the_frame_of_adding_one_by_one(frame):
    eager = _steps(State(None, None, "vi", frame))
    batched = State(None, None, "vi", frame)
    with batched.batch():
        inside = _steps(batched)
    assert inside.equals(eager) and batched.frame.equals(eager)
    assert eager.columns == ["x", "__c_1", "__c_2", "__c_3", "__c_4", "again", "__c_6"]


def test_a_batch_computes_its_columns_in_one_query_and_at_its_end(frame):
    state = State(None, None, "vi", frame)
    with state.batch():
        first = state.add(pl.col("x") + 1)
        second = state.add(pl.col(first) * 2)  # reads the first: a step after it, the same query
        assert state.columns == ["x", first, second]
        assert state._frame.columns == ["x"]  # nothing computed yet
    assert state._frame[second].to_list() == [4, 6, None, 8]  # computed when the block ended


def test_outside_a_batch_a_column_is_computed_when_added(frame):
    state = State(None, None, "vi", frame)
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        state.add(pl.col("no_such_column"))  # fails where it is added: in a plugin's kind, in that kind
