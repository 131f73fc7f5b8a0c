"""Who another alternative of a reading can reach: the people whose outcome, group, amount or payment may
differ from the policy in effect, so that the alternative is assessed on them alone (naming the readings
each result depends on assesses the policy again under every other alternative: on a million people, most
of an assessment's time).

Found, never guessed, from what the alternative changes:

* the parameters whose value differs on the date; every expression of a rule that decides that reads one
  is evaluated under both values — a staff expression on the people the policy speaks about, a system
  expression on their assignments in force — and the people where the two differ are reached; so is
  anyone the policy's ``applies_to`` speaks about under one value and not the other;
* then everyone who could be counted on a capped system that someone reached could be counted on (a cap
  ranks a system's people together, and someone moved to a lower group carries the change to another
  system), and so on until nothing is added.

A rule the alternative replaces reaches whom its kind says (:meth:`RuleKind.replaced`: a cap whose
``over_cap`` changes, the people beyond it), and so does an amount (:meth:`RuleKind.amount_matters`: the
people of its tiers row). Where this cannot be known, :meth:`Reach.rows` says ``None``
and the alternative is assessed on everyone: a rule added, removed or otherwise replaced, anything else but
a parameter's value changed, a cap's size changed (it reaches a whole group), a rule kind that
does not say how its rows depend on each other (a plugin's), an expression function not of the core, an
expression of another scope.
"""

from functools import cached_property

import polars as pl

from ..data.dataset import ROW
from .derived import CORE
from .policy import plain

OWN, SYSTEM = "own", "system"  # RuleKind.rows: a row's outcome reads its own row / also its system's people
APART = ("parameters", "readings", "combines", "rules")  # compared one by one; how it combines is applied beside it


def core_functions(policy, compiled):
    """``compiled`` (an expression of ``policy``) calls the core's functions only."""
    owners = policy.registry.owners
    return all(owners.get(("function", f)) in CORE for f in compiled.functions)


class Reach:
    """The people each alternative of ``policy`` can reach, against ``state`` (the policy assessed in
    effect); what every alternative shares is worked out once."""

    def __init__(self, policy, state):
        self.policy, self.state, self.on = policy, state, state.as_of
        self.rest = _rest(policy)
        self.staff, self.systems, self.capped, self.known = [], [], [], True
        self.applies = policy.data.get("applies_to", {}).get("when")
        self.known &= self.applies is None or self._core_functions(self.applies, "staff")
        self.refs = []  # (parameter, where a change of it matters; None: everyone): amounts, a cap's size
        for kind, rule in policy.rules():
            if kind.reports_only or not policy.rule_in_force(rule, self.on):
                continue
            self.known &= kind.rows in (OWN, SYSTEM)
            for path, name, _ in kind.parameter_refs(rule):
                self.refs.append((name, kind.amount_matters(rule, path, state)))
            for path, text, scope in kind.expressions(rule):
                self.known &= scope in ("staff", "system") and self._core_functions(text, scope)
                (self.staff if scope == "staff" else self.systems).append((text, kind, rule, path))
                if kind.rows == SYSTEM and scope == "system":
                    self.capped.append(text)

    def _core_functions(self, text, scope):
        """The expression calls only the core's functions (they read a row alone; of a plugin's nothing is
        known)."""
        return core_functions(self.policy, self.policy.compile(text, self.on, scope))

    def rows(self, other):
        """The staff rows (``ROW``, in ascending order) whose result under ``other`` may differ, or ``None``:
        every row."""
        policy, on = self.policy, self.on
        if not self.known or self.rest != _rest(other):
            return None
        replaced = self._replaced(other)
        if replaced is None:
            return None
        names = set(policy.parameters) | set(other.parameters)
        changed = {n for n in names if _value(policy, n, on) != _value(other, n, on)}
        reached_by_refs = [where for name, where in self.refs if name in changed]
        if any(where is None for where in reached_by_refs):
            return None
        # the rules' expressions on the people the policy speaks about (someone it starts or stops speaking
        # about differs in applies_to, evaluated on everyone it covers)
        inside = self.state.frame
        found = [self._differs(self.state.everyone, other, self.applies, changed, "staff")] if self.applies else []
        found += replaced + [self.state.frame.filter(where)[ROW] for where in reached_by_refs]
        # each where a change can matter (the rule's kind says: a lower tiers row, for someone in a higher
        # one, does not); the rows that change under both rules' expressions are found by each
        found.append(self._staff_differ(inside, other, changed))
        for text, *at in self.systems:
            if not self._compiled(text, "system").params & changed:
                continue
            rows = inside.filter(self._where(at, changed))[ROW]
            assignments = self.assignments.filter(pl.col(ROW).is_in(rows.implode()))
            found.append(self._differs(assignments, other, text, changed, "system"))
        rows = pl.concat([inside[ROW].head(0), *[f for f in found if f is not None]]).unique()
        if self.capped and rows.len():
            if self.counted is None:
                return None
            rows = self._through_systems(rows, other, changed)
        return rows.sort()

    def _compiled(self, text, scope):
        """An expression compiled under the policy in effect (once: :meth:`Policy.compile` keeps it)."""
        return self.policy.compile(text, self.on, scope)

    def _where(self, at, changed):
        """Where a change of the expression at ``at`` (kind, rule, path) can matter, as its kind says."""
        kind, rule, path = at

        def unchanged(text, scope):
            return not self._compiled(text, scope).params & changed

        said = kind.matters(rule, path, self.state, unchanged)
        return pl.lit(True) if said is None else said

    def _replaced(self, other):
        """For each rule ``other`` replaces (same id and kind, in the same place), the rows its kind says the
        replacement reaches (:meth:`RuleKind.replaced`); None when a rule is added, removed or moved, or a
        kind cannot say."""
        before, after = self.policy.data["rules"], other.data["rules"]
        if [(r["id"], r["kind"]) for r in before] != [(r["id"], r["kind"]) for r in after]:
            return None
        kinds, found = self.policy.registry.rule_kinds, []
        for old, new in zip(before, after):
            if plain(old) != plain(new):
                rows = kinds[old["kind"]].replaced(plain(old), plain(new), self.state)
                if rows is None:
                    return None
                found.append(rows)
        return found

    @cached_property
    def assignments(self):
        """The assignments in force of the people the policy speaks about."""
        rows = self.state.everyone[ROW]
        return self.state.context.active_assignments().filter(pl.col(ROW).is_in(rows.implode()))

    @cached_property
    def counted(self):
        """(``ROW``, ``system_id``): where each person could be counted, by the caps' ``links``."""
        links = [kind.links(self.state) for kind, _ in self.policy.rules() if kind.rows == SYSTEM]
        return None if any(link is None for link in links) else pl.concat(links).unique()

    def _capped(self, policy):
        test = pl.any_horizontal([policy.compile(t, self.on, "system").expr.fill_null(False) for t in self.capped])
        return self.assignments.filter(test)["system_id"].unique()

    @cached_property
    def capped_now(self):
        return self._capped(self.policy)

    @cached_property
    def capped_links(self):
        """:attr:`counted`, and every assignment, on the systems capped under the policy in effect."""
        inside = pl.col("system_id").is_in(self.capped_now.implode())
        return self.counted.filter(inside), self.assignments.filter(inside).select(ROW, "system_id")

    def _differs(self, frame, other, text, changed, scope):
        """The staff rows of ``frame`` where ``text`` evaluates differently under the two policies' parameters;
        None when it reads no changed parameter."""
        before = self._compiled(text, scope)
        if not before.params & changed:
            return None
        after = other.compile(text, self.on, scope)
        if scope == "staff":  # the derived fields it reads, joined on as the engine does
            frame = self.state.with_derived(frame, before.names)
        return frame.filter(before.expr.ne_missing(after.expr))[ROW]

    def _staff_differ(self, frame, other, changed):
        """The staff rows of ``frame`` where one of the rules' staff expressions that reads a changed parameter
        evaluates differently under the two policies, where its kind says a change can matter: in one query
        (:meth:`_differs` each, on a million people, was a pass over them each)."""
        reading = [(t, at) for t, *at in self.staff if self._compiled(t, "staff").params & changed]
        if not reading:
            return None
        names = set().union(*(self._compiled(t, "staff").names for t, _ in reading))
        differs = [
            self._compiled(t, "staff").expr.ne_missing(other.compile(t, self.on, "staff").expr)
            & self._where(at, changed)
            for t, at in reading
        ]
        return self.state.with_derived(frame, names).filter(pl.any_horizontal(differs))[ROW]

    def _through_systems(self, reached, other, changed):
        """``reached`` and everyone who could be counted on a capped system (under either policy) that
        someone reached could be counted on, until nothing is added. Someone reached may be counted on any
        capped system of theirs; anyone else only where :attr:`counted` says: their own conditions read
        nothing the alternative changes."""
        counted, links = self.capped_links
        if any(self._compiled(t, "system").params & changed for t in self.capped):
            inside = pl.col("system_id").is_in(pl.concat([self.capped_now, self._capped(other)]).unique().implode())
            counted, links = self.counted.filter(inside), self.assignments.filter(inside).select(ROW, "system_id")
        touched = links.filter(pl.col(ROW).is_in(reached.implode()))["system_id"].unique()
        rows = reached
        while True:
            more = counted.filter(pl.col("system_id").is_in(touched.implode()))[ROW].unique()
            new = more.filter(~more.is_in(rows.implode()))
            if not new.len():
                return rows
            rows = pl.concat([rows, new])
            touched = counted.filter(pl.col(ROW).is_in(new.implode()))["system_id"].unique()


NONE = object()  # a parameter one of the two policies has not


def _value(policy, name, on):
    return plain(policy.value(name, on)) if name in policy.parameters else NONE


def _rest(policy):
    """The policy's data but what an alternative may change (compared apart)."""
    return plain({k: v for k, v in policy.data.items() if k not in APART})
