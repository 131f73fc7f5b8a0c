"""vnpolicy: rules as code for Vietnamese provincial policy on the IT and digital-transformation workforce.

This module is the one home of what a plugin imports: ``@vnpolicy.hookimpl`` for its hook functions
(the hooks are in :mod:`vnpolicy.hooks.specs`), and the names below for what the hooks register —
``vnpolicy.DerivedField``, ``vnpolicy.Function`` and the expression types (``vnpolicy.Type``, ``vnpolicy.BOOL``,
``INT``, ``NUMBER``, ``DATE``, ``STR``),
``vnpolicy.ExprError``, ``vnpolicy.RuleKind``, ``vnpolicy.VnpolicyError``, and ``vnpolicy.DEFAULT_PLUGINS``
(the builtin plugins' names, which ``vnpolicy plugins`` prints and ``VNPOLICY_LOAD_PLUGINS`` accepts).
Python callers use :mod:`vnpolicy.api`. Everything else may move between releases.

The names are loaded on first use, so that ``import vnpolicy`` stays cheap.
"""

import importlib

import pluggy

PROJECT_NAME = "vnpolicy"
__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

# name -> the module that defines it
_FOR_PLUGINS = {
    "DerivedField": "vnpolicy.rules.derived",
    "Function": "vnpolicy.rules.expr",
    "Type": "vnpolicy.rules.expr",
    "ExprError": "vnpolicy.rules.expr",
    "BOOL": "vnpolicy.rules.expr",
    "INT": "vnpolicy.rules.expr",
    "NUMBER": "vnpolicy.rules.expr",
    "STR": "vnpolicy.rules.expr",
    "DATE": "vnpolicy.rules.expr",
    "RuleKind": "vnpolicy.rules.kinds.base",
    "VnpolicyError": "vnpolicy.errors",
    "DEFAULT_PLUGINS": "vnpolicy.hooks.manager",
}

__all__ = ["hookimpl", "PROJECT_NAME", "__version__", *_FOR_PLUGINS]


def __getattr__(name):
    if name in _FOR_PLUGINS:
        value = getattr(importlib.import_module(_FOR_PLUGINS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vnpolicy' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
