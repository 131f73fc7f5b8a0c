"""The real CLI through typer's runner: exit codes and the words a user sees."""

import json

import jsonschema
import polars as pl

from conftest import ROOT, SAMPLE
from vnpolicy.rules.policy import shipped_schema


def test_assess_json_follows_the_results_contract(cli):
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, shipped_schema("results.schema.json"))
    assert data["as_of"] == "2025-12-01" and data["mode"] == "jurisdiction"
    totals = {t["policy"]: t for t in data["totals"]}
    assert totals["laocai/nq12-2025"] == {
        "policy": "laocai/nq12-2025",
        "monthly_vnd": 39600000,
        "monthly_unapproved_vnd": 3600000,  # L06, on S04 whose level is not approved (cap_do_chua_phe_duyet)
        "eligible": 12,
        "paid": 10,
        "unknown": 0,
    }
    by_id = {r["staff_id"]: r for r in data["results"] if r["policy"] == "laocai/nq12-2025"}
    expected = {
        "L01": ("eligible", "nhom_1", 5400000),
        "L02": ("not_eligible", None, None),  # a concurrent leader: lanh_dao_nhom_1 = chuyen_trach
        "L03": ("eligible", "nhom_1", 0),
        "L04": ("eligible", "nhom_1", 5400000),
        "L05": ("eligible", "nhom_2", 3600000),
        "L06": ("eligible", "nhom_2", 3600000),
        "L07": ("eligible", "nhom_2", 0),
        "L08": ("eligible", "nhom_2", 3600000),
        "L09": ("eligible", "nhom_3", 900000),
        "L10": ("not_eligible", None, None),
        "L11": ("not_eligible", None, None),
        "L12": ("not_eligible", None, None),
        "L13": ("not_eligible", None, None),
        "L14": ("not_eligible", None, None),
        "L15": ("not_eligible", None, None),
        "L16": ("eligible", "nhom_1", 5400000),
        "L17": ("not_eligible", None, None),
        "L18": ("eligible", "nhom_1", 5400000),
        "L20": ("not_eligible", None, None),
        "L22": ("eligible", "nhom_3", 900000),
        "L23": ("not_eligible", None, None),
        "L24": ("not_eligible", None, None),
        "L25": ("not_eligible", None, None),
        "L26": ("eligible", "nhom_1", 5400000),
        "L27": ("not_eligible", None, None),  # a concurrent leader on a level-3 system of her own
        "L28": ("not_eligible", None, None),  # a commune-level public service unit: pham_vi_su_nghiep = cap_tinh
    }
    assert {k: (r["outcome"], r["group"], r["amount_vnd"]) for k, r in by_id.items()} == expected
    assert all(reason["citation"] for r in data["results"] for reason in r["reasons"])
    assert by_id["L09"]["assumptions"] and not by_id["L01"]["assumptions"]
    # each result names the readings it depends on: those whose other alternatives would change it
    assert by_id["L02"]["readings"] == ["lanh_dao_nhom_1=chuyen_trach"] and by_id["L01"]["readings"] == [
        "chua_huong_nd179=ca_hai_du_dieu_kien"  # eligible under Nghị định 179 too
    ]
    assert by_id["L28"]["readings"] == ["pham_vi_su_nghiep=cap_tinh"]
    assert by_id["L06"]["readings"] == ["cap_do_chua_phe_duyet=van_chi_tra", "chua_huong_nd179=ca_hai_du_dieu_kien"]
    policies = {p["id"]: p for p in data["policies"]}
    assert policies["laocai/nq12-2025"]["readings"] == {
        "lanh_dao_nhom_1": "chuyen_trach",
        "pham_vi_su_nghiep": "cap_tinh",
        "cap_do_chua_phe_duyet": "van_chi_tra",
        "vuot_tran_he_thong_khac": "khong_chi_tra",
        "chua_huong_nd179": "ca_hai_du_dieu_kien",
        "cap_do_3_tro_len": "tro_len",
        "dung_chuyen_nganh": "cntt_attt_dtvt",
        "nam_truoc_lien_ke": "nam_duong_lich",
    }
    assert by_id["L03"]["readings"] == [
        "dung_chuyen_nganh=cntt_attt_dtvt",  # an electronics-telecoms graduate
        "vuot_tran_he_thong_khac=khong_chi_tra",  # over S01's cap, also on S13
        "chua_huong_nd179=ca_hai_du_dieu_kien",
    ]
    findings = {(f["code"], f["id"]) for f in data["findings"] if f["policy"] == "laocai/nq12-2025"}
    # eligible under NQ 12 and under Nghị định 179 on assessment: must choose (NQ 12 declares not_together)
    choose = {("phai_chon_mot", i) for i in ("L01", "L03", "L04", "L05", "L06", "L07", "L08", "L16", "L18", "L26")}
    assert choose <= findings
    assert findings - choose == {
        ("cap_exceeded", "S01"),
        ("cap_exceeded", "S04"),
        ("dossier_missing", "L06"),
        ("dossier_missing", "L07"),
        ("dossier_missing", "L22"),
    }
    assert all(f["citation"] for f in data["findings"])


def test_assess_table_in_vietnamese(cli):
    result = cli("assess", SAMPLE, "--on", "2025-12-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "L01  Nguyễn Văn An" in out and "5.400.000 đ" in out
    assert "Tổng: 12 người đủ điều kiện, 10 người được chi trả, 39.600.000 đ/tháng" in out
    assert "[cap_exceeded] S01" in out and "không được hưởng: L03" in out


def test_assess_english(cli):
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "--lang", "en")
    assert "Total: 12 eligible, 10 paid, 39,600,000 VND a month" in result.stdout
    assert "Excluded: already receives support under Nghị định 179/2025/NĐ-CP" in result.stdout


def test_assess_before_the_policy_is_in_force(cli):
    result = cli("assess", SAMPLE, "--on", "2025-06-30", "-p", "laocai/nq12-2025", "-f", "json")
    data = json.loads(result.stdout)
    assert data["policies"][0]["in_force"] is False and data["results"] == [] and data["totals"] == []


def test_assess_csv_to_file(cli, tmp_path):
    out = tmp_path / "r.csv"
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "-f", "csv", "-o", out)
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert (
        lines[0]
        == "policy,staff_id,full_name,unit_id,outcome,group,amount_vnd,amount_period,paid,decision,assumptions,readings"
    )
    assert any(
        text.startswith("laocai/nq12-2025,L13,Mai Văn Phúc,LC-STC,not_eligible,,,,false,Thuộc trường hợp loại trừ")
        for text in lines
    )


def test_bad_dataset_one_line_no_traceback_nothing_written(cli, sample, tmp_path):
    text = (
        (sample / "systems.csv")
        .read_text(encoding="utf-8-sig")
        .replace(
            "S03,Hệ thống quản lý văn bản và điều hành,LC-SKHCN,2",
            "S03,Hệ thống quản lý văn bản và điều hành,LC-SKHCN,hai",
        )
    )
    (sample / "systems.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "r.json"
    result = cli("assess", sample, "--on", "2025-12-01", "-f", "json", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == "lỗi: systems.csv, dòng 4, cột security_level: gặp 'hai', cần số nguyên từ 1 đến 5\n"
    assert "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob(".r.json*"))


def test_explain_says_why_in_vietnamese(cli):
    result = cli("explain", SAMPLE, "L14", "--on", "2025-12-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "Trịnh Thị Quỳnh (L14)" in out
    assert "Kết quả: không đủ điều kiện" in out
    assert "Lý do quyết định: Trình độ đại học trở lên, đúng chuyên ngành (như nhóm 1): không đạt" in out
    assert "✗ Trình độ đại học trở lên, đúng chuyên ngành: không đạt" in out
    assert "dữ liệu: education = cao_dang, major = cntt" in out
    assert "(Nghị quyết 12/NQ-HĐND, nhóm 1)" in out


def test_explain_cap_and_outside_territory(cli):
    out = cli("explain", SAMPLE, "L03", "--on", "2025-12-01").stdout
    assert "vượt số người tối đa" in out and "S01: thứ 3/3, tối đa 2" in out
    assert "không được hưởng: L03" in out
    out = cli("explain", SAMPLE, "D01", "--on", "2025-12-01").stdout
    assert "ngoài địa bàn laocai" in out


def test_explain_unknown_staff(cli):
    result = cli("explain", SAMPLE, "ZZ9", "--on", "2025-12-01")
    assert result.exit_code == 1 and "không có cán bộ mã 'ZZ9'" in result.stderr


def test_policies_and_unknown_policy(cli):
    result = cli("policies")
    assert result.exit_code == 0
    assert "laocai/nq12-2025\tChính sách đãi ngộ" in result.stdout and "2025-07-01 → nay" in result.stdout
    assert "(không có số hiệu) (không rõ ngày, Tỉnh Lào Cai" in result.stdout
    assert "2022-08-24 (ngày chưa rõ, tạm coi) → nay" in result.stdout
    result = cli("assess", SAMPLE, "--policy", "laocai/nq99")
    assert result.exit_code == 1 and "không có chính sách 'laocai/nq99'" in result.stderr


def test_validate(cli, tmp_path):
    result = cli("validate")
    assert (
        result.exit_code == 0 and "chính sách laocai/nq12-2025 (8 cách hiểu, 0 mục không kiểm tra được" in result.stdout
    )
    # no bundled policy has a reading note without declared alternatives; one that has is named: declare it
    assert "chưa khai báo phương án" not in result.stdout
    text = (ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8")
    noted = tmp_path / "noted.yaml"
    marker = "    citation: Nghị quyết 12/NQ-HĐND, nhóm 1 (hoàn thành tốt nhiệm vụ trở lên)\n"
    noted.write_text(text.replace(marker, marker + "    reading: Năm dương lịch trước.\n"), encoding="utf-8")
    result = cli("validate", noted)
    assert result.exit_code == 0 and "chưa khai báo phương án (readings): min_rating" in result.stdout
    result = cli("validate", SAMPLE, ROOT / "policies" / "laocai" / "nq12-2025.yaml")
    assert result.exit_code == 0
    assert "bộ dữ liệu hợp lệ (units: 24, staff: 58" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (ROOT / "policies" / "laocai" / "nq12-2025.yaml")
        .read_text(encoding="utf-8")
        .replace("when: receives_nd179", "when: receives_nd179 == 1"),
        encoding="utf-8",
    )
    result = cli("validate", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"lỗi: {bad}:")
    assert "không so sánh được đúng/sai (receives_nd179) với số nguyên" in result.stderr


def test_plugins_lists_hooks(cli):
    out = cli("plugins").stdout
    assert "vnpolicy.builtin: vnpolicy_dataset_fields, vnpolicy_derived_fields, vnpolicy_expression_functions" in out
    assert "vnpolicy.plugins.laocai: vnpolicy_policy_files" in out


def test_test_command_runs_yaml_cases(cli):
    # every case runs in test_cases.py; here the command itself, on a folder and a file
    result = cli("test", ROOT / "tests" / "cases" / "national", ROOT / "tests" / "cases" / "vinhphuc" / "cds-2025.yaml")
    assert result.exit_code == 0 and result.stdout.strip().endswith(" passed, 0 failed")
    assert int(result.stdout.split()[-4]) >= 10


def test_generate_then_assess(cli, tmp_path):
    result = cli("generate", tmp_path / "g.xlsx", "--staff", "300", "--form", "xlsx")
    assert result.exit_code == 0
    result = cli("assess", tmp_path / "g.xlsx", "--on", "2025-12-01", "-f", "json")
    data = json.loads(result.stdout)
    totals = {t["policy"]: t for t in data["totals"]}
    assert totals["laocai/nq12-2025"]["eligible"] > 0


def test_generate_any_seed_writes_typed_columns(cli, tmp_path):
    """Seed 21 of 100 staff once made the assignments' decision (text or empty) a column of Python objects,
    which polars cannot write: an internal error; seed 9 of 5,000 the staff's 2025 rating (its first person
    without one). Every column of several seeds is typed, and those two write."""
    from vnpolicy.data import synth

    for staff, seed in [(300, s) for s in (15, 18, 21, 22, 25)] + [(5000, 9)]:
        tables = synth.generate(staff, seed)
        assert all(kind != pl.Object for t in tables.values() for kind in t.schema.values()), (staff, seed)
    result = cli("generate", tmp_path / "g", "--staff", "100", "--seed", "21")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / "assignments.csv").read_text(encoding="utf-8").count("QĐ") > 0
    result = cli("generate", tmp_path / "h", "--staff", "5000", "--seed", "9")
    assert result.exit_code == 0, result.output
    ratings = pl.read_csv(tmp_path / "h" / "staff.csv", infer_schema=False)["rating_2025"]
    assert (
        ratings[0] is None and ratings.drop_nulls().is_in(["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]).all()
    )


def test_bad_options(cli):
    result = cli("assess", SAMPLE, "--on", "31/13/2025")  # a value typed by a person: one line, exit 1
    assert result.exit_code == 1
    assert result.output == "lỗi: --on '31/13/2025': cần ngày yyyy-mm-dd hoặc dd/mm/yyyy / expected a date\n"
    assert cli("assess", SAMPLE, "-f", "pdf").exit_code == 2  # not an option's choice: the parser's usage error


def test_policy_file_with_derived_fields(cli, tmp_path):
    """A policy given on the command line, reading fields the bundled one does not (english_cefr from
    english, unit_locality, max_security_level)."""
    path = tmp_path / "p.yaml"
    path.write_text(
        """\
id: laocai/thu-2025
title: Thử
document: {number: '1', type: khac, issuer: Thử, date: 2025-01-01}
jurisdiction: {province: laocai}
in_force: {from: 2025-01-01}
applies_to: {when: "it_role == 'chuyen_trach'", citation: Điều 1}
parameters:
  amount: {description: Mức, unit: vnd_per_month, values: {2025-01-01: 100000}}
rules:
  - id: muc
    kind: tiers
    citation: Điều 2
    tiers:
      - group: co
        amount: amount
        conditions:
          - {id: tieng_anh, when: "english_cefr >= 'a2'", message: Tiếng Anh A2 trở lên}
          - {id: noi, when: "unit_locality == 'tp_laocai' and max_security_level >= 3", message: "Thành phố, cấp độ 3"}
""",
        encoding="utf-8",
    )
    result = cli(
        "assess", SAMPLE, "--on", "2025-12-01", "--policy-file", path, "--policy", "laocai/thu-2025", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    got = {r["staff_id"]: r["outcome"] for r in json.loads(result.stdout)["results"]}
    # L01: english b (A2), tp_laocai, S01 level 3; L03: a2, S01; L04: c (B1), S02 level 4; L06: english a (A1)
    assert got["L01"] == got["L03"] == got["L04"] == "eligible"
    assert got["L06"] == "not_eligible" and got["L18"] == "not_eligible"  # L18: tp_yenbai
