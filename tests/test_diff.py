"""``vnpolicy diff OLD NEW``: two versions of NQ 12 — the installed policy and an edited copy — in words, and on
the sample dataset who changes and what it costs, checked against ``vnpolicy assess`` of each version."""

import json
import re

import pytest

from conftest import ROOT, SAMPLE

NQ12 = "laocai/nq12-2025"
ADDED_RULE = """
  - id: chua_co_tieng_anh
    kind: flags
    citation: Dự thảo sửa đổi Nghị quyết 12
    flags:
      - code: thieu_tieng_anh
        when: outcome == 'eligible' and not known(english)
        message: chưa có trình độ tiếng Anh trong bộ dữ liệu
"""
EXPECTED = [
    "tham số amount_nhom_1: từ 01/07/2025 5.400.000 đ → 6.000.000 đ/tháng",
    "tham số amount_nhom_3: từ 01/01/2026 900.000 đ → 1.500.000 đ/tháng",
    "tham số accepted_majors: từ 01/07/2025 [cntt, tin_hoc, attt, dtvt] → [cntt, tin_hoc]",
    "thêm tham số nhom_3_trinh_do_moi: từ 01/07/2025 cao_dang",
    "cách hiểu dung_chuyen_nganh: phương án đã chọn cntt_attt_dtvt → chi_cntt (Chỉ công nghệ thông tin và tin học)",
    "quy tắc nhom_ho_tro, nhóm nhom_3, điều kiện trinh_do: `education >= nhom_3_min_education and major in "
    "nhom_3_accepted_majors` → `education >= nhom_3_trinh_do_moi and major in nhom_3_accepted_majors`",
    "bỏ quy tắc toi_da_cap_do_1_2 (cap)",
    "thêm quy tắc chua_co_tieng_anh (flags)",
]


def _edit(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A copy of NQ 12 with a changed amount, a new dated value, a changed condition (and the parameter it
    reads), another reading chosen (and its parameter's value), a rule removed and one added."""
    text = (ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8")
    text = _edit(text, "      2025-07-01: 5400000\n", "      2025-07-01: 6000000\n")
    text = _edit(text, "      2025-07-01: 900000\n", "      2025-07-01: 900000\n      2026-01-01: 1500000\n")
    text = _edit(
        text,
        "when: education >= nhom_3_min_education and major",
        "when: education >= nhom_3_trinh_do_moi and major",
    )
    text = _edit(
        text,
        "  nhom_3_accepted_majors:\n",
        "  nhom_3_trinh_do_moi:\n    description: Trình độ tối thiểu mới của nhóm 3\n    unit: code\n"
        "    values:\n      2025-07-01: cao_dang\n  nhom_3_accepted_majors:\n",
    )
    text = _edit(
        text,
        "      2025-07-01: [cntt, tin_hoc, attt, dtvt]\n  min_rating:",
        "      2025-07-01: [cntt, tin_hoc]\n  min_rating:",
    )
    text = _edit(text, "    chosen: cntt_attt_dtvt\n", "    chosen: chi_cntt\n")
    start, end = text.index("  - id: toi_da_cap_do_1_2\n"), text.index("  # --- Hồ sơ điện tử")
    text = text[:start] + text[end:] + ADDED_RULE
    path = tmp_path_factory.mktemp("diff") / "nq12-sua.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_changes_in_words(cli, edited):
    result = cli("diff", NQ12, edited)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"== {NQ12}: {NQ12} → {edited}"
    assert lines[1:] == EXPECTED  # each change once, nothing else
    backwards = cli("diff", edited, NQ12).stdout
    assert "tham số amount_nhom_1: từ 01/07/2025 6.000.000 đ → 5.400.000 đ/tháng" in backwards
    assert "thêm quy tắc toi_da_cap_do_1_2 (cap)" in backwards and "bỏ quy tắc chua_co_tieng_anh (flags)" in backwards


def test_the_changes_in_english(cli, edited):
    out = cli("diff", NQ12, edited, "--lang", "en").stdout
    assert "parameter amount_nhom_3: from 01/01/2026 900,000 VND → 1,500,000 VND a month" in out
    assert "rule nhom_ho_tro, tier nhom_3, condition trinh_do: `education >= nhom_3_min_education" in out
    assert "reading dung_chuyen_nganh: chosen alternative cntt_attt_dtvt → chi_cntt (IT and informatics only)" in out
    assert "removed rule toi_da_cap_do_1_2 (cap)" in out and "added rule chua_co_tieng_anh (flags)" in out


def test_two_copies_of_one_policy_do_not_differ(cli, tmp_path):
    copy = tmp_path / "nq12.yaml"
    copy.write_text((ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("diff", copy, NQ12)
    assert result.exit_code == 0 and result.stdout.splitlines()[1:] == ["không có khác biệt"]


def _assess(cli, *extra, on="2025-12-01"):
    """``vnpolicy assess`` of NQ 12 as a table: each person's line up to the reason, and the monthly total."""
    out = cli("assess", SAMPLE, "--on", on, "-p", NQ12, *extra)
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Mã "))
    cut = header.index("Lý do")
    people = {line.split()[0]: " ".join(line[:cut].split()) for line in lines if re.match(r"L\d\d ", line)}
    total = next(line for line in lines if line.startswith("Tổng: "))
    return people, int(re.search(r"([\d.]+) đ/tháng", total).group(1).replace(".", ""))


def test_on_the_sample_who_changes_and_the_cost_as_assess_gives_them(cli, edited):
    (before, paid_before), (after, paid_after) = _assess(cli), _assess(cli, "--policy-file", edited)
    changed = sorted(i for i in before.keys() | after.keys() if before.get(i) != after.get(i))
    assert paid_after - paid_before == 600_000 and changed == ["L01", "L03", "L04", "L07", "L16", "L18", "L26"]

    out = cli("diff", NQ12, edited, "--data", SAMPLE, "--on", "2025-12-01").stdout
    assert "Trên bộ dữ liệu" in out and "ngày 01/12/2025" in out
    assert "chi phí: 39.600.000 đ → 40.200.000 đ/tháng (+600.000 đ)" in out
    assert f"{len(changed)} người thay đổi:" in out
    # L01: nhom_1's amount; L18: attt is no longer the right field; L03, over S01's cap, drops out (attt) and
    # L07 is paid once the level-1/2 cap is removed
    assert "L01 Nguyễn Văn An: đủ điều kiện nhom_1 5.400.000 đ/tháng → đủ điều kiện nhom_1 6.000.000 đ/tháng" in out
    assert "L18 Kiều Thị Uyên: đủ điều kiện nhom_1 5.400.000 đ/tháng → không đủ điều kiện" in out
    assert "L07 Đặng Văn Hùng: đủ điều kiện nhom_2 0 đ/tháng (không được chi trả) → đủ điều kiện nhom_2" in out
    assert "− phát hiện [cap_exceeded] S04" in out  # the cap removed: S04 is no longer over it

    data = json.loads(cli("diff", NQ12, edited, "--data", SAMPLE, "--on", "2025-12-01", "-f", "json").stdout)
    assert data["policy"] == NQ12 and [c["text"] for c in data["changes"]] == EXPECTED
    assert data["data"]["cost"] == {"monthly_vnd": paid_after - paid_before, "one_time_vnd": 0}
    assert sorted(r["staff_id"] for r in data["data"]["changes"]) == changed
    l18 = next(r for r in data["data"]["changes"] if r["staff_id"] == "L18")
    assert (l18["outcome"], l18["outcome_after"], l18["amount_vnd_after"]) == ("eligible", "not_eligible", None)


def test_over_a_period_month_by_month(cli, edited):
    (before, paid_before), (after, paid_after) = (
        _assess(cli, on="2026-01-01"),
        _assess(cli, "--policy-file", edited, on="2026-01-01"),
    )
    january = paid_after - paid_before
    assert january == 1_800_000  # amount_nhom_3's new value from 2026 adds 600.000 đ for L09 and L22
    people = sum(before.get(i) != after.get(i) for i in before.keys() | after.keys())

    result = cli("diff", NQ12, edited, "--data", SAMPLE, "--from", "2025-12", "--to", "2026-01", "-f", "json")
    data = json.loads(result.stdout)["data"]
    assert [(m["month"], m["cost"]["monthly_vnd"], m["people"]) for m in data["months"]] == [
        ("2025-12-01", 600_000, 7),
        ("2026-01-01", january, people),
    ]
    assert data["period"]["cost"]["period_vnd"] == 600_000 + january

    out = cli("diff", NQ12, edited, "--data", SAMPLE, "--from", "2025-12", "--to", "2026-01").stdout
    assert "12/2025–01/2026 (mỗi tháng theo ngày đầu tháng)" in out
    assert (
        "L09 Đỗ Văn Khánh: đủ điều kiện nhom_3 900.000 đ/tháng → đủ điều kiện nhom_3 1.500.000 đ/tháng (01/2026)" in out
    )
    assert "L01 Nguyễn Văn An: đủ điều kiện nhom_1 5.400.000 đ/tháng → " in out and "(12/2025–01/2026)" in out
    cell = next(line for line in out.splitlines() if line.strip().startswith("Cả kỳ"))
    assert "+2.400.000 đ" in cell


def test_wrong_arguments_are_one_line(cli, edited):
    for args, said in (
        ((NQ12, "daknong/qd02-2017"), "hai chính sách khác mã: laocai/nq12-2025"),
        ((NQ12, "khong-co.yaml"), "khong-co.yaml: không có tệp này, cũng không có chính sách đã cài mã này"),
        ((NQ12, edited, "--on", "2025-12-01"), "--on, --from/--to cần --data"),
        ((NQ12, edited, "--data", SAMPLE, "--from", "2025-12"), "--from và --to đi cùng nhau"),
        ((NQ12, edited, "-f", "csv"), "-f table hoặc json"),
    ):
        result = cli("diff", *args)
        assert result.exit_code == 1 and said in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
