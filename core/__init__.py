"""vnpolicy: rules as code for Vietnamese provincial policy on the IT and digital-transformation workforce.

This module is the one home of what a plugin imports: ``@vnpolicy.hookimpl`` for its hook functions
(the hooks are in :mod:`vnpolicy.hooks.specs`), and the names below for what the hooks register —
``vnpolicy.DerivedField``, ``vnpolicy.Function`` and the expression types (``vnpolicy.Type``, ``vnpolicy.BOOL``,
``INT``, ``NUMBER``, ``DATE``, ``STR``), ``vnpolicy.ExprError``; for a rule kind ``vnpolicy.RuleKind``,
``vnpolicy.Reason``, ``vnpolicy.rule_schema`` and the schema parts ``CITATION``, ``EXPRESSION``, ``CONDITION``,
``TEXT``; ``vnpolicy.VnpolicyError``; and ``vnpolicy.DEFAULT_PLUGINS`` (the builtin plugins' names, which
``vnpolicy plugins`` prints and ``VNPOLICY_LOAD_PLUGINS`` accepts). Python callers use :mod:`vnpolicy.api`.
Everything else may move between releases.

The names are loaded on first use, ``hookimpl`` too (pluggy), so that ``import vnpolicy`` stays cheap: the
command's entry (:mod:`vnpolicy.start`) is this package's first import, and a Ctrl-C while the rest loads
ends the command in silence. The modules plugins imported
before core/ was grouped into subpackages (``vnpolicy.expr``, ``vnpolicy.derived`` ...) still import, with
a DeprecationWarning that names the package root.
"""

import importlib
import importlib.util
import sys
import warnings

PROJECT_NAME = "vnpolicy"
__version__ = "0.1.0"

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
    "Reason": "vnpolicy.rules.kinds.base",
    "rule_schema": "vnpolicy.rules.kinds.common",
    "CITATION": "vnpolicy.rules.kinds.common",
    "EXPRESSION": "vnpolicy.rules.kinds.common",
    "CONDITION": "vnpolicy.rules.kinds.common",
    "TEXT": "vnpolicy.rules.kinds.common",
    "VnpolicyError": "vnpolicy.errors",
    "DEFAULT_PLUGINS": "vnpolicy.hooks.manager",
}

__all__ = ["hookimpl", "PROJECT_NAME", "__version__", *_FOR_PLUGINS]


def __getattr__(name):
    if name == "hookimpl":  # made once, on a plugin's first @vnpolicy.hookimpl
        import pluggy

        value = globals()["hookimpl"] = pluggy.HookimplMarker(PROJECT_NAME)
        return value
    if name in _FOR_PLUGINS:
        value = getattr(importlib.import_module(_FOR_PLUGINS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vnpolicy' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)


# old module -> where it lives now
_MOVED = {
    "vnpolicy.expr": "vnpolicy.rules.expr",
    "vnpolicy.derived": "vnpolicy.rules.derived",
    "vnpolicy.manager": "vnpolicy.hooks.manager",
    "vnpolicy.hookspecs": "vnpolicy.hooks.specs",
    "vnpolicy.rules.base": "vnpolicy.rules.kinds.base",
    "vnpolicy.rules.common": "vnpolicy.rules.kinds.common",
}


class _Moved:
    """Imports a moved module under its old name (after every other finder has looked): a meta path finder
    and its loader (``importlib.abc``'s bases are not needed, and importing them cost every command 15 ms)."""

    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name in _MOVED else None

    def create_module(self, spec):
        warnings.warn(
            f"{spec.name} has moved to {_MOVED[spec.name]}; a plugin imports from the package root (vnpolicy)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(_MOVED[spec.name])

    def exec_module(self, module):
        pass


if not any(isinstance(f, _Moved) for f in sys.meta_path):
    sys.meta_path.append(_Moved())
