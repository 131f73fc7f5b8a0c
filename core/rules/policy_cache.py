"""A cache of policies already read and checked, so that a run does not parse and validate the same eight
YAML files every time (it is most of a small run's start-up).

What is kept is the *checked plain data* of a policy — the mapping read from its YAML (dates as ISO text),
the line of every key, the fields its expressions read — as JSON, never a pickled object: reading the cache
builds no object but dicts, lists, strings and numbers, so an entry cannot run code. The policy is rebuilt
from it by the same cheap steps a fresh load ends with (parameters, readings).

The data of a policy changed by a reading's alternative or a reform is checked like a file's; that the very
same data passed every check is kept too (the fields its expressions read, under a hash of the data), so a
comparison does not check the same alternatives again on every run.

An entry's name is a hash of everything a load depends on: the file's bytes, vnpolicy's version, the
policy schema, the plugins loaded (their names, the fields, functions, derived fields and rule kinds they
register, rule kinds' schemas) and the source files of vnpolicy and of every plugin (size and time
modified). A policy edited, a plugin added or changed, or vnpolicy upgraded is a different name: a miss,
and the file is read and checked in full. Only a load that passed every check is written, so the cache can
never hide an error. An entry holds a hash of its own content: one that is truncated, edited or unreadable
is ignored (and rewritten), never trusted.

Where: ``$VNPOLICY_CACHE`` if it names a folder, else ``$XDG_CACHE_HOME/vnpolicy``, else
``~/.cache/vnpolicy``; ``VNPOLICY_CACHE=off`` turns it off. A cache that cannot be written is no error.
"""

import hashlib
import json
import os
import re
import sys
import tempfile
from functools import cache
from pathlib import Path

FORMAT = 1  # the layout of an entry; a change of layout is a new name
OFF = {"off", "0", "no", "false", "none", ""}


def folder():
    """The cache's folder, or None when it is turned off."""
    setting = os.environ.get("VNPOLICY_CACHE")
    if setting is not None:
        if setting.strip().lower() in OFF:
            return None
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vnpolicy"


def key(content, registry):
    """The entry's name for a policy file's bytes read with this registry's plugins."""
    return hashlib.sha256(_fingerprint(registry).encode() + b"\0" + content).hexdigest()


def data_key(data, registry):
    """The entry's name for a policy's data (as checked: a reading's alternative or a reform applied), or
    None for data that JSON does not write as it is."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        if json.loads(text) != data:  # a tuple, a number as a key: two different data would share a name
            return None
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(_fingerprint(registry).encode() + b"\0data\0" + text.encode()).hexdigest()


def get(name, kind="policies"):
    """The payload stored under ``name``, or None (no cache, no entry, or an entry that fails its check)."""
    place = folder()
    if place is None:
        return None
    try:
        head, _, body = (place / kind / f"{name}.json").read_bytes().partition(b"\n")
        header = json.loads(head)
        if header != {"format": FORMAT, "key": name, "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        payload = json.loads(body)
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def put(name, payload, kind="policies"):
    """Store ``payload`` (plain JSON data) under ``name`` if it reads back exactly as it is; whole or not
    at all (written beside and renamed), and silently not when the cache cannot be written."""
    place = folder()
    if place is None:
        return
    try:
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode()
        if json.loads(body) != payload:  # a value JSON would change (a number as a key, a tuple): not kept
            return
    except (TypeError, ValueError):
        return
    header = json.dumps({"format": FORMAT, "key": name, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    target = place / kind / f"{name}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header + b"\n" + body)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


# --- what a load depends on besides the file ------------------------------------------------------------

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _fingerprint(registry):
    found = getattr(registry, "_policy_cache_fingerprint", None)
    if found is None:
        found = hashlib.sha256(_describe(registry).encode()).hexdigest()
        try:
            registry._policy_cache_fingerprint = found
        except AttributeError:  # a registry that takes no attributes: described each time
            pass
    return found


def _describe(registry):
    from .. import __version__
    from .policy import shipped_schema

    parts = [f"format {FORMAT}", f"vnpolicy {__version__}", _sources()]
    parts.append(json.dumps(shipped_schema("policy.schema.json"), sort_keys=True, default=str))
    for name, plugin in sorted(registry.manager.list_name_plugin(), key=lambda np: np[0]):
        parts.append(f"plugin {name} {_code_of(plugin)}")
    parts += [f"field {k} {_plain_repr(v)}" for k, v in sorted(registry.fields.items(), key=lambda kv: str(kv[0]))]
    parts += [f"function {k} {_plain_repr(v)}" for k, v in sorted(registry.functions.items())]
    parts += [f"derived {k} {_plain_repr(v)}" for k, v in sorted(registry.derived.items())]
    for name, kind in sorted(registry.rule_kinds.items()):
        schema = json.dumps(getattr(kind, "schema", None), sort_keys=True, default=str)
        parts.append(f"kind {name} {type(kind).__module__}.{type(kind).__qualname__} {_plain_repr(kind)} {schema}")
    return "\n".join(parts)


def _plain_repr(value):
    """A description that stays the same from one run to the next (no memory addresses)."""
    return _ADDRESS.sub("", repr(value))


def _stamp(files):
    out = []
    for file in sorted(files):
        try:
            stat = file.stat()
        except OSError:
            continue
        out.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(out).encode()).hexdigest()


@cache
def _sources():
    """vnpolicy's own code and schemas, as they are on disk (an edited checkout is a new key)."""
    package = Path(__file__).resolve().parent.parent
    return "vnpolicy " + _stamp([*package.rglob("*.py"), *package.rglob("*.json")])


def _code_of(plugin):
    """A plugin's code as it is on disk: its module's file, or every file of its package."""
    module = plugin if hasattr(plugin, "__file__") else sys.modules.get(type(plugin).__module__)
    file = getattr(module, "__file__", None)
    if not file:
        return _plain_repr(plugin)
    file = Path(file).resolve()
    return _stamp(file.parent.rglob("*.py") if file.name == "__init__.py" else [file])
