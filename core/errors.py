"""User-facing errors: one type per domain, turned into one-line messages at the CLI boundary.

Anything else that escapes is a bug and keeps its traceback.
"""


class VnpolicyError(Exception):
    """Base of the errors a user can act on. ``lines`` holds one message per problem found."""

    def __init__(self, lines):
        if isinstance(lines, str):
            lines = [lines]
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


class DatasetError(VnpolicyError):
    """The dataset could not be read or failed validation; nothing is assessed."""


class PolicyError(VnpolicyError):
    """A policy file is malformed, fails its schema, or has an expression that does not type-check."""


class PluginError(VnpolicyError):
    """Plugins disagree (two register the same name, a hook implementation is misspelt), or a plugin's own
    code failed (at import, inside a hook): ``plugin`` names it when one is to blame."""

    def __init__(self, lines, plugin=None):
        super().__init__(lines)
        self.plugin = plugin


class UsageError(VnpolicyError):
    """The command was asked for something that does not exist (an unknown policy id, staff id ...)."""
