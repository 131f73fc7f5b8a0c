"""The comparison as an Excel workbook: a summary sheet, the rules side by side, the targets, one sheet
per province (everyone, policy by policy), and the reform's changes. Vietnamese headers by default,
amounts in whole đồng with a đồng format, a frozen header row and filters on every table. Text is text
(never a formula) and the same comparison gives the same file (:mod:`vnpolicy.reports.safe`)."""

import openpyxl
import polars as pl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import word
from ..rules.results import describe_target
from .rows import metric_label, metrics, provenance_rows, provenance_title, reform_figures, when
from .safe import save_workbook, sheet_value, text_cell

DONG = '#,##0 "đ"'
PERCENT = "0.0%"
MAX_ROWS = 1_048_575  # Excel's limit, less the header
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


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


class Sheet:
    """A write-only sheet: lines above (a title), then a table with a bold header row, frozen under the
    header, filtered, with column widths. (A write-only sheet takes its views before its first row.)"""

    def __init__(self, book, title, headers, widths, above=()):
        self.ws = book.create_sheet(title[:31])
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.headers, self.rows = headers, 0
        self.start = len(above) + 2 if above else 1
        self.ws.freeze_panes = f"A{self.start + 1}"
        self.ws.print_title_rows = f"{self.start}:{self.start}"
        for line in above:
            self.ws.append([self._cell(line, bold=True)])
        if above:
            self.ws.append([])
        self.ws.append([self._cell(x, bold=True, fill=True) for x in headers])

    def append(self, values, formats=()):
        self.line(values, formats)
        self.rows += 1

    def line(self, values, formats=()):
        """A row of ``values`` (outside the table when not through :meth:`append`)."""
        cells = []
        for i, v in enumerate(values):
            fmt = formats[i] if i < len(formats) else None
            cells.append(self._cell(v, fmt=fmt) if fmt and v is not None else sheet_value(self.ws, v))
        self.ws.append(cells)

    def close(self):
        last = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A{self.start}:{last}{self.start + max(self.rows, 1)}"

    def _cell(self, value, bold=False, fill=False, fmt=None):
        cell = text_cell(WriteOnlyCell(self.ws), value) if isinstance(value, str) else WriteOnlyCell(self.ws, value)
        if bold:
            cell.font = Font(bold=True)
        if fill:
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fmt:
            cell.number_format = fmt
        return cell


def write_xlsx(report, path):
    """Write the workbook at ``path`` (:mod:`vnpolicy.reports.output` gives a temporary file, renamed when
    every file of the run is written)."""
    book = openpyxl.Workbook(write_only=True)
    lang = report["lang"]
    w = _words(lang)
    _summary(book, report, w)
    _rules(book, report, w)
    _targets(book, report, w)
    for province in report["provinces"]:
        _province(book, report, province, w)
    if report["reform"]:
        _changes(book, report, w)
    if report.get("provenance"):
        _provenance(book, report)
    save_workbook(book, path)


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
    ws = sheet.ws
    ws.append([])
    ws.append([sheet._cell(word("cmp_differences", lang), bold=True)])
    for d in report["comparison"]["differences"]:
        sheet.line([d["text"]])
    if report["reform"]:
        r = report["reform"]
        ws.append([])
        ws.append([sheet._cell(f"{word('cmp_reform', lang)}: {r['title']}", bold=True)])
        ws.append(
            [
                sheet._cell(x, bold=True, fill=True)
                for x in [
                    word("cmp_province", lang),
                    "",
                    word("cmp_baseline", lang),
                    word("cmp_reformed", lang),
                    word("cmp_delta", lang),
                ]
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


def _province(book, report, province, w):
    """Everyone the province's rules speak about, a row per policy (Excel's limit kept, and said)."""
    lang = report["lang"]
    sheet = Sheet(book, province["name"], w["person"], [10, 26, 18, 24, 18, 16, 16, 10, 12, 80, 40])
    rows = (
        report["comparison"]["people"]
        .filter(pl.col("province") == province["code"])
        .select("staff_id", "full_name", "unit_id", "outcomes")
        .explode("outcomes")
        .unnest("outcomes")
        .drop_nulls("policy")
    )
    formats = [None] * 6 + [DONG]
    for o in rows.head(MAX_ROWS).iter_rows(named=True):
        sheet.append(
            [
                o["staff_id"],
                o["full_name"],
                o["unit_id"],
                o["policy"],
                word(f"outcome_{o['outcome']}", lang),
                o["group"],
                o["amount_vnd"],
                w["period"].get(o["amount_period"]) if o["amount_period"] else None,
                None if o["paid"] is None else (w["yes"] if o["paid"] else w["no"]),
                o["decision"],
                o["readings"],
            ],
            formats,
        )
    sheet.close()
    if rows.height > MAX_ROWS:
        sheet.ws.append([w["truncated"].format(n=MAX_ROWS)])


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
