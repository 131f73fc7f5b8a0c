"""``vnpolicy explain DATASET ID -o thu.html|.md``: a letter for the person who asks "why not me?" — the header,
their data in words, each policy's decision with its articles, what would have to change (the nearest group's
unmet conditions; for someone eligible, what a higher group needs), the assumptions and readings relied on, a
signature block; Markdown and HTML (printed on A4 in Chromium); markup in a name escaped; English; an unknown id."""

import html
import json
import re

import pytest

from conftest import SAMPLE
from test_render import CHROMIUM, a4_pages, in_chromium, page_requests

NQ12 = ("--on", "2025-12-01", "-p", "laocai/nq12-2025")
QD02 = ("--on", "2025-12-31", "-p", "daknong/qd02-2017")
CHANGE = "### Điều cần thay đổi để có kết quả khác"


def written(cli, tmp_path, staff_id, *args, name="thu.md", dataset=SAMPLE):
    out = tmp_path / name
    result = cli("explain", dataset, staff_id, *args, "-o", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def part(md, start, end="\n### "):
    """The text of ``md`` from the heading ``start`` to the next heading of its level."""
    assert start in md, start
    return md.split(start, 1)[1].split(end, 1)[0]


def test_not_eligible_names_the_nearest_groups_unmet_conditions_with_articles_and_the_assumptions(cli, tmp_path):
    md = written(cli, tmp_path, "L14", *NQ12)
    assert md.startswith("# Thư trả lời về kết quả xét hưởng chính sách\n\nKính gửi: **Trịnh Thị Quỳnh** (L14)")
    assert "- **Ngày:** 01/12/2025" in md and "- **Kính gửi:** Trịnh Thị Quỳnh (L14)" in md
    assert "- **Về việc:** trả lời về kết quả xét hưởng chính sách của Ông/Bà theo 12/NQ-HĐND" in md
    # the data as read, in words with the field's name
    assert "- **trình độ (education):** cao đẳng" in md and "- **vai trò CNTT (it_role):** chuyên trách" in md
    assert "Kết quả: **không đủ điều kiện**" in md
    change = part(md, CHANGE)
    assert "Nhóm gần nhất là Nhóm 2 (Nghị quyết 12/NQ-HĐND, nhóm 2)" in change
    assert "Chưa đáp ứng: **Trình độ đại học trở lên, đúng chuyên ngành (như nhóm 1): không đạt**" in change
    assert "Dữ liệu của Ông/Bà: trình độ (education): cao đẳng; chuyên ngành (major): công nghệ thông tin" in change
    assert "*Trích dẫn: Nghị quyết 12/NQ-HĐND, nhóm 2*" in change
    assert "Nhóm 1" not in change and "đạt**" not in change.replace("không đạt**", "")  # only the unmet
    relied = part(md, "### Giả định và cách hiểu đã dựa vào", "\n## ")
    assert "**⚠ nhom_3_min_rating = tot: giả định, nguồn chưa quy định**" in relied
    assert md.rstrip().endswith("- **Chữ ký, đóng dấu:** ……………………………………")
    assert "- **Người ký:** ……" in md and "- **Chức vụ:** ……" in md


def test_every_unmet_condition_of_the_nearest_group(cli, tmp_path):
    """L02, a leader not full-time in IT, is one condition short of both group 1 and group 3: the letter follows
    the engine's deciding reason (group 3), and names the reading her group 1 outcome depends on."""
    md = written(cli, tmp_path, "L02", *NQ12)
    change = part(md, CHANGE)
    assert "Nhóm gần nhất là Nhóm 3 (Nghị quyết 12/NQ-HĐND, nhóm 3)" in change
    assert change.count("Chưa đáp ứng:") == 1
    assert "Trực tiếp quản lý, vận hành hệ thống thông tin cấp độ 1: không đạt" in change
    relied = part(md, "### Giả định và cách hiểu đã dựa vào", "\n## ")
    assert "*Cách hiểu lanh_dao_nhom_1: " in relied and "kết quả sẽ khác nếu chọn moi_lanh_dao.*" in relied


def test_eligible_says_the_amount_and_what_a_higher_group_needs(cli, tmp_path):
    md = written(cli, tmp_path, "L05", *NQ12)
    assert "Kết quả: **đủ điều kiện — Nhóm 2 — 3.600.000 đ/tháng**" in md
    change = part(md, CHANGE)
    assert "Để được xét vào nhóm cao hơn, Nhóm 1 (Nghị quyết 12/NQ-HĐND, nhóm 1), cần đáp ứng thêm:" in change
    assert "Trực tiếp quản lý, vận hành hệ thống thông tin cấp độ 3 trở lên: không đạt" in change
    assert change.count("Chưa đáp ứng:") == 1
    assert "Kết quả không dựa vào giả định hay cách hiểu nào." in md


def test_eligible_over_a_cap_says_not_paid_and_no_amount(cli, tmp_path):
    """L03 meets group 1 but is third on a level-3 system that pays two: not paid, and the letter names no
    sum (it said "0 đ/tháng")."""
    md = written(cli, tmp_path, "L03", *NQ12)
    said = md.split("Kết quả: **", 1)[1].split("**", 1)[0]
    assert said.startswith("đủ điều kiện — Nhóm 1 (đủ điều kiện nhưng không được chi trả: ")
    assert "S01: thứ 3/3, tối đa 2" in said and "đ/tháng" not in said


def test_daknong_non_compliant_every_failing_article(cli, tmp_path):
    md = written(cli, tmp_path, "D02", *QD02)
    assert "Kính gửi: **H'Hen Niê** (D02)" in md and "Kết quả: **không đáp ứng**" in md
    change = part(md, CHANGE)
    for article, data in (
        ("Điều 3.1 — chuyên trách CNTT không kiêm nhiệm chức danh nào khác", "(other_titles): có"),
        ("Điều 4.1.b — trình độ B tiếng Anh hoặc tương đương (A2 trở lên)", "(english_cefr): A1"),
    ):
        assert f"Chưa đáp ứng: **{article}: không đạt**" in change and data in change
    assert "Quy chế Điều 3 khoản 1" in change and "Quy chế Điều 4 khoản 1 điểm b" in change
    assert "Điều 4.1.a" not in change and "Ưu tiên" not in change  # met, and optional, are not asked for
    relied = part(md, "### Giả định và cách hiểu đã dựa vào", "\n## ")
    assert relied.count("Chưa kiểm tra được: Điều 4") == 4


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_letter_escapes_a_name_and_prints_on_a4_in_chromium(cli, tmp_path, sample):
    staff = sample / "staff.csv"
    hostile = "<script>alert(1)</script> **Quỳnh**"
    text = staff.read_text(encoding="utf-8")
    assert "Trịnh Thị Quỳnh" in text
    staff.write_text(text.replace("Trịnh Thị Quỳnh", hostile, 1), encoding="utf-8")
    page = written(cli, tmp_path, "L14", *NQ12, name="thu.html", dataset=sample)
    md = written(cli, tmp_path, "L14", *NQ12, name="thu.md", dataset=sample)
    assert "<script" not in page and html.escape(hostile) in page
    assert "\\<script\\>alert(1)\\</script\\> \\*\\*Quỳnh\\*\\*" in md and not re.search(r"(?<!\\)<", md)
    assert "Nhóm gần nhất là Nhóm 2" in page and "Content-Security-Policy" in page
    path, pdf, net = tmp_path / "thu.html", tmp_path / "thu.pdf", tmp_path / "net.json"
    result = in_chromium(path, tmp_path, pdf, net)
    assert "<h1>Thư trả lời về kết quả xét hưởng chính sách</h1>" in result.stdout
    assert "<script>alert(1)</script>" not in result.stdout and "&lt;script&gt;alert(1)" in result.stdout
    a4_pages(pdf)
    assert page_requests(json.loads(net.read_text(encoding="utf-8"))) == []


def test_in_english(cli, tmp_path):
    md = written(cli, tmp_path, "L14", *NQ12, "--lang", "en")
    assert md.startswith("# Reply on the outcome of your assessment\n\nTo: **Trịnh Thị Quỳnh** (L14)")
    assert "Outcome: **not eligible**" in md and "- **education (education):** college" in md
    change = part(md, "### What would have to change for a different outcome")
    assert "The nearest group is Group 2 (Nghị quyết 12/NQ-HĐND, nhóm 2)" in change
    assert "Not met: **University degree or higher in the right field (as nhom_1): not met**" in change
    assert "- **Signed by:** ……" in md
    assert "Kính gửi" not in md and "Chưa đáp ứng" not in md


def test_terminal_default_unchanged_formats_and_an_unknown_id(cli, tmp_path):
    shown = cli("explain", SAMPLE, "L14", *NQ12)
    assert shown.exit_code == 0 and shown.output.startswith("Trịnh Thị Quỳnh (L14) — Sở Khoa học")
    assert (
        "  ✗ Trình độ đại học trở lên, đúng chuyên ngành: không đạt" in shown.output and "Kính gửi" not in shown.output
    )
    as_md = cli("explain", SAMPLE, "L14", *NQ12, "-f", "md")
    assert as_md.exit_code == 0 and as_md.output.startswith("# Thư trả lời")
    assert written(cli, tmp_path, "L14", *NQ12, name="thu.txt") == shown.output  # a .txt file: the terminal text
    out = tmp_path / "x.html"
    unknown = cli("explain", SAMPLE, "L99", *NQ12, "-o", out)
    assert unknown.exit_code == 1 and unknown.output.strip().count("\n") == 0
    assert "không có cán bộ mã 'L99'" in unknown.output and not out.exists()
    wrong = cli("explain", SAMPLE, "L14", *NQ12, "-f", "md", "-o", out)
    assert wrong.exit_code == 1 and "khác -f md" in wrong.output and not out.exists()
    xlsx = cli("explain", SAMPLE, "L14", *NQ12, "-o", tmp_path / "x.xlsx")
    assert xlsx.exit_code == 1 and "không ghi xlsx" in xlsx.output
