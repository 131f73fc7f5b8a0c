"""NQ 12 at 10k, 100k and 1M synthetic staff: the engine against a naive per-record Python version of
the same rules, timed in the same run, and the whole ``vnpolicy assess`` of a CSV dataset.

    python benchmarks/bench_nq12.py [--sizes 10000,100000,1000000] [--cli-size 100000]

The naive version reads the same loaded tables as Python dicts and walks them record by record; its
outcomes are checked against the engine's before any figure is printed.
"""

import argparse
import datetime as dt
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from vnpolicy import api
from vnpolicy.data.synth import generate
from vnpolicy.data.writers import write_dataset
from vnpolicy.rules.engine import assess

ON = dt.date(2025, 12, 1)
REPEAT = 3  # engine and naive alike: best of three runs
EDU = ["so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"]
RATING = ["khong_hoan_thanh", "hoan_thanh", "tot", "xuat_sac"]


def naive(data, policy, on):
    """NQ 12 record by record, as a spreadsheet macro would: the same rules and caps, each condition kept
    as (rule, passed) as the engine keeps it as a column; no dossier or deciding reason (less work
    than the engine does)."""
    p = {k: policy.value(k, on) for k in policy.parameters}
    units = {u["id"]: u for u in data.table("units").iter_rows(named=True)}
    systems = {s["id"]: s for s in data.table("systems").iter_rows(named=True)}
    by_staff = {}
    for a in data.table("assignments").iter_rows(named=True):
        if (a["start_date"] is None or a["start_date"] <= on) and (a["end_date"] is None or a["end_date"] >= on):
            by_staff.setdefault(a["staff_id"], []).append(a)
    rating_col = f"rating_{on.year - 1}"
    results = []
    for s in data.table("staff").iter_rows(named=True):
        u = units[s["unit_id"]]
        if u["province"] != "laocai":
            continue
        if not ((s["start_date"] is None or s["start_date"] <= on) and (s["end_date"] is None or s["end_date"] >= on)):
            continue
        if not (s["it_role"] != "khong" or s["it_trainer"]):
            continue
        reasons = []
        excl = [
            ("khong_phai_cong_chuc_vien_chuc", s["employment"] not in p["eligible_employment"]),
            ("khong_co_vi_tri_viec_lam", not s["job_position_ok"]),
            ("da_huong_nghi_dinh_179", s["receives_nd179"]),
        ]
        for rule, hit in excl:
            reasons.append((rule, not hit))
        excluded = any(hit for _, hit in excl)
        edu_ok = (
            s["education"] is not None
            and EDU.index(s["education"]) >= EDU.index(p["min_education"])
            and s["major"] in p["accepted_majors"]
        )
        rating = s.get(rating_col)
        rating_ok = rating is not None and RATING.index(rating) >= RATING.index(p["min_rating"])
        edu3 = (
            s["education"] is not None
            and EDU.index(s["education"]) >= EDU.index(p["nhom_3_min_education"])
            and s["major"] in p["nhom_3_accepted_majors"]
        )
        rating3 = rating is not None and RATING.index(rating) >= RATING.index(p["nhom_3_min_rating"])
        mine = by_staff.get(s["id"], [])

        def best(test):
            cands = [a for a in mine if test(systems[a["system_id"]]["security_level"])]
            cands.sort(
                key=lambda a: (
                    -systems[a["system_id"]]["security_level"],
                    a["start_date"] or dt.date.max,
                    a["system_id"],
                )
            )
            return cands[0] if cands else None

        health = u["kind"] == "su_nghiep" and u["sector"] in p["nhom_3_excluded_sectors"]
        rows = [
            (
                "nhom_1",
                p["amount_nhom_1"],
                best(lambda level: level >= p["level_3_min"]),
                [s["is_leader"] or s["it_role"] == "chuyen_trach", edu_ok, rating_ok],
                True,
            ),
            (
                "nhom_2",
                p["amount_nhom_2"],
                best(lambda level: level == 2),
                [s["it_role"] == "chuyen_trach", edu_ok, rating_ok],
                True,
            ),
            (
                "nhom_2",
                p["amount_nhom_2"],
                None,
                [s["employment"] == "vien_chuc" and s["it_trainer"] and u["is_it_unit"], edu_ok, rating_ok],
                False,
            ),
            (
                "nhom_3",
                p["amount_nhom_3"],
                best(lambda level: level == 1),
                [s["it_role"] in ("chuyen_trach", "kiem_nhiem"), edu3, rating3, not health],
                True,
            ),
        ]
        won = None
        for group, amount, system, conds, needs_system in rows:
            ok = all(conds) and (system is not None or not needs_system)
            for j, c in enumerate(conds):
                reasons.append((f"{group}.{j}", bool(c)))
            if ok:
                won = (group, amount, system)
                break
        eligible = won is not None and not excluded
        results.append(
            {
                "staff_id": s["id"],
                "outcome": "eligible" if eligible else "not_eligible",
                "group": won[0] if eligible else None,
                "amount_vnd": won[1] if eligible else None,
                "paid": eligible,
                "system": won[2] if eligible else None,
                "reasons": reasons,
            }
        )
    # caps: per system, earlier assignment first, then staff id
    for limit_key, groups, test in (
        ("max_paid_level_3", {"nhom_1"}, lambda level: level >= p["level_3_min"]),
        ("max_paid_level_1_2", {"nhom_2", "nhom_3"}, lambda level: level < p["level_3_min"]),
    ):
        per_system = {}
        for r in results:
            a = r["system"]
            if r["paid"] and r["group"] in groups and a and test(systems[a["system_id"]]["security_level"]):
                per_system.setdefault(a["system_id"], []).append(r)
        for people in per_system.values():
            people.sort(key=lambda r: (r["system"]["start_date"] or dt.date.max, r["staff_id"]))
            for r in people[p[limit_key] :]:
                r["paid"], r["amount_vnd"] = False, 0
    return results


def timed(fn, repeat=1):
    """The best of ``repeat`` runs, garbage collection off while timing, as ``timeit`` does (the first
    run of anything pays for warming caches up)."""
    best = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            value = fn()
            seconds = time.perf_counter() - start
        finally:
            gc.enable()
        best = seconds if best is None else min(best, seconds)
    return best, value


def bench_engine(size, tmp):
    path = Path(tmp) / f"staff_{size}"
    write_dataset(generate(size, seed=7), path, "csv")
    load_s, data = timed(lambda: api.dataset(path))
    policy = api.policies(["laocai/nq12-2025"])[0]
    engine_s, outcome = timed(lambda: assess(data, [policy], ON).outcomes[0], REPEAT)
    reasons_s, _ = timed(lambda: outcome.results)
    result = outcome.outcomes
    naive_s, baseline = timed(lambda: naive(data, policy, ON), REPEAT)
    got = result.select("staff_id", "outcome", "group", "amount_vnd", "paid").sort("staff_id")
    want = pl.DataFrame(
        [{k: r[k] for k in ("staff_id", "outcome", "group", "amount_vnd", "paid")} for r in baseline], schema=got.schema
    ).sort("staff_id")
    if not got.equals(want, null_equal=True):
        diff = got.join(want, on="staff_id", suffix="_naive").filter(
            (pl.col("outcome") != pl.col("outcome_naive")) | (pl.col("paid") != pl.col("paid_naive"))
        )
        sys.exit(f"engine and naive disagree at {size}:\n{diff.head()}")
    print(
        f"{size:>9,} staff  load {load_s:6.2f}s  engine {engine_s:6.3f}s  naive {naive_s:7.2f}s  "
        f"ratio {naive_s / engine_s:6.1f}x  reasons listed {reasons_s:6.2f}s  "
        f"({got.height:,} results, {int(got['paid'].sum()):,} paid)",
        flush=True,
    )
    return path


def bench_cli(path):
    exe = Path(sys.executable).with_name("vnpolicy")
    for args in (["--format", "table"], ["--format", "json", "-o", str(path) + ".json"]):
        seconds, _ = timed(
            lambda: subprocess.run(
                [str(exe), "assess", str(path), "--on", ON.isoformat(), *args], check=True, stdout=subprocess.DEVNULL
            )
        )
        print(f"vnpolicy assess {path.name} {' '.join(args[:2])}: {seconds:.2f}s (whole command)", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--cli-size", type=int, default=100000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        paths = {size: bench_engine(size, tmp) for size in sizes}
        cli_path = paths.get(args.cli_size) or bench_engine(args.cli_size, tmp)
        bench_cli(cli_path)


if __name__ == "__main__":
    main()
