"""The house keeps its shape: the layers of pyproject's import-linter contracts hold, ruff passes, core/ has
only its subpackages and the few modules every layer needs, and no module grows past what one reads in a
sitting. CI runs these with the rest of the tests."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CORE = ROOT / "core"
BIN = Path(sys.executable).parent
TOP_LEVEL = {"__init__.py", "errors.py", "i18n.py"}
MAX_LINES = 400


def tool(name):
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed: pip install '.[test]'")
    return str(path)


def lint_imports(cwd, env=None):
    return subprocess.run([tool("lint-imports"), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]])
def test_ruff_passes(args):
    result = subprocess.run(
        [tool("ruff"), *args, "core", "plugins", "tests", "benchmarks", "examples"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _copy_of_the_package(tmp_path):
    """core/ copied as an importable ``vnpolicy`` with pyproject's contracts beside it."""
    shutil.copytree(CORE, tmp_path / "vnpolicy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {"PATH": str(BIN), "PYTHONPATH": str(tmp_path), "HOME": str(tmp_path)}
    return tmp_path / "vnpolicy", env


def test_an_import_running_up_breaks_the_contracts(tmp_path):
    package, env = _copy_of_the_package(tmp_path)
    kept = lint_imports(tmp_path, env)
    assert kept.returncode == 0, kept.stdout + kept.stderr  # the copy, unchanged, is read and passes
    engine = package / "rules" / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\nfrom ..reports import text  # noqa\n", encoding="utf-8")
    broken = lint_imports(tmp_path, env)
    assert broken.returncode != 0
    assert "Layers of core" in broken.stdout and "BROKEN" in broken.stdout
    assert "vnpolicy.rules.engine -> vnpolicy.reports.text" in broken.stdout
    assert "3 kept, 2 broken" in broken.stdout  # the layers and "rules and data never import the reports"


def test_a_writer_reading_rule_internals_breaks_the_contracts(tmp_path):
    package, env = _copy_of_the_package(tmp_path)
    csvfile = package / "reports" / "csvfile.py"
    csvfile.write_text(
        csvfile.read_text(encoding="utf-8") + "\nfrom ..rules.kinds import tiers  # noqa\n", encoding="utf-8"
    )
    broken = lint_imports(tmp_path, env)
    assert broken.returncode != 0 and "Writers know nothing of rule internals" in broken.stdout
    assert "4 kept, 1 broken" in broken.stdout


def test_core_holds_subpackages_and_the_modules_every_layer_needs():
    assert {p.name for p in CORE.glob("*.py")} == TOP_LEVEL
    for package in (p for p in CORE.rglob("__init__.py") if p.parent != CORE):
        doc = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
        assert doc and "mport" in doc, f"{package.relative_to(ROOT)}: say what it owns and what it may import"


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = {
        str(p.relative_to(ROOT)): n
        for p in CORE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_each_contract_s_result_stays_on_its_line():
    """lint-imports prints a contract's name and KEPT or BROKEN on one line, wrapped at the terminal's width: a
    name too long for 80 columns leaves KEPT alone on the next line, where it reads as a contract of its own."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    for contract in contracts["contracts"]:
        assert len(f"{contract['name']} BROKEN") < 80, contract["name"]
