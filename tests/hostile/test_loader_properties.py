"""Whatever a dataset file holds, ``vnpolicy validate`` either accepts it or says what is wrong in one line
per problem, exit 1, no traceback, and never hangs (hypothesis; arbitrary bytes, text and structures)."""

import json
import string
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vnpolicy.cli import app

RUNNER = CliRunner()
UNITS = "id,name,province,level,kind\nU1,Sở,laocai,tinh,nha_nuoc\n"
# the autouse fixture of conftest only sets which plugins load: the same for every example
SETTINGS = settings(
    deadline=None,
    max_examples=100,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FIELDS = [
    "id",
    "full_name",
    "unit_id",
    "employment",
    "start_date",
    "end_date",
    "education",
    "province",
    "rating_2024",
    "years_experience",
    "security_level",
    "ratings",
    "kind",
    "level",
    "name",
    "x",
    "<<",
    "",
]
WORDS = [
    "laocai",
    "Lào Cai",
    "U1",
    "A",
    "2026-02-30",
    "31/12/2025",
    "2026-13-01",
    "-1",
    "2.5",
    "1e400",
    "nan",
    "có",
    "Kỹ sư",
    "tot",
    "",
    " ",
    "\x00",
    "0" * 30,
]


def validate(path, names=()):
    start = time.monotonic()
    result = RUNNER.invoke(app, ["validate", str(path), "--limit", "yaml_nodes=20000", "--limit", "rows=2000"])
    assert time.monotonic() - start < 10
    if result.exit_code == 0:
        assert result.exception is None
        return
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("lỗi: ") and len(line.strip()) > 5 for line in lines), lines
    names = (path.name, *names)
    assert all(any(name in line for name in names) for line in lines), lines


@SETTINGS
@given(st.binary(max_size=400) | st.text(alphabet=string.printable + "àđĐ\"'\ufeff", max_size=400))
def test_anything_as_a_csv_file(content):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "d"
        folder.mkdir()
        (folder / "units.csv").write_text(UNITS, encoding="utf-8")
        (folder / "staff.csv").write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        validate(folder, ("staff.csv", "units.csv"))


def _records():
    values = st.one_of(
        st.sampled_from(WORDS), st.integers(), st.floats(), st.booleans(), st.none(), st.text(max_size=8)
    )
    record = st.dictionaries(st.sampled_from(FIELDS), values | st.lists(values, max_size=2), max_size=6)
    tables = st.sampled_from(["units", "staff", "systems", "Cán bộ", "Hệ thống", "unit", "_x", "assignments"])
    return st.dictionaries(tables, st.lists(record, max_size=4) | st.none() | values, max_size=4)


YAML_BITS = [
    "units:",
    "staff:",
    "- ",
    "  ",
    "&a ",
    "*a",
    "<<: ",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "\n",
    "id: U1",
    "!!timestamp ",
    "2026-02-30",
    "? ",
    "!!python/object ",
    "---\n",
    "%YAML 1.1\n",
    "'",
    '"',
    "#",
    "|",
    ">",
    "\t",
]


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(YAML_BITS), max_size=40).map("".join), _records()))
def test_anything_as_a_yaml_file(content):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.yaml"
        if not isinstance(content, str):
            content = yaml.safe_dump(content, allow_unicode=True)
        path.write_text(content, encoding="utf-8")
        validate(path)


@SETTINGS
@given(st.one_of(st.text(max_size=300), _records().map(lambda d: json.dumps(d, ensure_ascii=False))))
def test_anything_as_a_json_file(content):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.json"
        path.write_text(content, encoding="utf-8")
        validate(path)
