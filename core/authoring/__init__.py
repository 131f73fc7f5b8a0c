"""What policy staff use to write and check their work alone: YAML test cases and their runner,
``vnpolicy validate`` (policies and datasets checked against what the installed policies need), the JSON
Schemas an editor checks files against as they are typed (``vnpolicy schema``), and the files
``vnpolicy new`` writes to start a policy or a plugin from.

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and :mod:`vnpolicy.data`; never reports or the CLI."""
