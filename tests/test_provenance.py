"""Every report says what produced it: the dataset (path and sha256), the date, the policies with their
document numbers and file hashes, the vnpolicy version, the readings and overrides in effect — in JSON
(``provenance``, in the results schema), the terminal, Markdown, HTML and Excel (a sheet "Nguồn"); dates
people read are dd/mm/yyyy; no timestamp, so the same run gives the same bytes."""

import copy
import hashlib
import json
import re
from importlib import metadata

import jsonschema
import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from vnpolicy.cli import app
from vnpolicy.data.hashing import sha256
from vnpolicy.rules.policy import shipped_schema

READING = "laocai/nq12-2025.lanh_dao_nhom_1=moi_lanh_dao"
SET = "laocai/nq12-2025.amount_nhom_1=3100000"
NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"
ISO = re.compile(r"\b2025-12-01\b")
FORMATS = ("json", "md", "html", "xlsx")


def _run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """compare written twice in every format (the table on the terminal), with a reading and a --set."""
    runs = []
    for n in range(2):
        out = tmp_path_factory.mktemp(f"compare{n}")
        args = ["compare", SAMPLE, "--on", "2025-12-01", "--reading", READING, "--set", SET]
        _run(*args, *(a for f in FORMATS for a in ("-o", out / f"c.{f}")))
        runs.append((out, _run(*args)))
    return runs


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    out = tmp_path_factory.mktemp("assess")
    args = ["assess", SAMPLE, "--on", "2025-12-01", "--reading", READING]
    return [(_run(*args, "-o", out / f"a{n}.json"), (out / f"a{n}.json").read_bytes(), _run(*args)) for n in (0, 1)]


def _nq12_short():
    return hashlib.sha256(NQ12.read_bytes()).hexdigest()[:12]


def _says_it_all(text, overrides=True):
    """A human-facing report names everything that produced it, dates dd/mm/yyyy."""
    assert str(SAMPLE) in text and sha256(SAMPLE) in text
    assert "01/12/2025" in text and not ISO.search(text)
    assert "laocai/nq12-2025" in text and "12/NQ-HĐND" in text and _nq12_short() in text
    assert "national/nd179-2025" in text or not overrides  # compare: provinces' policies only
    assert metadata.version("vnpolicy") in text
    assert READING in text
    if overrides:
        return
    assert SET in text


def _checks_json(prov, sets=()):
    assert prov["dataset"] == {"path": str(SAMPLE), "sha256": sha256(SAMPLE)}
    assert prov["as_of"] == "2025-12-01" and prov["period"] is None
    nq12 = next(p for p in prov["policies"] if p["id"] == "laocai/nq12-2025")
    assert nq12 == {"id": "laocai/nq12-2025", "document": "12/NQ-HĐND", "sha256": _nq12_short()}
    assert prov["vnpolicy"] == metadata.version("vnpolicy")
    assert prov["readings"] == [READING] and prov["sets"] == list(sets)


def test_assess_json_carries_provenance_and_validates(assessed):
    data = json.loads(assessed[0][1])
    _checks_json(data["provenance"])
    schema = shipped_schema("results.schema.json")
    jsonschema.validate(data, schema)
    old = {k: v for k, v in data.items() if k != "provenance"}
    jsonschema.validate(old, schema)  # files written before provenance still validate
    bad = copy.deepcopy(data)
    bad["provenance"]["dataset"]["sha256"] = "not a hash"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_assess_table_ends_with_provenance(assessed):
    table = assessed[0][2]
    tail = table.rstrip("\n").split("\n")[-3:]
    _says_it_all("\n".join(tail))
    assert table.startswith("Ngày đánh giá: 01/12/2025\n")
    assert not ISO.search(table)


def test_compare_json_carries_provenance_and_validates(compared):
    data = json.loads((compared[0][0] / "c.json").read_text("utf-8"))
    _checks_json(data["provenance"], [SET])
    jsonschema.validate(data, shipped_schema("results.schema.json"))


@pytest.mark.parametrize("fmt", ["md", "html", "table", "xlsx"])
def test_compare_human_formats_carry_provenance(compared, fmt):
    out, table = compared[0]
    if fmt == "table":
        text = "\n".join(table.rstrip("\n").split("\n")[-3:])
        assert not ISO.search(table)
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(out / "c.xlsx")
        assert "Nguồn" in book.sheetnames
        text = "\n".join(str(c.value) for row in book["Nguồn"].iter_rows() for c in row if c.value is not None)
        every = "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)
        assert not ISO.search(every)
    else:
        text = (out / f"c.{fmt}").read_text("utf-8")
        assert "Nguồn" in text
    _says_it_all(text, overrides=False)


def test_same_bytes_twice(compared, assessed):
    for f in ("json", "md", "html"):
        assert (compared[0][0] / f"c.{f}").read_bytes() == (compared[1][0] / f"c.{f}").read_bytes(), f
    assert compared[0][1] == compared[1][1]
    assert assessed[0][1] == assessed[1][1] and assessed[0][2] == assessed[1][2]


def test_changes_say_what_produced_them(tmp_path):
    args = ["changes", SAMPLE, "--on", "2025-12-01", "--vs", "2026-02-01", "--reading", READING, "--policy"]
    args.append("laocai/nq12-2025")
    data = json.loads(_run(*args, "-f", "json"))
    prov = data["provenance"]
    assert prov["datasets"] == [{"path": str(SAMPLE), "sha256": sha256(SAMPLE)}]
    assert (prov["as_of"], prov["vs"], prov["readings"]) == ("2025-12-01", "2026-02-01", [READING])
    _run(*args, "-o", tmp_path / "c.html")
    _run(*args, "-o", tmp_path / "c.xlsx")
    for text in (_run(*args), (tmp_path / "c.html").read_text("utf-8")):
        assert sha256(SAMPLE) in text and "01/12/2025 → 01/02/2026" in text and READING in text
        assert _nq12_short() in text and metadata.version("vnpolicy") in text
    assert "Nguồn" in openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames
