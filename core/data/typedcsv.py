"""A CSV file read straight into the types the schema gives, where polars' CSV reader accepts only what
the cerberus rules accept and reads it as they do; the other columns as text, as :mod:`.readers` reads them.

Which columns (:func:`read_as`): a code of a closed list of plain codes (an Enum: a cell must be one of
them exactly, ``dai_hoc``, else polars refuses it), a yes/no (``true`` or ``false`` in any case: what
``fold`` makes ``true``/``false``) and a whole number (digits with a sign or leading blanks, as ``int()``
reads them, within 64 bits). Dates stay text: polars' CSV reader guesses a date's pattern from the first
cell (``2024/01/05``, ``+2024-01-05`` would be dates), and the rules accept fewer.

Only a file larger than :data:`HEAD` bytes is read so (a small one costs more tries than it saves).
Nothing here names a problem. A column whose first cells (the file's first :data:`HEAD` bytes) polars does
not read typed (``có``, ``Đại học``, `` 5 ``) is read as text; a file with such a cell further on, or a
blank line (text keeps ``""`` apart from an empty cell, types do not), is read again, as text. A dataset
read this way in which validation finds anything wrong is read again as text and checked the usual way
(:func:`.dataset.load_dataset`), so that every message is the one it always was.
"""

import io

import polars as pl

from ..errors import DatasetError
from .columns import KNOWN_RULES, plain
from .headers import map_columns
from .schema import RATING_COLUMN

HEAD = 256 * 1024  # the first bytes of a file, whose cells say which columns are read typed


def read_as(spec):
    """The polars type the CSV reader may read this field as (see the module's words), or None: as text."""
    if spec is None or set(spec.rules) - KNOWN_RULES:
        return None
    if spec.kind == "int":  # bounds are checked on the typed column
        return pl.Int64
    if spec.rules:
        return None
    if spec.kind == "bool":
        return pl.Boolean
    if spec.kind == "code" and spec.allowed is not None and all(plain(code, spec) for code in spec.allowed):
        return spec.dtype
    return None


def overrides(table, columns, fields):
    """{column as polars names it: type} of the columns of a CSV header read typed; empty when the header
    is one the text reading refuses (it says why)."""
    try:
        names, keep, _ = map_columns(table, [c.strip().lstrip("\ufeff") for c in columns], "", None)
    except DatasetError:
        return {}
    ratings = fields.get("ratings")
    types = {}
    for index, name in zip(keep, names):
        spec = fields.get(name) if name != "ratings" else None
        if spec is None and ratings is not None and RATING_COLUMN.match(name):
            spec = ratings
        if (dtype := read_as(spec)) is not None:
            types[columns[index]] = dtype
    return types


def read_typed(file, table, fields, options):
    """The file as polars reads it with ``options`` (those of the text reading), typed where
    :func:`read_as` says and its first :data:`HEAD` bytes read so; None when it is not read so (nothing to type,
    or a cell further on that polars does not read)."""
    try:
        if file.stat().st_size <= HEAD:  # a small file: read as text, a single reading
            return None
        with open(file, "rb") as f:
            head = f.read(HEAD)
        head = head[: head.rfind(b"\n") + 1]  # whole lines
        first = {**options, "n_rows": None}
        columns = pl.read_csv(io.BytesIO(head), infer_schema=False, encoding="utf8", **{**first, "n_rows": 0}).columns
        types = overrides(table, columns, fields)
        if types and not _reads(head, types, first):  # some column is not: each on its own
            types = {column: dtype for column, dtype in types.items() if _reads(head, {column: dtype}, first)}
        if not types:
            return None
        return pl.read_csv(file, infer_schema=False, encoding="utf8", schema_overrides=types, **options)
    except Exception:  # whatever polars refuses, the text reading reads or names
        return None


def _reads(head, types, options):
    """Whether polars reads every cell of the file's first lines in each column of ``types`` as its type."""
    try:
        pl.read_csv(
            io.BytesIO(head),
            infer_schema=False,
            encoding="utf8",
            columns=list(types),
            schema_overrides=types,
            **options,
        )
    except Exception:  # a cell of another spelling (có, Đại học): the column is read as text
        return False
    return True
