"""Policies: one YAML file each, validated by the shipped JSON Schema and type-checked at load.

Every error names the file and line. A parameter holds dated values (a value per effective date);
a value may be marked unknown (the source does not give it), with or without an assumed value.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from ..data.dataset import UNIT_FIELDS_IN_STAFF
from ..data.yamlsrc import YamlError, line_of, load_with_lines
from ..errors import PolicyError
from ..i18n import text as tr
from . import policy_cache
from .expr import ExprError, Scope, Type, compile_expr
from .kinds.base import OUTCOMES
from .kinds.tiers import DECIDED_COLUMNS
from .parameters import MONEY_UNITS, parameters
from .readings import check as check_readings
from .readings import readings
from .schema_check import check_schema


@cache
def shipped_schema(name):
    return json.loads(resources.files("vnpolicy").joinpath("schemas", name).read_text(encoding="utf-8"))


@dataclass
class Policy:
    id: str
    data: dict
    path: Path
    lines: dict
    registry: object
    plugin: str = ""
    parameters: dict = field(default_factory=dict)
    names: set = field(default_factory=set)  # every field the policy's expressions read
    in_effect: dict = field(default_factory=dict)  # reading id -> the alternative applied
    variants: dict = field(default_factory=dict, repr=False)  # ((reading, alternative), ...) -> Policy, built once
    base: "Policy" = field(default=None, repr=False)  # a variant's policy as written
    _columns: dict = field(default_factory=dict, repr=False)  # scope kind -> {name: Type}, built once
    _compiled: dict = field(default_factory=dict, repr=False)  # (text, date, scope kind) -> Compiled, built once

    # -- what the file says
    @property
    def province(self):
        return self.data["jurisdiction"]["province"]

    @property
    def former_territory(self):
        return bool(self.data["jurisdiction"].get("former_territory", False))

    @property
    def in_force_from(self):
        return _date(self.data["in_force"]["from"])

    @property
    def in_force_to(self):
        to = self.data["in_force"].get("to")
        return _date(to) if to else None

    @property
    def in_force_unknown(self):
        """The source gives no date: ``in_force_from`` is a reading, and every result says so."""
        return bool(self.data["in_force"].get("unknown", False))

    @property
    def citation(self):
        """What is cited when nothing narrower is: the in-force clause (optional), else the document."""
        document = self.data["document"]
        return self.data["in_force"].get("citation") or document.get("number") or tr(self.data["title"], "vi")

    def title(self, lang="vi"):
        return tr(self.data["title"], lang)

    def in_force(self, on):
        return self.in_force_from <= on and (self.in_force_to is None or on <= self.in_force_to)

    def rule_in_force(self, rule, on):
        """A rule with ``from`` applies from that date only."""
        return "from" not in rule or _date(rule["from"]) <= on

    def rules(self):
        kinds = self.registry.rule_kinds
        ordered = sorted(enumerate(self.data["rules"]), key=lambda ir: (kinds[ir[1]["kind"]].phase, ir[0]))
        return [(kinds[r["kind"]], r) for _, r in ordered]

    def summary(self, on=None, lang="vi"):
        d = self.data["document"]
        out = {
            "id": self.id,
            "province": self.province,
            "title": self.title(lang),
            "document": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in d.items()},
            "in_force_from": self.in_force_from.isoformat(),
            "in_force_to": self.in_force_to.isoformat() if self.in_force_to else None,
            "in_force_known": not self.in_force_unknown,
            "former_territory": self.former_territory,
            "readings": dict(self.in_effect),
        }
        if on is not None:
            out["in_force"] = self.in_force(on)
        return out

    # -- parameters
    def value(self, name, on):
        entry = self.parameters[name].entry(on)
        return None if entry is None else entry[1]

    def params_at(self, on):
        """Parameters in force on a date; None for a value marked unknown with no assumed value."""
        return {name: p.entry(on)[1] for name, p in self.parameters.items() if p.entry(on) is not None}

    def unknown_params(self, on):
        return {name for name, p in self.parameters.items() if p.entry(on) is not None and p.entry(on)[2]}

    # -- expressions
    def scope(self, on, kind):
        if kind not in self._columns:
            self._columns[kind] = self._scope_columns(kind)
        return Scope(columns=self._columns[kind], params=self.params_at(on), functions=self.registry.functions)

    def _scope_columns(self, kind):
        reg = self.registry
        if kind == "unit":
            return unit_columns(reg)
        if kind == "outcome":
            return {**staff_columns(reg), "outcome": Type("code", OUTCOMES, label="outcome")}
        if kind == "system":
            columns = {
                ("system_id" if n == "id" else "system_name" if n == "name" else n): _type(s)
                for n, s in reg.table_fields("systems").items()
            }
        else:
            columns = staff_columns(reg)
            if kind == "decided":
                systems = reg.table_fields("systems")
                columns.update(
                    {
                        dst: (
                            _type(systems[src])
                            if src in systems
                            else Type("date")
                            if src == "assignment_start"
                            else Type("text")
                        )
                        for src, dst in DECIDED_COLUMNS.items()
                        if not dst.startswith("__")
                    }
                )
        return columns

    def compile(self, text, on, kind="staff"):
        """``text`` in scope ``kind`` with the parameters in force ``on``, compiled once (a variant: its own)."""
        if (text, on, kind) not in self._compiled:
            self._compiled[text, on, kind] = compile_expr(text, self.scope(on, kind))
        return self._compiled[text, on, kind]


def _type(spec):
    kind = {"codes": "list"}.get(spec.kind, spec.kind)
    if kind == "list":
        return Type("list", elem=Type("code", spec.allowed, label=spec.name), label=spec.name)
    return Type(kind, spec.allowed, spec.ordered, label=spec.name)


def unit_columns(reg):
    """Names a unit expression can read: ``unit_id``, ``unit_name``, ``unit_<field>`` (as in staff scope)."""
    units = reg.table_fields("units")
    return {
        "unit_id": Type("text"),
        "unit_name": Type("text"),
        **{f"unit_{n}": _type(units[n]) for n in UNIT_FIELDS_IN_STAFF},
        "unit_has_it_subunit": Type("bool"),
    }


def staff_columns(reg):
    """Names a staff expression can read: staff fields, ``unit_<field>``, derived fields."""
    staff = {n: _type(s) for n, s in reg.table_fields("staff").items() if n != "ratings"}
    units = reg.table_fields("units")
    staff.update({f"unit_{n}": _type(units[n]) for n in UNIT_FIELDS_IN_STAFF})
    staff["unit_has_it_subunit"] = Type("bool")
    staff.update({n: d.type for n, d in reg.derived.items()})
    return staff


def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def plain(value):
    """YAML dates to ISO text, so the JSON Schema sees what the file says."""
    if isinstance(value, dict):
        return {(k.isoformat() if isinstance(k, dt.date) else k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- loading ---------------------------------------------------------------------------------------


def load_policy(path, registry, plugin=""):
    """The policy in the file at ``path``, checked; from the cache (:mod:`.policy_cache`) when this very file
    was read and checked before with the same vnpolicy and plugins."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:  # missing, a folder, unreadable: the file named, in one line
        raise PolicyError(
            f"{path}: không đọc được tệp chính sách / cannot read the policy file ({exc.strerror})"
        ) from None
    name = policy_cache.key(content, registry)
    kept = policy_cache.get(name)
    policy = _from_cache(kept, path, registry, plugin) if kept is not None else None
    if policy is not None:
        return policy
    try:
        text = content.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads
        raw, lines = load_with_lines(text)
    except YamlError as exc:
        raise PolicyError(f"{path}:{exc.line or 1}: {exc.message}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}:1: tệp không phải UTF-8 / not UTF-8") from None
    policy = _finish(build_policy(plain(raw), path, lines, registry, plugin, _failing(path, lines)))
    lines_kept = [[list(where), line] for where, line in lines.items()]
    policy_cache.put(name, {"data": policy.data, "lines": lines_kept, "names": sorted(policy.names)})
    return policy


def _failing(path, lines):
    def fail(where, message):
        raise PolicyError(f"{path}:{line_of(lines, where) or 1}: {message}")

    return fail


def _finish(policy):
    check_readings(policy, _failing(policy.path, policy.lines))
    policy.in_effect = {rid: r.chosen for rid, r in readings(policy).items()}
    return policy


def _from_cache(kept, path, registry, plugin):
    """The policy rebuilt from a cache entry, or None if the entry does not hold one (then it is read)."""
    try:
        data, lines = kept["data"], {tuple(where): line for where, line in kept["lines"]}
        return _finish(_made(data, path, lines, registry, plugin, _failing(path, lines), kept["names"]))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, PolicyError):
        return None


def _made(data, path, lines, registry, plugin, fail, names=None):
    policy = Policy(id=data["id"], data=data, path=path, lines=lines, registry=registry, plugin=plugin)
    policy.parameters = parameters(data.get("parameters", {}), fail, staff_columns(registry))
    policy.names = set(names or ())
    return policy


def build_policy(data, path, lines, registry, plugin, fail):
    """A policy from its data (as read from YAML), every check made; ``fail(where, message)`` reports an
    error at a path of the data (the file's line, or the line of a reform that changed it). The very same
    data checked before with the same vnpolicy and plugins (a reading's alternative, a reform) passed every
    check then: it is not checked again (:mod:`.policy_cache`)."""
    name = policy_cache.data_key(data, registry)
    kept = policy_cache.get(name, "checked") if name else None
    if isinstance(kept, dict) and isinstance(kept.get("names"), list):
        return _made(data, path, lines, registry, plugin, fail, kept["names"])
    policy = _checked(data, path, lines, registry, plugin, fail)
    if name:
        policy_cache.put(name, {"names": sorted(policy.names)}, "checked")
    return policy


def _checked(data, path, lines, registry, plugin, fail):
    check_schema(shipped_schema("policy.schema.json"), data, (), fail)
    kinds = registry.rule_kinds
    for i, rule in enumerate(data["rules"]):
        kind = kinds.get(rule["kind"])
        if kind is None:
            fail(
                ("rules", i, "kind"),
                f"rules[{i}].kind: gặp {rule['kind']!r}, cần một trong: {', '.join(kinds)} / unknown rule kind",
            )
        check_schema(kind.schema, rule, ("rules", i), fail)
        if "from" in rule:
            try:
                dt.date.fromisoformat(rule["from"])
            except ValueError:
                fail(("rules", i, "from"), f"rules.{i}.from: {rule['from']!r} không phải ngày thật / not a real date")
    ids = [r["id"] for r in data["rules"]]
    for i, rid in enumerate(ids):
        if rid in ids[:i]:
            fail(("rules", i, "id"), f"rules[{i}].id: {rid!r} đã dùng cho một quy tắc khác / used by another rule")

    _check_cap_order(data["rules"], fail)
    policy = _made(data, path, lines, registry, plugin, fail)
    _check_expressions(policy, fail)
    return policy


def _check_cap_order(rules, fail):
    """A cap whose people beyond it are tried in a lower group (``over_cap: lower_group``) must come before
    the caps of those groups: caps apply in order, and a later cap is what counts the people moved to it."""
    tier_groups = [t["group"] for r in rules if r["kind"] == "tiers" for t in r["tiers"]]
    for i, rule in enumerate(rules):
        if rule["kind"] != "cap" or rule.get("over_cap") != "lower_group":
            continue
        lower = set(tier_groups) - set(rule["groups"])
        for earlier in rules[:i]:
            if earlier["kind"] == "cap" and lower & set(earlier["groups"]):
                fail(
                    ("rules", i, "over_cap"),
                    f"rules[{i}].over_cap: quy tắc {rule['id']!r} chuyển người vượt số tối đa xuống nhóm dưới, nên "
                    f"phải đứng trước quy tắc {earlier['id']!r} (số tối đa của nhóm "
                    f"{', '.join(sorted(lower & set(earlier['groups'])))}), không sau",
                )


def _check_expressions(policy, fail):
    """Type-check every expression with the parameters in force on each date they change."""
    days = sorted(
        {policy.in_force_from}
        | {v[0] for p in policy.parameters.values() for v in p.values if v[0] >= policy.in_force_from}
    )
    exprs = []
    if "applies_to" in policy.data:
        exprs.append((("applies_to", "when"), policy.data["applies_to"]["when"], "staff"))
    refs = []
    for i, rule in enumerate(policy.data["rules"]):
        kind = policy.registry.rule_kinds[rule["kind"]]
        exprs += [(("rules", i) + path, text, scope) for path, text, scope in kind.expressions(rule)]
        refs += [(("rules", i) + path, name, what) for path, name, what in kind.parameter_refs(rule)]
    for where, name, what in refs:
        param = policy.parameters.get(name)
        if param is None:
            fail(
                where,
                f"{'.'.join(map(str, where))}: tham số {name!r} chưa khai báo trong parameters"
                f" / parameter not declared",
            )
        if what == "money" and param.unit not in MONEY_UNITS:
            fail(
                where,
                f"{'.'.join(map(str, where))}: tham số {name!r} cần đơn vị {' hoặc '.join(MONEY_UNITS)}"
                f" / needs a money unit",
            )
        if what == "count" and param.unit != "count":
            fail(where, f"{'.'.join(map(str, where))}: tham số {name!r} cần đơn vị count / needs unit count")
    for day in days:
        for where, text, scope in exprs:
            try:
                policy.names |= policy.compile(text, day, scope).names
            except ExprError as exc:
                fail(where, f"{'.'.join(map(str, where))}{exc.in_policy(text)}")


# --- the library of installed policies --------------------------------------------------------------


def load_library(registry, extra_paths=()):
    """Every policy the plugins contribute (and any extra files), by id. Duplicate ids are an error, but
    a file given on the command line (``--policy-file``) replaces the installed policy of its id: it is
    how policy staff try their edited copy."""
    policies = {}
    sources = [(p, plugin) for p, plugin in registry.policy_files] + [(Path(p), "(command line)") for p in extra_paths]
    for path, plugin in sources:
        files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            if file.name == "index.yaml":
                continue
            policy = load_policy(file, registry, plugin)
            replaces = plugin == "(command line)" and policies.get(policy.id, policy).plugin != plugin
            if policy.id in policies and not replaces:
                other = policies[policy.id]
                raise PolicyError(
                    f"{file}:1: mã chính sách {policy.id!r} đã có ở {other.path} "
                    f"(plugin {other.plugin!r} và {plugin!r})"
                )
            policies[policy.id] = policy
    # a policy named under combines must exist when its province's policies are installed: a typo is not
    # silent (with that province's plugin not loaded, the combination simply does not arise)
    provinces = {p.split("/")[0] for p in policies}
    for policy in policies.values():
        for i, combine in enumerate(policy.data.get("combines", [])):
            if combine["policy"] not in policies and combine["policy"].split("/")[0] in provinces:
                raise PolicyError(
                    f"{policy.path}:{line_of(policy.lines, ('combines', i, 'policy')) or 1}: "
                    f"combines.{i}.policy: không có chính sách {combine['policy']!r}; "
                    f"có: {', '.join(sorted(policies))}"
                )
    return policies
