"""``vnpolicy lint``: every kind of finding on a test policy made to trigger it (tests/policies/lint/), said on
the line it names with its severity and id; the bundled policies lint without errors; FILE, FOLDER and installed
id; --strict, --lang en, --cases."""

import re
import shutil

import pytest

from conftest import ROOT
from vnpolicy.authoring.lint import domains

LINT = ROOT / "tests" / "policies" / "lint"
CASES = ROOT / "tests" / "policies" / "lint-cases"

# (file, line, severity, id, words of what is wrong): each test policy and the finding it exists for
FINDINGS = [
    ("shadowed", 19, "lỗi", "muc.sau_dai_hoc", "đều đã vào muc.dai_hoc ở trên (ví dụ: education=thac_si, major=cntt)"),
    (
        "shadowed-systems",
        32,
        "lỗi",
        "muc.lam_cntt",
        "đều đã vào muc.chuyen_trach, muc.kiem_nhiem ở trên (ví dụ: it_role=chuyen_trach; hệ thống [security_level=2])"
        " (với giá trị tham số từ 01/06/2026)",
    ),
    (
        "overlap",
        19,
        "thông tin",
        "muc.dung_nganh",
        "bậc này và muc.chuyen_trach cùng nhận một số người; chỉ thứ tự quyết định: họ vào muc.chuyen_trach "
        "(ví dụ: major=cntt, it_role=chuyen_trach)",
    ),
    ("impossible", 14, "lỗi", "muc.muc_a", "các điều kiện của nó không bao giờ cùng đúng"),
    ("excluded", 24, "lỗi", "muc.tin_hoc", "mọi người vào bậc này đều bị loại trừ (khong_phai_cntt)"),
    ("always-true", 18, "cảnh báo", "muc.a.trinh_do", "luôn đúng: ai cũng đáp ứng"),
    ("never", 18, "lỗi", "muc.a.cap", "không bao giờ đúng: không ai đáp ứng"),
    ("exclusion-never", 12, "cảnh báo", "chua_hoc", "không loại trừ ai"),
    ("exclusion-all", 15, "lỗi", "co_lam_cntt", "loại trừ mọi người trong phạm vi chính sách (applies_to)"),
    ("cap-group", 22, "lỗi", "toi_da", "quy tắc nêu nhóm nhom_l mà không bậc nào cho"),
    ("parameter-gap", 11, "lỗi", "amount_a", "chưa có giá trị từ 01/01/2026 đến 30/06/2026"),
    (
        "parameter-gap-read",
        13,
        "lỗi",
        "min_education",
        "chưa có giá trị từ 01/01/2026 đến 28/02/2026, trong khi chính sách có hiệu lực: biểu thức đọc nó",
    ),
    ("value-ends", 13, "cảnh báo", "amount_a", "giá trị dừng sau 31/12/2026: từ 01/01/2027 không có giá trị"),
    ("unused", 9, "cảnh báo", "min_education", "không quy tắc nào dùng tham số này"),
    ("out-of-unit", 12, "lỗi", "amount_a", "giá trị -2000000 từ 01/01/2026 không hợp với đơn vị vnd_per_month"),
    ("out-of-unit", 17, "lỗi", "min_level", "giá trị 7 từ 01/01/2026 không hợp với đơn vị level"),
    ("readings", 7, "thông tin", "in_force", "ngày hiệu lực 01/01/2026 là giả định"),
    ("readings", 15, "thông tin", "amount_a", "nguồn không cho giá trị từ 01/01/2026 (unknown)"),
    ("readings", 20, "thông tin", "min_education", "= dai_hoc từ 01/01/2026 là giả định (unknown: true): nguồn"),
    ("readings", 27, "thông tin", "readings.chuyen_nganh", "đã chọn hep (CNTT và tin học); phương án khác: rong"),
    ("reading-undeclared", 12, "cảnh báo", "majors", "chưa khai báo phương án (readings)"),
    ("citation", 16, "cảnh báo", "muc.a", "trích dẫn nêu văn bản 5/2020/NQ-HĐND, không phải văn bản của chính sách"),
    ("replaced", 9, "lỗi", "thu/lint-replaced", "thay thế bởi 9/2027/NQ-HĐND từ 01/07/2027 nhưng chính sách chưa có"),
    ("duplicate-rules", 18, "lỗi", "thu/lint-duplicate-rules", "rules[1].id: 'muc' đã dùng cho một quy tắc khác"),
    ("duplicate-tiers", 18, "lỗi", "muc.a", "mã a đã dùng ở dòng 14 trong cùng quy tắc"),
]


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # findings name files relative to the current folder


def finding_lines(output):
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+: ", line)]


@pytest.mark.parametrize("name, line, severity, ident, words", FINDINGS, ids=[f"{f[0]}:{f[1]}" for f in FINDINGS])
def test_each_kind_of_finding_is_one_line_at_its_place(cli, name, line, severity, ident, words):
    result = cli("lint", LINT / f"{name}.yaml")
    head = f"tests/policies/lint/{name}.yaml:{line}: {severity}: {ident}: "
    mine = [x for x in finding_lines(result.output) if x.startswith(head)]
    assert len(mine) == 1 and words in mine[0], result.output
    assert " — " in mine[0]  # and what to do
    assert result.exit_code == (1 if "lỗi:" in result.output else 0)


def test_a_folder_is_every_policy_in_it(cli):
    result = cli("lint", LINT)
    assert result.exit_code == 1
    files = {line.split(":")[0] for line in finding_lines(result.output)}
    clean = {"exercised.yaml"}  # what it is for needs --cases
    assert files == {f"tests/policies/lint/{p.name}" for p in LINT.glob("*.yaml") if p.name not in clean}
    count = len(list(LINT.glob("*.yaml")))
    assert re.search(rf"^\d+ lỗi, \d+ cảnh báo, \d+ thông tin \({count} tệp\)$", result.output, re.M)


def test_bundled_policies_have_no_error_and_are_analysed(cli):
    result = cli("lint")
    assert result.exit_code == 0, result.output
    assert "lỗi:" not in result.output and re.search(r"^0 lỗi, 0 cảnh báo", result.output, re.M)
    assert cli("lint", "--strict").exit_code == 0  # what docs/authoring.md tells authors CI runs
    assert "không phân tích" not in result.output  # every tiers rule decided exhaustively, NQ 12's with its systems
    assert re.search(
        r"nq12-2025\.yaml:\d+: thông tin: nhom_ho_tro\.nhom_2: bậc này và nhom_ho_tro\.nhom_1 cùng nhận .*"
        r"hệ thống \[security_level=2, level_approved=true\] và \[security_level=3",
        result.output,
    )


def test_an_installed_policy_by_its_id(cli):
    result = cli("lint", "laocai/thue-chuyen-gia")
    assert result.exit_code == 0
    lines = finding_lines(result.output)
    assert lines and all("thue-chuyen-gia.yaml:" in line for line in lines)
    assert any(
        re.search(r"thue-chuyen-gia\.yaml:\d+: thông tin: muc_thue\.muc_2_hoac_3: bậc này và muc_thue\.muc_1", line)
        and "years_experience=15" in line
        for line in lines
    )
    unknown = cli("lint", "laocai/khong-co")
    assert unknown.exit_code == 1 and "laocai/khong-co: không phải tệp, thư mục hay mã chính sách" in unknown.output


def test_strict_fails_on_a_warning_and_english_says_it_in_english(cli):
    warning = LINT / "unused.yaml"
    assert cli("lint", warning).exit_code == 0
    assert cli("lint", warning, "--strict").exit_code == 1
    assert cli("lint", LINT / "overlap.yaml", "--strict").exit_code == 0  # information never fails
    english = cli("lint", LINT / "shadowed.yaml", "--lang", "en")
    assert english.exit_code == 1
    assert (
        "tests/policies/lint/shadowed.yaml:19: error: muc.sau_dai_hoc: nobody reaches this tier: everyone who meets "
        "its conditions is taken first by muc.dai_hoc above (e.g. education=thac_si, major=cntt) — change"
    ) in english.output
    assert english.output.rstrip().endswith("1 error, 0 warnings, 0 info (1 file)")
    assert "2026-01-01" in cli("lint", LINT / "parameter-gap.yaml", "--lang", "en").output


def test_two_files_of_one_policy_id(cli, tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(LINT / "overlap.yaml", tmp_path / name)
    result = cli("lint", tmp_path)
    assert result.exit_code == 1
    said = r"b\.yaml:\d+: lỗi: thu/lint-overlap: mã chính sách thu/lint-overlap đã có ở .*a\.yaml"
    assert re.search(said, result.output)


def test_too_many_combinations_is_said_never_sampled(cli, monkeypatch):
    monkeypatch.setattr(domains, "LIMIT", 3)
    result = cli("lint", LINT / "overlap.yaml")
    assert re.search(
        r"overlap\.yaml:11: thông tin: muc: không phân tích các bậc: 4 tổ hợp giá trị của it_role, major \(quá 3\)",
        result.output,
    )
    assert "cùng nhận" not in result.output


def test_cases_that_do_not_exercise_a_rule_both_ways(cli):
    result = cli("lint", LINT / "exercised.yaml", "--cases", CASES)
    where = "tests/policies/lint/exercised.yaml"
    lines = finding_lines(result.output)
    said = f"{where}:12: cảnh báo: da_huong: các ca trong tests/policies/lint-cases chỉ có người không bị loại trừ, "
    assert any(x.startswith(said) for x in lines)
    assert any(x.startswith(f"{where}:25: cảnh báo: muc.a.trinh_do: ") and "chưa có ai không đạt" in x for x in lines)
    assert any(x.startswith(f"{where}:26: cảnh báo: muc.b: ") for x in lines)
    assert not any(": muc.a.vai_tro: " in x or ": muc.a: " in x for x in lines)  # exercised both ways
    assert result.exit_code == 0 and cli("lint", LINT / "exercised.yaml", "--cases", CASES, "--strict").exit_code == 1
    none = cli("lint", LINT / "overlap.yaml", "--cases", CASES)
    assert "không có ca kiểm thử nào cho chính sách này trong tests/policies/lint-cases" in none.output
    missing = cli("lint", LINT / "overlap.yaml", "--cases", CASES / "khong-co")
    assert missing.exit_code == 1 and "khong-co: không tìm thấy" in missing.output
