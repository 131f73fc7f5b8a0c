"""Rule kinds: what a policy's ``rules:`` entries can be. The builtin kinds are here and are registered
through the same hook as plugin kinds (:mod:`vnpolicy.hooks.kinds`); a new kind subclasses
:class:`vnpolicy.rules.kinds.base.RuleKind` (``vnpolicy.RuleKind``)."""
