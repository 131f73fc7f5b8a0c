"""Which format each ``-o`` file is written in, which writer a format takes, and writing reports to files
whole or not at all (a CSV file starts with a byte-order mark, so that Excel reads it as UTF-8)."""

import difflib
import errno
import io
import os
from contextlib import ExitStack
from pathlib import Path

from ..errors import UsageError, unwritable
from .files import whole_directory, whole_or_nothing

SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".txt": "table",
    ".jsonl": "jsonl",
    ".duckdb": "duckdb",
}
BOM = "\ufeff"
FORMATS = {  # what each command writes; the first is the default
    "assess": ("table", "json", "csv", "xlsx", "html", "md", "jsonl", "parquet", "duckdb"),
    "compare": ("table", "json", "csv", "xlsx", "html", "md", "jsonl", "parquet", "duckdb"),
    "render": ("table", "md", "html"),
    "explain": ("table", "md", "html"),
    "changes": ("table", "json", "csv", "xlsx", "html"),
}
FILE_ONLY = ("xlsx", "parquet", "duckdb")  # not for the terminal
TABLES = ("parquet", "duckdb")  # the results as tables (vnpolicy.reports.tables)
STREAMED = ("json", "csv", "jsonl")  # written into the file as they are built


def reasons_for(fmt, reasons=None):
    """How much of the reasons ``fmt`` writes: ``reasons`` when chosen, else every condition in JSON (and
    the formats written for people) and the deciding one in CSV, JSON Lines, Parquet and DuckDB."""
    return reasons or ("deciding" if fmt in ("csv", "jsonl", *TABLES) else "all")


def targets(command, outputs, fmt=None):
    """Each ``-o`` file of ``command`` with the format it is written in: its extension's (``SUFFIXES``),
    which an explicit ``-f`` must agree with; a file without an extension takes ``-f``, or the default.
    Checked before any work is done: the problems are one :class:`UsageError`, a line per file."""
    chosen, problems = [], []
    for path in map(Path, outputs or ()):
        found, problem = _format(command, path, fmt)
        if problem:
            problems.append(f"-o {path}: {problem}")
        elif found == "parquet" and path.exists() and not path.is_dir():
            problems += unwritable(f"-o {path}", OSError(errno.ENOTDIR, "cần một thư mục / needs a directory")).lines
        elif found == "parquet" and path.is_dir() and any(not p.name.endswith(".parquet") for p in path.iterdir()):
            problems.append(
                f"-o {path}: thư mục đã có tệp khác ngoài .parquet; cần thư mục mới hoặc trống"
                f" / the directory holds files other than .parquet; expected a new or empty directory"
            )
        elif (path.is_dir() and found != "parquet") or any(p.exists() and not p.is_dir() for p in path.parents):
            code = errno.EISDIR if path.is_dir() else errno.ENOTDIR
            problems += unwritable(f"-o {path}", OSError(code, os.strerror(code))).lines
        else:
            chosen.append((path, found))
    if fmt is not None and fmt not in FORMATS[command]:
        problems.append(f"vnpolicy {command} không ghi {fmt} / does not write {fmt}")
    elif not outputs and fmt in FILE_ONLY:
        where = ("THƯ_MỤC", "DIR") if fmt == "parquet" else (f"TỆP.{fmt}", f"FILE.{fmt}")
        problems.append(f"-f {fmt} cần -o {where[0]} / {fmt} needs -o {where[1]}")
    if problems:
        raise UsageError(problems)
    return chosen


def _format(command, path, fmt):
    """(the format ``path`` is written in, or None and the problem in words)."""
    formats = FORMATS[command]
    suffix = path.suffix.lower()
    found = SUFFIXES.get(suffix)
    if not suffix:
        return fmt or formats[0], None
    # one table a file: a folder of them (.parquet, or a slip of it: .parqet)
    if found is None and "parquet" in formats and difflib.get_close_matches(suffix, [".parquet"], n=1):
        return None, (
            f"Parquet ghi thành một thư mục (mỗi bảng một tệp): -f parquet -o {path.with_suffix('')}"
            f" / Parquet is written as a folder (a file per table): -f parquet -o {path.with_suffix('')}"
        )
    if found is None:
        listed = [s for s, f in SUFFIXES.items() if f in formats]
        known = ", ".join(listed)
        close = difflib.get_close_matches(suffix, listed, n=1)
        guess = (f" (có phải {close[0]}?)", f" (did you mean {close[0]}?)") if close else ("", "")
        return None, (
            f"không có định dạng nào có đuôi {suffix}; cần một trong: {known}{guess[0]}"
            f" / no format has the extension {suffix}; expected one of: {known}{guess[1]}"
        )
    if found not in formats:
        writes = ", ".join(f"{f} ({' '.join(_suffixes(f))})" for f in formats)
        return None, (
            f"vnpolicy {command} không ghi {found}, chỉ ghi: {writes}"
            f" / {command} does not write {found}; it writes: {writes}"
        )
    if fmt is not None and found != fmt:
        return None, (
            f"đuôi {suffix} là định dạng {found}, khác -f {fmt}; cần đuôi {' hoặc '.join(_suffixes(fmt))} hoặc bỏ -f"
            f" / the extension {suffix} means {found}, not -f {fmt}; expected {' or '.join(_suffixes(fmt))} or no -f"
        )
    return found, None


def _suffixes(fmt):
    return [s for s, f in SUFFIXES.items() if f == fmt]


def assessment_text(assessment, fmt, provenance=None, dataset=None, reasons=None, shown=None):
    """An assessment as ``table``, ``json``, ``jsonl`` or ``csv`` — the table and the JSON say what
    produced it (``provenance``, plain data) when given (CSV is rows only) — or the lists offices send on
    (``html``, ``md``: :mod:`vnpolicy.reports.payments`; ``dataset``: the path the report names as its
    source). ``reasons``: :func:`reasons_for`; ``shown``: the table's rows per section
    (:data:`vnpolicy.reports.text.SHOWN`; None: all)."""
    buffer = io.StringIO()
    print_assessment(assessment, fmt, buffer, provenance, dataset, reasons, shown)
    return buffer.getvalue()


def print_assessment(assessment, fmt, out, provenance=None, dataset=None, reasons=None, shown=None):
    """:func:`assessment_text` written into ``out`` as it is built."""
    from . import csvfile, jsonfile, text  # here: explain and render need none of them

    reasons = reasons_for(fmt, reasons)
    if fmt in ("html", "md"):
        from .paymentfiles import write_html_page, write_markdown
        from .payments import build

        (write_html_page if fmt == "html" else write_markdown)(build(assessment, dataset), out)
    elif fmt == "csv":
        csvfile.write_assessment(assessment, out, reasons)
    elif fmt == "jsonl":
        jsonfile.write_lines(assessment, out, reasons)
    elif fmt == "json":
        jsonfile.write_assessment(assessment, out, provenance, reasons)
    else:
        text.write_assessment(assessment, out, provenance, shown)


def write_assessment(assessment, targets, provenance=None, dataset=None, reasons=None):
    """Write each (path, format) of :func:`targets`; returns the paths written."""

    def tables(fmt):
        from .tables import assessment_tables

        return assessment_tables(assessment, reasons_for(fmt, reasons))

    def book(tmp):  # xlsxwriter is imported only for a workbook
        from .paymentfiles import write_xlsx
        from .payments import build

        write_xlsx(build(assessment, dataset), tmp)

    return _write(
        targets,
        lambda fmt, out: print_assessment(assessment, fmt, out, provenance, dataset, reasons),
        book=book,
        tables=tables,
    )


def comparison_text(comparison, report, fmt, reasons=None, shown=None):
    """A comparison in any format but xlsx and the tables; ``shown``: the table's people per list (None: all)."""
    buffer = io.StringIO()
    print_comparison(comparison, report, fmt, buffer, reasons, shown)
    return buffer.getvalue()


def print_comparison(comparison, report, fmt, out, reasons=None, shown=None):
    """:func:`comparison_text` written into ``out`` as it is built."""
    from . import csvfile, jsonfile, text

    reasons = reasons_for(fmt, reasons)
    if fmt == "json":
        jsonfile.write_comparison(comparison, report, out, reasons)
    elif fmt == "jsonl":
        jsonfile.write_comparison_lines(comparison, out, reasons)
    elif fmt == "csv":
        csvfile.write_comparison(comparison, out, reasons)
    elif fmt == "html":
        from .webpage import write_html

        write_html(report, out)
    else:
        text.write_comparison(report, out, markdown=fmt == "md", shown=None if fmt == "md" else shown)


def write_comparison(comparison, report, targets, reasons=None):
    """Write each (path, format) of :func:`targets`; returns the paths written."""

    def tables(fmt):
        from .tables import comparison_tables

        return comparison_tables(comparison, report, reasons_for(fmt, reasons))

    return _write(
        targets, lambda fmt, out: print_comparison(comparison, report, fmt, out, reasons), report, tables=tables
    )


def document_text(document, fmt):
    """A rendered policy (``vnpolicy render``) as ``table`` (text for the terminal), ``md`` or ``html``."""
    from .document import document_text as written

    return written(document, fmt)


def write_document(document, targets):
    """Write each (path, format) of :func:`targets`; returns the paths written."""
    return _write(targets, lambda fmt: document_text(document, fmt))


def write_letter(document, text, targets):
    """``vnpolicy explain``: the letter (``md``, ``html``) or the explanation's text (``table``) to each file."""
    return _write(targets, lambda fmt: text if fmt == "table" else document_text(document, fmt))


def changes_text(data, fmt, lang="vi"):
    """``vnpolicy changes`` (:mod:`vnpolicy.compare.changes`' plain data) as ``table``, ``json`` or ``csv``."""
    from .changes import changes_csv, changes_json, changes_table
    from .changes_files import changes_html

    writers = {"table": changes_table, "json": changes_json, "csv": changes_csv, "html": changes_html}
    return writers[fmt](data, lang)


def write_changes(data, targets, lang="vi"):
    """Write each (path, format) of :func:`targets`; returns the paths written."""
    from .changes_files import write_changes_xlsx

    return _write(
        targets, lambda fmt: changes_text(data, fmt, lang), book=lambda tmp: write_changes_xlsx(data, tmp, lang)
    )


def _write(targets, content, report=None, book=None, tables=None):
    """All the files or none: each is written beside its place and they take their places together at the
    end; an existing file stays as it was when anything fails. A file that cannot be written is one line.
    ``content(fmt)`` is the text, or ``content(fmt, out)`` writes it into ``out``; an xlsx file is written
    by ``book(path)``, by default the comparison's workbook; Parquet and DuckDB take ``tables(fmt)``."""
    streamed = content.__code__.co_argcount == 2
    with ExitStack() as files:
        for path, fmt in targets:
            if fmt == "parquet":
                from .parquetfile import write_tables

                write_tables(tables(fmt), files.enter_context(whole_directory(path, f"-o {path}")))
                continue
            tmp = files.enter_context(whole_or_nothing(path, f"-o {path}"))
            if fmt == "duckdb":
                from .duckdbfile import write_database

                Path(tmp).unlink()
                write_database(tables(fmt), tmp)
                continue
            if fmt == "xlsx" and book is not None:
                book(tmp)
                continue
            if fmt == "xlsx":
                from .workbook import write_xlsx

                write_xlsx(report, tmp)
                continue
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                if fmt == "csv":
                    f.write(BOM)
                if streamed:
                    content(fmt, f)
                else:
                    f.write(content(fmt))
    return [path for path, _ in targets]
