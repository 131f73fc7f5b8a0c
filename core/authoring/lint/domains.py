"""The finite space a policy's expressions range over, so that lint decides by evaluating everything, never by
sampling.

Each field an expression reads takes finitely many values that matter: a code with a closed list is split
into the classes of codes the expressions cannot tell apart (``education`` compared only with ``dai_hoc``: below
it, ``dai_hoc``, above it; one code of each class); a number or a date is split at the constants and parameter
values (of every date) it is compared with: each, and values before, between and after them (as many as the
fields compared with one another need for every order of theirs); a yes/no field is true or false; an open code
or text field is each constant it is compared with, or another code; a list of codes is every set of such
codes. The cross product of the fields a rule reads is a polars frame,
on which the policy's own compiled expressions are evaluated, as the engine does.

Missing data: a field is null in the space only when the policy tests it with ``known(...)``. Anywhere else a
null makes a condition unmet by design ("thiếu dữ liệu"), so it can neither make a condition always true or
always false nor let anyone reach a tier; lint judges on the values that are there.

Systems: a tier's ``system`` says "operates a system such that ...". A person may operate several systems,
so the space holds, for each combination of the rule's system expressions, whether one of the person's
systems meets each — every combination some set of single systems gives (none at all included).

Fields are taken as independent of one another, the engine's derived fields too (``max_security_level`` and
the systems, ``rating_prev_year`` and ``rating_last_known``): the space may hold a combination no dataset has,
never lack one a dataset can have. So a tier said unreachable, a condition said never met or always met, is
so for every person; an overlap's example may combine values a real person would not.
"""

import ast
import datetime as dt
import math
from dataclasses import dataclass, field
from itertools import combinations

import polars as pl

from ...rules.expr import parse
from .finding import OTHER

LIMIT = 2_000_000  # rows: beyond this a rule is "not analysed", said as information, never sampled
SMALL_RANGE = 30  # a bounded whole number with at most this many values is taken whole (security_level 1..5)
MAX_LIST_CODES = 6  # a list field splits into every subset of at most this many classes of codes


class TooMany(Exception):
    def __init__(self, size, limit):
        super().__init__(size)
        self.size, self.limit = size, limit


@dataclass
class Uses:
    """What some expressions do with each field: the sets of constants it is tested against (a constant alone
    is a set of one; a parameter gives one set per dated value), the fields compared with it, whether
    ``known()`` tests it, whether it is read in a way lint cannot split (opaque)."""

    groups: dict = field(default_factory=dict)  # name -> set of frozensets
    linked: dict = field(default_factory=dict)  # name -> set of names
    nullable: set = field(default_factory=set)
    opaque: set = field(default_factory=set)

    def points(self, name):
        """Every constant the field is compared with (and those of the fields compared with it)."""
        out = set()
        for n in {name} | self.linked.get(name, set()):
            for group in self.groups.get(n, ()):
                out |= group
        return out


def uses(policy, texts):
    """What ``texts`` (expressions of ``policy``) do with each field they read. Parameters count with every
    value they take on any date."""
    out = Uses()
    params = {name: [_group(v[1]) for v in p.values if v[1] is not None] for name, p in policy.parameters.items()}
    for text in texts:
        _walk(parse(text).body, params, out)
    return out


def _group(value):
    values = value if isinstance(value, (list, tuple)) else [value]
    return frozenset(v for v in values if not isinstance(v, (list, dict)))


def _operand(node, params):
    """("col", name), ("vals", [frozenset]) or None."""
    if isinstance(node, ast.Name):
        if node.id in params:
            return ("vals", params[node.id])
        if node.id in ("true", "false"):
            return ("vals", [frozenset({node.id == "true"})])
        return ("col", node.id)
    if isinstance(node, ast.Constant):
        return ("vals", [frozenset({node.value})])
    if isinstance(node, (ast.List, ast.Tuple)):
        return ("vals", [frozenset(e.value for e in node.elts if isinstance(e, ast.Constant))])
    return None


def _walk(node, params, out):
    if isinstance(node, ast.Compare):
        parts = [node.left, *node.comparators]
        for a, b in zip(parts, parts[1:]):
            _pair(_operand(a, params), _operand(b, params), out)
    elif isinstance(node, ast.Call):
        args = [_operand(a, params) for a in node.args]
        cols = [a[1] for a in args if a and a[0] == "col"]
        if node.func.id == "known":
            out.nullable |= set(cols)
        elif node.func.id == "has_any":
            groups = [g for a in args if a and a[0] == "vals" for g in a[1]]
            for c in cols:
                out.groups.setdefault(c, set()).update(groups)
            _link(cols, out)
        else:
            out.opaque |= set(cols)
    for child in ast.iter_child_nodes(node):
        _walk(child, params, out)


def _pair(a, b, out):
    if a and b and a[0] == "col" and b[0] == "col":
        _link([a[1], b[1]], out)
        return
    for x, y in ((a, b), (b, a)):
        if x and x[0] == "col":
            if y and y[0] == "vals":
                out.groups.setdefault(x[1], set()).update(y[1])
            elif y is None:
                out.opaque.add(x[1])


def _link(names, out):
    for n in names:
        out.linked.setdefault(n, set()).update(m for m in names if m != n)


# --- the values of one field ------------------------------------------------------------------------------


def spec_of(registry, name, scope):
    """The dataset field behind a name of an expression (its bounds), if there is one."""
    if scope == "system":
        table, key = "systems", {"system_id": "id", "system_name": "name"}.get(name, name)
    elif scope == "decided" and name.startswith("system_"):
        table, key = "systems", {"system_id": "id", "system_name": "name"}.get(name, name[len("system_") :])
    elif name.startswith("unit_"):
        table, key = "units", name[len("unit_") :]
    else:
        table, key = "staff", name
    return registry.fields.get((table, key))


def values_of(name, typ, found, spec=None, fallback=dt.date(2000, 1, 1)):
    """The values of one field that tell apart everything the expressions compare it with (see the module)."""
    points = found.points(name)
    groups = set(found.groups.get(name, set()))
    for other in found.linked.get(name, ()):
        groups |= found.groups.get(other, set())
    whole = name in found.opaque or bool(found.linked.get(name))
    kind = typ.kind
    if kind == "bool":
        values = [True, False]
    elif kind == "code" and typ.domain:
        values = list(typ.domain) if whole else _classes(typ, groups)
    elif kind in ("code", "text", "str"):
        values = _open(points, whole)
    elif kind == "list":
        elem = typ.elem
        codes = _classes(elem, groups) if elem is not None and elem.kind == "code" and elem.domain else _open(points)
        if len(codes) > MAX_LIST_CODES:
            raise TooMany(2 ** len(codes), 2**MAX_LIST_CODES)
        values = [list(s) for n in range(len(codes) + 1) for s in combinations(codes, n)]
    elif kind in ("int", "number", "date"):
        values = _numbers(kind, points, spec, 1 + len(found.linked.get(name, ())), fallback)
    else:  # a type lint does not know how to split: one value
        values = [None]
    if name in found.nullable and None not in values:
        values.append(None)
    return values


def _open(points, whole=False):
    """An open code or text: each constant, and one (two, when compared with another field) it is not."""
    return sorted(c for c in points if isinstance(c, str)) + [OTHER] + ([OTHER + "2"] if whole else [])


def _classes(typ, groups):
    """One code of each class of codes no test tells apart: membership of each set of constants, and for
    ordered codes the position against each constant."""
    domain = list(typ.domain)
    groups = sorted(groups, key=lambda g: sorted(map(str, g)))
    marks = [domain.index(c) for c in domain if any(c in g for g in groups)] if typ.ordered else []
    seen, out = set(), []
    for i, code in enumerate(domain):
        signature = tuple(code in g for g in groups) + tuple((i > m) - (i < m) for m in marks)
        if signature not in seen:
            seen.add(signature)
            out.append(code)
    return out


def _numbers(kind, consts, spec, many=1, fallback=None):
    """Numbers or dates: each constant, and ``many`` values in each stretch before, between and after them
    (``many``: how many fields compared with one another share them, so that every order of theirs is there);
    a bounded whole number with few values (``security_level`` 1..5): all of them."""
    lo = hi = None
    if spec is not None:
        lo, hi = spec.rules.get("min"), spec.rules.get("max")
    if kind == "date":
        found = sorted({c.toordinal() for c in consts if isinstance(c, dt.date)})
        anchor = fallback.toordinal()
    else:
        found = sorted({c for c in consts if isinstance(c, (int, float)) and not isinstance(c, bool)})
        anchor = lo if lo is not None else 0
    if kind == "int" and lo is not None and hi is not None and hi - lo <= SMALL_RANGE:
        return list(range(int(lo), int(hi) + 1))
    whole = kind != "number"
    if not found:
        values = [anchor + i for i in range(many)]
    else:
        values = list(found)
        edges = [None, *found, None]
        for a, b in zip(edges, edges[1:]):
            values += _between(a, b, many, whole)
    values = sorted({v for v in values if (lo is None or v >= lo) and (hi is None or v <= hi)}) or [anchor]
    if kind == "date":
        return [dt.date.fromordinal(int(v)) for v in values]
    return [int(v) for v in values] if whole else [float(v) for v in values]


def _between(a, b, many, whole):
    """Up to ``many`` values strictly between ``a`` and ``b`` (None: no end)."""
    if a is None:
        return [b - i for i in range(many, 0, -1)] if whole else [b - i * 0.5 for i in range(many, 0, -1)]
    if b is None:
        return [a + i for i in range(1, many + 1)] if whole else [a + i * 0.5 for i in range(1, many + 1)]
    if whole:
        start = math.floor(a) + 1
        return [v for v in range(start, start + many) if v < b]
    return [a + (b - a) * (i + 1) / (many + 1) for i in range(many)]


def dtype_of(typ):
    if typ.kind == "code" and typ.domain:
        return pl.Enum(list(typ.domain))
    if typ.kind == "list":
        elem = typ.elem
        return pl.List(pl.Enum(list(elem.domain)) if elem is not None and elem.domain else pl.Utf8)
    return {"bool": pl.Boolean, "int": pl.Int64, "number": pl.Float64, "date": pl.Date}.get(typ.kind, pl.Utf8)


# --- the space ------------------------------------------------------------------------------------------


@dataclass
class Column:
    name: str
    values: list
    dtype: object


def columns(policy, names, scope, day, found):
    """The :class:`Column` of each name (in the order given), typed as ``scope`` reads it on ``day``."""
    types = policy.scope(day, scope).columns
    out = []
    for name in names:
        spec = spec_of(policy.registry, name, scope)
        out.append(Column(name, values_of(name, types[name], found, spec, policy.in_force_from), dtype_of(types[name])))
    return out


def size_of(cols, times=1):
    return math.prod(len(c.values) for c in cols) * times


def product(cols, times=1):
    """The cross product of the columns' values; :class:`TooMany` beyond :data:`LIMIT` rows."""
    size = size_of(cols, times)
    if size > LIMIT:
        raise TooMany(size, LIMIT)
    frame = pl.DataFrame({"__one": [0]})
    for col in cols:
        frame = frame.join(pl.DataFrame([pl.Series(col.name, col.values, dtype=col.dtype)]), how="cross")
    return frame


def profiles(expressions, cols):
    """The systems a person may operate, seen through a rule's system expressions: a frame with one boolean
    column ``__sys_<i>`` per expression and ``__systems`` (an index into the list returned), for every
    combination some set of single systems gives; with, for each, the systems (as dicts) that give it."""
    points = product(cols)
    vectors = points.select([e.fill_null(False).alias(f"__s{i}") for i, e in enumerate(expressions)])
    single = {}
    for point, vector in zip(points.drop("__one").iter_rows(named=True), vectors.iter_rows()):
        single.setdefault(vector, point)
    made = {tuple(False for _ in expressions): []}
    for vector, point in single.items():
        for have, systems in list(made.items()):
            new = tuple(a or b for a, b in zip(have, vector))
            if new not in made:
                made[new] = systems + [point]
    keys = list(made)
    frame = pl.DataFrame(
        {
            **{f"__sys_{i}": [k[i] for k in keys] for i in range(len(expressions))},
            "__systems": list(range(len(keys))),
        },
        schema={**{f"__sys_{i}": pl.Boolean for i in range(len(expressions))}, "__systems": pl.Int64},
    )
    return frame, [made[k] for k in keys]
