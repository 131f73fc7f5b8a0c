"""Rule kinds: what a policy's ``rules:`` entries can be. The builtin kinds are here and are registered
through the same hook as plugin kinds (:mod:`vnpolicy.hooks.kinds`); a new kind subclasses
:class:`vnpolicy.rules.kinds.base.RuleKind` (``vnpolicy.RuleKind``).

Imports :mod:`vnpolicy.data` and :mod:`vnpolicy.i18n`; the engine and the policy model import the kinds, never
the other way round."""
