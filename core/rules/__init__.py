"""The rules: the policy model read from YAML, the expression language and its types, derived fields,
the rule kinds (:mod:`vnpolicy.rules.kinds`), the engine that applies policies to a dataset on a date,
what each person receives across policies, reforms, and one person's explanation.

Imports :mod:`vnpolicy.data`, :mod:`vnpolicy.i18n` and :mod:`vnpolicy.errors`; never hooks, reports or the CLI."""
