"""Registers the builtin rule kinds through the same hook a plugin uses."""
from .. import hookimpl
from .cap import Cap
from .coverage import Coverage
from .dossier import Dossier
from .exclusion import Exclusion
from .figures import Figures
from .flags import Flags
from .requirements import Requirements
from .targets import Targets
from .tiers import Tiers


@hookimpl
def vnpolicy_rule_kinds(register):
    for kind in (Exclusion(), Tiers(), Requirements(), Cap(), Dossier(), Coverage(), Flags(), Targets(), Figures()):
        register(kind)
