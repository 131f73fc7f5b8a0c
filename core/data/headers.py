"""What offices send: a title above the table, Vietnamese column headers, a column of row numbers (STT).

A table's header row is the first of its first :data:`SEARCH` rows where most filled cells name a column
(a field, an office's header word for it from :mod:`.aliases`, ``rating_YYYY``, a note or ``STT``); if no
row does, the first row is the header, as before, and an unknown column is reported there. Every mapping
made is kept as a note on the table, which ``vnpolicy validate`` prints.
"""

from ..errors import DatasetError
from .aliases import header_field
from .rawtable import is_note, shown
from .schema import RATING_COLUMN, fold

SEARCH = 10  # rows looked at for the header


def _named(table, cell):
    text = "" if cell is None else str(cell).strip()
    if not text:
        return None
    return header_field(table, text) is not None or bool(RATING_COLUMN.match(fold(text))) or is_note(text)


def find_header(table, rows):
    """(index of the header row among ``rows``, how many of its cells name a column); (0, hits of row 0)
    when no row of the first :data:`SEARCH` is mostly column names."""
    first = None
    for index, row in enumerate(rows[:SEARCH]):
        marks = [m for m in (_named(table, c) for c in row) if m is not None]
        hits = sum(marks)
        if first is None:
            first = hits
        if hits >= 2 and 2 * hits > len(marks):
            return index, hits
    return 0, first or 0


def map_columns(table, columns, where, header_row):
    """The columns as fields: (names, indices kept, notes). An office's header becomes its field, a column of
    row numbers is dropped; anything else stays as written (an unknown column is reported later)."""
    names, keep, notes, seen = [], [], [], {}
    for index, column in enumerate(columns):
        field = header_field(table, column) if column else None
        if field == "":
            notes.append((f"cột {shown(column)} bỏ qua", f"column {shown(column)} ignored"))
            continue
        name = field or column
        if field and field != column:
            notes.append((f"cột {shown(column)!r} → {field}", f"column {shown(column)!r} → {field}"))
        if name in seen:
            said = f"{seen[name]!r} và {column!r}" if seen[name] != column else repr(column)
            at = "" if header_row is None else f", dòng {header_row}"  # a database's table has no header row
            raise DatasetError(
                f"{where}{at}: cột {shown(said)} cùng là {name}, viết hai lần / column {name} written twice"
            )
        seen[name] = column
        names.append(name)
        keep.append(index)
    return names, keep, notes


def header_note(header_row):
    return f"hàng tiêu đề ở dòng {header_row}", f"header row at row {header_row}"


def note_line(raw, lang="vi"):
    """One line of what was read differently from the contract's plain form, or None."""
    if not raw.notes:
        return None
    return f"{raw.source}: " + "; ".join(vi if lang == "vi" else en for vi, en in raw.notes)
