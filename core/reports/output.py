"""Which format each ``-o`` file is written in, which writer a format takes, and writing reports to files
whole or not at all (a CSV file starts with a byte-order mark, so that Excel reads it as UTF-8)."""

import errno
import io
import os
from contextlib import ExitStack
from pathlib import Path

from ..errors import UsageError, unwritable
from . import csvfile, jsonfile, text
from .files import whole_or_nothing

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
FORMATS = {  # what each command writes; the first is the default
    "assess": ("table", "json", "csv", "xlsx", "html", "md"),
    "compare": ("table", "json", "csv", "xlsx", "html", "md"),
    "render": ("table", "md", "html"),
    "explain": ("table", "md", "html"),
    "changes": ("table", "json", "csv", "xlsx", "html"),
}
FILE_ONLY = ("xlsx",)  # not for the terminal


def targets(command, outputs, fmt=None):
    """Each ``-o`` file of ``command`` with the format it is written in: its extension's (``SUFFIXES``),
    which an explicit ``-f`` must agree with; a file without an extension takes ``-f``, or the default.
    Checked before any work is done: the problems are one :class:`UsageError`, a line per file."""
    chosen, problems = [], []
    for path in map(Path, outputs or ()):
        found, problem = _format(command, path, fmt)
        if problem:
            problems.append(f"-o {path}: {problem}")
        elif path.is_dir() or any(p.exists() and not p.is_dir() for p in path.parents):
            code = errno.EISDIR if path.is_dir() else errno.ENOTDIR
            problems += unwritable(f"-o {path}", OSError(code, os.strerror(code))).lines
        else:
            chosen.append((path, found))
    if fmt is not None and fmt not in FORMATS[command]:
        problems.append(f"vnpolicy {command} không ghi {fmt} / does not write {fmt}")
    elif not outputs and fmt in FILE_ONLY:
        problems.append(f"-f {fmt} cần -o TỆP.{fmt} / {fmt} needs -o FILE.{fmt}")
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
    if found is None:
        known = ", ".join(s for s, f in SUFFIXES.items() if f in formats)
        return None, (
            f"không có định dạng nào có đuôi {suffix}; cần một trong: {known}"
            f" / no format has the extension {suffix}; expected one of: {known}"
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


def assessment_text(assessment, fmt, provenance=None, dataset=None, shown=None):
    """An assessment as ``table``, ``json`` or ``csv`` — the table and the JSON say what produced it
    (``provenance``, plain data) when given (CSV is rows only) — or the lists offices send on (``html``,
    ``md``: :mod:`vnpolicy.reports.payments`; ``dataset``: the path the report names as its source).
    ``shown``: the table's rows per section (:data:`vnpolicy.reports.text.SHOWN`; None: all)."""
    if fmt in ("html", "md"):
        from .paymentfiles import html_page, markdown
        from .payments import build

        return (html_page if fmt == "html" else markdown)(build(assessment, dataset))
    buffer = io.StringIO()
    if fmt == "csv":
        csvfile.write_assessment(assessment, buffer)
    elif fmt == "table":
        text.write_assessment(assessment, buffer, provenance, shown)
    else:
        jsonfile.write_assessment(assessment, buffer, provenance)
    return buffer.getvalue()


def write_assessment(assessment, targets, provenance=None, dataset=None):
    """Write each (path, format) of :func:`targets`; returns the paths written."""
    from .paymentfiles import write_xlsx
    from .payments import build

    return _write(
        targets,
        lambda fmt: assessment_text(assessment, fmt, provenance, dataset),
        book=lambda tmp: write_xlsx(build(assessment, dataset), tmp),
    )


def comparison_text(comparison, report, fmt, shown=None):
    """A comparison in any format but xlsx; ``shown``: the table's people per list (None: all)."""
    buffer = io.StringIO()
    if fmt == "json":
        jsonfile.write_comparison(comparison, report, buffer)
    elif fmt == "csv":
        csvfile.write_comparison(comparison, buffer)
    elif fmt == "html":
        from .webpage import write_html

        write_html(report, buffer)
    else:
        text.write_comparison(report, buffer, markdown=fmt == "md", shown=None if fmt == "md" else shown)
    return buffer.getvalue()


def write_comparison(comparison, report, targets):
    """Write each (path, format) of :func:`targets`; returns the paths written."""
    return _write(targets, lambda fmt: comparison_text(comparison, report, fmt), report)


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


def _write(targets, content, report=None, book=None):
    """All the files or none: each is written beside its place and they take their places together at the
    end; an existing file stays as it was when anything fails. A file that cannot be written is one line.
    An xlsx file is written by ``book(path)``, by default the comparison's workbook."""
    with ExitStack() as files:
        for path, fmt in targets:
            tmp = files.enter_context(whole_or_nothing(path, f"-o {path}"))
            if fmt == "xlsx" and book is not None:
                book(tmp)
                continue
            if fmt == "xlsx":
                from .workbook import write_xlsx

                write_xlsx(report, tmp)
                continue
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(BOM + content(fmt) if fmt == "csv" else content(fmt))
    return [path for path, _ in targets]
