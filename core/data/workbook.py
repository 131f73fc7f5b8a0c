"""Reading a workbook: a sheet per table, named in English or Vietnamese; .xlsx by openpyxl, .xls and .ods by
python-calamine, every cell as text. A workbook that unpacks beyond the limits (a zip bomb) is refused before
it is opened. A title above the table and office headers are read as :mod:`.headers` says."""

import itertools
import warnings

from ..errors import DatasetError
from .aliases import table_of
from .headers import SEARCH, find_header, header_note, map_columns
from .limits import MB, over, size_mb
from .rawtable import RawTable, cell_text, check_rows, check_size, is_note, shown, text_frame, twice, unknown_table
from .schema import fold

# the sheets of vnpolicy's own fill-in workbook (vnpolicy template) that are not tables: instructions, lists
TEMPLATE_SHEETS = ("Hướng dẫn", "Danh mục")
_SKIPPED = {fold(name) for name in TEMPLATE_SHEETS}


def _check_zip(path, limits, refused="không mở được tệp Excel (cần .xlsx) / not an .xlsx workbook"):
    """Refuse a workbook that unpacks to more than ``xlsx_mb``, or a part that unpacks more than
    ``xlsx_ratio`` times its packed size (a zip bomb), before openpyxl opens it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DatasetError(f"{path.name}: {refused}: {exc}") from None
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
        raise DatasetError(f"{path.name}: không mở được tệp Excel: {_first(exc)}") from None

    def rows(title):
        sheet = book[title]
        return sheet.iter_rows(values_only=True) if hasattr(sheet, "iter_rows") else None  # a chart sheet

    try:
        return _read_book(path, book.sheetnames, rows, limits)
    finally:
        book.close()


def read_calamine(path, limits):
    """An .xls (Excel 97–2003) or .ods (LibreOffice, OpenOffice) workbook, read by python-calamine."""
    from python_calamine import CalamineWorkbook

    check_size(path, "xlsx_mb", limits)
    if path.suffix.lower() == ".ods":
        _check_zip(path, limits, "không mở được tệp .ods / not an .ods workbook")
    try:
        book = CalamineWorkbook.from_path(str(path))
        titles = list(book.sheet_names)
    except Exception as exc:
        raise DatasetError(f"{path.name}: không mở được tệp bảng tính: {_first(exc)}") from None

    def rows(title):
        try:
            return iter(book.get_sheet_by_name(title).to_python(skip_empty_area=False))
        except Exception as exc:
            raise DatasetError(f"{path.name}:{shown(title)}: không đọc được trang tính: {_first(exc)}") from None

    try:
        return _read_book(path, titles, rows, limits)
    finally:
        book.close()


def _first(exc):
    return shown(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


def _read_book(path, titles, sheet_rows, limits):
    tables, problems = {}, []
    for title in titles:
        where = shown(f"{path.name}:{title}")
        name = table_of(title)
        if name is None:
            if not (is_note(title) or fold(title) in _SKIPPED):  # a note, or the template's own sheets
                problems.append(unknown_table(where, title, "trang tính", "sheet"))
            continue
        if name in tables:
            problems.append(twice(where, name, tables[name].source))
            continue
        rows = sheet_rows(title)
        if rows is None:
            problems.append(f"{where}: trang tính là biểu đồ, không có bảng / a chart sheet, not a table")
            continue
        tables[name] = _read_sheet(rows, where, name, limits)
    if problems:
        raise DatasetError(problems)
    return tables


def _read_sheet(rows, where, name, limits):
    top = [row or () for _, row in zip(range(SEARCH), rows)]  # range first: no row read past them
    skip, _ = find_header(name, top)
    header_row = skip + 1
    columns = [cell_text(h).strip() if cell_text(h) is not None else "" for h in (top[skip] if top else ())]
    while columns and columns[-1] == "":
        columns.pop()
    blank = [i + 1 for i, c in enumerate(columns) if not c]
    if blank:
        raise DatasetError(
            f"{where}, dòng {header_row}: cột thứ {blank[0]} không có tên / column {blank[0]} has no name"
        )
    repeated = [c for i, c in enumerate(columns) if c in columns[:i]]
    if repeated:
        raise DatasetError(f"{where}, dòng {header_row}: cột {shown(repeated[0])} viết hai lần / column written twice")
    names, keep, notes = map_columns(name, columns, where, header_row)
    body, numbers = [], []
    for number, row in enumerate(itertools.chain(top[skip + 1 :], rows), start=header_row + 1):
        if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        beyond = [i for i, v in enumerate(row[len(columns) :], start=len(columns)) if cell_text(v) is not None]
        if beyond:
            raise DatasetError(
                f"{where}, dòng {number}: ô ở cột thứ {beyond[0] + 1} có giá trị nhưng cột không có tên"
                f" / a value in column {beyond[0] + 1}, which has no name"
            )
        body.append([row[i] if i < len(row) else None for i in keep])
        numbers.append(number)
        check_rows(where, len(body), limits)
    notes = ([header_note(header_row)] if skip else []) + notes
    return RawTable(name, text_frame(names, body, numbers), where, "dòng", header_row, notes)
