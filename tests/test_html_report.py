"""The HTML report in a real browser: Debian's Chromium, headless. It renders with no console error, the
charts are drawn, the search filters the per-person table, it prints on A4, and a screenshot of it is a
page with content (compared with a blank page's screenshot taken the same way)."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def _chromium(tmp_path, *args):
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from typer.testing import CliRunner

    from vnpolicy.cli import app

    path = tmp_path_factory.mktemp("html") / "so-sanh.html"
    os.environ["VNPOLICY_LOAD_PLUGINS"] = "laocai,daknong,vinhphuc,national"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(SAMPLE),
            "--on",
            "2025-12-01",
            "--set",
            "laocai/nq12-2025.amount_nhom_3=1500000",
            "-o",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    return path


def _console_errors(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line and re.search(r"error|uncaught", line, re.I)]


def test_renders_with_charts_and_no_console_errors(report, tmp_path):
    result = _chromium(tmp_path, "--dump-dom", report.as_uri())
    dom = result.stdout
    assert 'data-ready="1"' in dom, "the page's script did not run to its end"
    assert not re.search(r"<html[^>]*data-errors", dom) and not _console_errors(result.stderr), _console_errors(
        result.stderr
    )
    assert (
        "<script src" not in dom
        and "<link" not in dom
        and "http://" not in dom.replace("http://www.w3.org/2000/svg", "")
    ), "the page must need no network"
    assert (
        len(re.findall(r'<svg class="chart"', dom)) >= 4
    )  # cost by group (monthly, one-time), compliance, reform, targets
    assert len(re.findall(r'<rect class="bar"', dom)) >= 20
    assert "Tổng hợp theo tỉnh" in dom and "98.200.000 đ" in dom and "99.400.000 đ" in dom


def test_search_filters_the_per_person_table(report, tmp_path):
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri() + "#q=L03").stdout
    rows = re.findall(r'<tr( style="display: none;")?><td>([A-Z]\d+)</td>', dom.split('id="people"')[1])
    shown = [sid for hidden, sid in rows if not hidden]
    assert shown == ["L03"] and len(rows) > 40
    assert '<span id="shown">1</span>' in dom


def test_prints_on_a4(report, tmp_path):
    pdf = tmp_path / "so-sanh.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) > 1 and all(abs(float(w) - 595.9) < 1 and abs(float(h) - 842.9) < 1 for w, h in boxes)


def test_screenshot_shows_a_page_with_content(report, tmp_path):
    shot, blank = tmp_path / "report.png", tmp_path / "blank.png"
    empty = tmp_path / "blank.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    for page, png in ((report, shot), (empty, blank)):
        _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2400", page.as_uri())
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10 * blank.stat().st_size
