"""Finding a reference's row in the table it refers to: by binary search among many sorted ids, else by a
join; the rows found when references are checked are the views' joins (:class:`.dataset.Dataset`)."""

import polars as pl

SEARCHED = 500_000  # from this many ids, a reference is found by binary search (when they are sorted)


def beside(frame, other, key, at):
    """``frame`` with the row of ``other`` at ``at`` beside each of its rows (``other``'s ``key`` left out):
    a left join on ``key`` whose rows were found when the reference was checked; None without them."""
    if at is None or at.len() != frame.height:
        return None
    other = other.drop(key)
    if set(other.columns) & set(frame.columns):
        return None  # a name in both: the join says how it renames them
    return frame.hstack(other.rechunk().select(pl.all().gather(at)))  # one chunk: a gather from many is slow


def positions(keys, ids):
    """The position of each key among ``ids`` (null where it is none) by binary search, when the ids are many
    and strictly ascending (a million staff ids: a third of the time of a join on them); else None."""
    if not ids.len() or ids.len() < SEARCHED or ids.null_count() or keys.dtype != ids.dtype or not ids.is_sorted():
        return None
    if (ids.slice(1) == ids.slice(0, ids.len() - 1)).any():
        return None  # an id twice: a join says which rows it matches
    ids, known = ids.rechunk(), keys.fill_null(ids[0])  # one chunk: searched and gathered from in a third less
    at = ids.search_sorted(known).clip(0, ids.len() - 1)
    return at.set((ids.gather(at) != known) | keys.is_null(), None)


def rows_of(values, valid):
    """The row of each value among the unique ``valid`` (null where it is none, or the value is null): by
    binary search among many sorted ids, else by a join."""
    if values.dtype != valid.dtype:
        return None
    at = positions(values, valid)
    if at is not None:
        return at
    rows = valid.to_frame("k").with_row_index("at").filter(pl.col("k").is_not_null())
    return values.to_frame("k").join(rows, on="k", how="left", maintain_order="left")["at"]


def dangling(values, valid):
    """Where a value is not among ``valid`` (a null is no reference): by binary search when ``valid`` is
    many sorted ids (a million staff: a fifth of the time of hashing them all), else by lookup."""
    valid = valid.drop_nulls()
    if not valid.len() or valid.len() < SEARCHED or not valid.is_sorted() or values.dtype != valid.dtype:
        return values.is_not_null() & ~values.is_in(valid.implode())
    valid, known = valid.rechunk(), values.fill_null(valid[0])
    at = valid.search_sorted(known).clip(0, valid.len() - 1)
    return values.is_not_null() & (valid.gather(at) != known)
