"""A comparison as people read it and machines take it. :func:`build` gathers everything once (the JSON
of the results contract, mode ``compare``); JSON, CSV, the terminal table and Markdown are written from
it here, Excel and HTML in their own modules."""
import json

import polars as pl

from . import compare as cmp
from .engine import Assessment
from .i18n import money, percent, text as tr, word
from .report import _results, _rows_table, figures as all_figures, findings as all_findings, people as all_people, \
    policy_entries, totals as all_totals
from .rules.targets import describe as describe_target
from .sidebyside import differences, province_names, rules_side_by_side

METRICS = [   # (key, vi, en, kind)
    ("monthly_vnd", "Chi trả mỗi tháng", "Monthly cost", "money"),
    ("yearly_vnd", "Ước tính 12 tháng", "Twelve months at that rate", "money"),
    ("one_time_vnd", "Hỗ trợ một lần", "One-time support", "money"),
    ("period_vnd", "Chi trả hằng tháng cả kỳ", "Monthly support over the period", "money"),
    ("period_one_time_vnd", "Hỗ trợ một lần trong kỳ", "One-time support in the period", "money"),
    ("person_months", "Số người-tháng được chi trả", "Person-months paid", "count"),
    ("eligible", "Số người đủ điều kiện", "Eligible", "count"),
    ("paid", "Số người được chi trả", "Paid", "count"),
    ("unknown", "Số người chưa xác định được mức", "Amount unknown", "count"),
    ("compliant", "Số người đáp ứng tiêu chuẩn", "Compliant", "count"),
    ("non_compliant", "Số người không đáp ứng", "Non-compliant", "count"),
    ("compliance_rate", "Tỉ lệ đáp ứng", "Compliance rate", "rate"),
    ("targets_met", "Mục tiêu đạt", "Targets met", "count"),
    ("targets_not_met", "Mục tiêu chưa đạt", "Targets not met", "count"),
]
PERIOD_ONLY = {"period_vnd", "period_one_time_vnd", "person_months"}


def metrics(report):
    """The summary's rows: those that apply (period figures only for a period)."""
    period = report["period"] is not None
    return [m for m in METRICS if period or m[0] not in PERIOD_ONLY]


def metric_label(m, lang):
    return m[1] if lang == "vi" else m[2]


def show(kind, value, lang):
    if value is None:
        return "—"
    return money(value, lang) if kind == "money" else percent(value, lang) if kind == "rate" else str(value)


def build(comparison, registry):
    """Everything the reports show, as plain data (the JSON)."""
    lang = comparison.lang
    names = province_names(registry)
    base = comparison.baseline
    runs = list(base.runs.values())
    merged = cmp_assessment(comparison, runs)
    totals, rules = cmp.province_totals(comparison, base), rules_side_by_side(comparison)
    report = {
        "as_of": comparison.as_of.isoformat(), "mode": "compare", "lang": lang,
        "period": _period(comparison),
        "provinces": [{"code": p, "name": names.get(p, p), "policies": [x.id for x in comparison.policies[p]]}
                      for p in comparison.provinces],
        "policies": policy_entries(merged),
        "findings": [{"province": p, **f} for p in comparison.provinces for f in all_findings(base.runs[p])],
        "targets": cmp.targets(comparison, base),
        "totals": [{"province": p, **t} for p in comparison.provinces for t in all_totals(base.runs[p])],
        "figures": [{"province": p, **f} for p in comparison.provinces for f in all_figures(base.runs[p])],
        "people": [{"province": p, **x} for p in comparison.provinces for x in all_people(base.runs[p])],
        "comparison": {
            "provinces": totals,
            "people": cmp.people(comparison, base),   # a frame: each writer takes what it needs
            "rules": rules,
            "differences": differences(comparison, rules, registry, names),
            "costs": costs(base),
        },
        "reform": _reform(comparison, totals, lang),
    }
    return report


def costs(scenario):
    """Money per province, policy and group: people paid and the sum, monthly and one-time apart."""
    e = scenario.entries.filter(pl.col("paid") & pl.col("amount_vnd").is_not_null())
    return (e.group_by("province", "policy", "group", "amount_period", maintain_order=True)
            .agg(pl.len().alias("people"), pl.col("amount_vnd").sum().alias("amount_vnd"))
            .sort("province", "policy", "group").to_dicts())


def cmp_assessment(comparison, runs):
    """The baseline's assessments as one (for the contract's lists of policies and results)."""
    return Assessment(comparison.as_of, "compare", comparison.lang, [o for r in runs for o in r.outcomes])


def _period(comparison):
    if not comparison.months:
        return None
    return {"from": comparison.months[0].strftime("%Y-%m"), "to": comparison.months[-1].strftime("%Y-%m"),
            "months": len(comparison.months), "rule": tr(cmp.MONTH_RULE, comparison.lang)}


def _reform(comparison, before, lang):
    """The reform beside the baseline (``before``: the baseline's province totals)."""
    reform = comparison.reform
    if reform is None:
        return None
    after = cmp.province_totals(comparison, comparison.reformed)
    keys = ("monthly_vnd", "yearly_vnd", "one_time_vnd", "period_vnd", "period_one_time_vnd", "eligible", "paid",
            "compliant", "non_compliant", "targets_met")
    changed = {p.province for p in reform.policies.values()}
    pairs = [(b, a) for b, a in zip(before, after) if a["province"] in changed]
    before, after = [b for b, _ in pairs], [a for _, a in pairs]
    delta = [{"province": a["province"], **{k: a[k] - b[k] for k in keys if k in a}} for b, a in pairs]
    changed = cmp.changes(comparison)
    rows = [{"province": r["province"], "policy": r["policy"], "staff_id": r["staff_id"], "full_name": r["full_name"],
             "before": cmp.describe_entry(r, lang), "after": cmp.describe_entry(r, lang, "_after"),
             "outcome": r["outcome"], "outcome_after": r["outcome_after"], "amount_vnd": r["amount_vnd"],
             "amount_vnd_after": r["amount_vnd_after"], "decision_after": r["decision_after"]}
            for r in changed.iter_rows(named=True)]
    in_effect = reform.start is None or reform.start <= comparison.as_of
    return {**reform.summary(lang), "in_effect": in_effect, "baseline": before, "provinces": after,
            "difference": delta, "changes": rows}


def reform_note(report):
    """Why a reform changes nothing when it starts after the date (or the period) assessed."""
    r, lang = report["reform"], report["lang"]
    if r["in_effect"]:
        return ""
    return (f"Thay đổi áp dụng từ {r['from']}, sau ngày đánh giá {report['as_of']}: chưa làm thay đổi kết quả "
            f"(dùng --on hoặc --from/--to từ ngày đó)." if lang == "vi" else
            f"The changes apply from {r['from']}, after the date assessed ({report['as_of']}): nothing changes yet "
            f"(use --on or --from/--to from that date).")


# --- JSON, CSV ----------------------------------------------------------------------------------


def write_json(comparison, report, out):
    """The results contract, mode ``compare``: ``results`` (the baseline's, every province's policies
    applied to everyone) and ``comparison.people`` written by polars, the rest from :func:`build`."""
    runs = list(comparison.baseline.runs.values())
    results = _results(cmp_assessment(comparison, runs))
    head = {k: report[k] for k in ("as_of", "mode", "lang", "period", "provinces", "policies")}
    middle = {k: report[k] for k in ("findings", "targets", "figures", "people", "totals")}
    compared = {k: v for k, v in report["comparison"].items() if k != "people"}
    people = report["comparison"]["people"]
    out.write(json.dumps(head, ensure_ascii=False, default=str)[:-1])
    out.write(', "results": ' + (results.write_json() if results.height else "[]"))
    out.write(", " + json.dumps(middle, ensure_ascii=False, default=str)[1:-1])
    out.write(', "comparison": ' + json.dumps(compared, ensure_ascii=False, default=str)[:-1])
    out.write(', "people": ' + (people.write_json() if people.height else "[]") + "}")
    out.write(', "reform": ' + json.dumps(report["reform"], ensure_ascii=False, default=str) + "}\n")


def write_csv(comparison, report, out):
    """One row per scenario, province, policy and person: the outcome, group, amount and deciding reason."""
    frames = [s.entries.with_columns(pl.lit(s.name).alias("scenario")) for s in comparison.scenarios]
    frame = pl.concat(frames).select("scenario", *cmp.ENTRY_SCHEMA)
    out.write(frame.write_csv())


# --- the terminal table and Markdown --------------------------------------------------------------


def _province_header(report):
    return [p["name"] for p in report["provinces"]]


def summary_rows(report, totals=None):
    lang = report["lang"]
    totals = totals or report["comparison"]["provinces"]
    return [[metric_label(m, lang)] + [show(m[3], t.get(m[0]), lang) for t in totals] for m in metrics(report)]


def reform_figures(report):
    """The reform's figures: (province name, metric, baseline, reform, difference) for every figure of a
    changed province that is not zero on both sides."""
    r = report["reform"]
    names = {p["code"]: p["name"] for p in report["provinces"]}
    for b, a, d in zip(r["baseline"], r["provinces"], r["difference"]):
        for m in metrics(report):
            if m[0] in d and (b[m[0]] or a[m[0]]):
                yield names[b["province"]], m, b[m[0]], a[m[0]], d[m[0]]


def reform_rows(report):
    """The reform's figures in words, the difference signed."""
    lang = report["lang"]
    return [[name, metric_label(m, lang), show(m[3], before, lang), show(m[3], after, lang),
             ("+" if delta > 0 else "") + show(m[3], delta, lang)]
            for name, m, before, after, delta in reform_figures(report)]


def people_rows(report, limit=None):
    """Per person (the first ``limit`` people, or all): id, name, then each province's verdict, with the
    period's amount for a period. Worded here, for the people shown only."""
    lang = report["lang"]
    frame = report["comparison"]["people"]
    if limit is not None:
        frame = frame.filter(pl.col("staff_id").is_in(frame["staff_id"].unique(maintain_order=True).head(limit).implode()))
    column = {p["code"]: i + 2 for i, p in enumerate(report["provinces"])}
    rows = []
    for e in frame.iter_rows(named=True):   # sorted by person: a new row at each new person
        if not rows or rows[-1][0] != e["staff_id"]:
            rows.append([e["staff_id"], e["full_name"]] + [word("outcome_not_applicable", lang)] * len(column))
        text = cmp.verdict(e["outcomes"], lang)
        if report["period"] and (e["period_vnd"] or e["period_one_time_vnd"]):
            text += (f" [{word('whole_period', lang)}: {money(e['period_vnd'] + e['period_one_time_vnd'], lang)}, "
                     f"{word('month_count', lang, count=e['months_paid'])}]")
        rows[-1][column[e["province"]]] = text
    return rows


def when(report):
    """The date, or the period with its months and the rule a month is counted by."""
    lang = report["lang"]
    if report["period"]:
        p = report["period"]
        return (f"{word('cmp_period', lang)}: {p['from']} → {p['to']} "
                f"({word('month_count', lang, count=p['months'])}; {p['rule']})")
    return f"{word('cmp_on', lang)}: {report['as_of']}"


def write_text(report, out, markdown=False):
    """The terminal table (``markdown=False``) or a Markdown document: the same sections."""
    lang = report["lang"]
    provinces = _province_header(report)
    heading = (lambda t, level=2: out.write(f"\n{'#' * level} {t}\n\n")) if markdown else \
        (lambda t, level=2: out.write(f"\n== {t}\n"))
    table = _md_table if markdown else _rows_table
    out.write(f"# {word('cmp_title', lang)}\n\n" if markdown else f"{word('cmp_title', lang)}\n")
    out.write(f"{when(report)}\n{word('cmp_as_if', lang)}\n")
    heading(word("cmp_summary", lang))
    out.write(table(["", *provinces], summary_rows(report)) + "\n")
    heading(word("cmp_differences", lang))
    for d in report["comparison"]["differences"]:
        out.write(f"- {d['text']}\n")
    if report["reform"]:
        r = report["reform"]
        heading(f"{word('cmp_reform', lang)}: {r['title']} ({r['from'] or r['source']})")
        if reform_note(report):
            out.write(reform_note(report) + "\n")
        out.write(table([word("cmp_province", lang), "", word("cmp_baseline", lang), word("cmp_reformed", lang), word("cmp_delta", lang)],
                        reform_rows(report)) + "\n")
        heading(word("cmp_changes", lang), 3)
        changes = [[c["staff_id"], c["full_name"], c["policy"], c["before"], c["after"]] for c in r["changes"]]
        out.write((table([word("col_id", lang), word("col_name", lang),
                          word("col_policy", lang), word("cmp_baseline", lang), word("cmp_reformed", lang)],
                         changes) if changes else word("cmp_no_changes", lang)) + "\n")
    heading(word("cmp_rules", lang))
    for row in report["comparison"]["rules"]:
        cells = [[name, "; ".join(f"{c['label']}: {c['text']}" for c in row["cells"].get(p["code"], [])) or "—"]
                 for p, name in zip(report["provinces"], provinces)
                 if "." not in row["key"] or p["code"] in row["cells"]]   # a province's own rule: its own line
        if markdown:
            out.write(f"**{row['label']}**\n\n" + "".join(f"- {n}: {t}\n" for n, t in cells) + "\n")
        else:
            out.write(f"{row['label']}\n" + "".join(f"   {n}: {t}\n" for n, t in cells))
    heading(word("cmp_targets", lang))
    trows = []
    for t in report["targets"]:
        d = describe_target(t, lang)
        name = next(p["name"] for p in report["provinces"] if p["code"] == t["province"])
        trows.append([name, t["label"], d["value"], d["goal"], d["status"]])
    out.write(table([word("cmp_province", lang), word("cmp_targets", lang), word("col_value", lang),
                     word("col_goal", lang), word("col_result", lang)], trows) + "\n")
    heading(word("cmp_people", lang))
    if markdown:
        out.write(table([word("col_id", lang), word("col_name", lang), *provinces],
                        people_rows(report)) + "\n")
        return
    for row in people_rows(report):   # a block a person: three verdicts side by side would not fit a terminal
        out.write(f"{row[0]}  {row[1]}\n" + "".join(f"   {n}: {t}\n" for n, t in zip(provinces, row[2:])))


def _md_table(headers, rows):
    esc = lambda v: str(v).replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(esc(x) for x in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(esc(x) for x in r) + " |" for r in rows]
    return "\n".join(lines)
