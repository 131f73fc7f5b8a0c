"""``vnpolicy assess -o ds.xlsx -o ds.html -o ds.md``: the lists offices send on (payment list per unit with
subtotals and total, the people not paid, the signature block; compliance per unit; the "Nguồn" part),
in Excel, HTML and Markdown, Vietnamese by default and English with --lang en."""

import json
import re

import openpyxl
import pytest

from conftest import SAMPLE
from test_html_report import CHROMIUM, _chromium

NQ12 = "laocai-nq12-2025"


@pytest.fixture
def files(cli, tmp_path):
    out = tmp_path / "ds"
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "-o", f"{out}.xlsx", "-o", f"{out}.html", "-o", f"{out}.md")
    assert result.exit_code == 0, result.output
    return out


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _totals(cli, on, *args):
    result = cli("assess", SAMPLE, "--on", on, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return {t["policy"]: t for t in json.loads(result.stdout)["totals"]}


def test_nq12_subtotals_and_total_equal_the_assessment(cli, files):
    book = openpyxl.load_workbook(f"{files}.xlsx")
    rows = _rows(book[NQ12])
    subtotals = {r[3]: r[6] for r in rows if isinstance(r[1], str) and r[1].startswith("Cộng đơn vị")}
    total = next(r[6] for r in rows if r[1] == "Tổng cộng")
    expected = _totals(cli, "2025-12-01")["laocai/nq12-2025"]["monthly_vnd"]
    assert total == expected == 39_600_000 and sum(subtotals.values()) == expected
    assert subtotals["Sở Khoa học và Công nghệ tỉnh Lào Cai"] == 12_600_000 and len(subtotals) == 5
    people = [r for r in rows if isinstance(r[0], int)]
    assert len(people) == 10 and {r[4] for r in people} == {"Nhóm 1", "Nhóm 2", "Nhóm 3"}
    assert all(isinstance(r[6], int) for r in people)
    # the system each person's group came from, by name (L08 trains at the IT Centre: no system)
    systems = {r[2]: r[5] for r in people}
    assert systems["L01"] == "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh" and systems["L08"] is None
    assert rows[next(i for i, r in enumerate(rows) if r[0] == "STT")][5] == "Hệ thống"
    sheet = book[NQ12]
    money = next(c for c in sheet["G"] if c.value == expected)
    assert money.data_type == "n" and "đ" in money.number_format
    assert sheet.freeze_panes is not None and int(sheet.page_setup.paperSize) == 9  # A4
    text = [v for r in rows for v in r if isinstance(v, str)]
    assert "DANH SÁCH CHI TRẢ — Chính sách đãi ngộ đối với đội ngũ làm công nghệ thông tin, chuyển đổi số" in text
    assert any("12/NQ-HĐND" in t for t in text) and "Ngày đánh giá: 01/12/2025" in text
    for signer in ("Người lập biểu", "Kế toán trưởng/Phụ trách kế toán", "Thủ trưởng đơn vị"):
        assert signer in text
    assert text.count("(Ký, ghi rõ họ tên)") == 3 and "…, ngày … tháng … năm …" in text
    assert any(t.startswith("Cơ quan, đơn vị:") for t in text)
    assert any("L03" in t and "tối đa 2" in t for t in text)  # over the cap: a finding


def test_not_paid_sheet_lists_the_not_eligible_with_their_decision(files):
    book = openpyxl.load_workbook(f"{files}.xlsx")
    names = [n for n in book.sheetnames if n.startswith(NQ12) and n != NQ12]
    assert len(names) == 1 and all(len(n) <= 31 for n in book.sheetnames)
    assert len(set(book.sheetnames)) == len(book.sheetnames)
    rows = [r for r in _rows(book[names[0]]) if isinstance(r[0], int)]
    not_eligible = [r for r in rows if r[4] == "không đủ điều kiện"]
    assert len(not_eligible) == 14 and all(r[5] for r in not_eligible)
    assert {r[2] for r in rows} >= {"L03", "L07"}  # eligible, but over the cap: not paid


def test_source_sheet_and_same_bytes_twice(cli, files, tmp_path):
    book = openpyxl.load_workbook(f"{files}.xlsx")
    source = dict((r[0], r[1]) for r in _rows(book["Nguồn"]))
    assert source["Bộ dữ liệu"] == str(SAMPLE) and source["Ngày đánh giá"] == "01/12/2025"
    assert re.fullmatch(r"\d+\.\d+.*", source["Phiên bản vnpolicy"])
    assert "12/NQ-HĐND" in source["Chính sách laocai/nq12-2025"]
    assert "lanh_dao_nhom_1=chuyen_trach" in source["Cách hiểu áp dụng (laocai/nq12-2025)"]
    again = tmp_path / "again.xlsx"
    assert cli("assess", SAMPLE, "--on", "2025-12-01", "-o", again).exit_code == 0
    assert again.read_bytes() == open(f"{files}.xlsx", "rb").read()


def test_markdown_has_the_same_tables(files):
    md = open(f"{files}.md", encoding="utf-8").read()
    assert "| **Tổng cộng** |  |  |  |  | **39.600.000** |  |" in md
    assert "**Người lập biểu**" in md and "## Nguồn" in md and "Ngày đánh giá: 01/12/2025" in md


def test_daknong_compliance_per_unit(cli, tmp_path):
    out = tmp_path / "dn.xlsx"
    result = cli("assess", SAMPLE, "--on", "2025-12-31", "-p", "daknong/qd02-2017", "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["daknong-qd02-2017", "Nguồn"]
    rows = _rows(book["daknong-qd02-2017"])
    start = next(i for i, r in enumerate(rows) if r[0] == "Theo đơn vị") + 2
    units = {r[0]: list(r[1:4]) for r in rows[start:] if r[0] and isinstance(r[1], int)}
    totals = _totals(cli, "2025-12-31", "-p", "daknong/qd02-2017")["daknong/qd02-2017"]
    assert sum(v[0] for v in units.values()) == totals["compliant"]
    assert sum(v[1] for v in units.values()) == totals["non_compliant"]
    assert units["UBND phường Nam Gia Nghĩa"] == [0, 1, "Không có người đáp ứng"]
    failing = next(r[5] for r in rows if r[2] == "D02")
    assert "Điều 3.1" in failing and "Điều 4.1.b" in failing and "Ưu tiên" not in failing


def test_formula_like_name_stays_text_and_is_escaped(cli, sample, tmp_path):
    staff = sample / "staff.csv"
    staff.write_text(
        staff.read_text(encoding="utf-8-sig").replace("Nguyễn Văn An", '=HYPERLINK("x")<b>'), encoding="utf-8"
    )
    out = tmp_path / "x"
    result = cli("assess", sample, "--on", "2025-12-01", "-o", f"{out}.xlsx", "-o", f"{out}.html", "-o", f"{out}.md")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(f"{out}.xlsx")[NQ12]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")<b>')
    assert cell.data_type == "s"
    page = open(f"{out}.html", encoding="utf-8").read()
    assert "=HYPERLINK(&quot;x&quot;)&lt;b&gt;" in page and '("x")<b>' not in page
    assert '=HYPERLINK("x")\\<b\\>' in open(f"{out}.md", encoding="utf-8").read()


def test_english(cli, tmp_path):
    out = tmp_path / "en.xlsx"
    assert cli("assess", SAMPLE, "--on", "2025-12-01", "--lang", "en", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    text = [v for r in _rows(book[NQ12]) for v in r if isinstance(v, str)]
    assert "Total" in text and "Prepared by" in text and "Group 1" in text and "Tổng cộng" not in text
    assert "Source" in book.sheetnames and "Assessed on: 01/12/2025" in text


def test_usage_errors(cli):
    assert cli("assess", SAMPLE, "-f", "xlsx").exit_code != 0  # xlsx needs -o


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_html_prints_on_a4_with_a_page_per_policy(files, tmp_path):
    page = open(f"{files}.html", encoding="utf-8").read()
    assert "<script" not in page and "http://" not in page and "https://" not in page.split("<body>")[0]
    assert page.count("<section") == 8 and "Người lập biểu" in page and "39.600.000" in page
    pdf = tmp_path / "ds.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", f"file://{files}.html")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) >= 8 and all(abs(float(w) - 595.9) < 1 and abs(float(h) - 842.9) < 1 for w, h in boxes)
