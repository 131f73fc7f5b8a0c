"""Every hook a vnpolicy plugin can implement, in the order the host calls them.

A plugin is a module or object with functions decorated ``@vnpolicy.hookimpl`` whose names match the
specs below. Builtin plugins are listed in :data:`vnpolicy.DEFAULT_PLUGINS`; outside plugins are
found through the ``vnpolicy`` entry-point group.

All collection hooks take a ``register`` callback instead of returning values, so that one plugin can
register several things and the host can refuse a name registered twice, naming both plugins.
Every hook is called once per plugin manager, when the registry is built (:func:`vnpolicy.hooks.manager.registry`).
"""

import pluggy

from .. import PROJECT_NAME

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# --- the dataset ---------------------------------------------------------------------------------


@hookspec
def vnpolicy_dataset_fields(register):
    """Add fields to the dataset schema (DATA.md's contract is registered by the core plugin).

    Called once, before any dataset is read.

    :param register: ``register(table, name, kind, **options)``. ``table`` is one of ``units``, ``staff``,
        ``systems``, ``assignments``, ``trainings``, ``indicators``. ``kind`` is ``text``, ``code``,
        ``bool``, ``int``, ``number``, ``date`` or ``codes`` (a list of codes). Options: ``allowed``
        (the codes, in order when ``ordered=True``), ``ordered``, ``required``, ``default``,
        ``aliases`` (what people type → code), ``rules`` (extra cerberus rules such as
        ``{"min": 1, "max": 5}``), ``description``.
    :returns: nothing. Registering a (table, name) another plugin registered is an error.
    """


# --- the expression language ----------------------------------------------------------------------


@hookspec
def vnpolicy_expression_functions(register):
    """Register functions that policy expressions may call. No other call is allowed in a policy.

    :param register: ``register(name, function)`` where ``function`` is a
        :class:`vnpolicy.Function`: the argument types it accepts, the type it returns, and how it
        builds a polars expression from its compiled arguments.
    :returns: nothing. A name registered twice is an error.
    """


@hookspec
def vnpolicy_derived_fields(register):
    """Register fields computed from the dataset for a staff member on the assessment date.

    A derived field is computed only when a loaded policy's expression names it.

    :param register: ``register(field)`` where ``field`` is a :class:`vnpolicy.DerivedField`:
        its name, type, description and ``compute(context)`` which returns either a polars DataFrame
        with the staff ``id`` column and one column named after the field (built with joins, never a
        Python loop over records), or a polars expression over the staff row.
    :returns: nothing. A name registered twice, or one that shadows a dataset field, is an error.
    """


# --- policies ------------------------------------------------------------------------------------


@hookspec
def vnpolicy_rule_kinds(register):
    """Register kinds of rule that a policy's ``rules:`` list may use (``kind: tiers`` ...).

    :param register: ``register(kind)`` where ``kind`` is a :class:`vnpolicy.RuleKind`: its
        name, the JSON Schema of one rule of that kind, its phase (the order kinds run in), and how it
        compiles (type-checks at load) and applies (on whole columns) a rule. A kind that ``decides``
        gives each person an outcome and its own ``totals``; others add findings (``state.findings``) or
        targets (``state.targets``), as the builtin ``coverage`` and ``targets`` kinds do.
    :returns: nothing. A kind registered twice is an error.
    """


@hookspec
def vnpolicy_policy_files(register):
    """Contribute policy YAML files.

    Called when the policy library is built, after the rule kinds, functions and fields are known.

    :param register: ``register(path)``: a ``.yaml`` file or a folder searched for ``*.yaml``
        (a file named ``index.yaml`` describes its folder and is not a policy).
    :returns: nothing. Two files that declare the same policy id are an error naming both plugins.
    """
