"""How many shared systems away one person's results reach (:func:`vnpolicy.rules.part.depth`), which
``vnpolicy explain`` reads of a dataset: as many as a policy has caps, in the policy as read or in any
alternative of its readings; unknown (the whole dataset) where a plugin's rule kind does not say what it reads,
or an expression reads a plugin's function or derived field."""

import datetime as dt
import textwrap

import polars as pl

import vnpolicy
from conftest import SAMPLE, policy_yaml
from test_plugins import Extra
from vnpolicy import api
from vnpolicy.hooks import manager
from vnpolicy.rules.kinds.exclusion import Exclusion
from vnpolicy.rules.part import depth
from vnpolicy.rules.policy import load_library, load_policy

ON = dt.date(2025, 12, 1)


def test_the_bundled_policies_reach_as_far_as_their_caps():
    found = {p.id: depth([p], ON) for p in api.policies()}
    assert found["laocai/nq12-2025"] == 2  # toi_da_cap_do_3, toi_da_cap_do_1_2
    assert {d for i, d in found.items() if i != "laocai/nq12-2025"} == {0}
    assert depth(api.policies(), ON) == 2


def _policy(tmp_path, registry, rules, readings=""):
    path = tmp_path / "p.yaml"
    path.write_text(
        policy_yaml(
            "test/p",
            """\
        parameters:
          amount: {description: Mức, unit: vnd_per_month, values: {2025-01-01: 100000}}
          two: {description: Số người, unit: count, values: {2025-01-01: 2}}
        rules:
        """,
        )
        + textwrap.indent(textwrap.dedent(rules), "  ")
        + textwrap.dedent(readings),
        encoding="utf-8",
    )
    return load_policy(path, registry, "(test)")


TIERS = """\
- id: hang
  kind: tiers
  citation: Điều 1
  tiers:
    - group: co
      amount: amount
      system: security_level >= 1
      system_message: Vận hành hệ thống
      conditions: [{id: nguoi, when: it_role != 'khong', message: Làm CNTT}]
"""
CAP = """\
- id: {id}
  kind: cap
  groups: [co]
  systems: security_level >= 1
  max: two
  citation: Điều 2
  message: Tối đa 2 người
"""


def test_a_cap_an_alternative_puts_in_a_rule_s_place_counts(tmp_path):
    registry = manager.registry()
    assert depth([_policy(tmp_path, registry, TIERS)], ON) == 0
    assert depth([_policy(tmp_path, registry, TIERS + CAP.format(id="cap_a"))], ON) == 1
    assert depth([_policy(tmp_path, registry, TIERS + CAP.format(id="cap_a") + CAP.format(id="cap_b"))], ON) == 2
    exclusion = "- {id: cap_b, kind: exclusion, when: 'false', citation: Điều 3, message: Không ai}\n"
    readings = """\
    readings:
      them:
        question: Thêm số tối đa?
        citation: Điều 2
        alternatives:
          khong: {label: Không}
          co:
            label: Có
            rules:
              - {id: cap_b, kind: cap, groups: [co], systems: security_level >= 1, max: two, citation: Điều 2,
                 message: Tối đa 2 người}
        chosen: khong
        why: Thử
    """
    assert depth([_policy(tmp_path, registry, TIERS + CAP.format(id="cap_a") + exclusion)], ON) == 1
    policy = _policy(tmp_path, registry, TIERS + CAP.format(id="cap_a") + exclusion, readings)
    assert depth([policy], ON) == 2  # as read, one cap; with the other alternative, two


class Ranked:
    """A plugin whose rule kind does not say what one person's outcome reads (``rows`` left None)."""

    @vnpolicy.hookimpl
    def vnpolicy_rule_kinds(self, register):
        class Ranking(Exclusion):
            name = "ranking"
            rows = None

        class Noting(Ranking):  # reports about people (shown to them), reading who knows what
            name = "noting"
            reports_only = True

        class Counting(Noting):  # reports about units only: not assessed for one person
            name = "counting"
            about_units = True

        register(Ranking())
        register(Noting())
        register(Counting())


def _registry(plugin, name):
    pm = manager.make_manager(load_entrypoints=False)
    pm.register(plugin, name=name)
    return manager.build_registry(pm)


def test_a_plugin_s_kind_that_does_not_say_what_it_reads_reaches_everyone(tmp_path):
    registry = _registry(Ranked(), "ranked")
    ranked = "- {id: xep, kind: ranking, when: 'false', citation: Điều 3, message: Xếp hạng}\n"
    assert depth([_policy(tmp_path, registry, TIERS + ranked)], ON) is None
    assert depth([_policy(tmp_path, registry, TIERS)], ON) == 0
    assert depth([*api.policies(), _policy(tmp_path, registry, TIERS + ranked)], ON) is None
    noting = ranked.replace("ranking", "noting")
    assert depth([_policy(tmp_path, registry, TIERS + noting)], ON) is None
    assert depth([_policy(tmp_path, registry, TIERS + noting.replace("noting", "counting"))], ON) == 0


def test_a_plugin_s_function_or_derived_field_reaches_everyone(tmp_path):
    """``test/extra`` calls the plugin's function ``always()`` and reads its derived field ``systems_count``
    (either may read other people's rows); the same policy reading neither reaches no one."""
    registry = _registry(Extra(tmp_path), "extra")
    library = load_library(registry)
    assert depth([library["test/extra"]], ON) is None
    path = tmp_path / "extra.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" and always()", ""), encoding="utf-8")
    assert depth([load_policy(path, registry, "extra")], ON) is None  # systems_count still
    path.write_text(text.replace("systems_count >= 2", "it_role == 'chuyen_trach'"), encoding="utf-8")
    assert depth([load_policy(path, registry, "extra")], ON) is None  # always() still
    path.write_text(
        text.replace(" and always()", "").replace("systems_count >= 2", "it_role == 'chuyen_trach'"), encoding="utf-8"
    )
    assert depth([load_policy(path, registry, "extra")], ON) == 0


def _derived(dataset, on, sid, registry):
    """{derived field of the core: its value for ``sid``} over ``dataset`` on ``on``."""
    from vnpolicy.rules.derived import CORE, Context

    context, out = Context(dataset, on), {}
    staff = dataset.staff_view()
    for name, spec in sorted(registry.derived.items()):
        if registry.owners[("derived field", name)] not in CORE:
            continue
        values = context.derived(name, spec)
        if isinstance(values, pl.Expr):
            column = context.derived_column(name, values)
            out[name] = column.filter(staff["id"] == sid).to_list()
        else:
            found = values.filter(pl.col("id") == sid)[name].to_list()
            out[name] = found or [spec.default]
    return out


def test_the_core_s_derived_fields_read_a_person_s_own_rows(cli, tmp_path):
    """explain's part holds no one of a person's unit but those sharing their systems: each derived field of
    the core, computed over the person's own rows alone (no shared system), gives them what it gives them over
    the whole dataset."""
    assert cli("generate", "--staff", "400", "--seed", "2", tmp_path / "ds").exit_code == 0
    registry = manager.registry()
    for path in (SAMPLE, tmp_path / "ds"):
        whole = api.dataset(path)
        for on in (dt.date(2024, 6, 30), ON):
            for sid in whole.table("staff")["id"].to_list()[::13]:
                alone = api.dataset(path, person=sid, depth=0)
                assert alone.table("staff").height == 1
                assert _derived(alone, on, sid, registry) == _derived(whole, on, sid, registry), (path, on, sid)
