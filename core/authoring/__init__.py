"""What policy staff use to check their work: YAML test cases and their runner, and ``vnpolicy validate``
(policies and datasets checked against what the installed policies need).

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and :mod:`vnpolicy.data`; never reports or the CLI."""
