"""``vnpolicy render``: a policy as a document legal staff read against its source — every bundled policy in HTML,
Markdown and text; NQ 12's document, groups, amounts, sentences, citations, readings and unknown values; the
page in Chromium (renders, prints on A4, asks the network for nothing, a screenshot with content); markup in a
policy's text escaped; English; by id and by file path."""

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT
from vnpolicy import api
from vnpolicy.authoring.render import render
from vnpolicy.authoring.words import Speaker
from vnpolicy.reports.output import document_text

NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def esc(text):
    return html.escape(str(text))


def citations(data):
    """Every ``citation`` string anywhere in a policy's YAML."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "citation" and isinstance(v, str)] + [
            c for v in data.values() for c in citations(v)
        ]
    return [c for v in data for c in citations(v)] if isinstance(data, list) else []


@pytest.fixture(scope="module")
def library():
    return {p.id: p for p in api.policies()}


@pytest.fixture(scope="module")
def nq12_html(library):
    return document_text(render(library["laocai/nq12-2025"], "vi"), "html")


def test_every_bundled_policy_renders_with_every_citation_and_every_expression_in_words(library):
    assert len(library) == 8
    for policy in library.values():
        for lang in ("vi", "en"):
            document = render(policy, lang)
            page, md, text = (document_text(document, f) for f in ("html", "md", "table"))
            assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
            assert md.startswith("# ") and text.startswith(policy.title(lang))
            raw = yaml.safe_load(policy.path.read_text(encoding="utf-8"))
            missing = [c for c in citations(raw) if esc(c) not in page]
            assert not missing, (policy.id, missing)
        speaker = Speaker.for_policy(policy)
        for rule in policy.data["rules"]:
            for _, expression, _ in policy.registry.rule_kinds[rule["kind"]].expressions(rule):
                assert not speaker.say(expression).verbatim, (policy.id, expression)


def test_nq12_document_groups_amounts_and_sentences(nq12_html):
    page = nq12_html
    assert "<td>12/NQ-HĐND</td>" in page and "Hội đồng nhân dân tỉnh Lào Cai" in page and "08/07/2025" in page
    assert "từ 01/07/2025, chưa có ngày hết hiệu lực" in page
    assert "Yên Bái (cũ) đã nhập vào tỉnh Lào Cai" in page  # the 2025 merger: the whole new province
    for group, amount in (("Nhóm 1", "5.400.000"), ("Nhóm 2", "3.600.000"), ("Nhóm 3", "900.000")):
        assert f'<strong class="strong">{group}</strong> — {amount} đ/tháng từ 01/07/2025' in page
    assert "vai trò CNTT là chuyên trách" in page
    assert "trình độ từ đại học trở lên và chuyên ngành là một trong: công nghệ thông tin, tin học" in page
    assert "cấp độ an toàn của hệ thống từ 3 đến 5" in page
    assert "Không áp dụng khi: đang hưởng hỗ trợ theo Nghị định 179/2025/NĐ-CP" in page
    assert "tối đa 2 người được chi trả" in page and "ngày được phân công sớm hơn, rồi mã cán bộ" in page
    # the sentences, never the expressions they are made from
    for raw in ("it_role == ", "education &gt;= min_education", "major in accepted_majors", "receives_nd179</"):
        assert raw not in page and raw not in html.unescape(page), raw


def test_nq12_readings_and_unknown_values(library, nq12_html):
    page, policy = nq12_html, library["laocai/nq12-2025"]
    readings = policy.data["readings"]
    assert len(readings) == 8
    for reading in readings.values():
        chosen = reading["alternatives"][reading["chosen"]]["label"]
        assert esc(reading["question"]["vi"]) in page
        assert f'<strong class="chosen">✓ {esc(chosen["vi"] if isinstance(chosen, dict) else chosen)}</strong>' in page
        assert esc(reading["why"]["vi"]) in page
    marked = re.findall(r'<mark class="unknown">⚠ ([^<]*)</mark>', page)
    for value in ("đại học", "công nghệ thông tin, tin học, an toàn thông tin, điện tử viễn thông", "hoàn thành tốt"):
        assert any(m.startswith(f"{value}") and "giả định, nguồn chưa quy định" in m for m in marked), value
    assert len(marked) >= 9  # in "to check", in the sentences of nhom_3, among the parameters


def test_a_policy_without_dates_or_number_says_so(library):
    page = document_text(render(library["laocai/thu-hut-cntt"], "vi"), "html")
    assert '<mark class="unknown">⚠ ngày chưa rõ, tạm coi từ 24/08/2022</mark>' in page
    assert "Số hiệu văn bản: <mark" in page and "không gồm Yên Bái (cũ)" in page
    assert "https://baolaocai.vn/" in page and "href" not in page  # the source's address is text, not a link
    daknong = document_text(render(library["daknong/qd02-2017"], "vi"), "html")
    assert (
        "chỉ các đơn vị thuộc Đắk Nông cũ" in daknong and "không áp dụng cho phần còn lại của tỉnh Lâm Đồng" in daknong
    )


def test_in_english(cli, tmp_path):
    out = tmp_path / "nq12.md"
    result = cli("render", "laocai/nq12-2025", "--lang", "en", "-o", out)
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Allowances for IT and digital-transformation staff")
    assert "**Group 1** — 5,400,000 VND a month from 01/07/2025" in md
    assert "IT role is full-time" in md and "education is university or higher" in md
    assert "**✓ Leaders must be full-time in IT too** — the chosen alternative" in md
    assert "**⚠ university (assumed, not given by the source)**" in md
    assert "vai trò CNTT" not in md and "Trích dẫn" not in md


def test_by_id_and_by_file_path_the_same_document(cli, tmp_path):
    by_id, by_path = tmp_path / "id.html", tmp_path / "path.html"
    assert cli("render", "laocai/nq12-2025", "-o", by_id).exit_code == 0
    assert cli("render", NQ12, "-o", by_path).exit_code == 0
    assert by_id.read_bytes() == by_path.read_bytes() and b"12/NQ-H" in by_id.read_bytes()
    shown = cli("render", NQ12)
    assert shown.exit_code == 0 and shown.output.startswith("Chính sách đãi ngộ") and "▸ Các nhóm" in shown.output
    unknown = cli("render", "laocai/nq13-2025")
    assert unknown.exit_code == 1 and "không có chính sách 'laocai/nq13-2025'" in unknown.output
    missing = cli("render", tmp_path / "none.yaml")
    assert missing.exit_code == 1 and "không tìm thấy" in missing.output
    wrong = cli("render", "laocai/nq12-2025", "-o", tmp_path / "r.xlsx")
    assert wrong.exit_code == 1 and "không ghi xlsx" in wrong.output and not (tmp_path / "r.xlsx").exists()


def test_a_plugins_kind_field_and_function(tmp_path):
    """A rule kind the renderer does not know is said through the expressions its kind declares; a plugin's
    field by its description; a plugin's function and an undescribed field as written."""
    from test_plugins import Extra
    from vnpolicy.hooks import manager
    from vnpolicy.rules.policy import load_library

    pm = manager.make_manager(load_entrypoints=False)
    pm.register(Extra(tmp_path), name="extra")
    policy = load_library(manager.build_registry(pm))["test/extra"]
    md = document_text(render(policy, "vi"), "md")
    assert "### ban: đoàn viên `ban_union`" in md and "- when: đoàn viên" in md
    assert "`systems_count` từ 2 trở lên" in md and "`always()`" in md


HOSTILE = "<script>alert(1)</script>"


def test_markup_in_a_policy_is_never_live(cli, tmp_path):
    text = NQ12.read_text(encoding="utf-8")
    for before, after in (
        ("  vi: Chính sách đãi ngộ", f"  vi: {HOSTILE} Chính sách đãi ngộ"),
        ("  number: 12/NQ-HĐND", f"  number: '12/NQ-HĐND {HOSTILE}'"),
        ("    vi: Trình độ đại học trở lên, đúng chuyên ngành\n", f"    vi: 'Trình độ {HOSTILE}'\n"),
        ("    description: Mức hỗ trợ nhóm 1", "    description: 'Mức <img src=x onerror=alert(2)> **đậm**'"),
        ("  citation: Nghị quyết 12/NQ-HĐND, đối tượng áp dụng\n", f'  citation: "Nghị quyết {HOSTILE}\\e[31m"\n'),
    ):
        assert before in text
        text = text.replace(before, after, 1)
    policy = tmp_path / "nq12.yaml"
    policy.write_text(text, encoding="utf-8")
    page, md = tmp_path / "r.html", tmp_path / "r.md"
    result = cli("render", policy, "-o", page, "-o", md)
    assert result.exit_code == 0, result.output
    page, md = page.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "\x1b" not in page
    assert page.count(esc(HOSTILE)) >= 4 and "&lt;img src=x onerror=alert(2)&gt; **đậm**" in page
    assert not re.search(r"(?<!\\)<", md) and "\\<script\\>alert(1)\\</script\\>" in md  # every < escaped
    assert "\\*\\*đậm\\*\\*" in md
    terminal = cli("render", policy).output
    assert HOSTILE in terminal and "\x1b" not in terminal  # the terminal shows the text; no escape sequence


# --- in a real browser ---------------------------------------------------------------------------------------


class _Outside(HTMLParser):
    """What in a page is not text: tags, and every attribute's value."""

    def __init__(self):
        super().__init__()
        self.tags, self.values = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.values += [f"{name}={value}" for name, value in attrs]


def in_chromium(page, tmp_path, pdf, net, shot=None):
    """``page`` (an HTML file) in headless Chromium, printed to ``pdf``, its network log in ``net`` and, with
    ``shot``, a screenshot: the finished run (its stdout is the DOM)."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--log-net-log={net}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            *([f"--screenshot={shot}", "--window-size=1280,2400"] if shot else []),
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def a4_pages(pdf):
    """The PDF's pages, each asserted A4: 595.28 × 841.89 points (Chromium writes 594.96 × 841.92); Letter,
    Chromium's default, would be 612 × 792."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes and all(abs(float(w) - 595.28) < 1.5 and abs(float(h) - 841.89) < 1.5 for w, h in boxes)
    return boxes


def page_requests(net_log):
    """The network requests a ``file://`` page made, from Chromium's net log (its own background calls aside)."""
    events = net_log["events"]
    start = net_log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in events
        if e["type"] == start
        and "file://" in e["params"].get("network_isolation_key", "")
        and not e["params"]["url"].startswith(("file:", "data:"))
    ]


def test_page_requests_finds_what_a_page_asks_for():
    start = {"logEventTypes": {"URL_REQUEST_START_JOB": 7}}
    asked = {"type": 7, "params": {"url": "http://x.invalid/a.png", "network_isolation_key": "file:// file://"}}
    own = {"type": 7, "params": {"url": "https://update.googleapis.com/", "network_isolation_key": "null null"}}
    assert page_requests({"constants": start, "events": [asked, own]}) == ["http://x.invalid/a.png"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_in_chromium_it_renders_prints_on_a4_asks_nothing_of_the_network_and_shows_content(nq12_html, tmp_path):
    page = tmp_path / "nq12.html"
    page.write_text(nq12_html, encoding="utf-8")
    outside = _Outside()
    outside.feed(nq12_html)
    assert not {"script", "link", "img", "iframe", "object", "embed", "a"} & set(outside.tags)
    assert "http-equiv=Content-Security-Policy" in outside.values and "content=default-src 'none'" in " ".join(
        outside.values
    )  # and were anything to slip in, the page may fetch nothing
    assert not [v for v in outside.values if re.search(r"https?:|//|url\(", v) and "Content-Security" not in v]
    assert not re.search(r"url\(|@import|https?://", nq12_html.split("</style>")[0].split("<style>")[1])
    pdf, shot, net = tmp_path / "nq12.pdf", tmp_path / "nq12.png", tmp_path / "net.json"
    result = in_chromium(page, tmp_path, pdf, net, shot)
    assert "<h1>Chính sách đãi ngộ" in result.stdout and "Nhóm 1" in result.stdout
    assert len(a4_pages(pdf)) > 2
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 100_000  # a blank page of this size is a few kB
    assert page_requests(json.loads(net.read_text(encoding="utf-8"))) == []
