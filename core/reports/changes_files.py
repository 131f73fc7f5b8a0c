"""``vnpolicy changes`` as an Excel workbook (the cost per policy, then a sheet of the people who change, a
row per person and policy with each result before and after and why) and as one self-contained HTML page
(the same two tables, everything escaped). Text from the data stays text (:mod:`vnpolicy.reports.safe`)."""

from .changes import SIDES, why
from .rows import human_date, provenance_rows, provenance_title
from .safe import html_text
from .sheets import DONG, Book, Sheet


def _words(lang):
    vi = lang == "vi"
    return {
        "costs": "Chi phí" if vi else "Cost",
        "people": "Người thay đổi" if vi else "People changing",
        "cost_head": ["Chính sách", "Tháng trước (đồng)", "Tháng này (đồng)", "Chênh lệch (đồng)", "Người thay đổi"]
        if vi
        else ["Policy", "Last month (VND)", "This month (VND)", "Difference (VND)", "People changing"],
        "total": "Tổng cộng" if vi else "Total",
        "person_head": (
            ["Mã", "Họ tên", "Đơn vị", "Chính sách", "Thay đổi người"]
            + [f"{c} ({'trước' if vi else 'before'})" for c in SIDES]
            + [f"{c} ({'sau' if vi else 'after'})" for c in SIDES]
            + ["Vì sao" if vi else "Why"]
        ),
        "title": "Thay đổi so với tháng trước" if vi else "Changes since last month",
    }


def _title(data, w):
    old, new = data["old"], data["new"]
    if data["mode"] == "dates":
        return f"{w['title']}: {old['dataset']}, {human_date(old['on'])} → {human_date(new['on'])}"
    return f"{w['title']}: {old['dataset']} → {new['dataset']}, {human_date(new['on'])}"


def _cost_rows(data, w):
    rows = [
        (p["policy"], p["before"]["monthly_vnd"], p["after"]["monthly_vnd"], p["cost"]["monthly_vnd"], p["people"])
        for p in data["policies"]
    ]
    t = data["total"]
    return rows + [(w["total"], t["before"]["monthly_vnd"], t["after"]["monthly_vnd"], t["cost"]["monthly_vnd"], None)]


def _person_rows(data, lang):
    for p in data["changes"]:
        yield [
            p["staff_id"],
            p["full_name"],
            p["unit_id"],
            p["policy"],
            p["status"],
            *(p["before"][c] for c in SIDES),
            *(p["after"][c] for c in SIDES),
            "; ".join(why(p, lang)),
        ]


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:,}" if isinstance(value, int) else value


def write_changes_xlsx(data, path, lang="vi"):
    """The workbook at ``path`` (a temporary file from :mod:`vnpolicy.reports.output`)."""
    w = _words(lang)
    book = Book(path)
    costs = Sheet(book, w["costs"], w["cost_head"], [28, 18, 18, 18, 14], above=[_title(data, w)])
    for row in _cost_rows(data, w):
        costs.append(row, (None, DONG, DONG, DONG))
    costs.close()
    head = w["person_head"]
    people = Sheet(book, w["people"], head, [8, 22, 16, 24, 12, *[14] * (2 * len(SIDES)), 60])
    money_at = head.index(f"{'amount_vnd'} ({'trước' if lang == 'vi' else 'before'})")
    formats = [None] * len(head)
    formats[money_at] = formats[money_at + len(SIDES)] = DONG
    for row in _person_rows(data, lang):
        people.append(row, formats)
    people.close()
    if data.get("provenance"):
        heads = ["Mục", "Nội dung"] if lang == "vi" else ["Item", "Value"]
        made = Sheet(book, provenance_title(lang), heads, [22, 120])
        for row in provenance_rows(data["provenance"], lang):
            made.append(row)
        made.close()
    book.close()


def changes_html(data, lang="vi"):
    """One page, no script and no network: the cost table and the people table, every text escaped."""
    w = _words(lang)

    def table(head, rows):
        out = ["<table><thead><tr>", *(f"<th>{html_text(h)}</th>" for h in head), "</tr></thead><tbody>"]
        for row in rows:
            cells = (html_text(_shown(v)) for v in row)
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return "".join(out) + "</tbody></table>"

    title = html_text(_title(data, w))
    style = "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body><h1>{title}</h1>"
        f"<h2>{html_text(w['costs'])}</h2>{table(w['cost_head'], _cost_rows(data, w))}"
        f"<h2>{html_text(w['people'])}</h2>{table(w['person_head'], _person_rows(data, lang))}"
        f"{_provenance_html(data, lang, table)}</body></html>\n"
    )


def _provenance_html(data, lang, table):
    if not data.get("provenance"):
        return ""
    heads = ["Mục", "Nội dung"] if lang == "vi" else ["Item", "Value"]
    return f"<h2>{html_text(provenance_title(lang))}</h2>{table(heads, provenance_rows(data['provenance'], lang))}"
