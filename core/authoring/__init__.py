"""What policy staff use to check their work: YAML test cases and their runner, what the cases cover
(``vnpolicy test --coverage``), two versions of a policy compared (``vnpolicy diff``), and ``vnpolicy
validate`` (policies and datasets checked against what the installed policies need).

Imports :mod:`vnpolicy.compare` (how a period is counted), :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules` and
:mod:`vnpolicy.data`; never reports or the CLI."""
