"""The comparison as one self-contained HTML page: no network, no external file. Charts are SVG drawn
here (they print, and need no script); the only script filters the per-person table as one types.
Printable on A4."""

from ..i18n import money, percent, word
from ..rules.results import describe_target
from .rows import (
    human_date,
    people_count,
    people_rows,
    provenance_rows,
    provenance_title,
    reform_note,
    reform_rows,
    summary_rows,
    when,
)
from .safe import html_text as esc

MAX_PEOPLE = 5000  # a page of more rows is not read; the Excel and CSV reports hold everyone
COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
CSS = """
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:24px;color:#222;font-size:14px}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #1f77b4;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#dde7f0}td.n{text-align:right;white-space:nowrap}
.note{color:#555}.chart{margin:8px 0}.legend span{display:inline-block;margin-right:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
#search{padding:6px;width:340px;font-size:14px}.met{color:#2ca02c;font-weight:bold}.unmet{color:#d62728;font-weight:bold}
@page{size:A4;margin:12mm}
@media print{body{margin:0;font-size:10px}#search,.noprint{display:none}tr,svg{page-break-inside:avoid}
h2{page-break-after:avoid}}
"""
SCRIPT = """
(function(){
  var box=document.getElementById('search'), rows=document.querySelectorAll('#people tbody tr'),
      count=document.getElementById('shown');
  function filter(){
    var q=box.value.trim().toLowerCase(), n=0;
    rows.forEach(function(r){var ok=!q||r.textContent.toLowerCase().indexOf(q)>=0;r.style.display=ok?'':'none';if(ok)n++;});
    count.textContent=n;
  }
  if(location.hash.indexOf('#q=')===0){box.value=decodeURIComponent(location.hash.slice(3));}
  box.addEventListener('input',filter); filter();
  document.body.setAttribute('data-ready','1');
})();
"""  # noqa: E501 (one line of script, as the page has always had it)


def write_html(report, out):
    lang = report["lang"]
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(word('cmp_title', lang))}</title><style>{CSS}</style></head><body>",
        (
            "<script>window.addEventListener('error',function(e){document.documentElement.setAttribute("
            "'data-errors',(document.documentElement.getAttribute('data-errors')||'')+e.message+';');});</script>"
        ),
        f"<h1>{esc(word('cmp_title', lang))}</h1>",
        f"<p>{esc(when(report))}</p>",
        f'<p class="note">{esc(word("cmp_as_if", lang))}</p>',
    ]
    parts += _summary(report)
    parts += _cost_charts(report)
    parts += _compliance_chart(report)
    parts += _differences(report)
    if report["reform"]:
        parts += _reform(report)
    parts += _targets(report)
    parts += _rules(report)
    parts += _people(report)
    if report.get("provenance"):
        heads = ["Mục", "Nội dung"] if lang == "vi" else ["Item", "Value"]
        parts += [f"<h2>{esc(provenance_title(lang))}</h2>", _table(heads, provenance_rows(report["provenance"], lang))]
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    out.write("\n".join(parts))


def _table(headers, rows, numeric=(), attrs=""):
    head = "".join(f"<th>{esc(x)}</th>" for x in headers)
    number = ' class="n"'
    body = "".join(
        "<tr>" + "".join(f"<td{number if i in numeric else ''}>{esc(c)}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(report):
    lang = report["lang"]
    names = [p["name"] for p in report["provinces"]]
    return [
        f"<h2>{esc(word('cmp_summary', lang))}</h2>",
        _table(["", *names], summary_rows(report), numeric=set(range(1, len(names) + 1))),
    ]


def bars(items, width=640, bar=22, label_width=180, fmt=str):
    """Horizontal stacked bars: items = [(label, [(value, colour, title)])]."""
    total = max((sum(v for v, _, _ in segs) for _, segs, *_ in items), default=0) or 1
    height = len(items) * (bar + 10) + 10
    scale = (width - label_width - 120) / total
    out = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, (label, segs, *end) in enumerate(items):
        y = 10 + i * (bar + 10)
        out.append(
            f'<text x="{label_width - 6}" y="{y + bar * 0.7}" text-anchor="end" font-size="12">{esc(label)}</text>'
        )
        x = label_width
        for value, colour, title in segs:
            w = value * scale
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{max(w, 0):.1f}" height="{bar}" '
                f'fill="{colour}"><title>{esc(title)}</title></rect>'
            )
            x += w
        shown = end[0] if end else fmt(sum(v for v, _, _ in segs))
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar * 0.7}" font-size="12">{esc(shown)}</text>')
    out.append("</svg>")
    return "".join(out)


def _cost_charts(report):
    lang = report["lang"]
    names = {p["code"]: p["name"] for p in report["provinces"]}
    costs = report["comparison"]["costs"]
    out = []
    for period, title in (
        ("month", "Chi trả mỗi tháng theo nhóm" if lang == "vi" else "Monthly cost by group"),
        ("once", "Hỗ trợ một lần theo nhóm" if lang == "vi" else "One-time support by group"),
    ):
        rows = [c for c in costs if c["amount_period"] == period]
        if not rows:
            continue
        keys = list(dict.fromkeys(f"{c['policy']} · {c['group_name']}" for c in rows))
        colour = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(keys)}
        items = []
        for code in names:
            segs = [
                (
                    c["amount_vnd"],
                    colour[f"{c['policy']} · {c['group_name']}"],
                    f"{c['policy']} · {c['group_name']}: {c['people']} {word('people', lang)}, "
                    f"{money(c['amount_vnd'], lang)}",
                )
                for c in rows
                if c["province"] == code
            ]
            items.append((names[code], segs))
        legend = "".join(f'<span><i style="background:{colour[k]}"></i>{esc(k)}</span>' for k in keys)
        out += [
            f"<h2>{esc(title)}</h2>",
            bars(items, fmt=lambda v: money(v, lang)),
            f'<div class="legend">{legend}</div>',
        ]
    return out


def _compliance_chart(report):
    lang = report["lang"]
    totals = [t for t in report["comparison"]["provinces"] if t["compliance_rate"] is not None]
    names = {p["code"]: p["name"] for p in report["provinces"]}
    if not totals:
        return []
    items = [
        (
            names[t["province"]],
            [
                (t["compliance_rate"], "#2ca02c", percent(t["compliance_rate"], lang)),
                (1 - t["compliance_rate"], "#f4b6b6", ""),
            ],
        )
        for t in totals
    ]
    title = "Tỉ lệ đáp ứng tiêu chuẩn" if lang == "vi" else "Compliance rate"
    return [
        f"<h2>{esc(title)}</h2>",
        bars(items, fmt=lambda v: ""),
        '<p class="note">'
        + esc(
            "; ".join(
                f"{names[t['province']]}: {percent(t['compliance_rate'], lang)} "
                f"({t['compliant']}/{t['compliant'] + t['non_compliant']})"
                for t in totals
            )
        )
        + "</p>",
    ]


def _differences(report):
    items = "".join(f"<li>{esc(d['text'])}</li>" for d in report["comparison"]["differences"])
    return [f"<h2>{esc(word('cmp_differences', report['lang']))}</h2>", f"<ul>{items}</ul>"]


def _reform(report):
    lang, r = report["lang"], report["reform"]
    names = {p["code"]: p["name"] for p in report["provinces"]}
    out = [
        f"<h2>{esc(word('cmp_reform', lang))}: {esc(r['title'])}</h2>",
        f'<p class="note">{esc(r["source"])}{(" — " + esc(r["citation"])) if r["citation"] else ""}'
        f"{(' — ' + ('từ' if lang == 'vi' else 'from') + ' ' + esc(human_date(r['from']))) if r['from'] else ''}</p>",
    ]
    if reform_note(report):
        out.append(f"<p><b>{esc(reform_note(report))}</b></p>")
    key = "period_vnd" if report["period"] else "monthly_vnd"
    items = []
    for b, a in zip(r["baseline"], r["provinces"]):
        items.append(
            (f"{names[b['province']]} · {word('cmp_baseline', lang)}", [(b[key], "#7f7f7f", money(b[key], lang))])
        )
        items.append(
            (f"{names[a['province']]} · {word('cmp_reformed', lang)}", [(a[key], "#ff7f0e", money(a[key], lang))])
        )
    out.append(bars(items, fmt=lambda v: money(v, lang)))
    out.append(
        _table(
            [
                word("cmp_province", lang),
                "",
                word("cmp_baseline", lang),
                word("cmp_reformed", lang),
                word("cmp_delta", lang),
            ],
            reform_rows(report),
            numeric={2, 3, 4},
        )
    )
    out.append(f"<h3>{esc(word('cmp_changes', lang))}</h3>")
    rows = [[c["staff_id"], c["full_name"], c["policy"], c["before"], c["after"]] for c in r["changes"]]
    out.append(
        _table(
            [
                word("col_id", lang),
                word("col_name", lang),
                word("col_policy", lang),
                word("cmp_baseline", lang),
                word("cmp_reformed", lang),
            ],
            rows,
        )
        if rows
        else f"<p>{esc(word('cmp_no_changes', lang))}</p>"
    )
    return out


def _targets(report):
    lang = report["lang"]
    names = {p["code"]: p["name"] for p in report["provinces"]}
    out = [f"<h2>{esc(word('cmp_targets', lang))}</h2>"]
    items, rows = [], []
    for t in report["targets"]:
        d = describe_target(t, lang)
        value = float(t["value"]) if t["value"] is not None else 0.0
        goal = float(t["target"]) or 1.0
        share = min(value / goal, 1.0)
        colour = "#2ca02c" if t["met"] else "#d62728" if t["met"] is False else "#7f7f7f"
        label = f"{names[t['province']]}: {t['label']}"
        label = label if len(label) <= 70 else label[:69] + "…"
        items.append((label, [(share, colour, d["value"]), (1 - share, "#e6e6e6", d["goal"])], d["status"]))
        rows.append([names[t["province"]], t["label"], d["value"], d["goal"], d["status"], d["missing"], t["citation"]])
    if not items:
        return []
    out.append(bars(items, width=1000, label_width=520, fmt=lambda v: ""))
    out.append(
        _table(
            [
                word("cmp_province", lang),
                word("cmp_targets", lang),
                word("col_value", lang),
                word("col_goal", lang),
                word("col_result", lang),
                word("col_missing", lang),
                word("col_citation", lang),
            ],
            rows,
        )
    )
    return out


def _rules(report):
    lang = report["lang"]
    provinces = report["provinces"]
    rows = []
    for row in report["comparison"]["rules"]:
        cells = []
        for p in provinces:
            entries = row["cells"].get(p["code"], [])
            cells.append(
                "".join(
                    f'<div><b>{esc(c["label"])}</b>: {esc(c["text"])}<br><small class="note">'
                    f"{esc(c['citation'])}</small></div>"
                    for c in entries
                )
                or "—"
            )
        rows.append(f"<tr><th>{esc(row['label'])}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{esc(p['name'])}</th>" for p in provinces)
    return [
        f"<h2>{esc(word('cmp_rules', lang))}</h2>",
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
    ]


def _people(report):
    lang = report["lang"]
    shown = list(people_rows(report, MAX_PEOPLE))
    total = people_count(report)
    names = [p["name"] for p in report["provinces"]]
    placeholder = "Tìm theo mã, tên, chính sách, lý do…" if lang == "vi" else "Search by id, name, policy, reason…"
    note = (
        f'<p class="note">{"Hiển thị" if lang == "vi" else "Showing"} {len(shown)}/{total}; '
        f"{'xem báo cáo Excel hoặc CSV để có đủ' if lang == 'vi' else 'the Excel or CSV report has everyone'}</p>"
        if total > len(shown)
        else ""
    )
    return [
        f"<h2>{esc(word('cmp_people', lang))}</h2>",
        f'<p class="noprint"><input id="search" type="search" placeholder="{esc(placeholder)}"> '
        f'<span id="shown">{len(shown)}</span>/{len(shown)}</p>',
        note,
        _table([word("col_id", lang), word("col_name", lang), *names], shown, attrs=' id="people"'),
    ]
