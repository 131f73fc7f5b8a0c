"""Đắk Nông's two policies on the bundled sample, through the real CLI, on both sides of the merger."""

import json

import jsonschema

from conftest import SAMPLE
from vnpolicy.rules.policy import shipped_schema

DAKNONG = ("-p", "daknong/qd02-2017", "-p", "daknong/qd1965-2016")


def _json(cli, on, *args, data=SAMPLE):
    result = cli("assess", data, "--on", on, *DAKNONG, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    jsonschema.validate(out, shipped_schema("results.schema.json"))
    return out


def _targets(data):
    return {
        t["id"].split(".")[1]: (t["deadline"], t["target"], t["comparison"], t["status"], t["value"])
        for t in data["targets"]
    }


def test_targets_on_2020_12_31_use_the_2020_milestones(cli):
    got = _targets(_json(cli, "2020-12-31"))
    assert got == {
        "nang_cao_tinh_huyen": ("2020-12-31", 0.9, ">", "not_met", 0.8333),
        "nang_cao_xa": ("2020-12-31", 0.6, ">=", "met", 0.6667),
        "co_cio": ("2020-12-31", 1.0, ">=", "not_met", 0.6667),
        "co_chuyen_trach_dai_hoc": ("2020-12-31", 1.0, ">=", "not_met", 0.3333),
        "chuyen_trach_dai_hoc": ("2025-12-31", 1.0, ">=", "not_met", 0.3333),  # its only milestone is 2025
        "giao_vien": ("2020-12-31", 1.0, ">=", "not_met", 0.85),
        "hoc_sinh_nghe": ("2020-12-31", 1.0, ">=", "no_data", None),  # no data, never 0%
        "hoc_sinh_tin_hoc": ("2020-12-31", 1.0, ">=", "met", 1.0),
        "doanh_nghiep": ("2020-12-31", 0.5, ">", "met", 0.55),
        "nguoi_dan": ("2020-12-31", 0.4, ">", "met", 0.42),
        "lanh_dao_boi_duong": ("2025-12-31", 1.0, ">=", "met", 1.0),  # its only milestone is 2025
    }


def test_targets_on_2025_12_31_use_the_2025_milestones(cli):
    data = _json(cli, "2025-12-31")
    got = _targets(data)
    assert got == {
        "nang_cao_tinh_huyen": ("2025-12-31", 1.0, ">=", "met", 1.0),
        "nang_cao_xa": ("2025-12-31", 1.0, ">=", "not_met", 0.5),
        "co_cio": ("2020-12-31", 1.0, ">=", "met", 1.0),  # only a 2020 milestone: still the target
        "co_chuyen_trach_dai_hoc": ("2020-12-31", 1.0, ">=", "met", 1.0),
        "chuyen_trach_dai_hoc": ("2025-12-31", 1.0, ">=", "met", 1.0),
        "giao_vien": ("2020-12-31", 1.0, ">=", "met", 1.0),
        "hoc_sinh_nghe": ("2020-12-31", 1.0, ">=", "met", 1.0),
        "hoc_sinh_tin_hoc": ("2020-12-31", 1.0, ">=", "not_met", 0.97),
        "doanh_nghiep": ("2025-12-31", 1.0, ">=", "not_met", 0.8),
        "nguoi_dan": ("2025-12-31", 1.0, ">=", "not_met", 0.65),
        "lanh_dao_boi_duong": ("2025-12-31", 1.0, ">=", "met", 1.0),
    }
    by_id = {t["id"]: t for t in data["targets"]}
    xa = by_id["muc_tieu.nang_cao_xa"]
    assert xa["missing"] == 1 and xa["missing_units"] == ["LD-GIANGHIA"]
    assert "cần thêm 1 người (LD-GIANGHIA: 1)" in xa["message"]
    assert by_id["muc_tieu.co_cio"]["overdue"] is True
    assert all(t["citation"].startswith("Quyết định 1965/QĐ-UBND") for t in data["targets"])


def test_what_is_missing_names_people_and_units_on_2020(cli):
    by_id = {t["id"]: t for t in _json(cli, "2020-12-31")["targets"]}
    assert by_id["muc_tieu.nang_cao_tinh_huyen"]["missing"] == 1
    assert by_id["muc_tieu.nang_cao_tinh_huyen"]["missing_units"] == ["DN-DAKMIL"]
    assert by_id["muc_tieu.co_cio"]["missing_units"] == ["DN-STC"]
    assert by_id["muc_tieu.co_chuyen_trach_dai_hoc"]["missing_units"] == ["DN-STC", "DN-DAKMIL"]


def test_compliance_on_both_dates(cli):
    for on, expected, findings in (
        (
            "2020-12-31",
            {
                "D01": "compliant",
                "D03": "not_applicable",
                "D04": "non_compliant",
                "D05": "non_compliant",
                "D06": "not_applicable",
                "D07": "compliant",
                "D08": "compliant",
                "D09": "not_applicable",
                "D10": "non_compliant",
                "D14": "not_applicable",
            },
            {("don_vi_chua_co_chuyen_trach", "DN-STC"), ("don_vi_chua_co_chuyen_trach", "DN-DAKMIL")},
        ),
        (
            "2025-12-31",
            {
                "D01": "compliant",
                "D02": "non_compliant",
                "D03": "not_applicable",
                "D07": "compliant",
                "D09": "not_applicable",
                "D11": "not_applicable",
                "D12": "compliant",
                "D13": "non_compliant",
                "D15": "not_applicable",
            },
            {("kiem_nhiem_chuc_danh_khac", "D02")},
        ),
    ):
        data = _json(cli, on)
        assert {r["staff_id"]: r["outcome"] for r in data["results"]} == expected
        assert {(f["code"], f["id"]) for f in data["findings"]} == findings
        assert all(reason["citation"] for r in data["results"] for reason in r["reasons"])


def test_before_qd02_is_in_force_there_is_no_outcome(cli):
    data = _json(cli, "2017-02-09")
    qd02 = next(p for p in data["policies"] if p["id"] == "daknong/qd02-2017")
    assert qd02["in_force"] is False
    assert not [r for r in data["results"] if r["policy"] == "daknong/qd02-2017"]
    assert [t for t in data["targets"] if t["policy"] == "daknong/qd1965-2016"]  # the 2016 programme is


def test_original_lam_dong_is_untouched(cli, sample):
    """Whatever LD-VPUB's staff look like, Đắk Nông's results, findings and targets do not change."""
    before = {on: _json(cli, on) for on in ("2020-12-31", "2025-12-31")}
    for data in before.values():
        assert "LD01" not in {r["staff_id"] for r in data["results"]}
        assert not [f for f in data["findings"] if f["id"] in ("LD-VPUB", "LD01")]
        assert not [t for t in data["targets"] if "LD-VPUB" in t["missing_units"]]
    staff = (sample / "staff.csv").read_text(encoding="utf-8-sig")
    line = next(row for row in staff.splitlines() if row.startswith("LD01,"))
    worse = line.replace(",chuyen_trach,không,", ",chuyen_trach,có,").replace(",dai_hoc,cntt,b,", ",trung_cap,khac,a,")
    worse = worse.replace(",không,có,01/01/2017", ",không,không,01/01/2017")
    assert worse != line
    (sample / "staff.csv").write_text(staff.replace(line, worse), encoding="utf-8-sig")
    for on, data in before.items():
        after = _json(cli, on, data=sample)
        assert after["provenance"]["dataset"] != data["provenance"]["dataset"]  # another dataset, and it says so
        assert {**after, "provenance": None} == {**data, "provenance": None}


def test_explain_lists_every_failing_article_in_vietnamese(cli):
    result = cli("explain", SAMPLE, "D02", "--on", "2025-12-31", "-p", "daknong/qd02-2017")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kết quả: không đáp ứng" in out
    assert "✗ Điều 3.1 — chuyên trách CNTT không kiêm nhiệm chức danh nào khác: không đạt" in out
    assert "✗ Điều 4.1.b — trình độ B tiếng Anh hoặc tương đương (A2 trở lên): không đạt" in out
    assert "(Quyết định 02/2017/QĐ-UBND, Quy chế Điều 3 khoản 1)" in out
    assert "(Quyết định 02/2017/QĐ-UBND, Quy chế Điều 4 khoản 1 điểm b)" in out
    assert "✓ Điều 4.1.a — tốt nghiệp chuyên ngành công nghệ thông tin (hoặc Tin học): đạt" in out
    assert "– Ưu tiên: Điều 4.2.b" in out and "không có (không bắt buộc)" in out  # never a failure
    assert out.count("✗") == 2


def test_explain_outside_the_scope_and_targets_only(cli):
    out = cli("explain", SAMPLE, "D03", "--on", "2025-12-31", *DAKNONG).stdout
    assert "Kết quả: không áp dụng" in out and "Không thuộc đối tượng" in out
    assert "chỉ có mục tiêu và phát hiện về đơn vị" in out
    out = cli("explain", SAMPLE, "D09", "--on", "2025-12-31", "-p", "daknong/qd02-2017").stdout
    assert "dữ liệu: employment = hop_dong, it_role = chuyen_trach" in out
    out = cli("explain", SAMPLE, "D05", "--on", "2025-12-31", "-p", "daknong/qd02-2017").stdout
    assert "đơn vị không tồn tại vào ngày đánh giá" in out


def test_table_shows_targets_as_their_own_section(cli):
    out = cli("assess", SAMPLE, "--on", "2020-12-31", *DAKNONG).stdout
    section = out[out.index("Mục tiêu:") :]
    assert section.splitlines()[1].split() == ["Mục", "tiêu", "Giá", "trị", "Chỉ", "tiêu", "Kết", "quả", "Còn", "thiếu"]
    line = next(row for row in section.splitlines() if row.startswith("CBCCVC cấp tỉnh"))
    assert "5/6 người (83,3%)" in line and "trên 90% đến 31/12/2020" in line and "chưa đạt" in line
    assert "cần thêm 1 người (DN-DAKMIL: 1)" in line
    assert "không có số liệu" in next(row for row in section.splitlines() if row.startswith("Học sinh trung cấp"))
    assert "Tổng: 3 người đáp ứng, 3 người không đáp ứng, 4 người không thuộc đối tượng" in out
    english = cli("assess", SAMPLE, "--on", "2020-12-31", *DAKNONG, "--lang", "en").stdout
    assert "Targets:" in english and "5/6 people (83.3%)" in english and "over 90% by 31/12/2020" in english


def test_the_open_list_of_network_certificates_is_an_assumption_its_reason_names(cli):
    """Điều 4.2.b lists "CCNA, MCSA, ...": the list is unknown beyond its examples. The priority's reason
    says so; the outcome, which a priority never decides, carries no assumption."""
    out = _json(cli, "2025-12-31")
    d01 = next(r for r in out["results"] if r["staff_id"] == "D01" and r["policy"] == "daknong/qd02-2017")
    reason = next(r for r in d01["reasons"] if r["rule"] == "tieu_chuan.chung_chi_mang")
    assert "network_certificates = ccna, mcsa: giả định" in reason["message"]
    assert d01["outcome"] == "compliant" and d01["assumptions"] == []


def test_unmet_requirements_worded_by_number_or_one_by_one_say_the_same(monkeypatch):
    """Each person's unmet requirements are a number worded once per number met (up to 32 requirements), or
    put together requirement by requirement beyond: the same line either way, missing data said too."""
    import datetime as dt

    from vnpolicy import api
    from vnpolicy.rules.kinds import requirements

    def decisions():
        done, _ = api.run(SAMPLE, dt.date(2025, 12, 31), ["daknong/qd02-2017"], lang="vi")
        return done.outcomes[0].outcomes.select("staff_id", "decision").rows()

    by_number = decisions()
    monkeypatch.setattr(requirements, "WORDED_BY_CODE", 0)
    assert decisions() == by_number
    lines = [d for _, d in by_number if d and d.startswith("Không đạt")]
    assert any("; " in d for d in lines) and any("thiếu dữ liệu" in d for d in lines)


def test_a_requirement_whose_message_is_empty_gives_no_line_alone():
    """A number whose requirements say nothing (an empty message) is no line, as "; ".join of nothing was."""
    from vnpolicy.rules.kinds.requirements import _line

    said = [("", " (thiếu dữ liệu)"), ("Điều 4", "Điều 4 (thiếu dữ liệu)")]
    assert _line(0, said, "Không đạt: ") is None and _line(0b01, said, "Không đạt: ") is None
    assert _line(0b11, said, "Không đạt: ") == "Không đạt:  (thiếu dữ liệu)"
    assert _line(0b0101, said, "Không đạt: ") == "Không đạt: ; Điều 4"
    assert _line(0b1100, said, "Không đạt: ") == "Không đạt: Điều 4 (thiếu dữ liệu)"
