"""What offices send loads (tests/fixtures/office, written by make.py from examples/sample): a title merged
above the table, Vietnamese headers, an STT column, Excel serial days and dd/mm/yy dates, .xls and .ods
workbooks, a CSV folder separated by ';'. Each loads to the sample and is assessed the same."""

import datetime as dt
import json

import pytest

from conftest import ROOT, SAMPLE
from vnpolicy.data.dataset import load_dataset
from vnpolicy.data.schema import TABLES, parse_date
from vnpolicy.errors import DatasetError
from vnpolicy.hooks.manager import registry

OFFICE = ROOT / "tests" / "fixtures" / "office"
FILES = ["office.xlsx", "office.xls", "office.ods", "csv-semicolon"]


def _outcomes(cli, path):
    result = cli("assess", path, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]
    assert rows
    return {(r["staff_id"], r.get("group")): (r["outcome"], r.get("amount_vnd")) for r in rows}


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE, registry())


@pytest.mark.parametrize("name", FILES)
def test_office_file_loads_to_the_sample(name, sample):
    data = load_dataset(OFFICE / name, registry())
    for table in TABLES:
        assert data.table(table).equals(sample.table(table)), table


@pytest.mark.parametrize("name", FILES)
def test_office_file_is_assessed_as_the_sample(cli, name):
    assert _outcomes(cli, OFFICE / name) == _outcomes(cli, SAMPLE)


@pytest.mark.parametrize("name", FILES)
def test_validate_lists_each_mapping(cli, name):
    result = cli("validate", OFFICE / name)
    assert result.exit_code == 0, result.output
    staff = next(line for line in result.stdout.splitlines() if "Cán bộ" in line and "→" in line)
    row = 2 if name == "csv-semicolon" else 3
    assert f"hàng tiêu đề ở dòng {row}" in staff
    assert "cột 'Họ và tên' → full_name" in staff and "cột 'Xếp loại năm 2024' → rating_2024" in staff
    assert "cột STT bỏ qua" in staff
    assert ("';' là dấu phân cách" in staff) == (name == "csv-semicolon")


def test_plain_sample_has_no_notes(cli):
    result = cli("validate", SAMPLE)
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 1


def test_dates_as_offices_type_them():
    assert parse_date("45658") == dt.date(2025, 1, 1)  # an Excel serial day, 1900 date system
    assert parse_date("45658.5") == dt.date(2025, 1, 1)
    assert parse_date("01/01/25") == dt.date(2025, 1, 1)
    assert parse_date("5/3/49") == dt.date(2049, 3, 5) and parse_date("5/3/50") == dt.date(1950, 3, 5)
    for wrong in ("2020", "31/02/24", "123", "99999999"):
        with pytest.raises(ValueError):
            parse_date(wrong)


def _write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


UNITS = "id,name,province,level,kind\nU1,Sở,laocai,tinh,nha_nuoc\n"


def test_unknown_header_is_still_an_error_with_its_row(tmp_path):
    _write(tmp_path, "units.csv", UNITS)
    head = "STT,Mã cán bộ,Họ và tên,Đơn vị,Loại cán bộ,Trinh do,full_nam"
    _write(tmp_path, "staff.csv", f"Danh sách\n{head}\n1,A,An,U1,cong_chuc,dai_hoc,x\n")
    with pytest.raises(DatasetError) as exc:
        load_dataset(tmp_path, registry())
    assert exc.value.lines == [  # 'Trinh do' is 'Trình độ' without its marks: education
        "staff.csv, dòng 2, cột full_nam: cột không có trong hợp đồng dữ liệu của bảng staff; có phải 'full_name'?"
    ]


def test_two_columns_for_one_field(tmp_path):
    _write(tmp_path, "units.csv", UNITS)
    _write(tmp_path, "staff.csv", "id,full_name,unit_id,Mã đơn vị,employment\nA,An,U1,U1,cong_chuc\n")
    with pytest.raises(DatasetError, match="dòng 1: cột .*unit_id.*Mã đơn vị.* cùng là unit_id"):
        load_dataset(tmp_path, registry())


def test_the_header_is_looked_for_in_the_first_ten_rows_only(tmp_path):
    _write(tmp_path / "s", "staff.csv", "id,full_name,unit_id,employment\n")
    _write(tmp_path / "s", "units.csv", "tiêu đề,,,,\n" * 9 + UNITS)
    assert load_dataset(tmp_path / "s", registry()).table("units").height == 1
    _write(tmp_path / "s", "units.csv", "tiêu đề,,,,\n" * 10 + UNITS)
    with pytest.raises(DatasetError) as exc:
        load_dataset(tmp_path / "s", registry())
    assert exc.value.lines[0].startswith("units.csv, dòng 1")  # the titles read as the header


def test_docs_list_every_header_word():
    from vnpolicy.data.aliases import HEADER_WORDS, ROW_NUMBER_WORDS

    doc = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    for table, fields in HEADER_WORDS.items():
        for field, words in fields.items():
            line = next(x for x in doc.splitlines() if x.startswith(f"| `{table}.{field}` |"))
            assert all(f"`{w}`" in line for w in words), (table, field)
    assert all(f"`{w}`" in doc for w in ROW_NUMBER_WORDS)
