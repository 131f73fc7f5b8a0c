"""The whole country: ``vnpolicy assess`` and ``compare`` of 100k, 1M and 2.5M synthetic staff, stage by stage
and format by format, time and peak memory, beside floors measured in the same run.

    python benchmarks/bench_scale.py [--sizes 100k,1m,2.5m] [--quick] [--dir /tmp/vnpolicy-bench]

Datasets are made once with ``vnpolicy generate`` (seed 1) and kept under ``--dir``. For each size:

- Stages, in one process (a child of this one), every bundled policy: read, validate, derive (the dataset's
  views), evaluate (each policy's columns), per-person view, reasons (each result's list of reasons, the
  readings it depends on), then write in each format. Time by ``time.perf_counter``; memory as the peak
  resident size sampled every 5 ms during the stage (no tracemalloc: it would slow polars' callers down).
- Whole commands, each in its own process: wall time and that process's peak resident size (``wait4``).
  At 2.5M, Parquet and DuckDB only; formats the installed vnpolicy does not write are skipped with a note.
- Floors: (a) polars reading the CSV files into typed columns; (b) a hand-written polars NQ 12 (Lào Cai
  Nghị quyết 12/2025) on those frames, its totals checked equal to the engine's; (c) polars writing the
  engine's result frame as Parquet; (d) a plain per-record Python reading of NQ 12's totals alone (the csv
  module, a dict per row, a loop), checked equal too. The whole ``assess`` with every bundled policy to
  Parquet must be faster than (d). (e) after each command to DuckDB: DuckDB itself loading the Parquet
  tables the same command wrote (``CREATE TABLE AS read_parquet``, every core) — the least a DuckDB file of
  those tables costs on this machine, whatever builds them.

Targets on the project's 2-core machine: assess and compare of 1M staff to Parquet or DuckDB in ≤ 8 s and
≤ 2.5 GB; compare of 2.5M in ≤ 25 s; compare of 100k to a workbook (``-f xlsx``) within 3× of the same
comparison to CSV.
"""

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import polars as pl

ON = dt.date(2025, 12, 1)
NQ12 = "laocai/nq12-2025"
EDU = ["so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"]
RATING = ["khong_hoan_thanh", "hoan_thanh", "tot", "xuat_sac"]
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "2.5m": 2_500_000}
FORMATS = ["table", "json", "csv", "xlsx", "html", "md", "parquet", "duckdb"]
LARGE = 2_000_000  # from this size on, Parquet and DuckDB only
XLSX_AT_MOST = 1_000_000  # a workbook at 2.5M is not what a person reads (its sheets hold 1,048,575 rows)
TARGETS = {("assess", "1m"): (8.0, 2.5), ("compare", "1m"): (8.0, 2.5), ("compare", "2.5m"): (25.0, None)}


# --- memory --------------------------------------------------------------------------------------------


class PeakRSS:
    """The largest resident size of this process while the block runs, sampled every 5 ms."""

    PAGE = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self):
        self.peak, self._stop = self._rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    def _watch(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def _rss(self):
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * self.PAGE


def stage(figures, name, fn):
    with PeakRSS() as mem:
        start = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - start
    figures.append({"stage": name, "seconds": seconds, "peak_gb": mem.peak / 1e9})
    return value


# --- the installed vnpolicy ----------------------------------------------------------------------------


def supported():
    """The formats the installed vnpolicy writes for assess and compare (Parquet and DuckDB are new)."""
    from vnpolicy.reports import output

    formats = {"assess": set(output.FORMATS["assess"]), "compare": set(output.FORMATS["compare"])}
    for command in formats:
        if ".duckdb" in output.SUFFIXES or "duckdb" in output.FORMATS[command]:
            formats[command].add("duckdb")
    return formats


def out_path(tmp, command, fmt):
    suffix = {"table": ".txt", "parquet": "", "duckdb": ".duckdb"}.get(fmt, f".{fmt}")
    return Path(tmp) / f"{command}-{fmt}{suffix}"


def command_args(command, data, fmt, path):
    args = [command, str(data), "--on", ON.isoformat(), "-o", str(path)]
    return args + (["-f", fmt] if fmt in ("parquet", "table") else [])


# --- the child: stages in one process, floors (a) to (c) ------------------------------------------------


def child_stages(data, formats):
    from vnpolicy import api
    from vnpolicy.data.dataset import TABLES, validate
    from vnpolicy.data.readers import read_raw
    from vnpolicy.hooks.manager import registry
    from vnpolicy.reports import output
    from vnpolicy.rules import results as res
    from vnpolicy.rules.derived import Context
    from vnpolicy.rules.engine import Assessment, assess, assess_policy, combine

    figures, notes = [], []
    policies = api.policies()
    fields = {t: registry().table_fields(t) for t in TABLES}  # CSV columns read typed, as ``assess`` reads them
    raw = stage(figures, "read", lambda: read_raw(data, None, fields))
    dataset = stage(figures, "validate", lambda: validate(raw, registry(), source=Path(data)))
    raw.clear()
    stage(figures, "derive", lambda: (dataset.staff_view(), dataset.units_view(), dataset.assignment_view()))
    context = Context(dataset, ON, False)
    outcomes = stage(figures, "evaluate", lambda: [assess_policy(p, context, "vi") for p in policies])
    people = stage(figures, "per-person view", lambda: combine(outcomes, "vi"))
    assessment = Assessment(ON, "jurisdiction", "vi", outcomes, people)
    result = stage(figures, "reasons", lambda: res.results(assessment))
    provenance = api.assessment_provenance(assessment, data)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            path = out_path(tmp, "assess", fmt)
            try:
                chosen = output.targets("assess", [path], fmt if fmt != "duckdb" else None)
            except Exception as e:  # noqa: BLE001 - a format this vnpolicy does not write: said, skipped
                notes.append(f"write {fmt}: {e}")
                continue
            stage(figures, f"write {fmt}", lambda: output.write_assessment(assessment, chosen, provenance, data))
        together = next(o for o in outcomes if o.policy.id == NQ12).totals()
        policy = next(p for p in policies if p.id == NQ12)
        engine = assess(dataset, [policy], ON).outcomes[0].totals()  # NQ 12 alone, as the floors do it
        floors = {}
        frames = stage(floors.setdefault("a", []), "polars read CSV", lambda: polars_read(data))
        mine = stage(floors.setdefault("b", []), "polars NQ 12", lambda: polars_nq12(frames, policy, ON))
        plain = result.drop([c for c, t in result.schema.items() if isinstance(t, pl.Object)])
        stage(floors.setdefault("c", []), "polars write Parquet", lambda: plain.write_parquet(Path(tmp) / "r.parquet"))
    print(
        json.dumps(
            {
                "stages": figures,
                "notes": notes,
                "floors": {k: v[0] for k, v in floors.items()},
                "engine": {k: engine.get(k) for k in ("monthly_vnd", "eligible", "paid")},
                "together": {k: together.get(k) for k in ("monthly_vnd", "eligible", "paid")},
                "polars": mine,
                "results": result.height,
            }
        )
    )


def polars_read(data):
    """(a): the four CSV files straight into typed polars columns (dates as dates, flags as booleans)."""
    frames = {}
    for name in ("staff", "units", "systems", "assignments"):
        path = Path(data) / f"{name}.csv"
        with open(path, encoding="utf-8") as f:
            dates = {c: pl.Date for c in f.readline().strip().split(",") if c.endswith("_date")}
        frames[name] = pl.read_csv(path, schema_overrides=dates, infer_schema_length=10_000)
    return frames


def polars_nq12(frames, policy, on):
    """(b): NQ 12 by hand in polars, the rules of policies/laocai/nq12-2025.yaml under its readings in
    effect (parameters from the policy): who it speaks about, the exclusions, the first tier whose
    conditions hold (with a system of its level), the caps per system; its totals."""
    p = {k: policy.value(k, on) for k in policy.parameters}
    rank = lambda expr, order: expr.replace_strict(order, list(range(len(order))), default=None)  # noqa: E731
    u = frames["units"]
    units = u.select(
        pl.col("id").alias("unit_id"),
        "province",
        "kind",
        "sector",
        pl.col("level").alias("unit_level"),
        (pl.col("it_centre") if "it_centre" in u.columns else pl.lit(False)).fill_null(False).alias("it_centre"),
    )
    live = lambda s, e: (pl.col(s).is_null() | (pl.col(s) <= on)) & (pl.col(e).is_null() | (pl.col(e) >= on))  # noqa: E731
    staff = (
        frames["staff"]
        .join(units, on="unit_id")
        .with_columns(pl.col(pl.Boolean).fill_null(False))
        .filter((pl.col("province") == "laocai") & live("start_date", "end_date"))
        .filter((pl.col("it_role") != "khong") | pl.col("it_trainer"))
    )
    a = frames["assignments"]
    if "end_date" not in a.columns:
        a = a.with_columns(pl.lit(None, pl.Date).alias("end_date"))
    systems = frames["systems"].select(pl.col("id").alias("system_id"), "security_level", "level_approved")
    a = a.filter(live("start_date", "end_date")).join(systems, on="system_id")
    level, lo, hi = pl.col("security_level"), p["level_3_min"], p["level_3_max"]
    approved = pl.col("level_approved").fill_null(False) | p["chi_tra_khi_chua_phe_duyet_cap_do"]
    for test, name in (((level >= lo) & (level <= hi), "s1"), (level == 2, "s2"), (level == 1, "s3")):
        best = (
            a.filter(test & approved)
            .sort(["staff_id", "security_level", "start_date", "system_id"], descending=[False, True, False, False])
            .group_by("staff_id", maintain_order=True)
            .first()
            .select("staff_id", pl.col("system_id").alias(name), pl.col("start_date").alias(f"{name}_start"))
        )
        staff = staff.join(best, left_on="id", right_on="staff_id", how="left")
    years = sorted((int(c[7:]) for c in staff.columns if c.startswith("rating_") and c[7:].isdigit()), reverse=True)
    if p["xep_loai_lan_gan_nhat"]:
        rating = pl.coalesce([pl.col(f"rating_{y}") for y in years if y < on.year])
    else:
        rating = pl.col(f"rating_{on.year - 1}")
    edu, major, role = rank(pl.col("education"), EDU), pl.col("major"), pl.col("it_role")
    ok = (edu >= EDU.index(p["min_education"])) & major.is_in(p["accepted_majors"])
    ok &= rank(rating, RATING) >= RATING.index(p["min_rating"])
    ok3 = (edu >= EDU.index(p["nhom_3_min_education"])) & major.is_in(p["nhom_3_accepted_majors"])
    ok3 &= rank(rating, RATING) >= RATING.index(p["nhom_3_min_rating"])
    su_nghiep = pl.col("kind") == "su_nghiep"
    health = (su_nghiep & pl.col("sector").is_in(p["nhom_3_excluded_sectors"])).fill_null(False)
    leader = pl.col("is_leader") & p["nhom_1_moi_lanh_dao"]
    trainer = (pl.col("employment") == "vien_chuc") & pl.col("it_trainer") & pl.col("it_centre")
    tiers = [  # (group, amount, system, conditions), the first that holds
        ("nhom_1", p["amount_nhom_1"], "s1", ((role == "chuyen_trach") | leader) & ok),
        ("nhom_2", p["amount_nhom_2"], "s2", (role == "chuyen_trach") & ok),
        ("nhom_2", p["amount_nhom_2"], None, trainer & ok),
        ("nhom_3", p["amount_nhom_3"], "s3", role.is_in(["chuyen_trach", "kiem_nhiem"]) & ok3 & ~health),
    ]
    held = [(g, m, s, c.fill_null(False) & (pl.col(s).is_not_null() if s else True)) for g, m, s, c in tiers]
    group = pl.coalesce([pl.when(c).then(pl.lit(g)) for g, _, _, c in held])
    amount = pl.coalesce([pl.when(c).then(pl.lit(m, pl.Int64)) for _, m, _, c in held])
    system = pl.coalesce([pl.when(c).then(pl.col(s) if s else pl.lit(None, pl.Utf8)) for _, _, s, c in held])
    since = pl.coalesce([pl.when(c).then(pl.col(f"{s}_start") if s else pl.lit(None, pl.Date)) for _, _, s, c in held])
    excluded = (
        ~pl.col("employment").is_in(p["eligible_employment"])
        | ~pl.col("job_position_ok")
        | pl.col("receives_nd179")
        | (su_nghiep & ~pl.col("unit_level").is_in(p["su_nghiep_levels"]))
    )
    out = staff.select(
        pl.col("id").alias("staff_id"),
        group.alias("group"),
        amount.alias("amount_vnd"),
        system.alias("system_id"),
        since.alias("since"),
        (group.is_not_null() & ~excluded.fill_null(True)).alias("eligible"),
    ).join(systems.select("system_id", "security_level"), on="system_id", how="left")
    top = (pl.col("group") == "nhom_1") & (level >= lo) & (level <= hi)
    low = pl.col("group").is_in(["nhom_2", "nhom_3"]) & (level < lo)
    cap = pl.when(top).then(p["max_paid_level_3"]).when(low).then(p["max_paid_level_1_2"])
    order = pl.int_range(1, pl.len() + 1).over("system_id", "cap")  # earlier assignment first, then the id
    out = (
        out.filter("eligible")
        .with_columns(cap.alias("cap"))
        .sort("since", "staff_id", nulls_last=True)
        .with_columns(pl.when(pl.col("cap").is_null()).then(True).otherwise(order <= pl.col("cap")).alias("paid"))
    )
    return {
        "monthly_vnd": int(out.filter("paid")["amount_vnd"].sum()),
        "eligible": out.height,
        "paid": int(out["paid"].sum()),
    }


# --- the child: (d) NQ 12's totals record by record from the CSV files ----------------------------------


def _rows(path):
    """A CSV file's rows as Python dicts, each value parsed on its own: '' is None, true/false booleans,
    ``*_date`` dates, the rest text (numbers where the rule needs them)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for key, text in row.items():
                if text == "":
                    row[key] = None
                elif text in ("true", "false"):
                    row[key] = text == "true"
                elif key.endswith("_date"):
                    row[key] = dt.date.fromisoformat(text)
            yield row


def plain_nq12(folder, p, on):
    """(d): NQ 12's totals record by record, as a spreadsheet macro would: the same rules as
    :func:`polars_nq12`, a dict per row and a loop."""
    folder = Path(folder)
    units = {u["id"]: u for u in _rows(folder / "units.csv")}
    systems = {s["id"]: s for s in _rows(folder / "systems.csv")}
    mine = {}
    for a in _rows(folder / "assignments.csv"):
        if (a["start_date"] is None or a["start_date"] <= on) and (a.get("end_date") is None or a["end_date"] >= on):
            s = systems[a["system_id"]]
            level = int(s["security_level"])
            if s["level_approved"] or p["chi_tra_khi_chua_phe_duyet_cap_do"]:
                mine.setdefault(a["staff_id"], []).append((-level, a["start_date"] or dt.date.max, a["system_id"]))
    lo, hi = p["level_3_min"], p["level_3_max"]
    rating_col = f"rating_{on.year - 1}"
    paid_by_system, people = {}, []
    for s in _rows(folder / "staff.csv"):
        u = units[s["unit_id"]]
        if u["province"] != "laocai" or not (s["it_role"] != "khong" or s["it_trainer"]):
            continue
        if not ((s["start_date"] is None or s["start_date"] <= on) and (s["end_date"] is None or s["end_date"] >= on)):
            continue
        su_nghiep = u["kind"] == "su_nghiep"
        if (
            s["employment"] not in p["eligible_employment"]
            or not s["job_position_ok"]
            or s["receives_nd179"]
            or (su_nghiep and u["level"] not in p["su_nghiep_levels"])
        ):
            continue
        if p["xep_loai_lan_gan_nhat"]:
            years = sorted(k for k in s if k.startswith("rating_") and k[7:].isdigit() and int(k[7:]) < on.year)
            rating = next((s[k] for k in reversed(years) if s[k]), None)
        else:
            rating = s.get(rating_col)
        edu = EDU.index(s["education"]) if s["education"] else -1
        rank = RATING.index(rating) if rating else -1
        ok = edu >= EDU.index(p["min_education"]) and s["major"] in p["accepted_majors"]
        ok = ok and rank >= RATING.index(p["min_rating"])
        ok3 = edu >= EDU.index(p["nhom_3_min_education"]) and s["major"] in p["nhom_3_accepted_majors"]
        ok3 = ok3 and rank >= RATING.index(p["nhom_3_min_rating"])
        held = sorted(mine.get(s["id"], []))
        pick = lambda test: next((h for h in held if test(-h[0])), None)  # noqa: E731
        health = su_nghiep and u["sector"] in p["nhom_3_excluded_sectors"]
        trainer = s["employment"] == "vien_chuc" and s["it_trainer"] and bool(u.get("it_centre"))
        tiers = [
            ("nhom_1", (s["it_role"] == "chuyen_trach" or (s["is_leader"] and p["nhom_1_moi_lanh_dao"])) and ok, 1),
            ("nhom_2", s["it_role"] == "chuyen_trach" and ok, 2),
            ("nhom_2", trainer and ok, None),
            ("nhom_3", s["it_role"] in ("chuyen_trach", "kiem_nhiem") and ok3 and not health, 3),
        ]
        tests = {1: lambda v: lo <= v <= hi, 2: lambda v: v == 2, 3: lambda v: v == 1}
        for group, holds, which in tiers:
            system = pick(tests[which]) if which else None
            if holds and (system is not None or which is None):
                amount = p[f"amount_{group}"]
                person = {"group": group, "amount": amount, "paid": True}
                people.append(person)
                if system is not None:
                    level = -system[0]
                    cap = "top" if group == "nhom_1" and lo <= level <= hi else "low" if level < lo else None
                    if cap:
                        paid_by_system.setdefault((system[2], cap), []).append((system[1], s["id"], person))
                break
    for (_, cap), chosen in paid_by_system.items():
        limit = p["max_paid_level_3"] if cap == "top" else p["max_paid_level_1_2"]
        for _, _, person in sorted(chosen, key=lambda c: (c[0], c[1]))[limit:]:
            person["paid"] = False
    return {
        "monthly_vnd": sum(x["amount"] for x in people if x["paid"]),
        "eligible": len(people),
        "paid": sum(x["paid"] for x in people),
    }


def child_duckload(directory, path):
    """Floor (e): DuckDB loading the Parquet tables a command wrote (``CREATE TABLE AS read_parquet``, its
    default settings, every core): the least a DuckDB file of the same tables costs here."""
    import duckdb

    start = time.perf_counter()
    with duckdb.connect(path) as db:
        for file in sorted(Path(directory).glob("*.parquet")):
            db.execute(f'CREATE TABLE "{file.stem}" AS SELECT * FROM read_parquet(?)', [str(file)])
    print(json.dumps({"seconds": time.perf_counter() - start}))


def child_naive(data):
    from vnpolicy import api

    policy = api.policies([NQ12])[0]
    p = {k: policy.value(k, ON) for k in policy.parameters}
    start = time.perf_counter()
    totals = plain_nq12(data, p, ON)
    print(json.dumps({"seconds": time.perf_counter() - start, "totals": totals}))


# --- the parent ----------------------------------------------------------------------------------------


def run_child(*args):
    """This script's child mode; its one JSON line, its wall time and its peak resident size."""
    out, seconds, peak = run([sys.executable, __file__, *args], capture=True)
    return json.loads(out.strip().splitlines()[-1]), seconds, peak


def run(args, capture=False):
    """Run a command to its end: (its standard output, wall seconds, its own peak resident size in GB)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdout=out if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if proc.returncode:
            raise RuntimeError(f"{' '.join(map(str, args))}: exit {proc.returncode}: {err.decode()[-2000:]}")
        out.seek(0)
        return out.read().decode(), seconds, usage.ru_maxrss * 1024 / 1e9


def dataset(folder, label, size):
    path = Path(folder) / f"staff-{label}"
    if not (path / "staff.csv").exists():
        exe = Path(sys.executable).with_name("vnpolicy")
        print(f"making {path} ({size:,} staff) ...", flush=True)
        run([str(exe), "generate", str(path), "--staff", str(size), "--seed", "1"])
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m,2.5m")
    parser.add_argument("--quick", action="store_true", help="100k only")
    parser.add_argument("--dir", default="/tmp/vnpolicy-bench", help="where the datasets are kept")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--no-stages", action="store_true", help="whole commands and floors (a), (d), (e) only")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, data, *rest = args.child
        if kind == "naive":
            return child_naive(data)
        if kind == "duckload":
            return child_duckload(data, rest[0])
        return child_stages(data, rest[0].split(",") if rest and rest[0] else [])
    sizes = ["100k"] if args.quick else args.sizes.lower().split(",")
    can = supported()
    exe = Path(sys.executable).with_name("vnpolicy")
    lines = []
    for label in sizes:
        size = SIZES[label]
        data = dataset(args.dir, label, size)
        wanted = [f for f in args.formats.split(",") if f in ("parquet", "duckdb") or size < LARGE]
        wanted = [f for f in wanted if f != "xlsx" or size <= XLSX_AT_MOST]
        print(f"\n== {size:,} staff ({data}) ==", flush=True)
        naive, naive_s, naive_gb = run_child("--child", "naive", str(data))
        if not args.no_stages and size < LARGE:
            staged, *_ = run_child("--child", "stages", str(data), ",".join(f for f in wanted if f in can["assess"]))
            report_stages(staged, naive)
        whole = {}
        with tempfile.TemporaryDirectory() as tmp:
            for command in ("assess", "compare"):
                for fmt in wanted:
                    if fmt not in can[command]:
                        print(f"  {command} -f {fmt}: skipped, this vnpolicy does not write {fmt}")
                        continue
                    path = out_path(tmp, command, fmt)
                    try:
                        _, seconds, peak = run([str(exe), *command_args(command, data, fmt, path)])
                    except RuntimeError as e:  # a command that fails (or is stopped): said, and the run goes on
                        print(f"  {command} -f {fmt}: failed: {str(e)[:300]}", flush=True)
                        continue
                    whole[command, fmt] = seconds
                    target = TARGETS.get((command, label)) if fmt in ("parquet", "duckdb") else None
                    verdict = ""
                    if target:
                        ok = seconds <= target[0] and (target[1] is None or peak <= target[1])
                        verdict = f"  target ≤ {target[0]:g} s" + (f", ≤ {target[1]:g} GB" if target[1] else "")
                        verdict += " met" if ok else " NOT met"
                    ratio = seconds / naive["seconds"]
                    shown = f"  {command:<8}{fmt:<8}{seconds:8.2f} s {peak:6.2f} GB  {ratio:5.2f}× (d)"
                    print(shown + verdict, flush=True)
                    lines.append((label, command, fmt, seconds, peak))
                    if fmt == "duckdb" and (command, "parquet") in whole:  # the same tables, DuckDB alone
                        tables, loaded = out_path(tmp, command, "parquet"), Path(tmp) / f"{command}-loaded.duckdb"
                        floor, *_ = run_child("--child", "duckload", str(tables), str(loaded))
                        print(
                            f"  {'':<16}floor (e) DuckDB loading the Parquet tables above: {floor['seconds']:.2f} s"
                            f" — the command {seconds / floor['seconds']:.2f}× (e)",
                            flush=True,
                        )
        if ("compare", "xlsx") in whole and ("compare", "csv") in whole:  # a workbook within 3x of the CSV
            ratio = whole["compare", "xlsx"] / whole["compare", "csv"]
            verdict = "met" if ratio <= 3 else "NOT met"
            print(f"  compare to a workbook: {ratio:.2f}× the same comparison to CSV — target ≤ 3× {verdict}")
        if ("assess", "parquet") in whole:
            faster = whole["assess", "parquet"] < naive["seconds"]
            print(
                f"  assess to Parquet, every policy: {whole['assess', 'parquet']:.2f} s; (d) plain Python NQ 12 alone: "
                f"{naive['seconds']:.2f} s — {'faster' if faster else 'NOT faster'}"
            )
    print("\n| staff | command | format | seconds | peak GB |\n|---:|---|---|---:|---:|")
    for label, command, fmt, seconds, peak in lines:
        print(f"| {SIZES[label]:,} | {command} | {fmt} | {seconds:.2f} | {peak:.2f} |")


def report_stages(staged, naive):
    floors = staged["floors"]
    engine, mine = staged["engine"], staged["polars"]
    print(f"  NQ 12 alone, totals: engine {engine}; polars by hand {mine}; plain Python {naive['totals']}")
    print(f"  (NQ 12 beside every policy, Nghị định 179 not paid together: {staged['together']})")
    assert engine == mine == naive["totals"], "the floors' NQ 12 totals differ from the engine's"
    for note in staged["notes"]:
        print(f"  note: {note}")
    read = floors["a"]["seconds"]
    print(f"  {'stage':<22}{'seconds':>9}{'peak GB':>9}   ratio to its floor")
    for f in staged["stages"]:
        floor = ""
        if f["stage"] in ("read", "validate"):
            floor = f"{f['seconds'] / read:6.1f}× (a) polars read {read:.2f} s"
        elif f["stage"] == "evaluate":
            b = floors["b"]["seconds"]
            floor = f"{f['seconds'] / b:6.1f}× (b) polars NQ 12 {b:.2f} s (every policy against one)"
        elif f["stage"].startswith("write"):
            c = floors["c"]["seconds"]
            floor = f"{f['seconds'] / c:6.1f}× (c) polars Parquet {c:.2f} s ({staged['results']:,} results)"
        print(f"  {f['stage']:<22}{f['seconds']:9.2f}{f['peak_gb']:9.2f}   {floor}")
    for key, name in (("a", "(a) polars read CSV"), ("b", "(b) polars NQ 12"), ("c", "(c) polars write Parquet")):
        print(f"  floor {name:<26}{floors[key]['seconds']:7.2f} s")
    print(f"  floor (d) plain Python NQ 12 {naive['seconds']:7.2f} s")


if __name__ == "__main__":
    main()
