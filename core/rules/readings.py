"""Readings: where a policy's source is open, the policy says so.

A reading names the question (in Vietnamese), the clause it reads, its alternatives — each a set of
parameter values and/or rules that replace the rules of the same id —, the one chosen and why. The policy
as written *is* the chosen alternative: its parameters hold the chosen values and its rules the chosen
variants, and loading checks that they agree. Another alternative is applied like a reform from the
policy's first day (``--reading POLICY.READING=ALTERNATIVE``), through every check a policy goes through.
"""

import difflib
from dataclasses import dataclass

from ..data.yamlsrc import line_of
from ..errors import PolicyError, UsageError
from ..i18n import text as tr


@dataclass(frozen=True)
class Alternative:
    id: str
    label: object
    parameters: dict
    rules: tuple
    combines: list = None  # replaces the policy's combines


@dataclass(frozen=True)
class Reading:
    id: str
    question: object
    citation: str
    chosen: str
    why: object
    alternatives: dict  # id -> Alternative, in the file's order

    def parameters(self):
        """The parameters any alternative sets."""
        return {name for a in self.alternatives.values() for name in a.parameters}

    def rule_ids(self):
        """The rules any alternative replaces."""
        return {r["id"] for a in self.alternatives.values() for r in a.rules}

    def varies_combines(self):
        return any(a.combines is not None for a in self.alternatives.values())

    def summary(self, lang="vi", in_effect=None):
        return {
            "id": self.id,
            "question": tr(self.question, lang),
            "citation": self.citation,
            "chosen": self.chosen,
            "in_effect": in_effect or self.chosen,
            "why": tr(self.why, lang),
            "alternatives": [
                {
                    "id": a.id,
                    "label": tr(a.label, lang),
                    "parameters": a.parameters,
                    "rules": [r["id"] for r in a.rules],
                }
                for a in self.alternatives.values()
            ],
        }


def readings(policy):
    """The policy's readings, by id, in the file's order."""
    return {
        rid: Reading(
            rid,
            r["question"],
            r["citation"],
            r["chosen"],
            r["why"],
            {
                aid: Alternative(
                    aid, a["label"], dict(a.get("parameters", {})), tuple(a.get("rules", ())), a.get("combines")
                )
                for aid, a in r["alternatives"].items()
            },
        )
        for rid, r in policy.data.get("readings", {}).items()
    }


def check(policy, fail):
    """The readings of a policy as written: each alternative names parameters and rules the policy has,
    no parameter or rule belongs to two readings, and the chosen alternative is what the policy says."""
    from .policy import plain

    rules = {r["id"]: r for r in policy.data["rules"]}
    owner = {}
    for rid, reading in readings(policy).items():
        at = ("readings", rid)
        if reading.chosen not in reading.alternatives:
            fail(
                at + ("chosen",),
                f"readings.{rid}.chosen: gặp {reading.chosen!r}, cần một trong: {', '.join(reading.alternatives)}"
                " / not one of the alternatives",
            )
        for aid, alt in reading.alternatives.items():
            where = at + ("alternatives", aid)
            if (
                not alt.parameters and not alt.rules and alt.combines is None and aid != reading.chosen
            ):  # chosen may be "as written"
                fail(
                    where, f"readings.{rid}.alternatives.{aid}: cần parameters hoặc rules (cách hiểu này thay đổi gì?)"
                )
            for name in alt.parameters:
                if name not in policy.parameters:
                    fail(
                        where + ("parameters", name),
                        f"readings.{rid}.alternatives.{aid}.parameters: không có tham số "
                        f"{name!r}{_suggest(name, policy.parameters)} / no such parameter",
                    )
            for j, rule in enumerate(alt.rules):
                if rule["id"] not in rules:
                    fail(
                        where + ("rules", j, "id"),
                        f"readings.{rid}.alternatives.{aid}.rules.{j}: không có quy tắc "
                        f"{rule['id']!r}{_suggest(rule['id'], rules)} / no such rule",
                    )
        things = [("tham số", n) for n in reading.parameters()] + [("quy tắc", r) for r in reading.rule_ids()]
        things += [("khối", "combines")] if reading.varies_combines() else []
        for thing in things:
            if thing in owner and owner[thing] != rid:
                fail(
                    at,
                    f"readings.{rid}: {thing[0]} {thing[1]!r} đã thuộc cách hiểu {owner[thing]!r}; mỗi tham số, "
                    f"quy tắc chỉ thuộc một cách hiểu",
                )
            owner[thing] = rid
        chosen = reading.alternatives[reading.chosen]
        for name, value in chosen.parameters.items():
            written = [v[1] for v in policy.parameters[name].values]
            if any(plain(w) != plain(value) for w in written):
                fail(
                    ("parameters", name),
                    f"parameters.{name}: giá trị {written[-1]!r} khác cách hiểu đã chọn "
                    f"{rid}={reading.chosen} ({value!r}); sửa cho khớp / differs from the chosen alternative",
                )
        if chosen.combines is not None and plain(chosen.combines) != plain(policy.data.get("combines", [])):
            fail(("combines",), f"combines khác phương án đã chọn {rid}={reading.chosen}; sửa cho khớp")
        for rule in chosen.rules:
            if plain(rule) != plain(rules[rule["id"]]):
                fail(
                    ("rules", list(rules).index(rule["id"])),
                    f"quy tắc {rule['id']!r} khác biến thể của cách hiểu đã chọn {rid}={reading.chosen}; sửa cho khớp",
                )


def _suggest(name, known):
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (có phải {close[0]!r}?)" if close else f"; có: {', '.join(known)}"


def parse_choice(option, library):
    """``laocai/nq12-2025.lanh_dao_nhom_1=moi_lanh_dao`` -> (policy id, reading, alternative)."""
    target, sep, alt = option.partition("=")
    policy_id, dot, rid = target.rpartition(".")
    if not sep or not dot or not rid or not alt:
        raise UsageError(
            f"--reading {option}: cần dạng CHÍNH_SÁCH.CÁCH_HIỂU=PHƯƠNG_ÁN, "
            f"ví dụ laocai/nq12-2025.lanh_dao_nhom_1=moi_lanh_dao"
        )
    if policy_id not in library:
        raise UsageError(f"--reading {option}: không có chính sách {policy_id!r}{_suggest(policy_id, library)}")
    check_choice(library[policy_id], rid, alt, f"--reading {option}")
    return policy_id, rid, alt


def check_choice(policy, rid, alt, where):
    """A reading and an alternative the policy declares, or a one-line error with a suggestion."""
    known = readings(policy)
    if rid not in known:
        hint = _suggest(rid, known) if known else " (chính sách này không khai báo cách hiểu nào)"
        raise UsageError(f"{where}: chính sách {policy.id} không có cách hiểu {rid!r}{hint}")
    if alt not in known[rid].alternatives:
        raise UsageError(f"{where}: cách hiểu {rid} không có phương án {alt!r}{_suggest(alt, known[rid].alternatives)}")


def with_choices(library, options):
    """The library with the ``--reading`` options applied (policies not named are left as they are)."""
    if not options:
        return library
    library = dict(library)
    for option in options:
        policy_id, rid, alt = parse_choice(option, library)
        library[policy_id] = variant(library[policy_id], rid, alt)
    return library


def variant(policy, rid, alt):
    """``policy`` read with alternative ``alt`` of reading ``rid``, its other readings as they are in
    ``policy``. Always built from the policy as written (the chosen alternatives), applying each alternative
    that is not the chosen one, so that switching back to an "as written" alternative undoes a change; built
    once per set of choices."""
    if policy.in_effect.get(rid) == alt:
        return policy
    base = policy.base or policy
    declared = readings(base)
    choices = {**policy.in_effect, rid: alt}
    key = tuple((r, a) for r, a in choices.items() if a != declared[r].chosen)
    if not key:
        return base
    if key not in base.variants:
        from .reform import _Change

        built = base
        for r, a in key:
            at = ("readings", r, "alternatives", a)

            def fail_at(where, message, at=at, r=r, a=a):
                line = line_of(base.lines, at + tuple(where)) or line_of(base.lines, at) or 1
                raise PolicyError(f"{base.path}:{line}: readings.{r}.alternatives.{a}: {message}")

            chosen = declared[r].alternatives[a]
            change = _Change(fail_at, dict(chosen.parameters), list(chosen.rules), combines=chosen.combines)
            change.context = f"cách hiểu {r}={a}"
            built = change.apply(built, None)
        built.in_effect = dict(choices)
        built.base = base
        base.variants[key] = built
    return base.variants[key]


def openness(policy):
    """How open the policy's sources are, in counts: declared readings, items the rules list as not
    checkable from the dataset, and parameters whose ``reading:`` note no declared reading covers yet (each
    should become a reading with its alternatives)."""
    declared = readings(policy)
    covered = {name for r in declared.values() for name in r.parameters()}
    return {
        "readings": len(declared),
        "unchecked": sum(len(rule.get("unchecked", [])) for rule in policy.data["rules"]),
        # a value marked unknown is a declared assumption (every result says so), not a reading to declare
        "undeclared": sorted(
            n
            for n, p in policy.parameters.items()
            if p.reading and n not in covered and not any(v[2] for v in p.values)
        ),
    }


def check_alternatives(policy):
    """Build every alternative of every reading, so that one that does not type-check is an error now,
    with its line, not when someone asks for it."""
    for rid, reading in readings(policy).items():
        for aid in reading.alternatives:
            variant(policy, rid, aid)
