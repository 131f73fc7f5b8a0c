"""Text people read: the terminal table of an assessment and of a comparison, and the comparison as
Markdown (the same sections as its terminal table)."""

import polars as pl

from ..i18n import amount, money, number, word
from ..rules.results import describe_figure, describe_person, describe_target, notes, paying
from .rows import (
    human_date,
    people_count,
    people_rows,
    provenance_footer,
    provenance_rows,
    provenance_title,
    reform_note,
    reform_rows,
    summary_rows,
    when,
)
from .safe import line_text, md_text

# The terminal table shows at most this many rows of each section (people, findings, changes) unless asked
# for all (``--all``): the totals come first and stay whole, a line says how many more there are, and the
# formats that hold every row. At a province's or the country's size a screen of 100 000 rows is unread.
SHOWN = 200
WHOLE = "csv/json/xlsx/parquet"


def _more(out, total, shown, lang, what="people", indent=""):
    """The line under a section cut at ``shown`` rows (nothing when it was not)."""
    if shown is not None and total > shown:
        more = word(f"more_{what}", lang, count=number(total - shown, lang))
        out.write(indent + more + word("more_where", lang, formats=WHOLE) + "\n")


def _rows_table(headers, rows):
    headers, rows = [line_text(h) for h in headers], [[line_text(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    widths[-1] = 0  # the last column is free text: no padding

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w if w else "-" * 20 for w in widths]), *map(line, rows)])


def write_assessment(assessment, out, provenance=None, shown=None):
    """An assessment as the terminal table: policy by policy, then each person's total; what produced it
    (``provenance``) in lines at the end. ``shown``: at most that many rows of each section (None: all)."""
    lang = assessment.lang
    vi = lang == "vi"
    date = assessment.as_of.strftime("%d/%m/%Y")
    out.write(("Ngày đánh giá: " if vi else "Assessed on: ") + date + "\n")
    for o in assessment.outcomes:
        p = o.policy
        doc = p.data["document"]
        since = p.in_force_from.strftime("%d/%m/%Y") + (
            f" ({word('unknown_date', lang)})" if p.in_force_unknown else ""
        )
        out.write(
            f"\n== {p.id}: {p.title(lang)}\n   {doc.get('number') or word('no_number', lang)} — {doc['issuer']}"
            f" — {'hiệu lực từ' if vi else 'in force from'} {since}\n"
        )
        if not o.in_force:
            out.write(
                "   Chính sách không có hiệu lực vào ngày đánh giá: không có kết quả.\n"
                if vi
                else "   Not in force on the assessment date: no outcome.\n"
            )
            continue
        if o.deciders:
            _write_results(o, lang, out, shown)
        if o.findings.height:
            out.write("\n" + ("Phát hiện:" if vi else "Findings:") + "\n")
            for f in (o.findings if shown is None else o.findings.head(shown)).iter_rows(named=True):
                out.write(line_text(f" - [{f['code']}] {f['id']}: {f['message']} ({f['citation']})") + "\n")
            _more(out, o.findings.height, shown, lang, "findings", " ")
        if o.targets:
            _write_targets(o.targets, lang, out)
        if o.figures:
            _write_figures(o.figures, lang, out)
        for n in notes(o, lang):
            out.write(("Ghi chú: " if vi else "Note: ") + line_text(n) + "\n")
        t = o.totals()
        if t and "monthly_vnd" in t:
            _write_money_totals(t, lang, out)
        if t and "compliant" in t:
            out.write(
                (
                    "\nTổng: {c} người đáp ứng, {n} người không đáp ứng, {a} người không thuộc đối tượng\n"
                    if vi
                    else "\nTotal: {c} compliant, {n} non-compliant, {a} not applicable\n"
                ).format(c=t["compliant"], n=t["non_compliant"], a=t["not_applicable"])
            )
    # what each person receives in all, when several policies pay (one policy: its own table says it)
    several = len(paying(assessment.outcomes)) > 1
    if several and assessment.people is not None and assessment.people.height:
        _write_people(assessment.people, lang, out, shown)
    if provenance:
        out.write("\n" + "".join(line_text(x) + "\n" for x in provenance_footer(provenance, lang)))


def _write_money_totals(t, lang, out):
    vi = lang == "vi"
    parts = [word("total_eligible", lang, count=t["eligible"])]
    if t["monthly_vnd"] or t.get("one_time_vnd"):
        parts.append(word("total_paid", lang, count=t["paid"]))
    if t["monthly_vnd"]:
        ceiling = f"{word('ceiling', lang)} " if t.get("ceiling") else ""
        parts.append(ceiling + amount(t["monthly_vnd"], "month", lang))
    if t.get("one_time_vnd"):
        parts.append(amount(t["one_time_vnd"], "once", lang))
    if t.get("unknown"):
        parts.append(word("total_unknown", lang, count=t["unknown"]))
    out.write(("\nTổng: " if vi else "\nTotal: ") + ", ".join(parts) + "\n")


def _write_people(frame, lang, out, shown=None):
    """Everyone who receives something, with what in all, across the policies assessed together."""
    vi = lang == "vi"
    out.write(
        "\n== "
        + (
            "Theo từng người: tất cả những gì mỗi người được hưởng"
            if vi
            else "Per person: everything each person receives"
        )
        + "\n"
    )
    headers = (
        ["Mã", "Họ tên", "Tổng/tháng", "Một lần", "Được hưởng", "Lưu ý"]
        if vi
        else ["Id", "Name", "Monthly", "Once", "Receives", "Note"]
    )
    rows = []
    for p in (frame if shown is None else frame.head(shown)).iter_rows(named=True):
        note = [word("must_choose_between", lang, policies=" / ".join(pair)) for pair in p["must_choose"]]
        if p["unknown"]:
            note.append(word("amount_unknown_short", lang))
        rows.append(
            [
                p["staff_id"],
                p["full_name"],
                money(p["monthly_vnd"], lang) if p["monthly_vnd"] else "",
                money(p["one_time_vnd"], lang) if p["one_time_vnd"] else "",
                describe_person(p, lang),
                "; ".join(note),
            ]
        )
    # the note is the free-text column; "receives" is long but bounded
    out.write(_rows_table(headers, rows) + "\n")
    _more(out, frame.height, shown, lang)


def _write_results(o, lang, out, shown=None):
    vi = lang == "vi"
    results = o.outcomes if shown is None else o.outcomes.head(shown)
    headers = (
        ["Mã", "Họ tên", "Đơn vị", "Kết quả", "Nhóm", "Mức", "Lý do"]
        if vi
        else ["Id", "Name", "Unit", "Outcome", "Group", "Amount", "Reason"]
    )
    rows = []
    for r in results.iter_rows(named=True):
        outcome = word(f"outcome_{r['outcome']}", lang)
        if r["outcome"] == "eligible" and not r.get("paid", True):
            outcome += " *"
        rows.append(
            [
                r["staff_id"],
                r["full_name"],
                r["unit_id"],
                outcome,
                r["group"] or "",
                "" if r["amount_vnd"] is None else amount(r["amount_vnd"], r.get("amount_period"), lang),
                r["decision"] or "",
            ]
        )
    if "paid" not in results.columns:  # no money in this policy: no group or amount columns
        headers = headers[:4] + headers[6:]
        rows = [row[:4] + row[6:] for row in rows]
    out.write(
        _rows_table(headers, rows) + "\n"
        if rows
        else ("   (không có ai thuộc đối tượng)\n" if vi else "   (nobody the policy speaks about)\n")
    )
    _more(out, o.outcomes.height, shown, lang)
    results = o.outcomes
    if "paid" in results.columns and results.filter((pl.col("outcome") == "eligible") & ~pl.col("paid")).height:
        out.write("   * " + word("not_paid_cap", lang) + "\n")


LABEL_WIDTH = 70


def _write_targets(targets, lang, out):
    """Targets as their own table: value, goal (the milestone that applies), met or not, what is missing."""
    vi = lang == "vi"
    out.write("\n" + ("Mục tiêu:" if vi else "Targets:") + "\n")
    headers = (
        ["Mục tiêu", "Giá trị", "Chỉ tiêu", "Kết quả", "Còn thiếu"]
        if vi
        else ["Target", "Value", "Goal", "Result", "Missing"]
    )
    rows = []
    for t in targets:
        d = describe_target(t, lang)
        label = t["label"] if len(t["label"]) <= LABEL_WIDTH else t["label"][: LABEL_WIDTH - 1] + "…"
        rows.append([label, d["value"], d["goal"], d["status"], d["missing"]])
    out.write(_rows_table(headers, rows) + "\n")
    for citation in dict.fromkeys(t["citation"] for t in targets):
        out.write(f"   ({citation})\n")


def _write_figures(figures, lang, out):
    """Figures counted from the dataset beside the source's own (baselines)."""
    vi = lang == "vi"
    out.write("\n" + ("Số liệu:" if vi else "Figures:") + "\n")
    headers = (
        ["Số liệu", "Bộ dữ liệu", "Bình quân", "Nguồn báo cáo"]
        if vi
        else ["Figure", "Dataset", "Per", "The source reports"]
    )
    rows = []
    for f in figures:
        d = describe_figure(f, lang)
        label = f["label"] if len(f["label"]) <= LABEL_WIDTH else f["label"][: LABEL_WIDTH - 1] + "…"
        rows.append([label, d["value"], d["per"], d["baseline"]])
        for r in f["rows"]:
            rows.append([f"   {r['year']} · {r['topic']}", str(r["value"]), "", ""])
    out.write(_rows_table(headers, rows) + "\n")
    for citation in dict.fromkeys(
        c for f in figures for c in (f["citation"], (f["baseline"] or {}).get("citation")) if c
    ):
        out.write(f"   ({citation})\n")


# --- a comparison: the terminal table and Markdown ---------------------------------------------


def _province_header(report):
    return [p["name"] for p in report["provinces"]]


def write_comparison(report, out, markdown=False, shown=None):
    """The terminal table (``markdown=False``) or a Markdown document: the same sections; ``shown``: at most
    that many people in each list of people (None: all)."""
    lang = report["lang"]
    provinces = _province_header(report)

    def heading(title, level=2):
        out.write(f"\n{'#' * level} {title}\n\n" if markdown else f"\n== {title}\n")

    table = _md_table if markdown else _rows_table
    cell = md_text if markdown else line_text
    out.write(f"# {word('cmp_title', lang)}\n\n" if markdown else f"{word('cmp_title', lang)}\n")
    out.write(f"{when(report)}\n{word('cmp_as_if', lang)}\n")
    heading(word("cmp_summary", lang))
    out.write(table(["", *provinces], summary_rows(report)) + "\n")
    heading(word("cmp_differences", lang))
    for d in report["comparison"]["differences"]:
        out.write(f"- {cell(d['text'])}\n")
    if report["reform"]:
        r = report["reform"]
        heading(f"{word('cmp_reform', lang)}: {cell(r['title'])} ({cell(human_date(r['from']) or r['source'])})")
        if reform_note(report):
            out.write(reform_note(report) + "\n")
        out.write(
            table(
                [
                    word("cmp_province", lang),
                    "",
                    word("cmp_baseline", lang),
                    word("cmp_reformed", lang),
                    word("cmp_delta", lang),
                ],
                reform_rows(report),
            )
            + "\n"
        )
        heading(word("cmp_changes", lang), 3)
        listed = r["changes"] if shown is None else r["changes"][:shown]
        changes = [[c["staff_id"], c["full_name"], c["policy"], c["before"], c["after"]] for c in listed]
        headers = [word(k, lang) for k in ("col_id", "col_name", "col_policy", "cmp_baseline", "cmp_reformed")]
        out.write((table(headers, changes) if changes else word("cmp_no_changes", lang)) + "\n")
        _more(out, len(r["changes"]), shown, lang, "rows")
    heading(word("cmp_rules", lang))
    for row in report["comparison"]["rules"]:
        # a province's own rule (a key with a dot): only that province's line
        cells = [
            [cell(name), cell("; ".join(f"{c['label']}: {c['text']}" for c in row["cells"].get(p["code"], [])) or "—")]
            for p, name in zip(report["provinces"], provinces)
            if "." not in row["key"] or p["code"] in row["cells"]
        ]
        if markdown:
            out.write(f"**{cell(row['label'])}**\n\n" + "".join(f"- {n}: {t}\n" for n, t in cells) + "\n")
        else:
            out.write(f"{cell(row['label'])}\n" + "".join(f"   {n}: {t}\n" for n, t in cells))
    heading(word("cmp_targets", lang))
    trows = []
    for t in report["targets"]:
        d = describe_target(t, lang)
        name = next(p["name"] for p in report["provinces"] if p["code"] == t["province"])
        trows.append([name, t["label"], d["value"], d["goal"], d["status"]])
    out.write(
        table(
            [
                word("cmp_province", lang),
                word("cmp_targets", lang),
                word("col_value", lang),
                word("col_goal", lang),
                word("col_result", lang),
            ],
            trows,
        )
        + "\n"
    )
    heading(word("cmp_people", lang))
    if markdown:  # a line a person, written as worded: the country's table is never held whole
        out.write(_md_table([word("col_id", lang), word("col_name", lang), *provinces], []) + "\n")
        for row in people_rows(report, shown):
            out.write(_md_row(row) + "\n")
    else:
        for row in people_rows(report, shown):  # a block a person: three verdicts side by side would not fit
            row = [cell(c) for c in row]
            out.write(f"{row[0]}  {row[1]}\n" + "".join(f"   {cell(n)}: {t}\n" for n, t in zip(provinces, row[2:])))
    if shown is not None:
        _more(out, people_count(report), shown, lang)
    prov = report.get("provenance")
    if prov and markdown:
        heading(provenance_title(lang))
        out.write("".join(f"- **{md_text(k)}**: {md_text(v)}\n" for k, v in provenance_rows(prov, lang)))
    elif prov:
        out.write("\n" + "".join(line_text(x) + "\n" for x in provenance_footer(prov, lang)))


def _md_table(headers, rows):
    lines = [_md_row(headers), "|" + "---|" * len(headers)]
    lines += [_md_row(r) for r in rows]
    return "\n".join(lines)


def _md_row(cells):
    return "| " + " | ".join(md_text(x) for x in cells) + " |"
