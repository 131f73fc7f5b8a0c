"""vnpolicy template: a workbook an office fills in without the docs, and what it types loads back as it is."""

import datetime as dt
import json

import openpyxl
import pytest
import yaml

from conftest import SAMPLE
from vnpolicy.data.aliases import CODE_LISTS, header_field, table_of

NQ12 = "laocai/nq12-2025"
ON = "2025-12-01"

UNITS = [  # as an office picks them from the dropdowns
    {
        "id": "TT",
        "name": "Trung tâm CNTT",
        "province": "Lào Cai",
        "level": "Tỉnh",
        "kind": "Sự nghiệp",
        "sector": "Khác",
        "is_it_unit": "có",
        "it_centre": "có",
        "locality": "tp_laocai",
        "parent_id": "SO",
    },
    {
        "id": "SO",
        "name": "Sở Khoa học và Công nghệ",
        "province": "Lào Cai",
        "level": "Tỉnh",
        "kind": "Cơ quan nhà nước",
        "is_it_unit": "không",
    },
]
STAFF = [
    {
        "id": "A1",
        "full_name": "Nguyễn Văn An",
        "unit_id": "TT",
        "employment": "Viên chức",
        "it_role": "Chuyên trách",
        "education": "Đại học",
        "major": "Công nghệ thông tin",
        "english": "Trình độ B",
        "rating_2024": "Hoàn thành tốt nhiệm vụ",
        "job_position_ok": "có",
        "infosec_duty": "có",
        "start_date": dt.datetime(2020, 1, 15),
        "years_experience": 8,
    },
    {
        "id": "A2",
        "full_name": "Trần Thị Bình",
        "unit_id": "SO",
        "employment": "Công chức",
        "it_role": "Kiêm nhiệm",
        "education": "Thạc sĩ",
        "major": "An toàn thông tin",
        "rating_2024": "Xuất sắc",
        "is_leader": "có",
        "job_position_ok": "có",
        "start_date": "01/03/2016",
    },
    {
        "id": "A3",
        "full_name": "Lê Văn Cường",
        "unit_id": "TT",
        "employment": "Hợp đồng",
        "it_role": "Chuyên trách",
        "education": "Cao đẳng",
        "major": "Tin học",
        "rating_2024": "Hoàn thành",
        "start_date": "01/02/2023",
    },
]
SYSTEMS = [{"id": "S1", "name": "Hệ thống một cửa", "owner_unit_id": "TT", "security_level": 3, "level_approved": "có"}]
ASSIGNMENTS = [{"staff_id": "A1", "system_id": "S1", "start_date": "15/01/2024", "decision": "12/QĐ"}]
SHEETS = {"Đơn vị": UNITS, "Cán bộ": STAFF, "Hệ thống": SYSTEMS, "Phân công": ASSIGNMENTS}


def _template(cli, tmp_path, *args, name="mau.xlsx"):
    path = tmp_path / name
    result = cli("template", "-o", path, *args)
    assert result.exit_code == 0, result.output
    return path


def _assess(cli, path, *args):
    result = cli("assess", path, "--on", ON, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _by_staff(report):
    return {(r["policy"], r["staff_id"]): (r["outcome"], r["amount_vnd"]) for r in report["results"]}


def _field(sheet, cell):
    """The field a header cell of the template names, as the loader maps it (``Họ và tên`` -> full_name)."""
    return header_field(table_of(sheet.title), cell.value)


def _headers(sheet):
    return {_field(sheet, cell): cell.column_letter for cell in sheet[1]}


def _rules(sheet):
    """Field -> its data validation, each covering its column from row 2 to 1001 and nothing else."""
    by_range = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    out = {field: by_range.pop(f"{c}2:{c}1001") for field, c in _headers(sheet).items() if f"{c}2:{c}1001" in by_range}
    assert not by_range
    return out


def _as_yaml(rows):
    def plain(value):
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, str) and value.count("/") == 2:
            return dt.datetime.strptime(value, "%d/%m/%Y").date().isoformat()
        return value

    return [{k: plain(v) for k, v in row.items()} for row in rows]


def test_what_an_office_types_loads_as_the_same_data_in_yaml(cli, tmp_path):
    path = _template(cli, tmp_path)
    book = openpyxl.load_workbook(path)
    for title, rows in SHEETS.items():
        sheet, at = book[title], _headers(book[title])
        for number, row in enumerate(rows, start=2):
            for field, value in row.items():
                sheet[f"{at[field]}{number}"] = value
    book.save(path)
    data = {"units": UNITS, "staff": STAFF, "systems": SYSTEMS, "assignments": ASSIGNMENTS}
    same = tmp_path / "same.yaml"
    same.write_text(yaml.safe_dump({k: _as_yaml(v) for k, v in data.items()}, allow_unicode=True), encoding="utf-8")
    typed, written = _assess(cli, path), _assess(cli, same)
    assert _by_staff(typed) == _by_staff(written)
    assert typed["findings"] == written["findings"] and typed["totals"] == written["totals"]
    outcomes = _by_staff(typed)
    assert outcomes[(NQ12, "A1")][0] == "eligible" and outcomes[(NQ12, "A1")][1] > 0  # the words were read as codes
    assert (NQ12, "A3") in outcomes  # Hợp đồng, Chuyên trách: read, and judged


def test_dropdowns_dates_and_numbers_are_excel_data_validation(cli, tmp_path):
    book = openpyxl.load_workbook(_template(cli, tmp_path))
    assert book["Danh mục"].sheet_state == "hidden"
    staff = book["Cán bộ"]
    at = _headers(staff)
    rules = _rules(staff)

    def rule(field):
        return rules[field]

    def listed(dv):
        sheet, cells = dv.formula1.split("!")
        assert sheet == "'Danh mục'"
        return [c.value for (c,) in book["Danh mục"][cells.replace("$", "")]]

    education = rule("education")
    assert education.type == "list" and listed(education) == [w[0] for w in CODE_LISTS["education"].values()]
    assert "Đại học" in listed(education) and listed(rule("it_role"))[0] == "Chuyên trách"
    assert listed(rule("rating_2024")) == [w[0] for w in CODE_LISTS["rating"].values()]
    assert rule("is_leader").type == "list" and listed(rule("is_leader")) == ["có", "không"]
    start = rule("start_date")
    assert start.type == "date" and start.operator == "between"
    assert staff[f"{at['start_date']}2"].number_format == "dd/mm/yyyy"
    years = rule("years_experience")
    assert (years.type, years.operator, years.formula1, years.formula2) == ("whole", "between", "0", "70")
    assert "full_name" not in rules and "id" not in rules  # free text: no validation
    province = _rules(book["Đơn vị"])["province"]
    assert "Lào Cai" in listed(province) and len(listed(province)) == 63
    level = _rules(book["Hệ thống"])["security_level"]
    assert (level.type, level.formula1, level.formula2) == ("whole", "1", "5")


def test_required_columns_are_marked_and_every_column_explained(cli, tmp_path):
    book = openpyxl.load_workbook(_template(cli, tmp_path))
    assert book.sheetnames[0] == "Hướng dẫn"
    staff = book["Cán bộ"]
    head = {_field(staff, c): c for c in staff[1]}
    assert head["full_name"].value == "Họ và tên" and head["education"].value == "Trình độ"  # office headers
    assert head["id"].font.bold and "(bắt buộc)" in head["id"].comment.text
    assert not head["education"].font.bold and "(bắt buộc)" not in head["education"].comment.text
    assert "Trình độ cao nhất" in head["education"].comment.text and "ĐH" in head["education"].comment.text
    guide = [[c.value for c in row] for row in book["Hướng dẫn"].iter_rows()]
    explained = {(r[0], r[1]) for r in guide if r[1]}
    for title in ("Đơn vị", "Cán bộ", "Hệ thống", "Phân công", "Đào tạo", "Chỉ số"):
        assert {(title, c.value) for c in book[title][1]} <= explained
    row = next(r for r in guide if r[:2] == ["Cán bộ", "Trình độ"])
    assert "Đại học (cũng nhận: ĐH" in row[5] and NQ12 in row[6]


def test_policies_chosen_name_the_columns_they_read(cli, tmp_path):
    every = openpyxl.load_workbook(_template(cli, tmp_path))
    one = openpyxl.load_workbook(_template(cli, tmp_path, "-p", "laocai/thue-chuyen-gia", name="one.xlsx"))

    def note(book, title, field):
        return next(c.comment.text for c in book[title][1] if _field(book[title], c) == field).splitlines()[-1]

    assert NQ12 in note(every, "Cán bộ", "education") and "daknong/qd02-2017" in note(every, "Cán bộ", "education")
    assert NQ12 not in note(one, "Cán bộ", "education") and "không chính sách nào" in note(one, "Cán bộ", "education")
    assert "laocai/thue-chuyen-gia" in note(one, "Cán bộ", "years_experience")
    assert "laocai/thue-chuyen-gia" in note(one, "Cán bộ", "hired_expert")
    assert NQ12 in note(every, "Hệ thống", "security_level")  # through max_security_level and the decided system
    assert "vinhphuc/cds-2025" in note(every, "Đào tạo", "participants")  # counted by its figures
    assert "mọi chính sách" in note(one, "Cán bộ", "unit_id")


def test_prefilled_template_assesses_as_the_dataset(cli, tmp_path):
    path = _template(cli, tmp_path, "-p", NQ12, "--prefill", SAMPLE)
    staff = openpyxl.load_workbook(path)["Cán bộ"]
    at = _headers(staff)
    assert staff[f"{at['education']}2"].value == "Đại học" and staff[f"{at['it_role']}2"].value == "Chuyên trách"
    assert isinstance(staff[f"{at['start_date']}2"].value, dt.datetime)
    expected = _by_staff(_assess(cli, SAMPLE, "-p", NQ12))
    assert _by_staff(_assess(cli, path, "-p", NQ12)) == expected and expected


def test_loader_skips_the_template_sheets_and_no_others(cli, tmp_path):
    path = _template(cli, tmp_path)
    assert cli("validate", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    book.create_sheet("Hướng dẫn cũ")
    book.save(path)
    result = cli("validate", path)
    assert result.exit_code == 1 and "Hướng dẫn cũ" in result.output


@pytest.mark.parametrize("name", ["mau.csv", "mau.yaml"])
def test_template_is_a_workbook(cli, tmp_path, name):
    result = cli("template", "-o", tmp_path / name)
    assert result.exit_code == 1 and ".xlsx" in result.output and not (tmp_path / name).exists()


def test_the_vietnamese_data_dictionary_shipped_is_what_the_command_writes(cli, tmp_path):
    """docs/tu-dien-du-lieu.md: every table and column in Vietnamese, kept in step with the code."""
    from conftest import ROOT

    out = tmp_path / "tu-dien.md"
    result = cli("template", "--dictionary", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text == (ROOT / "docs" / "tu-dien-du-lieu.md").read_text(encoding="utf-8")
    assert "## Cán bộ (`staff`)" in text and "| Họ và tên | `full_name` | có |" in text
    assert "| Xếp loại năm YYYY | `rating_YYYY` |" in text
    assert cli("template", "--dictionary", "-o", tmp_path / "x.xlsx").exit_code == 1
