"""What policy staff use to check their work: YAML test cases and their runner, ``vnpolicy validate``
(policies and datasets checked against what the installed policies need), ``vnpolicy lint`` (:mod:`.lint`:
what a policy says that its author probably did not mean) and ``vnpolicy render`` (a policy as a plain document
to read against its source: its expressions in words, ``words``; the document, ``render``).

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and :mod:`vnpolicy.data`; never reports or the CLI."""
