"""``--record DB`` on assess and compare, and ``vnpolicy runs DB [show RUN | verify RUN]``: what was decided, in
an SQLite file any office tool opens; verify says whether the files still have their hashes and whether
re-running gives the stored results."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

from conftest import ROOT, SAMPLE

NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"


def installed_nq12():
    """The file the installed policy was read from (the repository's with pip install -e, else site-packages)."""
    from vnpolicy import api

    return api.policies(["laocai/nq12-2025"])[0].path


FIELDS = ("policy", "staff_id", "outcome", "group", "amount_vnd", "paid", "decision", "readings", "assumptions")


def stored(db, run_id=1):
    with sqlite3.connect(db) as c:
        cols = ", ".join(f'"{f}"' for f in FIELDS)
        rows = c.execute(f"SELECT {cols} FROM results WHERE run_id = ? ORDER BY seq", (run_id,)).fetchall()
    return [dict(zip(FIELDS, r)) for r in rows]


def from_json(path):
    """The JSON output's results, as the record stores them."""
    out = []
    for r in json.loads(path.read_text(encoding="utf-8"))["results"]:
        row = {k: r.get(k) for k in FIELDS}
        row["paid"] = None if row["paid"] is None else int(row["paid"])
        row["readings"] = json.dumps(row["readings"], ensure_ascii=False)
        row["assumptions"] = json.dumps(row["assumptions"], ensure_ascii=False)
        out.append(row)
    return out


def as_lists(rows):
    return [{**r, "readings": json.loads(r["readings"]), "assumptions": json.loads(r["assumptions"])} for r in rows]


def test_assess_records_the_run_and_runs_lists_shows_and_verifies_it(cli, tmp_path):
    db, out = tmp_path / "runs.db", tmp_path / "r.json"
    chosen = ("-p", "laocai/nq12-2025", "-p", "daknong/qd02-2017")
    result = cli("assess", SAMPLE, "--on", "2025-12-01", *chosen, "--record", db, "-o", out)
    assert result.exit_code == 0, result.output
    assert "đã ghi lần chạy 1 vào" in result.stderr
    # the stored results are the JSON output's, row for row, in the same order
    records = stored(db)
    assert len(records) > 30 and as_lists(records) == as_lists(from_json(out))
    with sqlite3.connect(db) as c:
        assert dict(c.execute("SELECT key, value FROM meta")) == {"schema": "vnpolicy-record", "version": "1"}
        run = c.execute("SELECT command, as_of, dataset_path, dataset_sha256, vnpolicy_version FROM runs").fetchone()
        nq12 = c.execute("SELECT path, sha256, totals FROM run_policies WHERE policy = 'laocai/nq12-2025'").fetchone()
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert run[:3] == ("assess", "2025-12-01", str(SAMPLE))
    assert len(run[3]) == 64 and run[4]
    assert nq12[0] == str(installed_nq12()) and nq12[1] == hashlib.sha256(installed_nq12().read_bytes()).hexdigest()
    totals = {t["policy"]: t for t in json.loads(out.read_text(encoding="utf-8"))["totals"]}
    assert json.loads(nq12[2]) == totals["laocai/nq12-2025"]

    listed = cli("runs", db, "--lang", "en")
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith("1\t") and "\tassess\t2025-12-01\t" in listed.output
    assert f"{len(records)} results" in listed.output

    shown = cli("runs", db, "show", "1", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    assert f"- laocai/nq12-2025 (in force) {installed_nq12()}" in shown.output
    assert hashlib.sha256(installed_nq12().read_bytes()).hexdigest() in shown.output
    assert f"dataset: {SAMPLE}" in shown.output and "on: 2025-12-01" in shown.output

    verified = cli("runs", db, "verify", "1", "--lang", "en")
    assert verified.exit_code == 0, verified.output
    assert f"same: laocai/nq12-2025 ({installed_nq12()})" in verified.output
    assert f"same: dataset {SAMPLE}" in verified.output
    assert verified.output.endswith(f"re-run: the same {len(records)} results\n")

    # a stored result that re-running does not give: verify says so
    with sqlite3.connect(db) as c:
        c.execute("UPDATE results SET amount_vnd = 1 WHERE seq = 3")
    tampered = cli("runs", db, "verify", "1", "--lang", "en")
    assert tampered.exit_code == 1 and f"re-run: 1 results differ ({len(records)} recorded" in tampered.output


def test_verify_fails_when_the_dataset_changed(cli, tmp_path, sample):
    db = tmp_path / "runs.db"
    assert cli("assess", sample, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "--record", db).exit_code == 0
    assert cli("runs", db, "verify", "1").exit_code == 0
    staff = sample / "staff.csv"
    staff.write_text(staff.read_text(encoding="utf-8").replace("Nguyễn Văn An", "Nguyễn Văn Ân"), encoding="utf-8")
    result = cli("runs", db, "verify", "1", "--lang", "en")
    assert result.exit_code == 1
    assert f"changed: dataset {sample} (sha256 " in result.output
    assert "same: laocai/nq12-2025" in result.output and "not re-run: the inputs changed" in result.output
    # a file added to the folder changes its hash too
    staff.write_text(staff.read_text(encoding="utf-8").replace("Nguyễn Văn Ân", "Nguyễn Văn An"), encoding="utf-8")
    (sample / "notes.txt").write_text("x", encoding="utf-8")
    assert cli("runs", db, "verify", "1").exit_code == 1


def test_verify_fails_when_a_policy_file_changed(cli, tmp_path):
    db, copy = tmp_path / "runs.db", tmp_path / "nq12.yaml"
    shutil.copy(NQ12, copy)
    args = ("assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/nq12-2025", "--policy-file", copy)
    assert cli(*args, "--record", db).exit_code == 0
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT path FROM run_policies").fetchall() == [(str(copy),)]
    assert cli("runs", db, "verify", "1").exit_code == 0
    copy.write_text(copy.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    result = cli("runs", db, "verify", "1", "--lang", "en")
    assert result.exit_code == 1
    assert f"changed: laocai/nq12-2025 ({copy}) (sha256 " in result.output
    assert f"same: dataset {SAMPLE}" in result.output


def test_compare_records_its_results_overrides_and_reform(cli, tmp_path):
    db, out = tmp_path / "runs.db", tmp_path / "c.json"
    reform = ROOT / "examples" / "reforms" / "nq12-nhom3-2026.yaml"
    setting = "laocai/thu-hut-cntt.accepted_majors=[cntt, tin_hoc]"
    result = cli(
        "compare", SAMPLE, "--provinces", "laocai", "--from", "2026-01", "--to", "2026-02",
        "--reform", reform, "--set", setting, "-o", out, "--record", db,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert as_lists(stored(db)) == as_lists(from_json(out))
    with sqlite3.connect(db) as c:
        run = c.execute("SELECT command, as_of, period_from, period_to, overrides, reform_sha256 FROM runs").fetchone()
        policies = [p for (p,) in c.execute("SELECT policy FROM run_policies ORDER BY policy")]
    assert run[:4] == ("compare", None, "2026-01", "2026-02")
    assert json.loads(run[4]) == [setting] and run[5] == hashlib.sha256(reform.read_bytes()).hexdigest()
    assert policies == sorted(p["id"] for p in json.loads(out.read_text())["policies"])
    shown = cli("runs", db, "show", "1", "--lang", "en")
    assert f"--reform: {reform}" in shown.output and "from: 2026-01" in shown.output and setting in shown.output
    verified = cli("runs", db, "verify", "1", "--lang", "en")
    assert verified.exit_code == 0, verified.output
    assert f"same: reform {reform}" in verified.output and "re-run: the same" in verified.output


def test_two_processes_recording_at_once_leave_a_sound_file_with_both_runs(tmp_path):
    db = tmp_path / "runs.db"
    env = {**os.environ, "VNPOLICY_LOAD_PLUGINS": "laocai,daknong,vinhphuc,national"}
    code = "from vnpolicy.cli import app; app(prog_name='vnpolicy')"
    chosen = ["-p", "laocai/nq12-2025"]
    command = [sys.executable, "-c", code, "assess", str(SAMPLE), "--on", "2025-12-01", *chosen, "--record", str(db)]
    writers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], errors
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        runs = c.execute("SELECT id, result_count FROM runs ORDER BY id").fetchall()
        counts = c.execute("SELECT run_id, count(*) FROM results GROUP BY run_id ORDER BY run_id").fetchall()
    assert [r[0] for r in runs] == [1, 2, 3] and counts == runs and runs[0][1] > 20
    assert sorted(e.decode().strip().rsplit(" ", 2)[0] for e in errors) == [f"đã ghi lần chạy {i}" for i in (1, 2, 3)]


def test_a_bad_database_is_one_line(cli, tmp_path):
    def one_line(result, text):
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1 and text in result.stderr, result.stderr

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all, just bytes " * 100)
    one_line(cli("runs", junk, "--lang", "en"), "not a vnpolicy database")
    one_line(cli("assess", SAMPLE, "--on", "2025-12-01", "--record", junk), "không phải cơ sở dữ liệu của vnpolicy")
    assert junk.read_bytes() == b"not sqlite at all, just bytes " * 100

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE budget (year INTEGER)")
    one_line(cli("runs", other, "show", "1"), "not a vnpolicy database")
    one_line(cli("assess", SAMPLE, "--record", other), "not a vnpolicy database")
    with sqlite3.connect(other) as c:
        assert [n for (n,) in c.execute("SELECT name FROM sqlite_master")] == ["budget"]

    one_line(cli("assess", SAMPLE, "--record", tmp_path / "no" / "such" / "r.db"), "cannot write")
    one_line(cli("compare", SAMPLE, "--record", tmp_path), "cannot write")
    one_line(cli("runs", tmp_path / "missing.db"), "not found")

    db = tmp_path / "runs.db"
    assert cli("assess", SAMPLE, "--on", "2025-12-01", "-p", "laocai/thue-chuyen-gia", "--record", db).exit_code == 0
    one_line(cli("runs", db, "show", "7", "--lang", "en"), "no run '7'")
    one_line(cli("runs", db, "verify", "abc"), "không có lần chạy 'abc'")


def test_changes_records_both_datasets_every_change_and_verifies(cli, tmp_path, sample):
    """``changes --record``: the run keeps both datasets' hashes, each policy's totals before and after, and
    every change (people added and removed too) in the ``changes`` table; verify re-runs it, and says which
    month's dataset changed since."""
    db, out = tmp_path / "runs.db", tmp_path / "c.json"
    # this month: An (L01) leaves the staff list; last month's is the bundled sample
    for table in sample.glob("*.csv"):
        lines = table.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        table.write_text("".join(x for x in lines if "L01" not in x.split(",")), encoding="utf-8")
    staff = sample / "staff.csv"
    result = cli("changes", SAMPLE, sample, "--on", "2025-12-01", "--record", db, "-o", out)
    assert result.exit_code == 0, result.output
    assert "đã ghi lần chạy 1 vào" in result.stderr
    found = json.loads(out.read_text(encoding="utf-8"))
    with sqlite3.connect(db) as c:
        run = c.execute(
            "SELECT command, as_of, dataset_path, dataset_sha256, result_count, arguments FROM runs"
        ).fetchone()
        rows = c.execute("SELECT policy, staff_id, status, before, after FROM changes ORDER BY seq").fetchall()
        totals = dict(c.execute("SELECT policy, totals FROM run_policies"))
    assert run[:3] == ("changes", "2025-12-01", str(sample.resolve()))
    assert json.loads(run[5])["datasets_sha256"][1] == run[3] != json.loads(run[5])["datasets_sha256"][0]
    assert run[4] == len(rows) == len(found["changes"]) + len(found["removed"]) + len(found["added"])
    assert ("laocai/nq12-2025", "L01", "removed") in [r[:3] for r in rows]
    assert (None, "L01", "removed") in [r[:3] for r in rows]
    nq12 = next(r for r in rows if r[:2] == ("laocai/nq12-2025", "L01"))
    assert json.loads(nq12[3])["amount_vnd"] == 5_400_000 and json.loads(nq12[4])["outcome"] is None
    cost = json.loads(totals["laocai/nq12-2025"])["cost"]["monthly_vnd"]
    assert cost == next(p for p in found["policies"] if p["policy"] == "laocai/nq12-2025")["cost"]["monthly_vnd"] == 0
    # An's place on S01 (at most 2 people) goes to L03, who was over the cap last month
    l03 = next(r for r in rows if r[:2] == ("laocai/nq12-2025", "L03"))
    assert l03[2] is None and json.loads(l03[4])["paid"] is True and json.loads(l03[3])["paid"] is False
    assert "changes" in cli("runs", db).output
    verified = cli("runs", db, "verify", "1", "--lang", "en")
    assert verified.exit_code == 0, verified.output
    assert f"re-run: the same {run[4]} results" in verified.output
    staff.write_text(staff.read_text(encoding="utf-8").replace("Phạm Thị Dung", "Phạm Thị Dũng"), encoding="utf-8")
    verified = cli("runs", db, "verify", "1", "--lang", "en")
    assert verified.exit_code == 1 and f"changed: dataset {sample.resolve()}" in verified.output
    assert f"same: dataset {SAMPLE.resolve()}" in verified.output
