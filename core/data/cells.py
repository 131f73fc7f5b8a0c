"""Values as they go into files people open in a spreadsheet — the dataset writers' and the reports' —
kept inert, and workbooks saved the same byte for byte:

- CSV: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a
  spreadsheet reads as a formula; it gets a leading ``'`` (OWASP's advice on CSV injection). Numbers are
  left as they are, negative ones included.
- Excel: openpyxl makes a formula of any text starting with ``=``; such text is written as text, and the
  control characters a worksheet cannot hold become U+FFFD (instead of openpyxl failing on them).
- A workbook's created and modified dates and its zip entries' dates are pinned, so that the same input
  gives the same file."""

import datetime as dt
import os
import re
import shutil
import zipfile

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = "^[" + re.escape("".join(FORMULA_START)) + "]"
# what XML 1.0, and so a worksheet, cannot hold (U+FFFE and U+FFFF as themselves, for Python's re and polars')
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f" + "\ufffe\uffff]")
PINNED = dt.datetime(2000, 1, 1)  # a workbook's dates: the file depends on its content only


def csv_text(value):
    """One CSV cell: text that a spreadsheet would read as a formula starts with ``'``; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_frame(frame):
    """Every text column of ``frame`` with :func:`csv_text` applied (columnar; other columns untouched)."""
    text = [name for name, kind in frame.schema.items() if kind == pl.Utf8]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA)).then("'" + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in text
    )


def sheet_value(sheet, value):
    """A value for a row of a write-only ``sheet``: text that openpyxl would make a formula, or that holds
    characters a worksheet cannot, becomes a text cell (U+FFFD for those characters)."""
    if not isinstance(value, str) or not (value.startswith("=") or ILLEGAL.search(value)):
        return value
    from openpyxl.cell import WriteOnlyCell

    return text_cell(WriteOnlyCell(sheet), value)


def text_cell(cell, value):
    """Put ``value`` in ``cell`` as text, whatever it starts with; returns the cell."""
    cell.value = ILLEGAL.sub("\ufffd", value)
    cell.data_type = "s"
    return cell


class _PinnedZip(zipfile.ZipFile):
    """A zip file whose entries all carry :data:`PINNED` as their date (the archive openpyxl writes)."""

    def _info(self, name):
        info = zipfile.ZipInfo(name, date_time=PINNED.timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        info = self._info(arcname or str(filename))
        info.file_size = os.path.getsize(filename)  # so that a large sheet gets its zip64 header
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(book, path):
    """``book.save(path)``, but the same content gives the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    if book.write_only and not book.worksheets:
        book.create_sheet()
    book.properties.created = book.properties.modified = PINNED
    with _PinnedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
