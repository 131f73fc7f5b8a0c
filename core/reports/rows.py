"""A comparison's rows as people read them — the summary, the reform's figures, each person's verdicts,
the date or period — shared by the terminal, Markdown, HTML and Excel writers."""

import polars as pl

from ..compare.people import verdict
from ..i18n import money, percent, word

METRICS = [  # (key, vi, en, kind)
    ("monthly_vnd", "Chi trả mỗi tháng", "Monthly cost", "money"),
    ("monthly_ceiling_vnd", "— trong đó mức tối đa (không quá)", "— of which ceilings (at most)", "money"),
    ("monthly_unapproved_vnd", "— trong đó hệ thống chưa phê duyệt cấp độ", "— of which unapproved systems", "money"),
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
OF_WHICH = {"monthly_ceiling_vnd", "monthly_unapproved_vnd"}  # shown when some province has any


def metrics(report):
    """The summary's rows: those that apply (period figures only for a period; the parts of the monthly
    cost that are ceilings or wait on a system's approval only when there are such parts)."""
    period = report["period"] is not None
    provinces = report["comparison"]["provinces"]
    parts = {k for k in OF_WHICH if any(t.get(k) for t in provinces)}
    return [m for m in METRICS if (period or m[0] not in PERIOD_ONLY) and (m[0] not in OF_WHICH or m[0] in parts)]


def metric_label(m, lang):
    return m[1] if lang == "vi" else m[2]


def show(kind, value, lang):
    if value is None:
        return "—"
    return money(value, lang) if kind == "money" else percent(value, lang) if kind == "rate" else str(value)


def reform_note(report):
    """Why a reform changes nothing when it starts after the date (or the period) assessed."""
    r, lang = report["reform"], report["lang"]
    if r["in_effect"]:
        return ""
    return (
        (
            f"Thay đổi áp dụng từ {human_date(r['from'])}, sau ngày đánh giá {human_date(report['as_of'])}: "
            f"chưa làm thay đổi kết quả "
            f"(dùng --on hoặc --from/--to từ ngày đó)."
        )
        if lang == "vi"
        else (
            f"The changes apply from {human_date(r['from'])}, after the date assessed "
            f"({human_date(report['as_of'])}): nothing changes yet "
            f"(use --on or --from/--to from that date)."
        )
    )


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
    return [
        [
            name,
            metric_label(m, lang),
            show(m[3], before, lang),
            show(m[3], after, lang),
            ("+" if delta > 0 else "") + show(m[3], delta, lang),
        ]
        for name, m, before, after, delta in reform_figures(report)
    ]


def people_slices(report):
    """The per-person comparison (``report["comparison"]["people"]``) a slice of people at a time, in its
    order: built slice by slice when the report can (:func:`vnpolicy.compare.results.build`), else the
    whole frame as one slice."""
    sliced = _sliced(report)
    return [report["comparison"]["people"]] if sliced is None else sliced


def people_count(report):
    """How many people the per-person comparison lists (without building it when it comes in slices)."""
    sliced = _sliced(report)
    return report["comparison"]["people"]["staff_id"].n_unique() if sliced is None else len(sliced)


def _sliced(report):
    slices = getattr(report["comparison"], "slices", None)
    return None if slices is None else slices("people")


def people_rows(report, limit=None):
    """Per person (the first ``limit`` people, or all): id, name, then each province's verdict, with the
    period's amount for a period. Worded here, for the people shown only, a person at a time, from a slice
    of people at a time (the whole country's rows are never held at once)."""
    lang = report["lang"]
    column = {p["code"]: i + 2 for i, p in enumerate(report["provinces"])}
    left = limit
    row = None
    for frame in people_slices(report):  # a person's rows are all in one slice
        if left is not None:
            first = frame["staff_id"].unique(maintain_order=True).head(left)
            frame, left = frame.filter(pl.col("staff_id").is_in(first.implode())), left - first.len()
        for e in frame.iter_rows(named=True):  # sorted by person: a new row at each new person
            if row is None or row[0] != e["staff_id"]:
                if row is not None:
                    yield row
                row = [e["staff_id"], e["full_name"]] + [word("outcome_not_applicable", lang)] * len(column)
            text = verdict(e["outcomes"], lang)
            if report["period"] and (e["period_vnd"] or e["period_one_time_vnd"]):
                text += (
                    f" [{word('whole_period', lang)}: {money(e['period_vnd'] + e['period_one_time_vnd'], lang)}, "
                    f"{word('month_count', lang, count=e['months_paid'])}]"
                )
            row[column[e["province"]]] = text
        if left == 0:
            break
    if row is not None:
        yield row


def when(report):
    """The date, or the period with its months and the rule a month is counted by."""
    lang = report["lang"]
    if report["period"]:
        p = report["period"]
        return (
            f"{word('cmp_period', lang)}: {human_date(p['from'])} → {human_date(p['to'])} "
            f"({word('month_count', lang, count=p['months'])}; {p['rule']})"
        )
    return f"{word('cmp_on', lang)}: {human_date(report['as_of'])}"


def human_date(iso):
    """An ISO date (``yyyy-mm-dd``) or month (``yyyy-mm``) as people read it: dd/mm/yyyy, mm/yyyy."""
    if not iso:
        return iso
    parts = str(iso).split("-")
    return "/".join(reversed(parts)) if len(parts) in (2, 3) and all(x.isdigit() for x in parts) else str(iso)


def provenance_rows(prov, lang):
    """What produced the report (the plain data of :func:`vnpolicy.rules.provenance.provenance`) as
    (label, text) rows, dates dd/mm/yyyy: the dataset, the date or period, the policies, the readings and
    overrides, the version."""
    vi = lang == "vi"
    datasets = [prov["dataset"]] if "dataset" in prov else prov["datasets"]
    shown = " → ".join(f"{d['path']} (sha256 {d['sha256']})" for d in datasets)
    if prov.get("vs"):
        when_ = ("Ngày" if vi else "Dates", f"{human_date(prov['as_of'])} → {human_date(prov['vs'])}")
    elif prov["period"]:
        p = prov["period"]
        when_ = ("Kỳ" if vi else "Period", f"{human_date(p['from'])} → {human_date(p['to'])}")
    elif not prov["period"]:
        when_ = ("Ngày đánh giá" if vi else "Assessed on", human_date(prov["as_of"]))
    policies = "; ".join(
        f"{p['id']} ({p['document'] or ('không số' if vi else 'no number')}, sha256 {p['sha256']})"
        for p in prov["policies"]
    )
    chosen = [f"--reading {r}" for r in prov["readings"]] + [f"--set {s}" for s in prov["sets"]]
    if prov["reform"]:
        chosen.append(f"--reform {prov['reform']['path']} (sha256 {prov['reform']['sha256']})")
    as_written = "theo văn bản (mặc định)" if vi else "as written (the defaults)"
    return [
        ("Bộ dữ liệu" if vi else "Dataset", shown),
        when_,
        ("Chính sách" if vi else "Policies", policies),
        ("Cách hiểu, thay đổi" if vi else "Readings, overrides", "; ".join(chosen) or as_written),
        ("Phiên bản vnpolicy" if vi else "vnpolicy version", prov["vnpolicy"]),
    ]


def provenance_title(lang):
    return "Nguồn" if lang == "vi" else "Provenance"


def provenance_footer(prov, lang):
    """The terminal's lines at the end of a table: three lines."""
    rows = dict(provenance_rows(prov, lang))
    keys = list(rows)
    return [
        f"{provenance_title(lang)}: {keys[0].lower()} {rows[keys[0]]}; {keys[1].lower()} {rows[keys[1]]};"
        f" vnpolicy {rows[keys[4]]}",
        f"{keys[2]}: {rows[keys[2]]}",
        f"{keys[3]}: {rows[keys[3]]}",
    ]
