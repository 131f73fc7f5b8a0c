"""The plugin manager and the registry built from what plugins register.

Builtin plugins are listed by name and registered explicitly; outside plugins come from the
``vnpolicy`` entry-point group. ``VNPOLICY_LOAD_PLUGINS=a,b`` limits which plugins load (empty: only
the core); ``VNPOLICY_TRACE_PLUGINS=1`` prints every hook call to stderr.
"""

import importlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pluggy

from .. import PROJECT_NAME
from ..errors import PluginError
from . import specs

DEFAULT_PLUGINS = (
    "vnpolicy.builtin",
    "vnpolicy.rules.builtin",
    "vnpolicy.plugins.laocai",
    "vnpolicy.plugins.daknong",
    "vnpolicy.plugins.vinhphuc",
    "vnpolicy.plugins.national",
)
# The core plugins define the dataset contract and the rule kinds: they always load. Their names are the
# ones ``vnpolicy plugins`` has always printed; their modules live in this package.
CORE_PLUGINS = {"vnpolicy.builtin": "vnpolicy.hooks.builtin", "vnpolicy.rules.builtin": "vnpolicy.hooks.kinds"}


def make_manager(load_entrypoints=True):
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(specs)
    wanted = os.environ.get("VNPOLICY_LOAD_PLUGINS")
    allowed = None if wanted is None else {w.strip() for w in wanted.split(",") if w.strip()}
    for name in DEFAULT_PLUGINS:
        if allowed is None or name in CORE_PLUGINS or name in allowed or name.rsplit(".", 1)[-1] in allowed:
            pm.register(importlib.import_module(CORE_PLUGINS.get(name, name)), name=name)
    pm.vnpolicy_broken = []  # (plugin name, one line): outside plugins that failed to load
    if load_entrypoints:
        names = sorted({ep.name for ep in importlib.metadata.entry_points(group=PROJECT_NAME)})
        for name in names if allowed is None else sorted(allowed & set(names)):
            try:
                pm.load_setuptools_entrypoints(PROJECT_NAME, name=name)
            except Exception as exc:  # a plugin's own import error: named, never a traceback
                pm.vnpolicy_broken.append((name, _failure(name, "import", exc)))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r}: {exc}") from None
    if os.environ.get("VNPOLICY_TRACE_PLUGINS"):

        def before(hook_name, hook_impls, kwargs):
            print(f"[vnpolicy] {hook_name} -> {[i.plugin_name for i in hook_impls]}", file=sys.stderr)

        def after(outcome, hook_name, hook_impls, kwargs):
            pass

        pm.add_hookcall_monitoring(before, after)
    return pm


@dataclass
class Registry:
    """Everything plugins registered, each entry remembering which plugin gave it."""

    manager: pluggy.PluginManager
    fields: dict = field(default_factory=dict)  # (table, name) -> FieldSpec
    functions: dict = field(default_factory=dict)  # name -> Function
    derived: dict = field(default_factory=dict)  # name -> DerivedField
    rule_kinds: dict = field(default_factory=dict)  # name -> RuleKind
    policy_files: list = field(default_factory=list)  # (Path, plugin name)
    owners: dict = field(default_factory=dict)  # (what, key) -> plugin name
    broken: list = field(default_factory=list)  # (plugin name, one line): left out (``strict=False`` only)

    def table_fields(self, table):
        return {name: spec for (t, name), spec in self.fields.items() if t == table}


def _collector(registry, what, hook, store):
    """Call ``hook`` once per plugin with a register callback that refuses duplicates.

    Each plugin's call goes through pluggy (a caller limited to that plugin), so hook-call
    monitoring sees it and the register callback knows who is registering."""
    pm = registry.manager
    impls = hook.get_hookimpls()
    for impl in impls:
        plugin = impl.plugin_name
        others = [i.plugin for i in impls if i is not impl]

        def register(*args, _plugin=plugin, **kwargs):
            key, value = store(*args, **kwargs)
            prior = registry.owners.get((what, key))
            if prior is not None:
                raise PluginError(
                    f"{what} {key!r} được đăng ký hai lần: bởi plugin {prior!r} và {_plugin!r}"
                    f" / {what} {key!r} registered twice: by {prior!r} and {_plugin!r}"
                )
            registry.owners[(what, key)] = _plugin
            value_store = getattr(registry, what_attr[what])
            if isinstance(value_store, dict):
                value_store[key] = value
            else:
                value_store.append((value, _plugin))

        try:
            pm.subset_hook_caller(hook.name, remove_plugins=others)(register=register)
        except PluginError:
            raise
        except Exception as exc:  # the plugin's own code failed inside the hook
            raise PluginError(_failure(plugin, hook.name, exc), plugin=plugin) from None


what_attr = {
    "field": "fields",
    "function": "functions",
    "derived field": "derived",
    "rule kind": "rule_kinds",
    "policy file": "policy_files",
}


def _failure(plugin, where, exc):
    text = " ".join(str(exc).split()) or type(exc).__name__
    return (
        f"plugin {plugin!r} lỗi khi {'nạp (import)' if where == 'import' else 'chạy ' + where}: {text[:200]}"
        f" / plugin {plugin!r} failed in {where}: {type(exc).__name__}"
    )


def build_registry(pm, strict=True):
    """The registry of what ``pm``'s plugins register. A plugin that failed to import, or fails inside a
    hook, is an error naming it — or, with ``strict=False`` (``vnpolicy plugins``), is left out and listed
    in ``registry.broken``."""
    broken = list(getattr(pm, "vnpolicy_broken", []))
    if strict and broken:
        raise PluginError(broken[0][1])
    while True:
        try:
            reg = _build(pm)
        except PluginError as exc:
            if strict or exc.plugin is None:
                raise
            broken.append((exc.plugin, exc.lines[0]))
            pm.unregister(name=exc.plugin)
            continue
        reg.broken = broken
        return reg


def _build(pm):
    from ..data.schema import FieldSpec
    from ..rules.derived import DerivedField

    reg = Registry(manager=pm)
    hooks = pm.hook

    def field_(table, name, kind, **options):
        return (table, name), FieldSpec(table=table, name=name, kind=kind, **options)

    _collector(reg, "field", hooks.vnpolicy_dataset_fields, field_)
    _collector(reg, "function", hooks.vnpolicy_expression_functions, lambda name, fn: (name, fn))

    def derived_(d: DerivedField):
        for table in ("staff", "units"):
            if (table, d.name) in reg.fields:
                raise PluginError(
                    f"trường dẫn xuất {d.name!r} trùng tên trường dữ liệu của bảng {table}"
                    f" / derived field {d.name!r} shadows a dataset field"
                )
        return d.name, d

    _collector(reg, "derived field", hooks.vnpolicy_derived_fields, derived_)
    _collector(reg, "rule kind", hooks.vnpolicy_rule_kinds, lambda kind: (kind.name, kind))
    _collector(reg, "policy file", hooks.vnpolicy_policy_files, lambda path: (str(Path(path).resolve()), Path(path)))
    return reg


@lru_cache(maxsize=2)
def registry(strict=True):
    """The registry of the plugins installed in this environment (built once per process)."""
    return build_registry(make_manager(), strict)


def hooks_by_plugin(pm):
    """[(plugin name, [hook names])] for ``vnpolicy plugins``."""
    out = []
    dist = dict(pm.list_plugin_distinfo())
    for name, plugin in pm.list_name_plugin():
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        version = getattr(dist.get(plugin), "version", None)
        out.append((name, hooks, version))
    return out
