"""Hostile datasets (issue: no silent wrong result, no runaway input): what offices type is read as they
meant it or refused in one line that names the place; nothing is silently ignored; reading is bounded.

Every failing case checks the exit code, that stderr is one line per problem naming the place, and that
no traceback escaped (an exception the CLI does not handle shows as ``result.exception``)."""

import hashlib
import json
import shutil
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest
import yaml

from conftest import ROOT, SAMPLE
from vnpolicy import api
from vnpolicy.data.aliases import CODE_LISTS, FIELDS, TABLE_NAMES
from vnpolicy.data.writers import write_dataset

ON = "2025-12-01"
NQ12 = "laocai/nq12-2025"
MB = 1024 * 1024


def ok(result):
    assert result.exception is None, result.output
    assert result.exit_code == 0
    return result


def fails(result, *places):
    """Exit 1, no traceback, each stderr line one problem ('lỗi: ' or 'error: '), each place named."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("lỗi: ", "error: ")) for line in lines), lines
    for place in places:
        assert any(place in line for line in lines), (place, lines)
    return lines


def nq12(cli, path, *extra):
    """What NQ 12 says about a dataset: its totals and who it speaks about."""
    data = json.loads(ok(cli("assess", path, "--on", ON, "-p", NQ12, "-f", "json", *extra)).stdout)
    return data["totals"], sorted((r["staff_id"], r["outcome"], r["amount_vnd"]) for r in data["results"])


@pytest.fixture(scope="module")
def sample_nq12():
    """NQ 12 on the bundled sample, with the builtin plugins only (as conftest's autouse fixture sets)."""
    from typer.testing import CliRunner

    from vnpolicy.cli import app
    from vnpolicy.hooks import manager

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,daknong,vinhphuc,national")
        manager.registry.cache_clear()
        result = CliRunner().invoke(app, ["assess", str(SAMPLE), "--on", ON, "-p", NQ12, "-f", "json"])
        manager.registry.cache_clear()
    data = json.loads(result.stdout)
    return data["totals"], sorted((r["staff_id"], r["outcome"], r["amount_vnd"]) for r in data["results"])


def edit(path, old, new, count=-1):
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- codes typed as words ------------------------------------------------------------------------


def test_province_typed_as_its_name_is_the_province(cli, sample, sample_nq12):
    edit(sample / "units.csv", ",laocai,", ",Lào Cai,")
    edit(sample / "units.csv", ",daknong,", ",Đắk Nông,")
    edit(sample / "units.csv", ",lamdong,", ",Lâm Đồng,")
    ok(cli("validate", sample))
    totals, people = nq12(cli, sample)
    assert (totals, people) == sample_nq12 and totals[0]["eligible"] > 0


def test_other_codes_typed_as_words(cli, sample, sample_nq12):
    edit(sample / "units.csv", ",tinh,nha_nuoc,", ",Cấp tỉnh,Sở,")
    edit(sample / "units.csv", ",su_nghiep,", ",Đơn vị sự nghiệp,")
    edit(sample / "staff.csv", ",dai_hoc,cntt,", ",Kỹ sư,Công nghệ thông tin,")
    edit(sample / "staff.csv", ",vien_chuc,", ",Viên chức,")
    edit(sample / "staff.csv", ",thac_si,attt,", ",Thạc sĩ,An toàn thông tin,")
    assert nq12(cli, sample) == sample_nq12
    staff = api.dataset(sample).table("staff")
    assert staff.filter(staff["id"] == "L01")["education"].to_list() == ["dai_hoc"]


@pytest.mark.parametrize("typed, meant", [("Lao Cai Province", "laocai"), ("laokai", "laocai"), ("999", None)])
def test_a_province_not_known_is_refused_with_the_codes(cli, sample, typed, meant):
    edit(sample / "units.csv", ",laocai,", f",{typed},", 1)
    (line,) = fails(cli("validate", sample), "units.csv, dòng 2, cột province")
    assert f"gặp {typed!r}, cần một trong: angiang," in line and "laocai" in line
    assert f"có phải {meant!r}?" in line if meant else "có phải" not in line


def test_every_alias_reads_as_its_code():
    from vnpolicy.hooks.manager import registry

    reg_fields = {f"{t}.{n}": s for (t, n), s in registry().fields.items()}
    for lst, fields in FIELDS.items():
        for field in fields:
            spec = reg_fields[field.replace("rating_YYYY", "ratings")]
            assert set(spec.allowed) == set(CODE_LISTS[lst]), field
            for code, words in CODE_LISTS[lst].items():
                assert all(spec.coerce(w) == code for w in (code, *words)), (field, code)


def test_docs_list_every_alias():
    doc = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    for lst, codes in CODE_LISTS.items():
        for code, words in codes.items():
            assert all(w in doc for w in words), (lst, code)
    assert all(w in doc for words in TABLE_NAMES.values() for w in words)


# --- tables named in Vietnamese, unknown tables ----------------------------------------------------


def _workbook(tmp_path, rename):
    path = tmp_path / "d.xlsx"
    write_dataset(api.dataset(SAMPLE), path, "xlsx")
    book = openpyxl.load_workbook(path)
    for old, new in rename.items():
        book[old].title = new
    book.save(path)
    return path


def test_workbook_sheets_named_in_vietnamese(cli, tmp_path, sample_nq12):
    path = _workbook(tmp_path, {"systems": "Hệ thống", "assignments": "Phân công", "staff": "CÁN BỘ"})
    assert nq12(cli, path) == sample_nq12


def test_unknown_sheet_is_refused_with_a_suggestion(cli, tmp_path):
    path = _workbook(tmp_path, {"assignments": "Phan cong viec", "trainings": "Ghi chú"})
    (line,) = fails(cli("validate", path), "d.xlsx:Phan cong viec")
    assert "có phải 'Phân công'?" in line and "did you mean 'Phân công'?" in line


def test_csv_files_named_in_vietnamese(cli, sample, sample_nq12):
    for old, new in (("units", "Đơn vị"), ("staff", "Cán bộ"), ("systems", "he thong"), ("assignments", "Phân công")):
        (sample / f"{old}.csv").rename(sample / f"{new}.csv")
    (sample / "README.txt").write_text("not a table\n", encoding="utf-8")
    assert "bộ dữ liệu hợp lệ" in ok(cli("validate", sample)).stdout
    assert nq12(cli, sample) == sample_nq12


def test_unknown_csv_file_and_a_table_twice_are_refused(cli, sample):
    (sample / "assignments.csv").rename(sample / "asignments.csv")
    shutil.copy(sample / "staff.csv", sample / "Cán bộ.csv")
    lines = fails(
        cli("validate", sample), "asignments.csv: tệp 'asignments'", "staff.csv: bảng staff đã có ở Cán bộ.csv"
    )
    assert len(lines) == 2 and "có phải 'assignments'?" in lines[0]


def test_yaml_keys_in_vietnamese_and_unknown_keys(cli, tmp_path):
    data = {
        "Đơn vị": [{"id": "U1", "name": "Sở", "province": "Lào Cai", "level": "Tỉnh", "kind": "Sở"}],
        "Cán bộ": [{"id": "A", "full_name": "An", "unit_id": "U1", "employment": "Công chức"}],
    }
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "(units: 1, staff: 1)" in ok(cli("validate", path)).stdout
    path.write_text(yaml.safe_dump({**data, "sytems": []}, allow_unicode=True), encoding="utf-8")
    (line,) = fails(cli("validate", path), "d.yaml: bảng 'sytems'")
    assert "có phải 'systems'?" in line


# --- empty tables ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx", "yaml", "yaml-null", "json"])
def test_a_table_with_no_rows_is_valid(cli, tmp_path, form):
    if form == "csv":
        path = tmp_path / "d"
        path.mkdir()
        (path / "units.csv").write_text("id,name,province,level,kind\nU1,Sở,laocai,tinh,nha_nuoc\n", encoding="utf-8")
        (path / "staff.csv").write_text("id,full_name,unit_id,employment\n", encoding="utf-8")
        (path / "systems.csv").write_text("", encoding="utf-8")
    elif form == "xlsx":
        path = tmp_path / "d.xlsx"
        book = openpyxl.Workbook()
        book.active.title = "units"
        book["units"].append(["id", "name", "province", "level", "kind"])
        book["units"].append(["U1", "Sở", "laocai", "tinh", "nha_nuoc"])
        book.create_sheet("Cán bộ").append(["id", "full_name", "unit_id", "employment"])
        book.save(path)
    else:
        unit = {"id": "U1", "name": "Sở", "province": "laocai", "level": "tinh", "kind": "nha_nuoc"}
        path = tmp_path / f"d.{form[:4]}"
        if form == "json":
            path.write_text(json.dumps({"units": [unit], "staff": []}), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump({"units": [unit], "staff": [] if form == "yaml" else None}), "utf-8")
    assert "(units: 1)" in ok(cli("validate", path)).stdout
    ok(cli("assess", path, "--on", ON, "-p", NQ12))


# --- values checked for sense ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "file, old, new, place, words",
    [
        (
            "staff.csv",
            "01/03/2016,,15",
            "01/03/2016,01/03/2015,15",
            "staff.csv, dòng 3, cột end_date",
            "trước start_date",
        ),
        ("units.csv", ",01/07/2025,\n", ",01/07/2025,30/06/2025\n", "units.csv, dòng 12, cột end_date", "không trước"),
        (
            "assignments.csv",
            "L01,S01,15/01/2024,,",
            "L01,S01,15/01/2024,14/01/2024,",
            "assignments.csv, dòng 2",
            "trước",
        ),
        ("staff.csv", ",8,\n", ",-1,\n", "staff.csv, dòng 2, cột years_experience", "gặp '-1'"),
        ("staff.csv", ",8,\n", ",2.5,\n", "staff.csv, dòng 2, cột years_experience", "gặp '2.5', cần số nguyên"),
        ("staff.csv", ",8,\n", ",99999999999999999999999,\n", "cột years_experience", "cần số nguyên"),
        (
            "trainings.csv",
            "T01,vinhphuc,2024,cntt_co_ban,10,300",
            "T01,vinhphuc,2024,cntt_co_ban,10,-300",
            "cột participants",
            "-300",
        ),
        (
            "trainings.csv",
            "T01,vinhphuc,2024,",
            "T01,vinhphuc,20240,",
            "trainings.csv, dòng 2, cột year",
            "từ 1900 đến 2100",
        ),
        ("systems.csv", "LC-TTCNTT,3,", "LC-TTCNTT,6,", "systems.csv, dòng 2, cột security_level", "từ 1 đến 5"),
        ("systems.csv", "LC-TTCNTT,3,", "LC-TTCNTT,0,", "cột security_level", "gặp '0'"),
        ("indicators.csv", "community_tech_teams,1240", "community_tech_teams,-1240", "cột value", "gặp '-1240'"),
        ("staff.csv", "L02,Trần Thị Bình", "L01,Trần Thị Bình", "staff.csv, dòng 3, cột id", "bị trùng với dòng 2"),
        (
            "indicators.csv",
            "2024,community_tech_members,",
            "2024,community_tech_teams,",
            "dòng 3, cột indicator",
            "dòng 2",
        ),
        (
            "staff.csv",
            "L01,Nguyễn Văn An,LC-TTCNTT",
            "L01,Nguyễn Văn An,LC-XXX",
            "staff.csv, dòng 2, cột unit_id",
            "units.id",
        ),
        (
            "systems.csv",
            "S01,Hệ thống thông tin giải quyết thủ tục hành chính tỉnh,LC-TTCNTT",
            "S01,HT,NOWHERE",
            "cột owner_unit_id",
            "'NOWHERE'",
        ),
        ("assignments.csv", "L01,S01,", "L99,S01,", "assignments.csv, dòng 2, cột staff_id", "staff.id"),
        ("units.csv", "tp_laocai,LC-SKHCN,", "tp_laocai,LC-XX,", "units.csv, dòng 3, cột parent_id", "'LC-XX'"),
        ("units.csv", "tp_laocai,LC-SKHCN,", "tp_laocai,LC-TTCNTT,", "units.csv, dòng 3, cột parent_id", "một vòng"),
    ],
)
def test_values_are_checked_for_sense(cli, sample, file, old, new, place, words):
    edit(sample / file, old, new, 1)
    (line,) = fails(cli("validate", sample), place)
    assert words in line


def test_a_parent_loop_over_two_units(cli, sample):
    edit(
        sample / "units.csv",
        "LC-SKHCN,Sở Khoa học và Công nghệ tỉnh Lào Cai,laocai,,tinh,nha_nuoc,khac,,,tp_laocai,,",
        "LC-SKHCN,Sở Khoa học và Công nghệ tỉnh Lào Cai,laocai,,tinh,nha_nuoc,khac,,,tp_laocai,LC-TTCNTT,",
    )
    (line,) = fails(cli("validate", sample), "units.csv, dòng 2, cột parent_id")
    assert "LC-SKHCN → LC-TTCNTT → LC-SKHCN" in line


# --- YAML and JSON ---------------------------------------------------------------------------------

UNIT = "{id: U1, name: Sở, province: laocai, level: tinh, kind: nha_nuoc}"


@pytest.mark.parametrize("date", ["2026-13-01", "2026-02-30"])
def test_impossible_yaml_date_through_validate(cli, tmp_path, date):
    path = tmp_path / "d.yaml"
    staff = "- id: A\n  full_name: An\n  unit_id: U1\n  employment: cong_chuc\n  start_date: "
    path.write_text(f"units:\n- {UNIT}\nstaff:\n{staff}2026-01-01\n{staff}{date}\n", encoding="utf-8")
    (message,) = fails(cli("validate", path), "lỗi: d.yaml, dòng 13: ngày không có thật / impossible date")
    assert fails(cli("assess", path, "--on", ON)) == [message]


def test_yaml_merge_keys(cli, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "_chung: &chung {province: Lào Cai, level: tinh, kind: nha_nuoc}\n"
        "units:\n"
        "- {<<: *chung, id: U1, name: Sở A}\n"
        "- <<: *chung\n  id: U2\n  name: Sở B\n  kind: ubnd\n"
        "staff:\n"
        "- &a {id: A, full_name: An, unit_id: U1, employment: cong_chuc}\n"
        "- {<<: *a, id: B, full_name: Bình}\n",
        encoding="utf-8",
    )
    assert "(units: 2, staff: 2)" in ok(cli("validate", path)).stdout
    units = api.dataset(path).table("units")
    assert units["kind"].to_list() == ["nha_nuoc", "ubnd"] and units["province"].to_list() == ["laocai"] * 2
    path.write_text(path.read_text(encoding="utf-8") + "- {<<: [1, 2], id: C}\n", encoding="utf-8")
    fails(cli("validate", path), "d.yaml, dòng 11: << cần một ánh xạ")


@pytest.mark.parametrize(
    "text, place",
    [
        ('units: []\nstaff:\n- id: "a\x01b"\n', "d.yaml, dòng 3: YAML không đọc được / unreadable YAML: ký tự"),
        ("units: []\nstaff:\n- id: [A\n", "d.yaml, dòng 4: YAML không đọc được"),
        ("units: []\nstaff:\n- id: !!timestamp soon\n", "d.yaml, dòng 3: ngày không có thật"),
        ("units: []\nstaff:\n- id: !!python/object:os.system x\n", "d.yaml, dòng 3: YAML không đọc được"),
        ("units: []\nstaff: []\n---\nunits: []\n", "d.yaml, dòng 3: YAML không đọc được"),
        ("units: [{}]\nstaff: []\n", "d.yaml:units: thiếu cột bắt buộc id"),
        (
            "units: []\nstaff:\n- {id: A, full_name: {first: An}}\n",
            "d.yaml:staff, dòng 3, cột full_name: gặp một ánh xạ",
        ),
    ],
)
def test_every_yaml_error_is_one_line_with_its_line(cli, tmp_path, text, place):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    fails(cli("validate", path), place)


def _laughs(levels):
    lines = ["_a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"_a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines + [f"units: [*a{levels}]", "staff: []", ""])


def test_billion_laughs_is_refused_fast(tmp_path):
    path = tmp_path / "lol.yaml"
    path.write_text(_laughs(9), encoding="utf-8")
    start = time.monotonic()
    command = [sys.executable, "-c", "from vnpolicy.cli import main; main()", "validate", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=20)
    assert time.monotonic() - start < 20
    assert run.returncode == 1 and "Traceback" not in run.stderr
    (line,) = run.stderr.splitlines()
    assert line.startswith("lỗi: lol.yaml, dòng ") and "hơn 1000000 nút vượt giới hạn yaml_nodes=1000000" in line
    assert "--limit yaml_nodes=N" in line


def test_yaml_limits_through_the_flag(cli, tmp_path):
    path = tmp_path / "lol.yaml"
    path.write_text(_laughs(2), encoding="utf-8")  # 9 x 9 x 9 values in all
    fails(cli("validate", path, "--limit", "yaml_nodes=1000"), "lol.yaml, dòng 4: hơn 1000 nút", "yaml_nodes=1000")
    fails(cli("validate", path), "lol.yaml:units, dòng 3: bản ghi của bảng units phải là")  # within the limit
    path.write_text("units: [&x [*x]]\nstaff: []\n", encoding="utf-8")
    fails(cli("validate", path), "lol.yaml, dòng 1: bí danh *x nằm trong chính nó")
    path.write_text(f"units:\n- {UNIT}\nstaff: []\n_deep: {'[' * 150}{']' * 150}\n", encoding="utf-8")
    fails(cli("validate", path), "lol.yaml, dòng 4: lồng sâu hơn 100 mức vượt giới hạn depth=100")
    ok(cli("validate", path, "--limit", "depth=200"))


def test_yaml_and_json_keys_written_twice(cli, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(f"units:\n- {UNIT}\nstaff:\n- id: A\n  full_name: An\n  id: B\n", encoding="utf-8")
    fails(cli("validate", path), "d.yaml, dòng 6: khoá 'id' viết hai lần (dòng 4 và 6)")
    path = tmp_path / "d.json"
    path.write_text('{"units": [], "staff": [{"id": "A", "full_name": "An", "id": "B"}]}', encoding="utf-8")
    fails(cli("validate", path), "d.json: JSON không đọc được: khoá 'id' viết hai lần")


def test_json_nested_too_deep_and_numbers_too_long(cli, tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{"units": ' + "[" * 100000 + "]" * 100000 + "}", encoding="utf-8")
    fails(cli("validate", path), "d.json: lồng quá sâu vượt giới hạn depth=100")
    path.write_text('{"units": ' + "[" * 150 + "]" * 150 + ', "staff": []}', encoding="utf-8")
    fails(cli("validate", path), "d.json: lồng sâu hơn 100 mức")
    path.write_text('{"units": [{"id": "U1", "name": 1' + "0" * 5000 + "}]}", encoding="utf-8")
    fails(cli("validate", path), "d.json: JSON không đọc được")


# --- size and row limits -----------------------------------------------------------------------------


def test_rows_over_the_limit_and_then_raised(cli, sample):
    fails(cli("assess", sample, "--on", ON, "--limit", "rows=20"), "assignments.csv: hơn 20 dòng", "--limit rows=N")
    ok(cli("assess", sample, "--on", ON, "-p", NQ12, "--limit", "rows=60"))


@pytest.mark.parametrize("form", ["xlsx", "yaml", "json"])
def test_rows_limit_in_every_form(cli, tmp_path, form):
    path = tmp_path / f"d.{form}"
    write_dataset(api.dataset(SAMPLE), path, form)
    place = {"xlsx": "d.xlsx:staff", "yaml": "d.yaml:staff", "json": "d.json:staff"}[form]
    fails(cli("validate", path, "--limit", "rows=57"), f"{place}: hơn 57 dòng vượt giới hạn rows=57")
    ok(cli("validate", path, "--limit", "rows=58"))


def test_a_file_over_the_size_limit(cli, sample):
    with open(sample / "units.csv", "a", encoding="utf-8") as f:
        f.write("\n" * (MB + 10))
    fails(cli("validate", sample, "--limit", "csv_mb=1"), "units.csv: 2 MB vượt giới hạn csv_mb=1")
    ok(cli("validate", sample))


def test_an_unknown_limit_is_refused(cli):
    (line,) = fails(cli("validate", SAMPLE, "--limit", "row=5"))
    assert "--limit 'row=5': không có giới hạn 'row'" in line and "có phải 'rows'?" in line
    fails(cli("assess", SAMPLE, "--limit", "rows=lots"), "--limit 'rows=lots': cần rows=")


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(cli, tmp_path):
    good = tmp_path / "good.xlsx"
    write_dataset(api.dataset(SAMPLE), good, "xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>", 1)
                with out.open(info.filename, "w", force_zip64=True) as f:
                    f.write(head + b"<sheetData>")
                    for _ in range(40):
                        f.write(b" " * MB)
                    f.write(tail)
            else:
                out.writestr(info, data)
    assert bomb.stat().st_size < MB
    start = time.monotonic()
    fails(cli("validate", bomb), "bomb.xlsx: phần xl/worksheets/sheet1.xml nở", "--limit xlsx_ratio=N")
    fails(cli("validate", bomb, "--limit", "xlsx_mb=30", "--limit", "xlsx_ratio=5000"), "bomb.xlsx: giải nén ra 4")
    assert time.monotonic() - start < 5
    fails(cli("validate", tmp_path / "nowhere.xlsx"))
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 nothing")
    fails(cli("validate", tmp_path / "not.xlsx"), "not.xlsx: không mở được tệp Excel")


# --- a run never changes its input -------------------------------------------------------------------


def _hashes(path):
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_dataset_is_never_modified(cli, tmp_path, sample, form):
    path = sample if form == "csv" else _workbook(tmp_path, {"staff": "Cán bộ"})
    before = _hashes(path)
    ok(cli("assess", path, "--on", ON, "-p", NQ12, "-f", "json"))
    ok(cli("validate", path))
    assert _hashes(path) == before
