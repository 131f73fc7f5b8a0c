"""``vnpolicy explain`` reads one person's rows of a CSV folder without reading every cell
(:mod:`vnpolicy.data.partial`): the tables it gives are those of reading the whole folder and cutting it
(:func:`vnpolicy.data.focus.focus`), row numbers and all, whatever the file's form; where a line may not be a
row it reads the whole folder."""

import shutil

import polars as pl
import pytest

from conftest import SAMPLE
from test_office_files import OFFICE
from vnpolicy.data.focus import focus
from vnpolicy.data.limits import DEFAULT
from vnpolicy.data.partial import read_part
from vnpolicy.data.readers import read_raw


def _same(folder, person):
    part = read_part(folder, DEFAULT, person)
    assert part is not None, "the shortcut was not taken"
    whole = focus(read_raw(folder), person)
    assert part.keys() == whole.keys()
    for name, table in whole.items():
        got = part[name]
        assert (got.source, got.row_word, got.header_row, got.notes) == (
            table.source,
            table.row_word,
            table.header_row,
            table.notes,
        ), name
        assert got.frame.equals(table.frame), name
    return part


def _crlf_with_blank_lines(tmp_path):
    """The sample written with CRLF line ends, blank lines, spaces around ids and no final line end."""
    folder = tmp_path / "crlf"
    shutil.copytree(SAMPLE, folder)
    staff = folder / "staff.csv"
    lines = staff.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace("L03,", " L03 ,", 1)
    lines = lines[:5] + ["", ",,,"] + lines[5:] + [""]
    staff.write_bytes(("\ufeff" + "\r\n".join(lines)).encode())
    return folder


@pytest.mark.parametrize("person", ["L03", "L07", "V06"])
def test_a_person_s_rows_are_those_of_the_whole_read(tmp_path, person):
    part = _same(_crlf_with_blank_lines(tmp_path), person)
    assert 0 < part["staff"].frame.height < pl.read_csv(SAMPLE / "staff.csv").height


def test_an_office_s_csv_files_title_rows_semicolons_and_vietnamese_headers(tmp_path):
    _same(OFFICE / "csv-semicolon", "L03")


def test_a_quote_or_an_unknown_person_reads_the_whole_folder(tmp_path):
    folder = tmp_path / "quoted"
    shutil.copytree(SAMPLE, folder)
    staff = folder / "staff.csv"
    staff.write_text(staff.read_text(encoding="utf-8-sig").replace("Nguyễn Văn An", '"Nguyễn\nVăn An"'))
    assert read_part(folder, DEFAULT, "L03") is None
    assert read_part(SAMPLE, DEFAULT, "X99") is None
