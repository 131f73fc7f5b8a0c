"""``vnpolicy template``: a workbook an office fills in without the docs, and that loads back as it is typed.

- a sheet per table, named with the table's Vietnamese name (:data:`vnpolicy.data.aliases.TABLE_NAMES`, which
  the loader reads); row 1 holds the field codes the loader reads, each with a note (a cell comment) giving its
  Vietnamese name, whether it is required (bold header, ``(bắt buộc)``), what it means, what it accepts and
  which of the chosen policies read it;
- Excel data validation: a dropdown of the Vietnamese words the loader accepts for every closed code list and
  ``có``/``không`` for yes/no, both from the hidden ``Danh mục`` sheet; dates formatted dd/mm/yyyy and
  checked as dates; whole numbers within the field's range;
- a ``Hướng dẫn`` sheet explaining every column; the loader skips it and ``Danh mục``
  (:data:`vnpolicy.data.workbook.TEMPLATE_SHEETS`);
- with a dataset, its rows, codes written as their Vietnamese words so that the dropdowns accept them.
"""

import datetime as dt

from ..data.aliases import TABLE_NAMES
from ..data.cells import text_cell
from ..data.schema import RATING_COLUMN, TABLES
from ..data.workbook import TEMPLATE_SHEETS
from .template_columns import EVERY, NO, YES, allowed_text, columns, prefilled, readers
from .template_columns import Column as Column  # noqa: F401  (re-exported for callers)

GUIDE, LISTS = TEMPLATE_SHEETS
BLANK_ROWS = 1000  # rows with validation below the data
DATE_FORMAT = "dd/mm/yyyy"
LOWEST_DATE, HIGHEST_DATE = "DATE(1900,1,1)", "DATE(2100,12,31)"
INTRO = (
    "Mẫu nhập bộ dữ liệu của vnpolicy. Mỗi trang tính là một bảng; mỗi dòng là một bản ghi.",
    "Giữ nguyên tên trang tính và dòng tiêu đề (dòng 1): chương trình đọc theo mã cột ở dòng 1. Di chuột lên ô "
    "tiêu đề để xem tên tiếng Việt, ý nghĩa và giá trị được nhận.",
    "Cột tiêu đề in đậm là bắt buộc. Chỉ hai bảng Đơn vị và Cán bộ là bắt buộc; bảng không dùng thì để trống.",
    "Cột có danh sách thả xuống: chọn một giá trị, hoặc gõ một từ được nhận khác (xem cột 'Giá trị được nhận').",
    "Có/không: chọn có hoặc không; để trống là không. Ngày: dd/mm/yyyy.",
    "Xếp loại: mỗi năm một cột rating_YYYY; thêm năm khác bằng một cột mới cùng dạng (ví dụ rating_2026).",
    "Cột ghi chú riêng của cơ quan: đặt tên bắt đầu bằng ghi_chu hoặc _; chương trình bỏ qua.",
    "Kiểm tra: vnpolicy validate TỆP.xlsx; đánh giá: vnpolicy assess TỆP.xlsx.",
)
GUIDE_HEADER = (
    "Trang tính",
    "Cột (dòng 1)",
    "Tên",
    "Bắt buộc",
    "Ý nghĩa",
    "Giá trị được nhận",
    "Chính sách đọc cột này",
)


def rating_years(data, today):
    """The years of the staff's rating columns: the dataset's, else the two years before ``today``'s."""
    if data is not None:
        found = [int(m.group(1)) for c in data.table("staff").columns if (m := RATING_COLUMN.match(c))]
        if found:
            return sorted(found)
    return [today.year - 2, today.year - 1]


def build(registry, policies, data=None, today=None):
    """The template workbook (openpyxl) for ``policies`` (their ids in the 'read by' notes), with the rows of
    ``data`` (a loaded Dataset) when given."""
    import openpyxl

    today = today or dt.date.today()
    who = readers(registry, policies)
    years = rating_years(data, today)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = GUIDE
    lists = _Lists(book.create_sheet(LISTS))
    tables = {}
    for table in TABLES:
        cols = columns(registry, table, who, years)
        frame = data.table(table) if data is not None else None
        _table_sheet(book.create_sheet(TABLE_NAMES[table][0]), cols, frame, lists)
        tables[table] = cols
    _guide(guide, tables, policies)
    book.move_sheet(LISTS, offset=len(book.sheetnames) - 1 - book.sheetnames.index(LISTS))
    lists.sheet.sheet_state = "hidden"
    return book


class _Lists:
    """The hidden lists sheet: one column per list (a header naming it, then its words), each written once."""

    def __init__(self, sheet):
        self.sheet, self.ranges = sheet, {}
        self.add("co_khong", (YES, NO))

    def add(self, name, words):
        from openpyxl.utils import get_column_letter

        if name not in self.ranges:
            col = len(self.ranges) + 1
            self.sheet.cell(1, col, name)
            for row, word in enumerate(words, start=2):
                text_cell(self.sheet.cell(row, col), word)
            letter = get_column_letter(col)
            self.ranges[name] = f"'{LISTS}'!${letter}$2:${letter}${len(words) + 1}"
        return self.ranges[name]


def _table_sheet(sheet, cols, frame, lists):
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = list(frame.select([c.name for c in cols]).iter_rows()) if frame is not None else []
    last = 1 + len(rows) + BLANK_ROWS
    required = PatternFill("solid", fgColor="FFF2CC")
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        head = sheet.cell(1, i, col.header)
        head.font = Font(bold=col.required)
        if col.required:
            head.fill = required
        note = _note(col)
        head.comment = Comment(note, "vnpolicy", width=360, height=40 + 15 * (len(note) // 45 + note.count("\n")))
        sheet.column_dimensions[letter].width = max(14, min(40, len(col.header) + 4, len(col.label) + 2))
        for r, row in enumerate(rows, start=2):
            value = prefilled(col, row[i - 1])
            cell = sheet.cell(r, i)
            if isinstance(value, str):
                text_cell(cell, value)
            else:
                cell.value = value
        _format(sheet, col, letter, last)
        validation = _validation(col, lists)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _format(sheet, col, letter, last):
    number_format = {"date": DATE_FORMAT, "text": "@", "codes": "@"}.get(col.spec.kind)
    if number_format:
        for (cell,) in sheet[f"{letter}2:{letter}{last}"]:
            cell.number_format = number_format


def _validation(col, lists):
    from openpyxl.worksheet.datavalidation import DataValidation

    spec, title = col.spec, col.label[:32]
    kw = {"allow_blank": not col.required, "showErrorMessage": True, "showInputMessage": True}
    allowed = allowed_text(col)
    prompt = allowed if len(allowed) <= 255 else "Chọn trong danh sách; các từ được nhận khác: trang Hướng dẫn."
    kw.update(promptTitle=title, prompt=prompt, errorTitle=title)
    if col.words:
        return DataValidation(
            type="list",
            formula1=lists.add(col.list_name, col.offered()),
            errorStyle="warning",  # another accepted word (ĐH, Kỹ sư) is allowed, after a question
            error="Chọn trong danh sách, hoặc một từ được nhận khác (trang Hướng dẫn).",
            **kw,
        )
    if spec.kind == "bool":
        return DataValidation(type="list", formula1=lists.add("co_khong", ()), error=f"{YES} hoặc {NO}.", **kw)
    if spec.kind == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1=LOWEST_DATE,
            formula2=HIGHEST_DATE,
            errorStyle="warning",  # a date typed as text, 15/01/2024, is read too
            error="Cần một ngày dd/mm/yyyy.",
            **kw,
        )
    if spec.kind in ("int", "number"):
        lo, hi = spec.rules.get("min"), spec.rules.get("max")
        kind = "whole" if spec.kind == "int" else "decimal"
        error = allowed_text(col).capitalize() + "."
        if lo is not None and hi is not None:
            return DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi), error=error, **kw)
        if lo is not None:
            return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(lo), error=error, **kw)
        if hi is not None:
            return DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(hi), error=error, **kw)
        if spec.kind == "int":
            return DataValidation(type=kind, operator="between", formula1="-2147483648", formula2="2147483647", **kw)
    return None


def _read_by(col):
    return ", ".join(col.read_by) if col.read_by else "không chính sách nào đã chọn"


def _note(col):
    return "\n".join(
        (
            f"{col.label} [{col.name}]" + (" (bắt buộc)" if col.required else ""),
            col.meaning,
            "Giá trị: " + allowed_text(col),
            "Chính sách đọc: " + _read_by(col),
        )
    )


def _guide(sheet, tables, policies):
    from openpyxl.styles import Alignment, Font

    sheet.cell(1, 1, "Hướng dẫn nhập dữ liệu").font = Font(bold=True, size=14)
    row = 2
    for line in INTRO:
        sheet.cell(row, 1, line)
        row += 1
    chosen = ", ".join(p.id for p in policies) or "không có"
    sheet.cell(row, 1, f"Chính sách đã chọn khi lập mẫu: {chosen}. '{EVERY}': cột mọi lần đánh giá đều đọc.")
    row += 2
    for i, word in enumerate(GUIDE_HEADER, start=1):
        sheet.cell(row, i, word).font = Font(bold=True)
    for table, cols in tables.items():
        for col in cols:
            row += 1
            values = (
                TABLE_NAMES[table][0],
                col.header,
                col.label,
                "bắt buộc" if col.required else "",
                col.meaning,
                allowed_text(col),
                _read_by(col),
            )
            for i, value in enumerate(values, start=1):
                cell = text_cell(sheet.cell(row, i), value)
                cell.alignment = Alignment(wrap_text=i in (5, 6, 7), vertical="top")
                cell.font = Font(bold=col.required and i <= 3)
    for letter, width in zip("ABCDEFG", (14, 22, 30, 10, 50, 60, 40)):
        sheet.column_dimensions[letter].width = width
