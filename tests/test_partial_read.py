"""``vnpolicy explain`` reads one person's rows of a CSV folder without reading every cell
(:mod:`vnpolicy.data.partial`): the tables it gives are those of reading the whole folder and cutting it
(:func:`vnpolicy.data.focus.focus`), row numbers and all, whatever the file's form; where a line may not be a
row it reads the whole folder."""

import shutil
from dataclasses import replace

import polars as pl
import pytest

from conftest import SAMPLE
from test_office_files import OFFICE
from vnpolicy.data.focus import focus
from vnpolicy.data.limits import DEFAULT
from vnpolicy.data.partial import WHOLE, read_part
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
    assert read_part(SAMPLE, DEFAULT, "X99") is WHOLE  # read as a whole dataset: the check says who is missing


def _edited(tmp_path, edit):
    folder = tmp_path / "edited"
    shutil.copytree(SAMPLE, folder)
    staff = folder / "staff.csv"
    staff.write_text(edit(staff.read_text(encoding="utf-8-sig")), encoding="utf-8")
    return folder


def test_quoted_cells_on_one_line_each_are_read_from_their_lines(tmp_path):
    folder = _edited(tmp_path, lambda text: text.replace("Nguyễn Văn An", '"Nguyễn, Văn ""An"""'))
    part = _same(folder, "L03")
    assert 'Nguyễn, Văn "An"' in part["staff"].frame["full_name"].to_list()


def test_a_line_holding_an_id_in_another_cell_is_not_that_person_s_row(tmp_path):
    # L24's name holds L03 and L03's unit: the line is found by its text, its cells say it is neither
    def edit(text):
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("L24,"))
        cells = lines[at].split(",")
        cells[1] = "L03 LC-TTCNTT"
        lines[at] = ",".join(cells)
        return "\n".join(lines) + "\n"

    part = _same(_edited(tmp_path, edit), "L03")
    assert "L24" not in part["staff"].frame["id"].to_list()


def test_an_id_of_someone_sharing_a_system_written_again_in_another_unit_is_read_too(tmp_path):
    # L01 shares S01 with L03; a second L01 row in another unit is among the rows kept, as over the whole file
    # (whose check then names the id written twice)
    def edit(text):
        line = next(line for line in text.splitlines() if line.startswith("L01,"))
        return text + line.replace("LC-TTCNTT", "LC-BAOTHANG") + "\n"

    part = _same(_edited(tmp_path, edit), "L03")
    assert part["staff"].frame["id"].to_list().count("L01") == 2


def test_a_cell_of_two_lines_before_the_person_s_rows_reads_the_whole_folder(tmp_path):
    # V06's rows are not L01's, but every row after L01's would be numbered one line off
    folder = _edited(tmp_path, lambda text: text.replace("Nguyễn Văn An", '"Nguyễn\nVăn An"'))
    assert read_part(folder, DEFAULT, "V06") is None


def test_a_row_without_an_id_is_left_as_focus_leaves_it(tmp_path):
    part = _same(_edited(tmp_path, lambda text: text.replace("\nL08,", "\n,")), "L03")
    assert None not in part["staff"].frame["id"].to_list()


def _both(tmp_path, edit):
    """The sample with ``edit`` made to the text of its staff and assignments files."""
    folder = tmp_path / "both"
    shutil.copytree(SAMPLE, folder)
    for name in ("staff.csv", "assignments.csv"):
        path = folder / name
        path.write_text(edit(path.read_text(encoding="utf-8-sig")), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("L02,", '"L""02",'),  # an id with a quote: its text is not the id
        lambda text: text.replace("\n", "\r\r\n"),  # a CR left in each line, which a whole read keeps in a cell
        lambda text: text.replace("\n", "\x1f\n", 1).replace("L02,", "L02,\x1f"),  # the lines' own separator
    ],
    ids=["quote", "cr", "unit-separator"],
)
def test_lines_that_do_not_read_as_their_rows_read_the_whole_folder(tmp_path, edit):
    assert read_part(_both(tmp_path, edit), DEFAULT, "L03") is None


def _sharing_s01(folder, count, extra=(), empty_id=False):
    """The sample in ``folder`` with ``count`` more people operating S01 with L03 (L04's copies), one more row
    without an id (and its assignment), ``extra`` lines below the staff."""
    shutil.copytree(SAMPLE, folder)
    staff, assignments = folder / "staff.csv", folder / "assignments.csv"
    lines = staff.read_text(encoding="utf-8-sig").rstrip("\n").split("\n")
    like = next(line for line in lines if line.startswith("L04,"))
    ids = [f"Z{i:05d}" for i in range(count)] + ([""] if empty_id else [])
    staff.write_text("\n".join(lines + [like.replace("L04,", f"{i},", 1) for i in ids] + list(extra)) + "\n")
    links = assignments.read_text(encoding="utf-8-sig").rstrip("\n")
    assignments.write_text(links + "".join(f"\n{i},S01,01/01/2025,," for i in ids) + "\n")
    return folder


@pytest.mark.parametrize(
    "edit",
    [
        (1000, [",,,,"] * 3000 + [""] * 3000),  # blank lines are no rows: 1,004 people of 1,024 is not cut
        (996, (), True),  # a row without an id is no one kept: 1,000 kept ids, cut
    ],
    ids=["blank-lines", "empty-id"],
)
def test_a_part_is_cut_where_focus_cuts_it_at_the_threshold(tmp_path, edit):
    folder = _sharing_s01(tmp_path / "s01", *edit)
    part, whole = read_part(folder, DEFAULT, "L03"), focus(read_raw(folder), "L03")
    cut = whole["staff"].frame.height < read_raw(folder)["staff"].frame.height
    assert (part is WHOLE) == (not cut)
    if cut:
        _same(folder, "L03")


def test_a_cell_of_two_lines_is_not_counted_twice_against_the_row_limit(tmp_path):
    folder = _edited(tmp_path, lambda text: text.replace("Nguyễn Văn An", '"Nguyễn\nVăn An"'))
    rows = read_raw(folder)["staff"].frame.height
    assert read_part(folder, replace(DEFAULT, rows=rows), "L03") is None  # the whole read, within the limit
    assert read_part(SAMPLE, replace(DEFAULT, rows=rows - 1), "L03") is None  # beyond it: the whole read says so


def test_numbered_empty_rows_of_an_office_s_file_leave_the_threshold_to_the_whole_read(tmp_path):
    # the row numbers (STT) are dropped by a whole read, leaving those rows blank: they are no rows there
    folder = tmp_path / "office"
    shutil.copytree(OFFICE / "csv-semicolon", folder)
    path, links = folder / "Cán bộ.csv", folder / "Phân công.csv"
    lines = path.read_text(encoding="utf-8-sig").rstrip("\n").split("\n")
    like = next(line for line in lines if line.startswith("4;"))
    person, width = like.split(";")[1], lines[1].count(";")
    assert f";{person};S02;" in links.read_text(encoding="utf-8-sig")
    lines += [like.replace(f"{person};", f"Z{i:05d};", 1) for i in range(1000)]
    lines += [f"{2000 + i};" + ";" * (width - 1) for i in range(5000)]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    added = "".join(f"\n{100 + i};Z{i:05d};S02;01/01/25;;" for i in range(1000))  # sharing S02 with them
    links.write_text("\ufeff" + links.read_text(encoding="utf-8-sig").rstrip("\n") + added + "\n", encoding="utf-8")
    assert focus(read_raw(folder), person)["staff"].frame.height == read_raw(folder)["staff"].frame.height
    assert read_part(folder, DEFAULT, person) is None
