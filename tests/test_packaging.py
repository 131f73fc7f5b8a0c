"""What is in the repository is in the wheel: every module and subpackage of core/ and plugins/, the
schemas, the policies. pyproject lists packages by name (the folders are renamed on install), so a new
subpackage left out of that list would install without it; building the wheel here catches that."""

import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

INSTALLED_AS = {"core": "vnpolicy", "plugins": "vnpolicy/plugins", "policies": "vnpolicy/policies"}
SHIPPED = ("*.py", "*.json", "*.yaml")


def test_the_wheel_holds_every_module_schema_and_policy(tmp_path):
    # built from a copy: an in-tree build/ folder left by an earlier build would hide a missing package
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", "tests", "benchmarks"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("vnpolicy-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"{INSTALLED_AS[folder]}/{path.relative_to(ROOT / folder).as_posix()}"
        for folder in INSTALLED_AS
        for pattern in SHIPPED
        for path in (ROOT / folder).rglob(pattern)
        if "__pycache__" not in path.parts
    }
    assert "vnpolicy/rules/kinds/tiers.py" in expected and "vnpolicy/policies/laocai/nq12-2025.yaml" in expected
    assert sorted(expected - names) == []
