"""A plain document — sections of headings, paragraphs, facts and nested lists, whose text is spans (strings and
``{text, mark}``), as ``vnpolicy.authoring.model`` describes it — written as one self-contained HTML page
(printable on A4, no script, no network: a Content-Security-Policy forbids any fetch), Markdown, or text for the
terminal. Every text comes from a policy file and goes through :mod:`.safe`: none is ever live markup.

The writer knows nothing of policies: only the document's dicts and strings (``vnpolicy render``)."""

import io

from ..i18n import word
from .safe import html_text, line_text, md_text

CSS = """
@page{size:A4;margin:16mm 14mm}
body{font-family:"Noto Serif","DejaVu Serif","Liberation Serif",serif;font-size:14px;line-height:1.45;color:#111;
max-width:920px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;border-bottom:2px solid #345;padding-bottom:3px;margin:26px 0 8px}
h3{font-size:15px;margin:18px 0 4px}p{margin:4px 0}.lead{color:#444}
table.facts{border-collapse:collapse;width:100%}table.facts th{text-align:left;vertical-align:top;width:24%;
padding:3px 10px 3px 0;font-weight:600}table.facts td{padding:3px 0;vertical-align:top}
ul{margin:4px 0 10px;padding-left:22px}li{margin:4px 0}.note{color:#444;font-size:92%}
.cite{color:#555;font-size:88%;font-style:italic}
.ref{font-family:"DejaVu Sans Mono",monospace;font-size:78%;color:#777;margin-left:6px;font-weight:normal}
mark.unknown{background:#ffe27a;border-bottom:1px solid #a87900;padding:0 2px;color:#111}
.unchecked{border-bottom:1px dashed #777}.reading{background:#e3edff;padding:0 2px}
strong.chosen{background:#d8f0d8;padding:0 2px}code{font-family:"DejaVu Sans Mono",monospace;font-size:90%;
background:#f0f0f0;padding:0 2px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt}h2,h3{break-after:avoid}
li,tr{break-inside:avoid}}
"""
# no script, no fetch of any kind: styles are inline, the page is one file
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
SIGNS = {"unknown": "⚠ ", "chosen": "✓ "}


def esc(value):
    """HTML text: escaped, and without control characters (a terminal's escape sequence is no text either)."""
    return html_text(line_text(value))


def document_text(document, fmt):
    """The document as ``html``, ``md`` or ``table`` (text for the terminal)."""
    out = io.StringIO()
    {"html": write_html, "md": write_markdown}.get(fmt, write_text)(document, out)
    return out.getvalue()


# --- HTML ---------------------------------------------------------------------------------------------------


def write_html(document, out):
    lang = document["lang"]
    parts = [
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(document['title'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(document['title'])}</h1>",
        f'<p class="lead">{_html_spans(document["lead"])}</p>',
    ]
    for section in document["sections"]:
        parts.append(f"<section><h2>{esc(section['title'])}</h2>")
        parts += [_html_block(block, lang) for block in section["blocks"]]
        parts.append("</section>")
    parts.append("</body></html>\n")
    out.write("\n".join(parts))


def _html_spans(spans):
    out = []
    for span in spans:
        if isinstance(span, str):
            out.append(esc(span))
            continue
        text, kind = esc(SIGNS.get(span["mark"], "") + span["text"]), span["mark"]
        out.append(
            f'<mark class="unknown">{text}</mark>'
            if kind == "unknown"
            else f"<code>{text}</code>"
            if kind == "code"
            else f'<strong class="{esc(kind)}">{text}</strong>'
            if kind in ("chosen", "strong")
            else f'<span class="{esc(kind)}">{text}</span>'
        )
    return "".join(out)


def _html_cite(cite, lang, tag="div"):
    return f'<{tag} class="cite">{esc(word("col_citation", lang))}: {esc(cite)}</{tag}>' if cite else ""


def _html_ref(ref):
    return f' <span class="ref">{esc(ref)}</span>' if ref else ""


def _html_block(block, lang):
    kind = block["kind"]
    if kind == "heading":
        return f"<h3>{_html_spans(block['text'])}{_html_ref(block['ref'])}</h3>{_html_cite(block['cite'], lang, 'p')}"
    if kind == "p":
        style = f' class="{esc(block["style"])}"' if block.get("style") else ""
        return f"<p{style}>{_html_spans(block['text'])}</p>"
    if kind == "facts":
        rows = "".join(f"<tr><th>{esc(label)}</th><td>{_html_spans(value)}</td></tr>" for label, value in block["rows"])
        return f'<table class="facts">{rows}</table>'
    return _html_list(block["items"], lang)


def _html_list(items, lang):
    if not items:
        return ""
    out = []
    for it in items:
        notes = "".join(f'<div class="note">{_html_spans(n)}</div>' for n in it["notes"])
        inner = _html_list(it["items"], lang)
        out.append(
            f"<li>{_html_spans(it['text'])}{_html_ref(it['ref'])}{notes}{_html_cite(it['cite'], lang)}{inner}</li>"
        )
    return f"<ul>{''.join(out)}</ul>"


# --- Markdown -----------------------------------------------------------------------------------------------


def write_markdown(document, out):
    lang = document["lang"]
    lines = [f"# {md_text(document['title'])}", "", _md_spans(document["lead"]), ""]
    for section in document["sections"]:
        lines += [f"## {md_text(section['title'])}", ""]
        for block in section["blocks"]:
            lines += _md_block(block, lang) + [""]
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _md_spans(spans):
    out = []
    for span in spans:
        if isinstance(span, str):
            out.append(md_text(span))
            continue
        text, kind = line_text(span["text"]), span["mark"]
        lead, body, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()) :]
        if not body:
            out.append(md_text(text))
        elif kind == "code" and "`" not in body:
            out.append(f"{lead}`{body}`{trail}")
        elif kind in ("unknown", "chosen", "strong"):
            out.append(f"{lead}**{SIGNS.get(kind, '')}{md_text(body)}**{trail}")
        else:
            out.append(f"{lead}*{md_text(body)}*{trail}")
    return "".join(out)


def _md_ref(ref):
    return f" `{line_text(ref)}`" if ref and "`" not in ref else (f" ({md_text(ref)})" if ref else "")


def _md_block(block, lang):
    kind = block["kind"]
    if kind == "heading":
        lines = [f"### {_md_spans(block['text'])}{_md_ref(block['ref'])}"]
        return lines + ([f"*{md_text(word('col_citation', lang))}: {md_text(block['cite'])}*"] if block["cite"] else [])
    if kind == "p":
        return [_md_spans(block["text"])]
    if kind == "facts":
        return [f"- **{md_text(label)}:** {_md_spans(value)}" for label, value in block["rows"]]
    return _md_list(block["items"], lang, 0)


def _md_list(items, lang, depth):
    pad, lines = "  " * depth, []
    for it in items:
        lines.append(f"{pad}- {_md_spans(it['text'])}{_md_ref(it['ref'])}")
        lines += [f"{pad}  - {_md_spans(n)}" for n in it["notes"]]
        if it["cite"]:
            lines.append(f"{pad}  - *{md_text(word('col_citation', lang))}: {md_text(it['cite'])}*")
        lines += _md_list(it["items"], lang, depth + 1)
    return lines


# --- text for the terminal ----------------------------------------------------------------------------------


def write_text(document, out):
    lang = document["lang"]
    title = line_text(document["title"])
    lines = [title, "=" * len(title), _text_spans(document["lead"]), ""]
    for section in document["sections"]:
        name = line_text(section["title"])
        lines += [name, "-" * len(name)]
        for block in section["blocks"]:
            lines += _text_block(block, lang)
        lines.append("")
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _text_spans(spans):
    return "".join(
        line_text(s) if isinstance(s, str) else SIGNS.get(s["mark"], "") + line_text(s["text"]) for s in spans
    )


def _text_ref(ref):
    return f" [{line_text(ref)}]" if ref else ""


def _text_block(block, lang):
    kind = block["kind"]
    cite = word("col_citation", lang)
    if kind == "heading":
        head = [f"▸ {_text_spans(block['text'])}{_text_ref(block['ref'])}"]
        return [""] + head + ([f"  {cite}: {line_text(block['cite'])}"] if block["cite"] else [])
    if kind == "p":
        return [_text_spans(block["text"])]
    if kind == "facts":
        return [f"{line_text(label)}: {_text_spans(value)}" for label, value in block["rows"]]
    return _text_list(block["items"], cite, 0)


def _text_list(items, cite, depth):
    pad, lines = "  " * depth, []
    for it in items:
        lines.append(f"{pad}- {_text_spans(it['text'])}{_text_ref(it['ref'])}")
        lines += [f"{pad}    · {_text_spans(n)}" for n in it["notes"]]
        if it["cite"]:
            lines.append(f"{pad}    {cite}: {line_text(it['cite'])}")
        lines += _text_list(it["items"], cite, depth + 1)
    return lines
