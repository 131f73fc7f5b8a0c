"""Đắk Nông's QĐ 02/2017 (standards, unit coverage) and QĐ 1965/2016 (targets) at 10k, 100k and 1M
synthetic staff, on both sides of the merger: the engine against a naive per-record Python version of the
same rules, timed in the same run.

    python benchmarks/bench_daknong.py [--sizes 10000,100000,1000000]

The naive version walks the loaded tables as Python dicts; its outcomes, unit findings and target counts are
checked equal to the engine's before any figure is printed.
"""

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from bench_nq12 import EDU, REPEAT, timed
from vnpolicy import api
from vnpolicy.data.synth import generate
from vnpolicy.data.writers import write_dataset
from vnpolicy.hooks.builtin import CEFR, OLD_ENGLISH_TO_CEFR
from vnpolicy.rules.engine import assess

DATES = (dt.date(2020, 12, 31), dt.date(2025, 12, 31))
MERGER = dt.date(2025, 7, 1)
HEAD_UNITS = lambda u: (
    (u["kind"] == "nha_nuoc" and u["level"] == "tinh") or (u["kind"] == "ubnd" and u["level"] == "huyen")
)


def naive(data, qd02, qd1965, on):
    """Both policies record by record: each person's outcome, the units without a compliant full-time IT
    officer, and the (numerator, denominator) of the five targets measured on staff and units."""
    p, q = ({k: pol.value(k, on) for k in pol.parameters} for pol in (qd02, qd1965))

    def exists(u):
        return (u["start_date"] is None or u["start_date"] <= on) and (u["end_date"] is None or u["end_date"] >= on)

    def ours(u):
        if on < MERGER:
            return (u["former_province"] or u["province"]) == "daknong"
        return u["former_province"] == "daknong"

    units = {u["id"]: u for u in data.table("units").iter_rows(named=True) if ours(u) and exists(u)}
    people, outcomes = [], {}
    for s in data.table("staff").iter_rows(named=True):
        u = units.get(s["unit_id"])
        if u is None or not (
            (s["start_date"] is None or s["start_date"] <= on) and (s["end_date"] is None or s["end_date"] >= on)
        ):
            continue
        people.append((s, u))
        if not (
            s["it_role"] == "chuyen_trach"
            and s["employment"] in p["covered_employment"]
            and u["kind"] in p["covered_unit_kinds"]
        ):
            outcomes[s["id"]] = "not_applicable"
            continue
        english = OLD_ENGLISH_TO_CEFR.get(s["english"], s["english"])
        level = p["min_education_commune"] if u["level"] == "xa" else p["min_education"]
        ok = (
            not s["other_titles"]
            and s["major"] in p["it_majors"]
            and s["education"] is not None
            and EDU.index(s["education"]) >= EDU.index(level)
            and english is not None
            and CEFR.index(english) >= CEFR.index(p["min_english"])
        )
        outcomes[s["id"]] = "compliant" if ok else "non_compliant"
    covered = {u["id"] for s, u in people if outcomes[s["id"]] == "compliant"}
    lacking = {uid for uid, u in units.items() if HEAD_UNITS(u) and uid not in covered}

    def share(population, counts):
        chosen = [s for s, u in people if population(s, u)]
        return sum(1 for s in chosen if counts(s)), len(chosen)

    def unit_share(having):
        heads = [uid for uid, u in units.items() if HEAD_UNITS(u)]
        has = {u["id"] for s, u in people if having(s)}
        return sum(1 for uid in heads if uid in has), len(heads)

    counted = lambda s, u: s["employment"] in q["counted_employment"] and u["kind"] in q["state_unit_kinds"]
    it_degree = lambda s: (
        s["education"] is not None
        and EDU.index(s["education"]) >= EDU.index(q["min_education"])
        and s["major"] in q["it_majors"]
    )
    targets = {
        "nang_cao_tinh_huyen": share(
            lambda s, u: counted(s, u) and u["level"] in ("tinh", "huyen"), lambda s: s["it_upskilled"]
        ),
        "nang_cao_xa": share(lambda s, u: counted(s, u) and u["level"] == "xa", lambda s: s["it_upskilled"]),
        "co_cio": unit_share(lambda s: s["it_leader"]),
        "co_chuyen_trach_dai_hoc": unit_share(lambda s: s["it_role"] == "chuyen_trach" and it_degree(s)),
        "chuyen_trach_dai_hoc": share(
            lambda s, u: (
                s["it_role"] == "chuyen_trach"
                and s["employment"] in q["counted_employment"]
                and (u["kind"] in ("nha_nuoc", "ubnd") or (u["kind"] == "su_nghiep" and u["is_it_unit"]))
            ),
            it_degree,
        ),
    }
    return outcomes, lacking, targets


def engine(data, qd02, qd1965, on):
    first, second = assess(data, [qd02, qd1965], on).outcomes
    outcomes = dict(zip(first.outcomes["staff_id"].to_list(), first.outcomes["outcome"].to_list()))
    lacking = set(first.findings.filter(first.findings["subject"] == "unit")["id"].to_list())
    targets = {
        t["id"].split(".")[1]: (t["numerator"], t["denominator"]) for t in second.targets if t["numerator"] is not None
    }
    return outcomes, lacking, targets


def bench(size, tmp):
    path = Path(tmp) / f"staff_{size}"
    write_dataset(generate(size, seed=7), path, "csv")
    data = api.dataset(path)
    qd02, qd1965 = api.policies(["daknong/qd02-2017", "daknong/qd1965-2016"])
    for on in DATES:
        engine_s, got = timed(lambda: engine(data, qd02, qd1965, on), REPEAT)
        naive_s, want = timed(lambda: naive(data, qd02, qd1965, on), REPEAT)
        for name, a, b in zip(("outcomes", "units without a compliant officer", "targets"), got, want):
            if a != b:
                sys.exit(f"engine and naive disagree at {size} on {on}: {name}")
        print(
            f"{size:>9,} staff  {on}  engine {engine_s:6.3f}s  naive {naive_s:7.2f}s  "
            f"ratio {naive_s / engine_s:6.1f}x  "
            f"({len(got[0]):,} results, {len(got[1]):,} units lacking)",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, tmp)


if __name__ == "__main__":
    main()
