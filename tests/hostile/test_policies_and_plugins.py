"""Hostile input on the policy side: policy, case and reform files with a misspelt key, impossible dates,
plugins that fail at import or inside a hook, an edited policy that is not the one installed, a bug. Each
case: the exit code, one stderr line per problem naming the place, no traceback."""

import json
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from vnpolicy.hooks import manager

NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"
REFORM = ROOT / "examples" / "reforms" / "nq12-nhom3-2026.yaml"
CASES = ROOT / "tests" / "cases" / "laocai" / "thue-chuyen-gia.yaml"


def one_line(result, code=1):
    """The run failed with ``code``, said so in exactly one stderr line, and showed no traceback."""
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def edited(tmp_path, source, old, new, name=None):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / (name or source.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- a misspelt key is an error naming the line and the key it resembles ------------------------------

CASE_KEYS = [
    ("    expect:\n", "    expected:\n", "'expected' (có phải 'expect'?)"),  # 2 passed, with a wrong amount
    ("    totals:", "    total:", "'total' (có phải 'totals'?)"),
    ("policy: laocai/thue-chuyen-gia\n", "policy: laocai/thue-chuyen-gia\npolcy: x\n", "'polcy' (có phải 'policy'?)"),
    ("{outcome: eligible", "{outcom: eligible", "'outcom' (có phải 'outcome'?)"),
]


@pytest.mark.parametrize(("old", "new", "said"), CASE_KEYS, ids=[c[1].strip()[:12] for c in CASE_KEYS])
def test_a_case_file_with_a_misspelt_key_is_an_error(tmp_path, cli, old, new, said):
    line = one_line(cli("test", edited(tmp_path, CASES, old, new)))
    assert said in line and "thue-chuyen-gia.yaml:" in line


def test_a_misspelt_no_findings_key_no_longer_passes_unchecked(tmp_path, cli):
    source = ROOT / "tests" / "cases" / "daknong" / "qd02-2017.yaml"
    path = edited(tmp_path, source, "no_findings: [{code:", "no_findings: [{cod:")
    path.write_text(path.read_text(encoding="utf-8").replace("policy_file: ", "policy_file: "), encoding="utf-8")
    assert "'cod' (có phải 'code'?)" in one_line(cli("test", path))


def test_a_policy_with_a_misspelt_key_is_one_line_in_both_languages(tmp_path, cli):
    path = edited(tmp_path, NQ12, "\ntitle:", "\ntitel: x\ntitle:")
    line = one_line(cli("validate", path))
    assert "nq12-2025.yaml:" in line and "'titel' (có phải 'title'?)" in line
    assert "unknown key 'titel' (did you mean 'title'?)" in line


def test_a_reform_with_a_misspelt_key_is_an_error(tmp_path, cli):
    path = edited(tmp_path, REFORM, "    remove_rules:", "    remove_rule:")
    line = one_line(cli("compare", SAMPLE, "--on", "2026-02-01", "--reform", path))
    assert "'remove_rule' (có phải 'remove_rules'?)" in line and "nq12-nhom3-2026.yaml:" in line


@pytest.mark.parametrize("day", ["2025-13-01", "2025-02-30"])
def test_a_policy_with_an_impossible_date_is_one_line(tmp_path, cli, day):
    line = one_line(cli("validate", edited(tmp_path, NQ12, "2025-07-01: 5400000", f"{day}: 5400000")))
    assert "nq12-2025.yaml:" in line


def test_an_impossible_date_in_a_case_file_is_one_line(tmp_path, cli):
    line = one_line(cli("test", edited(tmp_path, CASES, "as_of: 2025-12-01", "as_of: 2025-02-30")))
    assert "thue-chuyen-gia.yaml" in line


# --- plugins cannot break the host --------------------------------------------------------------------


def install(tmp_path, monkeypatch, name, code):
    """A plugin found the way pip would install it: a module and an entry point in the vnpolicy group."""
    dist = tmp_path / f"{name}-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[vnpolicy]\n{name} = {name}\n", encoding="utf-8")
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", f"laocai,national,{name}")
    manager.registry.cache_clear()


def test_a_plugin_that_fails_at_import_is_named_and_vnpolicy_plugins_goes_on(tmp_path, monkeypatch, cli):
    install(tmp_path, monkeypatch, "hong_import", "raise RuntimeError('thiếu thư viện xyz')\n")
    line = one_line(cli("assess", SAMPLE, "--on", "2025-12-01"))
    assert "plugin 'hong_import'" in line and "thiếu thư viện xyz" in line
    result = cli("plugins")
    assert result.exit_code == 0 and "vnpolicy.plugins.laocai" in result.stdout
    assert "cảnh báo: plugin 'hong_import'" in result.stderr and "Traceback" not in result.output


def test_a_plugin_that_fails_inside_a_hook_is_named(tmp_path, monkeypatch, cli):
    code = """
        import vnpolicy

        @vnpolicy.hookimpl
        def vnpolicy_expression_functions(register):
            raise ValueError("sai cấu hình")
    """
    install(tmp_path, monkeypatch, "hong_hook", code)
    line = one_line(cli("validate"))
    assert "plugin 'hong_hook'" in line and "vnpolicy_expression_functions" in line and "sai cấu hình" in line
    result = cli("plugins")
    assert result.exit_code == 0 and "vnpolicy.plugins.laocai" in result.stdout and "hong_hook" in result.stderr


def test_a_plugin_whose_derived_field_fails_while_assessing_is_named(tmp_path, monkeypatch, cli):
    code = """
        import vnpolicy

        def _boom(ctx):
            raise ZeroDivisionError("chia cho 0")

        @vnpolicy.hookimpl
        def vnpolicy_derived_fields(register):
            register(vnpolicy.DerivedField("hong_field", vnpolicy.BOOL, _boom, "hỏng", "broken"))
    """
    install(tmp_path, monkeypatch, "hong_derived", code)
    policy = edited(tmp_path, NQ12, "id: laocai/nq12-2025", "id: thu/hong", name="hong.yaml")
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("when: it_role == 'chuyen_trach' or", "when: hong_field or", 1),
        encoding="utf-8",
    )
    line = one_line(cli("assess", SAMPLE, "--on", "2025-12-01", "--policy-file", policy, "-p", "thu/hong"))
    assert "plugin 'hong_derived'" in line and "'hong_field'" in line and "chia cho 0" in line


# --- which copy of a policy is used -------------------------------------------------------------------


def test_an_edited_copy_under_policies_is_named_and_can_be_used(tmp_path, monkeypatch, cli):
    (tmp_path / "policies" / "laocai").mkdir(parents=True)
    same = tmp_path / "policies" / "laocai" / "nq12-2025.yaml"
    same.write_bytes(NQ12.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert "chú ý" not in cli("validate").output  # the same text: nothing to say
    same.write_text(NQ12.read_text(encoding="utf-8").replace("2025-07-01: 5400000", "2025-07-01: 5500000"))
    result = cli("validate")
    assert result.exit_code == 0 and "chú ý: chính sách laocai/nq12-2025: dùng bản đã cài" in result.stdout
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "-f", "json")
    assert result.exit_code == 0 and "--policy-file" in result.stderr
    amounts = {r["amount_vnd"] for r in json.loads(result.stdout)["results"]}
    assert 5400000 in amounts and 5500000 not in amounts
    args = ("assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "-f", "json", "--policy-file", same)
    result = cli(*args)
    assert result.exit_code == 0 and "chú ý" not in result.stderr
    assert 5500000 in {r["amount_vnd"] for r in json.loads(result.stdout)["results"]}
    # a --policy-file from elsewhere is used on purpose: it is not "the installed copy" beside ./policies/
    other = tmp_path / "khac.yaml"
    other.write_text(NQ12.read_text(encoding="utf-8").replace("2025-07-01: 5400000", "2025-07-01: 5600000"))
    result = cli(*args[:-1], other)
    assert result.exit_code == 0 and "chú ý" not in result.stderr
    assert 5600000 in {r["amount_vnd"] for r in json.loads(result.stdout)["results"]}


# --- a bug is one line too ----------------------------------------------------------------------------


def test_an_internal_error_is_one_line_and_a_flag_shows_the_traceback(monkeypatch, cli):
    from vnpolicy import api

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'x'")

    monkeypatch.setattr(api, "run", broken)
    line = one_line(cli("assess", SAMPLE, "--on", "2025-12-01"), code=2)
    assert "lỗi nội bộ" in line and "VNPOLICY_DEBUG=1" in line
    monkeypatch.setenv("VNPOLICY_DEBUG", "1")
    assert isinstance(cli("assess", SAMPLE, "--on", "2025-12-01").exception, AttributeError)


# --- the same through the real command (a subprocess: what a shell sees) ------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["test", "CASE"], "'expected' (có phải 'expect'?)"),
        (["assess", str(SAMPLE), "--on", "2025-13-01"], "--on '2025-13-01'"),
    ],
    ids=["misspelt-case-key", "impossible-date-option"],
)
def test_the_installed_command_says_it_in_one_line(tmp_path, args, said):
    import subprocess

    case = edited(tmp_path, CASES, "    expect:\n", "    expected:\n")
    command = [str(Path(sys.executable).parent / "vnpolicy"), *[str(case) if a == "CASE" else a for a in args]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], done.stderr


def test_a_reader_that_stops_early_is_no_error(monkeypatch, cli):
    """``vnpolicy policies | head -1``: writing to a pipe whose reader has gone raises BrokenPipeError; the
    command stops quietly (exit 1, nothing on stderr), not with an "internal error"."""
    from vnpolicy import api

    def gone(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(api, "policies", gone)
    result = cli("policies")
    assert result.exit_code == 1 and result.stderr == "" and "Traceback" not in result.output


def test_a_case_file_naming_a_missing_policy_file_is_one_line(tmp_path, cli):
    case = edited(
        tmp_path, CASES, "policy: laocai/thue-chuyen-gia\n", "policy: laocai/thue-chuyen-gia\npolicy_file: nhap.yaml\n"
    )
    result = cli("test", case)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nhap.yaml: không đọc được tệp chính sách / cannot read the policy file" in result.output
    assert "lỗi nội bộ" not in result.output
