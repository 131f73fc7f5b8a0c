"""``vnpolicy new``: a new policy lands in the folder of the plugin that owns its province (or --into), with a
case file that passes and the editor's schema line; a new plugin installs with pip and works. Nothing that
exists is overwritten; a province no plugin owns, or a bad name, is one line."""

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import ROOT
from test_plugins import _install_dist
from test_schema_export import as_json
from vnpolicy.authoring.schemas import export_text
from vnpolicy.hooks import manager

BIN = Path(sys.executable).parent


def one_line(result):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    return lines[0]


def check_skeleton(policy, cases, schemas):
    """The two files begin with the schema line, pass the schemas written beside them, and are plainly lint
    clean: every parameter used, every rule and parameter cited, the reading example left as a comment."""
    for path, name in ((policy, "policy"), (cases, "case")):
        head = re.match(r"# yaml-language-server: \$schema=(\S+)\n", path.read_text(encoding="utf-8"))
        assert head and (path.parent / head.group(1)).resolve() == (schemas / f"{name}.schema.json").resolve()
        schema = json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert list(Draft7Validator(schema).iter_errors(as_json(path))) == []
    data = yaml.safe_load(policy.read_text(encoding="utf-8"))
    rules = json.dumps(data["rules"])
    assert data["parameters"] and all(f'"{name}"' in rules for name in data["parameters"])
    assert all(p.get("citation") for p in data["parameters"].values())
    assert all(r.get("citation") for r in data["rules"]) and data["applies_to"]["citation"]
    assert [r["kind"] for r in data["rules"]] == ["tiers"] and len(data["rules"][0]["tiers"][0]["conditions"]) == 1
    assert "\n# readings:\n" in policy.read_text(encoding="utf-8") and "readings" not in data


def test_a_new_policy_goes_to_the_plugin_that_owns_its_province(tmp_path, monkeypatch, cli):
    project = tmp_path / "tinh-thu"
    folder = project / "vnpolicy_thu" / "policies"
    folder.mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'vnpolicy-thu'\n", encoding="utf-8")
    (folder / "index.yaml").write_text("province: hagiang\ntitle: Thử\n", encoding="utf-8")
    code = (
        f"import vnpolicy\n\n@vnpolicy.hookimpl\ndef vnpolicy_policy_files(register):\n    register({str(folder)!r})\n"
    )
    _install_dist(tmp_path, monkeypatch, "vnpolicy_thu", code)
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "vnpolicy_thu")
    manager.registry.cache_clear()

    result = cli("new", "policy", "hagiang/qd01-2026")
    assert result.exit_code == 0, result.output
    policy, cases = folder / "qd01-2026.yaml", project / "tests" / "cases" / "hagiang" / "qd01-2026.yaml"
    assert f"đã ghi {policy}" in result.stdout and f"đã ghi {cases}" in result.stdout
    check_skeleton(policy, cases, project / "schemas")
    assert "policy_file" not in cases.read_text(encoding="utf-8")  # the installed policy is the one tested
    assert "Hội đồng nhân dân tỉnh Thử" in policy.read_text(encoding="utf-8")
    validated = cli("validate")
    assert validated.exit_code == 0 and "chính sách hagiang/qd01-2026 (0 cách hiểu" in validated.stdout
    tested = cli("test", cases)
    assert tested.exit_code == 0 and tested.stdout.endswith("3 passed, 0 failed\n"), tested.output
    # the skeleton lints clean, even strictly, and its cases cover it both ways
    linted = cli("lint", "--strict", policy)
    assert linted.exit_code == 0 and "0 lỗi, 0 cảnh báo" in linted.stdout, linted.output
    covered = cli("test", cases, "--fail-under", "100")
    assert covered.exit_code == 0, covered.output

    before = policy.read_text(encoding="utf-8")
    policy.write_text(before + "# sửa tay\n", encoding="utf-8")
    line = one_line(cli("new", "policy", "hagiang/qd01-2026"))
    assert "qd01-2026.yaml: tệp đã có, không ghi đè" in line
    assert policy.read_text(encoding="utf-8") == before + "# sửa tay\n"


def test_a_new_policy_into_a_folder_tests_itself_through_policy_file(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("new", "policy", "laocai/du-thao-2026", "--into", "drafts")
    assert result.exit_code == 0, result.output
    policy, cases = (
        tmp_path / "drafts" / "du-thao-2026.yaml",
        tmp_path / "tests" / "cases" / "laocai" / "du-thao-2026.yaml",
    )
    assert "policy_file: ../../../drafts/du-thao-2026.yaml" in cases.read_text(encoding="utf-8")
    check_skeleton(policy, cases, tmp_path / "schemas")
    assert (tmp_path / "schemas" / "policy.schema.json").read_text(encoding="utf-8") == export_text("policy")
    assert cli("validate", policy).exit_code == 0
    tested = cli("test", cases)
    assert tested.exit_code == 0 and tested.stdout.endswith("3 passed, 0 failed\n"), tested.output
    # the case fails when the policy stops saying what it expects
    policy.write_text(policy.read_text(encoding="utf-8").replace(": 1000000", ": 2000000"), encoding="utf-8")
    assert cli("test", cases).exit_code == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("policy", "hagiang/nq01-2026"),
            "chưa plugin nào đã cài nhận tỉnh 'hagiang': bắt đầu bằng vnpolicy new plugin",
        ),
        (("policy", "laocai"), "cần TỈNH/MÃ"),
        (("policy", "Lao Cai/x"), "cần TỈNH/MÃ"),
        (("plugin", "Hà Giang"), "tên plugin cần chữ thường"),
        (("plugin", "tinh2"), "--province"),
    ],
    ids=["unowned province", "no id", "not a code", "plugin name", "province from the name"],
)
def test_what_cannot_be_made_is_one_line(tmp_path, monkeypatch, cli, args, said):
    monkeypatch.chdir(tmp_path)
    assert said in one_line(cli("new", *args))
    assert list(tmp_path.iterdir()) == []


def _builds_without_isolation():
    """pip can build the plugin with what this environment has: setuptools 70.1 or later builds wheels itself,
    older needs the wheel package. Otherwise pip builds in isolation, fetching setuptools from its configured
    index, as tests/test_packaging.py does."""
    import importlib.util

    import setuptools

    version = tuple(int(part) for part in setuptools.__version__.split(".")[:2])
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


def test_a_new_plugin_installs_with_pip_and_works(tmp_path, cli):
    """One venv on top of this one (vnpolicy and its dependencies visible through a .pth file), the plugin
    installed into it with pip, then that venv's vnpolicy in subprocesses."""
    made = cli("new", "plugin", "hagiang", "--into", tmp_path)
    assert made.exit_code == 0, made.output
    project = tmp_path / "vnpolicy-hagiang"
    assert '[project.entry-points.vnpolicy]\nhagiang = "vnpolicy_hagiang"' in (project / "pyproject.toml").read_text()
    assert "Cài và kiểm tra" in (project / "README.md").read_text(encoding="utf-8")
    for args in (["check"], ["format", "--check"]):
        linted = subprocess.run(
            [BIN / "ruff", *args, "--config", ROOT / "pyproject.toml", project], capture_output=True
        )
        assert linted.returncode == 0, linted.stdout
    assert "pyproject.toml: tệp đã có, không ghi đè" in one_line(cli("new", "plugin", "hagiang", "--into", tmp_path))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    Path(site, "_vnpolicy_project.pth").write_text(f"import site; site.addsitedir({ours!r})\n", encoding="utf-8")
    install = [python, "-m", "pip", "install", "-q", "--no-deps", project]
    if _builds_without_isolation():
        install.append("--no-build-isolation")
    installed = subprocess.run(install, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    env = {**os.environ, "VNPOLICY_LOAD_PLUGINS": "laocai,daknong,vinhphuc,national,hagiang"}

    script = venv / "bin" / "vnpolicy"  # the console script pip writes when it installs vnpolicy itself
    script.write_text(f"#!{python}\nimport sys\nfrom vnpolicy.cli import main\nsys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)

    def vnpolicy(*args):
        return subprocess.run([script, *args], cwd=project, env=env, capture_output=True, text=True)

    plugins = vnpolicy("plugins")
    assert "hagiang 0.1.0: vnpolicy_policy_files\n" in plugins.stdout, plugins.stdout + plugins.stderr
    assert "\nhagiang/chinh-sach-mau\t" in "\n" + vnpolicy("policies").stdout
    validated = vnpolicy("validate")
    assert validated.returncode == 0 and "chính sách hagiang/chinh-sach-mau" in validated.stdout, validated.stderr
    assert str(site) in validated.stdout  # the installed copy, not the source folder
    tested = vnpolicy("test", "tests/cases")
    assert tested.returncode == 0 and tested.stdout.endswith("3 passed, 0 failed\n"), tested.stdout + tested.stderr
