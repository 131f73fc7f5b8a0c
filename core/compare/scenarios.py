"""Cross-province comparison: every selected province's policies applied to the same people, as if they
worked under that province's rules (the results contract's mode ``compare``), on a date or over a period
of months, for the policies as they are and, with a reform, as they would be.

A period counts months: a person is paid for a month when the policy pays them on its first day (in post,
assigned, the policy in force). The engine returns a :class:`Comparison`; the views below (per person,
per province, changes) are what every report format is written from.
"""

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from ..data.territory import NATIONAL
from ..errors import UsageError
from ..i18n import amount, word
from ..rules.changes import who_changes
from ..rules.derived import Context
from ..rules.engine import Assessment, assess_in, readings_ahead
from ..rules.results import RESULT_TYPES

ENTRY_SCHEMA = {
    "province": pl.Utf8,
    **{c: t for c, t in RESULT_TYPES.items() if c not in ("assumptions", "readings")},
    "readings": pl.Utf8,  # the readings the outcome depends on, "reading=alternative; ..."
}
MONTH_RULE = {
    "vi": (
        "một tháng được tính khi chính sách chi trả cho người đó vào ngày đầu tháng; khoản một lần "
        "tính vào tháng đầu tiên đến hạn, không tính nếu đã đến hạn từ tháng trước kỳ"
    ),
    "en": (
        "a month counts when the policy pays the person on its first day; one-time support counts in "
        "the first month it is due, not at all if it was due in the month before the period"
    ),
}


@dataclass
class Scenario:
    """One set of rules (the policies as they are, or reformed) over the comparison's date or period."""

    name: str  # baseline, reform
    runs: dict  # province -> Assessment on the comparison's date
    months: pl.DataFrame = None  # a period: one row per (province, staff, month) paid,
    first: dt.date = None  # from the month before the period's first month

    @cached_property
    def entries(self):
        """One row per (province, policy, person) the policy speaks about: outcome, group, amount, decision."""
        return self._entries(ENTRY_SCHEMA)

    def columns(self, *names):
        """Only the columns ``names`` of :attr:`entries` (without the readings, from the outcomes as they
        are): what a sum or a count over them needs, without the whole per-person frame being held."""
        return self.entries.select(names) if "entries" in self.__dict__ else self._entries(names)

    def entries_where(self, where):
        """The rows of :attr:`entries` that ``where`` keeps, each outcome filtered before they are put
        together (a slice of people: the whole frame is not built for it)."""
        return self.entries.filter(where) if "entries" in self.__dict__ else self._entries(ENTRY_SCHEMA, where)

    def _entries(self, names, where=None):
        frames = []
        for province, run in self.runs.items():
            for o in run.outcomes:
                if o.in_force and o.outcomes is not None and o.outcomes.height:
                    frame = o.named if "readings" in names else o.outcomes
                    frame = frame if where is None else frame.filter(where)
                    frame = frame.with_columns(pl.lit(province).alias("province"))
                    frames.append(frame.select([_entry_column(frame, c, ENTRY_SCHEMA[c]) for c in names]))
        return pl.concat(frames) if frames else pl.DataFrame(schema={c: ENTRY_SCHEMA[c] for c in names})

    @cached_property
    def period(self):
        """A period: per (province, person) the months paid, the monthly amounts summed over them, and any
        one-time amount counted once, in the first month it is due — not at all when it was already due in
        the month before the period (paid then). None on a single date."""
        m = self.months
        if m is None:
            return None
        inside = pl.col("month") >= self.first
        first_due = pl.col("month").filter(pl.col("one_time_vnd") > 0).first()
        return (
            m.sort("month")
            .group_by("province", "staff_id", maintain_order=True)
            .agg(
                (inside & (pl.col("monthly_vnd") > 0)).sum().cast(pl.Int64).alias("months_paid"),
                pl.col("monthly_vnd").filter(inside).sum().cast(pl.Int64).alias("period_vnd"),
                pl.when(first_due >= self.first)
                .then(pl.col("one_time_vnd").filter(pl.col("one_time_vnd") > 0).first())
                .otherwise(0)
                .fill_null(0)
                .cast(pl.Int64)
                .alias("one_time_vnd"),
            )
            .filter((pl.col("months_paid") > 0) | (pl.col("one_time_vnd") > 0))
        )


@dataclass
class Comparison:
    as_of: dt.date  # the date, or the first day of the period's last month
    lang: str
    provinces: list
    policies: dict  # province -> [Policy]
    dataset: object
    baseline: Scenario
    months: list = field(default_factory=list)  # a period: the first day of each month
    reform: object = None  # vnpolicy.rules.reform.Reform
    reformed: Scenario = None

    @property
    def scenarios(self):
        return [self.baseline] + ([self.reformed] if self.reformed else [])

    @cached_property
    def baseline_assessment(self):
        """The baseline's assessments as one (for the contract's lists of policies and results)."""
        runs = self.baseline.runs.values()
        return Assessment(self.as_of, "compare", self.lang, [o for r in runs for o in r.outcomes])


def _entry_column(frame, name, dtype):
    if name not in frame.columns:
        return pl.lit(None).cast(dtype).alias(name)
    if name == "readings":
        return pl.col(name).list.join("; ").replace("", None).alias(name)
    return pl.col(name).cast(dtype)


def provinces_of(library):
    """The provinces the installed policies belong to (the national layer is not a province)."""
    return sorted({p.province for p in library.values()} - {NATIONAL})


def months_between(first, last):
    """('2025-07', '2025-12') -> the first day of each month, both included."""
    try:
        start, end = (
            dt.date.fromisoformat(f"{m}-01") if len(m) == 7 else dt.date.fromisoformat(m) for m in (first, last)
        )
    except ValueError:
        raise UsageError(f"--from {first} --to {last}: cần tháng dạng yyyy-mm / expected months as yyyy-mm") from None
    start, end = start.replace(day=1), end.replace(day=1)
    if end < start:
        raise UsageError(f"--from {first} --to {last}: tháng cuối trước tháng đầu / the period ends before it starts")
    out = []
    while start <= end:
        out.append(start)
        start = (start + dt.timedelta(days=32)).replace(day=1)
    return out


def compare(dataset, library, provinces=(), on=None, months=(), reform=None, lang="vi", progress=None, ahead=False):
    """Assess the same people under each province's policies, on ``on`` or for each of ``months``.
    ``progress(steps)`` is told how many steps there are, then called with no argument after each.
    ``ahead``: each province's readings (the results they decide, :func:`vnpolicy.rules.engine.readings_ahead`)
    worked out on a thread as soon as its rules are assessed, beside the next province's: for a caller that
    writes every result (the assessment alone leaves a core idle)."""
    known = provinces_of(library) + [NATIONAL]
    provinces = list(provinces) or provinces_of(library)
    for p in provinces:
        if p not in known:
            close = difflib.get_close_matches(p, known, n=1)
            guess = f" (có phải {close[0]!r}?)" if close else ""
            raise UsageError(
                f"--provinces: không có chính sách nào của {p!r}; có: {', '.join(known)}{guess}"
                f" / no policy of province {p!r}"
            )
    policies = {p: [library[k] for k in sorted(library) if library[k].province == p] for p in provinces}
    if reform is not None:
        outside = [k for k in reform.policies if library[k].province not in provinces]
        if outside:
            raise UsageError(
                f"cải cách sửa {outside[0]}, tỉnh của chính sách này không có trong --provinces "
                f"/ the reform changes a policy of a province not compared"
            )
    dates = list(months) or [on]
    as_of = dates[-1]
    changed = sorted({library[k].province for k in reform.policies}) if reform else []
    steps = (len(dates) + bool(months)) * (len(provinces) + len(changed))
    if progress:
        progress(steps)
    ahead = [] if ahead else None  # the threads working out readings, one after another
    baseline = _scenario("baseline", dataset, policies, dates, as_of, None, lang, progress, bool(months), ahead)
    reformed = None
    if reform is not None:
        reformed = _scenario(
            "reform",
            dataset,
            {p: policies[p] for p in changed},
            dates,
            as_of,
            reform,
            lang,
            progress,
            bool(months),
            ahead,
        )
        reformed.runs = {p: reformed.runs.get(p, baseline.runs[p]) for p in provinces}
        if months:
            kept = baseline.months.filter(~pl.col("province").is_in(changed))
            reformed.months = pl.concat([kept, reformed.months]) if reformed.months is not None else kept
            reformed.first = baseline.first
    return Comparison(as_of, lang, provinces, policies, dataset, baseline, list(months), reform, reformed)


def _scenario(name, dataset, policies, dates, as_of, reform, lang, progress, period, ahead=None):
    runs, paid = {}, []
    if period:  # the month before: one-time support already due then was paid before the period
        dates = [(dates[0] - dt.timedelta(days=1)).replace(day=1)] + list(dates)
    for day in dates:
        context = Context(dataset, day, everywhere=True)  # what the provinces share on the day, made once
        for province, chosen in policies.items():
            if reform is not None:
                chosen = [reform.policy_on(p, day) for p in chosen]
            run = assess_in(context, chosen, lang)
            if day == as_of:
                runs[province] = run
                if ahead is not None:  # after the province before's
                    ahead.append(readings_ahead(run.outcomes, after=ahead[-1] if ahead else None))
            if period:
                paid.append(_paid_in_month(run, province, day))
            if progress:
                progress()
    months = pl.concat(paid) if paid else None
    return Scenario(name, runs, months, dates[1] if period else None)


def _paid_in_month(run, province, day):
    """Who is paid what in a month (the per-person view nets amounts not paid together)."""
    people = run.people
    return people.filter((pl.col("monthly_vnd") > 0) | (pl.col("one_time_vnd") > 0)).select(
        pl.lit(province).alias("province"),
        "staff_id",
        pl.lit(day).alias("month"),
        pl.col("monthly_vnd").cast(pl.Int64),
        pl.col("one_time_vnd").cast(pl.Int64),
    )


# --- views --------------------------------------------------------------------------------------


def province_totals(comparison, scenario):
    """Per province: what its rules would cost for these people (a month, a year or the period), how
    many are eligible and paid, the compliance rate, the targets met, the findings."""
    outcomes = ("eligible", "unknown", "compliant", "non_compliant")
    per_province = (
        scenario.columns("province", "staff_id", "outcome")
        .group_by("province")
        .agg(pl.col("staff_id").filter(pl.col("outcome") == o).n_unique().alias(o) for o in outcomes)
    )
    counts = {row["province"]: row for row in per_province.iter_rows(named=True)}
    period = scenario.period
    out = []
    for province in comparison.provinces:
        run = scenario.runs[province]
        people = run.people
        n = counts.get(province, {})
        compliant, non_compliant = n.get("compliant", 0), n.get("non_compliant", 0)
        targets = [t for o in run.outcomes if o.in_force for t in o.targets]
        monthly = int(people["monthly_vnd"].sum() or 0)
        row = {
            "province": province,
            "policies": [o.policy.id for o in run.outcomes if o.in_force],
            "not_in_force": [o.policy.id for o in run.outcomes if not o.in_force],
            "monthly_vnd": monthly,
            "yearly_vnd": monthly * 12,
            "one_time_vnd": int(people["one_time_vnd"].sum() or 0),
            "eligible": n.get("eligible", 0),
            "paid": people.filter((pl.col("monthly_vnd") > 0) | (pl.col("one_time_vnd") > 0)).height,
            "unknown": n.get("unknown", 0),
            "compliant": compliant,
            "non_compliant": non_compliant,
            "compliance_rate": round(compliant / (compliant + non_compliant), 4) if compliant + non_compliant else None,
            "targets_met": sum(1 for t in targets if t["met"]),
            "targets_not_met": sum(1 for t in targets if t["met"] is False),
            "targets_no_data": sum(1 for t in targets if t["met"] is None),
            "findings": _finding_counts(run),
            "by_policy": [t for o in run.outcomes if o.in_force and (t := o.totals()) is not None],
        }
        # the parts of the monthly cost that are ceilings ("không quá") or wait on a system's approved level
        row["monthly_ceiling_vnd"] = sum(t["monthly_vnd"] for t in row["by_policy"] if t.get("ceiling"))
        row["monthly_unapproved_vnd"] = sum(t.get("monthly_unapproved_vnd", 0) for t in row["by_policy"])
        if period is not None:
            mine = period.filter(pl.col("province") == province)
            row["period_vnd"] = int(mine["period_vnd"].sum() or 0)
            row["period_one_time_vnd"] = int(mine["one_time_vnd"].sum() or 0)
            row["person_months"] = int(mine["months_paid"].sum() or 0)
        out.append(row)
    return out


def _finding_counts(run):
    counts = {}
    for o in run.outcomes:
        if o.in_force and o.findings is not None and o.findings.height:
            for code, n in o.findings.group_by("code").len().sort("code").iter_rows():
                counts[code] = counts.get(code, 0) + n
    return counts


def targets(comparison, scenario):
    """Every target of every province, with its province."""
    return [
        {"province": p, **t}
        for p in comparison.provinces
        for o in scenario.runs[p].outcomes
        if o.in_force
        for t in o.targets
    ]


def changes(comparison):
    """The people whose outcome changes under the reform: per (policy, person) before and after."""
    if comparison.reformed is None:
        return pl.DataFrame()
    changed = sorted({p.province for p in comparison.reform.policies.values()})
    before = comparison.baseline.entries.filter(pl.col("province").is_in(changed))
    after = comparison.reformed.entries.filter(pl.col("province").is_in(changed))
    return who_changes(before, after, keys=("province", "policy", "staff_id"))


def describe_entry(row, lang, suffix=""):
    """One policy's outcome for one person in words (for the changes list)."""
    outcome = row.get(f"outcome{suffix}")
    if outcome is None:
        return "—"
    text = word(f"outcome_{outcome}", lang)
    if row.get(f"group{suffix}"):
        text += f" {row[f'group{suffix}']}"
    if row.get(f"amount_vnd{suffix}") is not None:
        text += " " + amount(row[f"amount_vnd{suffix}"], row.get(f"amount_period{suffix}"), lang)
        if row.get(f"paid{suffix}") is False:
            text += f" ({word('not_paid', lang)})"
    return text
