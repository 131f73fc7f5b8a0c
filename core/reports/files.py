"""Files are written whole or not at all: into a temporary file beside the target, renamed at the end."""

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..errors import unwritable


@contextmanager
def whole_or_nothing(path, place=None):
    """Yields a temporary path beside ``path`` to write; it becomes ``path`` (with the usual rights, under
    the umask) only when the block ends without an error, and is removed otherwise. A file that cannot be
    written is a one-line error naming ``place`` (the option, or the path)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise unwritable(place or path, exc) from None
    try:
        yield tmp
        _as_created(tmp, 0o666)
        os.replace(tmp, path)
    except BaseException as exc:
        removed(lambda: Path(tmp).unlink(missing_ok=True))
        if (disk := disk_error(exc)) is not None:
            raise unwritable(place or path, disk) from None
        raise


@contextmanager
def whole_directory(path, place=None):
    """:func:`whole_or_nothing` for a directory of files: a new directory is written beside ``path`` and
    takes its place at the end (the one there before, if any, is removed then)."""
    import shutil

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    except OSError as exc:
        raise unwritable(place or path, exc) from None
    try:
        yield tmp
        _as_created(tmp, 0o777)
        old = None
        if path.exists():
            old = path.parent / f".{path.name}.{os.getpid()}.old"
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        removed(lambda: shutil.rmtree(tmp, ignore_errors=True))
        if (disk := disk_error(exc)) is not None:
            raise unwritable(place or path, disk) from None
        raise


def removed(remove):
    """``remove()`` (a removal that can be done again) carried out whole: a Ctrl-C that comes meanwhile — one
    may be pending when a library stopped on it first, and fire at the removal's first line — waits for it,
    then stops the run."""
    interrupted = False
    while True:
        try:
            remove()
            break
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def disk_error(exc):
    """The OSError behind an error met while writing a file (the disk full, a file over its size limit, no
    right to write), also where a library words it its own way — xlsxwriter's FileCreateError holding it,
    DuckDB's 'Could not write file "…": File too large', polars' '(os error 27)' or, from its Parquet
    writer, 'Invalid thrift: transport error' (the errno lost) — so that it is the one line saying the file
    cannot be written, not an internal error; None for any other error."""
    if isinstance(exc, OSError):
        return exc
    if exc.args and isinstance(exc.args[0], OSError):  # xlsxwriter.exceptions.FileCreateError
        return exc.args[0]
    text = str(exc)
    if found := re.search(r'Could not write file "[^"]*": (.+)$', text):
        why = found[1].strip()
        return OSError(next((c for c in errno.errorcode if os.strerror(c) == why), errno.EIO), why)
    if found := re.search(r"\(os error (\d+)\)", text):
        return OSError(int(found[1]), os.strerror(int(found[1])))
    if "Invalid thrift: transport error" in text:
        return OSError(errno.EIO, text)
    return None


def _as_created(path, mode):
    """The permissions a file (0o666) or folder (0o777) created in place would have had (the umask's)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, mode & ~mask)
