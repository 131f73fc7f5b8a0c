"""Workbooks that people read, written with xlsxwriter (about twice as fast as openpyxl's write-only mode,
which writes each cell through its XML tree): a :class:`Book` and its :class:`Sheet` tables, with a bold
header row, frozen under the header, filtered, with column widths and number formats. A table given as a
polars frame (:meth:`Sheet.frame`, the per-person sheets) has its rows written column by column when the
book closes (:mod:`vnpolicy.reports.sheetrows`): xlsxwriter's cell by cell was 9 s of 100,000 staff's 10.6.

Text is text: a string is written with ``write_string`` (never read as a formula, a number or a link,
whatever it starts with) and the control characters a worksheet cannot hold become U+FFFD; the book's
dates are pinned and xlsxwriter pins its zip entries' dates, so the same content gives the same file
(:mod:`vnpolicy.data.cells`)."""

import datetime as dt
from pathlib import Path

from ..data.cells import ILLEGAL, PINNED
from .files import removed
from .sheetrows import Rows, write_book

DONG = '#,##0 "đ"'
PERCENT = "0.0%"
MAX_ROWS = 1_048_575  # Excel's limit, less the header
HEADER = {"bold": True, "bg_color": "#DDE7F0", "pattern": 1, "text_wrap": True, "valign": "top"}
_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


class Book:
    """A workbook being written to ``path``; :meth:`close` finishes the file. ``constant_memory``:
    xlsxwriter writes each sheet's rows as they come (they must come top to bottom), so that a long list
    of cells one by one is not held."""

    def __init__(self, path, constant_memory=False):
        import xlsxwriter  # here, not above: the payment lists as HTML or Markdown never open a workbook

        # xlsxwriter writes beside ``path``; the long tables' rows go in when the book closes
        self.path, self.tables = Path(path), []
        self.raw = self.path.with_name(self.path.name + ".xlsxwriter")
        self.rows_dir = self.path.with_name(self.path.name + ".rows")
        self.wb = xlsxwriter.Workbook(str(self.raw), {**_OPTIONS, "constant_memory": constant_memory})
        self.wb.set_properties({"created": PINNED})
        self._formats = {}

    def numbered(self, formats):
        """``formats`` (xlsxwriter formats or None), each numbered now in the book's styles, in order (the
        same content, the same numbers): as a cell written through xlsxwriter would have them numbered, for
        the rows written column by column (:mod:`vnpolicy.reports.sheetrows`), which point at them."""
        for fmt in dict.fromkeys(f for f in formats if f is not None):
            fmt._get_xf_index()  # xlsxwriter's own numbering (a format unused by any cell is not in the book)
        return formats

    def format(self, number=None, bold=False, header=False):
        """The book's format for a number format, bold text or a header cell (made once)."""
        key = (number, bold, header)
        if key not in self._formats:
            props = dict(HEADER) if header else {"bold": True} if bold else {}
            if number:
                props["num_format"] = number
            self._formats[key] = self.wb.add_format(props) if props else None
        return self._formats[key]

    def close(self):
        if not self.wb.worksheets():
            self.wb.add_worksheet()
        try:
            try:
                self.wb.close()
            except Exception as failed:
                raise _closed_quietly(failed) from None
            if self.tables:
                write_book(self.raw, self.path, self.tables)
            else:
                self.raw.replace(self.path)
        finally:
            self.discard()

    def rows_file(self):
        """A new file for rows made in advance (:meth:`vnpolicy.reports.sheetrows.Rows.make_now`), in a
        folder beside the book's file that :meth:`discard` removes whole."""
        self.rows_dir.mkdir(exist_ok=True)
        return self.rows_dir / f"{len(self.tables)}.xml.z"

    def discard(self):
        """Remove what the book wrote beside its file (xlsxwriter's, the rows made in advance): after it
        closes, or when writing it failed. A Ctrl-C that comes meanwhile (one may be pending when a library
        stopped on it first) waits for the removal, then stops the run."""
        import shutil

        def remove():
            self.raw.unlink(missing_ok=True)
            shutil.rmtree(self.rows_dir, ignore_errors=True)

        removed(remove)


def _closed_quietly(failed):
    """``failed`` (xlsxwriter's close, a disk that cannot hold the file) without its traceback: xlsxwriter
    leaves its zip file open, and closing it as its frames go fails the same way, which Python would print
    as an "Exception ignored" after the one line that says so."""
    import gc
    import sys

    hook, sys.unraisablehook = sys.unraisablehook, lambda _: None
    try:
        chained = failed
        while chained is not None:  # the error and those it was raised from hold the frames
            chained.__traceback__, chained = None, chained.__cause__ or chained.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook
    return failed


class Sheet:
    """A sheet of ``book``: lines above (a title), then a table with a bold header row, frozen under the
    header, filtered, with column widths. Rows are written top to bottom."""

    def __init__(self, book, title, headers, widths, above=()):
        self.book, self.ws = book, book.wb.add_worksheet(title[:31])
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)
        self.headers, self.rows, self.at = headers, 0, 0  # table rows, the next row (from 0)
        for line in above:
            self.title(line)
        if above:
            self.skip()
        self.start = self.at  # the header's row
        self.ws.freeze_panes(self.start + 1, 0)
        self.ws.repeat_rows(self.start)
        self.header(headers)

    def append(self, values, formats=()):
        """A row of the table; ``formats`` holds a number format per column (or None)."""
        self.line(values, formats)
        self.rows += 1

    def line(self, values, formats=()):
        """A row of ``values`` (outside the table when not through :meth:`append`)."""
        for col, value in enumerate(values):
            fmt = formats[col] if col < len(formats) else None
            self._put(self.at, col, value, self.book.format(fmt) if fmt else None)
        self.at += 1

    def title(self, text):
        """A line of bold text."""
        self._put(self.at, 0, text, self.book.format(bold=True))
        self.at += 1

    def header(self, values):
        """A row of header cells."""
        fmt = self.book.format(header=True)
        for col, value in enumerate(values):
            self._put(self.at, col, value, fmt)
        self.at += 1

    def skip(self):
        """An empty line."""
        self.at += 1

    def frame(self, frame, formats=(), limit=MAX_ROWS):
        """The table's rows from a polars ``frame`` (its columns in order), the first ``limit`` rows, written
        column by column when the book closes (:mod:`vnpolicy.reports.sheetrows`: text made safe there, ""
        an empty cell)."""
        frame = frame.head(limit)
        fmts = self.book.numbered([self.book.format(f) if f else None for f in list(formats)[: frame.width]])
        self.book.tables.append(Rows(self.ws.name, self.at, frame, fmts))
        self.at += frame.height
        self.rows += frame.height

    def close(self):
        self.ws.autofilter(self.start, 0, self.start + max(self.rows, 1), len(self.headers) - 1)

    def _put(self, row, col, value, fmt=None):
        put(self.ws, row, col, value, fmt)


def put(ws, row, col, value, fmt=None):
    """One cell (row and column from 0): text as text, made safe; nothing for None. A cell xlsxwriter
    refuses (beyond the sheet's 1,048,576 rows, or above the row being written in constant-memory mode,
    which it would drop with no more than a return value) is an error."""
    if value is None:
        return
    if value == "":
        done = ws.write_blank(row, col, None, fmt)  # a styled empty cell (nothing without a format)
    elif isinstance(value, str | dt.date) or not isinstance(value, int | float):
        done = _text(ws, row, col, value.isoformat() if isinstance(value, dt.date) else str(value), fmt)
    elif isinstance(value, bool):
        done = ws.write_boolean(row, col, value, fmt)
    else:
        done = ws.write_number(row, col, value, fmt)
    if done < 0 and done != -2:  # -2: text cut to what a cell holds
        raise ValueError(f"sheet {ws.name}: cell ({row}, {col}) not written (beyond the sheet, or above a row written)")


def _text(ws, row, col, text, fmt):
    text = ILLEGAL.sub("\ufffd", text)
    if text.startswith("<r>") and text.endswith("</r>"):  # xlsxwriter would put it in the file as rich-text XML
        return ws.write_rich_string(row, col, "<", "r", text[2:], *([fmt] if fmt else []))  # runs of plain text
    return ws.write_string(row, col, text, fmt)
