"""How far one person's results reach into a dataset, for ``vnpolicy explain`` of one person of a million: the
number of shared systems between them and the farthest person whose rows their results can depend on
(:func:`depth`), so that only that part of the dataset is read, checked and assessed (:mod:`vnpolicy.data.focus`).

A rule kind says what one person's outcome reads besides the rule (:attr:`RuleKind.rows`): their own rows
(``own``), or also the other people counted on the same system (``system``: a cap ranks them together). A person
is counted only on a system they operate (:meth:`RuleKind.links`: the system their group came from, or one they
are moved to), so whoever they are ranked with shares a system with them. Rules are applied one after the other:
before the first ``system`` rule, a person's state depends on their own rows; after it, on the states of the
people sharing a system with them, which depend on their own rows; after the second, on people two systems away
— someone moved to a lower group through another system by a cap is ranked there by the next one. So a policy's
results reach as many systems away as it has ``system`` rules: counted in the policy as read and in each
alternative of its readings, which ``explain`` assesses too, the largest. Policies assessed side by side
combine person by person, after each is assessed (:mod:`vnpolicy.rules.people`).

Unknown (``None``: the whole dataset is read) where a rule kind that is assessed for one person (any kind but
those reporting about units only) does not say what it reads (a plugin's), or an expression calls a function or
reads a derived field that is not the core's (a plugin's may read other people's rows) — in a rule that decides
or in one that only reports about people (a dossier's items, flags: ``explain`` shows them).
"""

from .derived import CORE
from .reach import OWN, SYSTEM, core_functions
from .readings import readings, variant


def depth(policies, on):
    """How many systems away the results of one person under ``policies`` on ``on`` can reach: a whole number,
    or None where it cannot be known."""
    found = 0
    for policy in policies:
        owners = policy.registry.owners
        outside = any(o not in CORE for (what, _), o in owners.items() if what in ("function", "derived field"))
        for version in _versions(policy):
            counted = _counted(version, on, outside)
            if counted is None:
                return None
            found = max(found, counted)
    return found


def _versions(policy):
    """The policy as read, and with each other alternative of each of its readings."""
    yield policy
    for rid, reading in readings(policy).items():
        for alt in reading.alternatives:
            if alt != policy.in_effect.get(rid, reading.chosen):
                yield variant(policy, rid, alt)


def _counted(policy, on, outside):
    """The policy's ``system`` rules, or None where a rule may read other rows than it says (``outside``: some
    plugin gives a function or a derived field, so each expression is looked at)."""
    count = 0
    for kind, rule in policy.rules():
        if kind.about_units:  # not assessed for one person (nor shown)
            continue
        if kind.rows not in (OWN, SYSTEM):  # a kind that decides, or reports about people (shown to them)
            return None
        count += kind.rows == SYSTEM
        if outside and not all(_core(policy, text, scope, on) for _, text, scope in kind.expressions(rule)):
            return None
    applies = policy.data.get("applies_to", {}).get("when")
    if outside and applies is not None and not _core(policy, applies, "staff", on):
        return None
    return count


def _core(policy, text, scope, on):
    """The expression calls the core's functions and reads the core's derived fields only."""
    compiled = policy.compile(text, on, scope)
    owners = policy.registry.owners
    derived = [owners[("derived field", n)] for n in compiled.names if ("derived field", n) in owners]
    return core_functions(policy, compiled) and all(o in CORE for o in derived)
