"""An expression in words, for people who read the policy against its source: ``it_role == 'chuyen_trach' and
education >= min_education`` -> "vai trò CNTT là chuyên trách và trình độ từ đại học trở lên".

The text is read with the expression language's own parser and whitelist (:func:`vnpolicy.rules.expr_syntax.read`:
parsing never runs code) and its tree walked: comparisons by the type of the field (an ordered code, a number, a
date, a yes/no), ``in`` / ``not in`` a list or a parameter, ``and`` / ``or`` with brackets where they mix, ``not``
said as the opposite where there is one, ``known()`` and ``has_any()``, parameters by their values in words (a
value the source does not give, or only assumes, is marked ``unknown``). Anything else — a function a plugin
adds, a name nobody declared, a text that does not parse — is shown as written (marked ``code``): never a crash.

What is said is a list of spans, each a string or ``{"text", "mark"}``: plain data for any writer."""

import ast
import re
from dataclasses import dataclass, field

from ..i18n import number
from ..i18n import text as tr
from ..rules.expr_syntax import COMPARISONS, read
from .labels import code_words, dated_values, field_words, is_predicate

FLIP = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
OPPOSITE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not in", "not in": "in"}
PHRASES = {
    "vi": {
        "order": {
            ">=": "{s} từ {o} trở lên",
            ">": "{s} cao hơn {o}",
            "<=": "{s} từ {o} trở xuống",
            "<": "{s} thấp hơn {o}",
        },
        "number": {
            ">=": "{s} từ {o} trở lên",
            ">": "{s} trên {o}",
            "<=": "{s} không quá {o}",
            "<": "{s} dưới {o}",
            "==": "{s} bằng {o}",
            "!=": "{s} khác {o}",
        },
        "date": {
            ">=": "{s} từ ngày {o} trở đi",
            ">": "{s} sau ngày {o}",
            "<=": "{s} không sau ngày {o}",
            "<": "{s} trước ngày {o}",
            "==": "{s} là ngày {o}",
            "!=": "{s} không phải ngày {o}",
        },
        "equal": {"==": "{s} là {o}", "!=": "{s} không phải là {o}"},
        "member": {"in": "{s} là một trong: {o}", "not in": "{s} không thuộc: {o}"},
        "has": {"in": "{s} có {o}", "not in": "{s} không có {o}"},
        "range": "{s} từ {a} đến {b}",
        "and": " và ",
        "or": " hoặc ",
        "not": "không phải ",
        "true": "đúng",
        "false": "sai",
        "always": "luôn đúng",
        "never": "không bao giờ",
        "known": "có dữ liệu về {x}",
        "unknown": "không có dữ liệu về {x}",
        "has_any": "{a} có ít nhất một trong: {b}",
        "has_none": "{a} không có mã nào trong: {b}",
        "param": "«{d}» (hiện: {v})",
    },
    "en": {
        "order": {
            ">=": "{s} is {o} or higher",
            ">": "{s} is higher than {o}",
            "<=": "{s} is {o} or lower",
            "<": "{s} is lower than {o}",
        },
        "number": {
            ">=": "{s} is at least {o}",
            ">": "{s} is more than {o}",
            "<=": "{s} is at most {o}",
            "<": "{s} is less than {o}",
            "==": "{s} is {o}",
            "!=": "{s} is not {o}",
        },
        "date": {
            ">=": "{s} is on or after {o}",
            ">": "{s} is after {o}",
            "<=": "{s} is on or before {o}",
            "<": "{s} is before {o}",
            "==": "{s} is {o}",
            "!=": "{s} is not {o}",
        },
        "equal": {"==": "{s} is {o}", "!=": "{s} is not {o}"},
        "member": {"in": "{s} is one of: {o}", "not in": "{s} is none of: {o}"},
        "has": {"in": "{s} include {o}", "not in": "{s} do not include {o}"},
        "range": "{s} is from {a} to {b}",
        "and": " and ",
        "or": " or ",
        "not": "not ",
        "true": "true",
        "false": "false",
        "always": "always",
        "never": "never",
        "known": "{x} is known",
        "unknown": "{x} is not known",
        "has_any": "{a} include at least one of: {b}",
        "has_none": "{a} include none of: {b}",
        "param": "“{d}” (now: {v})",
    },
}


@dataclass
class Said:
    spans: list  # strings and {"text", "mark"}
    params: list = field(default_factory=list)  # the parameters it reads, in the order it reads them
    verbatim: bool = False  # shown as written: the whole text was not understood


def mark(text, kind):
    return {"text": text, "mark": kind}


def plain_text(spans):
    """The words of spans without their marks (for a test, a title, the terminal)."""
    return "".join(s if isinstance(s, str) else s["text"] for s in spans)


class Speaker:
    """Says the expressions of one policy: its fields' types (every scope an expression can have) and its
    parameters."""

    def __init__(self, lang="vi", columns=None, parameters=None, registry=None):
        self.lang = lang if lang in PHRASES else "vi"
        self.words = PHRASES[self.lang]
        self.columns = columns or {}
        self.parameters = parameters or {}
        self.registry = registry

    @classmethod
    def for_policy(cls, policy, lang="vi"):
        columns = {}
        for kind in ("staff", "system", "decided", "unit", "outcome"):
            columns.update(policy.scope(policy.in_force_from, kind).columns)
        return cls(lang, columns, policy.parameters, policy.registry)

    def say(self, text):
        """``text`` in words; as written (marked ``code``) when it cannot be read."""
        self._params = []
        try:
            tree, source = read(text)
            self._source = source.body
            spans = self._node(tree.body)
        except Exception:  # noqa: BLE001 — whatever it is, the reader sees the text as written
            return Said([mark(" ".join(str(text).split()), "code")], [], verbatim=True)
        return Said(_joined(spans), list(dict.fromkeys(self._params)))

    # -- nodes
    def _node(self, node):
        if isinstance(node, ast.BoolOp):
            return self._boolop(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._negated(node.operand)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Name):
            return self._alone(node.id)
        if isinstance(node, ast.Call):
            return self._call(node)
        return self._as_written(node)

    def _as_written(self, node):
        return [mark(ast.get_source_segment(self._source, node) or ast.unparse(node), "code")]

    def _boolop(self, node):
        op = "and" if isinstance(node.op, ast.And) else "or"
        values = _flat(node.values, type(node.op))
        parts = self._ranges(values) if op == "and" else [self._part(v, type(node.op)) for v in values]
        out = []
        for i, part in enumerate(parts):
            out += ([self.words[op]] if i else []) + part
        return out

    def _part(self, node, op):
        said = self._node(node)
        return ["(", *said, ")"] if isinstance(node, ast.BoolOp) and not isinstance(node.op, op) else said

    def _ranges(self, values):
        """An ``and``'s parts, a field's lower and upper bound said once: 'từ 3 đến 5'."""
        bounds = {}
        for i, v in enumerate(values):
            single = isinstance(v, ast.Compare) and len(v.ops) == 1 and isinstance(v.left, ast.Name)
            if single and COMPARISONS.get(type(v.ops[0])) in (">=", "<=") and v.left.id in self.columns:
                bounds.setdefault((v.left.id, COMPARISONS[type(v.ops[0])]), i)
        pairs = {bounds[(n, ">=")]: bounds[(n, "<=")] for n, o in bounds if o == ">=" and (n, "<=") in bounds}
        skip, parts = set(pairs.values()), []
        for i, v in enumerate(values):
            if i in pairs:
                low, high = v, values[pairs[i]]
                parts.append(self._range(low.left.id, low.comparators[0], high.comparators[0]))
            elif i not in skip:
                parts.append(self._part(v, ast.And))
        return parts

    def _range(self, name, low, high):
        s = self._subject(name)
        return fill(self.words["range"], s=s, a=self._object(low, name), b=self._object(high, name))

    def _negated(self, node):
        if isinstance(node, ast.Name):
            return self._alone(node.id, negated=True)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._node(node.operand)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._pair(node.left, OPPOSITE[COMPARISONS[type(node.ops[0])]], node.comparators[0])
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("known", "has_any"):
            return self._call(node, negated=True)
        return [self.words["not"], "(", *self._node(node), ")"]

    def _compare(self, node):
        ops = [COMPARISONS[type(o)] for o in node.ops]
        middle = node.comparators[0]
        if ops == ["<=", "<="] and isinstance(middle, ast.Name) and middle.id in self.columns:
            return self._range(middle.id, node.left, node.comparators[1])
        out, left = [], node.left
        for i, (op, right) in enumerate(zip(ops, node.comparators)):
            out += ([self.words["and"]] if i else []) + self._pair(left, op, right)
            left = right
        return out

    def _pair(self, left, op, right):
        if op in ("in", "not in"):
            if self._is_field(right) and self.columns[right.id].kind == "list" and not self._is_field(left):
                return fill(self.words["has"][op], s=self._subject(right.id), o=self._object(left, right.id))
            return fill(self.words["member"][op], s=self._side(left), o=self._object(right, _name(left)))
        if not self._is_field(left) and self._is_field(right):
            left, right, op = right, left, FLIP[op]
        if self._is_field(left):
            typ = self.columns[left.id]
            said = self._yes_no(left.id, op, right) if typ.kind == "bool" else None
            if said is not None:
                return said
            if op == "!=" and isinstance(right, ast.Constant) and typ.kind == "code" and not typ.ordered:
                others = [c for c in typ.domain or () if c != right.value]
                if 0 < len(others) <= 2 and right.value in (typ.domain or ()):  # 'khác X' said as what it can be
                    said = [", ".join(code_words(c, self.lang, left.id) for c in others)]
                    return fill(
                        self.words["member" if len(others) > 1 else "equal"]["in" if len(others) > 1 else "=="],
                        s=self._subject(left.id),
                        o=said,
                    )
            group = _group(typ)
            phrases = self.words[group] if group != "order" or op not in ("==", "!=") else self.words["equal"]
            return fill(
                phrases.get(op, phrases.get("==", "{s} {o}")), s=self._subject(left.id), o=self._object(right, left.id)
            )
        return fill(self.words["equal"].get(op, "{s} " + op + " {o}"), s=self._side(left), o=self._object(right))

    def _yes_no(self, name, op, right):
        """``x == true``, ``x != false`` ...: what the yes/no field says, or its opposite."""
        value = right.value if isinstance(right, ast.Constant) else {"true": True, "false": False}.get(_name(right))
        if not isinstance(value, bool) or not is_predicate(name):
            return None
        return self._alone(name, negated=(value is True) != (op == "=="))

    def _alone(self, name, negated=False):
        if name in ("true", "false"):
            return [self.words["always" if (name == "true") != negated else "never"]]
        if name in self.parameters:
            param = self.parameters[name]
            self._params.append(name)
            said = fill(self.words["param"], d=[tr(param.description, self.lang)], v=self._values(name))
            return [self.words["not"], *said] if negated else said
        said = field_words(name, self.lang, self.registry, negated) if name in self.columns else None
        if said is not None:
            return [said]
        return [self.words["not"], mark(name, "code")] if negated else [mark(name, "code")]

    def _call(self, node, negated=False):
        fn = getattr(node.func, "id", None)
        if fn == "known" and len(node.args) == 1:
            return fill(self.words["unknown" if negated else "known"], x=self._side(node.args[0]))
        if fn == "has_any" and len(node.args) == 2:
            a = self._side(node.args[0])
            b = self._object(node.args[1], _name(node.args[0]))
            return fill(self.words["has_none" if negated else "has_any"], a=a, b=b)
        said = self._as_written(node)
        return [self.words["not"], *said] if negated else said

    # -- the two sides of a comparison
    def _is_field(self, node):
        return isinstance(node, ast.Name) and node.id in self.columns and node.id not in self.parameters

    def _subject(self, name):
        said = field_words(name, self.lang, self.registry) if not is_predicate(name) else None
        return [said] if said else [mark(name, "code")]

    def _side(self, node):
        return self._subject(node.id) if self._is_field(node) else self._object(node)

    def _object(self, node, field_name=None):
        """A value in words: a literal, a list, a parameter's values, another field."""
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return [self.words["true" if value else "false"]]
            if isinstance(value, (int, float)):
                return [number(value, self.lang)]
            if isinstance(value, str) and field_name in self.columns and _codes(self.columns[field_name]):
                return [code_words(value, self.lang, field_name)]
            return [f"«{value}»" if self.lang == "vi" else f"“{value}”"]
        if isinstance(node, (ast.List, ast.Tuple)):
            out = []
            for i, element in enumerate(node.elts):
                out += ([", "] if i else []) + self._object(element, field_name)
            return out
        if isinstance(node, ast.Name):
            if node.id in self.parameters:
                self._params.append(node.id)
                return self._values(node.id, field_name)
            if node.id in ("true", "false"):
                return [self.words[node.id]]
            if node.id in self.columns:
                return self._subject(node.id) if not is_predicate(node.id) else [field_words(node.id, self.lang)]
            return [mark(node.id, "code")]
        return self._node(node)

    def _values(self, name, field_name=None):
        """A parameter's value in words; each dated value when it has several ('[a từ …; b từ …]')."""
        param = self.parameters[name]
        values = dated_values(param, self.lang, field_name, since=len(param.values) > 1)
        out = []
        for i, (said, unknown) in enumerate(values):
            out += (["; "] if i else []) + [mark(said, "unknown") if unknown else said]
        return ["[", *out, "]"] if len(values) > 1 else out


def _name(node):
    return node.id if isinstance(node, ast.Name) else None


def _codes(typ):
    return typ.kind == "code" or (typ.kind == "list" and typ.elem is not None and typ.elem.kind == "code")


def _group(typ):
    if typ.kind == "code" and typ.ordered:
        return "order"
    if typ.kind in ("int", "number"):
        return "number"
    if typ.kind == "date":
        return "date"
    return "equal"


def _flat(values, op):
    """``a and (b and c)``: one list of parts (the brackets change nothing)."""
    out = []
    for v in values:
        out += _flat(v.values, op) if isinstance(v, ast.BoolOp) and isinstance(v.op, op) else [v]
    return out


def fill(template, **parts):
    out = []
    for piece in re.split(r"(\{\w\})", template):
        if len(piece) == 3 and piece[0] == "{" and piece[2] == "}":
            out += parts[piece[1]]
        elif piece:
            out.append(piece)
    return out


def _joined(spans):
    """Neighbouring plain strings as one."""
    out = []
    for span in spans:
        if isinstance(span, str) and out and isinstance(out[-1], str):
            out[-1] += span
        elif span != "":
            out.append(span)
    return out
