"""``vnpolicy lint``: what a policy file says that is probably not what its author meant, decided from the file
itself, one finding per line (file:line, severity, rule or parameter id, what is wrong, what to do).

One module per family of checks: :mod:`.tiers` (tiers never reached, tiers that overlap, groups no tier gives)
and :mod:`.conditions` (conditions always true or always false), both on the finite space :mod:`.domains`
builds; :mod:`.parameters` (gaps, unused, values outside their unit, unknown values and readings);
:mod:`.citations` (another document cited, a replaced document still in force, duplicated ids);
:mod:`.exercised` (with ``--cases``: what no case exercises both ways). :mod:`.runner` finds the files and runs
them all; :mod:`.finding` is a finding and how it is said.

Imports :mod:`vnpolicy.hooks`, :mod:`vnpolicy.rules`, :mod:`vnpolicy.data` and the case runner's loader of
:mod:`vnpolicy.authoring`; never reports or the CLI."""

from .finding import Finding, failing, render
from .runner import lint

__all__ = ["Finding", "failing", "lint", "render"]
