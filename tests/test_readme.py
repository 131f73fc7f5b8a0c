"""The README opens with the two commands a newcomer runs; CI runs the second one."""

import re

from conftest import ROOT


def commands():
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_opens_with_main_job_and_tests():
    main, tests = commands()[:2]
    assert "vnpolicy compare examples/sample" in main and "pip install -q ." in main
    assert "-o reports/so-sanh.html" in main and "-o reports/so-sanh.xlsx" in main and "--reform" in main
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci
