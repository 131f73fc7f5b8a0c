"""The coverage of ``vnpolicy test --coverage`` as a terminal table, in Vietnamese or English: per policy and
kind of item the sides covered, in all and as a percentage, with every item missing named under its kind."""

from ..i18n import percent
from .coverage import below, fraction

KIND_NAMES = {
    "rule": ("quy tắc (có ca)", "rules (exercised)"),
    "tier": ("hàng của bảng nhóm (có người vào)", "tier rows (reached)"),
    "condition": ("điều kiện (đạt, không đạt)", "conditions (met, not met)"),
    "exclusion": ("loại trừ (không bị, bị loại)", "exclusions (not excluded, excluded)"),
    "cap": ("số tối đa (trong, vượt)", "caps (within, over)"),
    "unchecked": ("mục không kiểm tra được (hiện ra)", "items not checkable (shown)"),
    "coverage": ("đơn vị phải có người (đủ, thiếu)", "units that must have staff (have, lack)"),
    "flag": ("người cần xem (có người)", "flags (raised)"),
    "target": ("mục tiêu (đạt, chưa đạt)", "targets (met, not met)"),
    "milestone": ("mốc của mục tiêu (đạt, chưa đạt)", "milestones (met, not met)"),
    "figure": ("số liệu (có số liệu)", "figures (with data)"),
    "reading": ("phương án cách hiểu (có ca dùng)", "reading alternatives (used)"),
}
# what a missing side means, by kind: (side true, side false) or the one side "seen"
MET = (("chưa có ca đạt", "no case where it is met"), ("chưa có ca không đạt", "no case where it is not met"))
REACHED = (("chưa có ca đạt", "no case where it is met"), ("chưa có ca chưa đạt", "no case where it is not met"))
LACKS = {
    "condition": MET,
    "exclusion": (
        ("chưa có ca không bị loại trừ", "no case not excluded"),
        ("chưa có ca bị loại trừ", "no case excluded"),
    ),
    "cap": (("chưa có ca trong số tối đa", "no case within the cap"), ("chưa có ca vượt số tối đa", "no case over it")),
    "coverage": (("chưa có đơn vị đủ", "no unit that has all"), ("chưa có đơn vị thiếu", "no unit lacking")),
    "target": REACHED,
    "milestone": REACHED,
    "rule": ("chưa có ca nào", "no case exercises it"),
    "tier": ("chưa có ai vào hàng này", "nobody reaches this row"),
    "unchecked": ("chưa hiện trong kết quả nào", "never shown in a result"),
    "flag": ("chưa nêu ai", "never raised"),
    "figure": ("chưa có ca có số liệu", "never computed with data"),
    "reading": ("chưa có ca nào dùng", "no case uses it"),
}
SIDE_WORDS = {True: ("đạt", "passed"), False: ("không đạt", "failed"), "seen": ("có", "seen")}


def _say(pair, lang):
    return pair[0] if lang == "vi" else pair[1]


def lacks_text(kind, side, lang):
    said = LACKS[kind]
    if side == "seen":
        return _say(said, lang)
    return _say(said[0] if side is True else said[1], lang)


def coverage_text(report, lang="vi", fail_under=None):
    """The table, then what is below ``fail_under`` (a percentage) if anything is."""
    vi = lang == "vi"
    out = [
        "Độ phủ của các ca kiểm thử (mỗi chiều của một mục là một phần)"
        if vi
        else "What the test cases cover (each side of an item is one part)"
    ]
    width = max(len(_say(n, lang)) for n in KIND_NAMES.values())
    head = ("Chính sách / loại", "Đã có", "Tổng", "%") if vi else ("Policy / kind", "Covered", "Total", "%")
    out.append(f"{head[0]:<{width + 4}} {head[1]:>7} {head[2]:>7} {head[3]:>7}")
    for p in report["policies"]:
        said = [f"{p['cases']} ca" if vi else f"{p['cases']} cases"] + ([p["draft"]] if p["draft"] else [])
        out.append(f"{p['policy']} ({'; '.join(said)})")
        for kind, entry in p["kinds"].items():
            out.append(_row("  " + _say(KIND_NAMES[kind], lang), entry, width, lang))
            for m in entry["missing"]:
                said = "; ".join(lacks_text(kind, s, lang) for s in m["lacks"])
                out.append(f"      {'thiếu' if vi else 'missing'}: {m['id']} ({said})")
            for u in entry["unreachable"]:
                side = _say(SIDE_WORDS[u["side"]], lang)
                label = "không thể có ca" if vi else "no case can show"
                out.append(f"      {label}: {u['id']} ({side}) — {u['why']}")
        out.append(_row("  " + ("cả chính sách" if vi else "whole policy"), p, width, lang))
    out.append(_row("Tổng" if vi else "Total", report, width, lang))
    if report["untested"]:
        label = "chính sách đã cài không có ca nào" if vi else "installed policies no case tests"
        out.append(f"{label}: {', '.join(report['untested'])}")
    for line in report["problems"]:
        out.append(("chú ý: " if vi else "note: ") + line)
    if fail_under is not None:
        for name in below(report, fail_under):
            what = name or ("tổng" if vi else "the total")
            out.append(f"độ phủ dưới {fail_under:g}%: {what}" if vi else f"coverage below {fail_under:g}%: {what}")
    return "\n".join(out) + "\n"


def _row(label, entry, width, lang):
    shown = percent(fraction(entry), lang)
    return f"{label:<{width + 4}} {entry['covered']:>7} {entry['total']:>7} {shown:>7}"
