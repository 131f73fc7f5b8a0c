"""Hostile data on the output side: nothing from the data is ever live as a formula (CSV, Excel), markup or
script (HTML, Markdown), or breaks a row (the terminal); numbers stay numbers; ``-o`` and ``-f`` agree or
the command says so in one line; an output that cannot be written is one line and an existing file stays
as it was; the same input gives the same bytes, the Excel workbook included.

The expensive runs (a hostile copy of the sample assessed and compared once, the comparison twice) are
shared by the module."""

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import zipfile

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE
from vnpolicy import api
from vnpolicy.cli import app
from vnpolicy.data.writers import write_dataset
from vnpolicy.hooks import manager

FORMULAS = {  # staff id: a name a spreadsheet would run
    "L01": '=HYPERLINK("http://x","x")',
    "L02": "+1",
    "L03": "-1+2",
    "L04": "@SUM(A1)",
    "L05": "\tx",
    "L06": "\rx",
}
MARKUP = {"L07": "<script>alert(1)</script>", "L08": "a|b</script>", "L09": "Dòng\nmới", "L10": "Bell\x0bx\x1b[31m"}
UNITS = {"LC-SAPA": "=1+1|<b>Sa Pa</b>", "PT-VINHYEN": '@SUM(1)</script><script>alert("u")</script>'}
STARTS = ("=", "+", "-", "@", "\t", "\r")
SET = ("--set", "laocai/nq12-2025.amount_nhom_1=2700000")  # a reform that lowers an amount: negative differences
COMPARED = ("csv", "md", "html", "xlsx", "json")


def hostile_copy(target):
    """The sample with the names above in staff.csv and units.csv."""
    shutil.copytree(SAMPLE, target)
    for table, names in (("staff", FORMULAS | MARKUP), ("units", UNITS)):
        path = target / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows[1:]:
            row[1] = names.get(row[0], row[1])
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    return target


def run(*args):
    return no_traceback(CliRunner().invoke(app, [str(a) for a in args]))


def no_traceback(result):
    """No traceback printed, and none caught by the runner either (it would keep it from the output)."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The hostile dataset, its names as loaded, and the files written from it (the comparison twice)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,daknong,vinhphuc,national")
        manager.registry.cache_clear()
        base = tmp_path_factory.mktemp("hostile")
        data = hostile_copy(base / "data")
        for fmt in ("csv", "json", "txt"):
            result = run("assess", data, "--on", "2025-12-01", "-o", base / f"assess.{fmt}")
            assert result.exit_code == 0 and result.stderr == f"đã ghi {base / f'assess.{fmt}'}\n"
        for name in ("first", "second"):
            (base / name).mkdir()
            files = [a for fmt in COMPARED for a in ("-o", base / name / f"compare.{fmt}")]
            result = run("compare", data, "--on", "2025-12-01", *SET, *files)
            assert result.exit_code == 0, result.output
        staff = api.dataset(data).table("staff")
        manager.registry.cache_clear()
    return base, dict(zip(staff["id"], staff["full_name"]))


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.mark.parametrize("name", ["assess.csv", "first/compare.csv"])
def test_csv_formulas_are_neutralised(out, name):
    base, loaded = out
    rows = _rows(base / name)
    names = {r["staff_id"]: r["full_name"] for r in rows}
    assert names["L01"] == "'" + FORMULAS["L01"] and names["L02"] == "'+1"
    assert names["L03"] == "'-1+2" and names["L04"] == "'@SUM(A1)"
    for sid in ("L05", "L06"):  # a tab or a carriage return, if the reader keeps it, is neutralised too
        assert names[sid] == ("'" + loaded[sid] if loaded[sid].startswith(STARTS) else loaded[sid])
    assert names["L07"] == MARKUP["L07"]  # not a formula: as it is
    cells = [v for r in rows for v in r.values() if v]
    assert not [v for v in cells if v.startswith(STARTS)]
    amounts = [r["amount_vnd"] for r in rows if r["amount_vnd"]]  # numbers stay numbers, unquoted
    assert amounts and all(re.fullmatch(r"-?\d+", a) for a in amounts)
    assert "2700000" in amounts if "compare" in name else "5400000" in amounts


def test_json_carries_the_names_exactly(out):
    base, loaded = out
    data = json.loads((base / "assess.json").read_text(encoding="utf-8"))
    names = {r["staff_id"]: r["full_name"] for r in data["results"]}
    assert all(names[sid] == loaded[sid] for sid in (*FORMULAS, *MARKUP))
    messages = " ".join(f["message"] for f in data["findings"])
    assert UNITS["PT-VINHYEN"] in messages


def test_excel_text_is_text_and_numbers_are_numbers(out):
    base, loaded = out
    book = openpyxl.load_workbook(base / "first" / "compare.xlsx")
    assert not [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    for sheet in ("Lào Cai", "Thay đổi"):  # each person's row, and the reform's changes
        cells = {row[0].value: row[1] for row in book[sheet].iter_rows(min_row=2)}
        for sid in ("L01", "L04"):
            assert cells[sid].value == FORMULAS[sid] and cells[sid].data_type == "s", sheet
    people = {row[0].value: row[1] for row in book["Lào Cai"].iter_rows(min_row=2)}
    assert people["L02"].value == "+1" and people["L03"].value == "-1+2" and people["L03"].data_type == "s"
    assert people["L10"].value == "Bell\ufffdx\ufffd[31m"  # what a worksheet cannot hold, shown, not a failure
    summary = {tuple(c.value for c in row[:2]): row for row in book["Tổng hợp"].iter_rows() if len(row) >= 5}
    before, after, delta = summary[("Lào Cai", "Chi trả mỗi tháng")][2:5]
    assert delta.value == after.value - before.value == -5 * 2_700_000
    assert delta.data_type == "n" and delta.number_format == '#,##0 "đ"'
    changes = [[c.value for c in row] for row in book["Thay đổi"].iter_rows(min_row=2)]
    assert all(r[6:8] == [5_400_000, 2_700_000] for r in changes)


def test_html_escapes_everything_from_the_data(out):
    base, _ = out
    page = (base / "first" / "compare.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>Sa Pa" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a|b&lt;/script&gt;" in page
    assert page.count("<script") == page.count("</script>") == 2  # the page's own two scripts, closed once each


def test_markdown_escapes_markup_and_keeps_the_columns(out):
    base, _ = out
    text = (base / "first" / "compare.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "</script>" not in text
    cells = lambda line: len(re.split(r"(?<!\\)\|", line))
    header = next(line for line in text.splitlines() if line.startswith("| Mã | Họ tên | Đắk Nông"))
    rows = {line.split(" | ")[0][2:]: line for line in text.splitlines() if line.startswith("| L0")}
    assert rows["L08"].startswith(r"| L08 | a\|b\</script\> |") and cells(rows["L08"]) == cells(header)
    assert rows["L07"].startswith(r"| L07 | \<script\>alert(1)\</script\> |")
    assert rows["L09"].startswith("| L09 | Dòng mới |") and cells(rows["L09"]) == cells(header)


def test_a_line_break_in_a_name_does_not_break_a_row(out):
    base, _ = out
    lines = (base / "assess.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("L09  Dòng mới ") for line in lines)
    assert not any(line.startswith("mới") for line in lines)
    assert not [line for line in lines if "\r" in line or "\x1b" in line]


@pytest.mark.parametrize("fmt", COMPARED)
def test_the_same_input_gives_the_same_bytes(out, fmt):
    base, _ = out
    assert (base / "first" / f"compare.{fmt}").read_bytes() == (base / "second" / f"compare.{fmt}").read_bytes()


def test_the_workbook_holds_no_date_of_the_run(out):
    """So that two runs give the same file whenever they happen (the bytes above may agree by chance when
    both runs fall in the same second)."""
    base, _ = out
    today = dt.date.today()
    with zipfile.ZipFile(base / "first" / "compare.xlsx") as book:
        assert not [i.filename for i in book.infolist() if dt.date(*i.date_time[:3]) == today]
        assert today.isoformat() not in book.read("docProps/core.xml").decode()


MISMATCHES = [
    (("assess", "-f", "xlsx", "-o", "ds.md"), ["-o ds.md: đuôi .md là định dạng md, khác -f xlsx; cần đuôi .xlsx"]),
    (("assess", "-o", "ket-qua.pdf"), ["-o ket-qua.pdf: không có định dạng nào có đuôi .pdf; cần một trong: .json"]),
    (("assess", "-f", "json", "-o", "r.csv"), ["-o r.csv: đuôi .csv là định dạng csv, khác -f json; cần đuôi .json"]),
    (("compare", "-o", "x.pdf"), ["-o x.pdf: không có định dạng nào có đuôi .pdf; cần một trong: .json, .csv, .xlsx"]),
    (("compare", "-f", "json", "-o", "a.json", "-o", "b.csv"), ["-o b.csv: đuôi .csv là định dạng csv, khác -f json"]),
    (
        ("compare", "-f", "csv", "-o", "a.html", "-o", "b.MD"),
        ["-o a.html: đuôi .html là định dạng html, khác -f csv", "-o b.MD: đuôi .md là định dạng md, khác -f csv"],
    ),
    (("compare", "-f", "html", "-o", "so-sanh.htm.txt"), ["-o so-sanh.htm.txt: đuôi .txt là định dạng table"]),
]


@pytest.mark.parametrize("args, starts", MISMATCHES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_o_and_f_must_agree(cli, tmp_path, monkeypatch, args, starts):
    monkeypatch.chdir(tmp_path)
    result = no_traceback(cli(args[0], SAMPLE, "--on", "2025-12-01", *args[1:]))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(starts) and all(line.startswith("lỗi: " + s) for line, s in zip(lines, starts))
    assert all(" / " in line for line in lines) and not list(tmp_path.iterdir())


def test_o_without_f_takes_the_extensions_format(out):
    base, _ = out
    assert json.loads((base / "assess.json").read_text(encoding="utf-8"))["mode"]
    assert (base / "assess.csv").read_text(encoding="utf-8-sig").startswith("policy,staff_id,full_name")
    assert (base / "assess.txt").read_text(encoding="utf-8").startswith("Ngày đánh giá: 01/12/2025")


def test_an_unwritable_output_is_one_line(cli, tmp_path):
    (tmp_path / "a-file").write_text("x")
    cases = [
        (("assess", "-f", "json", "-o", tmp_path), f"lỗi: -o {tmp_path}: không ghi được: đó là một thư mục"),
        (("compare", "-o", tmp_path / "a-file" / "r.json"), f"lỗi: -o {tmp_path / 'a-file' / 'r.json'}: không ghi"),
    ]
    for args, start in cases:
        result = no_traceback(cli(args[0], SAMPLE, "--on", "2025-12-01", *args[1:]))
        assert result.exit_code == 1
        assert result.stderr.startswith(start) and len(result.stderr.splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_run_keeps_the_existing_file(cli, sample, tmp_path):
    existing = tmp_path / "existing.json"
    existing.write_text("old")
    units = sample / "units.csv"
    units.write_text(units.read_text(encoding="utf-8-sig").replace(",tinh,nha_nuoc,", ",tinh,nha_nuoc_x,", 1))
    result = no_traceback(cli("assess", sample, "--on", "2025-12-01", "-o", existing))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("lỗi: units.csv, dòng 2, cột kind")
    assert existing.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["existing.json", "sample"]


def test_a_write_that_fails_at_the_end_keeps_every_existing_file(cli, tmp_path, monkeypatch):
    """The disk fills as the second file takes its place: one line, and neither file changes."""
    first, second = tmp_path / "a.json", tmp_path / "b.csv"
    first.write_text("old a")
    second.write_text("old b")
    replace = os.replace

    def full(src, dst):
        if str(dst) == str(second):
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr("os.replace", full)
    result = no_traceback(
        cli("compare", SAMPLE, "--on", "2025-12-01", "--provinces", "laocai", "-o", first, "-o", second)
    )
    assert result.exit_code == 1
    assert (
        result.stderr == f"lỗi: -o {second}: không ghi được: hết chỗ trên đĩa / cannot write: No space left on device\n"
    )
    assert first.read_text() == "old a" and second.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.csv"]


def test_dataset_writers_keep_text_inert(tmp_path):
    data = api.dataset(hostile_copy(tmp_path / "data"))
    write_dataset(data, tmp_path / "d.xlsx", "xlsx")
    write_dataset(data, tmp_path / "d_csv", "csv")
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")
    cells = {row[0].value: row[1] for row in book["staff"].iter_rows(min_row=2)}
    assert cells["L01"].value == FORMULAS["L01"] and cells["L01"].data_type == "s"
    again = api.dataset(tmp_path / "d.xlsx").table("staff")  # read back: the same names
    assert dict(zip(again["id"], again["full_name"]))["L01"] == FORMULAS["L01"]
    names = {r["id"]: r["full_name"] for r in _rows(tmp_path / "d_csv" / "staff.csv")}
    assert names["L01"] == "'" + FORMULAS["L01"] and names["L03"] == "'-1+2"
    write_dataset(data, tmp_path / "e.xlsx", "xlsx")
    assert (tmp_path / "d.xlsx").read_bytes() == (tmp_path / "e.xlsx").read_bytes()


def test_the_shared_helpers():
    from vnpolicy.reports.safe import csv_frame, line_text, md_text

    frame = pl.DataFrame({"name": ["-1+2", "=A1", "An", "", None], "delta": [-2_700_000, 1, 2, 3, 4]})
    assert csv_frame(frame).write_csv().splitlines() == [
        "name,delta",
        "'-1+2,-2700000",
        "'=A1,1",
        "An,2",
        '"",3',
        ",4",
    ]
    assert md_text("# a_b *c* [d](e) `f` <g> h|i\nj") == r"\# a_b \*c\* \[d\](e) \`f\` \<g\> h\|i j"
    assert md_text("1. x") == r"1\. x" and md_text("- x") == r"\- x" and md_text("1.500.000 đ") == "1.500.000 đ"
    assert line_text("a\r\nb\tc\x1b[31m") == "a b c [31m"


def test_a_mistyped_extension_names_the_closest(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = no_traceback(cli("assess", SAMPLE, "-o", "ket-qua.xlsxx"))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "đuôi .xlsxx; cần một trong: " in result.stderr and "(có phải .xlsx?) / " in result.stderr
    assert "(did you mean .xlsx?)" in result.stderr and not list(tmp_path.iterdir())
