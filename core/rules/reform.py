"""What-if: a reform changes parameters or rules of installed policies from a date (``--reform FILE``),
or a parameter on the command line (``--set POLICY.PARAM=VALUE``, from the policy's first day).

A reformed policy goes through every check an installed one does (schema, types, expressions); an
error points at the reform file's line, or names the ``--set`` that caused it. Reading never runs code.
"""

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..data.yamlsrc import YamlError, line_of, load_with_lines
from ..errors import PolicyError, UsageError
from ..i18n import text as tr
from .policy import build_policy, check_schema, plain, shipped_schema
from .readings import variant


@dataclass
class Reform:
    title: object
    start: dt.date = None  # None: from each policy's first day (--set alone)
    citation: str = ""
    source: str = ""  # the file, or the --set options
    policies: dict = field(default_factory=dict)  # policy id -> the reformed Policy

    def policy_on(self, policy, on):
        """The policy to apply on a date: the reformed one from the reform's date, else the baseline."""
        reformed = self.policies.get(policy.id)
        if reformed is None or (self.start is not None and on < self.start):
            return policy
        return reformed

    def changes(self, province=None):
        return [p for p in self.policies if province is None or p.split("/")[0] == province]

    def summary(self, lang="vi"):
        return {
            "title": tr(self.title, lang),
            "from": self.start.isoformat() if self.start else None,
            "citation": self.citation,
            "source": self.source,
            "policies": sorted(self.policies),
        }


def load_reform(path, sets, library):
    """The reform of a file and/or ``--set`` options, applied to the library's policies; None if neither."""
    if path is None and not sets:
        return None
    changes, reform = {}, Reform(title="--set")
    if path is not None:
        reform, changes = _read_file(Path(path), library)
    for option in sets:
        policy_id, name, value = _parse_set(option, library)
        change = changes.setdefault(policy_id, _Change(lambda where, msg, o=option: _fail_set(o, msg)))
        change.parameters[name] = value
        change.set_options[name] = option
    reform.source = "; ".join(filter(None, [str(path) if path else "", *(f"--set {s}" for s in sets)]))
    if path is None:
        reform.title = reform.source
    for policy_id, change in changes.items():
        policy = library[policy_id]
        # a policy read with other alternatives (--reading): reform it as written, then read it the same way,
        # so that its results still name the readings and the alternatives apply on top of the reform
        reformed = change.apply(policy.base or policy, reform.start)
        for rid, alt in policy.in_effect.items():
            reformed = variant(reformed, rid, alt)
        reform.policies[policy_id] = reformed
    return reform


@dataclass
class _Change:
    fail_at: object  # fail_at(path within the change, message)
    parameters: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)
    remove: list = field(default_factory=list)
    set_options: dict = field(default_factory=dict)
    combines: list = None  # a reading's alternative may replace how the policy combines with others
    context: str = "sau khi áp dụng cải cách"  # what an error at the policy's own line follows from

    def apply(self, base, start):
        data = copy.deepcopy(base.data)
        params = data.setdefault("parameters", {})
        for name, value in self.parameters.items():
            if name not in params:
                self._fail(
                    ("parameters", name),
                    name,
                    f"chính sách {base.id} không có tham số {name!r}; có: {', '.join(params)} / no such parameter",
                )
            since = start or base.in_force_from
            values = {d: v for d, v in params[name]["values"].items() if dt.date.fromisoformat(d) < since}
            values[since.isoformat()] = plain(value)
            params[name]["values"] = values
        ids = [r["id"] for r in data["rules"]]
        for j, rid in enumerate(self.remove):
            if rid not in ids:
                self.fail_at(
                    ("remove_rules", j), f"chính sách {base.id} không có quy tắc {rid!r}; có: {', '.join(ids)}"
                )
        data["rules"] = [r for r in data["rules"] if r["id"] not in self.remove]
        if self.combines is not None:
            data["combines"] = plain(self.combines)
        origin = {}  # index in the reformed rules -> index in this change's rules
        for j, rule in enumerate(self.rules):
            at = next((k for k, r in enumerate(data["rules"]) if r["id"] == rule["id"]), None)
            if at is None:
                data["rules"].append(plain(rule))
                at = len(data["rules"]) - 1
            else:
                data["rules"][at] = plain(rule)
            origin[at] = j

        def fail(where, message):
            where = tuple(where)
            if where[:1] == ("rules",) and len(where) > 1 and where[1] in origin:
                self.fail_at(("rules", origin[where[1]]) + where[2:], message)
            if where[:1] == ("parameters",) and len(where) > 1 and where[1] in self.parameters:
                self._fail(("parameters", where[1]), where[1], message)
            raise PolicyError(f"{base.path}:{line_of(base.lines, where) or 1}: {message} ({self.context})")

        policy = build_policy(data, base.path, base.lines, base.registry, base.plugin, fail)
        policy.in_effect = dict(base.in_effect)
        return policy

    def _fail(self, where, name, message):
        if name in self.set_options:
            _fail_set(self.set_options[name], message)
        self.fail_at(where, message)


def _fail_set(option, message):
    raise UsageError(f"--set {option}: {message}")


def _read_file(path, library):
    try:
        raw, lines = load_with_lines(path.read_text(encoding="utf-8-sig"))
    except YamlError as exc:
        raise PolicyError(f"{path}:{exc.line or 1}: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: không đọc được tệp cải cách ({exc.__class__.__name__})") from None
    data = plain(raw)

    def fail(where, message):
        raise PolicyError(f"{path}:{line_of(lines, where) or 1}: {message}")

    if not isinstance(data, dict):
        fail((), "tệp cải cách cần các khoá title, from, changes")
    check_schema(shipped_schema("reform.schema.json"), data, (), fail)
    try:
        start = dt.date.fromisoformat(data["from"])
    except ValueError:
        fail(("from",), f"from: {data['from']!r} không phải ngày thật / not a real date")
    changes = {}
    for i, entry in enumerate(data["changes"]):
        if entry["policy"] not in library:
            fail(
                ("changes", i, "policy"),
                f"changes.{i}.policy: không có chính sách {entry['policy']!r}; có: {', '.join(sorted(library))}"
                f" / no such policy",
            )
        if entry["policy"] in changes:
            fail(("changes", i, "policy"), f"changes.{i}.policy: {entry['policy']!r} đã được sửa ở một mục trước")

        def fail_at(where, message, i=i):
            fail(("changes", i) + tuple(where), f"changes.{i}: {message}")

        change = _Change(
            fail_at,
            dict(entry.get("parameters", {})),
            list(entry.get("rules", [])),
            list(entry.get("remove_rules", [])),
        )
        changes[entry["policy"]] = change
    return Reform(data["title"], start, data.get("citation", "")), changes


def _parse_set(option, library):
    """``laocai/nq12-2025.amount_nhom_3=1500000`` -> (policy id, parameter, value). The value is read as
    YAML (safely): a number, a code, a list ``[cntt, tin_hoc]``."""
    target, sep, text = option.partition("=")
    policy_id, dot, name = target.rpartition(".")
    if not sep or not dot or not name:
        raise UsageError(
            f"--set {option}: cần dạng CHÍNH_SÁCH.THAM_SỐ=GIÁ_TRỊ, ví dụ laocai/nq12-2025.amount_nhom_3=1500000"
        )
    if policy_id not in library:
        raise UsageError(f"--set {option}: không có chính sách {policy_id!r}; có: {', '.join(sorted(library))}")
    import yaml  # here: a reading's alternative (explain) needs this module, not PyYAML

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        raise UsageError(f"--set {option}: không đọc được giá trị {text!r}") from None
    return policy_id, name, value
