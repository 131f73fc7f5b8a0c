"""Tests written as data: YAML cases (a small dataset → the outcomes expected), run by ``vnpolicy test``
and by pytest.

A case file::

    policy: laocai/nq12-2025
    as_of: 2025-12-01   # (not "on": YAML 1.1 reads the key on as true)
    base:            # tables every case starts from
      units: [...]
      systems: [...]
    defaults:        # fields each staff record has unless the case says otherwise
      staff: {employment: cong_chuc, ...}
    cases:
      - name: ...
        staff: [{id: A, ...}]
        assignments: [{staff_id: A, system_id: S3}]
        expect:
          A: {outcome: eligible, group: nhom_1, amount_vnd: 5400000, paid: true,
              passed: [rule ids], failed: [rule ids], assumptions: true}
          B: absent           # the policy does not speak about B
        findings: [{code: cap_exceeded, id: S3}]
        no_findings: [{code: cap_exceeded}]     # none of these may be there
        targets:
          muc_tieu.co_cio: {met: false, value: 0.5, missing: 1, missing_units: [U2], deadline: 2020-12-31}
        figures:
          so_lieu.can_bo_cntt: {value: 3, baseline: {value: 3100, ...}}
        totals: {monthly_vnd: 5400000, eligible: 1, paid: 1}
        also: [national/nd179-2025]   # other policies assessed together (the per-person view)
        people:
          A: {monthly_vnd: 5400000, must_choose: [[laocai/nq12-2025, national/nd179-2025]]}
          B: absent           # receives nothing

``readings: {lanh_dao_nhom_1: moi_lanh_dao}`` (in the file or a case) applies another alternative of a
reading the policy declares; ``expect: {A: {readings: [lanh_dao_nhom_1=chuyen_trach]}}`` checks the readings
a result names. In ``expect``, ``unchecked: [rule ids]`` are reasons shown as not checkable (``passed: null``);
``not_shown: [rule ids]`` reasons that must not be in the result.
``policy_file: draft.yaml`` (beside the case file) tests a policy that is not installed.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..data.dataset import validate
from ..data.readers import tables_from_mapping
from ..data.schema import TABLES
from ..data.yamlsrc import YamlError, line_of, load_with_lines
from ..errors import VnpolicyError
from ..hooks.manager import registry
from ..rules.engine import assess
from ..rules.policy import check_schema, load_library, plain, shipped_schema
from ..rules.readings import check_choice, variant


@dataclass
class Case:
    file: Path
    line: int
    name: str
    policy: str
    on: dt.date
    tables: dict
    expect: dict
    findings: list
    totals: dict
    no_findings: list = ()
    targets: dict = None
    policy_file: Path = None
    figures: dict = None
    also: list = ()
    people: dict = None
    readings: dict = None  # reading id -> the alternative this case applies (default: the chosen one)

    def run(self, library=None, observe=None):
        """Returns the list of mismatches (empty when the case passes). ``observe(case, policy, outcome,
        results)``, when given, is handed what the case's policy gave (``vnpolicy test --coverage``)."""
        reg = registry()
        where = f"{self.file}:{self.line}: {self.name}"
        try:
            if self.policy_file or library is None:
                library = load_library(reg, [self.policy_file] if self.policy_file else [])
        except VnpolicyError as exc:
            return [f"{where}: {line}" for line in exc.lines]
        try:
            policy = library[self.policy]
            for rid, alt in (self.readings or {}).items():
                check_choice(policy, rid, alt, f"readings: {rid}={alt}")
                policy = variant(policy, rid, alt)
            raw = tables_from_mapping(self.tables, f"{self.file.name} ({self.name})", "bản ghi", lambda table, i: i + 1)
            data = validate(raw, reg)
            assessment = assess(data, [policy] + [library[p] for p in self.also], self.on)
            result = assessment.outcomes[0]
        except VnpolicyError as exc:
            return [f"{where}: {line}" for line in exc.lines]
        except KeyError:
            return [f"{where}: không có chính sách {self.policy!r}"]
        problems = []
        # the readings a result depends on are found by assessing other alternatives: only when a case asks
        wants = any(isinstance(w, dict) and "readings" in w for w in self.expect.values())
        results = (result.results if wants else result.reasons_only()) if result.in_force else None
        rows = {r["staff_id"]: r for r in results.iter_rows(named=True)} if result.in_force else {}
        if observe is not None:
            observe(self, policy, result, list(rows.values()))
        for staff_id, wanted in self.expect.items():
            got = rows.get(staff_id)
            if wanted == "absent":
                if got is not None:
                    problems.append(f"{where}: {staff_id}: cần không có kết quả, gặp {got['outcome']}")
                continue
            if got is None:
                problems.append(f"{where}: {staff_id}: cần có kết quả, chính sách không nói đến người này")
                continue
            problems += _compare(where, staff_id, wanted, got)
        found = result.findings.to_dicts() if result.in_force else []
        for wanted in self.findings:
            if not any(all(f.get(k) == v for k, v in wanted.items()) for f in found):
                problems.append(f"{where}: không có phát hiện {wanted}; có: {[(f['code'], f['id']) for f in found]}")
        for unwanted in self.no_findings:
            hit = [f for f in found if all(f.get(k) == v for k, v in unwanted.items())]
            if hit:
                problems.append(
                    f"{where}: cần không có phát hiện {unwanted}; gặp: {[(f['code'], f['id']) for f in hit]}"
                )
        for label, items, wanted_items in (
            ("mục tiêu", result.targets, self.targets),
            ("số liệu", result.figures, self.figures),
        ):
            got_items = {t["id"]: t for t in items} if result.in_force else {}
            for item_id, wanted in (wanted_items or {}).items():
                got = got_items.get(item_id)
                if got is None:
                    problems.append(f"{where}: không có {label} {item_id!r}; có: {sorted(got_items)}")
                    continue
                problems += _compare_values(f"{where}: {label} {item_id}", wanted, got)
        if self.people is not None:
            people = {p["staff_id"]: p for p in assessment.people.to_dicts()}
            for staff_id, wanted in self.people.items():
                got = people.get(staff_id)
                if wanted == "absent" or got is None:
                    if (wanted == "absent") != (got is None):
                        problems.append(f"{where}: theo từng người: {staff_id}: cần {wanted!r}, gặp {got!r}")
                    continue
                problems += _compare_values(f"{where}: theo từng người {staff_id}", wanted, got)
        if self.totals:
            got = result.totals() or {}
            for key, value in self.totals.items():
                if got.get(key) != value:
                    problems.append(f"{where}: tổng {key}: cần {value}, gặp {got.get(key)}")
        return problems


def _compare_values(where, wanted, got):
    """Each wanted key against what was got; a dict is compared key by key, a float to 4 places."""
    problems = []
    for key, value in wanted.items():
        value = value.isoformat() if isinstance(value, dt.date) else value
        have = got.get(key)
        if isinstance(value, dict) and isinstance(have, dict):
            problems += _compare_values(f"{where}: {key}", value, have)
            continue
        same = (
            abs(have - value) < 1e-4 if isinstance(value, float) and isinstance(have, (int, float)) else have == value
        )
        if not same:
            problems.append(f"{where}: {key}: cần {value!r}, gặp {have!r}")
    return problems


def _compare(where, staff_id, wanted, got):
    problems = []
    reasons = {r["rule"]: r["passed"] for r in got["reasons"]}
    for key, value in wanted.items():
        if key in ("passed", "failed"):
            for rule in value:
                if rule not in reasons:
                    problems.append(
                        f"{where}: {staff_id}: lý do {rule!r} không có trong kết quả; có: {sorted(reasons)}"
                    )
                elif reasons[rule] != (key == "passed"):
                    problems.append(f"{where}: {staff_id}: {rule}: cần {'đạt' if key == 'passed' else 'không đạt'}")
        elif key == "unchecked":
            for rule in value:
                if reasons.get(rule, False) is not None:
                    problems.append(
                        f"{where}: {staff_id}: {rule}: cần là mục chưa kiểm tra được (passed null), "
                        f"gặp {reasons.get(rule, 'không có')!r}"
                    )
        elif key == "not_shown":
            for rule in value:
                if rule in reasons:
                    problems.append(f"{where}: {staff_id}: lý do {rule!r} không được có trong kết quả")
        elif key == "assumptions":
            if bool(got["assumptions"]) != value:
                problems.append(f"{where}: {staff_id}: assumptions: cần {value}, gặp {got['assumptions']}")
        elif key == "decision_contains":
            if value not in (got.get("decision") or ""):
                problems.append(f"{where}: {staff_id}: decision: cần chứa {value!r}, gặp {got.get('decision')!r}")
        elif got.get(key) != value:
            problems.append(f"{where}: {staff_id}: {key}: cần {value!r}, gặp {got.get(key)!r}")
    return problems


def load_cases(path):
    path = Path(path)
    try:
        data, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        raise VnpolicyError(f"{path}:{exc.line or 1}: {exc.message}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise VnpolicyError(f"{path}:1: tệp ca kiểm thử cần khoá cases: một danh sách")

    def fail(where, message):
        raise VnpolicyError(f"{path}:{line_of(lines, where) or 1}: {message}")

    check_schema(shipped_schema("cases.schema.json"), plain(data), (), fail)  # a misspelt key is an error
    base = data.get("base", {})
    defaults = data.get("defaults", {})
    out = []
    for i, case in enumerate(data["cases"]):
        tables = {t: list(base.get(t, [])) for t in TABLES if base.get(t)}
        for table in TABLES:
            records = [{**defaults.get(table, {}), **r} for r in case.get(table, [])]
            if records:
                tables[table] = tables.get(table, []) + records
        on = case.get("as_of", data.get("as_of"))
        if on is None:
            raise VnpolicyError(
                f"{path}:{lines.get(('cases', i), 1)}: ca {case.get('name')!r} thiếu as_of (ngày đánh giá)"
            )
        out.append(
            Case(
                path,
                lines.get(("cases", i), 1),
                case["name"],
                case.get("policy", data.get("policy")),
                on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on)),
                tables,
                case.get("expect", {}),
                case.get("findings", []),
                case.get("totals", {}),
                case.get("no_findings", []),
                case.get("targets", {}),
                path.parent / data["policy_file"] if data.get("policy_file") else None,
                case.get("figures", {}),
                case.get("also", data.get("also", [])),
                case.get("people"),
                {**data.get("readings", {}), **case.get("readings", {})},
            )
        )
    return out


def run_files(paths, observe=None, library=None):
    files = []
    for p in map(Path, paths):
        files += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    library = library or load_library(registry())
    failures, count = [], 0
    for file in files:
        for case in load_cases(file):
            count += 1
            problems = case.run(library, observe)
            if problems:
                failures.append("✗ " + "\n   ".join(problems))
    return failures, count
