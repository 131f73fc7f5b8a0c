"""The outputs users and machines read stay byte for byte what they were when these files were made
(before core/ was regrouped into subpackages). A change that means to alter an output regenerates the file
with the command in its row, and the diff shows what changed."""

import json
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = "examples/sample"  # relative: the reform's path is part of the output
REFORM = "examples/reforms/nq12-nhom3-2026.yaml"
PERIOD = ["--from", "2026-01", "--to", "2026-12", "--reform", REFORM]

CASES = {  # golden files: the command that writes them (an -o per file is added; the format follows it)
    ("assess.json",): ["assess", SAMPLE, "--on", "2025-12-01", "-f", "json"],
    ("assess.csv",): ["assess", SAMPLE, "--on", "2025-12-01", "-f", "csv"],
    ("assess-en.txt",): ["assess", SAMPLE, "--on", "2025-12-01", "-f", "table", "--lang", "en"],
    ("compare.json", "compare.csv", "compare.md", "compare.html"): ["compare", SAMPLE, *PERIOD],
    ("compare-on.json",): ["compare", SAMPLE, "--on", "2025-12-01", "--lang", "en"],
}


@pytest.mark.parametrize("names", sorted(CASES), ids="+".join)
def test_output_is_unchanged(cli, tmp_path, monkeypatch, names):
    monkeypatch.chdir(ROOT)
    outputs = [arg for name in names for arg in ("-o", tmp_path / name)]
    result = cli(*CASES[names], *outputs)
    assert result.exit_code == 0, result.output
    for name in names:
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), f"{name} differs from tests/golden/"


def cells(path):
    """An Excel workbook as text: each sheet's cells with their number formats (the file's bytes hold
    timestamps)."""
    book = openpyxl.load_workbook(path)
    return json.dumps(
        {
            sheet.title: [[[c.value, c.number_format] for c in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets
        },
        ensure_ascii=False,
        indent=0,
        default=str,
    )


def test_excel_cells_are_unchanged(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "compare.xlsx"
    result = cli("compare", SAMPLE, *PERIOD, "-o", out)
    assert result.exit_code == 0, result.output
    assert cells(out) == (GOLDEN / "compare.xlsx.json").read_text(encoding="utf-8")
