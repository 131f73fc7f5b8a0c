"""What policy staff use to check their work: YAML test cases and their runner, ``vnpolicy validate``
(policies and datasets checked against what the installed policies need) and ``vnpolicy lint`` (:mod:`.lint`:
what a policy says that its author probably did not mean).

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and :mod:`vnpolicy.data`; never reports or the CLI."""
