"""The payment lists (``assess -o FILE.html|md|xlsx``) made column by column from a policy's results a
slice at a time (``vnpolicy.reports.paylists``): the same lists whatever the slice, sections read once."""

import openpyxl
import pytest

from conftest import SAMPLE
from vnpolicy import api
from vnpolicy.reports import paylists
from vnpolicy.reports.payments import build

ON = ["--on", "2025-12-01"]


def _cells(path):
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_lists_made_from_small_slices_are_the_same(cli, tmp_path, monkeypatch):
    outputs = ["-o", tmp_path / "whole.html", "-o", tmp_path / "whole.md", "-o", tmp_path / "whole.xlsx"]
    assert cli("assess", SAMPLE, *ON, *outputs).exit_code == 0
    monkeypatch.setattr(paylists, "SLICE", 3)  # the sample's results three at a time, reasons and all
    outputs = ["-o", tmp_path / "sliced.html", "-o", tmp_path / "sliced.md", "-o", tmp_path / "sliced.xlsx"]
    assert cli("assess", SAMPLE, *ON, *outputs).exit_code == 0
    for ext in ("html", "md"):
        assert (tmp_path / f"sliced.{ext}").read_bytes() == (tmp_path / f"whole.{ext}").read_bytes(), ext
    whole = _cells(tmp_path / "whole.xlsx")
    assert _cells(tmp_path / "sliced.xlsx") == whole
    people = whole["laocai-nq12-2025"]
    assert any(r[1] == "Tổng cộng" for r in people) and sum(isinstance(r[0], int) for r in people) == 10


def test_the_sections_are_read_once():
    import datetime as dt

    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    report = build(assessment)
    assert [s["id"] for s in report["sections"]]
    with pytest.raises(RuntimeError, match="read once"):
        list(report["sections"])
