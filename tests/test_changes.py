"""``vnpolicy changes``: what changed since last month — two datasets on one date, one dataset on two dates —
each person named with the reason that changed, people added and removed, and the monthly cost difference
equal to the difference of ``vnpolicy assess`` totals."""

import csv
import io
import json

import pytest

from conftest import ROOT, SAMPLE

NQ12 = "laocai/nq12-2025"
ON = "2026-01-05"  # ratings of 2025 are "the year before"


def _edit(folder, table, change):
    """Rewrite ``folder/table.csv`` (with its BOM) through ``change(rows) -> rows``."""
    path = folder / f"{table}.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(staff_id, **values):
    def change(rows):
        for row in rows:
            if row["id"] == staff_id:
                row.update(values)
        return rows

    return change


def _monthly(cli, *args):
    """The NQ 12 monthly total of ``vnpolicy assess ... -f json``."""
    out = cli("assess", *args, "-f", "json")
    assert out.exit_code == 0, out.stderr
    totals = {t["policy"]: t for t in json.loads(out.stdout)["totals"]}
    return totals[NQ12]["monthly_vnd"]


@pytest.fixture
def month(sample):
    """This month's dataset: L01 rated lower, L05's assignment removed, L09 gone, L99 new, L22 moved to a
    hospital (NQ 12's group 3 excludes health and education units)."""
    _edit(sample, "staff", _set("L01", rating_2025="hoan_thanh"))
    _edit(sample, "staff", _set("L22", unit_id="LC-BVDK"))

    def people(rows):
        new = dict(next(r for r in rows if r["id"] == "L22"), id="L99", full_name="Người Mới", unit_id="LC-MTTQ")
        return [r for r in rows if r["id"] != "L09"] + [new]

    _edit(sample, "staff", people)

    def assignments(rows):
        kept = [r for r in rows if not (r["staff_id"] == "L05" and r["system_id"] == "S03") and r["staff_id"] != "L09"]
        return kept + [dict(next(r for r in rows if r["staff_id"] == "L22"), staff_id="L99")]

    _edit(sample, "assignments", assignments)
    return sample


def test_two_datasets_name_each_change_with_its_reason(cli, month):
    out = cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "-f", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    people = {p["staff_id"]: p for p in data["changes"]}
    assert data["mode"] == "datasets"
    assert [p["staff_id"] for p in data["added"]] == ["L99"]
    assert [p["staff_id"] for p in data["removed"]] == ["L09"]

    l01 = people["L01"]
    assert (l01["before"]["outcome"], l01["after"]["outcome"]) == ("eligible", "not_eligible")
    assert {"field": "rating_2025", "before": "tot", "after": "hoan_thanh"} in l01["fields"]
    reasons = {(r["rule"], r["before"], r["after"]) for r in l01["reasons"]}
    assert reasons == {("nhom_ho_tro.nhom_1.xep_loai", True, False)}
    assert "nhom_ho_tro.nhom_1.xep_loai: đạt → không đạt" in l01["why"]

    l05 = people["L05"]
    assert l05["before"]["group"] == "nhom_2" and l05["after"]["outcome"] == "not_eligible"
    assert [f["field"] for f in l05["fields"]] == ["assignment S03"] and l05["fields"][0]["after"] is None

    l22 = people["L22"]
    assert {"field": "unit_id", "before": "LC-MTTQ", "after": "LC-BVDK"} in l22["fields"]
    assert "nhom_3_giao_duc_y_te" in {r["rule"] for r in l22["reasons"]}

    assert people["L09"]["status"] == "removed" and people["L09"]["after"]["outcome"] is None
    assert people["L99"]["status"] == "added" and people["L99"]["before"]["outcome"] is None
    assert people["L99"]["after"]["outcome"] == "eligible"
    assert people["L03"]["reasons"][0]["rule"] == "toi_da_cap_do_3"  # paid now that L01 is not: the cap
    assert set(people) == {"L01", "L03", "L05", "L09", "L22", "L99"}  # nobody else

    expected = _monthly(cli, month, "--on", ON, "-p", NQ12) - _monthly(cli, SAMPLE, "--on", ON, "-p", NQ12)
    assert expected != 0
    (policy,) = data["policies"]
    assert policy["cost"]["monthly_vnd"] == data["total"]["cost"]["monthly_vnd"] == expected


def test_the_table_and_csv_say_the_same(cli, month, tmp_path):
    out = cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12)
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    l01 = lines.index(next(line for line in lines if line.startswith("  L01 Nguyễn Văn An")))
    assert "đủ điều kiện nhom_1 5.400.000 đ/tháng → không đủ điều kiện" in lines[l01]
    assert "nhom_ho_tro.nhom_1.xep_loai: đạt → không đạt" in lines[l01 + 1]
    assert "rating_2025: tot → hoan_thanh" in lines[l01 + 1]
    assert any(line.startswith("Người mới (1):") for line in lines) and "  L99 Người Mới (LC-MTTQ)" in lines

    english = cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "--lang", "en")
    assert "nhom_ho_tro.nhom_1.xep_loai: met → not met" in english.stdout and "People added (1):" in english.stdout

    target = tmp_path / "out" / "changes.csv"
    wrote = cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "-o", target)
    assert wrote.exit_code == 0, wrote.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    l22 = next(r for r in rows if r["staff_id"] == "L22")
    assert l22["outcome_before"] == "eligible" and l22["outcome_after"] == "not_eligible"
    assert "unit_id: LC-MTTQ → LC-BVDK" in l22["why"]
    assert {r["staff_id"] for r in rows} == {"L01", "L03", "L05", "L09", "L22", "L99"}
    text = tmp_path / "changes.txt"
    assert cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "-o", text).exit_code == 0
    assert text.read_text(encoding="utf-8") == out.stdout


def test_excel_and_html_keep_the_data_inert(cli, month, tmp_path):
    import openpyxl

    _edit(month, "staff", _set("L99", full_name="=1+1 <b>x</b>"))
    book, page = tmp_path / "c.xlsx", tmp_path / "c.html"
    out = cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "-o", book)
    assert out.exit_code == 0, out.stderr
    sheet = openpyxl.load_workbook(book)["Người thay đổi"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"L01", "L03", "L05", "L09", "L22", "L99"}
    name = rows["L99"][1]
    assert name.value == "=1+1 <b>x</b>" and name.data_type == "s"
    l01 = [c.value for c in rows["L01"]]
    assert l01[7] == 5400000 and "nhom_ho_tro.nhom_1.xep_loai: đạt → không đạt" in l01[-1]
    assert rows["L01"][7].number_format == '#,##0 "đ"'
    assert cli("changes", SAMPLE, month, "--on", ON, "-p", NQ12, "-o", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "=1+1 &lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html and "<script" not in html
    assert "rating_2025: tot → hoan_thanh" in html


def test_two_dates_across_a_new_amount(cli, tmp_path):
    source = (ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8")
    marker = "  amount_nhom_3:\n"
    at = source.index("values:", source.index(marker)) + len("values:\n")
    line_end = source.index("\n", at) + 1
    indent = source[at:line_end][: len(source[at:line_end]) - len(source[at:line_end].lstrip())]
    edited = source[:line_end] + f"{indent}2025-12-01: 1500000\n" + source[line_end:]
    policy = tmp_path / "nq12-2025.yaml"
    policy.write_text(edited, encoding="utf-8")
    common = ("-p", NQ12, "--policy-file", policy)

    out = cli("changes", SAMPLE, "--on", "2025-11-01", "--vs", "2025-12-01", *common, "-f", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["mode"] == "dates" and not data["added"] and not data["removed"]
    changed = {p["staff_id"]: p for p in data["changes"]}
    assert set(changed) == {"L09", "L22"}  # group 3, the amount changed
    for person in changed.values():
        assert person["parameters"] == [
            {"name": "amount_nhom_3", "before": 900000, "after": 1500000, "unit": "vnd_per_month"}
        ]
        assert "tham số amount_nhom_3: 900.000 đ → 1.500.000 đ" in person["why"]
        assert person["reasons"] == [] and person["fields"] == []
    before = _monthly(cli, SAMPLE, "--on", "2025-11-01", *common)
    after = _monthly(cli, SAMPLE, "--on", "2025-12-01", *common)
    assert data["total"]["cost"]["monthly_vnd"] == after - before == 2 * 600000


def test_coming_into_force_makes_everyone_new(cli):
    out = cli("changes", SAMPLE, "--on", "2025-06-30", "--vs", "2025-07-01", "-p", NQ12, "-f", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["policies"][0]["in_force"] == {"old": False, "new": True}
    assert data["changes"] and all(p["before"]["outcome"] is None for p in data["changes"])
    assert all("chính sách có hiệu lực" in p["why"] for p in data["changes"])
    assert data["total"]["cost"]["monthly_vnd"] == _monthly(cli, SAMPLE, "--on", "2025-07-01", "-p", NQ12) > 0


@pytest.mark.parametrize(
    "args, said",
    [
        (["changes", SAMPLE, SAMPLE], "cần --on"),
        (["changes", SAMPLE, "--on", ON], "một bộ dữ liệu cần --vs"),
        (["changes", SAMPLE, SAMPLE, "--on", ON, "--vs", "2026-02-01"], "--vs chỉ dùng với một bộ dữ liệu"),
        (["changes", SAMPLE, "--on", ON, "--vs", "2025-12-01"], "phải sau --on"),
        (["changes", SAMPLE, "--on", ON, "--vs", "mai"], "--vs 'mai'"),
        (["changes", SAMPLE, SAMPLE, SAMPLE, "--on", ON], "gặp 3"),
        (["changes", SAMPLE, SAMPLE, "--on", ON, "-o", "x.md"], "không ghi md"),
        (["changes", SAMPLE, SAMPLE, "--on", ON, "-f", "md"], "không ghi md"),
        (["changes", SAMPLE, SAMPLE, "--on", ON, "-f", "xlsx"], "cần -o"),
    ],
)
def test_one_line_errors(cli, args, said):
    out = cli(*args)
    assert out.exit_code == 1 and said in out.stderr, out.stderr
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr
