"""The sha256 of an input: a file, or a folder as a whole (the record of a run and every report's
provenance name their inputs by it)."""

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def sha256(path):
    """The sha256 of a file's bytes; of a folder, of its files' names (relative, ``/``) and bytes in sorted
    order; None when it is not there."""
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_file():
        _feed(digest, path)
    elif path.is_dir():
        for name, file in sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*") if p.is_file()):
            digest.update(name.encode("utf-8") + b"\0")
            _feed(digest, file)
            digest.update(b"\0")
    else:
        return None
    return digest.hexdigest()


def _feed(digest, file):
    with open(file, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
