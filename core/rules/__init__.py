"""Rule kinds: what a policy's ``rules:`` entries can be. Builtin kinds are in this package and are
registered through the same hook as plugin kinds (:mod:`vnpolicy.rules.builtin`)."""
