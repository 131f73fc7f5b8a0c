"""The terminal table stays readable on a large dataset: the totals, the first rows of each section, and a
line saying how many more there are and which formats hold them all; ``--all`` prints every row, and a table
written to a file is whole."""

import datetime as dt
import re

import pytest

from conftest import ROOT, SAMPLE
from vnpolicy import api
from vnpolicy.reports import text

ON = "2026-01-01"
MORE = re.compile(
    r"^ ?… còn ([\d.]+) (người|phát hiện|dòng) nữa; -f csv/json/xlsx/parquet hoặc --all để xem hết$", re.M
)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A generated dataset of a few thousand people (more than SHOWN in every large section)."""
    from typer.testing import CliRunner

    from vnpolicy.cli import app

    folder = tmp_path_factory.mktemp("large") / "staff"
    done = CliRunner().invoke(app, ["generate", str(folder), "--staff", "1500"])
    assert done.exit_code == 0, done.output
    return folder


def sections(table):
    """Each policy's section of an assessment table, by policy id (the per-person table left out)."""
    parts = re.split(r"^== (\S+): .*$", table.split("\n== Theo từng người")[0], flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_a_large_assessment_shows_the_first_rows_and_says_how_many_more(cli, large):
    shown = cli("assess", large, "--on", ON)
    assert shown.exit_code == 0, shown.output
    whole = cli("assess", large, "--on", ON, "--all")
    assert whole.exit_code == 0, whole.output
    assert not MORE.search(whole.stdout) and len(whole.stdout) > len(shown.stdout)
    result, _ = api.run(large, dt.date.fromisoformat(ON))
    cut, totalled = 0, 0
    for outcome in result.outcomes:
        part = sections(shown.stdout)[outcome.policy.id]
        people = outcome.outcomes.height
        # the totals stay whole: the same lines as with --all
        totals = [line for line in part.splitlines() if line.startswith("Tổng: ")]
        all_rows = sections(whole.stdout)[outcome.policy.id]
        assert totals == [line for line in all_rows.splitlines() if line.startswith("Tổng: ")]
        totalled += len(totals)
        said = [m for m in MORE.finditer(part) if m.group(2) == "người"]
        if people > text.SHOWN:
            cut += 1
            assert int(said[0].group(1).replace(".", "")) == people - text.SHOWN, outcome.policy.id
            # exactly SHOWN rows of people: the last one shown is the SHOWN-th of the whole table
            last, following = outcome.outcomes["staff_id"][text.SHOWN - 1 : text.SHOWN + 1]
            assert re.search(rf"^{last}  ", part, re.M) and not re.search(rf"^{following}  ", part, re.M)
            assert re.search(rf"^{following}  ", all_rows, re.M)  # which --all shows
        else:
            assert not said
    assert cut >= 3 and totalled >= 5  # the dataset is large enough for the test to mean something
    everyone = shown.stdout.split("\n== Theo từng người")[1]
    said = MORE.findall(everyone)
    assert len(said) == 1 and int(said[0][0].replace(".", "")) == result.people.height - text.SHOWN


def test_a_large_comparison_lists_the_first_people_in_english(cli, large):
    shown = cli("compare", large, "--on", ON, "--lang", "en")
    assert shown.exit_code == 0, shown.output
    more = re.findall(
        r"^… ([\d,]+) more people; use -f csv/json/xlsx/parquet or --all to see them all$", shown.stdout, re.M
    )
    assert len(more) == 1 and int(more[0].replace(",", "")) > 1000
    people = shown.stdout.split("\n== Per person\n", 1)[1]
    assert len(re.findall(r"^\S+  ", people, re.M)) == text.SHOWN  # a block a person, SHOWN of them


def test_the_limit_cuts_a_comparison_and_all_restores_it(cli, monkeypatch):
    """The sample is under the limit (its goldens do not change); with a limit of 5 the same code cuts it,
    and --all gives the table as it always was."""
    monkeypatch.chdir(ROOT)
    args = ("compare", "examples/sample", "--on", "2026-06-01")
    before = cli(*args)
    assert before.exit_code == 0, before.output
    assert not MORE.search(before.stdout)
    people = len(re.findall(r"^\S+  ", before.stdout.split("\n== Từng người\n")[1], re.M))
    monkeypatch.setattr(text, "SHOWN", 5)
    cut = cli(*args)
    assert f"\n… còn {people - 5} người nữa; -f csv/json/xlsx/parquet hoặc --all để xem hết\n" in cut.stdout
    assert len(re.findall(r"^\S+  ", cut.stdout.split("\n== Từng người\n")[1], re.M)) == 5
    assert cli(*args, "--all").stdout == before.stdout


def test_the_sample_is_not_cut_and_a_table_file_is_whole(cli, tmp_path, monkeypatch):
    out = cli("assess", SAMPLE, "--on", ON).stdout
    assert not MORE.search(out) and "laocai/nq12-2025" in out
    monkeypatch.setattr(text, "SHOWN", 5)
    assert cli("assess", SAMPLE, "--on", ON, "-o", tmp_path / "whole.txt").exit_code == 0
    assert (tmp_path / "whole.txt").read_text(encoding="utf-8") == out
