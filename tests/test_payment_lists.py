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


def _report():
    import datetime as dt

    assessment, _ = api.run(SAMPLE, dt.date(2025, 12, 1))
    return build(assessment)


def test_a_ctrl_c_while_the_lists_are_made_leaves_nothing_beside_the_output(tmp_path, monkeypatch):
    from vnpolicy.reports import paymentfiles, sheetrows

    made, real = [], sheetrows._xml

    def stopped(*args):
        made.append(1)
        if len(made) == 3:  # the third list: two are made and kept beside the output by now
            raise KeyboardInterrupt
        yield from real(*args)

    monkeypatch.setattr(sheetrows, "_xml", stopped)
    with pytest.raises(KeyboardInterrupt):
        paymentfiles.write_xlsx(_report(), tmp_path / "x.xlsx")
    assert len(made) == 3 and list(tmp_path.iterdir()) == []


def test_a_ctrl_c_pending_while_they_are_removed_waits_for_the_removal(tmp_path, monkeypatch):
    """A library that stops on a Ctrl-C first raises its own error; Python's KeyboardInterrupt then comes at
    the next line run, which may be the removal's first."""
    import shutil

    from vnpolicy.reports import paymentfiles, sheets

    calls, real = [], shutil.rmtree

    def interrupted_once(path, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            raise KeyboardInterrupt
        real(path, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted_once)
    monkeypatch.setattr(sheets.Book, "close", lambda self: (_ for _ in ()).throw(RuntimeError("a library's own")))
    with pytest.raises(KeyboardInterrupt):
        paymentfiles.write_xlsx(_report(), tmp_path / "x.xlsx")
    assert len(calls) == 2 and list(tmp_path.iterdir()) == []
