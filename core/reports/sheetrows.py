"""A long table's rows as a worksheet's XML, made a column at a time with polars, and put into the workbook
xlsxwriter wrote.

xlsxwriter spends about 4 µs of Python on a cell (its call, then the cell's XML when the book closes): the
per-person sheets of a comparison of 100,000 staff, 1.8 million cells, took 9 of its 10.6 s. Here a table's
rows become XML column by column, a slice of rows at a time, streamed into the sheet's entry of the zip file:
text written inline (``t="inlineStr"``, as xlsxwriter's own constant-memory mode writes it) and escaped as
xlsxwriter escapes it (``& < >``; ``_xHHHH_`` kept literal; a carriage return as ``_x000D_``), numbers as
numbers with their column's number format (a row's own style where a table marks rows bold: the payment
lists' subtotals). Several tables a sheet go in between xlsxwriter's rows, in row order. Everything else in
the book — its other cells, the header rows, formats, widths, frozen panes and filters — is xlsxwriter's,
copied entry by entry with the same dates, so the same content still gives the same file."""

import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

import polars as pl

from ..data.cells import ILLEGAL

MAX_CHARS = 32_767  # what a cell holds, in UTF-16 units (xlsxwriter cuts a longer string there too)
SLICE = 20_000  # rows made into XML at a time: memory bounded by a slice, not by the table
_ROW = "__row"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_TEXT = (pl.Utf8, pl.Categorical, pl.Enum)
_SAFE = [  # (pattern, replacement, literal), in this order
    (ILLEGAL.pattern, "\ufffd", False),  # what XML 1.0, and so a worksheet, cannot hold: shown, not a failure
    (r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1", False),  # "_x0041_" is Excel's escape for "A": kept literal
    ("\r", "_x000D_", True),  # an XML reader would read a carriage return as a line feed
    ("&", "&amp;", True),
    ("<", "&lt;", True),
    (">", "&gt;", True),
]
_ANY = "|".join([ILLEGAL.pattern, r"[&<>\r]|_x[0-9A-Fa-f]{4}_|^\s|\s$"])  # anything above, or space to keep


@dataclass
class Rows:
    """The rows of a table: ``frame``'s columns from column A, from row ``first`` (from 0) of ``sheet``,
    with ``formats[i]`` (an xlsxwriter format, or None) on column i's cells — ``bold_formats[i]`` on the rows
    ``bold`` marks (a subtotal among the people). Text is made what a cell may hold: its control characters
    become U+FFFD, and "" an empty cell."""

    sheet: str
    first: int
    frame: pl.DataFrame
    formats: list
    bold: str = None  # a yes/no column of ``frame`` (not a cell): its rows take ``bold_formats``
    bold_formats: list = None

    def __post_init__(self):
        for name, kind in self.frame.schema.items():
            if not (kind in (pl.Null, pl.Boolean) or kind.is_integer() or isinstance(kind, _TEXT)):
                raise TypeError(f"a worksheet's rows hold text, whole numbers or yes/no, not {kind} ({name})")
        self.height, self.width = self.frame.height, self.frame.width - (self.bold is not None)
        self.made = None

    def make_now(self, path):
        """Make the rows' XML now, compressed into the file ``path``, and let the frame go (a book of many
        long tables then holds none of them until it closes); the formats must be numbered in the book's
        styles already. Whoever names ``path`` removes it (:meth:`vnpolicy.reports.sheets.Book.discard`)."""
        self.made = path
        squeeze = zlib.compressobj(1)
        with open(path, "wb") as f:
            for part in _xml(self):
                f.write(squeeze.compress(part))
            f.write(squeeze.flush())
        self.frame = None

    def parts(self):
        """The rows' XML, a part at a time (made now, or read from where :meth:`make_now` put it)."""
        if self.made is None:
            yield from _xml(self)
            return
        unsqueeze = zlib.decompressobj()
        with open(self.made, "rb") as f:
            while part := f.read(1 << 20):
                yield unsqueeze.decompress(part)
        yield unsqueeze.flush()


def write_book(written, path, tables):
    """Write at ``path`` the workbook xlsxwriter wrote at ``written`` with each of ``tables``' rows in its
    sheet (several tables a sheet, in the order of their rows)."""
    with zipfile.ZipFile(written) as book, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        entries = _sheet_entries(book)
        placed = {}
        for t in sorted(tables, key=lambda t: t.first):
            placed.setdefault(entries[t.sheet], []).append(t)
        for info in book.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            if info.filename in placed:
                copy._compresslevel = 3  # zlib's fast levels: 95 MB of rows in 0.3 s (0.76 s at its default, 6)
                _write_sheet(book.read(info).decode("utf-8"), placed[info.filename], out, copy)
            else:
                out.writestr(copy, book.read(info))


def _sheet_entries(book):
    """Each worksheet's name and the zip entry that holds it (from the workbook's own parts)."""
    sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).find("m:sheets", _NS)
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
    rid = f"{{{_NS['r']}}}id"
    return {s.get("name"): "xl/" + targets[s.get(rid)].removeprefix("/xl/") for s in sheets}


def _write_sheet(xml, tables, out, info):
    """The sheet's XML with each table's rows where they belong — before xlsxwriter's first row below the
    table (or the end of its data) — and the sheet's dimension widened to hold them."""
    first, last = min(t.first for t in tables), max(t.first + t.height for t in tables)
    width = max(t.width for t in tables)
    xml = re.sub(r'<dimension ref="([^"]*)"/>', lambda m: _dimension(m.group(1), last, first, width), xml, count=1)
    xml = xml.replace("<sheetData/>", "<sheetData></sheetData>")
    rows = [(int(m.group(1)), m.start()) for m in re.finditer(r'<row r="(\d+)"', xml)]
    end, places = xml.index("</sheetData>"), []
    for t in tables:  # sorted by their first row: the places ascend
        ends = t.first + t.height  # the table's last row, counted from 1
        places.append(next((at for r, at in rows if r > ends), end))
        if places[-1] < max(places):
            raise ValueError(f"sheet {t.sheet}: tables of rows overlap")
    with out.open(info, "w", force_zip64=True) as sheet:
        done = 0
        for t, at in zip(tables, places):
            sheet.write(xml[done:at].encode("utf-8"))
            for part in t.parts():
                sheet.write(part)
            done = at
        sheet.write(xml[done:].encode("utf-8"))


def _dimension(ref, last, first, width):
    """The range ``ref`` (``A1:K1``) widened to a table's first and last row and its last column."""
    from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

    corners = [xl_cell_to_rowcol(c) for c in ref.split(":")]
    rows, cols = [r for r, _ in corners], [c for _, c in corners]
    top = xl_rowcol_to_cell(min(rows + [first]), min(cols))
    bottom = xl_rowcol_to_cell(max(rows + [last - 1]), max(cols + [width - 1]))
    return f'<dimension ref="{top}:{bottom}"/>'


def _xml(rows):
    """The XML of ``rows`` (:class:`Rows`), a slice of :data:`SLICE` rows at a time (each slice's text
    escaped as that slice needs)."""
    frame, first, width, bold = rows.frame, rows.first, rows.width, rows.bold
    formats = rows.formats + [None] * (width - len(rows.formats))
    bold_formats = (rows.bold_formats or []) + [None] * (width - len(rows.bold_formats or []))
    for start in range(0, frame.height, SLICE):
        part = _within_a_cell(frame.slice(start, SLICE))
        cells = [pl.lit('<row r="'), pl.col(_ROW), pl.lit('">')]
        cells += [_cell(part, i, _style(formats[i], bold_formats[i], bold)) for i in range(width)]
        row = pl.concat_str([*cells, pl.lit("</row>")], ignore_nulls=True)
        part = part.with_row_index(_ROW, first + 1 + start).with_columns(pl.col(_ROW).cast(pl.Utf8))
        yield part.select(row.str.join("")).item().encode("utf-8")


def _style(fmt, bold_fmt, bold):
    """A cell's style attribute, as an expression: ``fmt``'s, or ``bold_fmt``'s on the rows ``bold`` marks."""
    plain = pl.lit(_number(fmt))
    return plain if bold is None else pl.when(pl.col(bold)).then(pl.lit(_number(bold_fmt))).otherwise(plain)


def _number(fmt):
    """The style attribute of a format xlsxwriter has numbered in the book's styles (an error if it has not:
    a cell must not point at a style the book does not hold)."""
    if fmt is None:
        return ""
    if fmt.xf_index is None:
        raise ValueError("a format the book's styles do not hold")
    return f' s="{fmt.xf_index}"'


def _within_a_cell(part):
    """``part`` with each text longer than a cell holds (32,767 UTF-16 units, a character above U+FFFF
    counting two) cut there, as xlsxwriter cuts it; a text of at most half that is never longer."""
    long = [
        name
        for name, kind in part.schema.items()
        if isinstance(kind, pl.Utf8) and (part[name].str.len_chars().max() or 0) > MAX_CHARS // 2
    ]
    return part.with_columns(pl.Series(name, [_cut(t) for t in part[name]], pl.Utf8) for name in long)


def _cut(text):
    if text is None:
        return None
    length = 0
    for at, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > MAX_CHARS:
            return text[:at]
    return text


def _cell(frame, i, style):
    """Column i's cell in a row, as an expression (None where the cell is empty); ``style``: its style
    attribute (an expression)."""
    from xlsxwriter.utility import xl_col_to_name

    name, kind = frame.columns[i], frame.dtypes[i]
    ref = [pl.lit(f'<c r="{xl_col_to_name(i)}'), pl.col(_ROW), pl.lit('"'), style]
    if kind == pl.Null:  # a column of no values (a province's sheet with no one on it)
        return pl.lit(None, pl.Utf8)
    if kind.is_integer():
        return pl.concat_str([*ref, pl.lit("><v>"), pl.col(name).cast(pl.Utf8), pl.lit("</v></c>")])
    if kind == pl.Boolean:
        value = pl.col(name).cast(pl.UInt8).cast(pl.Utf8)
        return pl.concat_str([*ref, pl.lit(' t="b"><v>'), value, pl.lit("</v></c>")])
    column = frame[name].cast(pl.Utf8)
    if isinstance(kind, pl.Categorical | pl.Enum):
        column = column.unique()
    text = pl.col(name).cast(pl.Utf8)
    text = pl.when(text != "").then(text)  # "": an empty cell
    space = ""
    if column.str.contains(_ANY).any():  # most columns have nothing to make safe or escape
        for pattern, replacement, literal in _SAFE:
            if column.str.contains(pattern, literal=literal).any():
                text = text.str.replace_all(pattern, replacement, literal=literal)
        space = ' xml:space="preserve"' if column.str.contains(r"^\s|\s$").any() else ""
    return pl.concat_str([*ref, pl.lit(f' t="inlineStr"><is><t{space}>'), text, pl.lit("</t></is></c>")])
