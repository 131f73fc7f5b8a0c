"""Files are written whole or not at all: into a temporary file beside the target, renamed at the end."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def whole_or_nothing(path):
    """Yields a temporary path beside ``path`` to write; it becomes ``path`` (with the usual rights, under
    the umask) only when the block ends without an error, and is removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        yield tmp
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path, content):
    """Write all of ``content`` or nothing."""
    with whole_or_nothing(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(content)
