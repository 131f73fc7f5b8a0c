"""The policy expression language: parsed with a whitelist, type-checked at load, compiled to polars.

An expression such as ``education >= 'dai_hoc' and major in accepted_majors`` is parsed by Python's
``ast`` module (parsing never runs code) and every node is checked against a whitelist: boolean
operators, comparisons, ``in``, names, literals, lists, and calls of registered functions by plain name.
There is no attribute access, no subscript, no lambda, no call of anything that was not registered.

Each name is resolved in a :class:`Scope` (dataset fields, derived fields, parameters) and each
operation is checked against the types: a code compared with a code it does not have, an ordered
comparison of an unordered code, a code compared with a number, are errors at load time.
The result is a polars expression evaluated on whole columns.
"""

import ast
import datetime as dt
from dataclasses import dataclass, field

import polars as pl


class ExprError(Exception):
    """An expression that does not parse or does not type-check. ``col`` is the 0-based column."""

    def __init__(self, message, col=None):
        super().__init__(message)
        self.message = message
        self.col = col


@dataclass(frozen=True)
class Type:
    kind: str  # bool int number date code text str list
    domain: tuple = None  # the codes a code can take (None: open)
    ordered: bool = False
    elem: "Type" = None  # for lists
    label: str = ""  # what to call it in a message (a field name)

    def describe(self):
        if self.kind == "list":
            return f"danh sách {self.elem.describe() if self.elem else ''}".strip()
        names = {
            "bool": "đúng/sai",
            "int": "số nguyên",
            "number": "số",
            "date": "ngày",
            "code": "mã",
            "text": "chữ",
            "str": "chuỗi",
        }
        base = names.get(self.kind, self.kind)
        return f"{base} ({self.label})" if self.label else base


BOOL, INT, NUMBER, DATE, STR = Type("bool"), Type("int"), Type("number"), Type("date"), Type("str")
UNKNOWN = Type("unknown")  # a parameter whose value the source does not give
NUMERIC = ("int", "number")


def type_of_value(value, label=""):
    """The type of a parameter value or literal."""
    if isinstance(value, bool):
        return Type("bool", label=label)
    if isinstance(value, int):
        return Type("int", label=label)
    if isinstance(value, float):
        return Type("number", label=label)
    if isinstance(value, dt.date):
        return Type("date", label=label)
    if isinstance(value, str):
        return Type("str", label=label)
    if isinstance(value, (list, tuple)):
        elems = {type_of_value(v).kind for v in value}
        if len(elems) > 1:
            raise ExprError(f"danh sách {label or ''} trộn nhiều kiểu giá trị: {sorted(elems)}")
        return Type("list", elem=Type(elems.pop()) if elems else None, label=label)
    raise ExprError(f"giá trị {value!r} không dùng được trong biểu thức")


@dataclass
class Compiled:
    expr: pl.Expr
    type: Type
    names: frozenset = frozenset()  # columns read (dataset and derived fields)
    params: frozenset = frozenset()  # parameters used
    literal: object = None  # the Python value when this is a literal or a parameter
    is_literal: bool = False


@dataclass
class Function:
    """A function policies may call. ``check(types)`` returns the result type or raises ExprError;
    ``build(args)`` returns the polars expression from the compiled arguments."""

    name: str
    check: object
    build: object
    description: str = ""


@dataclass
class Scope:
    columns: dict  # name -> Type (dataset, unit_, derived and extra fields)
    params: dict = field(default_factory=dict)  # name -> value in force
    functions: dict = field(default_factory=dict)  # name -> Function


_CMP = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.Compare,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Call,
    ast.keyword,
    *tuple(_CMP),
)


def parse(text):
    """Parse and whitelist; returns the ast. Raises ExprError naming what is not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("biểu thức trống")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cú pháp không đúng: {exc.msg}", (exc.offset or 1) - 1) from None
    nodes = list(ast.walk(tree))
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            what = {
                ast.Attribute: "truy cập thuộc tính (.)",
                ast.Subscript: "chỉ số [ ]",
                ast.Lambda: "lambda",
                ast.BinOp: "phép tính số học",
            }.get(type(node), type(node).__name__)
            raise ExprError(f"không được dùng {what} trong biểu thức", getattr(node, "col_offset", None))
    for node in nodes:
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise ExprError("chỉ được gọi hàm đã đăng ký, bằng tên", node.col_offset)
            if node.keywords:
                raise ExprError(f"hàm {node.func.id}: không dùng tham số có tên", node.col_offset)
    return tree


def compile_expr(text, scope: Scope) -> Compiled:
    """Parse, check and compile ``text`` in ``scope``."""
    return _Compiler(scope).visit(parse(text).body)


class _Compiler:
    def __init__(self, scope):
        self.scope = scope

    def visit(self, node) -> Compiled:
        return getattr(self, "visit_" + type(node).__name__)(node)

    # -- leaves
    def visit_Constant(self, node):
        value = node.value
        if value is None:
            raise ExprError("không dùng None; dùng known(trường) để kiểm tra có dữ liệu", node.col_offset)
        return Compiled(pl.lit(value), type_of_value(value), literal=value, is_literal=True)

    def visit_List(self, node):
        items = [self.visit(e) for e in node.elts]
        if not all(i.is_literal for i in items):
            raise ExprError("danh sách chỉ chứa giá trị cố định", node.col_offset)
        values = [i.literal for i in items]
        return Compiled(pl.lit(values), type_of_value(values), literal=values, is_literal=True)

    visit_Tuple = visit_List

    def visit_Name(self, node):
        name = node.id
        if name in self.scope.params and self.scope.params[name] is None:
            # a value the source does not give: any comparison with it is unknown (null), never a guess
            return Compiled(pl.lit(None), UNKNOWN, params=frozenset([name]))
        if name in self.scope.params:
            value = self.scope.params[name]
            typ = type_of_value(value, label=name)
            lit = pl.lit(value) if typ.kind != "list" else pl.lit(pl.Series(value, dtype=_dtype(typ.elem)))
            return Compiled(lit, typ, params=frozenset([name]), literal=value, is_literal=True)
        if name in self.scope.columns:
            return Compiled(pl.col(name), self.scope.columns[name], names=frozenset([name]))
        if name in ("true", "false"):
            return self.visit_Constant(ast.Constant(name == "true", col_offset=node.col_offset))
        raise ExprError(
            f"tên {name!r} không phải trường dữ liệu, trường dẫn xuất hay tham số đã khai báo", node.col_offset
        )

    # -- operators
    def visit_BoolOp(self, node):
        parts = [self._need_bool(self.visit(v), v) for v in node.values]
        out = parts[0].expr
        for p in parts[1:]:
            out = (out & p.expr) if isinstance(node.op, ast.And) else (out | p.expr)
        return _merge(out, BOOL, parts)

    def visit_UnaryOp(self, node):
        inner = self._need_bool(self.visit(node.operand), node.operand)
        return _merge(~inner.expr, BOOL, [inner])

    def visit_Compare(self, node):
        left = self.visit(node.left)
        results = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.visit(right_node)
            results.append(self._compare(_CMP[type(op)], left, right, node))
            left = right
        out = results[0].expr
        for r in results[1:]:
            out = out & r.expr
        return _merge(out, BOOL, results)

    def visit_Call(self, node):
        fn = self.scope.functions.get(node.func.id)
        if fn is None:
            raise ExprError(f"hàm {node.func.id!r} chưa được đăng ký", node.col_offset)
        args = [self.visit(a) for a in node.args]
        try:
            typ = fn.check([a.type for a in args], args)
        except ExprError as exc:
            raise ExprError(f"hàm {fn.name}: {exc.message}", node.col_offset) from None
        return _merge(fn.build(args), typ, args)

    # -- checks
    def _need_bool(self, compiled, node):
        if compiled.type.kind != "bool":
            raise ExprError(f"cần điều kiện đúng/sai, gặp {compiled.type.describe()}", node.col_offset)
        return compiled

    def _compare(self, op, left, right, node):
        lt, rt = left.type, right.type
        where = node.col_offset
        if "unknown" in (lt.kind, rt.kind):
            return _merge(pl.lit(None, dtype=pl.Boolean), BOOL, [left, right])
        if op in ("in", "not in"):
            return self._membership(op, left, right, where)
        if lt.kind == "list" or rt.kind == "list":
            raise ExprError(f"không so sánh {op} với danh sách; dùng in", where)
        if "code" in (lt.kind, rt.kind):
            return self._compare_codes(op, left, right, where)
        kinds = {lt.kind, rt.kind}
        ok = (
            kinds <= set(NUMERIC)
            or len(kinds) == 1
            and kinds <= {"date", "bool", "text", "str"}
            or kinds == {"text", "str"}
        )
        if not ok:
            raise ExprError(f"không so sánh được {lt.describe()} với {rt.describe()}", where)
        if op not in ("==", "!=") and not kinds <= {"int", "number", "date"}:
            raise ExprError(f"phép {op} không dùng cho {lt.describe()}", where)
        return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])

    def _compare_codes(self, op, left, right, where):
        code = left if left.type.kind == "code" else right
        other = right if code is left else left
        if other.type.kind == "str":
            self._check_code(code.type, other.literal, where)
        elif other.type.kind == "code":
            if code.type.domain and other.type.domain and code.type.domain != other.type.domain:
                raise ExprError(
                    f"không so sánh được {left.type.describe()} với {right.type.describe()}: hai bộ mã khác nhau", where
                )
        else:
            raise ExprError(f"không so sánh được {left.type.describe()} với {right.type.describe()}", where)
        if op in ("==", "!="):
            return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])
        if not code.type.ordered:
            raise ExprError(f"{code.type.describe()} không có thứ tự, không dùng được phép {op}", where)
        # codes with a closed list are polars Enums, which compare in the order of their list
        return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])

    def _membership(self, op, left, right, where):
        if right.type.kind != "list":
            raise ExprError(f"vế phải của {op} phải là danh sách, gặp {right.type.describe()}", where)
        elem = right.type.elem
        if left.type.kind == "list":
            raise ExprError(f"vế trái của {op} không được là danh sách", where)
        if right.is_literal:
            values = right.literal
            if left.type.kind == "code":
                for v in values:
                    self._check_code(left.type, v, where)
            elif elem is not None and not _compatible(left.type, elem):
                raise ExprError(f"không tìm được {left.type.describe()} trong {right.type.describe()}", where)
            expr = left.expr.is_in(pl.lit(pl.Series(values, dtype=_dtype(left.type))).implode())
            expr = pl.when(left.expr.is_null()).then(None).otherwise(expr)
        else:
            if left.is_literal and elem is not None and elem.kind == "code":
                self._check_code(elem, left.literal, where)
            elif elem is not None and not _compatible(left.type, elem):
                raise ExprError(f"không tìm được {left.type.describe()} trong {right.type.describe()}", where)
            expr = right.expr.list.contains(left.expr)
        if op == "not in":
            expr = ~expr
        return _merge(expr, BOOL, [left, right])

    def _check_code(self, code_type, value, where):
        if not isinstance(value, str):
            raise ExprError(f"không so sánh được {code_type.describe()} với {value!r}", where)
        if code_type.domain is not None and value not in code_type.domain:
            raise ExprError(
                f"mã {value!r} không có trong {code_type.describe()}; các mã: {', '.join(code_type.domain)}", where
            )


def _compatible(a, b):
    if a.kind in NUMERIC and b.kind in NUMERIC:
        return True
    if {a.kind, b.kind} <= {"code", "str", "text"}:
        return True
    return a.kind == b.kind


def _dtype(typ):
    if typ is None:
        return pl.Utf8
    if typ.kind == "code" and typ.domain:
        return pl.Enum(list(typ.domain))
    return {"bool": pl.Boolean, "int": pl.Int64, "number": pl.Float64, "date": pl.Date}.get(typ.kind, pl.Utf8)


def _apply(op, a, b):
    return {"==": a.eq, "!=": a.ne, "<": a.lt, "<=": a.le, ">": a.gt, ">=": a.ge}[op](b)


def _merge(expr, typ, parts):
    names = frozenset().union(*(p.names for p in parts)) if parts else frozenset()
    params = frozenset().union(*(p.params for p in parts)) if parts else frozenset()
    return Compiled(expr, typ, names=names, params=params)
