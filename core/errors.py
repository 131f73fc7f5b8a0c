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


_WHY = {  # errno name: why a file cannot be written, in Vietnamese
    "EISDIR": "đó là một thư mục",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "EEXIST": "một phần của đường dẫn là tệp",
    "ENOENT": "không có tệp hoặc thư mục đó",
    "EACCES": "không có quyền ghi",
    "EPERM": "không có quyền ghi",
    "EROFS": "hệ thống tệp chỉ đọc",
    "ENOSPC": "hết chỗ trên đĩa",
    "EFBIG": "tệp vượt quá kích thước cho phép",
    "EDQUOT": "vượt hạn mức đĩa",
}


def unwritable(place, exc):
    """The one-line error for an output that cannot be written: ``place`` names it (``-o r.json``), ``exc``
    is the :class:`OSError`."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    why = exc.strerror or str(exc)
    return UsageError(f"{place}: không ghi được: {_WHY.get(name, why)} / cannot write: {why}")
