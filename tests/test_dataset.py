import datetime as dt
import json

import openpyxl
import polars as pl
import pytest
import yaml

from conftest import ON, SAMPLE
from vnpolicy import api
from vnpolicy.data.readers import read_raw
from vnpolicy.data.writers import write_dataset
from vnpolicy.errors import DatasetError


def _results_json(path):
    from vnpolicy.reports.output import assessment_text

    result, _ = api.run(path, ON)
    data = json.loads(assessment_text(result, "json"))
    return data["results"], data["findings"], data["totals"]


@pytest.mark.parametrize(
    "form, name", [("xlsx", "sample.xlsx"), ("yaml", "sample.yaml"), ("json", "sample.json"), ("csv", "sample_csv")]
)
def test_three_forms_give_identical_results(tmp_path, form, name):
    data = api.dataset(SAMPLE)
    target = tmp_path / name
    write_dataset(data, target, form)
    assert _results_json(target) == _results_json(SAMPLE)


def test_forms_load_to_the_same_tables(tmp_path):
    data = api.dataset(SAMPLE)
    write_dataset(data, tmp_path / "s.xlsx", "xlsx")
    write_dataset(data, tmp_path / "s.yaml", "yaml")
    for other in (api.dataset(tmp_path / "s.xlsx"), api.dataset(tmp_path / "s.yaml")):
        for table in ("units", "staff", "systems", "assignments"):
            assert other.table(table).equals(data.table(table), null_equal=True), table


def test_office_conventions(tmp_path):
    """dd/mm/yyyy and ISO dates, có/không/x/empty, Vietnamese labels for codes, any letter case, BOM."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "units.csv").write_text(
        "\ufeffid,name,province,level,kind\nU1,Sở,LAOCAI,Tỉnh,nha_nuoc\n", encoding="utf-8"
    )
    (folder / "staff.csv").write_text(
        "id,full_name,unit_id,employment,it_role,job_position_ok,receives_nd179,education,rating_2024,start_date\n"
        "A,An,U1,Công chức,Chuyên trách,có,,Đại học,Hoàn thành tốt nhiệm vụ,05/03/2020\n"
        "B,Bình,U1,vien_chuc,KIEM_NHIEM,x,không,Thạc sĩ,xuat_sac,2020-03-05\n"
        "C,Cường,U1,cong_chuc,khong,0,1,cao_dang,,\n",
        encoding="utf-8",
    )
    staff = api.dataset(folder).table("staff").sort("id")
    assert staff["employment"].to_list() == ["cong_chuc", "vien_chuc", "cong_chuc"]
    assert staff["it_role"].to_list() == ["chuyen_trach", "kiem_nhiem", "khong"]
    assert staff["job_position_ok"].to_list() == [True, True, False]
    assert staff["receives_nd179"].to_list() == [False, False, True]
    assert staff["education"].to_list() == ["dai_hoc", "thac_si", "cao_dang"]
    assert staff["rating_2024"].to_list() == ["tot", "xuat_sac", None]
    assert staff["start_date"].to_list() == [dt.date(2020, 3, 5), dt.date(2020, 3, 5), None]


def _error(path):
    with pytest.raises(DatasetError) as exc:
        api.dataset(path)
    return exc.value.lines


def test_bad_value_names_table_row_column_found_and_expected(sample):
    text = (
        (sample / "staff.csv")
        .read_text(encoding="utf-8-sig")
        .replace("L05,Hoàng Văn Em,LC-SKHCN,cong_chuc", "L05,Hoàng Văn Em,LC-SKHCN,nhan_vien")
    )
    (sample / "staff.csv").write_text(text, encoding="utf-8")
    (line,) = _error(sample)
    assert line == (
        "staff.csv, dòng 6, cột employment: gặp 'nhan_vien', cần một trong: can_bo, cong_chuc, vien_chuc, hop_dong"
    )


def test_bad_date_and_bool(sample):
    text = (sample / "staff.csv").read_text(encoding="utf-8-sig")
    text = text.replace("15/01/2020", "31/02/2020").replace(
        "L02,Trần Thị Bình,LC-SKHCN,cong_chuc,có", "L02,Trần Thị Bình,LC-SKHCN,cong_chuc,hmm"
    )
    (sample / "staff.csv").write_text(text, encoding="utf-8")
    lines = _error(sample)
    assert "staff.csv, dòng 3, cột is_leader: gặp 'hmm', cần có/không, true/false, 1/0, x/để trống" in lines
    assert "staff.csv, dòng 2, cột start_date: gặp '31/02/2020', cần ngày dd/mm/yyyy hoặc yyyy-mm-dd" in lines


def test_references_are_checked(sample):
    with open(sample / "assignments.csv", "a", encoding="utf-8") as f:
        f.write("L01,S99,01/01/2024,,\n")
    (line,) = _error(sample)
    assert line == "assignments.csv, dòng 27, cột system_id: gặp 'S99', cần một mã có trong systems.id"


def test_duplicate_ids_and_unknown_columns(sample):
    text = (sample / "units.csv").read_text(encoding="utf-8-sig")
    text = text.replace("id,name,province", "id,name,provice") + "LC-SKHCN,Trùng,laocai,,tinh,nha_nuoc,khac,,,,,\n"
    (sample / "units.csv").write_text(text, encoding="utf-8")
    lines = _error(sample)
    assert (
        "units.csv, dòng 1, cột provice: cột không có trong hợp đồng dữ liệu của bảng units; có phải 'province'?"
        in lines
    )
    assert "units.csv: thiếu cột bắt buộc province" in lines
    assert any(line.startswith("units.csv, dòng 26, cột id: mã 'LC-SKHCN' bị trùng") for line in lines)


def test_excel_rows_are_the_rows_a_person_sees(tmp_path):
    data = api.dataset(SAMPLE)
    book_path = tmp_path / "s.xlsx"
    write_dataset(data, book_path, "xlsx")
    book = openpyxl.load_workbook(book_path)
    sheet = book["systems"]
    level = [c.value for c in sheet[1]].index("security_level") + 1
    sheet.cell(row=4, column=level, value=7)
    book.save(book_path)
    (line,) = _error(book_path)
    assert line == "s.xlsx:systems, dòng 4, cột security_level: gặp '7', cần số nguyên từ 1 đến 5"


def test_yaml_rows_are_lines(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "units": [{"id": "U1", "name": "Sở", "province": "laocai", "level": "tinh", "kind": "nha_nuoc"}],
                "staff": [
                    {"id": "A", "full_name": "An", "unit_id": "U1", "employment": "cong_chuc"},
                    {"id": "B", "full_name": "Bình", "unit_id": "U2", "employment": "cong_chuc"},
                ],
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    (line,) = _error(path)
    assert line.startswith("d.yaml:staff, dòng 12, cột unit_id: gặp 'U2'")


def test_missing_required_tables_and_bad_encoding(tmp_path):
    (tmp_path / "units.csv").write_text("id,name,province,level,kind\n", encoding="utf-8")
    assert _error(tmp_path)[0].endswith("thiếu bảng staff (bắt buộc: units, staff) / missing table(s) staff")
    (tmp_path / "staff.csv").write_bytes("id,full_name\nA,Nguy\xean\n".encode("cp1258"))
    assert "không đọc được CSV (cần UTF-8" in _error(tmp_path)[0]


def test_english_messages(sample):
    text = (sample / "staff.csv").read_text(encoding="utf-8-sig").replace(",dai_hoc,cntt,b,ccna,", ",phd,cntt,b,ccna,")
    (sample / "staff.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as exc:
        api.dataset(sample, lang="en")
    assert exc.value.lines == [
        "staff.csv, row 2, column education: found 'phd', expected one of: so_cap, trung_cap, "
        "cao_dang, dai_hoc, thac_si, tien_si"
    ]


def test_raw_reader_keeps_text():
    raw = read_raw(SAMPLE)
    assert raw["staff"].frame.schema["start_date"] == pl.Utf8
    assert raw["staff"].frame["_row"][0] == 2


@pytest.mark.parametrize(
    "text, words",
    [
        ("units: 3\nstaff: []\n", "bảng units phải là một danh sách bản ghi"),
        ("- 1\n- 2\n", "cần một ánh xạ với mỗi bảng là một khoá"),
        ("units: [1]\nstaff: []\n", "bản ghi của bảng units phải là một ánh xạ"),
        ("unit: []\nstaff: []\n", "bảng 'unit' không có trong hợp đồng dữ liệu"),
        ("units: [\n", "YAML không đọc được"),
    ],
)
def test_malformed_yaml_datasets(tmp_path, text, words):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    assert words in _error(path)[0]
