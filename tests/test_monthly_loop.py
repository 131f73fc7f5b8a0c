"""The README's "An office's month", command for command, on a dataset made by ``vnpolicy generate``: the
template prefilled from it is the office's January workbook; February's is January's template with one paid
person gone and one rating lowered, as an office would edit it."""

import json
import re
import shlex

import openpyxl
import pytest

from conftest import ROOT

ON = "2026-01-31"
NQ12 = "laocai/nq12-2025"


def month_commands():
    """The README's month block: one argument list per command (continuation lines joined, comments cut)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## An office's month\n\n```sh\n(.+?)\n```", text, re.S).group(1)
    lines = block.replace("\\\n", " ").splitlines()
    return [shlex.split(line, comments=True)[1:] for line in lines]


@pytest.fixture
def january(cli, tmp_path, monkeypatch):
    """The office's January workbook (a 300-person generated dataset typed into the template), and the
    results of the policy on it."""
    monkeypatch.chdir(tmp_path)
    assert cli("generate", "--staff", "300", "--seed", "2", "ds").exit_code == 0
    made = cli("template", "-p", NQ12, "--prefill", "ds", "-o", "thang-01.xlsx")
    assert made.exit_code == 0, made.output
    result = cli("assess", "ds", "--on", ON, "-p", NQ12, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _staff_rows(book):
    sheet = book["Cán bộ"]
    header = [c.value for c in sheet[1]]
    return sheet, header


def _february(paid_id, lowered_id):
    """Next month's workbook as the office returns it: ``paid_id`` left, ``lowered_id``'s last rating lowered."""
    book = openpyxl.load_workbook("mau-thang-02.xlsx")
    sheet, header = _staff_rows(book)
    rating = max(i for i, h in enumerate(header) if str(h).startswith("Xếp loại năm"))
    ids = [sheet.cell(row, 1).value for row in range(1, sheet.max_row + 1)]
    sheet.cell(ids.index(lowered_id) + 1, rating + 1).value = "không hoàn thành nhiệm vụ"
    sheet.delete_rows(ids.index(paid_id) + 1)
    for name in ("Phân công", "Đào tạo"):  # the rows that name the person who left
        other = book[name]
        for row in range(other.max_row, 1, -1):
            if paid_id in [c.value for c in other[row]]:
                other.delete_rows(row)
    book.save("thang-02.xlsx")


def test_the_readme_month_on_a_generated_dataset(cli, january, tmp_path):
    commands = month_commands()
    assert [c[0] for c in commands] == ["template", "validate", "assess", "explain", "template", "changes", "runs"]
    results = [r for r in january["results"] if r["policy"] == NQ12]
    paid = sorted(r["staff_id"] for r in results if r["paid"])
    refused = sorted(r["staff_id"] for r in results if r["outcome"] == "not_eligible")
    assert len(paid) >= 3 and refused
    left, lowered = paid[0], paid[1]
    said = {}
    for args in commands:
        args = [refused[0] if a == "L14" else a for a in args]
        if args[0] == "changes":
            _february(left, lowered)
        result = cli(*args)
        assert result.exit_code == 0, f"{args}: {result.output}"
        said[args[0]] = result
    # 2. the office's workbook reads with every mapping listed
    assert "hợp lệ" in said["validate"].output
    # 3. the payment list: the people paid, their subtotals add up to the policy's total
    sheet = openpyxl.load_workbook("chi-tra-01.xlsx")[NQ12.replace("/", "-")]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    people = [r for r in rows if isinstance(r[0], int)]
    assert sorted(r[2] for r in people) == paid
    subtotal = sum(r[6] for r in rows if isinstance(r[1], str) and r[1].startswith("Cộng đơn vị"))
    total = next(r[6] for r in rows if r[1] == "Tổng cộng")
    assert subtotal == total == next(t["monthly_vnd"] for t in january["totals"] if t["policy"] == NQ12)
    assert "<svg" in (tmp_path / "chi-tra-01.html").read_text(encoding="utf-8")
    # 4. the letter names the person and the policy's document
    letter = (tmp_path / "thu-L14.html").read_text(encoding="utf-8")
    assert refused[0] in letter and "12/NQ-HĐND" in letter
    # 6. what changed: the one who left and the lowered rating, each under the policy
    book = openpyxl.load_workbook("thay-doi-02.xlsx")
    cells = {c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)}
    assert {left, lowered} <= cells
    # 7. both runs recorded; the first still stands
    listed = cli("runs", "so-ghi.db").output.splitlines()
    assert [line.split("\t")[2] for line in listed] == ["assess", "changes"]
    assert "chạy lại: cùng" in said["runs"].output
