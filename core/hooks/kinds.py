"""The builtin rule kinds, registered as ``vnpolicy.rules.builtin`` through the same hook a plugin uses:
``exclusion``, ``tiers``, ``requirements``, ``cap``, ``dossier``, ``coverage``, ``flags``, ``targets`` and
``figures`` (each in :mod:`vnpolicy.rules.kinds`)."""

from .. import hookimpl
from ..rules.kinds.cap import Cap
from ..rules.kinds.coverage import Coverage
from ..rules.kinds.dossier import Dossier
from ..rules.kinds.exclusion import Exclusion
from ..rules.kinds.figures import Figures
from ..rules.kinds.flags import Flags
from ..rules.kinds.requirements import Requirements
from ..rules.kinds.targets import Targets
from ..rules.kinds.tiers import Tiers


@hookimpl
def vnpolicy_rule_kinds(register):
    for kind in (Exclusion(), Tiers(), Requirements(), Cap(), Dossier(), Coverage(), Flags(), Targets(), Figures()):
        register(kind)
