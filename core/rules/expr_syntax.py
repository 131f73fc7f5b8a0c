"""Reading an expression's text: the limits that bound the work, Python's parser, the whitelist, and a syntax
error said in words a policy author knows.

Before Python's parser sees a text, it must be at most ``MAX_LENGTH`` characters and nest at most ``MAX_DEPTH``
levels (brackets, a run of ``not``); after, the tree must nest at most ``MAX_DEPTH`` levels and hold at most
``MAX_PARTS`` parts. So no text can make the parser or the compiler recurse without end or take long; were the
parser to give up anyway (RecursionError, MemoryError), that too is one line.

When the parser refuses a text, :mod:`.expr_scan` reads it again to say what was found and what was expected,
with a hint for the usual slips. Columns are 0-based characters within the text as written (Python counts
UTF-8 bytes in a line; a Vietnamese string would shift them).
"""

import ast
import warnings
from functools import lru_cache

from .expr_errors import Both, error, said
from .expr_scan import explain, scan

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 50  # levels of nesting
MAX_PARTS = 500  # names, values and operations

COMPARISONS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ALLOWED = (ast.BoolOp, ast.UnaryOp, ast.Compare, ast.Name, ast.Constant, ast.List, ast.Tuple, ast.Call)
_REFUSED = {
    ast.Attribute: (Both("truy cập thuộc tính (.)", "attribute access (.)"), "attribute"),
    ast.Subscript: (Both("chỉ số [ ]", "subscripts [ ]"), "subscript"),
    ast.Slice: (Both("lát cắt [a:b]", "slices [a:b]"), "subscript"),
    ast.Lambda: (Both("lambda", "lambda"), None),
    ast.IfExp: (Both("if … else", "if … else"), "if_else"),
    ast.Dict: (Both("ngoặc nhọn { }", "braces { }"), "braces"),
    ast.Set: (Both("ngoặc nhọn { }", "braces { }"), "braces"),
    ast.NamedExpr: (Both("phép gán ':='", "assignment ':='"), "walrus"),
    ast.JoinedStr: (Both("chuỗi f'…'", "f-strings"), None),
    ast.Starred: (Both("dấu * trước tên", "a * before a name"), None),
    **{loop: (Both("vòng lặp for", "for loops"), None) for loop in (ast.ListComp, ast.SetComp, ast.DictComp)},
    ast.GeneratorExp: (Both("vòng lặp for", "for loops"), None),
}
_SYMBOLS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitXor: "^",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.USub: "-",
    ast.UAdd: "+",
    ast.Invert: "~",
}
_AS_WORDS = {"&": "'and'", "|": "'or'", "~": "'not'", "is": "'=='", "is not": "'!='"}


class Source:
    """An expression's text and where its parts are: Python parses it stripped, and counts bytes."""

    def __init__(self, text):
        self.text = text
        self.body = text.strip()
        self.lead = len(text) - len(text.lstrip())
        self.starts = [0]  # where each line of the body starts, as Python's parser splits lines
        i = 0
        while i < len(self.body):
            if self.body[i] == "\r" and self.body[i + 1 : i + 2] == "\n":
                i += 1
            if self.body[i] in "\r\n":
                self.starts.append(i + 1)
            i += 1

    def at(self, lineno, col, in_bytes=True):
        """The column in ``text`` of a line and column of the body (bytes, as ast gives them, or characters)."""
        lineno = min(max(lineno or 1, 1), len(self.starts))
        start = self.starts[lineno - 1]
        if in_bytes:
            col = len(self.body[start:].encode("utf-8", "surrogatepass")[: max(col or 0, 0)].decode("utf-8", "ignore"))
        return self.lead + min(start + max(col or 0, 0), len(self.body))

    def of(self, node):
        return self.at(node.lineno, node.col_offset) if hasattr(node, "col_offset") else None

    def symbol(self, before, after, symbol):
        """The column of ``symbol`` between two nodes (an operator: ast gives it no place of its own)."""
        start = self.at(before.end_lineno, before.end_col_offset)
        found = self.text.find(symbol, start, self.of(after))
        return found if found >= 0 else self.of(before)


def read(text):
    """Check the limits, parse, check the tree; returns the tree and its :class:`Source`. A text read
    before gives the same (unchanged) tree again: a policy's expressions are compiled on every date its
    parameters change and in every scenario of a comparison."""
    if not isinstance(text, str):
        raise error("not_text", found=said(text))
    return _read(text)


@lru_cache(maxsize=4096)  # an error is raised each time, never kept
def _read(text):
    if not text.strip():
        raise error("empty")
    if len(text) > MAX_LENGTH:
        raise error("too_long", MAX_LENGTH, length=len(text), limit=MAX_LENGTH)
    source = Source(text)
    tokens = [t._replace(at=source.lead + t.at) for t in scan(source.body)]  # columns within ``text``
    _check_tokens(tokens)
    try:
        with warnings.catch_warnings():  # "is" with a literal, an odd escape ...: not a line on stderr
            warnings.simplefilter("ignore")
            tree = ast.parse(source.body, mode="eval")
    except (SyntaxError, ValueError) as exc:  # ValueError: a NUL character
        raise explain(source, tokens, exc) from None
    except (RecursionError, MemoryError):
        raise error("too_deep", limit=MAX_DEPTH) from None
    _check_tree(tree, source)
    return tree, source


def parse(text):
    """Parse and whitelist; returns the ast. Raises ExprError naming what is not allowed."""
    return read(text)[0]


# --- the limits and the whitelist ----------------------------------------------------------------------


def _check_tokens(tokens):
    """Nesting within the limit, before the parser; and no comment, which would silently drop the rest."""
    depth = run = 0
    for token in tokens:
        if token.kind == "comment":
            raise error(
                "refused",
                token.at,
                what=Both("chú thích '#' (phần sau '#' bị bỏ qua)", "comments '#' (what follows '#' is ignored)"),
            )
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth = max(depth - 1, 0)
        run = run + 1 if token.text in ("not", "-", "+", "~") and token.kind in ("name", "op") else 0
        if depth > MAX_DEPTH or run > MAX_DEPTH:
            raise error("too_deep", token.at, limit=MAX_DEPTH)


def _check_tree(tree, source):
    parts, stack = 0, [(tree.body, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.expr):
            parts += 1
            if parts > MAX_PARTS:
                raise error("too_many", source.of(node), limit=MAX_PARTS)
            if depth > MAX_DEPTH:
                raise error("too_deep", source.of(node), limit=MAX_DEPTH)
        stack += [(child, depth + isinstance(node, ast.expr)) for child in ast.iter_child_nodes(node)]
    nodes = [n for n in ast.walk(tree.body) if isinstance(n, (ast.expr, ast.keyword, ast.comprehension))]
    for node in nodes:
        _check_node(node, source)
    for node in nodes:
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise error("call_by_name", source.of(node))
            if node.keywords:
                raise error("named_args", source.of(node), fn=node.func.id)


def _check_node(node, source):
    if isinstance(node, ast.BinOp) or isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
        symbol = _SYMBOLS.get(type(node.op), type(node.op).__name__)
        col = source.symbol(node.left, node.right, symbol) if isinstance(node, ast.BinOp) else source.of(node)
        if symbol in _AS_WORDS:
            raise error("slip", col, found=said(symbol), expected=_AS_WORDS[symbol])
        raise error("refused", col, what=Both(f"phép tính số học ({symbol!r})", f"arithmetic ({symbol!r})"))
    if isinstance(node, ast.Compare):
        for k, op in enumerate(node.ops):
            if type(op) not in COMPARISONS:
                word = {ast.Is: "is", ast.IsNot: "is not"}.get(type(op), type(op).__name__)
                before = node.left if k == 0 else node.comparators[k - 1]
                col = source.symbol(before, node.comparators[k], word.split()[0])
                raise error("slip", col, found=said(word), expected=_AS_WORDS.get(word, "'=='"))
    if isinstance(node, _ALLOWED) or isinstance(node, ast.keyword):
        return
    what, hint = _REFUSED.get(type(node), (Both(type(node).__name__, type(node).__name__), None))
    raise error("refused", source.of(node), hint, what=what)
