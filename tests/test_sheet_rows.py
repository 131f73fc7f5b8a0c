"""A long table's rows written column by column into the workbook (``vnpolicy.reports.sheetrows``) read
back exactly as the same values written cell by cell through xlsxwriter: by calamine (as Excel, it reads
xlsxwriter's shared strings and the rows' inline strings alike) and by openpyxl (which reads the two kinds
differently, so against xlsxwriter's constant-memory mode, which writes text inline too)."""

import re
import zipfile

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from conftest import SAMPLE
from vnpolicy.reports import sheetrows, workbook
from vnpolicy.reports.sheets import DONG, Book, Sheet, put

HEADS = ["Mã", "Họ tên", "Nhóm", "Mức (đồng)", "Được trả"]
PIECES = list("aĐệ &<>\"'_x0041F\r\n\t\x01\x1b=+-") + ["_x0041_", "_x005F_", "_X00e9_", "  "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
GROUP = st.sampled_from(["nhóm 1", "<b>", "a&b", " x", None])
ROW = st.tuples(TEXT | st.none(), TEXT, GROUP, st.integers(-(10**12), 10**12) | st.none(), st.booleans() | st.none())
SCHEMA = {"id": pl.Utf8, "name": pl.Utf8, "group": pl.Utf8, "amount": pl.Int64, "paid": pl.Boolean}


def _frame(rows):
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return frame.with_columns(pl.col("group").cast(pl.Categorical))


def _write(path, rows, by_columns, above=(), below=None, inline=False):
    """A sheet with ``above`` lines, a header, the rows, then ``below``: the rows column by column, or each
    cell through xlsxwriter (what the book wrote before), its text shared or (``inline``) in the cells."""
    book = Book(path, constant_memory=inline)
    sheet = Sheet(book, "Bảng", HEADS, [10, 20, 10, 14, 8], above)
    if by_columns:
        sheet.frame(_frame(rows), [None, None, None, DONG])
    else:
        for values in rows:
            for col, value in enumerate(values):
                if value not in (None, ""):
                    put(sheet.ws, sheet.at, col, value, book.format(DONG) if col == 3 else None)
            sheet.at += 1
            sheet.rows += 1
    sheet.close()
    if below:
        sheet.line([below])
    book.close()


def _openpyxl(path):
    sheet = openpyxl.load_workbook(path)["Bảng"]
    cells = [[(c.value, c.data_type, c.number_format) for c in row if c.value is not None] for row in sheet.iter_rows()]
    return cells, sheet.dimensions, sheet.auto_filter.ref, sheet.freeze_panes


def _sheet_xml_of(path, name):
    with zipfile.ZipFile(path) as book:
        return _sheet_xml(path, sheetrows._sheet_entries(book)[name])


def _sheet_xml(path, entry="xl/worksheets/sheet1.xml"):
    """The sheet's XML as Excel reads it: its dimension, and every row's number and cells' references,
    which Excel needs ascending (openpyxl and calamine place cells by their references alone)."""
    with zipfile.ZipFile(path) as book:
        xml = book.read(entry).decode()
    rows = [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]
    assert rows == sorted(set(rows)), rows
    for row in re.findall(r"<row [^>]*>(.*?)</row>", xml):
        cols = re.findall(r'<c r="([A-Z]+)\d+"', row)
        assert cols == sorted(set(cols), key=lambda c: (len(c), c)), cols
    return re.search(r'<dimension ref="([^"]+)"/>', xml).group(1)


def _calamine(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Bảng").to_python()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=12))
def test_rows_read_back_as_cells_written_one_by_one(tmp_path, rows):
    _write(tmp_path / "columns.xlsx", rows, True)
    _write(tmp_path / "cells.xlsx", rows, False)
    _write(tmp_path / "inline.xlsx", rows, False, inline=True)
    assert _calamine(tmp_path / "columns.xlsx") == _calamine(tmp_path / "cells.xlsx")
    assert _openpyxl(tmp_path / "columns.xlsx") == _openpyxl(tmp_path / "inline.xlsx")
    _sheet_xml(tmp_path / "columns.xlsx")  # rows and cells in order


def test_the_rows_go_between_the_lines_above_and_below_in_slices(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetrows, "SLICE", 3)  # 10 rows in four slices
    rows = [(f"NV{i:02d}", f"Người {i}", "nhóm 1", i * 1000, i % 2 == 0) for i in range(10)]
    _write(tmp_path / "columns.xlsx", rows, True, above=["Tiêu đề"], below="Chỉ ghi 10 dòng đầu")
    _write(tmp_path / "cells.xlsx", rows, False, above=["Tiêu đề"], below="Chỉ ghi 10 dòng đầu")
    written = _openpyxl(tmp_path / "columns.xlsx")
    assert written == _openpyxl(tmp_path / "cells.xlsx")
    cells, dimension, autofilter, frozen = written
    assert cells[0][0][0] == "Tiêu đề" and cells[1] == [] and cells[2][0][0] == "Mã" and cells[3][0][0] == "NV00"
    assert cells[-2][0][0] == "NV09" and cells[-1][0][0] == "Chỉ ghi 10 dòng đầu"
    assert (dimension, autofilter, frozen) == ("A1:E14", "A3:E13", "A4")
    assert _sheet_xml(tmp_path / "columns.xlsx") == "A1:E14"
    assert [c[3] for c in cells[3:-1]] == [(i * 1000, "n", DONG) for i in range(10)]


def test_a_long_table_reads_back_row_by_row(tmp_path):
    rows = [(f"NV{i:05d}", f"A & B <{i}>", None, i, None) for i in range(50_000)]  # more than a slice
    _write(tmp_path / "long.xlsx", rows, True)
    read = _calamine(tmp_path / "long.xlsx")
    assert len(read) == 50_001 and read[1][:4] == ["NV00000", "A & B <0>", "", 0] and read[-1][0] == "NV49999"
    assert _sheet_xml(tmp_path / "long.xlsx") == "A1:E50001"  # the sheet's dimension: xlsxwriter's said A1:E1
    with zipfile.ZipFile(tmp_path / "long.xlsx") as book:
        assert book.testzip() is None


def test_the_same_rows_give_the_same_bytes(tmp_path):
    rows = [(f"NV{i}", "Tên", "nhóm 1", i, True) for i in range(100)]
    _write(tmp_path / "a.xlsx", rows, True)
    _write(tmp_path / "b.xlsx", rows, True)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_a_column_of_another_kind_is_refused(tmp_path):
    book = Book(tmp_path / "x.xlsx")
    sheet = Sheet(book, "Bảng", ["Số"], [10])
    with pytest.raises(TypeError, match="Float64"):
        sheet.frame(pl.DataFrame({"x": [1.5]}))


def test_a_province_with_more_people_than_a_sheet_holds_says_so_below_its_rows(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)  # Excel's 1,048,575 below the header, as five
    result = cli("compare", SAMPLE, "--on", "2025-12-01", "-o", tmp_path / "c.xlsx")
    assert result.exit_code == 0, result.output
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "c.xlsx")["Lào Cai"].iter_rows()]
    assert rows[0][0] == "Mã" and all(r[0] for r in rows[1:5]) and len(rows) == 6  # the sheet's last row: the note
    assert rows[5][0] == "Chỉ ghi 4 dòng đầu (giới hạn của Excel); xem CSV để có đủ"
    assert _sheet_xml_of(tmp_path / "c.xlsx", "Lào Cai") == "A1:K6"


def test_a_cell_beyond_the_sheet_is_an_error_not_dropped(tmp_path):
    """xlsxwriter refuses a row past 1,048,576 (or above the row being written, in constant-memory mode)
    by a return value only: the writers make it an error."""
    book = Book(tmp_path / "x.xlsx")
    sheet = Sheet(book, "Bảng", ["a"], [10])
    with pytest.raises(ValueError, match="not written"):
        put(sheet.ws, 1_048_576, 0, "dòng ghi chú")
    inline = Book(tmp_path / "y.xlsx", constant_memory=True)
    ws = Sheet(inline, "Bảng", ["a"], [10]).ws
    put(ws, 3, 0, "x")
    with pytest.raises(ValueError, match="not written"):
        put(ws, 2, 0, "y")


def test_what_a_worksheet_cannot_hold_is_replaced_and_long_text_cut_as_xlsxwriter_cuts_it(tmp_path):
    rows = [
        ("a\ufffeb\uffff", "😀" * 32_772, None, None, None),
        ("x", "Lê" + "😀" * 20_000, None, None, None),
        ("y", "a" * 32_766 + " " + "bbbb", None, None, None),
        ("z", "<r>Nguyễn</b> Văn An</r>", "<r>x</r>", None, None),
    ]
    _write(tmp_path / "columns.xlsx", rows, True)
    _write(tmp_path / "cells.xlsx", rows, False)
    read = _calamine(tmp_path / "columns.xlsx")
    assert read == _calamine(tmp_path / "cells.xlsx")
    assert read[1][0] == "a\ufffdb\ufffd" and read[1][1] == "😀" * 16_383 and read[2][1] == "Lê" + "😀" * 16_382
    assert read[3][1] == "a" * 32_766 + " " and read[4][1] == "<r>Nguyễn</b> Văn An</r>" and read[4][2] == "<r>x</r>"
    _write(tmp_path / "inline.xlsx", rows, False, inline=True)
    assert _openpyxl(tmp_path / "columns.xlsx") == _openpyxl(tmp_path / "inline.xlsx")


def test_the_provinces_rows_made_from_slices_of_people_are_the_whole_ones(cli, tmp_path, monkeypatch):
    from vnpolicy.compare import people

    def sheets_of(path):
        book = openpyxl.load_workbook(path)
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}

    assert cli("compare", SAMPLE, "--on", "2025-12-01", "-o", tmp_path / "whole.xlsx").exit_code == 0
    monkeypatch.setattr(people, "SLICE", 4)  # the sample's people four at a time
    assert cli("compare", SAMPLE, "--on", "2025-12-01", "-o", tmp_path / "sliced.xlsx").exit_code == 0
    whole, sliced = sheets_of(tmp_path / "whole.xlsx"), sheets_of(tmp_path / "sliced.xlsx")
    assert whole == sliced and len(whole["Lào Cai"]) > 20
