"""The bundled policy files (YAML), one folder per province; installed as ``vnpolicy.policies``."""
