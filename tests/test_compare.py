"""``vnpolicy compare``: every province's policies applied to the same people, through the real CLI, in
every format; the rules side by side from the YAML; what-if; months over a period."""

import csv
import io
import json
import re

import jsonschema
import openpyxl
import pytest
import yaml

from conftest import ROOT, SAMPLE
from vnpolicy.rules.policy import shipped_schema

REFORM = ROOT / "examples" / "reforms" / "nq12-nhom3-2026.yaml"


def _json(cli, *args):
    result = cli("compare", SAMPLE, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, shipped_schema("results.schema.json"))
    assert data["mode"] == "compare"
    return data


def _by_person(data, province):
    """Each person's entry under one province's rules."""
    return {p["staff_id"]: p for p in data["comparison"]["people"] if p["province"] == province}


def _outcome(data, staff_id, province, policy):
    return next(o for o in _by_person(data, province)[staff_id]["outcomes"] if o["policy"] == policy)


def test_the_same_people_under_each_provinces_rules(cli):
    data = _json(cli, "--on", "2025-12-01")
    assert [p["code"] for p in data["provinces"]] == ["daknong", "laocai", "vinhphuc"]
    # L03: an electronics-telecommunications graduate: the right field in Lào Cai, not in Đắk Nông
    nq12 = _outcome(data, "L03", "laocai", "laocai/nq12-2025")
    assert nq12["outcome"] == "eligible" and nq12["group"] == "nhom_1"
    qd02 = _outcome(data, "L03", "daknong", "daknong/qd02-2017")
    assert qd02["outcome"] == "non_compliant" and "Điều 4.1.a" in qd02["decision"]
    # D02, who works in former Đắk Nông, is assessed under Lào Cai's rules as if she worked there
    attraction = _outcome(data, "D02", "laocai", "laocai/thu-hut-cntt")
    assert (attraction["outcome"], attraction["amount_vnd"], attraction["amount_period"]) == (
        "eligible",
        150_000_000,
        "once",
    )
    # the people a policy speaks about are everyone in post, whatever their own province
    people = {r["staff_id"] for r in data["results"] if r["policy"] == "laocai/nq12-2025"}
    assert {"L03", "D02", "V10"} <= people


def test_province_totals_add_up_from_the_people(cli):
    data = _json(cli, "--on", "2025-12-01")
    totals = {t["province"]: t for t in data["comparison"]["provinces"]}
    monthly = sum(p["monthly_vnd"] for p in _by_person(data, "laocai").values())
    assert totals["laocai"]["monthly_vnd"] == monthly > 0
    assert totals["laocai"]["yearly_vnd"] == 12 * monthly
    dn = totals["daknong"]
    compliant = sum(1 for r in data["results"] if r["policy"] == "daknong/qd02-2017" and r["outcome"] == "compliant")
    non = sum(1 for r in data["results"] if r["policy"] == "daknong/qd02-2017" and r["outcome"] == "non_compliant")
    assert (dn["compliant"], dn["non_compliant"]) == (compliant, non)
    assert dn["compliance_rate"] == round(compliant / (compliant + non), 4)
    targets = [t for t in data["targets"] if t["province"] == "daknong"]
    assert dn["targets_met"] == sum(1 for t in targets if t["met"]) and len(targets) == 11
    assert all(isinstance(t["monthly_vnd"], int) for t in totals.values())


def test_rules_side_by_side_come_from_the_yaml(cli):
    data = _json(cli, "--on", "2025-12-01")
    rows = {r["key"]: r for r in data["comparison"]["rules"]}
    for province in ("laocai", "daknong"):
        for path in (ROOT / "policies" / province).glob("*.yaml"):
            policy = yaml.safe_load(path.read_text(encoding="utf-8"))
            for name, spec in (policy.get("parameters") or {}).items():
                topic = (spec.get("compare") or {}).get("topic")
                if topic:
                    cells = [
                        c
                        for c in rows[topic]["cells"][province]
                        if c["parameter"] == name and c["policy"] == policy["id"]
                    ]
                    assert cells and cells[0]["citation"] == spec["citation"], (path, name)
                    value = list(spec["values"].values())[-1]
                    assert cells[0]["value"] == (value["value"] if isinstance(value, dict) else value)
    amounts = {c["label"]: c["text"] for c in rows["amounts"]["cells"]["laocai"] if c["policy"] == "laocai/nq12-2025"}
    assert amounts == {"nhom_1": "5.400.000 đ/tháng", "nhom_2": "3.600.000 đ/tháng", "nhom_3": "900.000 đ/tháng"}
    english = rows["english"]["cells"]["daknong"][0]
    assert english["text"] == "A2" and "Điều 4 khoản 1 điểm b" in english["citation"]
    assert any("12/NQ-HĐND, 01/07/2025" in c["text"] for c in rows["in_force"]["cells"]["laocai"])


def test_differences_in_words_with_the_people_they_concern(cli):
    data = _json(cli, "--on", "2025-12-01")
    majors = [d for d in data["comparison"]["differences"] if d["topic"] == "it_majors"]
    assert len(majors) == 1
    d = majors[0]
    assert d["text"].startswith(
        "Chuyên ngành được tính là CNTT: an toàn thông tin, điện tử viễn thông được tính ở "
        "Lào Cai (nq12-2025, thu-hut-cntt), không ở Đắk Nông (cũ) (qd02-2017, qd1965-2016)"
    )
    assert d["policies"] == ["daknong/qd02-2017", "daknong/qd1965-2016", "laocai/nq12-2025", "laocai/thu-hut-cntt"]
    rows = list(csv.DictReader((SAMPLE / "staff.csv").open(encoding="utf-8-sig")))
    in_post = [r for r in rows if not r["end_date"] or r["end_date"][-4:] >= "2026"]
    assert d["people"] == sum(1 for r in in_post if r["major"].lower() in ("attt", "dtvt"))
    # a reform that makes Đắk Nông count dtvt leaves only information security as a difference
    after = _json(cli, "--on", "2025-12-01", "--set", "daknong/qd02-2017.it_majors=[cntt, tin_hoc, dtvt]")
    assert after["reform"]["changes"] and all(c["policy"] == "daknong/qd02-2017" for c in after["reform"]["changes"])
    l03 = next(c for c in after["reform"]["changes"] if c["staff_id"] == "L03")
    assert (l03["outcome"], l03["outcome_after"]) == ("non_compliant", "compliant")


def test_table_and_markdown(cli):
    out = cli("compare", SAMPLE, "--on", "2025-12-01").stdout
    for heading in (
        "Tổng hợp theo tỉnh",
        "Khác biệt giữa các tỉnh",
        "Quy định đặt cạnh nhau",
        "Mục tiêu",
        "Từng người",
    ):
        assert heading in out
    assert "Chi trả mỗi tháng" in out and re.search(r"Tỉ lệ đáp ứng +61,5%", out)
    # the hired experts' amounts are ceilings, shown apart from the money paid
    assert re.search(r"— trong đó mức tối đa \(không quá\) +0 đ +55\.000\.000 đ +0 đ", out)
    md = cli("compare", SAMPLE, "--on", "2025-12-01", "-f", "md").stdout
    assert md.startswith("# So sánh") and "|  | Đắk Nông (cũ) | Lào Cai | Vĩnh Phúc (cũ) |" in md
    before = cli("compare", SAMPLE, "--on", "2025-12-01", "--reform", REFORM).stdout
    assert "Thay đổi áp dụng từ 01/01/2026, sau ngày đánh giá 01/12/2025: chưa làm thay đổi kết quả" in before
    en = cli("compare", SAMPLE, "--on", "2025-12-01", "--lang", "en").stdout
    assert (
        "By province" in en
        and "Monthly cost" in en
        and "counts in Lào Cai (nq12-2025, thu-hut-cntt), not in Đắk Nông" in en
    )


@pytest.mark.parametrize(
    "when", [("--on", "2025-12-01"), ("--from", "2025-12", "--to", "2026-02", "--reform", REFORM)], ids=["on", "period"]
)
def test_everyone_is_written_a_slice_of_people_at_a_time(cli, tmp_path, monkeypatch, when):
    """JSON, the text of everyone and the terminal's first people build the per-person comparison a slice
    of ``SLICE`` people at a time (the country's frame is never held whole): the same bytes as built whole."""
    from vnpolicy.compare import people as per_person

    def written(tag):
        paths = [tmp_path / f"{tag}.{x}" for x in ("json", "txt", "md", "html")]
        result = cli("compare", SAMPLE, *when, *[x for p in paths for x in ("-o", p)])
        assert result.exit_code == 0, result.output
        shown = cli("compare", SAMPLE, *when)  # the terminal's table: the first people, and how many more
        return [p.read_text(encoding="utf-8") for p in paths] + [shown.stdout]

    monkeypatch.setattr("vnpolicy.reports.text.SHOWN", 12)  # the first people end inside a slice
    whole = written("whole")
    everyone = {p["staff_id"] for p in json.loads(whole[0])["comparison"]["people"]}
    assert f"… còn {len(everyone) - 12} người nữa" in whole[4]
    real, built = per_person.people, []
    monkeypatch.setattr(per_person, "people", lambda *a, **k: built.append(real(*a, **k)) or built[-1])
    monkeypatch.setattr(per_person, "SLICE", 5)
    assert written("sliced") == whole
    people = [set(f["staff_id"]) for f in built]
    assert len(people) > 8 and all(0 < len(p) <= 5 for p in people) and set().union(*people) == everyone


def test_what_if_from_a_file_over_a_period(cli):
    data = _json(cli, "--from", "2025-10", "--to", "2026-03", "--reform", REFORM, "--provinces", "laocai")
    r = data["reform"]
    assert r["from"] == "2026-01-01" and r["policies"] == ["laocai/nq12-2025"]
    changed = [c for c in r["changes"] if c["outcome"] == c["outcome_after"] == "eligible"]
    newly = [c for c in r["changes"] if c["outcome"] != "eligible" and c["outcome_after"] == "eligible"]
    assert changed and all(c["amount_vnd"] == 900_000 and c["amount_vnd_after"] == 1_500_000 for c in changed)
    assert newly, "nhóm 3 in education and health units after the reform"
    # only January to March are reformed: the period's difference is three months of each change
    people = _by_person(data, "laocai")
    delta = r["difference"][0]
    expected = sum(3 * (c["amount_vnd_after"] - c["amount_vnd"]) for c in changed) + sum(
        3 * c["amount_vnd_after"] for c in newly if c["amount_vnd_after"]
    )
    assert delta["period_vnd"] == expected
    assert r["provinces"][0]["period_vnd"] - r["baseline"][0]["period_vnd"] == expected
    assert sum(p["period_vnd"] for p in people.values()) == r["baseline"][0]["period_vnd"]


PERIOD_DATA = {
    "units": [
        {
            "id": "U1",
            "name": "Sở KH&CN",
            "province": "laocai",
            "level": "tinh",
            "kind": "nha_nuoc",
            "locality": "bat_xat",
        }
    ],
    "systems": [
        {"id": f"S{i}", "name": f"Hệ thống {i}", "owner_unit_id": "U1", "security_level": 1, "level_approved": True}
        for i in range(1, 5)
    ],
    "staff": [
        dict(
            {
                "id": sid,
                "full_name": sid,
                "unit_id": "U1",
                "employment": "cong_chuc",
                "is_leader": False,
                "it_leader": False,
                "it_role": "kiem_nhiem",
                "other_titles": False,
                "infosec_duty": False,
                "job_position_ok": True,
                "it_trainer": False,
                "education": "dai_hoc",
                "major": "cntt",
                "ratings": {2024: "tot"},
                "receives_nd179": False,
                "it_upskilled": True,
            },
            **extra,
        )
        for sid, extra in (
            ("P1", {"start_date": "2025-09-15", "it_role": "chuyen_trach"}),
            ("P2", {"end_date": "2025-08-20"}),
            ("P3", {}),
            ("P4", {}),
        )
    ],
    "assignments": [
        {"staff_id": "P1", "system_id": "S1"},
        {"staff_id": "P2", "system_id": "S2"},
        {"staff_id": "P3", "system_id": "S3", "start_date": "2025-10-01"},
        {"staff_id": "P4", "system_id": "S4"},
    ],
}


@pytest.mark.parametrize(
    "first,last,months",
    [
        ("2025-07", "2025-12", {"P1": 3, "P2": 2, "P3": 3, "P4": 6}),
        ("2025-05", "2025-08", {"P1": 0, "P2": 2, "P3": 0, "P4": 2}),
        ("2025-11", "2025-12", {"P1": 2, "P2": 0, "P3": 2, "P4": 2}),
    ],
)
def test_months_paid_follow_start_end_assignment_and_in_force_dates(cli, tmp_path, first, last, months):
    path = tmp_path / "period.yaml"
    path.write_text(yaml.safe_dump(PERIOD_DATA, allow_unicode=True), encoding="utf-8")
    result = cli("compare", path, "--from", first, "--to", last, "--provinces", "laocai", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    people = _by_person(data, "laocai")
    assert {s: people[s]["months_paid"] if s in people else 0 for s in months} == months
    assert all(people[s]["period_vnd"] == 900_000 * n for s, n in months.items() if s in people)
    # one-time support (attraction: P1 recruited in September 2025, due from October) counts once, not every
    # month, and not in a period that starts after it was due
    if months["P1"]:
        assert people["P1"]["period_one_time_vnd"] == (150_000_000 if first <= "2025-10" else 0)
    assert data["comparison"]["provinces"][0]["person_months"] == sum(months.values())


def test_csv_has_a_row_per_scenario_province_policy_and_person(cli, tmp_path):
    out = tmp_path / "r.csv"
    result = cli("compare", SAMPLE, "--on", "2025-12-01", "--set", "laocai/nq12-2025.amount_nhom_3=1500000", "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["scenario"] for r in rows} == {"baseline", "reform"}
    l09 = {r["scenario"]: r["amount_vnd"] for r in rows if r["staff_id"] == "L09" and r["policy"] == "laocai/nq12-2025"}
    assert l09 == {"baseline": "900000", "reform": "1500000"}


def test_excel_workbook(cli, tmp_path):
    out = tmp_path / "so-sanh.xlsx"
    result = cli("compare", SAMPLE, "--on", "2025-12-01", "--set", "laocai/nq12-2025.amount_nhom_3=1500000", "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp",
        "Quy định",
        "Mục tiêu",
        "Đắk Nông (cũ)",
        "Lào Cai",
        "Vĩnh Phúc (cũ)",
        "Thay đổi",
        "Nguồn",
    ]
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A6" and summary.auto_filter.ref.startswith("A5:")
    row = next(r for r in summary.iter_rows(min_row=6) if r[0].value == "Chi trả mỗi tháng")
    assert row[2].value == 98_200_000 and row[2].number_format == '#,##0 "đ"'
    laocai = book["Lào Cai"]
    assert [c.value for c in laocai[1]][:4] == ["Mã", "Họ tên", "Đơn vị", "Chính sách"]
    assert laocai.freeze_panes == "A2" and laocai.auto_filter.ref == f"A1:K{laocai.max_row}"
    amounts = [r[6] for r in laocai.iter_rows(min_row=2) if r[6].value is not None]
    assert amounts and all(c.number_format == '#,##0 "đ"' and isinstance(c.value, int) for c in amounts)
    changes = [[c.value for c in r] for r in book["Thay đổi"].iter_rows(min_row=2)]
    assert {r[0] for r in changes} == {"L09", "L22"} and all(r[6:8] == [900_000, 1_500_000] for r in changes)


def test_bad_input_is_one_line_and_nothing_is_written(cli, tmp_path):
    out = tmp_path / "r.html"
    cases = [
        (
            ("--set", "laocai/nq12-2025.amount_nhom_3=1.500.000"),
            "lỗi: --set laocai/nq12-2025.amount_nhom_3=1.500.000: parameters.amount_nhom_3: gặp '1.500.000', "
            "cần số đồng nguyên",
        ),
        (
            ("--set", "laocai/nq12-2025.khong_co=1"),
            "lỗi: --set laocai/nq12-2025.khong_co=1: chính sách laocai/nq12-2025 không có tham số 'khong_co'",
        ),
        (("--set", "laocai/nq99.amount=1"), "lỗi: --set laocai/nq99.amount=1: không có chính sách 'laocai/nq99'"),
        (("--provinces", "hanoi"), "lỗi: --provinces: không có chính sách nào của 'hanoi'"),
        (
            ("--provinces", "laocia"),
            "lỗi: --provinces: không có chính sách nào của 'laocia'; có: daknong, laocai, "
            "vinhphuc, national (có phải 'laocai'?)",
        ),
        (("--from", "2025-13", "--to", "2025-12"), "lỗi: --from 2025-13 --to 2025-12: cần tháng dạng yyyy-mm"),
        (("--from", "2025-01"), "lỗi: --from và --to đi cùng nhau"),
        (("--on", "2025-31-01"), "lỗi: --on '2025-31-01': cần ngày yyyy-mm-dd hoặc dd/mm/yyyy"),
    ]
    for args, message in cases:
        result = cli("compare", SAMPLE, *args, "-o", out)
        assert result.exit_code == 1 and result.output.startswith(message), result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert not out.exists() and not list(tmp_path.iterdir())
    result = cli("compare", SAMPLE, "-f", "xlsx")  # a workbook is not written to the terminal
    assert result.exit_code == 1 and result.output == "lỗi: -f xlsx cần -o TỆP.xlsx / xlsx needs -o FILE.xlsx\n"


def test_a_bad_reform_file_points_at_its_line(cli, tmp_path):
    reform = tmp_path / "reform.yaml"
    text = REFORM.read_text(encoding="utf-8")
    reform.write_text(text.replace("amount_nhom_3: 1500000", "amount_nhom_3: 1500000.5"), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip().startswith("amount_nhom_3"))
    result = cli("compare", SAMPLE, "--reform", reform)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"lỗi: {reform}:{line}: changes.0: parameters.amount_nhom_3: gặp 1500000.5, cần số đồng nguyên"
    ), result.output
    reform.write_text(
        text.replace("remove_rules: [nhom_3_giao_duc_y_te]", "remove_rules: [khong_co]"), encoding="utf-8"
    )
    result = cli("compare", SAMPLE, "--reform", reform)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip().startswith("remove_rules"))
    assert result.output.startswith(
        f"lỗi: {reform}:{line}: changes.0: chính sách laocai/nq12-2025 không có quy tắc 'khong_co'"
    ), result.output
