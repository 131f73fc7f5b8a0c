"""Turning an assessment into what people read or machines take: JSON (the results contract),
text tables, CSV. Files are written whole or not at all."""
import io
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from .i18n import amount, money, text as tr, word
from .people import describe as describe_person, paying
from .rules.figures import describe as describe_figure
from .rules.targets import describe as describe_target

RESULT_COLUMNS = ("policy", "staff_id", "full_name", "unit_id", "outcome", "group", "amount_vnd", "amount_period",
                  "paid", "decision", "reasons", "assumptions")


def _results(assessment):
    frames = [o.results.select([c for c in RESULT_COLUMNS if c in o.results.columns])
              for o in assessment.outcomes if o.in_force and o.results is not None]
    if not frames:
        return pl.DataFrame()
    results = pl.concat(frames, how="diagonal_relaxed")
    return results.select([c for c in RESULT_COLUMNS if c in results.columns])


def notes(outcome, lang):
    """The policy's own notes, then what the assessment noted (dossier items it cannot check)."""
    return [tr(n, lang) for n in outcome.policy.data.get("notes", [])] + [n["message"] for n in outcome.notes]


def policy_entries(assessment):
    out = []
    for o in assessment.outcomes:
        entry = o.policy.summary(assessment.as_of, assessment.lang)
        entry["notes"] = notes(o, assessment.lang)
        out.append(entry)
    return out


def findings(assessment):
    frames = [o.findings for o in assessment.outcomes if o.in_force and o.findings is not None and o.findings.height]
    return pl.concat(frames).to_dicts() if frames else []


def targets(assessment):
    return [t for o in assessment.outcomes if o.in_force for t in o.targets]


def figures(assessment):
    return [f for o in assessment.outcomes if o.in_force for f in o.figures]


def people(assessment):
    return assessment.people.to_dicts() if assessment.people is not None else []


def totals(assessment):
    return [t for o in assessment.outcomes if o.in_force and (t := o.totals()) is not None]


def write_json(assessment, out):
    """The results contract (schemas/results.schema.json). ``results`` is serialised by polars."""
    head = {"as_of": assessment.as_of.isoformat(), "mode": assessment.mode, "lang": assessment.lang,
            "policies": policy_entries(assessment)}
    tail = {"findings": findings(assessment), "targets": targets(assessment), "figures": figures(assessment),
            "people": people(assessment), "totals": totals(assessment)}
    results = _results(assessment)
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(', "results": ')
    out.write(results.write_json() if results.height else "[]")
    out.write(", " + json.dumps(tail, ensure_ascii=False)[1:])
    out.write("\n")


def write_csv(assessment, out):
    results = _results(assessment)
    if not results.height:
        out.write(",".join(c for c in RESULT_COLUMNS if c != "reasons") + "\n")
        return
    table = results.drop("reasons")
    table = table.with_columns(pl.col("assumptions").list.join("; "))
    out.write(table.write_csv())


def _rows_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    widths[-1] = 0  # the last column is free text: no padding
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w if w else "-" * 20 for w in widths]), *map(line, rows)])


def write_table(assessment, out):
    lang = assessment.lang
    vi = lang == "vi"
    date = assessment.as_of.strftime("%d/%m/%Y")
    out.write(("Ngày đánh giá: " if vi else "Assessed on: ") + date + "\n")
    for o in assessment.outcomes:
        p = o.policy
        doc = p.data["document"]
        since = p.in_force_from.strftime('%d/%m/%Y') + (f" ({word('unknown_date', lang)})" if p.in_force_unknown else "")
        out.write(f"\n== {p.id}: {p.title(lang)}\n   {doc.get('number') or word('no_number', lang)} — {doc['issuer']}"
                  f" — {'hiệu lực từ' if vi else 'in force from'} {since}\n")
        if not o.in_force:
            out.write(("   Chính sách không có hiệu lực vào ngày đánh giá: không có kết quả.\n" if vi else
                       "   Not in force on the assessment date: no outcome.\n"))
            continue
        if o.deciders:
            _write_results(o, lang, out)
        if o.findings.height:
            out.write("\n" + ("Phát hiện:" if vi else "Findings:") + "\n")
            for f in o.findings.iter_rows(named=True):
                out.write(f" - [{f['code']}] {f['id']}: {f['message']} ({f['citation']})\n")
        if o.targets:
            _write_targets(o.targets, lang, out)
        if o.figures:
            _write_figures(o.figures, lang, out)
        for n in notes(o, lang):
            out.write(("Ghi chú: " if vi else "Note: ") + n + "\n")
        t = o.totals()
        if t and "monthly_vnd" in t:
            _write_money_totals(t, lang, out)
        if t and "compliant" in t:
            out.write(("\nTổng: {c} người đáp ứng, {n} người không đáp ứng, {a} người không thuộc đối tượng\n" if vi else
                       "\nTotal: {c} compliant, {n} non-compliant, {a} not applicable\n").format(
                c=t["compliant"], n=t["non_compliant"], a=t["not_applicable"]))
    if len(paying(assessment.outcomes)) > 1 and assessment.people is not None and assessment.people.height:   # one policy: its own table says it
        _write_people(assessment.people, lang, out)


def _write_money_totals(t, lang, out):
    vi = lang == "vi"
    parts = [word("total_eligible", lang, count=t["eligible"])]
    if t["monthly_vnd"] or t.get("one_time_vnd"):
        parts.append(word("total_paid", lang, count=t["paid"]))
    if t["monthly_vnd"]:
        parts.append(amount(t["monthly_vnd"], "month", lang))
    if t.get("one_time_vnd"):
        parts.append(amount(t["one_time_vnd"], "once", lang))
    if t.get("unknown"):
        parts.append(word("total_unknown", lang, count=t["unknown"]))
    out.write(("\nTổng: " if vi else "\nTotal: ") + ", ".join(parts) + "\n")


def _write_people(frame, lang, out):
    """Everyone who receives something, with what in all, across the policies assessed together."""
    vi = lang == "vi"
    out.write("\n== " + ("Theo từng người: tất cả những gì mỗi người được hưởng" if vi else
                         "Per person: everything each person receives") + "\n")
    headers = (["Mã", "Họ tên", "Tổng/tháng", "Một lần", "Được hưởng", "Lưu ý"] if vi else
               ["Id", "Name", "Monthly", "Once", "Receives", "Note"])
    rows = []
    for p in frame.iter_rows(named=True):
        note = [word("must_choose_between", lang, policies=" / ".join(pair)) for pair in p["must_choose"]]
        if p["unknown"]:
            note.append(word("amount_unknown_short", lang))
        rows.append([p["staff_id"], p["full_name"], money(p["monthly_vnd"], lang) if p["monthly_vnd"] else "",
                     money(p["one_time_vnd"], lang) if p["one_time_vnd"] else "",
                     describe_person(p, lang), "; ".join(note)])
    # the note is the free-text column; "receives" is long but bounded
    out.write(_rows_table(headers, rows) + "\n")


def _write_results(o, lang, out):
    vi = lang == "vi"
    results = o.outcomes
    headers = (["Mã", "Họ tên", "Đơn vị", "Kết quả", "Nhóm", "Mức", "Lý do"] if vi else
               ["Id", "Name", "Unit", "Outcome", "Group", "Amount", "Reason"])
    rows = []
    for r in results.iter_rows(named=True):
        outcome = word(f"outcome_{r['outcome']}", lang)
        if r["outcome"] == "eligible" and not r.get("paid", True):
            outcome += " *"
        rows.append([r["staff_id"], r["full_name"], r["unit_id"], outcome, r["group"] or "",
                     "" if r["amount_vnd"] is None else amount(r["amount_vnd"], r.get("amount_period"), lang),
                     r["decision"] or ""])
    if "paid" not in results.columns:   # no money in this policy: no group or amount columns
        headers = headers[:4] + headers[6:]
        rows = [row[:4] + row[6:] for row in rows]
    out.write(_rows_table(headers, rows) + "\n" if rows else
              ("   (không có ai thuộc đối tượng)\n" if vi else "   (nobody the policy speaks about)\n"))
    if "paid" in results.columns and results.filter((pl.col("outcome") == "eligible") & ~pl.col("paid")).height:
        out.write("   * " + word("not_paid_cap", lang) + "\n")


LABEL_WIDTH = 70


def _write_targets(targets, lang, out):
    """Targets as their own table: value, goal (the milestone that applies), met or not, what is missing."""
    vi = lang == "vi"
    out.write("\n" + ("Mục tiêu:" if vi else "Targets:") + "\n")
    headers = (["Mục tiêu", "Giá trị", "Chỉ tiêu", "Kết quả", "Còn thiếu"] if vi else
               ["Target", "Value", "Goal", "Result", "Missing"])
    rows = []
    for t in targets:
        d = describe_target(t, lang)
        label = t["label"] if len(t["label"]) <= LABEL_WIDTH else t["label"][:LABEL_WIDTH - 1] + "…"
        rows.append([label, d["value"], d["goal"], d["status"], d["missing"]])
    out.write(_rows_table(headers, rows) + "\n")
    for citation in dict.fromkeys(t["citation"] for t in targets):
        out.write(f"   ({citation})\n")


def _write_figures(figures, lang, out):
    """Figures counted from the dataset beside the source's own (baselines)."""
    vi = lang == "vi"
    out.write("\n" + ("Số liệu:" if vi else "Figures:") + "\n")
    headers = (["Số liệu", "Bộ dữ liệu", "Bình quân", "Nguồn báo cáo"] if vi else
               ["Figure", "Dataset", "Per", "The source reports"])
    rows = []
    for f in figures:
        d = describe_figure(f, lang)
        label = f["label"] if len(f["label"]) <= LABEL_WIDTH else f["label"][:LABEL_WIDTH - 1] + "…"
        rows.append([label, d["value"], d["per"], d["baseline"]])
        for r in f["rows"]:
            rows.append([f"   {r['year']} · {r['topic']}", str(r["value"]), "", ""])
    out.write(_rows_table(headers, rows) + "\n")
    for citation in dict.fromkeys(c for f in figures for c in (f["citation"], (f["baseline"] or {}).get("citation")) if c):
        out.write(f"   ({citation})\n")


WRITERS = {"json": write_json, "table": write_table, "csv": write_csv}


def render(assessment, fmt):
    buffer = io.StringIO()
    WRITERS[fmt](assessment, buffer)
    return buffer.getvalue()


@contextmanager
def whole_or_nothing(path):
    """Yields a temporary path beside ``path`` to write; it becomes ``path`` (with the usual rights, under
    the umask) only when the block ends without an error, and is removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        yield tmp
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path, content):
    """Write all of ``content`` or nothing."""
    with whole_or_nothing(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(content)
