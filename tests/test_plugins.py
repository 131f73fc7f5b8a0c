"""The plugin layer: builtin plugins by name, outside plugins through entry points, every hook used."""

import ast
import importlib
import inspect
import sys
import textwrap

import pytest

import vnpolicy
from conftest import ROOT
from vnpolicy import BOOL, Function
from vnpolicy.errors import PluginError
from vnpolicy.hooks import manager
from vnpolicy.hooks import specs as hookspecs
from vnpolicy.rules.policy import load_library

HOOKS = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("vnpolicy_")]


def test_hookspecs_are_documented():
    for name in HOOKS:
        doc = getattr(hookspecs, name).__doc__ or ""
        assert ":param register:" in doc and ":returns:" in doc, name


def test_every_hook_is_documented_in_the_plugin_guide():
    """docs/plugins.md lists every hook with its signature, as datasette's docs test does."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in HOOKS:
        assert f"`{name}{inspect.signature(getattr(hookspecs, name))}`" in guide, name


def test_every_hook_is_exercised(tmp_path):
    """``Extra`` implements every hook, and building a registry calls each of its implementations
    (test_a_plugin_extends_every_hook checks what each one contributes)."""
    pm = manager.make_manager(load_entrypoints=False)
    pm.register(Extra(tmp_path), name="extra")
    called = set()

    def before(hook_name, hook_impls, kwargs):
        called.update(hook_name for impl in hook_impls if impl.plugin_name == "extra")

    undo = pm.add_hookcall_monitoring(before, lambda *args: None)
    try:
        manager.build_registry(pm)
    finally:
        undo()
    assert called == set(HOOKS)


def test_builtin_plugins_say_what_they_contribute():
    """Each builtin plugin's docstring names every policy, rule kind, function and derived field it
    registers today."""
    reg = manager.registry()
    library = load_library(reg)
    for name in manager.DEFAULT_PLUGINS:
        doc = importlib.import_module(manager.CORE_PLUGINS.get(name, name)).__doc__ or ""
        contributed = [p.id for p in library.values() if p.plugin == name] + [
            key
            for (what, key), owner in reg.owners.items()
            if owner == name and what != "policy file" and what != "field"
        ]
        if any(owner == name and what == "field" for (what, _), owner in reg.owners.items()):
            contributed.append("dataset contract")
        assert contributed, name
        assert [c for c in contributed if c not in doc] == [], name


def test_builtin_plugins_register_by_name():
    pm = manager.make_manager(load_entrypoints=False)
    names = [n for n, _ in pm.list_name_plugin()]
    assert names == list(manager.DEFAULT_PLUGINS)
    assert "vnpolicy.plugins.national" in names


def test_load_plugins_env_limits(monkeypatch):
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "")
    pm = manager.make_manager()
    assert [n for n, _ in pm.list_name_plugin()] == list(manager.CORE_PLUGINS)
    assert manager.build_registry(pm).policy_files == []


class Extra:
    """A plugin implementing every hook (vnpolicy_dataset_fields, vnpolicy_expression_functions,
    vnpolicy_derived_fields, vnpolicy_rule_kinds, vnpolicy_policy_files)."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path

    @vnpolicy.hookimpl
    def vnpolicy_dataset_fields(self, register):
        register("staff", "union_member", "bool", description="đoàn viên")

    @vnpolicy.hookimpl
    def vnpolicy_expression_functions(self, register):
        register("always", Function("always", lambda types, args: BOOL, lambda args: vnpolicy_lit_true()))

    @vnpolicy.hookimpl
    def vnpolicy_derived_fields(self, register):
        import polars as pl

        from vnpolicy import INT, DerivedField

        register(
            DerivedField(
                "systems_count",
                INT,
                lambda ctx: (
                    ctx.active_assignments()
                    .group_by("staff_id")
                    .len()
                    .select(pl.col("staff_id").alias("id"), pl.col("len").cast(pl.Int64).alias("systems_count"))
                ),
                default=0,
            )
        )

    @vnpolicy.hookimpl
    def vnpolicy_rule_kinds(self, register):
        from vnpolicy.rules.kinds.exclusion import Exclusion

        class Ban(Exclusion):
            name = "ban"

        register(Ban())

    @vnpolicy.hookimpl
    def vnpolicy_policy_files(self, register):
        path = self.tmp_path / "extra.yaml"
        path.write_text(
            textwrap.dedent("""\
            id: test/extra
            title: Thử
            document: {number: '1', type: khac, issuer: Thử, date: 2025-01-01}
            jurisdiction: {province: laocai}
            in_force: {from: 2025-01-01}
            applies_to: {when: "it_role != 'khong' and always()", citation: Điều 1}
            parameters:
              amount: {description: Mức, unit: vnd_per_month, values: {2025-01-01: 100000}}
            rules:
              - {id: ban_union, kind: ban, when: union_member, citation: Điều 2, message: đoàn viên}
              - id: hang
                kind: tiers
                citation: Điều 3
                tiers:
                  - group: co
                    amount: amount
                    conditions: [{id: nhieu, when: systems_count >= 2, message: Hai hệ thống trở lên}]
            """),
            encoding="utf-8",
        )
        register(path)


def vnpolicy_lit_true():
    import polars as pl

    return pl.lit(True)


def test_a_plugin_extends_every_hook(tmp_path):
    import datetime as dt

    from vnpolicy.data.dataset import validate
    from vnpolicy.data.readers import tables_from_mapping
    from vnpolicy.rules.engine import assess

    pm = manager.make_manager(load_entrypoints=False)
    pm.register(Extra(tmp_path), name="extra")
    reg = manager.build_registry(pm)
    policy = load_library(reg)["test/extra"]
    tables = {
        "units": [{"id": "U", "name": "U", "province": "laocai", "level": "tinh", "kind": "nha_nuoc"}],
        "systems": [{"id": f"S{i}", "name": "s", "owner_unit_id": "U", "security_level": 1} for i in (1, 2)],
        "staff": [
            {"id": "A", "full_name": "A", "unit_id": "U", "employment": "cong_chuc", "it_role": "kiem_nhiem"},
            {
                "id": "B",
                "full_name": "B",
                "unit_id": "U",
                "employment": "cong_chuc",
                "it_role": "kiem_nhiem",
                "union_member": "có",
            },
        ],
        "assignments": [{"staff_id": s, "system_id": y} for s in "AB" for y in ("S1", "S2")],
    }
    data = validate(tables_from_mapping(tables, "t", "bản ghi", lambda t, i: i + 1), reg)
    results = assess(data, [policy], dt.date(2025, 6, 1)).outcomes[0].results
    assert results.select("staff_id", "outcome", "amount_vnd").rows() == [
        ("A", "eligible", 100000),
        ("B", "not_eligible", None),
    ]


def test_duplicate_registration_names_both_plugins():
    class Again:
        @vnpolicy.hookimpl
        def vnpolicy_rule_kinds(self, register):
            from vnpolicy.rules.kinds.cap import Cap

            register(Cap())

    pm = manager.make_manager(load_entrypoints=False)
    pm.register(Again(), name="again")
    with pytest.raises(PluginError) as exc:
        manager.build_registry(pm)
    assert (
        "rule kind 'cap'" in str(exc.value)
        and "'vnpolicy.rules.builtin'" in str(exc.value)
        and "'again'" in str(exc.value)
    )


def test_misspelt_hook_fails_at_start(tmp_path, monkeypatch):
    _install_dist(
        tmp_path,
        monkeypatch,
        "vnpolicy_typo",
        "import vnpolicy\n\n@vnpolicy.hookimpl\ndef vnpolicy_policy_file(register):\n    pass\n",
    )
    monkeypatch.delenv("VNPOLICY_LOAD_PLUGINS")
    with pytest.raises(PluginError) as exc:
        manager.make_manager()
    assert "vnpolicy_policy_file" in str(exc.value)


def _install_dist(tmp_path, monkeypatch, module, code):
    """An installed distribution with a ``vnpolicy`` entry point, as pip would leave it."""
    (tmp_path / f"{module}.py").write_text(code, encoding="utf-8")
    dist = tmp_path / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[vnpolicy]\n{module} = {module}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)


def test_outside_plugin_found_through_entry_point(tmp_path, monkeypatch, cli):
    policy_dir = tmp_path / "pol"
    policy_dir.mkdir()
    from conftest import ROOT

    text = (ROOT / "policies" / "laocai" / "nq12-2025.yaml").read_text(encoding="utf-8")
    (policy_dir / "x.yaml").write_text(text.replace("id: laocai/nq12-2025", "id: laocai/x-2026"), encoding="utf-8")
    _install_dist(
        tmp_path,
        monkeypatch,
        "vnpolicy_outside",
        f"import vnpolicy\n\n@vnpolicy.hookimpl\ndef vnpolicy_policy_files(register):\n"
        f"    register({str(policy_dir)!r})\n",
    )
    monkeypatch.delenv("VNPOLICY_LOAD_PLUGINS")
    manager.registry.cache_clear()
    result = cli("plugins")
    assert result.exit_code == 0, result.output
    assert "vnpolicy_outside 0.1: vnpolicy_policy_files" in result.output
    assert "laocai/x-2026" in cli("policies").output


def test_trace_env_prints_hook_calls(monkeypatch, capsys):
    monkeypatch.setenv("VNPOLICY_TRACE_PLUGINS", "1")
    manager.build_registry(manager.make_manager(load_entrypoints=False))
    assert "[vnpolicy] vnpolicy_rule_kinds" in capsys.readouterr().err


def test_the_example_plugin_works_through_its_entry_point(tmp_path, monkeypatch, cli):
    """examples/plugin-example, found the way pip would install it (an entry point in the vnpolicy group)."""
    from conftest import ROOT

    example = ROOT / "examples" / "plugin-example"
    dist = tmp_path / "vnpolicy_example-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vnpolicy-example\nVersion: 0.1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[vnpolicy]\nexample = vnpolicy_example\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(example))
    monkeypatch.delitem(sys.modules, "vnpolicy_example", raising=False)
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,example")
    manager.registry.cache_clear()
    out = cli("plugins").stdout
    assert (
        "example 0.1.0: vnpolicy_dataset_fields, vnpolicy_derived_fields, vnpolicy_expression_functions, "
        "vnpolicy_policy_files" in out
    )
    data = tmp_path / "d.yaml"
    data.write_text(
        textwrap.dedent("""\
        units: [{id: U, name: U, province: laocai, level: tinh, kind: nha_nuoc}]
        systems:
          - {id: S1, name: a, owner_unit_id: U, security_level: 1}
          - {id: S2, name: b, owner_unit_id: U, security_level: 2}
        staff:
          - {id: A, full_name: An, unit_id: U, employment: cong_chuc, it_role: kiem_nhiem, certificates: [ccna]}
          - {id: B, full_name: Bình, unit_id: U, employment: cong_chuc, it_role: kiem_nhiem, certificates: [ccna],
             union_member: có}
          - {id: C, full_name: Cường, unit_id: U, employment: cong_chuc, it_role: kiem_nhiem}
        assignments: [{staff_id: A, system_id: S1}, {staff_id: A, system_id: S2}, {staff_id: B, system_id: S1},
                      {staff_id: B, system_id: S2}, {staff_id: C, system_id: S1}, {staff_id: C, system_id: S2}]
        """),
        encoding="utf-8",
    )
    result = cli("assess", data, "--on", "2026-02-01", "--policy", "example/multi-system-2026", "-f", "json")
    assert result.exit_code == 0, result.output
    import json

    outcomes = {r["staff_id"]: (r["outcome"], r["amount_vnd"]) for r in json.loads(result.stdout)["results"]}
    assert outcomes == {"A": ("eligible", 500000), "B": ("not_eligible", None), "C": ("not_eligible", None)}
    # the README's main command with the plugin installed: its policy has no in_force.citation (optional)
    result = cli("compare", data, "--on", "2026-02-01", "-f", "json")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "example/multi-system-2026" in json.loads(result.stdout)["provinces"][0]["policies"]
    # the authoring tools work on an outside plugin's policy as on the bundled ones
    linted = cli("lint", "example/multi-system-2026")
    assert linted.exit_code == 0 and "0 lỗi" in linted.stdout, linted.output
    rendered = cli("render", "example/multi-system-2026", "-f", "md")
    assert rendered.exit_code == 0 and "Ví dụ, Điều 2" in rendered.stdout, rendered.output
    changed = tmp_path / "example.yaml"
    source = example / "vnpolicy_example" / "example-2026.yaml"
    changed.write_text(source.read_text(encoding="utf-8").replace("500000", "600000"), encoding="utf-8")
    diffed = cli("diff", "example/multi-system-2026", changed, "--data", data, "--on", "2026-02-01")
    assert diffed.exit_code == 0 and "600.000" in diffed.stdout, diffed.output


def test_what_plugins_import_has_one_documented_home():
    """The names a plugin needs resolve from the package root and are in the guide; the builtin province
    plugins and the example plugin import nothing else of vnpolicy."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in vnpolicy._FOR_PLUGINS:
        assert getattr(vnpolicy, name) is not None and f"`{name}`" in guide.replace("vnpolicy.", ""), name
    with pytest.raises(AttributeError):
        vnpolicy.NoSuchThing  # noqa: B018
    plugin_code = [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "examples" / "plugin-example").rglob("*.py")]
    for path in plugin_code:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            deep = [m for m in modules if m.startswith("vnpolicy.") and m != "vnpolicy.plugins"]
            assert deep == [], f"{path.relative_to(ROOT)} imports {deep}: use the package root"


def test_a_plugin_written_against_the_old_module_paths_still_loads(tmp_path, monkeypatch):
    """Before core/ was grouped, plugins imported vnpolicy.expr, vnpolicy.derived, vnpolicy.manager and
    vnpolicy.rules.base: those names still import (the same modules), with a DeprecationWarning."""
    (tmp_path / "old_style.py").write_text(
        "import vnpolicy\n"
        "from vnpolicy.derived import DerivedField\n"
        "from vnpolicy.expr import BOOL, INT, ExprError, Function\n"
        "from vnpolicy.manager import DEFAULT_PLUGINS\n"
        "from vnpolicy.rules.base import RuleKind\n"
        "from vnpolicy.rules.common import EXPRESSION, rule_schema\n\n"
        "@vnpolicy.hookimpl\n"
        "def vnpolicy_dataset_fields(register):\n"
        "    register('staff', 'union_member', 'bool')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("vnpolicy.expr", "vnpolicy.derived", "vnpolicy.manager", "vnpolicy.rules.base", "old_style"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.warns(DeprecationWarning, match="package root"):
        old_style = importlib.import_module("old_style")
    assert old_style.DerivedField is vnpolicy.DerivedField and old_style.RuleKind is vnpolicy.RuleKind
    assert old_style.DEFAULT_PLUGINS == vnpolicy.DEFAULT_PLUGINS
    pm = manager.make_manager(load_entrypoints=False)
    pm.register(old_style, name="old_style")
    assert ("staff", "union_member") in manager.build_registry(pm).fields


def test_a_plugin_kind_s_column_that_cannot_be_computed_is_said_as_the_plugin_s(tmp_path):
    """A column a rule adds is computed with the others once the rule is applied (``State.add``): still inside
    the plugin's own call, so its fault is one line naming the plugin, not vnpolicy's internal error."""
    import datetime as dt

    import polars as pl

    from conftest import SAMPLE, policy_yaml
    from vnpolicy.data.dataset import load_dataset
    from vnpolicy.errors import PluginError
    from vnpolicy.rules.engine import assess
    from vnpolicy.rules.kinds.exclusion import Exclusion

    class Broken:
        @vnpolicy.hookimpl
        def vnpolicy_rule_kinds(self, register):
            class Faulty(Exclusion):
                name = "faulty"

                def apply(self, rule, state):
                    state.add(pl.col("full_name").cast(pl.Int64, strict=True), "x")  # names are no numbers

            register(Faulty())

    pm = manager.make_manager(load_entrypoints=False)
    pm.register(Broken(), name="broken")
    registry = manager.build_registry(pm)
    path = tmp_path / "p.yaml"
    rules = "rules: [{id: hong, kind: faulty, when: 'false', citation: Điều 1, message: Hỏng}]\n"
    path.write_text(policy_yaml("test/faulty", rules), encoding="utf-8")
    from vnpolicy.rules.policy import load_policy

    policy = load_policy(path, registry, "broken")
    with pytest.raises(PluginError, match="plugin 'broken': rule kind 'faulty'"):
        assess(load_dataset(SAMPLE, registry), [policy], dt.date(2025, 12, 1))
