"""Validation at column speed: a column typed by polars, cerberus consulted only where polars cannot decide.

The cerberus rules of a :class:`~.schema.FieldSpec` stay the one definition. A column of a million cells
holds few distinct values (a handful of codes, some thousands of dates), so a column is read as its
distinct values, and these are typed with polars expressions that accept exactly what the rules accept
and give the same value (``2024-01-05``, ``12``, ``true``, ``dai_hoc``); they never accept a value the rules
would refuse. Whatever is left (``Đại học``, ``05/03/24``, ``45658``, a typo) goes to cerberus, value by
value, which maps it or names it in the same message as ever; the typed distinct values are then mapped
back onto the whole column in one pass. A field with rules not known here (a plugin's ``regex``, its own
``coerce``) is left to cerberus on all its distinct values, as a plugin's field always was.
"""

import re

import polars as pl

from .rawtable import shown
from .schema import FALSE_WORDS, TRUE_WORDS

KNOWN_RULES = {"min", "max"}  # extra cerberus rules that are checked here on whole columns
PLAIN_CODE = r"^[a-z0-9_]+$"  # a code as fold() leaves it: fold is the identity on these
WHOLE = r"^-?[0-9]{1,18}$"  # int() and polars read these alike, and they fit in 64 bits
DECIMAL = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"  # float() and polars round these alike
DATES = ((r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$", "%Y-%m-%d"), (r"^[0-9]{2}/[0-9]{2}/[1-9][0-9]{3}$", "%d/%m/%Y"))
BAD_SHOWN = 3  # bad values named per column


def where(raw, row, column, lang):
    row_word = raw.row_word if lang == "vi" else {"dòng": "row", "bản ghi": "record", "rowid": "rowid"}[raw.row_word]
    col_word = "cột" if lang == "vi" else "column"
    return f"{raw.source}, {row_word} {row}, {col_word} {shown(column)}"


def _blank_to_null(text):
    """Text stripped, an empty cell null."""
    empty = text.str.len_bytes() == 0
    return text.set(empty, None) if empty.any() else text


def normalise(raw, column, spec, name, problems, lang, whole=None, tried=False):
    """The typed column of ``spec`` from a text column; what is wrong goes to ``problems``. ``whole``: the
    column as :func:`whole_columns` typed it, when it did; ``tried``: it tried and could not."""
    if (given := _given_typed(column, spec)) is not None:  # a database's or Parquet file's typed column
        typed, missing = given, given.is_null() if spec.required else None
    elif whole is not None:  # typed in one pass beside the table's other columns
        typed, missing = whole, whole.is_null() if spec.required else None
    elif spec.kind == "text" and not spec.rules:
        column = column.cast(pl.Utf8)
        typed = _blank_to_null(column.str.strip_chars())  # any text is valid text: nothing to check
        missing = typed.is_null() if spec.required else None
    elif not tried and (whole := _whole(column := column.cast(pl.Utf8), spec)) is not None:
        typed, missing = whole, column.is_null() if spec.required else None
    else:
        column = column.cast(pl.Utf8)
        distinct = column.drop_nulls().unique()
        stripped = _blank_to_null(distinct.str.strip_chars())
        typed_distinct = _typed(raw, column, distinct, stripped, spec, name, problems, lang)
        typed = _mapped(column, distinct, typed_distinct)
        if spec.required:
            blanks = distinct.filter(stripped.is_null())
            missing = column.is_null() | column.is_in(blanks.implode()) if blanks.len() else column.is_null()
    if spec.required and missing.any():
        row = raw.frame["_row"][missing.arg_true()[0]]
        found = f"ô trống, cần {spec.expected('vi')}" if lang == "vi" else f"empty, expected {spec.expected('en')}"
        problems.append(f"{where(raw, row, name, lang)}: {found}")
    if spec.default is not None:
        typed = typed.fill_null(spec.default)
    return typed.alias(name)


def whole_columns(frame, specs):
    """{column: typed column} of the text columns of ``frame`` (``specs``: column -> FieldSpec) that are typed
    in one pass, each as :func:`normalise` would type it: text stripped (when no cell is left empty), and every
    column whose filled cells are all already as polars reads them (:func:`_whole_expr`), {column: None} for
    the others. All in one query, each cell read once; a column not typed so is typed by :func:`normalise`
    through its distinct values, and its faults named there."""
    typed = {}
    for name, spec in specs.items():
        if frame.schema[name] != pl.Utf8:
            continue
        if spec.kind == "text" and not spec.rules:
            typed[name] = pl.col(name).str.strip_chars()
        elif (found := _whole_expr(pl.col(name), spec)) is not None:
            typed[name] = found
    if not typed:
        return {}
    out = frame.select(e.alias(n) for n, e in typed.items())
    both = out.hstack([frame[n].alias(f"\0{n}") for n in typed])  # the cells as read beside their typing
    ok = both.select(_accepted(pl.col(f"\0{n}"), pl.col(n), specs[n]).alias(n) for n in typed).row(0, named=True)
    return {n: out[n] if ok[n] else None for n in typed}


def _accepted(column, typed, spec):
    """Whether ``typed`` (:func:`whole_columns`) is the column typed: a cell polars could not read is null
    where the cell is not, and the bounds hold (an expression over both, one value)."""
    if spec.kind == "text":
        return (typed.null_count() == column.null_count()) & ~(typed.str.len_bytes() == 0).any()
    ok = typed.null_count() == column.null_count()
    if spec.kind == "bool":
        ok = ok & (typed.sum() + (column == "false").sum() == column.len() - column.null_count())
    if spec.kind == "number":
        ok = ok & typed.is_finite().fill_null(True).all()
    if spec.kind == "date":  # as the pattern has it (polars reads 2024-1-5, +2024-01-05 too)
        ok = ok & column.drop_nulls().unique().str.contains(DATES[0][0]).all()
    lo, hi = spec.rules.get("min"), spec.rules.get("max")
    if lo is not None:
        ok = ok & ~(typed < lo).any()
    if hi is not None:
        ok = ok & ~(typed > hi).any()
    return ok


def _given_typed(column, spec):
    """A column already of the field's type (a Parquet file's or a database's dates, yes/no, whole numbers),
    as it is, when within the field's bounds; else None (read as text, and what is wrong named as ever)."""
    if column.dtype == pl.Utf8 or set(spec.rules) - KNOWN_RULES:
        return None
    if (spec.kind, column.dtype) in (("date", pl.Date), ("bool", pl.Boolean)) and not spec.rules:
        return column
    if spec.kind == "code" and column.dtype == spec.dtype and not spec.rules:  # read as its Enum (.typedcsv)
        return column
    if spec.kind != "int" or not column.dtype.is_integer():
        return None
    typed = column.cast(pl.Int64, strict=False)
    lo, hi = spec.rules.get("min"), spec.rules.get("max")
    wrong = column.is_not_null() & typed.is_null()
    wrong = wrong | (typed < lo) if lo is not None else wrong
    wrong = wrong | (typed > hi) if hi is not None else wrong
    return None if wrong.fill_null(False).any() else typed


def _whole(column, spec):
    """The typed column when every filled cell is already as polars reads it (:func:`_whole_expr`), else None."""
    return whole_columns(column.alias("v").to_frame(), {"v": spec}).get("v")


def _whole_expr(value, spec):
    """The expression that reads a column in one pass over it, without its distinct values, giving null for a
    filled cell not already as polars reads it (``dai_hoc``, ``12``, ``2024-01-05`` are; a yes/no column is
    read when it holds ``true`` and ``false`` only: :func:`_accepted`); None for a field whose rules are not
    known here. Only for kinds whose polars reading gives what cerberus would; a
    cell not read sends the whole column to its distinct values."""
    if set(spec.rules) - KNOWN_RULES or (spec.rules and spec.kind not in ("int", "number")):
        return None
    if spec.kind == "bool":  # true and false as written (other words: through the distinct values)
        return value == "true"
    if spec.kind == "code" and spec.allowed is not None and all(plain(code, spec) for code in spec.allowed):
        return value.cast(spec.dtype, strict=False)
    if spec.kind == "int":  # polars reads [+-]digits only, as int() does
        return value.cast(pl.Int64, strict=False)
    if spec.kind == "number":  # what polars reads as a finite float, float() reads alike
        return value.cast(pl.Float64, strict=False)
    if spec.kind == "date":  # yyyy-mm-dd, a real day (2024-02-30 is not); as written: :func:`_accepted`
        return value.str.to_date(DATES[0][1], strict=False, cache=False)
    return None


def plain(code, spec):
    """A code that fold() and the aliases leave as it is, so a cell holding exactly it is that code."""
    return re.fullmatch(PLAIN_CODE, code) is not None and spec.aliases.get(code, code) == code


def _typed(raw, column, distinct, stripped, spec, name, problems, lang):
    """The typed value of each distinct value: polars where it can, cerberus for the rest."""
    fast = fast_typed(stripped, spec)
    if fast is None:
        typed, ok = (
            pl.Series(name, [None] * stripped.len(), dtype=spec.dtype),
            pl.Series([False] * stripped.len(), dtype=pl.Boolean),
        )
    else:
        typed, ok = fast
    rest = stripped.is_not_null() & ~ok
    if not rest.any():
        return typed
    mapping, bad = _cerberus(stripped.filter(rest).unique().to_list(), spec, name)
    if bad:
        _name_bad(raw, column, distinct, stripped, bad, spec, name, problems, lang)
    if mapping:
        keys = pl.Series(list(mapping), dtype=pl.Utf8)
        others = _mapped(stripped, keys, pl.Series(list(mapping.values()), dtype=spec.dtype))
        typed = typed.zip_with(ok, others)
    else:
        typed = typed.zip_with(ok, pl.Series(name, [None], dtype=spec.dtype))
    return typed


def _mapped(column, keys, values):
    """Each value of ``column`` replaced by the value of the same place in ``values`` as it has in ``keys``
    (null where it is not a key); a join where values are lists, which replace_strict cannot map to."""
    if not isinstance(values.dtype, pl.List):
        return column.replace_strict(keys, values, default=None, return_dtype=values.dtype)
    table = pl.DataFrame({"k": keys, "t": values})
    return column.to_frame("k").join(table, on="k", how="left", maintain_order="left")["t"]


def _cerberus(values, spec, name):
    """({value: normalised} of the values cerberus accepts, [values it refuses])."""
    import cerberus  # here: a dataset whose every value polars reads never needs it

    validator = cerberus.Validator({name: spec.cerberus_rules()})
    mapping, bad = {}, []
    for value in values:
        if validator.validate({name: value}):
            mapping[value] = validator.document[name]
        else:
            bad.append(value)
    return mapping, bad


def _name_bad(raw, column, distinct, stripped, bad, spec, name, problems, lang):
    """The first :data:`BAD_SHOWN` bad values in the order of the rows, each with the first row holding it."""
    bad_raw = distinct.filter(stripped.is_in(pl.Series(bad, dtype=pl.Utf8).implode()))
    rows = (
        pl.DataFrame({"_row": raw.frame["_row"], "v": column})
        .filter(pl.col("v").is_in(bad_raw.implode()))
        .select("_row", pl.col("v").str.strip_chars())
        .unique("v", keep="first", maintain_order=True)
        .head(BAD_SHOWN)
    )
    for row, value in rows.iter_rows():
        close = spec.suggest(value)
        hint = (f"; có phải {close!r}?" if lang == "vi" else f"; did you mean {close!r}?") if close else ""
        found = (
            f"gặp {value!r}, cần {spec.expected('vi')}"
            if lang == "vi"
            else f"found {value!r}, expected {spec.expected('en')}"
        )
        problems.append(f"{where(raw, row, name, lang)}: {found}{hint}")


def fast_typed(text, spec):
    """(typed values, accepted mask) for stripped text (empty cells null), or None when the field's rules
    are not all known here. A value not accepted is decided by cerberus, not by this."""
    if set(spec.rules) - KNOWN_RULES or (spec.rules and spec.kind not in ("int", "number", "date")):
        return None
    value = pl.col("v")
    if spec.kind == "text":
        typed, ok = value, value.is_not_null()
    elif spec.kind == "code":
        ok = value.str.contains(PLAIN_CODE) & ~value.is_in(list(spec.aliases))
        if spec.allowed is not None:
            ok = ok & value.is_in(list(spec.allowed))
        typed = pl.when(ok).then(value)
    elif spec.kind == "bool":
        ok = value.is_in(sorted(TRUE_WORDS | FALSE_WORDS))
        typed = value.is_in(sorted(TRUE_WORDS))
    elif spec.kind == "int":
        ok = value.str.contains(WHOLE)
        typed = pl.when(ok).then(value).cast(pl.Int64, strict=False)
    elif spec.kind == "number":
        ok = value.str.contains(DECIMAL)
        typed = pl.when(ok).then(value).cast(pl.Float64, strict=False)
    elif spec.kind == "date":
        typed = pl.coalesce(
            pl.when(value.str.contains(pattern)).then(value).str.to_date(form, strict=False) for pattern, form in DATES
        )
        ok = typed.is_not_null()
    else:  # lists of codes: cerberus reads them
        return None
    ok = ok.fill_null(False)
    if spec.kind in ("int", "number", "date"):
        ok = ok & typed.is_not_null()  # what matched the pattern but did not parse (2024-02-30)
    lo, hi = spec.rules.get("min"), spec.rules.get("max")
    if lo is not None:
        ok = ok & (typed >= lo)
    if hi is not None:
        ok = ok & (typed <= hi)
    out = (
        text.alias("v")
        .to_frame()
        .select(typed.cast(spec.dtype, strict=False).alias("t"), ok.fill_null(False).alias("ok"))
    )
    return out["t"], out["ok"]
