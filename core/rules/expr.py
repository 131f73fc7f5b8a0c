"""The policy expression language: parsed with a whitelist, type-checked at load, compiled to polars.

An expression such as ``education >= 'dai_hoc' and major in accepted_majors`` is parsed by Python's
``ast`` module (parsing never runs code) and every node is checked against a whitelist: boolean
operators, comparisons, ``in``, names, literals, lists, and calls of registered functions by plain name.
There is no attribute access, no subscript, no lambda, no call of anything that was not registered.

Each name is resolved in a :class:`Scope` (dataset fields, derived fields, parameters) and each
operation is checked against the types: a code compared with a code it does not have, an ordered
comparison of an unordered code, a code compared with a number, are errors at load time.
The result is a polars expression evaluated on whole columns.

Reading the text (its limits, the parser, the whitelist, syntax errors in words) is :mod:`.expr_syntax`;
what an error says, in Vietnamese and English, :mod:`.expr_errors`.
"""

import ast
import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from .expr_errors import Both, ExprError, closest, error, said
from .expr_syntax import COMPARISONS, MAX_DEPTH, parse, read

__all__ = ["ExprError", "parse", "compile_expr", "Scope", "Function", "Compiled", "Type", "type_of_value"]
_TYPE_NAMES = {
    "bool": ("đúng/sai", "true/false"),
    "int": ("số nguyên", "integer"),
    "number": ("số", "number"),
    "date": ("ngày", "date"),
    "code": ("mã", "code"),
    "text": ("chữ", "text"),
    "str": ("chuỗi", "string"),
    "unknown": ("chưa biết", "unknown"),
}
_INT64 = 2**63 - 1


@dataclass(frozen=True)
class Type:
    kind: str  # bool int number date code text str list
    domain: tuple = None  # the codes a code can take (None: open)
    ordered: bool = False
    elem: "Type" = None  # for lists
    label: str = ""  # what to call it in a message (a field name)

    def describe(self, lang="vi"):
        if self.kind == "list":
            inner = self.elem.describe(lang) if self.elem else ""
            return (f"list of {inner}" if lang == "en" else f"danh sách {inner}").strip().removesuffix(" of")
        names = _TYPE_NAMES.get(self.kind, (self.kind, self.kind))
        base = names[1] if lang == "en" else names[0]
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
            raise error("mixed_list", label=f"{label} " if label else "", kinds=", ".join(sorted(elems)))
        return Type("list", elem=Type(elems.pop()) if elems else None, label=label)
    raise error("bad_value", value=said(value))


@dataclass
class Compiled:
    expr: pl.Expr
    type: Type
    names: frozenset = frozenset()  # columns read (dataset and derived fields)
    params: frozenset = frozenset()  # parameters used
    functions: frozenset = frozenset()  # functions called
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


_CMP = COMPARISONS


def compile_expr(text, scope: Scope) -> Compiled:
    """Parse, check and compile ``text`` in ``scope``."""
    tree, source = read(text)
    try:
        return _Compiler(scope, source).visit(tree.body)
    except RecursionError:  # the limits are there so that this never happens; were it to, one line still
        raise error("too_deep", limit=MAX_DEPTH) from None


class _Compiler:
    def __init__(self, scope, source):
        self.scope, self.source = scope, source

    def at(self, node):
        """A node's column within the expression as written."""
        return self.source.of(node)

    def visit(self, node) -> Compiled:
        return getattr(self, "visit_" + type(node).__name__)(node)

    # -- leaves
    def visit_Constant(self, node):
        value = node.value
        if value is None:
            raise error("none", self.at(node))
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _INT64:
            raise error("big_number", self.at(node), value=said(value), limit=_INT64)
        if isinstance(value, str) and not value.isprintable() and _not_utf8(value):
            raise error("bad_string", self.at(node), value=said(value))
        try:
            typ = type_of_value(value)  # before polars sees it: bytes, 1j, ... are refused here
        except ExprError as exc:
            raise exc.at(self.at(node)) from None
        return Compiled(pl.lit(value), typ, literal=value, is_literal=True)

    def visit_List(self, node):
        items = [self.visit(e) for e in node.elts]
        if not all(i.is_literal for i in items):
            raise error("fixed_list", self.at(node))
        values = [i.literal for i in items]
        try:
            typ = type_of_value(values)
        except ExprError as exc:
            raise exc.at(self.at(node)) from None
        return Compiled(pl.lit(values), typ, literal=values, is_literal=True)

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
            return Compiled(pl.lit(name == "true"), BOOL, literal=name == "true", is_literal=True)
        known = [*self.scope.columns, *self.scope.params, "true", "false"]
        raise error("name", self.at(node), closest(name, known), name=said(name))

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
            names = sorted(self.scope.functions)
            fns = ", ".join(names) or "-"
            raise error("unknown_fn", self.at(node), closest(node.func.id, names), fn=said(node.func.id), fns=fns)
        args = [self.visit(a) for a in node.args]
        try:
            typ = fn.check([a.type for a in args], args)
        except ExprError as exc:
            raise error("fn_args", self.at(node), fn=fn.name, said=Both(exc.vi, exc.en)) from None
        merged = _merge(fn.build(args), typ, args)
        merged.functions = merged.functions | {fn.name}
        return merged

    # -- checks
    def _need_bool(self, compiled, node):
        if compiled.type.kind != "bool":
            raise error("need_bool", self.at(node), found=compiled.type)
        return compiled

    def _compare(self, op, left, right, node):
        lt, rt = left.type, right.type
        where = self.at(node)
        if "unknown" in (lt.kind, rt.kind):
            return _merge(pl.lit(None, dtype=pl.Boolean), BOOL, [left, right])
        if op in ("in", "not in"):
            return self._membership(op, left, right, where)
        if lt.kind == "list" or rt.kind == "list":
            raise error("list_compare", where, op=op)
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
            raise error("cannot_compare", where, left=lt, right=rt)
        if op not in ("==", "!=") and not kinds <= {"int", "number", "date"}:
            raise error("op_not_for", where, op=op, left=lt)
        return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])

    def _compare_codes(self, op, left, right, where):
        code = left if left.type.kind == "code" else right
        other = right if code is left else left
        if other.type.kind == "str":
            self._check_code(code.type, other.literal, where)
        elif other.type.kind == "code":
            if code.type.domain and other.type.domain and code.type.domain != other.type.domain:
                raise error("two_code_sets", where, left=left.type, right=right.type)
        else:
            raise error("cannot_compare", where, left=left.type, right=right.type)
        if op in ("==", "!="):
            return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])
        if not code.type.ordered:
            raise error("unordered", where, left=code.type, op=op)
        # codes with a closed list are polars Enums, which compare in the order of their list
        return _merge(_apply(op, left.expr, right.expr), BOOL, [left, right])

    def _membership(self, op, left, right, where):
        if right.type.kind != "list":
            raise error("in_right", where, op=op, right=right.type)
        elem = right.type.elem
        if left.type.kind == "list":
            raise error("in_left", where, op=op)
        if right.is_literal:
            values = right.literal
            if left.type.kind == "code":
                for v in values:
                    self._check_code(left.type, v, where)
            elif elem is not None and not _compatible(left.type, elem):
                raise error("not_found_in", where, left=left.type, right=right.type)
            expr = left.expr.is_in(pl.lit(pl.Series(values, dtype=_dtype(left.type))).implode())
            expr = pl.when(left.expr.is_null()).then(None).otherwise(expr)
        else:
            if left.is_literal and elem is not None and elem.kind == "code":
                self._check_code(elem, left.literal, where)
            elif elem is not None and not _compatible(left.type, elem):
                raise error("not_found_in", where, left=left.type, right=right.type)
            expr = right.expr.list.contains(left.expr)
        if op == "not in":
            expr = ~expr
        return _merge(expr, BOOL, [left, right])

    def _check_code(self, code_type, value, where):
        if not isinstance(value, str):
            raise error("code_vs_value", where, left=code_type, value=said(value))
        if code_type.domain is not None and value not in code_type.domain:
            hint = closest(value, code_type.domain)
            raise error(
                "unknown_code", where, hint, value=said(value), left=code_type, codes=", ".join(code_type.domain)
            )


def _not_utf8(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, written as an escape ('\ud800')
        return True
    return False


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
    functions = frozenset().union(*(p.functions for p in parts)) if parts else frozenset()
    return Compiled(expr, typ, names=names, params=params, functions=functions)
