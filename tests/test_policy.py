import datetime as dt
from pathlib import Path

import pytest

from vnpolicy.errors import PolicyError
from vnpolicy.hooks.manager import registry
from vnpolicy.rules.policy import load_library, load_policy

NQ12 = Path(__file__).resolve().parent.parent / "policies" / "laocai" / "nq12-2025.yaml"


QD1965 = NQ12.parent.parent / "daknong" / "qd1965-2016.yaml"
QD02 = NQ12.parent.parent / "daknong" / "qd02-2017.yaml"
CDS = NQ12.parent.parent / "vinhphuc" / "cds-2025.yaml"
HIRE = NQ12.parent / "thue-chuyen-gia.yaml"
ATTRACT = NQ12.parent / "thu-hut-cntt.yaml"
ND179 = NQ12.parent.parent / "national" / "nd179-2025.yaml"


def broken(tmp_path, old, new, source=NQ12):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(text):
    for number, line in enumerate(NQ12.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(text)


def error(path):
    with pytest.raises(PolicyError) as exc:
        load_policy(path, registry())
    return str(exc.value)


def test_bundled_policy_loads():
    policy = load_library(registry())["laocai/nq12-2025"]
    assert policy.in_force(dt.date(2025, 7, 1)) and not policy.in_force(dt.date(2025, 6, 30))
    assert policy.value("amount_nhom_1", dt.date(2025, 12, 1)) == 5400000
    assert policy.unknown_params(dt.date(2025, 12, 1)) == {
        "nhom_3_min_education",
        "nhom_3_accepted_majors",
        "nhom_3_min_rating",
    }


def test_expression_error_points_at_file_and_line(tmp_path):
    path = broken(
        tmp_path,
        "when: education >= min_education and major in accepted_majors",
        "when: education >= min_education and majr in accepted_majors",
    )
    message = error(path)
    line = line_of("when: education >= min_education and major in accepted_majors")
    assert message.startswith(f"{path}:{line}: rules.5.tiers.0.conditions.1.when, cột 32: tên 'majr' không phải")


def test_unknown_code_in_expression_is_a_load_error(tmp_path):
    path = broken(tmp_path, "when: it_role == 'chuyen_trach'", "when: it_role == 'chuyen-trach'")
    assert "mã 'chuyen-trach' không có trong mã (it_role)" in error(path)


def test_code_compared_with_number(tmp_path):
    path = broken(tmp_path, "system: security_level == 2", "system: security_level == 'hai'")
    assert "không so sánh được số nguyên (security_level) với chuỗi" in error(path)


def test_schema_error_points_at_line(tmp_path):
    path = broken(tmp_path, "  type: nghi_quyet", "  type: resolution")
    assert error(path) == (
        f"{path}:{line_of('  type: nghi_quyet')}: document.type: cần một trong: nghi_quyet, "
        f'quyet_dinh, nghi_dinh, ke_hoach, huong_dan, thong_tu, bai_bao, khac (gặp "resolution") / expected one of: '
        "nghi_quyet, quyet_dinh, nghi_dinh, ke_hoach, huong_dan, thong_tu, bai_bao, khac"
    )


def test_rule_kind_schema_checked(tmp_path):
    path = broken(
        tmp_path,
        "    choose_by: [assignment_start, staff_id]\n    citation: Hướng dẫn thực hiện Nghị quyết 12/NQ-HĐND "
        "(tối đa 2",
        "    choose_by: [age]\n    citation: Hướng dẫn thực hiện Nghị quyết 12/NQ-HĐND (tối đa 2",
    )
    assert "rules.6.choose_by.0: cần một trong: group, assignment_start, start_date, staff_id" in error(path)


def test_unknown_rule_kind_and_missing_citation(tmp_path):
    assert "cần một trong: exclusion, tiers, requirements, cap, dossier, coverage, flags, targets, figures" in error(
        broken(tmp_path, "kind: dossier", "kind: dosier")
    )
    path = broken(
        tmp_path,
        "    citation: Nghị quyết 12/NQ-HĐND, đối tượng áp dụng\n    message:\n      vi: không phải",
        "    message:\n      vi: không phải",
    )
    assert "rules.0: thiếu khoá citation" in error(path)


def test_money_must_be_whole_dong(tmp_path):
    path = broken(tmp_path, "2025-07-01: 5400000", "2025-07-01: 5400000.5")
    assert "cần số đồng nguyên" in error(path)


def test_amount_must_name_a_money_parameter(tmp_path):
    assert "tham số 'amount_nhom_9' chưa khai báo" in error(
        broken(tmp_path, "amount: amount_nhom_1", "amount: amount_nhom_9")
    )
    assert "cần đơn vị vnd" in error(broken(tmp_path, "amount: amount_nhom_1", "amount: level_3_min"))


def test_duplicate_yaml_key(tmp_path):
    path = broken(tmp_path, "  issuer: Hội đồng nhân dân tỉnh Lào Cai", "  issuer: X\n  issuer: Y")
    assert "khoá 'issuer' viết hai lần" in error(path)


def test_yaml_never_constructs_objects(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    assert "YAML không đọc được" in error(path)


def test_parameter_dates_are_real_dates(tmp_path):
    path = broken(tmp_path, "2025-07-01: 5400000", "2025-02-30: 5400000")
    assert f"{path}:{line_of('      2025-07-01: 5400000')}: ngày không có thật" in error(path)


def test_dated_values_follow_the_date(tmp_path):
    path = broken(tmp_path, "      2025-07-01: 5400000", "      2025-07-01: 5400000\n      2026-01-01: 6000000")
    policy = load_policy(path, registry())
    assert policy.value("amount_nhom_1", dt.date(2025, 12, 31)) == 5400000
    assert policy.value("amount_nhom_1", dt.date(2026, 1, 1)) == 6000000


def test_duplicate_policy_id_names_both(tmp_path):
    """Two files given on the command line with one id are an error; one replaces the installed policy."""
    (tmp_path / "copy.yaml").write_text(NQ12.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "again.yaml").write_text(NQ12.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_library(registry(), [tmp_path / "copy.yaml"])["laocai/nq12-2025"].path == tmp_path / "copy.yaml"
    with pytest.raises(PolicyError) as exc:
        load_library(registry(), [tmp_path / "copy.yaml", tmp_path / "again.yaml"])
    assert "mã chính sách 'laocai/nq12-2025' đã có ở" in str(exc.value)
    assert "'(command line)'" in str(exc.value)


def test_unknown_value_is_never_guessed(tmp_path):
    """A parameter the source gives no value for loads, and every condition needing it says unknown."""
    import json

    from vnpolicy import api
    from vnpolicy.reports.output import assessment_text

    path = broken(tmp_path, "      2025-07-01: {value: tot, unknown: true}", "      2025-07-01: unknown")
    policy = load_policy(path, registry())
    assert policy.value("nhom_3_min_rating", dt.date(2025, 12, 1)) is None
    data = api.dataset(NQ12.parent.parent.parent / "examples" / "sample")
    from vnpolicy.rules.engine import assess

    result = assess(data, [policy], dt.date(2025, 12, 1))
    rows = {r["staff_id"]: r for r in json.loads(assessment_text(result, "json"))["results"]}
    l09 = rows["L09"]  # was nhom_3 with the assumed rating
    assert l09["outcome"] == "not_eligible"
    reason = next(r for r in l09["reasons"] if r["rule"] == "nhom_ho_tro.nhom_3.xep_loai")
    assert not reason["passed"] and "nhom_3_min_rating: chưa biết, nguồn không cho giá trị" in reason["message"]
    assert rows["L01"]["group"] == "nhom_1"  # nothing else changes


def test_every_rule_kind_is_documented_with_a_valid_example():
    """docs/policy-format.md has a section per builtin rule kind, and its YAML example passes the kind's schema."""
    import re

    import jsonschema
    import yaml

    from vnpolicy.hooks.manager import registry
    from vnpolicy.rules.policy import plain

    text = (Path(__file__).resolve().parent.parent / "docs" / "policy-format.md").read_text(encoding="utf-8")
    for name, kind in registry().rule_kinds.items():
        section = re.search(rf"### `{name}`\n(.*?)(?=\n### |\n## )", text, re.S)
        assert section, f"no section for {name}"
        example = re.search(r"```yaml\n(.*?)```", section.group(1), re.S)
        assert example, f"no example for {name}"
        complete = [r for r in plain(yaml.safe_load(example.group(1))) if "..." not in str(r)]
        assert complete or name == "tiers", f"the example of {name} is all abbreviated"
        for rule in complete:
            jsonschema.validate(rule, kind.schema)


@pytest.mark.parametrize(
    "source, old, new, message",
    [
        (
            QD1965,
            "measure: {indicator: teachers_it_pct}",
            "measure: {indicator: teachers_it_pct, staff: it_leader}",
            "rules.0.targets.6.measure: cần một trong ba cách đo: staff và counts; units và having; indicator",
        ),
        (QD1965, "          counts: it_upskilled\n", "", "rules.0.targets.0.measure: cần một trong ba cách đo"),
        (
            QD1965,
            "{by: 2020-12-31, above: 90}",
            "{by: 2020-12-31, above: 90, at_least: 90}",
            "rules.0.targets.0.milestones.0: cần by (ngày) và đúng một trong at_least, above",
        ),
        (QD1965, "{by: 2020-12-31, above: 90}", "{by: 2020-12-31, above: 190}", "rules.0.targets.0.milestones.0.above"),
        (QD1965, "having: it_leader", "having: it_leadr", "tên 'it_leadr' không phải trường dữ liệu"),
        (QD1965, "units: (unit_kind == 'nha_nuoc'", "units: (kind == 'nha_nuoc'", "tên 'kind' không phải"),
        (
            QD02,
            "when: outcome == 'compliant'",
            "when: outcome == 'compliantt'",
            "mã 'compliantt' không có trong mã (outcome)",
        ),
        (
            QD02,
            "  others: not_applicable",
            "  others: none",
            "applies_to.others: cần một trong: absent, not_applicable",
        ),
        (QD02, "        finding: kiem_nhiem_chuc_danh_khac", "        finding: Kiêm nhiệm", "finding: không đúng dạng"),
        (
            CDS,
            "        trainings: classes",
            "        trainings: lop",
            "rules.2.figures.6.trainings: cần một trong: classes, participants",
        ),
        (
            CDS,
            "        indicator: community_tech_teams",
            "        indicator: community_tech_teams\n        staff: it_leader",
            "rules.2.figures.8: cần id, message và đúng một trong staff, trainings, indicator",
        ),
        (CDS, "        per_units: unit_level == 'xa'", "        per_units: level == 'xa'", "tên 'level' không phải"),
        (
            CDS,
            "        baseline: {value: 3100, citation:",
            "        baseline: {value: hơn 3100, citation:",
            "baseline.value: cần kiểu number",
        ),
        (
            ND179,
            "when: receives_nd179 and outcome != 'eligible'",
            "when: receives_nd179 and outcome != 'paid'",
            "mã 'paid' không có trong mã (outcome)",
        ),
        (
            HIRE,
            "    unit: vnd_per_month\n    citation: Nguồn 001 (mức cao nhất",
            "    unit: vnd\n    citation: Nguồn 001 (mức cao nhất",
            "parameters.amount_muc_1.unit: cần một trong: vnd_per_month, vnd_once",
        ),
        (
            ATTRACT,
            "      2022-08-24: {value: 2022-08-24, unknown: true}",
            "      2022-08-24: {value: 24/8/2022, unknown: true}",
            "parameters.recruited_since: gặp '24/8/2022', cần ngày yyyy-mm-dd",
        ),
        (
            ATTRACT,
            "  unknown: true\n  reading: >-",
            "  unknown: có\n  reading: >-",
            "in_force.unknown: cần kiểu boolean",
        ),
        (
            NQ12,
            "  - policy: national/nd179-2025\n    rule: not_together",
            "  - policy: national/nd179-2025\n    rule: together",
            "combines.0.rule: cần một trong: not_together",
        ),
    ],
)
def test_errors_of_the_newer_kinds_and_keys_name_the_line(tmp_path, source, old, new, message):
    path = broken(tmp_path, old, new, source)
    text = error(path)
    assert message in text, text
    assert text.startswith(f"{path}:") and int(text.split(":")[1]) > 1


def test_combines_names_an_installed_policy(tmp_path):
    from vnpolicy.rules.policy import load_library

    path = broken(tmp_path, "  - policy: national/nd179-2025\n    rule:", "  - policy: national/nd197-2025\n    rule:")
    text = path.read_text(encoding="utf-8").replace("id: laocai/nq12-2025", "id: laocai/nq12-draft")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_library(registry(), [path])
    line = text[: text.index("national/nd197-2025")].count("\n") + 1
    assert str(exc.value) == (
        f"{path}:{line}: combines.0.policy: không có chính sách 'national/nd197-2025'; "
        f"có: daknong/qd02-2017, daknong/qd1965-2016, laocai/ho-tro-dao-tao, laocai/nq12-2025, "
        f"laocai/nq12-draft, laocai/thu-hut-cntt, laocai/thue-chuyen-gia, national/nd179-2025, "
        f"vinhphuc/cds-2025"
    )


def test_a_key_written_wrong_is_named_beside_the_key_it_misses(tmp_path):
    """A misspelt required key is first a missing one: the message names the key written instead."""
    path = broken(
        tmp_path, "    when: employment not in eligible_employment", "    wehn: employment not in eligible_employment"
    )
    said = error(path)
    assert "rules.0: thiếu khoá when; khoá 'wehn' có phải là 'when' viết sai?" in said
    assert "is 'wehn' meant to be 'when'?" in said
