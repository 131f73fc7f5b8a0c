"""vnpolicy: rules as code for Vietnamese provincial policy on the IT and digital-transformation workforce.

Plugins write ``@vnpolicy.hookimpl``; the hooks they can implement are in :mod:`vnpolicy.hookspecs`.
"""
import pluggy

PROJECT_NAME = "vnpolicy"
__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["hookimpl", "PROJECT_NAME", "__version__"]
