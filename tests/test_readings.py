"""Readings: declared where a source is open, listed, costed on a dataset, switched on the command line,
named by every result that depends on one; the README's counts follow the policies."""

import json
import re

from conftest import ROOT, SAMPLE
from vnpolicy import api
from vnpolicy.rules.readings import openness


def test_readings_listed_with_question_alternatives_and_choice(cli):
    out = cli("readings", "laocai/nq12-2025").stdout
    assert "== laocai/nq12-2025" in out and "8 cách hiểu" in out
    assert " * chuyen_trach (đã chọn): Lãnh đạo cũng phải chuyên trách CNTT [nhom_1_moi_lanh_dao = false]" in out
    assert "   moi_lanh_dao: Mọi lãnh đạo quản lý" in out and "Vì sao chọn:" in out
    assert "(Nghị quyết 12/NQ-HĐND, nhóm 1)" in out


def test_readings_on_a_dataset_say_who_changes_and_what_it_costs(cli):
    out = cli("readings", "laocai/nq12-2025", "--data", SAMPLE, "--on", "2025-12-01").stdout
    assert "→ moi_lanh_dao: 3 người thay đổi; chi phí +5.400.000 đ/tháng, 0 đ một lần" in out
    assert "L27 Trịnh Thị Hoa: không đủ điều kiện → đủ điều kiện nhom_1 5.400.000 đ/tháng" in out
    assert "→ moi_cap: 1 người thay đổi; chi phí +900.000 đ/tháng" in out  # L28, a commune public service unit
    assert "→ cho_phe_duyet: 2 người thay đổi; chi phí -3.600.000 đ/tháng" in out
    assert "→ xet_nhom_duoi: 1 người thay đổi; chi phí +3.600.000 đ/tháng" in out  # L03 tried on S13
    assert "→ uu_tien_nd179:" in out and "− phát hiện [phai_chon_mot] L01" in out
    data = json.loads(cli("readings", "daknong/qd02-2017", "--data", SAMPLE, "--on", "2025-12-31", "-f", "json").stdout)
    (entry,) = data
    assert [r["id"] for r in entry["readings"]] == [
        "loai_can_bo",
        "co_quan_dang_mat_tran",
        "chuyen_nganh_cntt",
        "trinh_do_b",
        "ap_dung_cho_nguoi_dang_lam",
        "don_vi_phai_phan_cong",
        "don_vi_thay_nguoi",
    ]
    added = {
        f["id"] for a in entry["alternatives"] if a["alternative"] == "ca_xa_va_su_nghiep" for f in a["findings_added"]
    }
    assert "LD-GIANGHIA" in added  # a commune without a qualified officer, under the other alternative


def test_another_alternative_on_the_command_line(cli):
    base = json.loads(cli("assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "-f", "json").stdout)
    other = json.loads(
        cli(
            "assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "-f", "json",
            "--reading", "laocai/nq12-2025.lanh_dao_nhom_1=moi_lanh_dao",
        ).stdout
    )  # fmt: skip
    row = lambda d, i: next(r for r in d["results"] if r["staff_id"] == i)  # noqa: E731
    assert (row(base, "L27")["outcome"], row(other, "L27")["outcome"]) == ("not_eligible", "eligible")
    assert row(other, "L27")["readings"] == ["lanh_dao_nhom_1=moi_lanh_dao"]
    assert other["policies"][0]["readings"]["lanh_dao_nhom_1"] == "moi_lanh_dao"
    assert other["totals"][0]["monthly_vnd"] - base["totals"][0]["monthly_vnd"] == 5_400_000


def test_a_mistyped_reading_is_one_line_with_a_suggestion(cli):
    for option, said in (
        ("laocai/nq12-2025.lanh_dao=moi_lanh_dao", "không có cách hiểu 'lanh_dao' (có phải 'lanh_dao_nhom_1'?)"),
        ("laocai/nq12-2025.lanh_dao_nhom_1=moi", "không có phương án 'moi'; có: chuyen_trach, moi_lanh_dao"),
        ("nq12.lanh_dao_nhom_1=x", "không có chính sách 'nq12'"),
        ("laocai/nq12-2025", "cần dạng CHÍNH_SÁCH.CÁCH_HIỂU=PHƯƠNG_ÁN"),
    ):
        result = cli("assess", SAMPLE, "--reading", option)
        assert result.exit_code == 1 and said in result.stderr and len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_explain_names_the_reading_and_its_other_alternatives(cli):
    out = cli("explain", SAMPLE, "L02", "--on", "2025-12-01", "-p", "laocai/nq12-2025").stdout
    assert "Cách hiểu lanh_dao_nhom_1 = chuyen_trach:" in out and "Kết quả sẽ khác nếu chọn moi_lanh_dao" in out


def test_a_chosen_alternative_that_disagrees_with_the_policy_is_an_error(tmp_path, cli):
    text = (ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "p.yaml"
    bad.write_text(text.replace("    chosen: chuyen_trach", "    chosen: moi_lanh_dao"), encoding="utf-8")
    result = cli("validate", bad)
    assert result.exit_code == 1 and "parameters.nhom_1_moi_lanh_dao" in result.stderr
    assert "khác cách hiểu đã chọn lanh_dao_nhom_1=moi_lanh_dao" in result.stderr
    bad.write_text(text.replace("parameters: {su_nghiep_levels: [tinh, huyen, xa]}", "parameters: {su_nghiep: [xa]}"))
    result = cli("validate", bad)
    assert result.exit_code == 1 and "không có tham số 'su_nghiep' (có phải 'su_nghiep_levels'?)" in result.stderr
    assert re.search(r"p\.yaml:\d+: readings\.pham_vi_su_nghiep", result.stderr)


def test_the_readme_counts_readings_and_unchecked_items_per_policy():
    rows = re.findall(
        r"^\| `([a-z0-9_]+/[a-z0-9_.\-]+)` \|.*\| (\d+) \| (\d+) \|$", (ROOT / "README.md").read_text(), re.M
    )
    policies = {p.id: p for p in api.policies()}
    assert {r[0] for r in rows} == set(policies)
    for pid, count, unchecked in rows:
        o = openness(policies[pid])
        assert (o["readings"], o["unchecked"]) == (int(count), int(unchecked)), pid


def test_a_reform_on_a_policy_read_another_way_keeps_the_reading(cli, tmp_path):
    """--reading and --set together: the reform applies to the policy as written, read the same way."""
    out = tmp_path / "c.csv"
    result = cli(
        "compare", SAMPLE, "--on", "2025-12-01", "--provinces", "laocai", "-o", out,
        "--reading", "laocai/nq12-2025.pham_vi_su_nghiep=moi_cap", "--set", "laocai/nq12-2025.max_paid_level_3=3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in out.read_text(encoding="utf-8-sig").splitlines()]
    header = rows[0]
    pick = {(r[header.index("scenario")], r[header.index("staff_id")]): r for r in rows[1:] if "nq12" in r[2]}
    for scenario in ("baseline", "reform"):
        l28 = pick[(scenario, "L28")]
        assert l28[header.index("outcome")] == "eligible" and l28[-1] == "pham_vi_su_nghiep=moi_cap", scenario
    assert pick[("reform", "L03")][header.index("amount_vnd")] == "5400000"  # the reform: 3 paid per system


def test_a_cap_moving_people_to_a_lower_group_must_come_before_that_group_s_cap(tmp_path, cli):
    text = (ROOT / "tests" / "policies" / "cap-lower-unknown.yaml").read_text(encoding="utf-8")
    later_cap = (
        "  - id: toi_da_cap_2\n    kind: cap\n    groups: [nhom_2]\n    systems: security_level == 2\n"
        "    max: toi_da\n    citation: Thử, Điều 3\n    message: Trong số tối đa của hệ thống cấp độ 2\n"
    )
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(text + later_cap, encoding="utf-8")
    assert cli("validate", good).exit_code == 0
    head, cap3 = text.split("  - id: toi_da_cap_3\n")
    bad.write_text(head + later_cap + "  - id: toi_da_cap_3\n" + cap3, encoding="utf-8")
    result = cli("validate", bad)
    assert result.exit_code == 1
    line = len((head + later_cap).splitlines()) + 2 + cap3.splitlines().index("    over_cap: lower_group")
    assert f"bad.yaml:{line}: rules[2].over_cap: quy tắc 'toi_da_cap_3'" in result.stderr
    assert "phải đứng trước quy tắc 'toi_da_cap_2'" in result.stderr


def test_an_expression_is_compiled_once_a_policy_and_a_variant_under_its_own_parameters():
    import datetime as dt

    import polars as pl

    from vnpolicy.rules.readings import variant

    on, text = dt.date(2025, 12, 1), "major in accepted_majors"
    nq12 = api.policies(["laocai/nq12-2025"])[0]
    first = nq12.compile(text, on)
    assert nq12.compile(text, on) is first
    narrow = variant(nq12, "dung_chuyen_nganh", "chi_cntt")  # IT and informatics only: not information security
    frame = pl.DataFrame({"major": ["attt", "cntt"]})
    assert frame.select(first.expr).to_series().to_list() == [True, True]
    assert frame.select(narrow.compile(text, on).expr).to_series().to_list() == [False, True]
