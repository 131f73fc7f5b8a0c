"""The lists of :mod:`vnpolicy.reports.payments` as files: Excel (a sheet per policy, the people not paid
on a sheet of their own, a "Nguồn" sheet; whole đồng with a đồng format, text always text, frozen header,
A4 print setup, the same bytes for the same input), HTML (one page, nothing from the network, A4 with a
page break between policies, everything escaped) and Markdown (tables escaped)."""

import polars as pl

from .paylists import SUBTOTAL, TOTAL, table_rows
from .payments import words
from .safe import html_text, md_text
from .sheetrows import Rows
from .sheets import DONG, Book, put


class SheetNames:
    """A unique sheet name (at most 31 characters, none of ``[]:*?/\\``) for each text, in the order asked."""

    def __init__(self):
        self.used = set()

    def __call__(self, text):
        base = "".join("-" if c in "[]:*?/\\" else c for c in text)[:31]
        candidate, n = base, 2
        while candidate.lower() in self.used:
            suffix = f" ({n})"
            candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.used.add(candidate.lower())
        return candidate


def _cell(ws, row, col, value, money=False, bold=False, header=False):
    """A cell at ``row``, ``col`` (from 1, as the sheet shows them), written by :func:`sheets.put`."""
    number = DONG if money and isinstance(value, int) else None
    put(ws, row - 1, col - 1, value, ws.book.format(number, bold=bold, header=header))


def _table(ws, row, table, freeze=False):
    _cell(ws, row, 1, table["title"], bold=True)
    row += 1
    for col, header in enumerate(table["headers"], 1):
        _cell(ws, row, col, header, header=True)
    if freeze:
        ws.freeze_panes(row, 0)
    if isinstance(table["rows"], pl.DataFrame):
        return _rows(ws, row, table)
    for values, kind in table_rows(table):
        row += 1
        for col, value in enumerate(values, 1):
            _cell(ws, row, col, value, money=col - 1 in table.get("money", ()), bold=kind in (SUBTOTAL, TOTAL))
    return row + 2


def _rows(ws, row, table):
    """A list of people (a frame, its last column the row's kind) below its header at ``row`` (from 1): its
    rows written column by column when the book closes (:mod:`vnpolicy.reports.sheetrows`), a subtotal's in
    bold; the total, last, a cell at a time after them. Returns the row after the table and a blank one, as
    :func:`_table`."""
    frame, money = table["rows"], table.get("money", ())
    total = frame.row(-1) if frame.height and frame["kind"][-1] == TOTAL else None
    frame = frame.head(frame.height - (total is not None))
    cells = frame.columns[:-1]
    book = ws.book
    formats = book.numbered([book.format(DONG) if i in money else None for i in range(len(cells))])
    bold = book.numbered([book.format(DONG if i in money else None, bold=True) for i in range(len(cells))])
    marked = frame.select(*cells, pl.col("kind").is_in([SUBTOTAL, TOTAL]).fill_null(False).alias("__bold"))
    rows = Rows(ws.name, row, marked, formats, "__bold", bold)
    rows.make_now(book.rows_file())  # the section's lists are let go as it is written (payments.Once)
    book.tables.append(rows)
    row += frame.height
    if total is not None:
        row += 1
        for col, value in enumerate(total[:-1], 1):
            _cell(ws, row, col, value, money=col - 1 in money, bold=True)
    return row + 2


def _print_setup(ws, widths):
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)


WIDTHS = (8, 28, 12, 26, 12, 26, 18, 60)


def write_xlsx(report, path):
    w = words(report["lang"])
    book = Book(path, constant_memory=True)  # every sheet written top to bottom
    try:
        _write_book(book, report, w)
    except BaseException:
        book.discard()
        raise


def _write_book(book, report, w):
    name = SheetNames()  # each section's, then its asides', then the source's
    for s in report["sections"]:
        ws = _sheet(book, name(s["id"]))
        row = 1
        if s["signatures"]:
            _cell(ws, 1, 1, w["issuer"], bold=True)
            _cell(ws, 1, 5, w["nation"], bold=True)
            _cell(ws, 2, 5, w["motto"], bold=True)
            row = 4
        for line in s["head"]:
            _cell(ws, row, 1, line, bold=row <= 4 or line == s["head"][0])
            row += 1
        row += 1
        for i, table in enumerate(s["tables"]):
            row = _table(ws, row, table, freeze=i == 0)
        if s["signatures"]:
            _cell(ws, row, 5, w["sign_place"])
            for col, signer in zip((1, 4, 6), w["signers"]):  # a row after another: see Book(constant_memory)
                _cell(ws, row + 1, col, signer, bold=True)
            for col in (1, 4, 6)[: len(w["signers"])]:
                _cell(ws, row + 2, col, w["sign"])
        _print_setup(ws, WIDTHS)
        for table in s["aside"]:
            aside = _sheet(book, name(f"{s['id']} {table['title']}"))
            _cell(aside, 1, 1, s["head"][0], bold=True)
            _table(aside, 3, table, freeze=True)
            _print_setup(aside, WIDTHS)
    ws = _sheet(book, name(w["source"]))
    _table(ws, 1, report["source"], freeze=True)
    _print_setup(ws, (40, 100))
    book.close()


def _sheet(book, name):
    ws = book.wb.add_worksheet(name)
    ws.book = book  # the formats, made once for the book
    return ws


CSS = """@page{size:A4;margin:12mm}
body{font-family:"Times New Roman",serif;font-size:11pt;margin:0 auto;max-width:1100px;color:#000}
section{break-before:page;page-break-before:always}section:first-of-type{break-before:auto;page-break-before:auto}
.top{display:flex;justify-content:space-between;text-align:center;font-weight:bold}
h1{font-size:13pt;text-align:center}h2{font-size:12pt}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}
th,td{border:1px solid #444;padding:3px 5px;vertical-align:top}
th{background:#dde7f0}td.n{text-align:right;white-space:nowrap}tr.sum td{font-weight:bold}
thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}
.sign{display:flex;justify-content:space-between;text-align:center;margin-top:16px}.sign p{margin:0}
.place{text-align:right;font-style:italic}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
svg.chart{max-width:100%;height:auto}"""


def _money(value, lang):
    if not isinstance(value, int):
        return html_text(value)
    digits = f"{value:,}"
    return digits.replace(",", ".") if lang == "vi" else digits


def _html_table(table, lang):
    """The table's HTML, a part at a time (a row each)."""
    money = table.get("money", ())
    yield f"<h2>{html_text(table['title'])}</h2><table><thead><tr>"
    yield "".join(f"<th>{html_text(h)}</th>" for h in table["headers"])
    yield "</tr></thead><tbody>"
    for values, kind in table_rows(table):
        row = ['<tr class="sum">' if kind else "<tr>"]
        for col, value in enumerate(values):
            numeric = col in money or isinstance(value, int)
            shown = _money(value, lang) if col in money else html_text(value)
            row.append(f'<td class="n">{shown}</td>' if numeric else f"<td>{shown}</td>")
        row.append("</tr>")
        yield "".join(row)
    yield "</tbody></table>"


def _chart(chart, lang):
    """The money of a payment list per unit, each group a colour, named in words in the legend."""
    if not chart or not chart["units"]:
        return []
    from .webpage import COLOURS, bars

    colour = {g: COLOURS[i % len(COLOURS)] for i, g in enumerate(chart["groups"])}
    items = [
        (unit, [(v, colour[g], f"{g}: {_money(v, lang)}") for g, v in groups], _money(sum(v for _, v in groups), lang))
        for unit, groups in chart["units"]
    ]
    legend = "".join(f'<span><i style="background:{colour[g]}"></i>{html_text(g)}</span>' for g in chart["groups"])
    return [
        f"<h2>{html_text(chart['title'])}</h2>",
        bars(items, width=900, label_width=360),
        f'<p class="legend">{legend}</p>',
    ]


def write_html_page(report, out):
    """The payment lists as one web page, written into ``out`` a part at a time (a table row each)."""
    lang = report["lang"]
    w = words(lang)
    write = out.write
    write(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{html_text(w['title'])}</title><style>{CSS}</style></head><body>"
    )
    for s in report["sections"]:
        write(f'<section id="{html_text(s["id"])}">')
        if s["signatures"]:
            write(
                f'<div class="top"><div>{html_text(w["issuer"])}</div>'
                f"<div>{html_text(w['nation'])}<br>{html_text(w['motto'])}</div></div>"
            )
        write(f"<h1>{html_text(s['head'][0])}</h1>")
        write("".join(f"<p>{html_text(line)}</p>" for line in s["head"][1:]))
        for t in s["tables"][:1]:
            _parts(out, _html_table(t, lang))
        write("".join(_chart(s.get("chart"), lang)))
        for t in (*s["tables"][1:], *s["aside"]):
            _parts(out, _html_table(t, lang))
        if s["signatures"]:
            write(f'<p class="place">{html_text(w["sign_place"])}</p><div class="sign">')
            write(
                "".join(
                    f"<div><p><b>{html_text(x)}</b></p><p><i>{html_text(w['sign'])}</i></p></div>" for x in w["signers"]
                )
            )
            write("</div>")
        write("</section>")
    write("<section>")
    _parts(out, _html_table(report["source"], lang))
    write("</section></body></html>\n")


def _parts(out, parts, at_once=1 << 20):
    """Write ``parts`` into ``out`` a megabyte or so at a time (a write per table row would be slow)."""
    buffer, size = [], 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= at_once:
            out.write("".join(buffer))
            buffer, size = [], 0
    out.write("".join(buffer))


def _md_table(table, lang):
    """The table in Markdown, a line at a time."""
    money = table.get("money", ())
    yield f"### {md_text(table['title'])}\n\n"
    yield "| " + " | ".join(md_text(h) for h in table["headers"]) + " |\n"
    yield "|" + "---|" * len(table["headers"]) + "\n"
    for values, kind in table_rows(table):
        cells = [_money(v, lang) if i in money and isinstance(v, int) else md_text(v) for i, v in enumerate(values)]
        if kind:
            cells = [f"**{c}**" if c else c for c in cells]
        yield "| " + " | ".join(cells) + " |\n"


def write_markdown(report, out):
    """The payment lists in Markdown, written into ``out`` a part at a time (a table line each)."""
    lang = report["lang"]
    w = words(lang)
    write = out.write
    for s in report["sections"]:
        if s["signatures"]:
            write(f"{md_text(w['issuer'])}  \n**{md_text(w['nation'])}**  \n**{md_text(w['motto'])}**\n\n")
        write(f"## {md_text(s['head'][0])}\n\n")
        write("".join(f"{md_text(line)}  \n" for line in s["head"][1:]))
        write("\n")
        for t in (*s["tables"], *s["aside"]):
            _parts(out, _md_table(t, lang))
            write("\n")
        if s["signatures"]:
            write(f"*{md_text(w['sign_place'])}*\n\n")
            write("| " + " | ".join(f"**{md_text(x)}**" for x in w["signers"]) + " |\n")
            write("|---|---|---|\n")
            write("| " + " | ".join(md_text(w["sign"]) for _ in w["signers"]) + " |\n\n")
    write("## " + md_text(w["source"]) + "\n\n")
    _parts(out, _md_table(report["source"], lang))
