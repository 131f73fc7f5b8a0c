"""What policy staff use to write and check their work alone: YAML test cases and their runner, what the
cases cover (``vnpolicy test --coverage``), two versions of a policy compared (``vnpolicy diff``),
``vnpolicy validate`` (policies and datasets checked against what the installed policies need), ``vnpolicy lint``
(:mod:`.lint`: what a policy says that its author probably did not mean), ``vnpolicy render`` (a policy as a
plain document to read against its source: its expressions in words, ``words``; the document, ``render``), the
JSON Schemas an editor checks files against as they are typed (``vnpolicy schema``), and the files
``vnpolicy new`` writes to start a policy or a plugin from.

Imports :mod:`vnpolicy.compare` (how a period is counted), :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and
:mod:`vnpolicy.data`; never reports or the CLI."""
