"""A mistyped command line is one line on stderr, Vietnamese first, with the closest option, choice or
command, and exit code 2 — not typer's three lines of English usage text."""

import os
import subprocess
import sys

import pytest

from conftest import SAMPLE

CASES = [
    (
        ("assess", SAMPLE, "--reasons", "dciding"),
        "lỗi: --reasons: gặp 'dciding', cần một trong: all, deciding, none (có phải deciding?) / not one of the",
    ),
    (
        ("compare", SAMPLE, "-f", "parket"),
        "lỗi: --format/-f: gặp 'parket', cần một trong:",
    ),
    (
        ("assess", SAMPLE, "--reson", "all"),
        "lỗi: vnpolicy assess: không có tuỳ chọn --reson (có phải --reasons?); xem vnpolicy assess --help",
    ),
    (("asess", SAMPLE), "lỗi: vnpolicy: không có lệnh 'asess' (có phải assess?); xem vnpolicy --help"),
    (("assess",), "lỗi: vnpolicy assess: thiếu DATASET; xem vnpolicy assess --help / missing DATASET"),
    (("assess", SAMPLE, "extra"), "lỗi: vnpolicy assess: dòng lệnh không hợp lệ: Got unexpected extra argument"),
]


@pytest.mark.parametrize("args, said", CASES)
def test_one_line_with_the_closest(cli, args, said):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(said), result.output
    assert "Usage:" not in result.output and "Traceback" not in result.output


def test_help_and_a_good_command_line_are_as_before(cli, tmp_path):
    assert cli("--help").exit_code == 0 and "Usage: " in cli("--help").output
    assert cli().output.startswith("Usage: ")  # ``vnpolicy`` alone: the help
    result = cli("assess", SAMPLE, "--on", "2025-12-01", "-o", tmp_path / "r.json")
    assert result.exit_code == 0 and (tmp_path / "r.json").exists()


def test_the_installed_command_too():
    """The console script goes through the same group (one process, as a user types it)."""
    done = subprocess.run(
        [sys.executable, "-c", "from vnpolicy.cli import main; main()", "assess", str(SAMPLE), "-f", "bogus"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("lỗi: --format/-f:")


STOP_WHILE_LOADING = """import sys
class Stop:  # a Ctrl-C while the command's modules load (its first ~60 ms)
    def find_spec(self, name, path=None, target=None):
        if name == "vnpolicy.cli":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Stop())
"""


def test_a_ctrl_c_while_the_command_loads_ends_it_in_silence(tmp_path):
    from importlib.metadata import entry_points

    (tmp_path / "sitecustomize.py").write_text(STOP_WHILE_LOADING, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}

    def started(entry):
        code = f"import sys; from {entry} import main; sys.exit(main())"
        return subprocess.run([sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True)

    assert [e.value for e in entry_points(group="console_scripts", name="vnpolicy")] == ["vnpolicy.start:main"]
    stopped = started("vnpolicy.start")
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (130, "", "")
    assert "Traceback" in started("vnpolicy.cli").stderr  # what it was: the command loading at the script's top
