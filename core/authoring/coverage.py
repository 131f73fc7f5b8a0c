"""``vnpolicy test --coverage``: what the YAML cases exercise of each policy they test, against what the
policy declares — its rules, tier rows, conditions both ways, exclusions, caps, targets and milestones ...

While each case runs, :class:`Coverage` is handed its results (``Case.run(observe=...)``) and notes what
they show: every reason of every result (its rule id and ``passed``: true, false, or null for an item not
checkable), the tier row each person reached, the findings, every target (met or not, against which
milestone) and figure, the alternatives of the readings applied. Nothing is taken from what a case
*expects*: an item counts when a case's results show it. An item tested both ways needs a case on each
side (a condition met in one, not met in another); the percentages count sides.

A side no case can show (a dossier check that the tier conditions already make true for everyone it
concerns) is declared in the case file, with why, under ``unreachable:``; it is left out of the count and
named, and a declaration that a case does reach, or that names nothing the policy declares, is said.

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and :mod:`vnpolicy.data`."""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..data.yamlsrc import YamlError, line_of, load_with_lines
from ..errors import VnpolicyError
from ..hooks.manager import registry
from ..rules.kinds.coverage import chosen_units
from ..rules.policy import load_library
from ..rules.readings import readings
from .cases import run_files

SEEN = ("seen",)  # one side: the item shows in some case
BOTH = (True, False)  # two sides: a condition met in one case and not met in another
SIDE_NAMES = {"passed": True, "failed": False, "seen": "seen"}

# the kinds of item, in the order the table shows them
KINDS = (
    "rule",
    "tier",
    "condition",
    "exclusion",
    "cap",
    "unchecked",
    "coverage",
    "flag",
    "target",
    "milestone",
    "figure",
    "reading",
)


@dataclass
class Item:
    kind: str
    id: str
    sides: tuple


def declared(policy):
    """What a policy (as written) declares, as items: each rule, tier row, condition ... with the sides a
    case must show."""
    items = []
    for rule in policy.data["rules"]:
        rid, kind = rule["id"], rule["kind"]
        items.append(Item("rule", rid, SEEN))
        if kind in ("exclusion", "cap"):
            items.append(Item(kind, rid, BOTH))  # true: not excluded, within the cap; false: excluded, over it
        elif kind == "tiers":
            for tier in rule["tiers"]:
                prefix = f"{rid}.{tier.get('id', tier['group'])}"
                items.append(Item("tier", prefix, SEEN))
                if "system" in tier:
                    items.append(Item("condition", f"{prefix}.he_thong", BOTH))
                items += [Item("condition", f"{prefix}.{c['id']}", BOTH) for c in tier["conditions"]]
                amount = policy.parameters.get(tier.get("amount"))
                if amount is not None and any(v[1] is None for v in amount.values):
                    items.append(Item("unchecked", f"{prefix}.muc_chi_tra", SEEN))  # the source gives no amount
        elif kind == "requirements":
            items += [Item("condition", f"{rid}.{i['id']}", BOTH) for i in rule["requirements"]]
            items += [Item("condition", f"{rid}.{i['id']}", BOTH) for i in rule.get("priorities", [])]
        elif kind == "dossier":  # an item without `when` cannot be checked from the data: nothing to exercise
            items += [Item("condition", f"{rid}.{i['id']}", BOTH) for i in rule["items"] if "when" in i]
        elif kind == "coverage":
            items.append(Item("coverage", rid, BOTH))  # true: a unit has everything; false: a unit lacks some
        elif kind == "flags":
            items += [Item("flag", f"{rid}.{f['code']}", SEEN) for f in rule["flags"]]
        elif kind == "targets":
            for target in rule["targets"]:
                tid = f"{rid}.{target['id']}"
                items.append(Item("target", tid, BOTH))
                items += [Item("milestone", f"{tid}@{m['by']}", BOTH) for m in target["milestones"]]
        elif kind == "figures":
            items += [Item("figure", f"{rid}.{f['id']}", SEEN) for f in rule["figures"]]
        items += [Item("unchecked", f"{rid}.{u['id']}", SEEN) for u in rule.get("unchecked", [])]
    for rid, reading in readings(policy).items():
        items += [Item("reading", f"{rid}={aid}", SEEN) for aid in reading.alternatives]
    return items


@dataclass
class Coverage:
    """Collects what the cases show, policy by policy — keyed by id and file: a draft tested through
    ``policy_file`` is not the installed policy of the same id. Called once per case run."""

    policies: dict = field(default_factory=dict)  # key -> the policy as written
    seen: dict = field(default_factory=lambda: defaultdict(set))  # (key, kind, id) -> sides seen
    cases: dict = field(default_factory=lambda: defaultdict(int))  # key -> cases run
    unreachable: dict = field(default_factory=lambda: defaultdict(list))  # key -> declarations
    _files: dict = field(default_factory=dict)  # case file -> (its policy id, its declarations)
    _attached: set = field(default_factory=set)  # (case file, key) whose declarations are counted

    def __call__(self, case, policy, outcome, rows):
        """One case's results: ``policy`` as the case applied it (a reading's alternative perhaps),
        ``outcome`` the engine's PolicyOutcome, ``rows`` its results with their reasons."""
        base = policy.base or policy
        key = (base.id, str(base.path))
        self.policies.setdefault(key, base)
        self.cases[key] += 1
        self._declarations(case.file, key)
        see = self._see(key)
        for rid, alt in policy.in_effect.items():
            see("reading", f"{rid}={alt}", "seen")
        if not outcome.in_force:
            return
        rules = policy.data["rules"]
        rule_of = _rule_of(rules)
        for row in rows:
            for reason in row["reasons"] or []:
                rid = reason["rule"]
                side = "seen" if reason["passed"] is None else reason["passed"]
                for kind in ("condition", "exclusion", "cap", "unchecked"):
                    see(kind, rid, side)
                see("rule", rule_of(rid), "seen")
            reached = _row_reached(rules, row)
            if reached:
                see("tier", reached, "seen")
        findings = outcome.findings.to_dicts() if outcome.findings is not None else []
        codes = {f["code"] for f in findings}
        for rule in rules:
            if policy.rule_in_force(rule, case.on):
                self._units_and_flags(rule, outcome, findings, codes, see)
        for target in outcome.targets:
            if target["met"] is not None:  # no data: neither met nor not met
                see("target", target["id"], target["met"])
                see("milestone", f"{target['id']}@{target['deadline']}", target["met"])
                see("rule", rule_of(target["id"]), "seen")
        for figure in outcome.figures:
            if figure["status"] == "ok":
                see("figure", figure["id"], "seen")
                see("rule", rule_of(figure["id"]), "seen")
        for note in outcome.notes:
            if isinstance(note, dict) and note.get("rule"):
                see("rule", rule_of(note["rule"]), "seen")

    @staticmethod
    def _units_and_flags(rule, outcome, findings, codes, see):
        """What shows of a rule in findings only: flags raised, units lacking and units that lack nothing."""
        if rule["kind"] == "flags":
            for flag in rule["flags"]:
                if flag["code"] in codes:
                    see("flag", f"{rule['id']}.{flag['code']}", "seen")
                    see("rule", rule["id"], "seen")
        elif rule["kind"] == "coverage":
            units = set(chosen_units(outcome.state, rule["units"])["unit_id"].to_list())
            lacking = {f["id"] for f in findings if f["code"] == rule["code"]} & units
            if lacking:
                see("coverage", rule["id"], False)
            if units - lacking:
                see("coverage", rule["id"], True)
            if units:
                see("rule", rule["id"], "seen")

    def _see(self, key):
        def see(kind, item_id, side):
            self.seen[(key, kind, item_id)].add(side)

        return see

    def _declarations(self, file, key):
        """The sides a case file declares no case can show (``unreachable:``), for its own policy."""
        if file not in self._files:
            self._files[file] = _read_unreachable(file)
        policy_id, entries = self._files[file]
        if entries and policy_id == key[0] and (file, key) not in self._attached:
            self._attached.add((file, key))
            self.unreachable[key] += entries

    def report(self, installed=()):
        """Per policy tested (in id order): per kind the sides covered and in all, the items missing with
        the sides they lack, the sides declared unreachable; ``untested``: ``installed`` ids no case tests;
        ``problems``: declarations that name nothing or that a case reaches."""
        out, problems = [], []
        for key in sorted(self.policies):
            policy = self.policies[key]
            items = declared(policy)
            excused = {}
            for entry in self.unreachable.get(key, []):
                side = SIDE_NAMES[entry["side"]]
                matches = [i for i in items if i.id == entry["id"] and side in i.sides]
                if not matches:
                    problems.append(
                        f"{entry['where']}: unreachable: {policy.id} không có {entry['id']} ({entry['side']})"
                    )
                for item in matches:
                    if side in self.seen.get((key, item.kind, item.id), set()):
                        problems.append(
                            f"{entry['where']}: unreachable: {entry['id']} ({entry['side']}) có ca đạt tới được"
                            " / a case reaches it"
                        )
                    else:
                        excused[(item.kind, item.id, side)] = entry["why"]
            kinds = {}
            for item in items:
                got = self.seen.get((key, item.kind, item.id), set())
                entry = kinds.setdefault(item.kind, {"covered": 0, "total": 0, "missing": [], "unreachable": []})
                for side in item.sides:
                    why = excused.get((item.kind, item.id, side))
                    if why is not None:
                        entry["unreachable"].append({"id": item.id, "side": side, "why": why})
                        continue
                    entry["total"] += 1
                    entry["covered"] += side in got
                lacks = [s for s in item.sides if s not in got and (item.kind, item.id, s) not in excused]
                if lacks:
                    entry["missing"].append({"id": item.id, "lacks": lacks})
            ordered = {k: kinds[k] for k in KINDS if k in kinds}
            covered = sum(k["covered"] for k in ordered.values())
            total = sum(k["total"] for k in ordered.values())
            out.append(
                {
                    "policy": policy.id,
                    # a file the cases name (policy_file), not the installed policy: said, with its path
                    "draft": _shown_path(policy.path) if policy.plugin == "(command line)" else None,
                    "cases": self.cases[key],
                    "kinds": ordered,
                    "covered": covered,
                    "total": total,
                }
            )
        tested = {p.id for p in self.policies.values()}
        return {
            "policies": out,
            "covered": sum(p["covered"] for p in out),
            "total": sum(p["total"] for p in out),
            "untested": sorted(p for p in installed if p not in tested),
            "problems": problems,
        }


def measure(paths):
    """Run the cases of ``paths`` and measure what they exercise: (failures, cases run, the report)."""
    collector, library = Coverage(), load_library(registry())
    failures, count = run_files(paths, collector, library)
    return failures, count, collector.report(library)


def fraction(part):
    """covered / total of a report or a policy's entry, exactly (1 when there is nothing to cover)."""
    return Fraction(part["covered"], part["total"]) if part["total"] else Fraction(1)


def below(report, percent):
    """What is under ``percent``: each policy below it, and the total (``--fail-under``)."""
    limit = Fraction(str(percent)) / 100
    out = [p["policy"] for p in report["policies"] if fraction(p) < limit]
    if fraction(report) < limit:
        out.append(None)  # the total
    return out


def _rule_of(rules):
    """A function: an id a result shows (a reason, a target, a figure, a note) -> the rule it belongs to."""
    ids = sorted((r["id"] for r in rules), key=len, reverse=True)

    def rule_of(item_id):
        return next((r for r in ids if item_id == r or item_id.startswith(r + ".")), item_id)

    return rule_of


def _row_reached(rules, row):
    """The tier row a person reached (``rule.row``): of the rows giving their group, the first whose
    reasons shown all passed (two rows may give one group: Lào Cai's nhom_2 by a system or by training)."""
    if row.get("group") is None or row.get("outcome") not in ("eligible", "unknown"):
        return None
    passed = {r["rule"]: r["passed"] for r in row["reasons"] or []}
    for rule in rules:
        for tier in rule["tiers"] if rule["kind"] == "tiers" else []:
            prefix = f"{rule['id']}.{tier.get('id', tier['group'])}"
            own = [p for rid, p in passed.items() if rid.startswith(prefix + ".") and p is not None]
            if tier["group"] == row["group"] and all(own):
                return prefix
    return None


def _shown_path(path):
    path = Path(path).resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def _read_unreachable(file):
    """(the file's policy id, its ``unreachable:`` declarations, each with where it is written)."""
    try:
        data, lines = load_with_lines(Path(file).read_text(encoding="utf-8"))
    except (OSError, YamlError):  # the case loader has read it already: nothing new to say
        return None, []
    entries = data.get("unreachable", []) if isinstance(data, dict) else []
    if entries and not data.get("policy"):
        raise VnpolicyError(f"{file}:1: unreachable: cần khoá policy của tệp / needs the file's policy")
    return data.get("policy"), [
        {**e, "where": f"{file}:{line_of(lines, ('unreachable', i)) or 1}"} for i, e in enumerate(entries)
    ]
