"""Registers the builtin rule kinds through the same hook a plugin uses."""
from .. import hookimpl
from .cap import Cap
from .dossier import Dossier
from .exclusion import Exclusion
from .tiers import Tiers


@hookimpl
def vnpolicy_rule_kinds(register):
    for kind in (Exclusion(), Tiers(), Cap(), Dossier()):
        register(kind)
