"""References between tables checked on whole columns: every value found in the table it refers to, and a
reference within a table (a unit's parent) never leading back to the row it starts from. The rows found are
the views' joins (:class:`.dataset.Dataset`)."""

from concurrent.futures import Future

import polars as pl

from .columns import where as _where
from .lookup import dangling as dangling_of
from .lookup import rows_of

_NONE = Future()  # a reference not looked up
_NONE.set_result(None)


def look_up(raw, tables, specs, pool):
    """{(table, field): Future of the row of each value in the table it refers to, where that table's field is
    unique (else of None)}."""
    return {
        (table, name): pool.submit(rows_of, tables[table][name], tables[t][f])
        if table in raw and specs[t][f].unique
        else _NONE
        for table, table_specs in specs.items()
        for name, spec in table_specs.items()
        if spec.references
        for t, f in [spec.references.split(".")]
    }


def check_references(raw, tables, specs, found, problems, lang):
    """Every reference found in its table (``found``: :func:`look_up`), or named, in order; {(table, field):
    the row of each value in the table it refers to} where that table's field is unique (the views' joins)."""
    vi = lang == "vi"
    rows = {}
    for table, table_specs in specs.items():
        if table not in raw:
            continue
        for name, spec in table_specs.items():
            if not spec.references:
                continue
            target_table, target_field = spec.references.split(".")
            values = tables[table][name]
            valid = tables[target_table][target_field]
            at = found[(table, name)].result()
            if at is None:
                dangling = dangling_of(values, valid)
            else:
                rows[(table, name)] = at
                dangling = values.is_not_null() & at.is_null()
            if target_table == table and not dangling.any() and (at is None or _may_loop(at)):
                _check_cycles(raw[table], tables[table], name, target_field, problems, lang)
            if dangling.any():
                index = dangling.arg_true()[0]
                row = raw[table].frame["_row"][index]
                problems.append(
                    f"{_where(raw[table], row, name, lang)}: "
                    + (
                        f"gặp {values[index]!r}, cần một mã có trong {target_table}.{target_field}"
                        if vi
                        else f"found {values[index]!r}, expected an id present in {target_table}.{target_field}"
                    )
                )
    return rows


def _may_loop(at):
    """Whether following each row's reference (``at``: the row it refers to, null for none) can go round: each
    row's 2^k-th ancestor, k doubling up to the rows' number, still refers on only when a loop was entered."""
    n = at.len()
    up = pl.select(pl.when(at.is_null()).then(pl.int_range(n, dtype=at.dtype)).otherwise(at)).to_series()
    for _ in range(max(n, 1).bit_length()):
        up = up.gather(up)
    return not at.gather(up).is_null().all()


def _check_cycles(raw, typed, name, target, problems, lang):
    """A reference within a table (a unit's parent_id) may not lead back to the row it starts from."""
    parent = dict(zip(typed[target].to_list(), typed[name].to_list()))
    rows = dict(zip(typed[target].to_list(), raw.frame["_row"].to_list()))
    done = set()
    for start in parent:
        path, node = [], start
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = parent.get(node)
        done.update(path)
        if node is None or node not in path:
            continue
        loop = path[path.index(node) :]
        at = loop.index(min(loop, key=rows.get))
        ring = " → ".join(loop[at:] + loop[:at] + [loop[at]])
        problems.append(
            f"{_where(raw, rows[loop[at]], name, lang)}: "
            + (
                f"gặp {parent[loop[at]]!r}, một vòng {ring}; cần {name} không dẫn ngược về chính nó"
                if lang == "vi"
                else f"found {parent[loop[at]]!r}, a loop {ring}; expected a {name} that does not lead back to itself"
            )
        )
        return
