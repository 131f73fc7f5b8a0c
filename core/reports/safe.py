"""Text from the data (names, units, policy and reform texts) as each format must carry it, in one place
for every writer: nothing from the data is ever live as a formula, markup or script.

- CSV and Excel: :mod:`vnpolicy.data.cells` (shared with the dataset writers): a text cell that a
  spreadsheet would read as a formula starts with ``'`` in CSV and is text in Excel; numbers stay numbers.
- HTML: everything escaped (:func:`html_text`); the page holds no data inside a script.
- Markdown: :func:`md_text` escapes what would make markup or break a table cell.
- The terminal: :func:`line_text` keeps a cell on its line (no line breaks, no control characters)."""

import html
import re

from ..data.cells import csv_frame, csv_text, save_workbook, sheet_value, text_cell

__all__ = ["csv_frame", "csv_text", "html_text", "line_text", "md_text", "save_workbook", "sheet_value", "text_cell"]

_CONTROL = re.compile(r"\r\n|[\x00-\x1f\x7f]")
# backslash, code, emphasis and strikethrough, links and images, HTML tags and entities, table cells; an
# underscore inside a word (``nhom_1``) makes no emphasis and is left as it is
_MARKUP = re.compile(r"[\\`*\[\]<>|&~]|_(?:(?<![^\W_]_)|(?![^\W_]))")
_SPECIAL = re.compile(r"[\\`*\[\]<>|&~_]")  # most text has none: nothing to escape
_MARK_START = frozenset("# \t-+0123456789")
_LINE_START = re.compile(r"^(\s*)(#|(?:[-+]|\d{1,9}[.)])(?=\s|$))")  # a heading's or a list item's mark


def line_text(value):
    """One line of a terminal table or list: line breaks, tabs and other control characters become spaces
    (an escape sequence from the data cannot reach the terminal)."""
    text = "" if value is None else str(value)
    return text if text.isprintable() else _CONTROL.sub(" ", text)


def md_text(value):
    """Markdown that shows ``value`` as it is, on one line, inside a table cell or a list item."""
    text = line_text(value)
    text = _MARKUP.sub(r"\\\g<0>", text) if _SPECIAL.search(text) else text
    return _LINE_START.sub(_escape_mark, text) if text[:1] in _MARK_START else text


def _escape_mark(match):
    mark = match.group(2)
    at = len(mark) - 1 if mark[0].isdigit() else 0  # "1\." (a backslash before a digit shows itself)
    return match.group(1) + mark[:at] + "\\" + mark[at:]


def html_text(value):
    """HTML text or an attribute's value: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape("" if value is None else str(value))
