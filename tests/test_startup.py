"""Start-up: the command imports the heavy libraries only where a command needs them, and policies read and
checked once are taken from a cache (keyed by the file's bytes, vnpolicy and the plugins) — an edited
policy is read again, a broken cache entry is ignored and rewritten, and a cached load changes no result."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from vnpolicy.errors import PolicyError
from vnpolicy.hooks.manager import build_registry, make_manager, registry
from vnpolicy.rules import policy as policy_module
from vnpolicy.rules import policy_cache
from vnpolicy.rules.policy import load_policy

NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"
HEAVY = ("polars", "jsonschema", "cerberus", "openpyxl", "numpy", "pydantic", "duckdb")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNPOLICY_CACHE", str(folder))
    return folder


def entries(folder):
    return sorted((folder / "policies").glob("*.json")) if (folder / "policies").is_dir() else []


def no_parsing(monkeypatch):
    """From here on, reading a policy's YAML fails the test: what loads comes from the cache."""

    def parsed(*args, **kwargs):
        raise AssertionError("the policy was parsed again, not taken from the cache")

    monkeypatch.setattr(policy_module, "load_with_lines", parsed)


def test_the_command_and_its_help_import_no_heavy_library():
    code = (
        "import sys; sys.argv = ['vnpolicy', '--help']\n"
        "import vnpolicy.cli\n"
        "try:\n    vnpolicy.cli.main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_tests_never_write_the_users_cache():
    assert policy_cache.folder() is not None
    assert not policy_cache.folder().is_relative_to(Path.home() / ".cache")


def test_a_cached_load_gives_the_same_assessment(cli, cache, monkeypatch):
    args = ("assess", SAMPLE, "--on", "2025-12-01", "--lang", "en")
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert len(entries(cache)) == 8  # every bundled policy, checked, kept
    with monkeypatch.context() as patch:
        no_parsing(patch)
        cached = cli(*args)
    assert cached.exit_code == 0, cached.output
    monkeypatch.setenv("VNPOLICY_CACHE", "off")
    uncached = cli(*args)
    assert first.stdout == cached.stdout == uncached.stdout
    assert "laocai/nq12-2025" in cached.stdout and "Total: " in cached.stdout


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("VNPOLICY_CACHE", "off")
    load_policy(NQ12, registry())
    assert policy_cache.folder() is None and not cache.exists()


def test_an_edited_policy_is_read_again(tmp_path, cache, monkeypatch):
    copy = tmp_path / "nq12.yaml"
    copy.write_text(NQ12.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_policy(copy, registry()).parameters["amount_nhom_1"].values[0][1] == 5400000
    copy.write_text(copy.read_text(encoding="utf-8").replace("5400000", "5500000", 1), encoding="utf-8")
    assert load_policy(copy, registry()).parameters["amount_nhom_1"].values[0][1] == 5500000
    assert len(entries(cache)) == 2
    # and an error made in the edit is said, as without a cache; nothing is kept for it
    copy.write_text(copy.read_text(encoding="utf-8").replace("unit: vnd_per_month", "unit: vnd_a_month", 1))
    with pytest.raises(PolicyError, match="nq12.yaml:55: parameters.amount_nhom_1.unit"):
        load_policy(copy, registry())
    assert len(entries(cache)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b"not json at all",
        lambda b: b.replace(b"5400000", b"5400001", 1),  # a value changed: its hash no longer matches
        lambda b: b.split(b"\n", 1)[0] + b"\n[]",  # the header of another content
        lambda b: b"",
    ],
    ids=["truncated", "garbage", "edited", "swapped", "empty"],
)
def test_a_broken_cache_entry_is_ignored_and_rewritten(cache, monkeypatch, damage):
    fresh = load_policy(NQ12, registry())
    (entry,) = entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    again = load_policy(NQ12, registry())
    assert again.data == fresh.data and again.lines == fresh.lines and again.names == fresh.names
    assert again.parameters["amount_nhom_1"].values[0][1] == 5400000
    assert entry.read_bytes() == good  # rewritten whole


def test_a_cached_policy_is_the_policy_read_from_its_file(cache, monkeypatch):
    fresh = load_policy(NQ12, registry(), plugin="vnpolicy.plugins.laocai")
    no_parsing(monkeypatch)
    cached = load_policy(NQ12, registry(), plugin="vnpolicy.plugins.laocai")
    for name in ("id", "data", "path", "lines", "plugin", "names", "in_effect"):
        assert getattr(cached, name) == getattr(fresh, name), name
    assert cached.parameters.keys() == fresh.parameters.keys()
    assert [p.values for p in cached.parameters.values()] == [p.values for p in fresh.parameters.values()]


def test_other_plugins_are_another_key(monkeypatch):
    content = NQ12.read_bytes()
    every = policy_cache.key(content, registry())
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "")  # the core only: other fields and functions
    core = policy_cache.key(content, build_registry(make_manager()))
    assert every != core
    assert policy_cache.key(content + b"\n", registry()) != every
    assert policy_cache.key(content, registry()) == every  # and the same inputs, the same key


def test_a_reading_checked_once_is_not_checked_again_and_gives_the_same_policy(cache, monkeypatch):
    from vnpolicy.rules.readings import variant

    fresh = variant(load_policy(NQ12, registry()), "lanh_dao_nhom_1", "moi_lanh_dao")
    assert fresh.in_effect["lanh_dao_nhom_1"] == "moi_lanh_dao" and (cache / "checked").is_dir()

    def checked(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(policy_module, "_checked", checked)
    cached = variant(load_policy(NQ12, registry()), "lanh_dao_nhom_1", "moi_lanh_dao")
    assert cached.data == fresh.data and cached.names == fresh.names and cached.in_effect == fresh.in_effect
    assert cached.parameters["nhom_1_moi_lanh_dao"].values == fresh.parameters["nhom_1_moi_lanh_dao"].values
    # data a check would refuse is never taken as checked: an unknown rule kind is still said
    monkeypatch.undo()
    broken = dict(fresh.data, rules=[*fresh.data["rules"], {**fresh.data["rules"][0], "kind": "no_such_kind"}])
    with pytest.raises(PolicyError, match="unknown rule kind"):
        policy_module.build_policy(broken, NQ12, fresh.lines, registry(), "", policy_module._failing(NQ12, {}))


def test_an_assessment_as_a_table_imports_no_workbook_writer_nor_pydantic():
    """The sample's ``assess`` on the terminal: xlsxwriter only for a workbook, pydantic never (typer < 0.29)."""
    code = (
        f"import sys; sys.argv = ['vnpolicy', 'assess', {str(SAMPLE)!r}, '--on', '2026-01-01']\n"
        "import vnpolicy.cli\n"
        "try:\n    vnpolicy.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('xlsxwriter', 'openpyxl', 'pydantic', 'duckdb') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert "laocai/nq12-2025" in done.stdout and lines[-1] == "[]"


def test_explain_on_the_terminal_is_the_text_the_letter_is_built_with(cli, tmp_path):
    """Without -o/-f, explain builds the text alone; it is the same text as when the letter is built too."""
    from vnpolicy import api

    args = (SAMPLE, "L14", None, (), (), "en")
    alone, text = api.letter(*args, document=False)
    document, with_letter = api.letter(*args)
    assert alone is None and document is not None and text == with_letter
    shown = cli("explain", SAMPLE, "L14", "--lang", "en")
    assert shown.exit_code == 0 and shown.stdout == text
    out = tmp_path / "thu.txt"
    assert cli("explain", SAMPLE, "L14", "--lang", "en", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == text


def test_explain_of_a_csv_dataset_from_the_cache_reads_no_yaml_nor_cerberus(cli, cache, tmp_path):
    """Policies from the cache, a CSV folder whose every value polars reads: neither PyYAML, cerberus nor
    jsonschema is imported (run from the project's folder: its ./policies/index.yaml is no policy to parse)."""
    assert cli("generate", "--staff", "300", "--seed", "5", tmp_path / "ds").exit_code == 0
    code = (
        f"import sys; sys.argv = ['vnpolicy', 'explain', {str(tmp_path / 'ds')!r}, 'NV0000100', '--on', '2025-12-01']\n"
        "import vnpolicy.cli\n"
        "try:\n    vnpolicy.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'cerberus', 'jsonschema') if m in sys.modules))"
    )
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert done.returncode == 0, done.stderr
    assert "NV0000100" in done.stdout and done.stdout.strip().splitlines()[-1] == "[]"
