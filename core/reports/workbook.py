"""The comparison as an Excel workbook: a summary sheet, the rules side by side, the targets, one sheet
per province (everyone, policy by policy), and the reform's changes. Vietnamese headers by default,
amounts in whole đồng with a đồng format, a frozen header row and filters on every table. Text is text
(never a formula) and the same comparison gives the same file (:mod:`vnpolicy.reports.safe`)."""

import polars as pl

from ..i18n import word
from ..rules.results import describe_target, outcome_words
from .rows import metric_label, metrics, people_slices, provenance_rows, provenance_title, reform_figures, when
from .sheets import DONG, MAX_ROWS, PERCENT, Book, Sheet

__all__ = ["DONG", "PERCENT", "Sheet", "write_xlsx"]


def _words(lang):
    vi = lang == "vi"
    return {
        "person": [
            "Mã",
            "Họ tên",
            "Đơn vị",
            "Chính sách",
            "Kết quả",
            "Nhóm",
            "Mức (đồng)",
            "Kỳ",
            "Được chi trả",
            "Lý do quyết định",
            "Cách hiểu",
        ]
        if vi
        else [
            "Id",
            "Name",
            "Unit",
            "Policy",
            "Outcome",
            "Group",
            "Amount (VND)",
            "Period",
            "Paid",
            "Deciding reason",
            "Readings",
        ],
        "period": {"month": "tháng", "once": "một lần"} if vi else {"month": "month", "once": "once"},
        "yes": "có" if vi else "yes",
        "no": "không" if vi else "no",
        "rules": ["Nội dung", "Tỉnh", "Chính sách", "Mục", "Quy định", "Trích dẫn", "Cách hiểu"]
        if vi
        else ["Topic", "Province", "Policy", "Item", "Rule", "Citation", "Reading"],
        "targets": ["Tỉnh", "Chính sách", "Mục tiêu", "Giá trị", "Chỉ tiêu", "Kết quả", "Còn thiếu", "Trích dẫn"]
        if vi
        else ["Province", "Policy", "Target", "Value", "Goal", "Result", "Missing", "Citation"],
        "changes": [
            "Mã",
            "Họ tên",
            "Tỉnh",
            "Chính sách",
            "Hiện hành",
            "Thay đổi",
            "Mức hiện hành (đồng)",
            "Mức sau thay đổi (đồng)",
            "Lý do sau thay đổi",
        ]
        if vi
        else [
            "Id",
            "Name",
            "Province",
            "Policy",
            "Baseline",
            "Reform",
            "Baseline amount (VND)",
            "Reform amount (VND)",
            "Reason after",
        ],
        "sheet_summary": "Tổng hợp" if vi else "Summary",
        "sheet_rules": "Quy định" if vi else "Rules",
        "sheet_targets": "Mục tiêu" if vi else "Targets",
        "sheet_changes": "Thay đổi" if vi else "Changes",
        "truncated": "Chỉ ghi {n} dòng đầu (giới hạn của Excel); xem CSV để có đủ"
        if vi
        else "Only the first {n} rows (Excel's limit); the CSV has all",
    }


def write_xlsx(report, path):
    """Write the workbook at ``path`` (:mod:`vnpolicy.reports.output` gives a temporary file, renamed when
    every file of the run is written)."""
    book = Book(path)
    lang = report["lang"]
    w = _words(lang)
    _summary(book, report, w)
    _rules(book, report, w)
    _targets(book, report, w)
    everyone = _everyone(report, w)
    for province in report["provinces"]:
        _province(book, province, everyone.pop(province["code"]), w)
    if report["reform"]:
        _changes(book, report, w)
    if report.get("provenance"):
        _provenance(book, report)
    book.close()


def _provenance(book, report):
    """The sheet "Nguồn": what produced the workbook, a row per item, dates dd/mm/yyyy."""
    lang = report["lang"]
    heads = ["Mục", "Nội dung"] if lang == "vi" else ["Item", "Value"]
    sheet = Sheet(book, provenance_title(lang), heads, [22, 120])
    for label, value in provenance_rows(report["provenance"], lang):
        sheet.append([label, value])
    sheet.close()


def _summary(book, report, w):
    lang = report["lang"]
    names = [p["name"] for p in report["provinces"]]
    sheet = Sheet(
        book,
        w["sheet_summary"],
        ["", *names],
        [42] + [22] * len(names),
        [word("cmp_title", lang), when(report), word("cmp_as_if", lang)],
    )
    for m in metrics(report):
        fmt = DONG if m[3] == "money" else PERCENT if m[3] == "rate" else None
        values = [t.get(m[0]) for t in report["comparison"]["provinces"]]
        sheet.append([metric_label(m, lang), *values], [None] + [fmt] * len(values))
    sheet.close()
    sheet.skip()
    sheet.title(word("cmp_differences", lang))
    for d in report["comparison"]["differences"]:
        sheet.line([d["text"]])
    if report["reform"]:
        r = report["reform"]
        sheet.skip()
        sheet.title(f"{word('cmp_reform', lang)}: {r['title']}")
        sheet.header(
            [
                word("cmp_province", lang),
                "",
                word("cmp_baseline", lang),
                word("cmp_reformed", lang),
                word("cmp_delta", lang),
            ]
        )
        for name, m, before, after, delta in reform_figures(report):
            fmt = DONG if m[3] == "money" else None
            sheet.line([name, metric_label(m, lang), before, after, delta], [None, None] + [fmt] * 3)


def _rules(book, report, w):
    sheet = Sheet(book, w["sheet_rules"], w["rules"], [30, 16, 24, 40, 50, 50, 50])
    names = {p["code"]: p["name"] for p in report["provinces"]}
    for row in report["comparison"]["rules"]:
        for code, cells in row["cells"].items():
            for c in cells:
                sheet.append(
                    [
                        row["label"],
                        names.get(code, code),
                        c["policy"],
                        c["label"],
                        c["text"],
                        c["citation"],
                        c.get("reading"),
                    ]
                )
    sheet.close()


def _targets(book, report, w):
    sheet = Sheet(book, w["sheet_targets"], w["targets"], [16, 22, 60, 22, 26, 12, 40, 50])
    names = {p["code"]: p["name"] for p in report["provinces"]}
    for t in report["targets"]:
        d = describe_target(t, report["lang"])
        sheet.append(
            [
                names.get(t["province"], t["province"]),
                t["policy"],
                t["label"],
                d["value"],
                d["goal"],
                d["status"],
                d["missing"],
                t["citation"],
            ]
        )
    sheet.close()


def _everyone(report, w):
    """Each province's rows of everyone its rules speak about, a row per person and policy, in the
    per-person comparison's order: made from a slice of people at a time (at the country's size, the whole
    per-person comparison is 0.6 GB more than its rows here), the repeated texts kept as categories."""
    lang = report["lang"]
    outcomes = outcome_words(lang)
    parts = {p["code"]: [] for p in report["provinces"]}
    for people in people_slices(report):
        for code, rows in parts.items():
            rows.append(
                people.filter(pl.col("province") == code)
                .select("staff_id", "full_name", "unit_id", "outcomes")
                .explode("outcomes")
                .unnest("outcomes")
                .drop_nulls("policy")
                .select(
                    "staff_id",
                    "full_name",
                    "unit_id",
                    "policy",
                    pl.col("outcome").cast(pl.Utf8).replace_strict(outcomes, return_dtype=pl.Categorical),
                    "group",
                    "amount_vnd",
                    pl.col("amount_period").replace_strict(w["period"], default=None, return_dtype=pl.Utf8),
                    pl.when(pl.col("paid")).then(pl.lit(w["yes"])).when(~pl.col("paid")).then(pl.lit(w["no"])),
                    "decision",
                    "readings",
                )
            )
    return {code: pl.concat(rows) for code, rows in parts.items()}


def _province(book, province, rows, w):
    """Everyone the province's rules speak about, a row per policy (Excel's limit kept, and said)."""
    sheet = Sheet(book, province["name"], w["person"], [10, 26, 18, 24, 18, 16, 16, 10, 12, 80, 40])
    shown = MAX_ROWS if rows.height <= MAX_ROWS else MAX_ROWS - 1  # and the last row says so
    sheet.frame(rows, [None] * 6 + [DONG], shown)
    sheet.close()
    if rows.height > shown:
        sheet.line([w["truncated"].format(n=shown)])


def _changes(book, report, w):
    sheet = Sheet(book, w["sheet_changes"], w["changes"], [10, 26, 16, 24, 36, 36, 18, 18, 70])
    names = {p["code"]: p["name"] for p in report["provinces"]}
    for c in report["reform"]["changes"]:
        sheet.append(
            [
                c["staff_id"],
                c["full_name"],
                names.get(c["province"]),
                c["policy"],
                c["before"],
                c["after"],
                c["amount_vnd"],
                c["amount_vnd_after"],
                c["decision_after"],
            ],
            [None] * 6 + [DONG, DONG],
        )
    sheet.close()
