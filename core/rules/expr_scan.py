"""Scanning an expression as a policy author sees it, and saying why Python's parser refused it.

:func:`scan` reads any text into tokens and never fails: an unclosed string or an odd character is a token too.
:func:`explain` reads those tokens again after a syntax error and gives the first slip it finds, with what was
found, what was expected and a hint: ``=``, ``&&``, ``||``, ``!``, ``<>``, a curly quote, an unusual space,
unbalanced brackets, an unclosed string, a line break, two values with nothing between them, two operators in a
row, an operator at the start or the end; else Python's own word, at its column.
"""

import keyword
import unicodedata
from typing import NamedTuple

from .expr_errors import OPERATOR, VALUE, Both, said, syntax

# --- scanning: tokens as a policy author sees them ---------------------------------------------------------


class Token(NamedTuple):
    kind: str  # name number string op open close odd newline unclosed comment
    text: str
    at: int  # 0-based character in the text scanned


_OPERATORS = sorted(
    ["===", "!==", "==", "!=", "<=", ">=", "<>", "&&", "||", "**", "//", "<<", ">>", ":=", "->"]
    + list("<>=!+-*/%&|^~,:.@;"),
    key=len,
    reverse=True,
)
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_STRING_PREFIXES = {"r", "u", "b", "f", "br", "rb", "fr", "rf"}
_CURLY = "‘’‚‛“”„‟«»‹›`´"
_SLIPS = {
    "&&": "'and'",
    "||": "'or'",
    "<>": "'!='",
    "===": "'=='",
    "!==": "'!='",
    "≥": "'>='",
    "≤": "'<='",
    "≠": "'!='",
}


def scan(text):
    """Tokens of a text, never failing: an unclosed string and an odd character are tokens too."""
    out, i, n, depth = [], 0, len(text), 0
    while i < n:
        c = text[i]
        if c in " \t\x0c":
            i += 1
        elif c in "\r\n":
            if depth == 0:
                out.append(Token("newline", c, i))
            i += 1
        elif c == "#":  # a comment: refused before parsing (what follows would be ignored without a word)
            out.append(Token("comment", c, i))
            while i < n and text[i] not in "\r\n":
                i += 1
        elif c == "\\" and text[i + 1 : i + 2] in ("\n", "\r"):
            i += 3 if text[i + 1 : i + 3] == "\r\n" else 2
        elif c in "'\"":
            token, i = _string(text, i, i)
            out.append(token)
        elif c.isidentifier():
            j = i + 1
            while j < n and ("a" + text[j]).isidentifier():
                j += 1
            if text[i:j].lower() in _STRING_PREFIXES and j < n and text[j] in "'\"":
                token, i = _string(text, j, i)
                out.append(token)
            else:
                out.append(Token("name", text[i:j], i))
                i = j
        elif c in "0123456789" or c == "." and text[i + 1 : i + 2] in tuple("0123456789"):
            j = i + 1
            while j < n and (text[j].isascii() and (text[j].isalnum() or text[j] in "._") or _sign(text, i, j)):
                j += 1
            out.append(Token("number", text[i:j], i))
            i = j
        elif c in _PAIRS or c in _PAIRS.values():
            depth = depth + 1 if c in _PAIRS else max(depth - 1, 0)
            out.append(Token("open" if c in _PAIRS else "close", c, i))
            i += 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            out.append(Token("op", op, i) if op else Token("odd", c, i))
            i += len(op) if op else 1
    return out


def _sign(text, start, j):
    return text[j] in "+-" and text[j - 1] in "eE" and not text[start : start + 2].lower() == "0x"


def _string(text, quote_at, start):
    q = text[quote_at]
    quote = q * 3 if text.startswith(q * 3, quote_at) else q
    j = quote_at + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return Token("string", text[start : j + len(quote)], start), j + len(quote)
        elif len(quote) == 1 and text[j] in "\r\n":
            break
        else:
            j += 1
    return Token("unclosed", quote, start), len(text)


# --- a syntax error in words ------------------------------------------------------------------------------


def explain(source, tokens, exc):
    """The ExprError for a text Python's parser refused: the first slip the scanner finds, else Python's word."""
    for check in (_strings, _characters, _brackets, _breaks, _grammar):
        found = check(tokens)
        if found is not None:
            return found
    return _python(source, tokens, exc)


def _strings(tokens):
    token = next((t for t in tokens if t.kind == "unclosed"), None)
    return syntax("unclosed_string", token.at, quote=token.text) if token else None


def _characters(tokens):
    """An odd character or an operator of another language, the first in the text."""
    calls = []  # per open bracket: is it a call's (where 'name=' is a named argument, not a slip)
    for k, t in enumerate(tokens):
        if t.kind == "open":
            calls.append(t.text == "(" and k > 0 and tokens[k - 1].kind in ("name", "close"))
        elif t.kind == "close" and calls:
            calls.pop()
        elif t.text in _SLIPS and t.kind in ("op", "odd"):
            return syntax("slip", t.at, found=said(t.text), expected=_SLIPS[t.text])
        elif t.kind == "op" and t.text == "!":
            return syntax("slip_not", t.at)
        elif t.kind == "op" and (t.text == ":=" or t.text == "=" and not (calls and calls[-1] and _named(tokens, k))):
            return syntax("slip_eq", t.at, found=said(t.text))
        elif t.kind == "odd":
            return _odd(t)
    return None


def _named(tokens, k):
    return k >= 2 and tokens[k - 1].kind == "name" and tokens[k - 2].text in ("(", ",")


def _odd(token):
    c, code = token.text, f"U+{ord(token.text):04X}"
    if c in _CURLY:
        return syntax("curly_quote", token.at, found=said(c))
    if c.isspace() or unicodedata.category(c) == "Cf":
        return syntax("odd_space", token.at, found=said(c), code=code)
    return syntax("odd_char", token.at, found=said(c), code=code, value=VALUE)


def _brackets(tokens):
    stack = []
    for t in tokens:
        if t.kind == "open":
            stack.append(t)
        elif t.kind == "close":
            if not stack:
                opener = {v: k for k, v in _PAIRS.items()}[t.text]
                return syntax("unopened", t.at, close=said(t.text), open=said(opener))
            opened = stack.pop()
            if _PAIRS[opened.text] != t.text:
                close = said(_PAIRS[opened.text])
                return syntax(
                    "mismatched",
                    t.at,
                    found=said(t.text),
                    close=close,
                    open=said(opened.text),
                    where=str(opened.at + 1),
                )
    if stack:
        return syntax("unclosed", stack[-1].at, open=said(stack[-1].text), close=said(_PAIRS[stack[-1].text]))
    return None


def _breaks(tokens):
    token = next((t for t in tokens if t.kind == "newline"), None)
    return syntax("line_break", token.at) if token else None


_LINKS = ("and", "or", "in", "if", "else", "for")


def _grammar(tokens):
    """Values and operators in turn: two values with nothing between them, two operators in a row, an
    operator at the start or the end."""
    want_value, prev, k = True, None, 0
    while k < len(tokens):
        t = tokens[k]
        word = t.text if t.kind == "name" else None
        after = tokens[k + 1].text if k + 1 < len(tokens) else None
        if want_value:
            if (
                t.kind in ("number", "string")
                or word
                and (word not in keyword.kwlist or word in ("True", "False", "None"))
            ):
                want_value = False
            elif t.kind == "open" or word == "not" or t.kind == "op" and t.text in ("-", "+", "~"):
                pass
            elif t.kind == "close" and prev is not None and (prev.kind == "open" or prev.text == ","):
                want_value = False
            elif word and word not in _LINKS + ("is",):
                return syntax("keyword", t.at, found=said(word), value=VALUE)
            elif prev is None:
                return syntax("leading", t.at, found=said(t.text), value=VALUE)
            elif prev.kind in ("op", "name"):
                return syntax("two_operators", t.at, found=said(t.text), before=said(prev.text), value=VALUE)
            else:
                return syntax("value_expected", t.at, found=said(t.text), value=VALUE)
        elif t.kind in ("op", "open") or word in _LINKS:
            want_value = True
        elif word in ("is", "not") and after in ("not", "in"):
            k += 1
            want_value = True
        elif word == "is":
            want_value = True
        elif t.kind != "close":
            if word in keyword.kwlist and word not in ("True", "False", "None", "not"):
                return syntax("keyword", t.at, found=said(word), value=VALUE)
            return syntax("two_values", t.at, found=said(t.text), before=said(prev.text), operator=OPERATOR)
        prev = tokens[k]
        k += 1
    if want_value and prev is not None and prev.kind != "open":
        return syntax("trailing", prev.at, found=said(prev.text), value=VALUE)
    return None


def _python(source, tokens, exc):
    if isinstance(exc, SyntaxError):
        col = source.at(exc.lineno, (exc.offset or 1) - 1, in_bytes=False)
        words = exc.msg
    else:
        col, words = source.lead, str(exc)
    found = next((t for t in tokens if t.at >= col), None)
    shown = said(found.text) if found else Both("hết biểu thức", "the end of the expression")
    words = "".join(c if c.isprintable() else " " for c in str(words))[:120]
    return syntax("python", found.at if found else col, found=shown, said=words)
