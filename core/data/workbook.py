"""Reading an .xlsx workbook: a sheet per table, named in English or Vietnamese. A workbook that unpacks
beyond the limits (a zip bomb) is refused before openpyxl opens it."""

import warnings

from ..errors import DatasetError
from .aliases import table_of
from .limits import MB, over, size_mb
from .rawtable import RawTable, cell_text, check_rows, check_size, is_note, shown, text_frame, twice, unknown_table
from .schema import fold

# the sheets of vnpolicy's own fill-in workbook (vnpolicy template) that are not tables: instructions, lists
TEMPLATE_SHEETS = ("Hướng dẫn", "Danh mục")
_SKIPPED = {fold(name) for name in TEMPLATE_SHEETS}


def _check_zip(path, limits):
    """Refuse a workbook that unpacks to more than ``xlsx_mb``, or a part that unpacks more than
    ``xlsx_ratio`` times its packed size (a zip bomb), before openpyxl opens it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DatasetError(f"{path.name}: không mở được tệp Excel (cần .xlsx) / not an .xlsx workbook: {exc}") from None
    total = sum(p.file_size for p in parts)
    if total > limits.xlsx_mb * MB:
        found = f"giải nén ra {size_mb(total)} MB", f"unpacks to {size_mb(total)} MB"
        raise DatasetError(f"{path.name}: " + over("xlsx_mb", limits, *found))
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > MB and ratio > limits.xlsx_ratio:
            found = f"phần {part.filename} nở {ratio} lần", f"part {part.filename} unpacks {ratio} times"
            raise DatasetError(f"{path.name}: " + over("xlsx_ratio", limits, *found))


def read_xlsx(path, limits):
    import openpyxl

    check_size(path, "xlsx_mb", limits)
    _check_zip(path, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatasetError(f"{path.name}: không mở được tệp Excel: {first}") from None
    tables, problems = {}, []
    try:
        for title in book.sheetnames:
            where = shown(f"{path.name}:{title}")
            name = table_of(title)
            if name is None:
                if not (is_note(title) or fold(title) in _SKIPPED):
                    problems.append(unknown_table(where, title, "trang tính", "sheet"))
                continue
            if name in tables:
                problems.append(twice(where, name, tables[name].source))
                continue
            sheet = book[title]
            if not hasattr(sheet, "iter_rows"):
                problems.append(f"{where}: trang tính là biểu đồ, không có bảng / a chart sheet, not a table")
                continue
            tables[name] = _read_sheet(sheet, where, name, limits)
    finally:
        book.close()
    if problems:
        raise DatasetError(problems)
    return tables


def _read_sheet(sheet, where, name, limits):
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns = [str(h).strip() if h is not None else "" for h in header]
    while columns and columns[-1] == "":
        columns.pop()
    blank = [i + 1 for i, c in enumerate(columns) if not c]
    if blank:
        raise DatasetError(f"{where}, dòng 1: cột thứ {blank[0]} không có tên / column {blank[0]} has no name")
    repeated = [c for i, c in enumerate(columns) if c in columns[:i]]
    if repeated:
        raise DatasetError(f"{where}, dòng 1: cột {shown(repeated[0])} viết hai lần / column written twice")
    body, numbers = [], []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        beyond = [i for i, v in enumerate(row[len(columns) :], start=len(columns)) if cell_text(v) is not None]
        if beyond:
            raise DatasetError(
                f"{where}, dòng {number}: ô ở cột thứ {beyond[0] + 1} có giá trị nhưng cột không có tên"
                f" / a value in column {beyond[0] + 1}, which has no name"
            )
        body.append(row)
        numbers.append(number)
        check_rows(where, len(body), limits)
    return RawTable(name, text_frame(columns, body, numbers), where, "dòng")
