"""The plugin layer: the hookspecs, the plugin manager and registry, and the builtin registrations (the
dataset contract, expression functions, derived fields and rule kinds, registered as plugins are).

Imports :mod:`vnpolicy.rules` and :mod:`vnpolicy.data` (what it registers); never compare, reports or the CLI."""
