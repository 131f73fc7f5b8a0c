"""``vnpolicy test --coverage``: the table of what the YAML cases exercise, ``--fail-under``, the sides declared
unreachable, and the bundled cases covering every bundled policy both ways (what CI checks)."""

import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from vnpolicy import api
from vnpolicy.cli import app

POLICY = """id: thu/do-phu
title: Chính sách thử độ phủ
document: {number: null, type: khac, issuer: vnpolicy tests, date: null}
jurisdiction: {province: laocai}
in_force: {from: 2026-01-01}
applies_to: {when: it_role != 'khong', citation: 'Thử, phạm vi'}
parameters:
  muc: {description: Mức, unit: vnd_per_month, values: {2026-01-01: 1000000}}
rules:
  - id: loai_tru
    kind: exclusion
    when: employment == 'hop_dong'
    citation: Thử, Điều 1
    message: hợp đồng không được hưởng
  - id: nhom
    kind: tiers
    citation: Thử, Điều 2
    tiers:
      - {group: mot, amount: muc, conditions: [{id: trinh_do, when: education >= 'dai_hoc', message: Đại học}]}
"""
HEAD = """policy: thu/do-phu
policy_file: do-phu.yaml
as_of: 2026-03-01
base:
  units: [{id: T1, name: Sở một, province: laocai, level: tinh, kind: nha_nuoc}]
defaults:
  staff: {full_name: Thử, unit_id: T1, employment: cong_chuc, it_role: chuyen_trach}
"""
PASSING = """
  - name: đại học, công chức thì được hưởng
    staff: [{id: A, education: dai_hoc}]
    expect: {A: {outcome: eligible, passed: [nhom.mot.trinh_do, loai_tru]}}
"""
FAILING = """
  - name: cao đẳng thì không; hợp đồng bị loại trừ
    staff: [{id: B, education: cao_dang}, {id: H, employment: hop_dong, education: dai_hoc}]
    expect: {B: {outcome: not_eligible, failed: [nhom.mot.trinh_do]}, H: {failed: [loai_tru]}}
"""


def _cases(folder, *cases, extra=""):
    (folder / "do-phu.yaml").write_text(POLICY, encoding="utf-8")
    file = folder / "ca.yaml"
    file.write_text(HEAD + extra + "cases:" + "".join(cases), encoding="utf-8")
    return file


def _block(out, policy):
    """The table's lines for one policy, down to its "cả chính sách" row."""
    lines = out.split(f"\n{policy} (", 1)[1].splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("  cả chính sách"))
    return "\n".join(lines[: end + 1])


def _row(out, label):
    """(covered, total, percent) of a table row."""
    line = next(line for line in out.splitlines() if line.strip().startswith(label))
    covered, total, percent = line.split()[-3:]
    return int(covered), int(total), percent


def test_the_table_names_what_no_case_shows_and_fail_under_fails(tmp_path, cli):
    file = _cases(tmp_path, PASSING)
    result = cli("test", file, "--coverage")
    assert result.exit_code == 0, result.stdout  # no --fail-under: the table only
    out = result.stdout
    assert "1 passed, 0 failed" in out and "thu/do-phu (1 ca; " in out
    assert _row(out, "điều kiện (đạt, không đạt)") == (1, 2, "50%")
    assert "thiếu: nhom.mot.trinh_do (chưa có ca không đạt)" in out
    assert _row(out, "loại trừ (không bị, bị loại)") == (1, 2, "50%")
    assert "thiếu: loai_tru (chưa có ca bị loại trừ)" in out
    assert _row(out, "hàng của bảng nhóm (có người vào)") == (1, 1, "100%")
    assert _row(out, "cả chính sách") == (5, 7, "71,4%")  # two rules, the row, two of four sides
    assert "chính sách đã cài không có ca nào: daknong/qd02-2017" in out  # named, not counted

    failing = cli("test", file, "--fail-under", "71.43")  # 5/7 is 71.428…%; --fail-under alone measures too
    assert failing.exit_code == 1 and "1 passed, 0 failed" in failing.stdout
    assert "độ phủ dưới 71.43%: thu/do-phu" in failing.stdout and "độ phủ dưới 71.43%: tổng" in failing.stdout

    english = cli("test", file, "--coverage", "--lang", "en", "--fail-under", "71.4")
    assert english.exit_code == 0 and "below" not in english.stdout
    assert "missing: nhom.mot.trinh_do (no case where it is not met)" in english.stdout
    assert "missing: loai_tru (no case excluded)" in english.stdout and "whole policy" in english.stdout


def test_the_failing_side_completes_it(tmp_path, cli):
    file = _cases(tmp_path, PASSING, FAILING)
    result = cli("test", file, "--coverage", "--fail-under", "100")
    assert result.exit_code == 0, result.stdout
    assert _row(result.stdout, "cả chính sách") == (7, 7, "100%") and "thiếu:" not in result.stdout


def test_a_case_that_fails_still_fails_with_coverage(tmp_path, cli):
    file = _cases(tmp_path, PASSING.replace("outcome: eligible", "outcome: not_eligible"), FAILING)
    result = cli("test", file, "--coverage", "--fail-under", "0")
    assert result.exit_code == 1 and "1 passed, 1 failed" in result.stdout


def test_an_unreachable_side_is_declared_with_why_and_checked(tmp_path, cli):
    declared = """unreachable:
  - {id: nhom.mot.trinh_do, side: failed, why: mọi người trong bộ dữ liệu thử đều có bằng đại học}
  - {id: loai_tru, side: failed, why: bộ dữ liệu thử không có hợp đồng lao động}
"""
    out = cli("test", _cases(tmp_path, PASSING, extra=declared), "--coverage", "--fail-under", "100")
    assert out.exit_code == 0, out.stdout
    assert _row(out.stdout, "cả chính sách") == (5, 5, "100%")
    assert "không thể có ca: nhom.mot.trinh_do (không đạt) — mọi người trong bộ dữ liệu thử" in out.stdout

    stale = declared.replace("loai_tru, side: failed", "loai_tru, side: passed").replace("nhom.mot.trinh_do", "nhom.x")
    out = cli("test", _cases(tmp_path, PASSING, extra=stale), "--coverage").stdout
    assert "chú ý: " in out and "unreachable: thu/do-phu không có nhom.x (failed)" in out
    assert "unreachable: loai_tru (passed) có ca đạt tới được" in out
    assert _row(out, "loại trừ (không bị, bị loại)") == (1, 2, "50%")  # a reached side is counted, not excused

    result = cli("test", _cases(tmp_path, PASSING, extra=declared.replace("side: failed", "side: sai", 1)))
    assert result.exit_code == 1 and "unreachable.0.side" in result.stderr  # the schema knows the key


@pytest.fixture(scope="module")
def bundled():
    """``vnpolicy test tests/cases --coverage --fail-under 100``, once (the expensive run)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,daknong,vinhphuc,national")
        from vnpolicy.hooks import manager

        manager.registry.cache_clear()
        result = CliRunner().invoke(app, ["test", str(ROOT / "tests" / "cases"), "--coverage", "--fail-under", "100"])
        manager.registry.cache_clear()
    return result


def test_the_bundled_cases_cover_every_bundled_policy_both_ways(bundled):
    """What CI checks: every condition met and not met, every exclusion and cap both ways, every tier row
    reached, every target and milestone met and not met ... in the bundled cases, for every installed policy."""
    out = bundled.stdout
    assert bundled.exit_code == 0, out
    assert "thiếu:" not in out and "dưới 100%" not in out and "chú ý" not in out
    assert "chính sách đã cài không có ca nào" not in out  # every installed policy is tested
    tested = re.findall(r"^(\S+/\S+) \(\d+ ca", out, re.M)
    assert {p.id for p in api.policies()} <= set(tested)
    for policy in tested:
        covered, total, percent = _row(_block(out, policy), "cả chính sách")
        assert covered == total > 0 and percent == "100%", policy
    assert _row(out, "Tổng")[2] == "100%"


def test_the_bundled_measure_counts_what_the_policies_declare(bundled):
    """The table's counts follow the YAML: NQ 12's 20 conditions both ways, but for the two sides its case
    file declares unreachable (each named, with why)."""
    out = bundled.stdout
    block = _block(out, "laocai/nq12-2025")
    assert _row(block, "điều kiện (đạt, không đạt)") == (38, 38, "100%")
    assert _row(block, "loại trừ (không bị, bị loại)") == (10, 10, "100%")
    assert _row(block, "số tối đa (trong, vượt)") == (4, 4, "100%")
    assert _row(block, "hàng của bảng nhóm (có người vào)") == (4, 4, "100%")
    assert block.count("không thể có ca: ho_so.") == 2
    block = _block(out, "daknong/qd1965-2016")
    assert _row(block, "mục tiêu (đạt, chưa đạt)") == (22, 22, "100%")
    assert _row(block, "mốc của mục tiêu (đạt, chưa đạt)") == (30, 30, "100%")
