"""Which writer a format takes, and writing reports to files whole or not at all (a CSV file starts with
a byte-order mark, so that Excel reads it as UTF-8)."""

import io

from . import csvfile, jsonfile, text
from .files import write_file

SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".txt": "table",
}
BOM = "\ufeff"


def assessment_text(assessment, fmt):
    """An assessment as ``table``, ``json`` or ``csv``."""
    writer = {"table": text.write_assessment, "json": jsonfile.write_assessment, "csv": csvfile.write_assessment}
    buffer = io.StringIO()
    writer[fmt](assessment, buffer)
    return buffer.getvalue()


def write_assessment(assessment, fmt, path):
    content = assessment_text(assessment, fmt)
    write_file(path, BOM + content if fmt == "csv" else content)


def comparison_text(comparison, report, fmt):
    """A comparison in any format but xlsx."""
    buffer = io.StringIO()
    if fmt == "json":
        jsonfile.write_comparison(comparison, report, buffer)
    elif fmt == "csv":
        csvfile.write_comparison(comparison, buffer)
    elif fmt == "html":
        from .webpage import write_html

        write_html(report, buffer)
    else:
        text.write_comparison(report, buffer, markdown=fmt == "md")
    return buffer.getvalue()


def write_comparison(comparison, report, targets):
    """Write each (path, format); returns the paths written."""
    written = []
    for path, fmt in targets:
        if fmt == "xlsx":
            from .workbook import write_xlsx

            write_xlsx(report, path)
        else:
            content = comparison_text(comparison, report, fmt)
            write_file(path, BOM + content if fmt == "csv" else content)
        written.append(path)
    return written
