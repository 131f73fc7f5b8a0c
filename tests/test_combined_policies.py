"""The bundled sample under every policy at once: Vĩnh Phúc's coverage, targets and figures, Nghị định 179
beside Lào Cai's Nghị quyết 12 with the per-person view, Lào Cai's attraction, hiring and training support
(source 001: unknown dates and amounts say so). Each is seen both ways on the sample, through the real CLI."""

import json

import jsonschema

from conftest import SAMPLE
from vnpolicy.rules.policy import shipped_schema


def _json(cli, on, *policies):
    args = ["assess", SAMPLE, "--on", on, "-f", "json"] + [a for p in policies for a in ("-p", p)]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, shipped_schema("results.schema.json"))
    return data


def _results(data, policy):
    return {r["staff_id"]: r for r in data["results"] if r["policy"] == policy}


def test_table_shows_every_new_policy_with_citations(cli):
    out = cli("assess", SAMPLE, "--on", "2025-12-01").stdout
    # Vĩnh Phúc: coverage findings (a status check), figures beside the source's baselines
    assert (
        "[don_vi_thieu_nhan_luc_cntt] PT-VINHYEN: UBND phường Vĩnh Yên: chưa có lãnh đạo phụ trách ứng dụng CNTT" in out
    )
    assert "[co_quan_dang_thieu_nhan_luc_cntt] PT-BANTG" in out
    # the source reports "most" have them and sets no target: a status check, never a made-up 100% target
    assert "cần thêm 1 đơn vị (PT-VINHYEN)" not in out
    assert "Tỷ lệ chỉ kiêm nhiệm (điểm yếu nguồn nêu)" in out and "hơn 3.100" in out and "gần 9.900" in out
    assert "620 trên mỗi xã, phường (2)" in out
    # Nghị định 179 beside Nghị quyết 12, and what each person receives in all
    assert "== national/nd179-2025" in out and "5.000.000 đ/tháng" in out
    assert "Theo từng người" in out and "phải chọn một: laocai/nq12-2025 / national/nd179-2025" in out
    # attraction (one-time), hiring tiers (unknown stays unknown), training support
    assert "thanh_pho_thi_xa  100.000.000 đ một lần" in out and "huyen             150.000.000 đ một lần" in out
    assert "Tổng: 2 người đủ điều kiện, 2 người được chi trả, 250.000.000 đ một lần" in out
    assert "H02  Lưu Minh Đức    LC-SKHCN   chưa xác định       muc_2_hoac_3" in out
    assert "1 người chưa xác định được mức" in out
    assert "(không có số hiệu)" in out and "hiệu lực từ 24/08/2022 (ngày chưa rõ, tạm coi)" in out


def test_json_national_beside_laocai_and_the_per_person_view(cli):
    data = _json(cli, "2025-12-01")
    nd179, nq12 = _results(data, "national/nd179-2025"), _results(data, "laocai/nq12-2025")
    assert nd179["L01"]["outcome"] == "eligible" and nd179["L01"]["amount_vnd"] == 5000000
    assert nd179["L02"]["outcome"] == "not_eligible"  # concurrent: not covered
    assert nd179["V01"]["outcome"] == "eligible" and nd179["D01"]["outcome"] == "eligible"  # every province
    unchecked = [r for r in nd179["L01"]["reasons"] if r["passed"] is None]
    assert [r["rule"] for r in unchecked] == ["ho_tro.thang_khong_huong"] and "bộ dữ liệu chưa có" in unchecked[0][
        "message"
    ]
    assert nq12["L13"]["outcome"] == "not_eligible"  # receives Nghị định 179 already
    people = {p["staff_id"]: p for p in data["people"]}
    assert people["L01"]["monthly_vnd"] == 5400000 and people["L01"]["must_choose"] == [
        ["laocai/nq12-2025", "national/nd179-2025"]
    ]
    assert people["L05"]["monthly_vnd"] == 5000000  # nhom_2 3.600.000 < 5.000.000
    assert people["L13"]["monthly_vnd"] == 5000000 and people["L13"]["must_choose"] == []
    assert people["L24"]["one_time_vnd"] == 150000000 and people["L24"]["monthly_vnd"] == 5000000
    assert people["H02"]["unknown"] is True and people["H02"]["monthly_vnd"] == 0
    assert "L19" not in people  # receives nothing
    flags = {(f["code"], f["id"]) for f in data["findings"] if f["policy"] == "national/nd179-2025"}
    assert ("dang_huong_nhung_khong_du_dieu_kien", "D09") in flags and ("du_dieu_kien_chua_huong", "V06") in flags
    assert ("du_dieu_kien_chua_huong", "D01") not in flags  # eligible and recorded as receiving


def test_attraction_hiring_and_training_both_ways(cli):
    data = _json(cli, "2025-12-01", "laocai/thu-hut-cntt", "laocai/thue-chuyen-gia", "laocai/ho-tro-dao-tao")
    attraction = _results(data, "laocai/thu-hut-cntt")
    assert (attraction["L07"]["amount_vnd"], attraction["L07"]["amount_period"]) == (100000000, "once")
    assert attraction["L24"]["group"] == "huyen" and attraction["L24"]["amount_vnd"] == 150000000
    assert attraction["L25"]["outcome"] == "not_eligible" and attraction["L05"]["outcome"] == "not_eligible"
    assert "L13" not in attraction  # former Yên Bái: outside former Lào Cai
    assert all(any("nguồn không nêu ngày hiệu lực" in a for a in r["assumptions"]) for r in attraction.values())
    hiring = _results(data, "laocai/thue-chuyen-gia")
    assert {k: (r["outcome"], r["group"], r["amount_vnd"]) for k, r in hiring.items()} == {
        "H01": ("eligible", "muc_1", 40000000),
        "H02": ("unknown", "muc_2_hoac_3", None),
        "H03": ("eligible", "muc_4", 15000000),
        "H04": ("not_eligible", None, None),
    }
    assert "Chưa xác định được mức chi trả" in hiring["H02"]["decision"]
    training = _results(data, "laocai/ho-tro-dao-tao")
    assert training["L01"]["outcome"] == "eligible" and training["L02"]["outcome"] == "not_eligible"
    policies = {p["id"]: p for p in data["policies"]}
    assert policies["laocai/thue-chuyen-gia"]["in_force_known"] is False
    assert policies["laocai/thu-hut-cntt"]["document"]["number"] is None
    totals = {t["policy"]: t for t in data["totals"]}
    assert totals["laocai/thue-chuyen-gia"] == {
        "policy": "laocai/thue-chuyen-gia",
        "monthly_vnd": 55000000,
        "ceiling": True,  # "không quá": the amounts are ceilings, not a cost
        "eligible": 2,
        "paid": 2,
        "unknown": 1,
    }
    assert totals["laocai/thu-hut-cntt"]["one_time_vnd"] == 250000000
    figures = {f["id"]: f for f in data["figures"]}
    assert figures["dao_tao.hoc_vien"]["value"] == 383 and figures["dao_tao.hoc_vien"]["baseline"]["value"] == 383


def test_vinhphuc_status_and_figures_both_ways(cli):
    before = _json(cli, "2023-06-30", "vinhphuc/cds-2025")
    now = _json(cli, "2025-12-01", "vinhphuc/cds-2025")
    later = _json(cli, "2026-03-01", "vinhphuc/cds-2025")  # V07 becomes PT-VINHYEN's IT leader in 2026
    assert now["targets"] == [] and later["targets"] == []  # the source sets no target
    lacking = lambda d: {f["id"] for f in d["findings"] if f["code"] == "don_vi_thieu_nhan_luc_cntt"}
    assert "PT-VINHYEN" in lacking(now) and "PT-VINHYEN" not in lacking(later)
    # nothing citing the plan for Quyết định 204-QĐ/TW (29/11/2024) applies before that date
    assert not [f for f in before["findings"] if f["code"] == "co_quan_dang_thieu_nhan_luc_cntt"]
    assert not [f for f in before["figures"] if f["id"].startswith("so_lieu_dang.")]
    figures = lambda d: {f["id"]: f for f in d["figures"]}
    assert figures(before)["so_lieu.lop_dao_tao"]["status"] == "no_data"
    assert (
        figures(now)["so_lieu.to_cong_nghe"]["value"] == 1240 and figures(now)["so_lieu.to_cong_nghe"]["per"] == 620.0
    )
    assert figures(now)["so_lieu.ty_le_kiem_nhiem"]["value"] == 0.5
    assert (
        figures(now)["so_lieu.trung_tam_ha_tang_so"]["value"] == 1
        and figures(now)["so_lieu.trung_tam_ha_tang_so"]["baseline"]["value"] == 10
    )
    assert figures(now)["so_lieu_dang.dang_ty_le_kiem_nhiem"]["value"] == 1.0
    found = {(f["code"], f["id"]) for f in now["findings"]}
    assert ("co_quan_dang_thieu_nhan_luc_cntt", "PT-BANTG") in found
    assert not {f for f in found if f[1] in ("PT-VPTU-VP", "PT-SKHCN-VP", "PT-PHUCYEN")}
    assert all(f["citation"] for d in (now, later) for f in d["figures"] + d["findings"] + d["targets"])


def test_nd179_not_in_force_before_15_august_2025(cli):
    data = _json(cli, "2025-08-14", "national/nd179-2025", "laocai/nq12-2025")
    assert data["policies"][0]["in_force"] is False and not _results(data, "national/nd179-2025")
    assert all(p["must_choose"] == [] for p in data["people"])


def test_english_words_for_the_new_parts(cli):
    out = cli("assess", SAMPLE, "--on", "2025-12-01", "--lang", "en").stdout
    assert "Per person: everything each person receives" in out and "must choose one" in out
    assert "100,000,000 VND once" in out and "unknown" in out and "The source reports" in out


def test_explain_unknown_amount_and_unchecked_items(cli):
    out = cli("explain", SAMPLE, "H02", "--on", "2025-12-01").stdout
    assert "Kết quả: chưa xác định — muc_2_hoac_3" in out
    assert "? Chưa kiểm tra được: Chưa xác định được mức chi trả" in out
    assert "Giả định: nguồn không nêu ngày hiệu lực; tạm coi áp dụng từ 24/08/2022" in out
    out = cli("explain", SAMPLE, "L24", "--on", "2025-12-01").stdout
    assert "Tổng: 5.000.000 đ/tháng, 150.000.000 đ một lần" in out
