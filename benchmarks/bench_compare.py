"""``vnpolicy compare`` on a synthetic CSV dataset, format by format, against the plain ``vnpolicy assess``
of the same dataset timed in the same run (the baseline: one jurisdiction assessment, a table).

    python benchmarks/bench_compare.py [--staff 100000] [--formats table,html,md,csv,json,xlsx] [--months 12]

Each figure is the whole command (start-up, loading the CSV, every province's policies applied to
everyone, the report written), best of ``--repeat`` runs.
"""

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vnpolicy.data.synth import generate
from vnpolicy.data.writers import write_dataset

ON = dt.date(2025, 12, 1)


def timed(args, repeat):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--formats", default="table,html,md,csv,json,xlsx")
    parser.add_argument("--months", type=int, default=12, help="also a period of this many months (0: no)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("vnpolicy")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write_dataset(generate(args.staff, 1), data, "csv")
        base = timed([str(exe), "assess", str(data), "--on", ON.isoformat()], args.repeat)
        print(f"{args.staff:,} staff; baseline: vnpolicy assess (table) {base:.1f} s")
        runs = [(f, ["--on", ON.isoformat()]) for f in args.formats.split(",")]
        if args.months:
            runs.append(("table", ["--from", "2025-01", "--to", f"2025-{args.months:02d}"]))
        for fmt, when in runs:
            out = Path(tmp) / f"report.{'txt' if fmt == 'table' else fmt}"
            seconds = timed([str(exe), "compare", str(data), *when, "-f", fmt, "-o", str(out)], args.repeat)
            size = out.stat().st_size / 1e6
            print(
                f"compare {' '.join(when):<28} {fmt:<6} {seconds:6.1f} s  {seconds / base:5.1f}× the baseline"
                f"  {size:8.1f} MB"
            )


if __name__ == "__main__":
    main()
