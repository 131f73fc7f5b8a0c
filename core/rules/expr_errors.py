"""What the expression language says when an expression is wrong: one line, in Vietnamese and in English.

An :class:`ExprError` carries both texts; ``message`` is the one in the language of the run (``--lang``,
:func:`vnpolicy.i18n.speaking`), ``text(lang)`` either. Each message says what was found and what is expected,
and where a usual slip explains it, a hint: ``=`` for ``==``, ``&&`` for ``and``, a name close to a real one.
The messages live here, by key, so that the two languages stay side by side.
"""

import difflib
from typing import NamedTuple

from ..i18n import number, run_lang


class ExprError(Exception):
    """An expression that does not parse or does not type-check. ``col`` is the 0-based column within the
    expression; ``en`` the English (a plugin that gives only one text is repeated in both)."""

    def __init__(self, message, col=None, en=None):
        self.vi = _one_line(message)
        self.en = _one_line(en) if en else self.vi
        self.col = col
        super().__init__(self.vi)

    @property
    def message(self):
        return self.text(run_lang())

    def text(self, lang="vi"):
        return self.en if lang == "en" else self.vi

    def __str__(self):
        return self.message

    def at(self, col):
        """The same error at another column (a column found later, or shifted)."""
        return ExprError(self.vi, col, self.en)

    def in_policy(self, text, lang=None):
        """How a policy's error line ends: ``, cột 32: message (biểu thức: text)``."""
        lang = lang or run_lang()
        col = f", {'column' if lang == 'en' else 'cột'} {self.col + 1}" if self.col is not None else ""
        return f"{col}: {self.text(lang)} ({'expression' if lang == 'en' else 'biểu thức'}: {shown(text)})"


class Both(NamedTuple):
    """A value said differently in each language."""

    vi: str
    en: str


VALUE = Both(
    "một giá trị (tên trường, tham số, chuỗi, số, danh sách hoặc '(')",
    "a value (a field, a parameter, a string, a number, a list or '(')",
)
OPERATOR = Both(
    "một phép so sánh hoặc and, or (==, !=, <, <=, >, >=, in, not in)",
    "a comparison or and, or (==, !=, <, <=, >, >=, in, not in)",
)
SYNTAX = Both("cú pháp không đúng: ", "syntax error: ")

MESSAGES = {
    # the text itself
    "not_text": ("biểu thức phải là chuỗi, gặp {found}", "an expression is text, found {found}"),
    "empty": ("biểu thức trống", "empty expression"),
    # limits
    "too_long": (
        "biểu thức dài {length} ký tự, quá giới hạn {limit} ký tự; tách thành nhiều điều kiện hoặc dùng tham số",
        "the expression is {length} characters long, over the limit of {limit} characters; split it into several "
        "conditions or use a parameter",
    ),
    "too_deep": (
        "biểu thức lồng nhau quá {limit} tầng (ngoặc, not, and/or lồng nhau), quá giới hạn; tách thành nhiều điều kiện",
        "the expression nests deeper than {limit} levels (brackets, not, nested and/or), over the limit; split it "
        "into several conditions",
    ),
    "too_many": (
        "biểu thức có hơn {limit} thành phần (tên, giá trị, phép toán), quá giới hạn; tách thành nhiều điều kiện "
        "hoặc dùng tham số",
        "the expression has more than {limit} parts (names, values, operations), over the limit; split it into "
        "several conditions or use a parameter",
    ),
    # syntax: the usual slips
    "slip": (
        "gặp {found}, cần {expected}; viết {expected} thay cho {found}",
        "found {found}, expected {expected}; write {expected} instead of {found}",
    ),
    "slip_not": (
        "gặp '!', cần 'not'; viết 'not' thay cho '!' ('!=' thì dùng được)",
        "found '!', expected 'not'; write 'not' instead of '!' ('!=' is fine)",
    ),
    "slip_eq": (
        "gặp {found}, cần '=='; dùng '==' để so sánh ({found} không phải phép so sánh)",
        "found {found}, expected '=='; use '==' to compare ({found} is not a comparison)",
    ),
    "curly_quote": (
        "gặp dấu nháy cong {found}, cần dấu nháy thẳng ' hoặc \"; dấu nháy cong thường do trình soạn thảo tự đổi",
        "found the curly quote {found}, expected a straight quote ' or \"; word processors often curl quotes",
    ),
    "odd_space": (
        "gặp khoảng trắng đặc biệt {found} ({code}), cần dấu cách thường; gõ lại dấu cách",
        "found the unusual space {found} ({code}), expected an ordinary space; type the space again",
    ),
    "odd_char": (
        "gặp ký tự {found} ({code}), cần {value}; ký tự này không dùng được trong biểu thức",
        "found the character {found} ({code}), expected {value}; it has no place in an expression",
    ),
    "unclosed_string": (
        "chuỗi mở bằng {quote} chưa được đóng: gặp hết biểu thức, cần {quote} ở cuối chuỗi",
        "the string opened with {quote} is never closed: found the end of the expression, expected {quote} at its end",
    ),
    "unclosed": (
        "{open} chưa được đóng: gặp hết biểu thức, cần {close}; ngoặc không cân",
        "{open} is never closed: found the end of the expression, expected {close}; unbalanced brackets",
    ),
    "unopened": (
        "gặp {close} không có {open} mở trước, cần bỏ {close} hoặc thêm {open}; ngoặc không cân",
        "found {close} with no {open} before it, expected to remove it or add {open}; unbalanced brackets",
    ),
    "mismatched": (
        "gặp {found}, cần {close} để đóng {open} ở cột {where}; ngoặc không cân",
        "found {found}, expected {close} to close the {open} at column {where}; unbalanced brackets",
    ),
    "line_break": (
        "gặp xuống dòng giữa biểu thức, cần viết trên một dòng hoặc đặt cả biểu thức trong ( )",
        "found a line break inside the expression, expected one line or ( ) around the whole expression",
    ),
    "trailing": (
        "gặp hết biểu thức sau {found}, cần {value}; {found} ở cuối bị thừa, hoặc thiếu vế sau",
        "found the end of the expression after {found}, expected {value}; a trailing {found}, or its right side "
        "is missing",
    ),
    "leading": (
        "gặp {found}, cần {value}; biểu thức không bắt đầu bằng {found}",
        "found {found}, expected {value}; an expression does not start with {found}",
    ),
    "two_operators": (
        "gặp {found}, cần {value}; hai toán tử liền nhau: {before} rồi {found}",
        "found {found}, expected {value}; two operators in a row: {before} then {found}",
    ),
    "value_expected": ("gặp {found}, cần {value}", "found {found}, expected {value}"),
    "two_values": (
        "gặp {found}, cần {operator}; thiếu 'and'/'or' (hoặc dấu phẩy) giữa {before} và {found}?",
        "found {found}, expected {operator}; a missing 'and'/'or' (or comma) between {before} and {found}?",
    ),
    "keyword": (
        "gặp từ khoá {found} của Python, cần {value}; biểu thức chỉ dùng các từ and, or, not, in",
        "found the Python keyword {found}, expected {value}; expressions use only the words and, or, not, in",
    ),
    "python": ("gặp {found} (Python: {said})", "found {found} (Python: {said})"),
    # what the whitelist refuses
    "refused": ("không được dùng {what} trong biểu thức", "not allowed in an expression: {what}"),
    "call_by_name": ("chỉ được gọi hàm đã đăng ký, bằng tên", "only registered functions may be called, by name"),
    "named_args": ("hàm {fn}: không dùng tham số có tên", "function {fn}: named arguments are not used"),
    # names and values
    "name": (
        "tên {name} không phải trường dữ liệu, trường dẫn xuất hay tham số đã khai báo",
        "name {name} is not a data field, a derived field or a declared parameter",
    ),
    "unknown_fn": (
        "hàm {fn} chưa được đăng ký; các hàm: {fns}",
        "function {fn} is not registered; the functions: {fns}",
    ),
    "fn_args": ("hàm {fn}: {said}", "function {fn}: {said}"),
    "none": (
        "không dùng None; dùng known(trường) để kiểm tra có dữ liệu",
        "None is not used; write known(field) to test for data",
    ),
    "big_number": (
        "số {value} quá lớn, cần trong khoảng ±{limit}",
        "the number {value} is too large, expected ±{limit}",
    ),
    "mixed_list": (
        "danh sách {label}trộn nhiều kiểu giá trị: {kinds}",
        "the list {label}mixes kinds of value: {kinds}",
    ),
    "bad_value": (
        "giá trị {value} không dùng được trong biểu thức",
        "the value {value} cannot be used in an expression",
    ),
    "bad_string": (
        "chuỗi {value} có ký tự không phải Unicode hợp lệ",
        "the string {value} holds a character that is not valid Unicode",
    ),
    "fixed_list": ("danh sách chỉ chứa giá trị cố định", "a list holds fixed values only"),
    # types
    "need_bool": ("cần điều kiện đúng/sai, gặp {found}", "expected a true/false condition, found {found}"),
    "list_compare": ("không so sánh {op} với danh sách; dùng in", "no {op} with a list; use in"),
    "cannot_compare": ("không so sánh được {left} với {right}", "cannot compare {left} with {right}"),
    "two_code_sets": (
        "không so sánh được {left} với {right}: hai bộ mã khác nhau",
        "cannot compare {left} with {right}: two different sets of codes",
    ),
    "op_not_for": ("phép {op} không dùng cho {left}", "{op} does not apply to {left}"),
    "unordered": ("{left} không có thứ tự, không dùng được phép {op}", "{left} has no order: {op} does not apply"),
    "in_right": (
        "vế phải của {op} phải là danh sách, gặp {right}",
        "the right side of {op} must be a list, found {right}",
    ),
    "in_left": ("vế trái của {op} không được là danh sách", "the left side of {op} cannot be a list"),
    "not_found_in": ("không tìm được {left} trong {right}", "cannot look for {left} in {right}"),
    "code_vs_value": ("không so sánh được {left} với {value}", "cannot compare {left} with {value}"),
    "unknown_code": (
        "mã {value} không có trong {left}; các mã: {codes}",
        "code {value} is not in {left}; the codes: {codes}",
    ),
}

HINTS = {
    "did_you_mean": ("có phải {close}?", "did you mean {close}?"),
    "attribute": ("đọc trường bằng tên của nó, ví dụ unit_kind", "read a field by its name, e.g. unit_kind"),
    "subscript": ("dùng in: 'ccna' in certificates", "use in: 'ccna' in certificates"),
    "if_else": ("dùng and, or", "use and, or"),
    "braces": ("danh sách viết trong [ ]", "lists are written in [ ]"),
    "walrus": ("dùng '==' để so sánh", "use '==' to compare"),
}


def error(key, col=None, hint=None, **values):
    """The ExprError ``key`` with its values (a Type is described, a :class:`Both` chosen, in each language);
    ``hint``: a key of HINTS, or (key, {values}), added after '; '."""
    vi, en = MESSAGES[key]
    texts = [_fill(template, values, lang) for template, lang in ((vi, "vi"), (en, "en"))]
    if hint:
        key, extra = hint if isinstance(hint, tuple) else (hint, {})
        texts = [t + "; " + _fill(h, extra, lang) for t, h, lang in zip(texts, HINTS[key], ("vi", "en"))]
    return ExprError(texts[0], col, texts[1])


def syntax(key, col=None, hint=None, **values):
    """A syntax error: 'cú pháp không đúng: ' / 'syntax error: ' before the message."""
    exc = error(key, col, hint, **values)
    return ExprError(SYNTAX.vi + exc.vi, col, SYNTAX.en + exc.en)


def said(value):
    """A token or value as messages show it: quoted, on one line, at most 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def closest(name, known):
    """``did_you_mean`` for the known name closest to ``name``, or None."""
    close = difflib.get_close_matches(name, [k for k in known if isinstance(k, str)], n=1)
    return ("did_you_mean", {"close": said(close[0])}) if close else None


def shown(text):
    """The expression as an error line shows it: one line (a line break becomes a space, so columns stay
    right), cut after 200 characters."""
    one = "".join(c if c.isprintable() else " " for c in str(text))
    return one if len(one) <= 200 else one[:200] + "…"


def _fill(template, values, lang):
    out = {}
    for key, value in values.items():
        if hasattr(value, "describe"):
            value = value.describe(lang)
        elif isinstance(value, Both):
            value = getattr(value, lang)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = number(value, lang)
        out[key] = value
    return template.format(**out)


def _one_line(text):
    return "".join(c if c.isprintable() else " " for c in str(text))
