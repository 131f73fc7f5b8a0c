"""The ``vnpolicy`` command: parses arguments, calls the engine, prints. No rules live here.

One module per group of commands: :mod:`.assessing` (assess, compare, explain, readings), :mod:`.authoring`
(validate, lint, render, test, schema, new), :mod:`.info` (policies, plugins, generate), :mod:`.records` (runs);
:mod:`.base` holds the app, the options and the one-line error handling every command shares.

May import every layer below it (through :mod:`vnpolicy.api` mostly); the only room that imports typer.
"""

from . import assessing, authoring, info, records  # noqa: F401  (each registers its commands on the app)
from .base import app, main

__all__ = ["app", "main"]
