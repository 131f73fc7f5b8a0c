"""Writing a comparison's reports: each file whole or not at all, its format chosen by the caller."""
import io

from . import compare_report
from .report import write_file

def render_to(comparison, report, fmt):
    """The report as text (every format but xlsx)."""
    buffer = io.StringIO()
    if fmt == "json":
        compare_report.write_json(comparison, report, buffer)
    elif fmt == "csv":
        compare_report.write_csv(comparison, report, buffer)
    elif fmt == "html":
        from .report_html import write_html
        write_html(report, buffer)
    else:
        compare_report.write_text(report, buffer, markdown=fmt == "md")
    return buffer.getvalue()


def write_outputs(comparison, report, targets):
    """Write each (path, format); returns the paths written."""
    written = []
    for path, fmt in targets:
        if fmt == "xlsx":
            from .report_xlsx import write_xlsx
            write_xlsx(report, path)
        else:
            content = render_to(comparison, report, fmt)
            write_file(path, ("\ufeff" + content) if fmt == "csv" else content)
        written.append(path)
    return written
