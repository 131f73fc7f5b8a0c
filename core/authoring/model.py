"""The plain document a rendered policy is: what :mod:`.render` builds and a writer (``vnpolicy.reports.document``)
turns into HTML, Markdown or text. Only dicts, lists and strings; no markup.

- document: ``{lang, title, id, lead: spans, sections: [section]}``
- section: ``{title, blocks: [block]}``
- block: ``{kind: "heading", text: spans, ref, cite}``, ``{kind: "p", text: spans, style}`` (style ``note`` or
  None), ``{kind: "facts", rows: [[label, spans]]}``, ``{kind: "list", items: [item]}``
- item: ``{text: spans, notes: [spans], cite, ref, items: [item]}``
- spans: a list of strings and ``{text, mark}``; marks: ``unknown`` (a value the source does not give, or only
  assumed: highlighted), ``unchecked`` (what the data cannot show), ``chosen`` (a reading's chosen alternative),
  ``reading`` (an interpretation), ``code`` (as written in the file), ``strong``."""

MARKS = ("unknown", "unchecked", "chosen", "reading", "code", "strong")


def spans(value):
    if value is None:
        return []
    return [value] if isinstance(value, (str, dict)) else list(value)


def mark(text, kind):
    return {"text": text, "mark": kind}


def item(text, cite=None, notes=(), items=(), ref=None):
    return {
        "text": spans(text),
        "notes": [spans(n) for n in notes if any(spans(n))],
        "cite": cite or None,
        "ref": ref,
        "items": list(items),
    }


def para(text, style=None):
    return {"kind": "p", "text": spans(text), "style": style}


def heading(text, ref=None, cite=None):
    return {"kind": "heading", "text": spans(text), "ref": ref, "cite": cite or None}


def facts(rows):
    return {"kind": "facts", "rows": [[label, spans(value)] for label, value in rows if value]}


def bullets(items):
    return {"kind": "list", "items": list(items)}


def section(title, blocks):
    return {"title": title, "blocks": [b for b in blocks if b]}


def say(lang, pairs, key, **values):
    """``pairs[key]`` (vi, en) in ``lang``, filled with ``values`` (none: as it is, for :func:`.words.fill`)."""
    vi, en = pairs[key]
    said = en if lang == "en" else vi
    return said.format(**values) if values else said
