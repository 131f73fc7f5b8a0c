"""``vnpolicy explain`` of one person of a large CSV dataset against polars reading the dataset's CSV files,
start-up included (issue 16's target: within 1.5×), for two people: one whose results depend on a few
others (they operate no system: their own rows and their unit's staff), and one who operates a system (NQ 12's
two caps rank them with the people two shared systems away, and those people's units: about 2,000 staff at
1M; half of the 1M are linked through the systems they share, transitively, which was read whole before) — the
first such person, and the one whose part is the largest of the first 200 (at 1M: of 400 drawn at random, the
median part is 41 staff, the largest 181).

    python benchmarks/bench_explain.py [--size 1m] [--dir /tmp/vnpolicy-bench] [--runs 7]

The three commands are run in turn, ``--runs`` times after one run each to warm the disk cache; each ratio is
the median of the ratios of the same round (as ``farm-bench --vs`` quotes them). The dataset is made once with
``vnpolicy generate`` (seed 1) and kept under ``--dir``, as ``bench_scale.py`` keeps it.
"""

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

import polars as pl

from bench_scale import SIZES, dataset, run
from vnpolicy import api
from vnpolicy.data.focus import sharing
from vnpolicy.data.limits import DEFAULT
from vnpolicy.data.partial import WHOLE, read_part
from vnpolicy.rules.part import depth

ON = "2025-12-01"
FLOOR = "import sys, polars as pl\nfor f in sys.argv[1:]: pl.read_csv(f)"


def people(data, among=200):
    """(someone in no assignment, someone in one, and the one whose part is the largest of the first ``among``
    operating a system), in the staff file's order."""
    staff = pl.read_csv(data / "staff.csv", columns=["id"], infer_schema=False)["id"]
    links = pl.read_csv(data / "assignments.csv", columns=["staff_id", "system_id"], infer_schema=False)
    inside = staff.is_in(links["staff_id"].implode())
    operating = staff.filter(inside)
    reach = depth(api.policies(), dt.date.fromisoformat(ON))
    links = links.rename({"staff_id": "id"})
    largest = max(operating.head(among), key=lambda i: sharing(links, i, len(staff), reach).height)
    return staff.filter(~inside)[0], operating[0], largest


def part(data, staff_id):
    """How many staff rows ``explain`` reads for the person: a number, or "all" (the whole dataset)."""
    found = read_part(data, DEFAULT, staff_id, depth(api.policies(), dt.date.fromisoformat(ON)))
    if found is WHOLE or found is None:
        return "all"
    return f"{found['staff'].frame.height:,}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--dir", default="/tmp/vnpolicy-bench", help="where the datasets are kept")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = dataset(args.dir, args.size, SIZES[args.size])
    exe = str(Path(sys.executable).with_name("vnpolicy"))
    floor = [sys.executable, "-c", FLOOR, *sorted(str(f) for f in data.glob("*.csv"))]
    small, shared, largest = people(data)
    commands = {
        "polars reading the CSV files": floor,
        f"explain {small} (part: {part(data, small)} staff)": [exe, "explain", str(data), small, "--on", ON],
        f"explain {shared} (part: {part(data, shared)} staff)": [exe, "explain", str(data), shared, "--on", ON],
        f"explain {largest} (part: {part(data, largest)} staff)": [exe, "explain", str(data), largest, "--on", ON],
    }
    for args_ in commands.values():  # the files in the disk cache, the policies in theirs
        run(args_)
    seconds = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, args_ in commands.items():
            seconds[name].append(run(args_)[1])
    base = seconds[next(iter(commands))]
    print(f"{SIZES[args.size]:,} staff ({data}), {args.runs} runs in turn; medians, and ratios round by round")
    for name, times in seconds.items():
        ratio = statistics.median(t / b for t, b in zip(times, base))
        print(f"  {name:<48} {statistics.median(times):6.2f} s  ({min(times):.2f}–{max(times):.2f})  {ratio:.2f}×")


if __name__ == "__main__":
    main()
