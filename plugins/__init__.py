"""The builtin province plugins (installed as ``vnpolicy.plugins.<province>``)."""

from importlib import resources


def policy_folder(province):
    """The bundled ``policies/<province>/`` folder, wherever vnpolicy is installed."""
    return resources.files("vnpolicy.policies").joinpath(province)
